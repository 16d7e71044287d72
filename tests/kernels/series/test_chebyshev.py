"""kernels.series.chebyshev against independent references.

References: e^x has c_0 = I_0(1), c_k = 2 I_k(1) on [-1, 1] (modified Bessel; Mason & Handscomb 2002,
Sec. 5.2), all positive, so sup |e^x - S_p| = sum_{k>p} 2 I_k(1) (attained at x = 1); the Runge function
1/(1 + 25 x^2) has poles +-i/5, Bernstein rho = (1 + sqrt 26)/5; x^3 = (3/4) T_1 + (1/4) T_3, whose best
degree-2 approximation error is exactly 1/4 (equioscillation of T_3 / 4).
"""
from __future__ import annotations

import math

import mpmath
import pytest

from kernels.errors import InputError
from kernels.series import chebyshev as ch


def _bessel_coeffs(kmax: int, scale=1):
    with mpmath.workdps(40):
        return [scale * (mpmath.besseli(0, 1) if k == 0 else 2 * mpmath.besseli(k, 1)) for k in range(kmax + 1)]


def test_exp_coefficients_match_bessel():
    s = ch.coefficients(mpmath.exp, -1, 1, dps=30)
    assert s.happy and 15 <= s.degree <= 30
    ref = _bessel_coeffs(s.degree)
    assert max(abs(c - r) for c, r in zip(s.coeffs, ref)) < 1e-28


def test_mapped_interval_coefficients():
    # e^x on [0, 2]: x = 1 + t, so e^x = e * e^t and c_k = e * (2) I_k(1)
    s = ch.coefficients(mpmath.exp, 0, 2, dps=30)
    ref = _bessel_coeffs(s.degree, scale=mpmath.e)
    assert max(abs(c - r) for c, r in zip(s.coeffs, ref)) < 1e-27
    with mpmath.workdps(30):
        assert abs(s(mpmath.mpf("0.3")) - mpmath.exp(mpmath.mpf("0.3"))) < 1e-27


@pytest.mark.parametrize("eps", [1e-3, 1e-8, 1e-12])
def test_degree_for_exp_matches_exact_tails(eps):
    ref = _bessel_coeffs(60)
    with mpmath.workdps(40):
        tails = [float(mpmath.fsum(ref[p + 1:])) for p in range(40)]      # exact sup |e^x - S_p|
    expected = next(p for p in range(40) if tails[p] <= eps)
    res = ch.degree_for(mpmath.exp, -1, 1, eps)
    assert res.degree == expected == res.degree_grid
    assert res.error == pytest.approx(tails[expected], rel=1e-9)          # x = 1 is a grid point
    assert res.error_upper >= tails[expected]
    assert res.error_below > eps                                           # degree - 1 certainly fails
    assert res.errors.lower[expected - 1] <= tails[expected - 1] <= res.errors.upper[expected - 1]


def test_runge_rate_matches_bernstein():
    rho = ch.bernstein_rate([0.2j, -0.2j])
    assert rho == pytest.approx((1 + math.sqrt(26)) / 5, rel=1e-14)
    s = ch.coefficients(lambda x: 1 / (1 + 25 * x * x), -1, 1, dps=30)
    fit = ch.geometric_rate(s)
    assert fit.plateau and fit.points > 50
    # the CI covers log rho up to the bias of the last kept coefficients (within 1e3 of the 1e-30 noise)
    assert fit.lo - 1e-6 <= math.log(rho) <= fit.hi + 1e-6
    assert fit.rho == pytest.approx(rho, rel=1e-6)


def test_bernstein_rate_mapping_and_real_singularity():
    assert ch.bernstein_rate(2j) == pytest.approx(2 + math.sqrt(5), rel=1e-14)
    assert ch.bernstein_rate(1 + 2j, 0, 2) == pytest.approx(2 + math.sqrt(5), rel=1e-14)
    assert ch.bernstein_rate(-2.0) == pytest.approx(2 + math.sqrt(3), rel=1e-14)
    assert ch.bernstein_rate([3.0, 0.5j, 2j]) == ch.bernstein_rate(0.5j)


def test_geometric_rate_of_plain_geometric_sequence():
    c = [0.5 ** k for k in range(60)] + [1e-17 * (-1) ** k for k in range(40)]
    fit = ch.geometric_rate(c)
    assert fit.plateau and fit.k_last < 60
    assert fit.rate == pytest.approx(math.log(2), rel=1e-6)


def test_standard_chop():
    c = [10.0 ** (-k / 2) for k in range(40)] + [1e-18 * (1 + 0.1 * (k % 3)) for k in range(60)]
    cut = ch.standard_chop(c, 1e-16)
    assert 28 <= cut <= 38                          # the coefficients reach 1e-16 at k = 32
    assert ch.standard_chop(c[:10]) == 10           # too short to judge: keep all
    assert ch.standard_chop([1.0] + [0.0] * 30) == 1
    assert ch.standard_chop([1.0 / (k + 1) for k in range(100)]) == 100   # no plateau


def test_vallee_poussin_on_x_cubed():
    # S_2 x^3 = S_1 x^3 = (3/4) x; the error T_3 / 4 equioscillates: E_2(x^3) = 1/4 exactly
    s = ch.coefficients(lambda x: x ** 3, -1, 1, dps=30)
    te = ch.truncation_errors(s)
    assert te.at(2)["grid"] == pytest.approx(0.25, rel=1e-12)
    lb = te.best_lower_bound(2)
    # the 65-point grid misses the interior extrema of T_3 by < pi/128: a valid bound, within 2e-3 of E_2
    assert 0.25 * (1 - 2e-3) <= lb["lower_bound"] <= 0.25 and lb["alternation_points"] == 4
    assert ch.degree_for(lambda x: x ** 3, -1, 1, 0.3, series=s).degree == 1
    assert ch.vallee_poussin_bound([1.0, -1.0, 1.0], 2) == (0.0, [])      # too few alternations


def test_kink_series_is_unhappy_but_usable():
    s = ch.coefficients(lambda x: abs(x) ** 3, -1, 1, dps=20, max_degree=256)
    assert not s.happy and s.degree == 256
    te = ch.truncation_errors(s, oversample=4)
    assert te.at(8)["grid"] > te.at(32)["grid"] > te.at(128)["grid"]


@pytest.mark.parametrize("call, parameter", [
    (lambda: ch.coefficients(mpmath.exp, 1, 0), "b"),
    (lambda: ch.coefficients(mpmath.exp, -1, float("inf")), "a/b"),
    (lambda: ch.coefficients(mpmath.exp, dps=10), "dps"),
    (lambda: ch.coefficients(mpmath.exp, tol=0.0), "tol"),
    (lambda: ch.coefficients(mpmath.exp, max_degree=8), "max_degree"),
    (lambda: ch.coefficients("exp"), "f"),
    (lambda: ch.coefficients(lambda x: mpmath.sqrt(x), -1, 1), "f"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, 0.0), "eps"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, -1e-3), "eps"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, 1e-40, dps=20), "eps"),
    (lambda: ch.bernstein_rate(0.5), "singularity"),
    (lambda: ch.bernstein_rate(2j, 1, 1), "b"),
    (lambda: ch.geometric_rate([1.0, 0.5]), "coeffs"),
    (lambda: ch.standard_chop([1.0] * 20, tol=2.0), "tol"),
    (lambda: ch.truncation_errors("not a series"), "series"),
])
def test_bad_inputs_name_the_parameter(call, parameter):
    with pytest.raises(InputError) as exc:
        call()
    assert exc.value.parameter == parameter
