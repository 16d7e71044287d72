"""kernels.stats against scipy: Clopper-Pearson by scipy.stats.binomtest, power-law fits by np.polyfit
and a Student-t interval rebuilt here; coverage checked over 200 seeded trials."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from kernels import stats


@pytest.mark.parametrize("k,n", [(0, 10), (3, 10), (10, 10), (17, 40), (1, 1), (250, 1000)])
def test_clopper_pearson_vs_scipy(k, n):
    ci = stats.clopper_pearson(k, n)
    ref = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    assert abs(ci.lo - ref.low) < 1e-10 and abs(ci.hi - ref.high) < 1e-10
    assert ci.estimate == k / n


def test_fit_power_law_recovers_exponent_and_covers():
    x = np.logspace(0, 2, 8)
    rng = np.random.default_rng(25)
    trials, covered, slopes = 200, 0, []
    for _ in range(trials):
        Y = 3 * x ** -1.5 * np.exp(0.2 * rng.standard_normal((5, x.size)))
        fit = stats.fit_power_law(x, Y)
        covered += fit.lo <= -1.5 <= fit.hi
        slopes.append(fit.slope)
    assert 0.85 <= covered / trials <= 0.99
    assert abs(np.mean(slopes) + 1.5) < 0.01
    # the interval itself, rebuilt with np.polyfit per seed and a Student-t over the 5 seeds
    per_seed = np.array([np.polyfit(np.log(x), np.log(row), 1)[0] for row in Y])
    half = sps.t.ppf(0.975, 4) * per_seed.std(ddof=1) / math.sqrt(5)
    assert abs(fit.slope - per_seed.mean()) < 1e-12
    assert abs(fit.lo - (per_seed.mean() - half)) < 1e-12 and abs(fit.hi - (per_seed.mean() + half)) < 1e-12
    exact = stats.fit_power_law(x, 3 * x ** -1.5)   # noiseless single repetition
    assert abs(exact.slope + 1.5) < 1e-12 and abs(exact.intercept - math.log(3)) < 1e-12
