"""Inner products of independent uniform points on the sphere S^{d−1}: exact tails and Monte Carlo.

For independent uniform x, y on S^{d−1}, (xᵀy)² ~ Beta(1/2, (d−1)/2), so the pair tail
P[|xᵀy| >= ν] is a regularized incomplete beta function (computed in logs where it underflows).
000 App. B, Lemma B.1 bounds it by √(π/2) e^{−(d−1)ν²/2} (eq. (5)) and, by a union bound, the
event that some pair among N points exceeds ν by N²√(π/8) e^{−(d−1)ν²/2}.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats as sps

from .. import data
from ..backend import chunk_sizes
from ..nets import ghost


def pair_tail(d: int, nu):
    """P[|xᵀy| >= ν] for independent uniform x, y on S^{d−1}: (xᵀy)² ~ Beta(1/2, (d−1)/2)."""
    return sps.beta.sf(np.asarray(nu, float) ** 2, 0.5, (d - 1) / 2)


def log_pair_tail(d: int, nu):
    """log P[|xᵀy| >= ν] (no underflow at large d); see ``pair_tail``."""
    return sps.beta.logsf(np.asarray(nu, float) ** 2, 0.5, (d - 1) / 2)


def log_pair_bound(d: int, nu):
    """log of √(π/2) e^{−(d−1)ν²/2}, the pair bound of 000 App. B eq. (5)."""
    return 0.5 * math.log(math.pi / 2) - (d - 1) * np.asarray(nu, float) ** 2 / 2


def pair_tail_against_bound(d: int, nu, rel_tol: float) -> dict:
    """The exact pair tail against eq. (5)'s bound on the grid ``nu``: whether log P <= log bound + rel_tol
    everywhere, the largest ratio P/bound (overall and where the bound is below 1) and where it is."""
    nu = np.asarray(nu, float)
    logp, logb = log_pair_tail(d, nu), log_pair_bound(d, nu)
    k = int(np.argmax(logp - logb))
    below_1 = logb < 0
    r_below_1 = float(np.exp(np.max((logp - logb)[below_1]))) if np.any(below_1) else None
    return {"holds": bool(np.all(logp <= logb + rel_tol)), "max_ratio_p_over_bound": float(np.exp(logp[k] - logb[k])),
            "max_ratio_where_bound_below_1": r_below_1, "worst_nu": float(nu[k]),
            "log_p_exact_at_worst": float(logp[k]), "log_bound_at_worst": float(logb[k])}


def count_exceeding_sets(N: int, d: int, nu: float, trials: int, rng: np.random.Generator) -> int:
    """Of ``trials`` independent sets of N uniform points on S^{d−1}, how many have max_{i≠j} |x_iᵀx_j| > ν
    (the event of 000 Lemma B.1), drawn in batches."""
    k = 0
    for c in chunk_sizes(trials, N * (d + N)):
        X = data.sphere(N, d, rng, batch=(c,))
        Gm = np.abs(ghost.offdiag(X @ np.swapaxes(X, -1, -2)))
        k += int(np.sum(Gm.max(axis=-1) > nu))
    return k
