"""Fuzz properties of the overparam claims (theorems.fuzz.engine), pending their move into the claim modules
they check."""
from __future__ import annotations

import numpy as np

from ...fuzz.engine import property_for


@property_for("overparam/claim-7.6", expect="holds", args=lambda st, S: {
    "alpha": S.finite_floats(-20.0, 20.0), "delta": S.finite_floats(0.0, 1.0 / 6.0)},
    examples=({"alpha": 1.0, "delta": 1.0 / 6.0}, {"alpha": 0.0, "delta": 0.0}))
def _claim_76(alpha, delta):
    """001 Claim 7.6: g1, g2 ~ N(0, 2), alpha in R, delta in [0, 1/6]:
    E[(phi(g1) - phi(alpha g1 + delta g2))^2] >= delta^2 (1 - delta). The expectation comes from the
    arc-cosine closed form (kernels.deep_relu, checked against mpmath quadrature in tests/test_overparam.py)."""
    from kernels.nets.deep_relu import relu_pair_expectation  # noqa: PLC0415
    lhs = relu_pair_expectation(alpha, delta)
    rhs = delta * delta * (1 - delta)
    floor = 64 * np.finfo(float).eps * (1 + alpha * alpha)
    return lhs >= rhs - floor, lhs - rhs, {
        "alpha": alpha, "delta": delta, "lhs": lhs, "rhs": rhs,
        "explain": f"alpha={alpha!r}, delta={delta!r}: E = {lhs!r} < delta^2(1-delta) = {rhs!r}"}
