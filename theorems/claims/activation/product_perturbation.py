"""004 App. F.2, Lemma F.5: products of functions perturbed within eps in the sup norm.

Statement: I an interval, f_i, g_i: I -> R (i = 1, 2), sup_I |f_i - g_i| <= eps, |f_i| <= 1 on I:
sup_I |f1 f2 - g1 g2| <= 3 eps.

Reading: as printed it has NO restriction on eps; the proof's last step 2 eps + eps^2 <= 3 eps needs eps <= 1.
The true worst case is 2 eps + eps^2 (f1 = f2 = +-1, both perturbations pushing outward), so the lemma as
printed fails for every eps > 1. ``activation/lemma-F.5/corrected`` (variant) restricts to eps in (0, 1].
Functions are arbitrary (no continuity), so values on a grid of points of I define valid f_i, g_i (e.g.
piecewise constant); the instance families are in kernels.series.perturbed_functions. A violation is certain when it
exceeds the float64 rounding of the products.
"""
from __future__ import annotations

from kernels.series import perturbed_functions as pf

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"


def _measure_f5(point, rng, backend, eps_max=None):
    eps, fam, n = float(point["eps"]), point["family"], int(point["grid_size"])
    f, g = pf.perturbed_pair(fam, n, eps, rng)
    hyp = bool(pf.sup_abs(f) <= 1.0 and pf.sup_distance(g, f) <= eps)
    lhs = pf.product_gap(f, g)
    rhs = 3 * eps
    floor = pf.product_gap_floor(eps)
    holds = lhs <= rhs
    return {"applies": hyp and (eps_max is None or eps <= eps_max), "holds": bool(holds),
            "certain": bool(holds or lhs - rhs > floor), "eps": eps, "family": fam, "lhs": lhs, "rhs": rhs,
            "worst_case": 2 * eps + eps * eps, "ratio": lhs / rhs, "hypotheses_hold": hyp,
            "explain": f"eps={eps:g}, {fam} instance on {n} points: sup|f1f2 - g1g2| = {lhs:.6g} > 3 eps = {rhs:.6g} "
                       f"(worst case 2 eps + eps^2 = {2 * eps + eps * eps:.6g})"}


_F5_KEYS = ("eps", "family", "lhs", "rhs", "worst_case")
_F5_HYP = ("I an interval, f_i, g_i: I -> R (i = 1, 2), sup_I |f_i - g_i| <= eps, |f_i| <= 1 on I (no continuity, "
           "no range for eps); conclusion sup_I |f1 f2 - g1 g2| <= 3 eps.")
_F5_EDGES = ("the worst-case instances of kernels.series.perturbed_functions: |f_i| = 1 with both perturbations "
             "pushing outward by exactly eps ('extreme', 'aligned'), plus uniform and smooth ones;")
_F5_FAMILIES = list(pf.FAMILIES)

LEMMA_F5 = Claim(
    id="activation/lemma-F.5", source=f"{SOURCE} App. F.2, Lemma F.5",
    statement="I an interval, f_i, g_i: I -> R (i = 1, 2) with sup_I |f_i - g_i| <= eps and |f_i| <= 1 on I: "
              "sup_I |f1 f2 - g1 g2| <= 3 eps",
    kind="bound", check=Predicate(summary_keys=_F5_KEYS),
    grid={"quick": product(eps=[1e-3, 0.1, 0.5, 1.0, 1.5, 3.0], family=_F5_FAMILIES, grid_size=[257]),
          "full": product(eps=[1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0, 1.01, 1.1, 1.5, 2.0, 3.0, 10.0],
                          family=_F5_FAMILIES, grid_size=[4097])},
    repetitions={"quick": 2, "full": 20}, measure=_measure_f5,
    notes="as printed eps is unrestricted; the proof's 2 eps + eps^2 <= 3 eps needs eps <= 1",
    reading=Reading(
        hypotheses=_F5_HYP,
        chosen="as printed: every eps > 0 (nothing in the statement bounds eps). eps <= 1 is an assumption only the "
               "proof's last step 2 eps + eps^2 <= 3 eps uses, so by the class-1 rule it is a variant, not this id's "
               "reading; no definition is ambiguous here (class 6 does not apply).",
        alternatives="eps <= 1 (the proof's step, and every use of the lemma in 004 App. F-H takes eps small): "
                     "activation/lemma-F.5/corrected.",
        edges=_F5_EDGES + " eps = 1 (where 2 eps + eps^2 = 3 eps exactly) and eps = 1.5, 3 beyond it.",
        regime="exact per instance: quick eps to 3, full to 10, 257/4097-point functions. A false statement shows as "
               "sup |f1 f2 - g1 g2| > 3 eps beyond the float64 rounding of the products (first at eps > 1)."),
)


