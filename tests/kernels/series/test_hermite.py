"""kernels.series.hermite (float64 Hermite coefficients) against independent references.

References: scipy.integrate.quad of the defining integral E[f(z) He_k(z)/sqrt(k!)] with scipy's
eval_hermitenorm, exact He-basis conversions of monomials, Parseval's identity for the step function.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import integrate
from scipy import stats as sps
from scipy.special import eval_hermitenorm

from kernels.series import hermite


def test_step_coefficients_vs_quad():
    kmax = 15
    c = hermite.step_coefficients(kmax)
    for k in range(kmax + 1):
        norm = math.sqrt(math.factorial(k))
        ref = integrate.quad(lambda z: eval_hermitenorm(k, z) / norm * sps.norm.pdf(z), 0, np.inf,
                             epsabs=1e-14, epsrel=1e-13, limit=200)[0]
        assert abs(c[k] - ref) < 1e-12, (k, c[k], ref)


def test_step_coefficients_parseval():
    """sum_k cbar_k^2 -> E[1(z>0)] = 1/2; the tail decays like k^{-1/2}, never overshooting."""
    c = hermite.step_coefficients(4000)
    s = np.cumsum(c * c)
    assert np.all(s <= 0.5 + 1e-15)
    assert 0.5 - s[-1] < 0.5 / math.sqrt(2 * math.pi) * 2 / math.sqrt(4000)   # sum_{k>K} ~ C K^{-1/2}
    assert 0.5 - s[-1] > 0


def test_coefficients_of_monomials_exact():
    # z^3 = He_3 + 3 He_1  ->  cbar_1 = 3, cbar_3 = sqrt(3!)
    c3 = hermite.coefficients(lambda z: z ** 3, 6)
    assert np.allclose(c3, [0, 3, 0, math.sqrt(6), 0, 0, 0], atol=1e-13, rtol=0)
    # z^4 = He_4 + 6 He_2 + 3  ->  cbar_0 = 3, cbar_2 = 6 sqrt(2), cbar_4 = sqrt(4!)
    c4 = hermite.coefficients(lambda z: z ** 4, 6)
    assert np.allclose(c4, [3, 0, 6 * math.sqrt(2), 0, math.sqrt(24), 0, 0], atol=1e-12, rtol=0)
    assert np.allclose(hermite.polynomial_coefficients([0, 0, 0, 1], 4), [0, 3, 0, math.sqrt(6), 0], atol=1e-14, rtol=0)
    assert np.allclose(hermite.polynomial_coefficients([0, 0, 0, 0, 1]), [3, 0, 6 * math.sqrt(2), 0, math.sqrt(24)],
                       atol=1e-13, rtol=0)


def test_tanh_prime_coefficients_two_methods():
    f = lambda z: 1.0 / np.cosh(z) ** 2  # noqa: E731
    a = hermite.coefficients(f, 200)
    b = hermite.coefficients_split(f, 200, 0.0)
    # ~1e-12: the split Gauss-Legendre rule carries a ~1.2e-12 relative error
    # (its bound: test_split_hermite_infinite_gram_within_its_error_bound in tests/kernels/gmatrix/test_infinite.py)
    assert np.max(np.abs(a - b)) < 3e-12
    # odd coefficients of an even function vanish; c0 = E[sech^2 z] by quad
    assert np.max(np.abs(a[1::2])) < 1e-14
    ref0 = integrate.quad(lambda z: f(z) * sps.norm.pdf(z), -40, 40, epsabs=1e-14, epsrel=1e-13)[0]
    assert abs(a[0] - ref0) < 1e-14


def test_orthonormal_hermite_gauss_orthonormality_and_values():
    z, w = hermite.gauss_hermite_e(60)
    assert abs(w.sum() - 1) < 1e-14
    H = hermite.orthonormal_hermite(40, z)
    assert np.allclose(H @ np.diag(w) @ H.T, np.eye(41), atol=1e-12, rtol=0)
    pts = np.linspace(-3, 3, 13)
    Hp = hermite.orthonormal_hermite(20, pts)
    for k in range(21):
        assert np.allclose(Hp[k], eval_hermitenorm(k, pts) / math.sqrt(math.factorial(k)), rtol=1e-12, atol=1e-12)
