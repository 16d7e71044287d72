"""Linear networks, 2-layer nonlinear networks, per-example gradient Grams and gradient diversity.

Setting of 003 (Chen et al., *The effect of network width on the performance of large-batch
training*), Sec. 3: ``ŷ = W_L ⋯ W_1 x`` with ``W_ℓ ∈ R^{K_ℓ × K_{ℓ-1}}``, ``K_0 = d``, ``K_L = 1``,
square loss ``f_i = ½(ŷ_i − y_i)²`` with realizable labels ``y_i = W* x_i`` from a teacher of the
same shape. Shapes are given as ``dims = (K_0, K_1, …, K_{L-1})`` (the output width 1 is implied).

Per-example gradients are never materialized. A dense layer's per-example gradient is an outer
product, ``∇_{W_ℓ} f_i = b_{ℓ,i} a_{ℓ-1,i}ᵀ`` (b: the backprop signal of the layer's output,
a: its input), so the per-example gradient Gram is

    G = Σ_ℓ (B_ℓ B_ℓᵀ) ⊙ (A_{ℓ-1} A_{ℓ-1}ᵀ)            (the "ghost" dot product)

at cost O(n² Σ K_ℓ), independent of the parameter count. Gradient diversity (003 Def. 1):
``Δ_S = Σ‖∇f_i‖² / ‖Σ∇f_i‖² = tr G / 1ᵀG1`` and the batch bound ``B_S = n Δ_S``.

Array code is written once for NumPy and CuPy (namespace taken from the inputs).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import activations as acts
from ..backend import array_namespace, standard_normal
from ..errors import InputError

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


# ---- linear networks: forward, signals, Gram ----------------------------------------------------

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


def residuals(Ws, Wstar, X):
    """e_i = ŷ_i − y_i = (W − W*) x_i, shape (n,)."""
    return X @ (end_to_end(Ws) - end_to_end(Wstar))


def lnn_signals(Ws, Wstar, X, y=None):
    """(As, Bs): per layer a = 1..L the layer input A_{a-1} (n, K_{a-1}) and the output signal
    B_a (n, K_a) with ∇_{W_a} f_i = B_a[i] A_{a-1}[i]ᵀ; for a linear net B_a[i] = e_i r_a.
    Labels: y = W* x (teacher ``Wstar``), or given directly as ``y`` (then ``Wstar`` is ignored)."""
    A = forward(Ws, X)
    e = A[-1][:, 0] - (X @ end_to_end(Wstar) if y is None else y)
    rows = backward_rows(Ws)
    return A[:-1], [e[:, None] * r[None, :] for r in rows]


def per_example_gram(As, Bs):
    """G_ij = <∇f_i, ∇f_j> = Σ_ℓ (B_ℓ B_ℓᵀ)_ij (A_ℓ A_ℓᵀ)_ij for dense layers (sum-reduced losses)."""
    G = None
    for A, B in zip(As, Bs):
        term = (B @ B.T) * (A @ A.T)
        G = term if G is None else G + term
    return G


def per_layer_gram(As, Bs) -> list:
    """The layer terms (B_ℓ B_ℓᵀ) ⊙ (A_ℓ A_ℓᵀ) separately."""
    return [(B @ B.T) * (A @ A.T) for A, B in zip(As, Bs)]


def lnn_gram(Ws, Wstar, X):
    """Per-example gradient Gram of a linear network (n × n)."""
    return per_example_gram(*lnn_signals(Ws, Wstar, X))


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
    n: int
    sum_sq: float          # Σ_i ‖∇f_i‖² = tr G
    norm_sum_sq: float     # ‖Σ_i ∇f_i‖² = 1ᵀ G 1
    cross: float           # Σ_{i≠j} <∇f_i, ∇f_j>
    delta: float           # Δ_S = sum_sq / norm_sum_sq   (003 Def. 1)
    batch_bound: float     # B_S = n Δ_S

    def as_dict(self) -> dict:
        return {"n": self.n, "sum_sq": self.sum_sq, "norm_sum_sq": self.norm_sum_sq, "cross": self.cross,
                "delta": self.delta, "B_S": self.batch_bound}


def _diversity(n, tr, tot) -> Diversity:
    tr, tot = float(tr), float(tot)
    delta = tr / tot if tot > 0 else float("inf")
    return Diversity(int(n), tr, tot, tot - tr, delta, n * delta)


def diversity_from_gram(G) -> Diversity:
    """Δ_S and B_S from a per-example gradient Gram."""
    xp = array_namespace(G)
    return _diversity(G.shape[0], xp.trace(G), xp.sum(G))


def diversity_from_signals(As, Bs) -> Diversity:
    """Δ_S without the n × n Gram: tr G = Σ_ℓ Σ_i ‖b_i‖²‖a_i‖², 1ᵀG1 = Σ_ℓ ‖B_ℓᵀ A_ℓ‖_F² (the summed gradient)."""
    xp = array_namespace(As[0])
    tr = sum(xp.sum(xp.sum(B * B, axis=1) * xp.sum(A * A, axis=1)) for A, B in zip(As, Bs))
    tot = sum(xp.sum((B.T @ A) ** 2) for A, B in zip(As, Bs))
    return _diversity(As[0].shape[0], tr, tot)


def lnn_diversity(Ws, Wstar, X, y=None) -> Diversity:
    """Gradient diversity of a linear network on (X, y = W*X or given labels)."""
    return diversity_from_signals(*lnn_signals(Ws, Wstar, X, y))


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


# ---- 2-layer nonlinear networks (003 Sec. 4, Theorem 2; App. B) ---------------------------------

def two_layer_signals(W1, w2, W1s, w2s, X, activation):
    """ŷ = w2ᵀσ(W1 x), y = w2*ᵀσ(W1* x). Returns (As, Bs) for layers (W1, w2):
    ∇_{W1} f_i = e_i (w2 ⊙ σ'(W1 x_i)) x_iᵀ, ∇_{w2} f_i = e_i σ(W1 x_i)."""
    act = acts.get(activation)
    Z = X @ W1.T
    A = act.phi(Z)
    e = A @ w2 - act.phi(X @ W1s.T) @ w2s
    return [X, A], [e[:, None] * (w2[None, :] * act.dphi(Z)), e[:, None]]


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



def lnn_diversity_copies(Ws, X, y):
    """B_S = nΔ_S (and Δ_S) for G copies of a linear network at once (weights (G, K_ℓ, K_{ℓ-1})),
    labels y: returns (delta, B_S), arrays of shape (G,). Same sums as ``diversity_from_signals``."""
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


# ---- mini-batch SGD on a linear network (003 Sec. 3, eq. 3.1; Sec. 5 synthetic experiment) -------

def full_loss(Ws, X, y):
    """(1/n) Σ_i ½(ŷ_i − y_i)²; weights may carry a leading copy axis (G, K_ℓ, K_{ℓ-1}) -> shape (G,)."""
    xp = array_namespace(X)
    out = X
    for W in Ws:
        out = out @ (W.transpose(0, 2, 1) if W.ndim == 3 else W.T)
    e = out[..., 0] - y
    return 0.5 * xp.mean(e * e, axis=-1)


def sgd(Ws0, X, y, lrs, batch: int, rng, epochs: int | None = None, steps: int | None = None,
        reduce: str = "mean", sampling: str = "epoch", tol: float | None = None,
        diverge: float = 1e8, record_every: int | None = None, on_record=None):
    """Mini-batch SGD on f_i = ½(W x_i − y_i)² for G copies at once (one per entry of ``lrs``).

    Update (003 eq. 3.1): w ← w − γ g, g = Σ_{i∈batch} ∇f_i (``reduce="sum"``) or the batch mean
    (``"mean"``: the paper subsumes 1/B into γ). ``sampling``: "epoch" (shuffled passes without
    replacement, one permutation shared by the copies) or "replacement" (each copy draws its own
    indices uniformly with replacement, as in eq. 3.1: independent sample paths).
    Runs ``epochs`` passes of n // batch iterations, or exactly ``steps`` iterations; records the full
    loss every ``record_every`` iterations (default: once per pass) and calls ``on_record(t, Ws)``.
    A copy whose loss exceeds ``diverge`` × its initial loss (or is not finite) is frozen and marked
    diverged. With ``tol``, stops once every live copy has loss ≤ tol × initial loss.
    Returns {"losses": (records, G), "steps": [...], "reached": first record index with loss ≤ tol
    × initial (or -1), "diverged": (G,), "weights": final copies}."""
    xp = array_namespace(X)
    n = X.shape[0]
    if not 1 <= batch <= n:
        raise InputError("batch", f"must be in [1, n={n}] (got {batch})")
    if reduce not in ("mean", "sum"):
        raise InputError("reduce", f"must be 'mean' or 'sum' (got {reduce!r})")
    if sampling not in ("epoch", "replacement"):
        raise InputError("sampling", f"must be 'epoch' or 'replacement' (got {sampling!r})")
    lrs = xp.asarray(lrs, dtype=float).reshape(-1)
    G = lrs.shape[0]
    per_epoch = max(1, n // batch)
    total = int(steps) if steps is not None else int(epochs) * per_epoch
    every = int(record_every or per_epoch)
    Ws = [xp.broadcast_to(W, (G,) + W.shape).copy() for W in Ws0]
    loss0 = full_loss(Ws, X, y)
    losses, at = [loss0], [0]
    alive = xp.ones(G, dtype=bool)
    reached = np.full(G, -1)
    scale = 1.0 / batch if reduce == "mean" else 1.0
    order = None
    if on_record is not None:
        on_record(0, Ws)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(total):
            if sampling == "epoch":
                if t % per_epoch == 0:
                    order = rng.permutation(n)
                idx = order[(t % per_epoch) * batch:(t % per_epoch + 1) * batch]
                h = xp.broadcast_to(X[idx], (G, batch, X.shape[1]))
                yb = y[idx][None, :]
            else:
                idx = rng.integers(0, n, size=(G, batch))
                h, yb = X[idx], y[idx]
            hs = [h]
            for W in Ws:
                hs.append(hs[-1] @ W.transpose(0, 2, 1))
            delta = (hs[-1][..., 0] - yb)[..., None] * scale          # (G, B, 1)
            step = xp.where(alive, lrs, 0.0)[:, None, None]
            for ell in range(len(Ws) - 1, -1, -1):
                grad = delta.transpose(0, 2, 1) @ hs[ell]              # (G, K_ℓ, K_{ℓ-1})
                if ell:
                    delta = delta @ Ws[ell]
                Ws[ell] = Ws[ell] - step * grad
            if (t + 1) % every == 0 or t + 1 == total:
                cur = full_loss(Ws, X, y)
                bad = ~xp.isfinite(cur) | (cur > diverge * loss0)
                alive = alive & ~bad
                Ws = [xp.where(alive[:, None, None], W, 0.0) for W in Ws]
                losses.append(xp.where(alive, cur, xp.inf))
                at.append(t + 1)
                if on_record is not None:
                    on_record(t + 1, Ws)
                if tol is not None:
                    ok = to_np_bool(alive & (cur <= tol * loss0))
                    reached[ok & (reached < 0)] = len(losses) - 1
                    if bool(xp.all(~alive | (cur <= tol * loss0))):
                        break
    return {"losses": xp.stack(losses), "steps": at, "reached": reached, "diverged": ~to_np_bool(alive),
            "weights": Ws}


def to_np_bool(a):
    """A NumPy bool array from a NumPy/CuPy array."""
    return np.asarray(a.get() if hasattr(a, "get") else a, dtype=bool)
