"""Deep linear networks and their gradient diversity (003, Chen et al., *The effect of network width on the
performance of large-batch training*).

Setting of 003 Sec. 3: ``ŷ = W_L ⋯ W_1 x`` with ``W_ℓ ∈ R^{K_ℓ × K_{ℓ-1}}``, ``K_0 = d``, ``K_L = 1``,
square loss ``f_i = ½(ŷ_i − y_i)²`` with realizable labels ``y_i = W* x_i`` from a teacher of the
same shape. Shapes are given as ``dims = (K_0, K_1, …, K_{L-1})`` (the output width 1 is implied).

Per-example gradients are never materialized. A dense layer's per-example gradient is an outer
product, ``∇_{W_ℓ} f_i = b_{ℓ,i} a_{ℓ-1,i}ᵀ`` (b: the backprop signal of the layer's output, a: its
input); ``lnn_signals`` gives the pairs ``[(A_{ℓ-1}, B_ℓ)]`` and the per-example gradient Gram is
``kernels.nets.ghost.signal_gram`` of them. Gradient diversity (003 Def. 1):
``Δ_S = Σ‖∇f_i‖² / ‖Σ∇f_i‖² = tr G / 1ᵀG1`` (``ghost.diversity``) and the batch bound ``B_S = n Δ_S``;
``diversity_from_signals`` gets the same two sums from the signals without the n × n Gram.

Also here: the batched sums of 2-layer linear networks over many independent draws (003 Thm 1, Thm 3).
2-layer nonlinear networks are in ``kernels.nets.two_layer_nonlinear``, SGD on linear networks in
``kernels.nets.linear_training``, exact moments in ``kernels.nets.linear_moments``.

Array code is written once for NumPy and CuPy (namespace taken from the inputs).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..backend import array_namespace, standard_normal
from ..errors import InputError
from .ghost import diversity, signal_gram

DISTRIBUTIONS = ("gaussian", "rademacher")


# ---- shapes and sampling ----------------------------------------------------------------------

def check_dims(dims, min_width: int = 1) -> tuple:
    """Validate ``dims = (d, K_1, …, K_{L-1})`` and return it as a tuple of ints (L = len(dims))."""
    try:
        out = tuple(int(k) for k in dims)
    except (TypeError, ValueError):
        raise InputError("dims", f"must be a sequence of positive integers (got {dims!r})") from None
    if len(out) < 1:
        raise InputError("dims", "needs at least the input dimension d (L = len(dims) >= 1)")
    if any(k != kk for k, kk in zip(out, dims)) or any(k < min_width for k in out):
        raise InputError("dims", f"widths must be integers >= {min_width} (got {tuple(dims)!r})")
    return out


def full_widths(dims) -> tuple:
    """(K_0, …, K_L) with the output width K_L = 1 appended."""
    return check_dims(dims) + (1,)


def parameter_count(dims) -> int:
    """Σ_ℓ K_ℓ K_{ℓ-1}: the number of weights of the network (003 Sec. 5)."""
    K = full_widths(dims)
    return sum(a * b for a, b in zip(K, K[1:]))


def draw(rng: np.random.Generator, shape, xp=np, dist: str = "gaussian", mean: float = 0.0):
    """i.i.d. entries of mean ``mean`` and unit variance: N(0,1) or Rademacher (±1), shifted by ``mean``."""
    if dist == "gaussian":
        z = standard_normal(rng, shape, xp)
    elif dist == "rademacher":
        z = xp.asarray(rng.integers(0, 2, size=shape) * 2.0 - 1.0)
    else:
        raise InputError("dist", f"must be one of {DISTRIBUTIONS} (got {dist!r})")
    return z + mean if mean else z


def init_weights(dims, rng, xp=np, dist: str = "gaussian", mean: float = 0.0, scale=None) -> list:
    """[W_1, …, W_L] with W_ℓ of shape (K_ℓ, K_{ℓ-1}); entries i.i.d. (003: N(0,1)).

    ``scale``: None (unit variance, the paper's setting) or "fan_in" (variance 1/K_{ℓ-1}, for training)."""
    K = full_widths(dims)
    Ws = []
    for ell in range(1, len(K)):
        W = draw(rng, (K[ell], K[ell - 1]), xp, dist, mean)
        if scale == "fan_in":
            W = W / np.sqrt(K[ell - 1])
        elif scale is not None:
            raise InputError("scale", f"must be None or 'fan_in' (got {scale!r})")
        Ws.append(W)
    return Ws


def end_to_end(Ws):
    """The row vector w = W_L ⋯ W_1 (shape (d,)) of a linear network."""
    w = Ws[-1]
    for W in reversed(Ws[:-1]):
        w = w @ W
    return w.reshape(-1)


# ---- forward, backprop signals, per-example Gram --------------------------------------------------

def forward(Ws, X) -> list:
    """Layer inputs/outputs [A_0 = X, A_1, …, A_L] of a linear network, A_ℓ of shape (n, K_ℓ)."""
    out = [X]
    for W in Ws:
        out.append(out[-1] @ W.T)
    return out


def backward_rows(Ws) -> list:
    """[r_1, …, r_L] with r_a = (W_L ⋯ W_{a+1})ᵀ of shape (K_a,) and r_L = (1,) (003 App. C.1)."""
    xp = array_namespace(Ws[-1])
    rows = [xp.ones(1, dtype=Ws[-1].dtype)]
    for W in reversed(Ws[1:]):
        rows.append(rows[-1] @ W)
    return rows[::-1]


def lnn_signals(Ws, Wstar, X, y=None) -> list:
    """``[(A_{a-1}, B_a)]`` for layers a = 1..L: the layer input A_{a-1} (n, K_{a-1}) and the output signal
    B_a (n, K_a) with ∇_{W_a} f_i = B_a[i] A_{a-1}[i]ᵀ; for a linear net B_a[i] = e_i r_a (003 App. C.1).
    Labels: y = W* x (teacher ``Wstar``), or given directly as ``y`` (then ``Wstar`` is ignored)."""
    A = forward(Ws, X)
    e = A[-1][:, 0] - (X @ end_to_end(Wstar) if y is None else y)
    rows = backward_rows(Ws)
    return list(zip(A[:-1], [e[:, None] * r[None, :] for r in rows]))


def lnn_gram(Ws, Wstar, X):
    """Per-example gradient Gram of a linear network (n × n), by ``ghost.signal_gram``."""
    return signal_gram(lnn_signals(Ws, Wstar, X))


def per_example_grads_naive(Ws, Wstar, X) -> list:
    """Reference: a Python loop over examples building each layer's gradient e_i r_a h_{a-1,i}ᵀ
    explicitly (materialized; small sizes only). Returns, per example, the flat gradient."""
    xp = array_namespace(X)
    wdiff = end_to_end(Ws) - end_to_end(Wstar)
    out = []
    for i in range(X.shape[0]):
        x = X[i]
        e = float(x @ wdiff)
        h = [x]
        for W in Ws:
            h.append(W @ h[-1])
        parts = []
        for a in range(1, len(Ws) + 1):
            r = xp.ones(1)
            for W in reversed(Ws[a:]):
                r = r @ W
            parts.append((e * xp.outer(r, h[a - 1])).reshape(-1))
        out.append(xp.concatenate(parts))
    return out


# ---- gradient diversity -------------------------------------------------------------------------

@dataclass(frozen=True)
class Diversity:
    """Gradient diversity of a set of n per-example gradients (003 Def. 1)."""
    n: int
    sum_sq: float          # Σ_i ‖∇f_i‖² = tr G
    norm_sum_sq: float     # ‖Σ_i ∇f_i‖² = 1ᵀ G 1
    cross: float           # Σ_{i≠j} <∇f_i, ∇f_j>
    delta: float           # Δ_S = sum_sq / norm_sum_sq   (003 Def. 1)
    batch_bound: float     # B_S = n Δ_S

    @classmethod
    def from_gram(cls, G) -> Diversity:
        """From a per-example gradient Gram; Δ_S is ``ghost.diversity(G)`` (tr G / 1ᵀG1)."""
        xp = array_namespace(G)
        n, tr, tot = G.shape[0], float(xp.trace(G)), float(xp.sum(G))
        delta = float(diversity(G)) if tot > 0 else math.inf
        return cls(int(n), tr, tot, tot - tr, delta, n * delta)

    @classmethod
    def from_sums(cls, n: int, sum_sq, norm_sum_sq) -> Diversity:
        """From Σ‖∇f_i‖² and ‖Σ∇f_i‖² computed without a Gram (the same ratio as ``ghost.diversity``)."""
        tr, tot = float(sum_sq), float(norm_sum_sq)
        delta = tr / tot if tot > 0 else math.inf
        return cls(int(n), tr, tot, tot - tr, delta, n * delta)


def diversity_from_signals(layers) -> Diversity:
    """Δ_S from ``[(A_ℓ, B_ℓ)]`` without the n × n Gram: tr G = Σ_ℓ Σ_i ‖b_i‖²‖a_i‖², 1ᵀG1 = Σ_ℓ ‖B_ℓᵀ A_ℓ‖_F²
    (the summed gradient)."""
    xp = array_namespace(layers[0][0])
    tr = sum(xp.sum(xp.sum(B * B, axis=1) * xp.sum(A * A, axis=1)) for A, B in layers)
    tot = sum(xp.sum((B.T @ A) ** 2) for A, B in layers)
    return Diversity.from_sums(layers[0][0].shape[0], tr, tot)


def lnn_diversity(Ws, Wstar, X, y=None) -> Diversity:
    """Gradient diversity of a linear network on (X, y = W*X or given labels)."""
    return diversity_from_signals(lnn_signals(Ws, Wstar, X, y))


def lnn_diversity_copies(Ws, X, y):
    """B_S = nΔ_S (and Δ_S) for G copies of a linear network at once (weights (G, K_ℓ, K_{ℓ-1})),
    labels y: returns (delta, B_S), arrays of shape (G,) (NaN/inf where a copy's gradients vanish).
    Same sums as ``diversity_from_signals``."""
    xp = array_namespace(X)
    G = Ws[0].shape[0]
    hs = [xp.broadcast_to(X, (G,) + X.shape)]
    for W in Ws:
        hs.append(hs[-1] @ W.transpose(0, 2, 1))
    e = hs[-1][..., 0] - y                                     # (G, n)
    rows = [xp.ones((G, 1, 1), dtype=X.dtype)]
    for W in reversed(Ws[1:]):
        rows.append(rows[-1] @ W)
    rows = rows[::-1]                                          # r_a as (G, 1, K_a)
    tr = 0.0
    tot = 0.0
    for a in range(len(Ws)):
        r2 = xp.sum(rows[a] ** 2, axis=(1, 2))                 # ‖r_a‖²
        h = hs[a]                                              # (G, n, K_{a-1})
        tr = tr + r2 * xp.sum(e * e * xp.sum(h * h, axis=2), axis=1)
        eh = xp.einsum("gn,gnk->gk", e, h)                     # Σ_i e_i h_i
        tot = tot + r2 * xp.sum(eh * eh, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = tr / tot
    return delta, X.shape[0] * delta


def batch_bound_draws(dims, n: int, draws: int, rng) -> list:
    """B_S of ``draws`` independent draws of a student, a teacher (N(0,1) weights) and n N(0,1) inputs (003 Thm 3:
    the expectation of the ratio, beside Thm 3's ratio of expectations)."""
    out = []
    for _ in range(draws):
        Ws, Wst = init_weights(dims, rng), init_weights(dims, rng)
        out.append(lnn_diversity(Ws, Wst, rng.standard_normal((n, dims[0]))).batch_bound)
    return out


# ---- 2-layer linear networks, many draws at once (003 Thm 1) --------------------------------------

def two_layer_lnn_sums_batched(W1, w2, ustar, X):
    """Batched 2-layer LNN sums over R draws: W1 (R,K,d), w2 (R,K), teacher vector u* = W1*ᵀw2* (R,d),
    X (R,n,d). Returns (Σ_i‖∇f_i‖², ‖Σ_i∇f_i‖²), each of shape (R,). O(R n K d)."""
    xp = array_namespace(W1)
    u = xp.einsum("rkd,rk->rd", W1, w2)
    e = xp.einsum("rnd,rd->rn", X, u - ustar)
    H = xp.einsum("rnd,rkd->rnk", X, W1)                       # hidden activations W1 x_i
    w2sq = xp.sum(w2 * w2, axis=1)
    s1 = xp.sum(e * e * (w2sq[:, None] * xp.sum(X * X, axis=2) + xp.sum(H * H, axis=2)), axis=1)
    g = xp.einsum("rn,rnd->rd", e, X)                           # Σ e_i x_i
    gw2 = xp.einsum("rkd,rd->rk", W1, g)                        # ∇_{w2} total = W1 Σ e_i x_i
    s2 = w2sq * xp.sum(g * g, axis=1) + xp.sum(gw2 * gw2, axis=1)
    return s1, s2


def two_layer_lnn_batch_bounds(K: int, d: int, n: int, draws: int, rng, dist: str = "gaussian",
                               mean: float = 0.0, xp=np):
    """B_S = nΔ_S of ``draws`` independent 2-layer LNNs (003 Thm 1): student W1 (K×d), w2, teacher W1*, w2* and
    data X (n×d), all entries i.i.d. from ``draw(dist, mean)``. Shape (draws,)."""
    W1, w2, X = draw(rng, (draws, K, d), xp, dist, mean), draw(rng, (draws, K), xp, dist, mean), \
        draw(rng, (draws, n, d), xp, dist, mean)
    ustar = xp.einsum("rkd,rk->rd", draw(rng, (draws, K, d), xp, dist, mean), draw(rng, (draws, K), xp, dist, mean))
    s1, s2 = two_layer_lnn_sums_batched(W1, w2, ustar, X)
    return n * s1 / s2
