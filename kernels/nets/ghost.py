"""Per-example gradient Gram ``G_ij = <∇f_i, ∇f_j>`` over all parameters, without per-example gradients.

For a dense layer ``z = W a (+ b)`` the per-example gradient is the outer product
``∇_W f_i = b_i a_iᵀ`` (000 App. D.3: ``∇_{W_p} f_i = g_p(x_i) H_{p-1}(x_i)ᵀ`` times ζ_i), so

    <∇_W f_i, ∇_W f_j> = (b_iᵀ b_j)(a_iᵀ a_j)   and   G = Σ_l (B_l B_lᵀ) ⊙ (A_l A_lᵀ [+ 1 with a bias])

with ``A_l`` (n × in_l) the layer inputs and ``B_l`` (n × out_l) the backprop signals ∂f_i/∂z_l
(the "ghost dot-product"; Opacus' ghost clipping uses the same identity). The cost is
O(n² Σ_l (in_l + out_l)) and never depends on the parameter count.

``gradient_gram`` streams over blocks of samples: the signals of one block are computed by a
forward/backward pass of that block only, and G is filled block pair by block pair, so memory
is O(block·width·(β+1) + n²) (plus a cache of signals up to ``cache_bytes``; past it the signals
of the other block are recomputed). Losses are sum-reduced: ∇f_i is the gradient of the i-th
term itself (a mean-reduced loss would carry a 1/n factor into every gradient).

From G: gradient confusion (002 Def. 2.1: the bound η with <∇f_i,∇f_j> >= −η for i ≠ j, i.e.
``−min_{i≠j} G_ij``), pairwise cosines, and gradient diversity ``tr(G)/1ᵀG1`` (003 Def. 1:
Σ‖∇f_i‖²/‖Σ∇f_i‖²).

``per_example_gradients`` is the naive reference route (materializes the n × P matrix of
per-example gradients); ``finite_difference_gradients`` a second, derivative-free reference.
"""
from __future__ import annotations

import numpy as np

from ..backend import array_namespace, offdiag_upper, std_namespace
from ..errors import InputError
from .mlp import MLP, backward_signals, forward, loss_value, loss_zeta

_CACHE_BYTES = 256 * 2**20


def _T(a, xp):
    return xp.matrix_transpose(a)       # xp: a std_namespace


def layer_signals(net: MLP, X, y=None, loss: str | None = "square"):
    """``[(A_l, B_l)]`` for every layer: inputs (..., n, in_l) and signals ∂f_i/∂z_l (..., n, out_l).

    ``loss=None`` gives the signals of g itself (∇g instead of ∇f); otherwise ``y`` are the labels C(x_i).
    """
    xp = array_namespace(X, *net.weights)
    g, A, Z = forward(net, X)
    if loss is not None and y is None:
        raise InputError("y", f"labels are needed for loss {loss!r}")
    zeta = loss_zeta(loss, g, y)
    B = backward_signals(net, A, Z, zeta)
    return list(zip(A, B)), g, zeta, xp


def layer_term(A_i, B_i, A_j=None, B_j=None, *, bias: bool = False):
    """One dense layer's share of the per-example gradient Gram, (B_i B_jᵀ) ⊙ (A_i A_jᵀ [+ 1 with a bias]).

    For z = W a (+ b) the per-example gradient is the outer product b_i a_iᵀ (000 App. D.3), so
    <∇_W f_i, ∇_W f_j> = (b_iᵀ b_j)(a_iᵀ a_j). Leading (batch) axes broadcast; j defaults to i.
    """
    A_j = A_i if A_j is None else A_j
    B_j = B_i if B_j is None else B_j
    xp = std_namespace(A_i, B_i)
    AA = xp.matmul(A_i, _T(A_j, xp))
    if bias:
        AA = AA + 1.0
    return xp.matmul(B_i, _T(B_j, xp)) * AA


def signal_gram(layers_i, layers_j=None, *, bias: bool = False):
    """The per-example gradient Gram G = Σ_l (B_l B_lᵀ) ⊙ (A_l A_lᵀ) from the layer inputs A_l and the
    backprop signals B_l, ``[(A_l, B_l)]`` (the "ghost" identity; sum-reduced losses). With ``layers_j``
    the cross block between two sets of samples."""
    layers_j = layers_i if layers_j is None else layers_j
    G = None
    for (Ai, Bi), (Aj, Bj) in zip(layers_i, layers_j):
        term = layer_term(Ai, Bi, Aj, Bj, bias=bias)
        G = term if G is None else G + term
    return G


