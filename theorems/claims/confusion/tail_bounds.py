"""Lemma B.1 (000 App. B): near orthogonality of random unit vectors, with explicit constants.

Printed: for N i.i.d. uniform unit vectors in R^d, P[∃i≠j |x_iᵀx_j| > ν] <= N²√(π/8) e^{−(d−1)ν²/2}; for a
single pair (eq. (5)), P[|xᵀy| >= ν] <= √(π/2) e^{−(d−1)ν²/2}.

Read as: the pair part exactly, since (xᵀy)² ~ Beta(1/2, (d−1)/2), against the bound on a (d, ν) grid; the
N-point event by Monte Carlo at the ν where the printed bound equals a target below 1 (non-vacuous), with a
Clopper–Pearson interval: a violation needs its lower end above the bound.
"""
from __future__ import annotations

import math

from kernels.probability import sphere_tails
from kernels.stats import clopper_pearson_bounds

from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate
from . import APP, REL_TOL

NU = (0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999)


def _nu_at_bound(N: int, d: int, bound: float) -> float:
    """The ν with N²√(π/8) e^{−(d−1)ν²/2} = bound (000 Lemma B.1)."""
    return math.sqrt(2 * math.log(N * N * math.sqrt(math.pi / 8) / bound) / (d - 1))


def _measure(point, rng, backend):
    d = point["d"]
    if point["part"] == "pair":
        s = sphere_tails.pair_tail_against_bound(d, NU, REL_TOL)
        return {**s, "certain": True,
                "explain": f"d={d}: log P[|x.y|>={s['worst_nu']:g}] = {s['log_p_exact_at_worst']:.6g} "
                           f"vs log bound {s['log_bound_at_worst']:.6g}"}
    N, T, target = point["N"], point["trials"], point["bound"]
    nu = _nu_at_bound(N, d, target)
    k = sphere_tails.count_exceeding_sets(N, d, nu, T, rng)
    lo, hi = clopper_pearson_bounds(k, T)
    exact_pairs = N * (N - 1) / 2 * float(sphere_tails.pair_tail(d, nu))     # union bound, exact per pair
    return {"holds": not lo > target, "certain": True, "applies": nu < 1, "nu": nu, "p_hat": k / T, "cp95": [lo, hi],
            "bound": target, "union_of_exact_pairs": exact_pairs, "ratio_p_over_bound": (k / T) / target,
            "explain": f"N={N}, d={d}, nu={nu:.4g}: P = {k}/{T} (95% CI [{lo:.3g}, {hi:.3g}]) vs bound {target:g}"}


LEMMA_B1 = Claim(
    id="confusion/lemma-B.1", source=f"{APP} App. B, Lemma B.1 and eq. (5)",
    statement="N i.i.d. uniform unit vectors in R^d: P[∃i≠j |x_iᵀx_j| > ν] <= N² √(π/8) exp(−(d−1)ν²/2); "
              "single pair (eq. 5): P[|xᵀy| >= ν] <= √(π/2) exp(−(d−1)ν²/2)",
    kind="tail",
    check=Predicate(summary_keys=("max_ratio_p_over_bound", "max_ratio_where_bound_below_1", "worst_nu", "p_hat",
                                  "cp95", "bound", "nu")),
    grid={"quick": [{"part": "pair", "d": d} for d in (2, 3, 5, 10, 30, 100, 1000, 10000)]
          + product(part=["union"], N=[5, 20], d=[30, 300], bound=[0.1, 0.5], trials=[4000]),
          "full": [{"part": "pair", "d": d}
                   for d in (2, 3, 4, 5, 7, 10, 20, 30, 50, 100, 300, 1000, 3000, 10000, 10 ** 5)]
          + product(part=["union"], N=[2, 5, 20, 50], d=[10, 30, 100, 300], bound=[0.05, 0.2, 0.5, 0.9],
                    trials=[10000])},
    measure=_measure,
    notes="pair part exact (regularized incomplete beta); union part: a violation needs the Clopper-Pearson "
          "lower bound above the printed bound",
    reading=Reading(
        hypotheses="N i.i.d. uniform unit vectors in R^d (000 App. B, Lemma B.1 and eq. 5), any ν.",
        chosen="The pair bound exactly ((xᵀy)² ~ Beta(1/2, (d−1)/2)), the N-point bound by Monte Carlo where it is not "
               "vacuous (bound 0.1 and 0.5).",
        alternatives="None: the law is uniform on the sphere and the events are stated.",
        edges="d = 2 (the smallest), ν from 0.001 to 0.999, and the N-point bound near 1 (0.5, 0.9 at full).",
        regime="quick: d 2..1e4 exact, N 5, 20 at d 30, 300 (4000 trials); full: d to 1e5, N to 50. A false bound "
               "shows "
               "as exact P above it, or a Clopper-Pearson lower end above it."),
)

CLAIMS = [LEMMA_B1]
