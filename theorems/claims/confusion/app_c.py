"""App. C (000 = 002 Sec. 2, 'low-rank Hessians'): gradient inner products near a common minimizer.

Printed: for f_i minimized at 0 with L_H-Lipschitz Hessians, |<∇f_i,∇f_j>| <= ‖w‖²‖H_i‖‖H_j‖
+ ½L_H‖w‖³(‖H_i‖+‖H_j‖) + ¼L_H²‖w‖⁴ (H_i = H_i(0)).

Read as: deterministic, over pairs whose L_H is exact (``kernels.lipschitz_hessian``: cubic ridges, arctan
ridges, and a one-dimensional pair that attains equality), at random and adversarial w of several norms.
"""
from __future__ import annotations

from kernels import lipschitz_hessian as lh

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate
from . import APP, MAIN, REL_TOL


def _measure(point, rng, backend):
    pair = lh.draw_pair(point["family"], point["D"], point["rank"], rng)
    points = lh.probe_points(pair, point["D"], point["radii"], point["draws"], rng)
    s = lh.scan(pair, points, REL_TOL)
    norm_w, lhs, rhs = s["at"]
    return {"holds": s["violations"] == 0, "certain": True, "evaluations": s["evaluations"],
            "violations": s["violations"], "max_ratio_lhs_over_rhs": s["max_ratio"], "L_H": pair.lipschitz,
            "H_norms": s["hessian_norms"],
            "explain": f"{point['family']}: |<g1,g2>| = {lhs:.6g} vs bound {rhs:.6g} at |w| = {norm_w:.3g}"}


APP_C = Claim(
    id="confusion/app-C", source=f"{APP} App. C (= {MAIN} Sec. 2, 'low-rank Hessians')",
    statement="each f_i minimized at 0 with L_H-Lipschitz Hessian: |<∇f_i,∇f_j>| <= ‖w‖²‖H_i‖‖H_j‖ "
              "+ ½L_H‖w‖³(‖H_i‖+‖H_j‖) + ¼L_H²‖w‖⁴ (H_i = H_i(0))",
    kind="bound", check=Predicate(summary_keys=("max_ratio_lhs_over_rhs", "violations", "evaluations")),
    grid={"quick": product(family=["cubic", "arctan", "tight"], D=[3, 50], rank=[1, 3], draws=[30],
                           radii=[[1e-4, 1e-2, 0.3, 1.0, 3.0, 30.0]]),
          "full": [p for p in product(family=["cubic", "arctan", "tight"], D=[2, 3, 10, 50, 200], rank=[1, 2, 5],
                                      draws=[300], radii=[[1e-6, 1e-4, 1e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0]])
                   if p["rank"] <= p["D"]]},
    measure=_measure,
    notes="classes with exact L_H: quadratic + cubic ridges |u_kᵀw|³ (orthonormal u_k), arctan ridges "
          "(sup|ψ'''| = 3√3/8), and a one-dimensional pair that attains equality; the proof writes one error "
          "term e for both functions, but the final bound also holds with e_i ≠ e_j",
    reading=Reading(
        hypotheses="Each f_i minimized at 0 with Hessian L_H-Lipschitz (000 App. C = 002 Sec. 2).",
        chosen="Deterministic: function classes with exactly known L_H, random and adversarial w over norms 1e-4 "
               "to 30.",
        alternatives="The proof writes one error term e for both functions; the bound is checked with e_i ≠ e_j too "
                     "(the general case).",
        edges="A one-dimensional pair attaining equality; rank-1 Hessians; ‖w‖ far beyond the quadratic regime.",
        regime="quick: D 3, 50, ranks 1, 3, 30 draws; full: D to 200, ‖w‖ 1e-6 to 100. A false bound shows as any "
               "violation beyond rounding."),
)


def appc_at(family: str, D: int, rank: int, seed: int, radius: float, direction=None) -> dict:
    """App. C at one point w = radius · direction/‖direction‖ of one drawn pair (f_1, f_2) of ``family``
    (the family's adversarial direction when ``direction`` is None or zero)."""
    pair = lh.draw_pair(family, D, rank, seed)
    w = None if direction is None else lh.along(direction, radius)
    w = lh.along(pair.directions[0], radius) if w is None else w
    nH = pair.hessian_norms()
    lhs, rhs = lh.product_and_bound(pair, w, nH)
    return {"holds": lhs <= rhs * (1 + REL_TOL) + 1e-300, "certain": True, "lhs": lhs, "rhs": rhs,
            "L_H": pair.lipschitz, "H_norms": nH, "margin": (rhs - lhs) / rhs if rhs > 0 else 0.0,
            "explain": f"{family}, D={D}, rank={rank}, |w|={radius:.3g}: |<g1,g2>| = {lhs:.17g} > bound {rhs:.17g}"}


@property_for("confusion/app-C", args=lambda st, S: {
    "family": st.sampled_from(["cubic", "arctan", "tight"]), "D": st.integers(1, 12), "rank": st.integers(1, 4),
    "seed": S.seeds(), "log10_radius": S.finite_floats(-6.0, 3.0),
    "direction": st.one_of(st.none(), st.lists(S.finite_floats(-1.0, 1.0), min_size=12, max_size=12))},
    examples=({"family": "tight", "D": 3, "rank": 1, "seed": 0, "log10_radius": 0.5, "direction": None},))
def _app_c(family, D, rank, seed, log10_radius, direction):
    """000 App. C: |<∇f_1, ∇f_2>| <= ‖w‖²‖H_1‖‖H_2‖ + ½L_H‖w‖³(‖H_1‖+‖H_2‖) + ¼L_H²‖w‖⁴ for a drawn pair minimized
    at 0 with an exactly known Hessian Lipschitz constant L_H (cubic ridges, arctan ridges, or the pair that attains
    equality), at w of norm 10^log10_radius along a drawn direction (the family's adversarial one when None)."""
    v = appc_at(family, D, min(rank, D), seed, 10.0 ** log10_radius, None if direction is None else direction[:D])
    return bool(v["holds"]), float(v["margin"]), v


CLAIMS = [APP_C]
