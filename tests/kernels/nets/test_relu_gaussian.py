"""Tests of kernels.nets.relu_gaussian against independent references: mpmath quadrature and seeded Monte
Carlo for the Claim 7.6 expectation, direct sums and sampling for the χ² mixture of Fact 7.2, Monte Carlo of
one wide ReLU layer for the arc-cosine angle map, a brute-force grid for the minimum over α.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from kernels.errors import InputError
from kernels.nets import relu_gaussian as rg


@pytest.mark.parametrize("alpha,delta", [(1.0, 0.1), (0.5, 1 / 6), (-1.0, 0.1), (1.2, 0.05), (3.0, 1 / 6),
                                         (0.0, 0.1), (1.0, 0.0), (-0.3, 0.0), (0.9, 1e-4)])
def test_claim76_closed_form_matches_mpmath_quadrature(alpha, delta):
    val, err = rg.relu_pair_expectation_mp(alpha, delta, dps=30)
    assert float(err) < 1e-20
    assert rg.relu_pair_expectation(alpha, delta) == pytest.approx(float(val), rel=1e-13, abs=1e-16)


def test_claim76_closed_form_matches_monte_carlo():
    rng = np.random.default_rng(14)
    g1, g2 = math.sqrt(2) * rng.standard_normal((2, 2_000_000))
    for alpha, delta in [(1.0, 0.1), (-1.0, 0.1), (0.7, 1 / 6)]:
        x = (np.maximum(g1, 0) - np.maximum(alpha * g1 + delta * g2, 0)) ** 2
        se = x.std() / math.sqrt(x.size)
        assert abs(x.mean() - rg.relu_pair_expectation(alpha, delta)) < 5 * se


def test_chi_square_mixture_cdf_against_direct_sums():
    t = np.array([0.0, 0.3, 1.0, 4.0, 30.0])
    assert rg.chi2_binomial_mixture_cdf(t, 1) == pytest.approx(0.5 + 0.5 * sps.chi2.cdf(t, 1), abs=1e-15)
    m = 6
    ref = sum(math.comb(m, w) / 2 ** m * (1.0 if w == 0 else sps.chi2.cdf(t, w)) for w in range(m + 1))
    assert rg.chi2_binomial_mixture_cdf(t, m) == pytest.approx(ref, abs=1e-14)
    rng = np.random.default_rng(15)
    w = rng.binomial(m, 0.5, size=200_000)
    samples = rng.chisquare(np.maximum(w, 1)) * (w > 0)
    assert sps.kstest(np.where(samples > 0, rg.chi2_binomial_mixture_cdf(samples, m),
                               rng.uniform(size=samples.size) * 0.5 ** m), "uniform").pvalue > 1e-3


def test_arccos_angle_recursion_matches_the_arc_cosine_kernel():
    """One ReLU layer at infinite width maps the angle θ to arccos((sin θ + (π-θ) cos θ)/π) (Cho & Saul)."""
    rng = np.random.default_rng(16)
    theta = 0.4
    x, y = np.array([1.0, 0.0]), np.array([math.cos(theta), math.sin(theta)])
    W = rng.standard_normal((400_000, 2))
    hx, hy = np.maximum(W @ x, 0), np.maximum(W @ y, 0)
    cos_mc = hx @ hy / math.sqrt((hx @ hx) * (hy @ hy))
    assert math.acos(cos_mc) == pytest.approx(rg.relu_angle_map(theta), abs=2e-3)


def test_relu_angle_after_composes_the_map():
    theta = 0.3
    assert rg.relu_angle_after(theta, 0) == theta
    assert rg.relu_angle_after(theta, 3) == rg.relu_angle_map(rg.relu_angle_map(rg.relu_angle_map(theta)))
    assert rg.relu_angle_after(theta, 3) < theta             # ReLU layers bring inputs closer


@pytest.mark.parametrize("delta", [0.0, 0.05, 1 / 6])
def test_relu_pair_minimum_against_a_fine_grid(delta):
    mn = rg.relu_pair_minimum(delta)
    grid = np.linspace(-6.0, 6.0, 240001)              # step 5e-5: E is within ~1e-9 of its minimum there
    brute = min(rg.relu_pair_expectation(a, delta) for a in grid)
    assert brute - 1e-8 <= mn.expectation <= brute + 1e-15
    assert rg.relu_pair_expectation(mn.alpha, delta) == pytest.approx(mn.expectation, rel=1e-12, abs=1e-15)
    assert mn.quad_error < 1e-20
    assert mn.tail_minimum == min(rg.relu_pair_expectation(a, delta) for a in (-50.0, -10.0, 10.0, 50.0))


def test_relu_pair_references_are_the_quadratures():
    ref = rg.relu_pair_references(0.7, 0.1, (-0.5, 1.2))
    assert ref.expectation == float(rg.relu_pair_expectation_mp(0.7, 0.1)[0])
    for g1 in (-0.5, 1.2):
        assert ref.conditional[g1] == float(rg.relu_pair_conditional_mp(g1, 0.7, 0.1)[0])
    assert 0 <= ref.error < 1e-15


def test_relu_pair_conditional_matches_monte_carlo():
    rng = np.random.default_rng(18)
    g2 = math.sqrt(2) * rng.standard_normal(1_000_000)
    for g1, a, d in [(0.4, 1.0, 0.1), (-1.3, 1.2, 0.3)]:
        x = (max(g1, 0.0) - np.maximum(a * g1 + d * g2, 0)) ** 2
        assert abs(x.mean() - float(rg.relu_pair_conditional_mp(g1, a, d)[0])) < 5 * x.std() / math.sqrt(x.size) + 1e-15


def test_masked_gaussian_test_accepts_the_law_and_rejects_the_cancelling_offset():
    ok = rg.masked_gaussian_test(8, 6, 4000, "random", np.random.default_rng(19))
    assert min(ok.p_mixture, ok.p_zero_fraction, ok.p_folded_normal) > 1e-4
    assert ok.mean_T == pytest.approx(4.0, rel=0.05)                  # E χ²_ω = E ω = m/2
    bad = rg.masked_gaussian_test(8, 6, 4000, "cancel", np.random.default_rng(19))
    assert bad.zero_fraction == 0.0 and bad.h_plus_q_norm == 0.0       # h + q = 0: every indicator is 1
    assert bad.p_zero_fraction < 1e-9
    with pytest.raises(InputError, match="offset"):
        rg.masked_gaussian_test(8, 6, 10, "other", np.random.default_rng(0))
