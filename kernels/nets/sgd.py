"""SGD problems with exactly known L, μ, F* and gradient confusion η, and their exact expectations.

Used by confusion/thm-3.1 and thm-3.2 (002 Sec. 3 = 000 App. D.1). SGD (002 eq. 2): w_{k+1} = w_k −
α ∇f_{i_k}(w_k), i_k uniform on [N]; F = (1/N) Σ f_i (002 eq. 1). Families:

- ``orthogonal``: f_i = ½(a_iᵀ(w − w*))² with orthogonal a_i of norms s_i: every pair of gradients
  is orthogonal everywhere, so η = 0 exactly (the "orthogonal training vectors" example of 002 Sec. 2).
- ``gaussian``: realizable least squares with Gaussian a_i (the over-parameterized linear regression of
  002 Fig. 1). ∇f_i = a_i a_iᵀ e (e = w − w*), <∇f_i,∇f_j> = c (a_iᵀe)(a_jᵀe) with c = a_iᵀa_j, whose
  minimum over ‖e‖ <= R is −R² |c| (‖a_i‖‖a_j‖ − |c|)/2 (the extreme eigenvalue of c (a_i a_jᵀ + a_j a_iᵀ)/2).
  With α‖a_i‖² < 2 every step is a contraction of e, so ‖e_k‖ <= R = ‖e_0‖ on every SGD path, and
  η = max_{i≠j} R²|c|(‖a_i‖‖a_j‖ − |c|)/2 is a confusion bound at every iterate (002 Sec. 4 (a):
  the theorems need the bound along the path).
- ``centers``: f_i = ½‖w − c_i‖²: <∇f_i,∇f_j> = ‖w − (c_i+c_j)/2‖² − ‖c_i − c_j‖²/4, so the global
  confusion bound is η = max ‖c_i − c_j‖²/4 (attained), L = μ = 1, F* = ½ (1/N)Σ‖c_i − c̄‖² > 0.

For least squares L = max‖a_i‖² (A1 with one constant for all f_i) and μ = min‖a_i‖² (A2:
½‖∇f_i‖² = ‖a_i‖² f_i, f_i* = 0). Expectations are exact: E[e eᵀ] obeys
S ← S − α(MS + SM) + (α²/N) Σ_i (a_iᵀ S a_i) a_i a_iᵀ with M = AᵀA/N, so E F(w_k) = ½ tr(M S_k) and
E‖∇F(w_k)‖² = tr(M² S_k); for centers E‖w_k − c̄‖² = (1−α)² E‖w_{k−1} − c̄‖² + α² V.
A Monte Carlo estimate over seeded SGD runs (mean, t-interval) is recorded next to every exact value.

``linear_regression_run`` is the experiment of 002 Fig. 1 (Sec. 2): least squares on Gaussian data, SGD with
batch 1, the loss and the gradient confusion tracked along the run (<∇f_i,∇f_j> = r_i r_j a_iᵀa_j).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

from . import ghost

FAMILIES = ("orthogonal", "gaussian", "centers")


@dataclass
class Problem:
    family: str
    N: int
    D: int
    L: float
    mu: float
    eta: float
    F0: float          # F(w_0) - F*
    A: np.ndarray | None = None
    e0: np.ndarray | None = None
    C: np.ndarray | None = None      # centers
    w0: np.ndarray | None = None
    V: float = 0.0

    def describe(self) -> dict:
        return {"family": self.family, "N": self.N, "D": self.D, "L": self.L, "mu": self.mu,
                "eta": self.eta, "F0_minus_Fstar": self.F0, "Fstar": 0.5 * self.V}


def make_problem(family: str, N: int, rng: np.random.Generator, D: int | None = None) -> Problem:
    if family == "orthogonal":
        D = D or N
        Q, _ = np.linalg.qr(rng.standard_normal((D, N)))
        s = rng.uniform(0.5, 1.5, N)
        A = (Q * s).T                                   # rows a_i = s_i q_i, orthogonal
        e0 = rng.standard_normal(D)
        return _ls(family, A, e0, eta=0.0)
    if family == "gaussian":
        D = D or 2 * N
        A = rng.standard_normal((N, D)) / math.sqrt(D)
        e0 = rng.standard_normal(D)
        nrm = np.linalg.norm(A, axis=1)
        Cm = A @ A.T
        iu = np.triu_indices(N, 1)
        c = np.abs(Cm[iu])
        R2 = float(e0 @ e0)
        eta = float(np.max(R2 * c * (nrm[iu[0]] * nrm[iu[1]] - c) / 2)) if N > 1 else 0.0
        return _ls(family, A, e0, eta=eta)
    if family == "centers":
        D = D or 3
        C = rng.standard_normal((N, D))
        w0 = rng.standard_normal(D) * 3
        cbar = C.mean(0)
        V = float(np.mean(np.sum((C - cbar) ** 2, axis=1)))
        diff = C[:, None, :] - C[None, :, :]
        eta = float(np.max(np.sum(diff ** 2, axis=-1)) / 4)
        F0 = 0.5 * float(np.sum((w0 - cbar) ** 2))
        return Problem(family, N, D, 1.0, 1.0, eta, F0, C=C, w0=w0, V=V)
    raise ValueError(f"family must be one of {FAMILIES}")


def _ls(family, A, e0, eta):
    N, D = A.shape
    nrm2 = np.sum(A * A, axis=1)
    F0 = 0.5 * float(np.mean((A @ e0) ** 2))
    return Problem(family, N, D, float(nrm2.max()), float(nrm2.min()), float(eta), F0, A=A, e0=e0)


def exact_moments(P: Problem, alpha: float, T: int) -> tuple[np.ndarray, np.ndarray]:
    """(E[F(w_k)] − F*, E‖∇F(w_k)‖²) for k = 0..T (w_0 the initial point), exactly."""
    gap, grad2 = np.empty(T + 1), np.empty(T + 1)
    if P.family == "centers":
        m = 2 * P.F0
        for k in range(T + 1):
            gap[k], grad2[k] = 0.5 * m, m
            m = (1 - alpha) ** 2 * m + alpha ** 2 * P.V
        return gap, grad2
    A, N = P.A, P.N
    M = A.T @ A / N
    M2 = M @ M
    S = np.outer(P.e0, P.e0)
    for k in range(T + 1):
        gap[k] = 0.5 * float(np.sum(M * S))
        grad2[k] = float(np.sum(M2 * S))
        q = np.sum((A @ S) * A, axis=1)                 # a_iᵀ S a_i
        MS = M @ S
        S = S - alpha * (MS + MS.T) + (alpha ** 2 / N) * (A.T * q) @ A
        S = 0.5 * (S + S.T)
    return gap, grad2


def monte_carlo(P: Problem, alpha: float, T: int, runs: int, rng: np.random.Generator,
                at: tuple = ()) -> dict:
    """Seeded SGD runs: mean and 95% t-interval of F(w_k) − F* and ‖∇F(w_k)‖² at the steps ``at``."""
    idx = rng.integers(0, P.N, size=(T, runs))
    out = {}
    want = set(at)
    if P.family == "centers":
        cbar = P.C.mean(0)
        w = np.tile(P.w0, (runs, 1))
        for k in range(T + 1):
            if k in want:
                e2 = np.sum((w - cbar) ** 2, axis=1)
                out[k] = (0.5 * e2, e2)
            if k < T:
                w = w - alpha * (w - P.C[idx[k]])
    else:
        A = P.A
        M = A.T @ A / P.N
        e = np.tile(P.e0, (runs, 1))
        for k in range(T + 1):
            if k in want:
                r = e @ A.T
                g = e @ M
                out[k] = (0.5 * np.mean(r * r, axis=1), np.sum(g * g, axis=1))
            if k < T:
                a = A[idx[k]]
                e = e - alpha * a * np.sum(a * e, axis=1, keepdims=True)
    res = {}
    for k, (gap, g2) in out.items():
        res[k] = {"gap": _mean_ci(gap), "grad2": _mean_ci(g2)}
    return res


def _mean_ci(x) -> list:
    x = np.asarray(x, float)
    m = float(x.mean())
    if x.size < 2:
        return [m, m, m]
    h = float(sps.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
    return [m, m - h, m + h]


def linear_regression_run(N: int, d: int, epochs: int, lr_times_L: float, rng: np.random.Generator) -> dict:
    """002 Fig. 1: f_i = ½(a_iᵀw − y_i)², a_i ~ N(0, I_d/d), y_i ~ N(0, 1), SGD with batch 1 from w = 0 at the
    step lr_times_L/max‖a_i‖² for ``epochs``·N steps. Loss ratios (F(w_T)/F(w_0), (F(w_T) − F*)/(F(w_0) − F*)),
    the confusion max(−min_{i≠j} <∇f_i,∇f_j>, 0) at the start and end, and min cosines (at the end; the smallest
    at the end of any epoch)."""
    A = rng.standard_normal((N, d)) / math.sqrt(d)
    y = rng.standard_normal(N)
    L = float(np.max(np.sum(A * A, axis=1)))
    alpha = lr_times_L / L
    w_ls = np.linalg.lstsq(A, y, rcond=None)[0]
    Fstar = 0.5 * float(np.mean((A @ w_ls - y) ** 2))
    w = np.zeros(d)

    def F(w):
        return 0.5 * float(np.mean((A @ w - y) ** 2))

    AA = A @ A.T

    def conf(w):
        r = A @ w - y
        G = AA * np.outer(r, r)                          # <∇f_i, ∇f_j> = r_i r_j a_iᵀa_j
        return float(ghost.min_offdiag(G)), float(ghost.min_cosine(G))
    F0, Fw0 = F(w) - Fstar, F(w)
    m_start, c_start = conf(w)
    worst_cos = c_start
    idx = rng.integers(0, N, size=epochs * N)
    rows = list(A)
    for k, i in enumerate(idx.tolist()):
        a = rows[i]
        w -= (alpha * (float(a @ w) - y[i])) * a
        if (k + 1) % N == 0:
            worst_cos = min(worst_cos, conf(w)[1])
    m_end, c_end = conf(w)
    gap = F(w) - Fstar
    return {"loss_ratio": F(w) / Fw0, "excess_loss_ratio": gap / F0, "excess_loss": gap, "Fstar": Fstar,
            "confusion_end": max(-m_end, 0.0), "confusion_start": max(-m_start, 0.0),
            "neg_min_cosine_end": -c_end, "min_cosine_path": worst_cos, "alpha": alpha}
