"""Fuzz properties of the confusion claims (theorems.fuzz.engine), pending their move into the claim modules
they check."""
from __future__ import annotations

from ...fuzz.engine import property_for


def _from_values(v: dict, slack_key: str = "margin") -> tuple[bool, float, dict]:
    """(holds, slack, details) from a claim module's measurement dict (holds False only when certain)."""
    if not v.get("applies", True):
        return True, 1.0, v
    holds = bool(v["holds"] or not v.get("certain", True))
    s = v.get(slack_key)
    return holds, 0.0 if s is None else float(s), v


@property_for("confusion/app-C", args=lambda st, S: {
    "family": st.sampled_from(["cubic", "arctan", "tight"]), "D": st.integers(1, 12), "rank": st.integers(1, 4),
    "seed": S.seeds(), "log10_radius": S.finite_floats(-6.0, 3.0),
    "direction": st.one_of(st.none(), st.lists(S.finite_floats(-1.0, 1.0), min_size=12, max_size=12))},
    examples=({"family": "tight", "D": 3, "rank": 1, "seed": 0, "log10_radius": 0.5, "direction": None},))
def _app_c(family, D, rank, seed, log10_radius, direction):
    """000 App. C: |<∇f_1, ∇f_2>| <= ‖w‖²‖H_1‖‖H_2‖ + ½L_H‖w‖³(‖H_1‖+‖H_2‖) + ¼L_H²‖w‖⁴ for a drawn pair minimized
    at 0 with an exactly known Hessian Lipschitz constant L_H (cubic ridges, arctan ridges, or the pair that attains
    equality), at w of norm 10^log10_radius along a drawn direction (the family's adversarial one when None)."""
    from .all_claims import appc_at  # noqa: PLC0415
    rank = min(rank, D)
    vec = None if direction is None else direction[:D]
    return _from_values(appc_at(family, D, rank, seed, 10.0 ** log10_radius, vec))


@property_for("confusion/lemma-D.1", expect="fails", max_examples=40, args=lambda st, S: {
    "activation": st.sampled_from(["sigmoid", "tanh", "relu"]), "width": st.integers(1, 256),
    "depth": st.integers(1, 3), "d": st.integers(1, 16),
    "construction": st.sampled_from(["random", "orthogonal_last", "positive"]), "seed": S.seeds()})
def _lemma_d1(activation, width, depth, d, construction, seed):
    """000 Lemma D.1 on one network of eq. 4 with semi-orthogonal weights (‖W_p‖ = 1), ‖x‖ = 1, labels ±1:
    ‖∇_{W_p} g‖ <= 1, |ζ| <= 2, ‖∇_x ζ‖ and ‖∇_W ζ‖ <= 2√β (square and logistic loss); slack is the smallest
    relative margin over the bounds."""
    from .all_claims import d1_at  # noqa: PLC0415
    return _from_values(d1_at(activation, width, depth, d, construction, seed))
