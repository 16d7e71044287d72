"""2-layer nonlinear networks ŷ = w2ᵀσ(W1 x) with a teacher y = w2*ᵀσ(W1* x) (003 Sec. 4, Theorem 2; App. B).

Per-example gradients: ∇_{W1} f_i = e_i (w2 ⊙ σ'(W1 x_i)) x_iᵀ and ∇_{w2} f_i = e_i σ(W1 x_i), with
e_i = ŷ_i − y_i; ``two_layer_signals`` gives them as ghost pairs ``[(A_ℓ, B_ℓ)]`` for
``kernels.nets.ghost.signal_gram``. Theorem 2 takes the expectation over the top layers (w2, w2*):
``two_layer_expected_over_top`` computes it exactly, ``two_layer_sums_over_top_draws`` draws it.

Array code is written once for NumPy and CuPy (namespace taken from the inputs).
"""
from __future__ import annotations

import math

import numpy as np

from .. import activations as acts
from ..backend import array_namespace
from ..errors import InputError
from .linear_moments import MCEstimate, mc_estimate


def two_layer_signals(W1, w2, W1s, w2s, X, activation) -> list:
    """ŷ = w2ᵀσ(W1 x), y = w2*ᵀσ(W1* x). Returns ``[(X, B_1), (σ(W1 X), B_2)]`` for the layers (W1, w2):
    ∇_{W1} f_i = e_i (w2 ⊙ σ'(W1 x_i)) x_iᵀ, ∇_{w2} f_i = e_i σ(W1 x_i)."""
    act = acts.get(activation)
    Z = X @ W1.T
    A = act.phi(Z)
    e = A @ w2 - act.phi(X @ W1s.T) @ w2s
    return [(X, e[:, None] * (w2[None, :] * act.dphi(Z))), (A, e[:, None])]


def two_layer_sums_over_top_draws(W1, W1s, X, activation, w2, w2s):
    """Σ_i‖∇f_i‖² and ‖Σ_i∇f_i‖² of a 2-layer net for R draws of the top layers (w2, w2* of shape (R, K)) at
    fixed W1, W1*, X, batched: O(R K n d). The per-draw ratio n·(first)/(second) is B_S."""
    xp = array_namespace(X)
    act = acts.get(activation)
    Z = X @ W1.T
    A, S, As_ = act.phi(Z), act.dphi(Z), act.phi(X @ W1s.T)
    e = w2 @ A.T - w2s @ As_.T                                     # (R, n)
    nx = xp.sum(X * X, axis=1)
    sum_sq = xp.sum(e * e * ((w2 * w2) @ (S * S).T * nx + xp.sum(A * A, axis=1)), axis=1)
    top = xp.sum((e @ A) ** 2, axis=1)
    first = 0.0
    for p in range(W1.shape[0]):
        g = (e * S[:, p]) @ X                                      # Σ_i e_i s_ip x_i, (R, d)
        first = first + w2[:, p] ** 2 * xp.sum(g * g, axis=1)
    return sum_sq, top + first


