"""Claim 7.6 of 001 (Sec. 7.4.1): a lower bound on a Gaussian ReLU expectation, and its fuzz property.

Printed: g_1, g_2 ~ N(0, 2), α ∈ R, δ ∈ [0, 1/6]: E[(φ(g_1) - φ(α g_1 + δ g_2))²] >= δ²(1 - δ).
Read as: the inequality at every δ of a grid over [0, 1/6], minimized over α ∈ R (dense grid + local
refinement of the arc-cosine closed form, the minimum re-evaluated by an independent mpmath quadrature:
kernels.nets.relu_gaussian.relu_pair_minimum). The proof's easy case uses P(g_1 > 1) >= 0.3, recorded with
the true value.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from kernels.nets.relu_gaussian import relu_pair_expectation, relu_pair_minimum

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate
from . import SOURCE

P_G1_GT_1 = float(sps.norm.sf(1.0 / math.sqrt(2.0)))          # P(N(0,2) > 1), the proof claims >= 0.3


def measure(p, rng, be):
    delta = p["delta"]
    rhs = delta * delta * (1.0 - delta)
    mn = relu_pair_minimum(delta)
    slack = mn.expectation - rhs
    err = mn.quad_error + 1e-25
    tails = mn.tail_minimum - rhs
    return {"alpha_star": mn.alpha, "min_expectation": mn.expectation, "rhs": rhs, "slack": slack,
            "slack_over_delta3": slack / delta ** 3 if delta > 0 else None, "quad_error": err,
            "closed_form_at_alpha_star": relu_pair_expectation(mn.alpha, delta),
            "tail_slack": tails, "holds": bool(slack >= -err and tails >= 0), "certain": bool(slack < -10 * err),
            "proof_P_g1_gt_1": P_G1_GT_1, "proof_easy_case_bound": P_G1_GT_1 * 0.5 * (1 / 4) ** 2,
            "explain": f"δ={delta:g}: min over α of E = {mn.expectation:.6g} at α = {mn.alpha:.6g} vs δ²(1-δ) = {rhs:.6g}"}


CLAIM_76 = Claim(
    id="overparam/claim-7.6", source=f"{SOURCE} Sec. 7.4.1, Claim 7.6",
    statement="g_1, g_2 ~ N(0, 2), α ∈ R, δ ∈ [0, 1/6]: E[(φ(g_1) - φ(α g_1 + δ g_2))²] >= δ²(1 - δ)",
    kind="bound", check=Predicate(summary_keys=("alpha_star", "min_expectation", "rhs", "slack", "slack_over_delta3")),
    grid={"quick": [{"delta": d} for d in [0.0, 0.01, 0.05, 0.1, 0.15, 1 / 6]],
          "full": [{"delta": d} for d in np.round(np.linspace(0, 1 / 6, 21), 12).tolist()[:-1] + [1 / 6]]},
    measure=measure,
    notes="minimum over α by the arc-cosine closed form on a dense grid in [-4, 5] plus bounded refinement "
          "(E grows like α² outside), re-evaluated at the minimizer by mpmath quadrature (polar coordinates). "
          "The proof's easy case uses P(g_1 > 1) >= 0.3 and bound 0.03; in fact P = 0.2398 and "
          "0.2398 * 1/2 * (1/4)² = 0.0075 < δ²(1-δ) = 0.0231 at δ = 1/6: the statement survives, that step does not",
    reading=Reading(
        hypotheses="g_1, g_2 ~ N(0, 2) independent, α ∈ R arbitrary, δ ∈ [0, 1/6].",
        chosen="for every δ in the range the inequality must hold at every α, so min over α ∈ R of the expectation "
               "is compared with δ²(1-δ); N(0, 2) has variance 2 (001's notation, e.g. N(0, 2/m) for the weights).",
        alternatives="N(0, 2) as standard deviation 2 multiplies the expectation by 2 and the inequality holds a "
                     "fortiori; no variant needed. The fuzz property tries arbitrary (α, δ) pairs.",
        edges="δ = 0 (equality: the minimum 0 at α = 1) and δ = 1/6 (the largest allowed), α over all of R (grid on "
              "[-4, 5] plus refinement; outside E grows like α²).",
        regime="exact, no asymptotics: 6 values of δ quick, 21 full, each minimum re-evaluated by mpmath "
               "quadrature; a false statement shows as a negative slack beyond the quadrature error."),
)

CLAIMS = [CLAIM_76]


@property_for("overparam/claim-7.6", expect="holds", args=lambda st, S: {
    "alpha": S.finite_floats(-20.0, 20.0), "delta": S.finite_floats(0.0, 1.0 / 6.0)},
    examples=({"alpha": 1.0, "delta": 1.0 / 6.0}, {"alpha": 0.0, "delta": 0.0}))
def claim_76_at_any_alpha(alpha, delta):
    """001 Claim 7.6: g1, g2 ~ N(0, 2), alpha in R, delta in [0, 1/6]:
    E[(phi(g1) - phi(alpha g1 + delta g2))^2] >= delta^2 (1 - delta). The expectation comes from the
    arc-cosine closed form (kernels.nets.relu_gaussian, checked against mpmath quadrature in
    tests/kernels/nets/test_relu_gaussian.py)."""
    lhs = relu_pair_expectation(alpha, delta)
    rhs = delta * delta * (1 - delta)
    floor = 64 * np.finfo(float).eps * (1 + alpha * alpha)
    return lhs >= rhs - floor, lhs - rhs, {
        "alpha": alpha, "delta": delta, "lhs": lhs, "rhs": rhs,
        "explain": f"alpha={alpha!r}, delta={delta!r}: E = {lhs!r} < delta^2(1-delta) = {rhs!r}"}
