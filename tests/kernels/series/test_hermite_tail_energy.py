"""kernels.series.hermite_mp.memoized_coefficients / norm2_reference / tail_energy and
kernels.series.hermite.step_coefficients_by_quadrature against independent computations."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest

from kernels.series import hermite, hermite_mp


def test_norm2_reference_agrees_with_norm2():
    v, e = hermite_mp.norm2_reference("tanh", 30)
    w, _ = hermite_mp.norm2("tanh", 1, 30)
    assert abs(v - w) < 1e-25 and e < 1e-20
    assert hermite_mp.norm2_reference("tanh", 30) is hermite_mp.norm2_reference("tanh", 30)


def test_tail_energy_is_the_norm_minus_the_head():
    c = hermite_mp.memoized_coefficients("tanh", 60, 30)
    assert hermite_mp.memoized_coefficients("tanh", 60, 30) is c
    nv, ne = hermite_mp.norm2_reference("tanh", 30)
    beyond = hermite_mp.tail_energy(c, 60, nv, ne, 30).value         # sum_{k>60} c̄_k^2
    for p in (4, 16):
        te = hermite_mp.tail_energy(c, p, nv, ne, 30)
        direct = mpmath.fsum(v * v for v in c.values[p + 1:])       # sum_{p<k<=60} c̄_k^2, summed directly
        assert te.resolved and te.value > direct > 0
        assert abs(te.value - beyond - direct) <= 1e-25
        lit = hermite_mp.tail_energy(c, p, nv, ne, 30, keep_constant=True)
        assert abs(lit.value - te.value - c.values[0] ** 2) < 1e-30


def test_step_coefficients_by_quadrature_match_the_closed_form():
    quad = hermite.step_coefficients_by_quadrature(31, nodes_per_side=1500)
    assert np.allclose(quad, hermite.step_coefficients(31), rtol=0, atol=1e-11)     # float64 quadrature
    assert quad[0] == pytest.approx(0.5, abs=1e-11)