def gradient_gram(net: MLP, X, y=None, loss: str | None = "square", *, block: int | None = None,
                  cache_bytes: int = _CACHE_BYTES):
    """G_ij = <∇_W f_i, ∇_W f_j> over every weight (and bias) of ``net``; shape (..., n, n).

    Batched inputs (extra leading axes on X or on the weights) are computed in one go; a 2-D X
    with ``block < n`` is streamed over blocks of ``block`` samples (see module doc).
    """
    xp = array_namespace(X, *net.weights)
    X = xp.asarray(X)
    if X.ndim < 2:
        raise InputError("X", f"must have shape (..., n, d) (got {X.shape})")
    n = X.shape[-2]
    bias = net.biases is not None
    batched = X.ndim > 2 or any(W.ndim > 2 for W in net.weights)
    if block is not None and (isinstance(block, bool) or not isinstance(block, (int, np.integer)) or block < 1):
        raise InputError("block", f"must be an integer >= 1 (got {block!r})")
    if block is None or block >= n or batched:
        sig, _, _, _ = layer_signals(net, X, y, loss)
        return signal_gram(sig, bias=bias)
    yv = None if y is None else xp.asarray(y)
    starts = list(range(0, n, block))

    def sig_of(s):
        e = min(s + block, n)
        return layer_signals(net, X[s:e, ...], None if yv is None else yv[s:e], loss)[0]

    per_block = 8 * block * sum(int(W.shape[-1] + W.shape[-2]) for W in net.weights)
    keep = per_block * len(starts) <= cache_bytes
    cache: dict = {}
    G = xp.zeros((n, n))
    for bi, si in enumerate(starts):
        sig_i = cache.get(si) or sig_of(si)
        if keep:
            cache[si] = sig_i
        ei = min(si + block, n)
        for sj in starts[:bi + 1]:
            ej = min(sj + block, n)
            sig_j = sig_i if sj == si else (cache.get(sj) or sig_of(sj))
            Gb = signal_gram(sig_i, sig_j, bias=bias)
            G[si:ei, sj:ej] = Gb
            if sj != si:
                G[sj:ej, si:ei] = Gb.T
    return G


def per_example_gradients(net: MLP, X, y=None, loss: str | None = "square"):
    """The naive route: the matrix J (..., n, P) of per-example gradients, flattened layer by layer
    (W_0, [b_0], W_1, ...). Memory O(n P): for tests, small claims and the benchmark baseline."""
    sig, _, _, xp = layer_signals(net, X, y, loss)
    parts = []
    bias = net.biases is not None
    for A, B in sig:
        outer = B[..., :, None] * A[..., None, :]                # (..., n, out, in)
        parts.append(xp.reshape(outer, tuple(outer.shape[:-2]) + (-1,)))
        if bias:
            parts.append(B)
    return std_namespace(*parts).concat(parts, axis=-1)


def flat_params(net: MLP):
    """Parameters flattened in the order of ``per_example_gradients`` (2-D weights only)."""
    parts = []
    for p, W in enumerate(net.weights):
        parts.append(np.asarray(W).reshape(-1))
        if net.biases is not None:
            parts.append(np.asarray(net.biases[p]).reshape(-1))
    return np.concatenate(parts)


def unflatten(net: MLP, theta) -> MLP:
    """A copy of ``net`` with parameters taken from the flat vector ``theta``."""
    Ws, bs, k = [], ([] if net.biases is not None else None), 0
    for p, W in enumerate(net.weights):
        size = int(np.prod(W.shape))
        Ws.append(np.asarray(theta[k:k + size]).reshape(W.shape))
        k += size
        if bs is not None:
            nb = int(net.biases[p].shape[-1])
            bs.append(np.asarray(theta[k:k + nb]))
            k += nb
    return net.with_weights(Ws, bs)


def finite_difference_gradients(net: MLP, X, y=None, loss: str | None = "square", h: float = 1e-6):
    """Per-example gradients by central differences of f_i (or g_i with loss None): a reference
    independent of backprop, O(P) forward passes (tiny nets only)."""
    theta = flat_params(net)
    X = np.asarray(X)
    n = X.shape[0]
    J = np.empty((n, theta.size))

    def f(th):
        g = forward(unflatten(net, th), X)[0]
        return g if loss is None else loss_value(loss, g, y)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = h
        J[:, k] = (f(theta + e) - f(theta - e)) / (2 * h)
    return J


# ---------------------------------------------------------------- statistics of G

def offdiag(G):
    """The off-diagonal entries of G (..., n, n) as (..., n(n-1)/2) (upper triangle)."""
    return offdiag_upper(G)


def min_offdiag(G):
    """min_{i≠j} G_ij (..., ): gradient confusion holds with η iff this is >= −η (002 Def. 2.1)."""
    return std_namespace(G).min(offdiag(G), axis=-1)


def confusion(G):
    """The smallest η >= 0 with <∇f_i, ∇f_j> >= −η for all i ≠ j (002 Def. 2.1)."""
    xp = std_namespace(G)
    return xp.maximum(-min_offdiag(G), 0.0)


def cosines(G, eps: float = 0.0):
    """Pairwise cosines G_ij / sqrt(G_ii G_jj) (NaN where a gradient vanishes)."""
    xp = std_namespace(G)
    dg = xp.sqrt(xp.maximum(xp.linalg.diagonal(G), 0.0))
    den = dg[..., :, None] * dg[..., None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return xp.where(den > eps, G / xp.where(den > eps, den, 1.0), xp.nan)


def min_cosine(G):
    """min_{i≠j} cos(∇f_i, ∇f_j), the normalized confusion the paper's experiments plot (002 Sec. 5)."""
    return std_namespace(G).min(offdiag(cosines(G)), axis=-1)


def diversity(G):
    """Gradient diversity Σ‖∇f_i‖² / ‖Σ∇f_i‖² = tr(G)/1ᵀG1 (003 Def. 1)."""
    xp = std_namespace(G)
    return xp.linalg.trace(G) / xp.sum(G, axis=(-2, -1))
