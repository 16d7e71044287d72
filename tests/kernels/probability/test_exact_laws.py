"""kernels.probability.exact_laws against independent references (scipy.stats laws, closed forms, mpmath quadrature)."""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
from scipy import stats

from kernels.errors import InputError
from kernels.probability import exact_laws as ep


def test_gaussian_laws_match_scipy():
    with mpmath.workdps(30):
        q = ep.gaussian_window(0.4, 2.0, 1.4)                 # P(|v - 1.4| < 0.4), v ~ N(0, 4)
        assert float(q) == pytest.approx(stats.norm.cdf(0.9) - stats.norm.cdf(0.5), rel=1e-13)
        assert float(ep.normal_abs_cdf(mpmath.mpf("1.3"))) == pytest.approx(1 - 2 * stats.norm.sf(1.3), rel=1e-13)
        assert float(ep.normal_abs_sf(mpmath.mpf(9))) == pytest.approx(2 * stats.norm.sf(9.0), rel=1e-12)
        fail, one = ep.gaussian_max_exceedance(mpmath.mpf(7), mpmath.mpf(2.5), mpmath.mpf(1.5))
        p1 = 2 * stats.norm.sf(2.5 / 1.5)
        assert float(one) == pytest.approx(p1, rel=1e-12)
        assert float(fail) == pytest.approx(1 - (1 - p1) ** 7, rel=1e-12)
        assert float(ep.chi2_sf(mpmath.mpf(10), mpmath.mpf(17))) == pytest.approx(stats.chi2.sf(17, 10), rel=1e-10)
        assert float(ep.chi2_cdf(mpmath.mpf(3), mpmath.mpf(0.5))) == pytest.approx(stats.chi2.cdf(0.5, 3), rel=1e-10)


def test_bernoulli_sum_law_is_the_binomial_law_for_equal_p():
    num, E = ep.bernoulli_sum_law([0.375] * 12, [1] * 12)
    assert sum(num) == 2 ** E
    for k, c in enumerate(num):
        assert c / 2 ** E == pytest.approx(stats.binom.pmf(k, 12, 0.375), rel=1e-12, abs=1e-300)
    num, E = ep.bernoulli_sum_law([0.5, 0.25], [2, 3])    # S in {0, 2, 3, 5}
    assert [Fraction(c, 2 ** E) for c in num] == [Fraction(3, 8), 0, Fraction(3, 8), Fraction(1, 8), 0, Fraction(1, 8)]


def test_irwin_hall_and_mean_deviations():
    assert ep.irwin_hall_cdf(Fraction(1, 2), 2) == Fraction(1, 8)          # P(U1 + U2 <= 1/2) = (1/2)^2 / 2
    assert ep.irwin_hall_cdf(Fraction(3, 2), 3) == Fraction(1, 2)          # symmetry
    a = 0.3                                                                 # P(|U1 + U2 - 1| >= a) = (1 - a)^2
    assert float(ep.uniform_mean_deviation(2, 1.0, a / 2, 30)) == pytest.approx((1 - a) ** 2, rel=1e-14)
    n, p, t = 20, 0.3, 0.12
    ref = sum(stats.binom.pmf(k, n, p) for k in range(n + 1) if abs(k / n - p) >= t)
    assert float(ep.two_point_mean_deviation([p] * n, [1] * n, 1.0, t, 30)) == pytest.approx(ref, rel=1e-12)
    low, high, E, mu = ep.poisson_binomial_tail_counts([0.375] * 30, 0.25)
    assert mu == Fraction(45, 4)
    assert low / 2 ** E == pytest.approx(stats.binom.cdf(8, 30, 0.375), rel=1e-12)
    assert high / 2 ** E == pytest.approx(stats.binom.sf(14, 30, 0.375), rel=1e-12)


def test_gaussian_product_window():
    p1, _ = ep.gaussian_product_window(1, 0.5, 0.1)
    assert p1 == pytest.approx(stats.norm.cdf(0.6) - stats.norm.cdf(0.4), rel=1e-14)
    p2, err = ep.gaussian_product_window(2, 0.0, 0.01)    # P(|x1 x2| <= eps) = (2/pi) int_0^eps K_0
    ref = float(2 / mpmath.pi * mpmath.quad(lambda z: mpmath.besselk(0, z), [0, 0.01]))
    assert p2 == pytest.approx(ref, rel=1e-9) and err < 1e-9
    p3, _ = ep.gaussian_product_window(3, 0.5, 1e-3)
    assert 0 < p3 < 1e-2 and math.isfinite(p3)
    with pytest.raises(InputError) as exc:
        ep.gaussian_product_window(4, 0.0, 0.1)
    assert exc.value.parameter == "d"
