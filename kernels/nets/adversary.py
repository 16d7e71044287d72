"""The smallest gradient inner product in a parameter ball: projected ascent on the worst pair (000 Cor. 5.1).

000 Cor. 5.1 (App. D.3.1) bounds the confusion uniformly over W' ∈ B_r(W). ``ball_min`` approaches
min_{W' ∈ B_r(W)} min_{i≠j} <∇f_i(W'), ∇f_j(W')> from above (so a failure rate built on it is a lower bound
on the true one): per trial, the currently worst pair (i, j) is pushed down by a step of length r along
−∇_W <∇f_i, ∇f_j> = −(H_i ∇f_j + H_j ∇f_i), the Hessian-vector products by central differences of
per-example gradients, the accumulated shift projected back onto B_r; every pair is re-evaluated after each
step. Square loss; batched over trials (X of shape (T, N, d), one copy of the weights per trial).
"""
from __future__ import annotations

import numpy as np

from ..backend import array_namespace, to_numpy
from . import ghost, mlp

FD_STEP = 1e-5          # central-difference step of the Hessian-vector products (along unit directions)


def shift(net: mlp.MLP, flat) -> mlp.MLP:
    """``net`` with parameters W + Δ, Δ given flat (T, P) in the order of ``ghost.per_example_gradients``
    (weights only); ``net``'s weights carry the trial axis T."""
    Ws, k = [], 0
    for W in net.weights:
        size = int(W.shape[-1] * W.shape[-2])
        Ws.append(W + flat[:, k:k + size].reshape(W.shape))
        k += size
    return mlp.MLP(Ws, net.activation)


def ball_min(net: mlp.MLP, X, y, r: float, steps: int):
    """(min_{i≠j} G_ij at W, the smallest value found in B_r(W) by ``steps`` projected steps), both of shape
    (T,), for the trials X (T, N, d) with labels y (T, N) (see module doc)."""
    xp = array_namespace(X, *net.weights)
    T, N = X.shape[0], X.shape[1]
    m0 = ghost.min_offdiag(ghost.gradient_gram(net, X, y, "square"))
    worst = m0
    base = mlp.MLP([xp.broadcast_to(W, (T,) + W.shape) * 1.0 for W in net.weights], net.activation)
    cur, delta = base, None
    iu = np.triu_indices(N, 1)
    t = xp.arange(T)
    for _ in range(steps):
        G = ghost.gradient_gram(cur, X, y, "square")
        k = to_numpy(xp.argmin(G[:, iu[0], iu[1]], axis=1))
        ii, jj = xp.asarray(iu[0][k]), xp.asarray(iu[1][k])
        Xi, Xj = X[t, ii][:, None, :], X[t, jj][:, None, :]
        yi, yj = y[t, ii][:, None], y[t, jj][:, None]
        gi = ghost.per_example_gradients(cur, Xi, yi, "square")[:, 0]
        gj = ghost.per_example_gradients(cur, Xj, yj, "square")[:, 0]
        h = FD_STEP
        hv = []
        for (Xa, ya), v in (((Xi, yi), gj), ((Xj, yj), gi)):
            nv = xp.linalg.norm(v, axis=1, keepdims=True)
            vn = v / xp.maximum(nv, 1e-300)
            gp = ghost.per_example_gradients(shift(cur, vn * h), Xa, ya, "square")[:, 0]
            gm = ghost.per_example_gradients(shift(cur, -vn * h), Xa, ya, "square")[:, 0]
            hv.append((gp - gm) / (2 * h) * nv)
        grad_h = hv[0] + hv[1]                                   # ∇_W <∇f_i, ∇f_j>
        step = -grad_h / xp.maximum(xp.linalg.norm(grad_h, axis=1, keepdims=True), 1e-300) * r
        delta = step if delta is None else delta + step
        nrm = xp.linalg.norm(delta, axis=1, keepdims=True)
        delta = delta * xp.minimum(1.0, r / xp.maximum(nrm, 1e-300))   # stay in B_r
        cur = shift(base, delta)
        worst = xp.minimum(worst, ghost.min_offdiag(ghost.gradient_gram(cur, X, y, "square")))
    return m0, worst
