"""kernels.symbolic.gaussian_density / gaussian_inner_product against known moments and Hermite orthogonality."""
from __future__ import annotations

import sympy as sp

from kernels import symbolic

x = sp.Symbol("x", real=True)


def test_density_integrates_to_one_and_gives_the_variance():
    for sigma in (sp.Integer(1), 1 / sp.sqrt(2), sp.Integer(3)):
        assert sp.simplify(sp.integrate(symbolic.gaussian_density(x, sigma), (x, -sp.oo, sp.oo))) == 1
        assert symbolic.gaussian_inner_product(x, x, x, sigma) == sp.simplify(sigma ** 2)


def test_probabilists_hermite_polynomials_are_orthogonal():
    He2, He3 = x ** 2 - 1, x ** 3 - 3 * x
    assert symbolic.gaussian_inner_product(He2, He3, x, sp.Integer(1)) == 0
    assert symbolic.gaussian_inner_product(He2, He2, x, sp.Integer(1)) == 2        # 2!
    assert symbolic.gaussian_inner_product(He3, He3, x, sp.Integer(1)) == 6        # 3!
