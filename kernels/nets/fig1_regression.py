"""002 Fig. 1 (Sec. 2) with a choice of label model: least squares on Gaussian data, SGD with batch 1.

002 says only "N = 100 samples generated randomly from a Gaussian"; the labels are not specified. Two readings:
``"noise"``: y_i ~ N(0, 1) independent of the data (not realizable when d < N), as ``kernels.nets.sgd.
linear_regression_run``; ``"planted"``: y_i = a_iᵀw* with w* ~ N(0, I_d), realizable at every d (F* = 0).
"""
from __future__ import annotations

import math

import numpy as np

from . import ghost

LABELS = ("noise", "planted")


def run(N: int, d: int, epochs: int, lr_times_L: float, labels: str, rng: np.random.Generator,
        d_max: int | None = None) -> dict:
    """f_i = ½(a_iᵀw − y_i)², a_i ~ N(0, I_d/d), labels by ``labels``; SGD from w = 0 at step lr_times_L/max‖a_i‖²
    for ``epochs``·N steps (002 Fig. 1). Loss ratio F(w_T)/F(w_0), excess ratio, confusion
    max(−min_{i≠j} <∇f_i,∇f_j>, 0) and −min cosine at the end (<∇f_i,∇f_j> = r_i r_j a_iᵀa_j).

    ``d_max`` (common random numbers across widths): the draws are made at width d_max and the first d columns
    used (a_i = z_i[:d]/√d, w* = w*[:d]), the noise labels and the SGD indices shared, so that runs at two widths
    from equal generators are coupled; each run alone has the same law."""
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {LABELS} (got {labels!r})")
    if d_max is None:
        A = rng.standard_normal((N, d)) / math.sqrt(d)
        y = rng.standard_normal(N) if labels == "noise" else A @ rng.standard_normal(d)
    else:
        if d_max < d:
            raise ValueError(f"d_max must be >= d (got {d_max} < {d})")
        Z, wstar, noise = rng.standard_normal((N, d_max)), rng.standard_normal(d_max), rng.standard_normal(N)
        A = Z[:, :d] / math.sqrt(d)
        y = noise if labels == "noise" else A @ wstar[:d]
    alpha = lr_times_L / float(np.max(np.sum(A * A, axis=1)))
    w_ls = np.linalg.lstsq(A, y, rcond=None)[0]

    def F(w):
        return 0.5 * float(np.mean((A @ w - y) ** 2))

    def conf(w):
        r = A @ w - y
        G = (A @ A.T) * np.outer(r, r)
        return float(ghost.min_offdiag(G)), float(ghost.min_cosine(G))

    w, Fstar = np.zeros(d), F(w_ls)
    F0 = F(w)
    for i in rng.integers(0, N, size=epochs * N).tolist():
        a = A[i]
        w -= (alpha * (float(a @ w) - y[i])) * a
    m_end, c_end = conf(w)
    return {"loss_ratio": F(w) / F0, "loss_end": F(w), "excess_loss_ratio": (F(w) - Fstar) / (F0 - Fstar),
            "Fstar": Fstar, "realizable": Fstar < 1e-12 * F0, "confusion_end": max(-m_end, 0.0),
            "neg_min_cosine_end": -c_end, "alpha": alpha}
