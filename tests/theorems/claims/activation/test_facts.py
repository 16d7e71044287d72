"""The App. C facts of 004 (theorems/claims/activation/facts_*.py): exact values against independent references,
and each fact claim through the engine at quick scale."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.probability import exact_laws
from theorems.claims.activation import (
    facts_anticoncentration,
    facts_gaussian,
    facts_matrices,
    facts_sums,
)
from theorems.verdict import REFUTED, VERDICTS

from ...evidence_numbers import finite_numbers
from ..quick_run import run_quick

# ---- the App. C facts: exact values against independent references --------------------------------------

def test_fact_values_match_independent_references():
    import mpmath
    from scipy import stats
    v = facts_gaussian.c1_values(0.3 * 2.0, 2.0)
    assert v["lhs"] == pytest.approx(2 * stats.norm.sf(0.3), rel=1e-13)
    v = facts_gaussian.c1_values(0.2 * 2.0, 2.0, 0.7 * 2.0)
    assert v["P_complement"] == pytest.approx(stats.norm.cdf(0.9) - stats.norm.cdf(0.5), rel=1e-13)
    n, p, t = 20, 0.3, 0.12                      # Hoeffding, iid Bernoulli: the binomial law
    ref = sum(stats.binom.pmf(k, n, p) for k in range(n + 1) if abs(k / n - p) >= t)
    assert facts_sums.c3_values("two-point", t, ps=[p] * n, widths=[1] * n)["lhs"] == pytest.approx(ref, rel=1e-12)
    a = 0.3                                      # two uniforms: P(|U1 + U2 - 1| >= a) = (1 - a)^2
    assert facts_sums.c3_values("uniform", a / 2, n=2)["lhs"] == pytest.approx((1 - a) ** 2, rel=1e-14)
    v = facts_sums.c4_values([0.375] * 30, 0.25)          # iid, dyadic p: K < 0.75 * 11.25 = 8.4375, K > 14.0625
    assert v["P_low"] == pytest.approx(stats.binom.cdf(8, 30, 0.375), rel=1e-12)
    assert v["P_high"] == pytest.approx(stats.binom.sf(14, 30, 0.375), rel=1e-12)
    v = facts_gaussian.c5_values(7, 2.0, 1.5)
    thr = 2.0 * math.sqrt(math.log(7 * 1.5))
    assert v["lhs"] == pytest.approx((1 - 2 * stats.norm.sf(thr / 1.5)) ** 7, rel=1e-12)
    v = facts_gaussian.c6_values(10, 2.0)
    assert v["P_upper"] == pytest.approx(stats.chi2.sf(10 + 2 * math.sqrt(20) + 4, 10), rel=1e-10)
    assert v["P_lower"] == pytest.approx(stats.chi2.cdf(10 - 2 * math.sqrt(20), 10), rel=1e-10)
    p2, _ = exact_laws.gaussian_product_window(2, 0.0, 0.01)       # P(|x1 x2| <= eps) = (2/pi) int_0^eps K_0
    assert p2 == pytest.approx(float(2 / mpmath.pi * mpmath.quad(lambda z: mpmath.besselk(0, z), [0, 0.01])), rel=1e-9)
    Q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 6)))
    v = facts_matrices.c9_values(2.5 * Q[:, :4])              # orthogonal equal-norm columns: lhs = sigma_min / sqrt(m)
    assert v["sigma_min"] == pytest.approx(2.5, rel=1e-13) and v["lhs"] == pytest.approx(2.5 / 2, rel=1e-13)
    eps = np.finfo(float).eps
    # eigenvalue 5 on the boundary of D(1, 4): the excess is zero up to the eigensolver's backward error,
    # a few n eps ||A|| (any BLAS kernel), not a fixed constant
    assert abs(facts_matrices.c10_values(np.ones((5, 5)))["max_excess"]) <= 4 * 5 * eps * 5
    v = facts_matrices.c11_values(np.diag([3.0, 1.0, -2.0]), np.diag([2.0, 0.0, -1.0]))
    assert abs(v["min_margin"]) <= 4 * 3 * eps * (3 + 2) and v["holds"]   # equality: lambda_1(A+B) = 3 + 2


@pytest.mark.parametrize("eps", [0.1, 0.01])
def test_fact_c8_spread_quadratic_against_independent_laws(eps):
    """K = 2: Q_2 = x_1 x_2 exactly (c_2 = 1, t_2 = -1/2), so the chi-square route must equal the product law's
    quadrature (exact_laws.gaussian_product_window); large K: the limit (S^2 - 1)/sqrt 2 at its minimum gives
    P(S^2 <= sqrt2 eps) = erf((eps/sqrt2)^(1/2))."""
    p, err, t = facts_anticoncentration.spread_quadratic_window(eps, 2)
    ref, _ = exact_laws.gaussian_product_window(2, -0.5, eps)
    assert t == -0.5 and p == pytest.approx(ref, rel=1e-8)
    p, _, _ = facts_anticoncentration.spread_quadratic_window(eps, math.ceil(100 / eps ** 2))
    assert p == pytest.approx(math.erf(math.sqrt(eps / math.sqrt(2))), rel=3e-2)


def test_fact_c4_sum_form_against_the_binomial_law():
    """fact-C.4/sum: Chernoff's exponent t^2 E(S)/2 (E(S) = n p), against scipy's binomial law."""
    from scipy import stats
    v = facts_sums.c4_values([0.5] * 40, 0.5, sum_form=True)     # S < 10, S > 30; E S = 20
    assert v["P_low"] == pytest.approx(stats.binom.cdf(9, 40, 0.5), rel=1e-12)
    assert v["bound_low"] == pytest.approx(math.exp(-0.25 * 20 / 2), rel=1e-14)
    assert v["bound_high"] == pytest.approx(math.exp(-0.25 * 20 / 2.5), rel=1e-14)
    assert v["holds"]
    printed = facts_sums.c4_values([0.5] * 40, 0.5)              # E(x̄) = 1/2 in the exponent: n times weaker
    assert printed["bound_low"] == pytest.approx(math.exp(-0.25 * 0.5 / 2), rel=1e-14)


def test_fact_c5_corrected_must_hold_for_every_joint_law():
    """fact-C.5/corrected: besides the independent law, the union bound n P(|x_1| > thr) (every joint law)."""
    from scipy import stats
    v = facts_gaussian.c5_values(10, 2.0, 3.0, corrected=True)
    thr = 2.0 * math.sqrt(math.log(10))                          # k sqrt(log n), in units of sigma
    assert 1 - v["any_dependence_lower"] == pytest.approx(10 * 2 * stats.norm.sf(thr), rel=1e-12)
    assert v["any_dependence_holds"] and v["holds"]
    printed = facts_gaussian.c5_values(2, 3.0, 0.52)             # the printed threshold fails for independent x_i
    assert not printed["holds"] and printed["certain"]


# ---- the App. C facts through the engine ---------------------------------------------------------------

_FACT_CLAIMS = facts_gaussian.CLAIMS + facts_sums.CLAIMS + facts_anticoncentration.CLAIMS + facts_matrices.CLAIMS


@pytest.mark.parametrize("claim", _FACT_CLAIMS, ids=lambda c: c.id)
def test_fact_claims_run_at_quick_scale(claim, tmp_path):
    v, store = run_quick(claim, tmp_path, 7)
    assert v.verdict in VERDICTS and v.reason
    recs = store.records(claim.id)
    assert len(recs) == len(claim.points("quick")) * claim.reps("quick")
    assert finite_numbers([r["values"] for r in recs]) and finite_numbers(v.evidence)
    if v.verdict == REFUTED:
        assert finite_numbers(v.counterexample["values"])