def _f5_args(st, S):
    unit = st.one_of(st.sampled_from([-1.0, 1.0]), S.finite_floats(-1.0, 1.0))    # the extremes come up often
    vals = st.lists(unit, min_size=1, max_size=8)
    return {"eps": S.finite_floats(1e-6, 4.0), "f1": vals, "f2": vals, "u1": vals, "u2": vals}


@property_for("activation/lemma-F.5", expect="fails", args=_f5_args)
def _lemma_f5(eps, f1, f2, u1, u2):
    """004 Lemma F.5 on functions given by their values at points of I: |f_i| <= 1, g_i = f_i + eps u_i
    (|u_i| <= 1, moved by ulps so that |g_i - f_i| <= eps holds in float64); sup |f1 f2 - g1 g2| <= 3 eps."""
    f, g = pf.pair_from_values(eps, f1, f2, u1, u2)
    hyp = bool(pf.sup_distance(g, f) <= eps)
    lhs = pf.product_gap(f, g)
    rhs = 3 * eps
    floor = pf.product_gap_floor(eps)
    holds = (not hyp) or lhs <= rhs + floor
    return holds, (rhs - lhs) / rhs, {
        "eps": eps, "lhs": lhs, "rhs": rhs, "worst_case": 2 * eps + eps * eps, "hypotheses_hold": hyp,
        "explain": f"eps={eps!r}: sup|f1f2 - g1g2| = {lhs!r} > 3 eps = {rhs!r} (worst case 2eps + eps^2)"}


LEMMA_F5_CORRECTED = Claim(
    id="activation/lemma-F.5/corrected", source=f"{SOURCE} App. F.2, Lemma F.5 with eps <= 1 (what its proof uses)",
    statement="as Lemma F.5, for eps in (0, 1]",
    kind="bound", check=Predicate(summary_keys=_F5_KEYS),
    grid={"quick": product(eps=[1e-3, 0.1, 0.5, 1.0], family=_F5_FAMILIES, grid_size=[257]),
          "full": product(eps=[1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0], family=_F5_FAMILIES, grid_size=[4097])},
    repetitions=LEMMA_F5.repetitions,
    measure=lambda point, rng, backend: _measure_f5(point, rng, backend, eps_max=1.0),
    notes="variant, not in the catalog",
    reading=Reading(
        hypotheses=_F5_HYP + " Variant: eps in (0, 1].",
        chosen="the lemma with the proof's restriction eps <= 1 added (the worst case 2 eps + eps^2 is <= 3 eps exactly "
               "there).",
        alternatives="unrestricted eps as printed: activation/lemma-F.5 (REFUTED for eps > 1).",
        edges=_F5_EDGES + " eps = 1, the edge where the worst case 2 eps + eps^2 meets 3 eps with equality.",
        regime="exact per instance: eps from 1e-3 (full 1e-6) to 1. A false statement shows as a gap above 3 eps "
               "beyond rounding."),
)

CLAIMS = [LEMMA_F5, LEMMA_F5_CORRECTED]