def two_layer_expected_over_top(W1, W1s, X, activation, method: str = "auto") -> dict:
    """Exact E over w2, w2* ~ N(0, I_K) (003 Thm 2: "the expectation is over W_2, W_2^*") of
    Σ_i‖∇f_i‖² and ‖Σ_i∇f_i‖², given W1, W1*, X.

    With a_i = σ(W1 x_i), a*_i = σ(W1* x_i), s_i = σ'(W1 x_i) and Gaussian moments of w2:
      E e_i e_j = a_i·a_j + a*_i·a*_j,   E e_i e_j w2_p² = a_i·a_j + a*_i·a*_j + 2 a_ip a_jp,
    so E G = (XXᵀ) ⊙ [(SSᵀ) ⊙ (AAᵀ + A*A*ᵀ) + 2 (S⊙A)(S⊙A)ᵀ] + (AAᵀ + A*A*ᵀ) ⊙ AAᵀ.
    ``method``: "gram" (that n×n matrix, O(n²(d+K))), "aggregate" (the same sums as norms of
    d × K² aggregates, O(n d K²)), or "auto" (the cheaper)."""
    xp = array_namespace(X)
    act = acts.get(activation)
    n, d = X.shape
    K = W1.shape[0]
    Z = X @ W1.T
    A, S, As_ = act.phi(Z), act.dphi(Z), act.phi(X @ W1s.T)
    na = xp.sum(A * A, axis=1)
    nas = xp.sum(As_ * As_, axis=1)
    nx = xp.sum(X * X, axis=1)
    diag = (na + nas) * na + nx * ((na + nas) * xp.sum(S * S, axis=1) + 2 * xp.sum(A * A * S * S, axis=1))
    sum_sq = float(xp.sum(diag))
    if method == "auto":
        method = "gram" if n * (d + 3 * K) <= d * K * K + 2 * K * K else "aggregate"
    if method == "gram":
        Ga, Gas = A @ A.T, As_ @ As_.T
        SA = S * A
        EG = (X @ X.T) * ((S @ S.T) * (Ga + Gas) + 2 * (SA @ SA.T)) + (Ga + Gas) * Ga
        tot = float(xp.sum(EG))
    elif method == "aggregate":
        top = float(xp.sum((A.T @ A) ** 2) + xp.sum((As_.T @ A) ** 2))
        M = (S[:, :, None] * A[:, None, :]).reshape(n, K * K)
        Ms = (S[:, :, None] * As_[:, None, :]).reshape(n, K * K)
        XM, XMs = X.T @ M, X.T @ Ms
        XD = X.T @ (S * A)
        tot = top + float(xp.sum(XM ** 2) + xp.sum(XMs ** 2) + 2 * xp.sum(XD ** 2))
    else:
        raise InputError("method", f"must be 'auto', 'gram' or 'aggregate' (got {method!r})")
    return {"n": n, "E_sum_sq": sum_sq, "E_norm_sum_sq": tot, "E_cross": tot - sum_sq,
            "diag_mean": sum_sq / n, "cross_mean": (tot - sum_sq) / (n * (n - 1)) if n > 1 else float("nan")}


def ratios_over_top(K: int, d: int, n: int, draws: int, activation, rng,
                    ratio_draws: int = 0) -> tuple[np.ndarray, np.ndarray, MCEstimate | None]:
    """003 Thm 2's ratio for ``draws`` draws of (W1, W1*, X) with N(0,1) entries, the expectation over (w2, w2*)
    exact (``two_layer_expected_over_top``): per draw the n → ∞ limit a/c of ρ(n) = nE[Σ‖∇f_i‖²]/E‖Σ∇f_i‖²
    (a = mean E‖∇f_i‖², c = mean over i≠j of E<∇f_i,∇f_j>; inf where c ≤ 0) and ρ(n) itself.
    With ``ratio_draws``: at the first draw, the expectation of the ratio E[B_S] over that many draws of (w2, w2*).
    Returns (limits, finite-n ratios, E[B_S] estimate or None)."""
    lim, fin = [], []
    expected_bs = None
    for r in range(draws):
        W1, W1s, X = rng.standard_normal((K, d)), rng.standard_normal((K, d)), rng.standard_normal((n, d))
        e = two_layer_expected_over_top(W1, W1s, X, activation)
        lim.append(e["diag_mean"] / e["cross_mean"] if e["cross_mean"] > 0 else math.inf)
        fin.append(n * e["E_sum_sq"] / e["E_norm_sum_sq"])
        if r == 0 and ratio_draws:
            s1, s2 = two_layer_sums_over_top_draws(W1, W1s, X, activation, rng.standard_normal((ratio_draws, K)),
                                                   rng.standard_normal((ratio_draws, K)))
            expected_bs = mc_estimate(n * s1 / s2)
    return np.asarray(lim), np.asarray(fin), expected_bs
