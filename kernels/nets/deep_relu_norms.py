"""Spectral norms of the products and backward matrices of the deep ReLU net (001_8899e8ddccc39226.txt,
Sec. 7.2-7.3), matrix-free.

``product_operator`` applies M = W_b D_{i,b-1} W_{b-1} ⋯ D_{i,a} W_a (Lemma 7.3) and Mᵀ to blocks of vectors;
``top_singular`` finds ‖M‖_2 by block subspace iteration with Rayleigh-Ritz (never an m x m product);
``sparse_top_singular`` searches max ‖M u‖ over s-sparse unit u (truncated power method, a lower bound on
the sparse supremum). ``product_norms`` and ``back_norms`` apply them to every sample of a forward pass:
the products of Lemma 7.3 (a)-(c) and the backward matrices Back_{i,a} of Lemma 7.4 (001 Def. 2.5).

Array code runs on NumPy or CuPy (the namespace of the net's arrays).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import backend as backends
from ..errors import InputError
from .deep_relu import DeepReLU, Forward, back_blocks, vector_norm


def product_operator(net: DeepReLU, fwd: Forward, i: int, a: int, b: int):
    """(apply, rapply) for M = W_b D_{i,b-1} W_{b-1} ... D_{i,a} W_a (001 Lemma 7.3), m x m, matrix-free:
    apply(V) = M V and rapply(U) = Mᵀ U for blocks V, U of shape (m, k)."""
    if not 1 <= a <= b <= net.L:
        raise InputError("a/b", f"need 1 <= a <= b <= L={net.L} (got a={a}, b={b})")
    masks = fwd.masks

    def apply(V):
        V = net.weight(a) @ V
        for layer in range(a, b):
            V = net.weight(layer + 1) @ (masks[layer, i][:, None] * V)
        return V

    def rapply(U):
        for layer in range(b, a, -1):
            U = masks[layer - 1, i][:, None] * (net.weight(layer).T @ U)
        return net.weight(a).T @ U

    return apply, rapply



@dataclass(frozen=True)
class TopSingular:
    """sigma: the top Ritz value, a lower bound on ||M||_2 up to rounding (interlacing);
    residual = ||Mᵀu - sigma v|| (some singular value lies within it); u, v the Ritz vectors."""
    sigma: float
    residual: float
    iterations: int
    converged: bool
    u: object = None
    v: object = None

    @property
    def upper(self) -> float:
        return self.sigma + self.residual


def _orth(Y):
    xp = backends.array_namespace(Y)
    Q, _ = xp.linalg.qr(Y)
    return Q


def top_singular(apply, rapply, n_in: int, rng: np.random.Generator, xp=np, block: int = 8,
                 tol: float = 1e-7, max_iter: int = 500) -> TopSingular:
    """Largest singular value of an operator given by apply/rapply (block subspace iteration on MᵀM
    with Rayleigh-Ritz each step). Stops when the top Ritz value changes by < tol (relative)."""
    k = max(1, min(int(block), int(n_in)))
    Q = _orth(backends.standard_normal(rng, (n_in, k), xp))
    prev, conv, it = None, False, 0
    for it in range(1, max_iter + 1):
        Y = apply(Q)
        Uy, S, Zt = xp.linalg.svd(Y, full_matrices=False)
        sigma = float(S[0])
        Qnew = _orth(rapply(Y))
        if prev is not None and abs(sigma - prev) <= tol * max(sigma, 1e-300):
            conv = True
            break
        prev = sigma
        Q = Qnew
    v = Q @ Zt[0]
    u = Uy[:, 0]
    r = rapply(u[:, None])[:, 0] - sigma * v
    return TopSingular(sigma, float(vector_norm(r)), it, conv, u, v)


def _truncate(v, s: int):
    xp = backends.array_namespace(v)
    idx = xp.argsort(-xp.abs(v))[:s]
    out = xp.zeros_like(v)
    out[idx] = v[idx]
    return out / vector_norm(out), idx


def sparse_top_singular(apply, rapply, n_in: int, s: int, v0, iters: int = 30) -> tuple:
    """max ||M u|| over unit u with ||u||_0 <= s, searched adversarially by the truncated power method
    (Yuan & Zhang 2013) from v0, then computed exactly on the support found: σ_max(M[:, S]).
    Returns (value, support). A lower bound on the true sparse maximum (it is a search)."""
    xp = backends.array_namespace(v0)
    s = max(1, min(int(s), int(n_in)))
    v, idx = _truncate(v0, s)
    prev = None
    for _ in range(iters):
        w = rapply(apply(v[:, None]))[:, 0]
        v, idx = _truncate(w, s)
        key = tuple(sorted(int(t) for t in backends.to_numpy(idx)))
        if key == prev:
            break
        prev = key
    E = xp.zeros((n_in, s))
    E[idx, xp.arange(s)] = 1.0
    MS = apply(E)
    return float(xp.linalg.svd(MS, compute_uv=False)[0]), backends.to_numpy(idx)



@dataclass(frozen=True)
class ProductNorms:
    """Maxima over the samples of ‖M_i‖_2 for M_i = W_b D_{i,b-1} ⋯ D_{i,a} W_a (top Ritz value, its residual
    and iteration count) and of the sparse searches ‖M_i v‖ over s-sparse unit v (``sparse_right``, from the
    top right singular vector) and ‖uᵀ M_i‖ over s-sparse unit u (``sparse_left``, from the left one)."""
    sigma: float
    residual: float
    iterations: int
    sparse_right: float
    sparse_left: float


def product_norms(net: DeepReLU, fwd: Forward, a: int, b: int, s: int, rng: np.random.Generator,
                  tol: float = 1e-5) -> ProductNorms:
    """001 Lemma 7.3 (a)-(c) for every sample of ``fwd``: ‖W_b D_{i,b-1} ⋯ D_{i,a} W_a‖_2 and its s-sparse
    restrictions on the right and on the left, maximized over i (one random start per sample, from rng)."""
    norms, right, left, res, iters = [], [], [], [], []
    for i in range(fwd.masks.shape[1]):
        ap, rap = product_operator(net, fwd, i, a, b)
        ts = top_singular(ap, rap, net.m, rng, net.xp, tol=tol)
        norms.append(ts.sigma)
        res.append(ts.residual)
        iters.append(ts.iterations)
        right.append(sparse_top_singular(ap, rap, net.m, s, ts.v)[0])       # ‖M v‖ over s-sparse v
        left.append(sparse_top_singular(rap, ap, net.m, s, ts.u)[0])        # ‖uᵀ M‖ over s-sparse u
    return ProductNorms(max(norms), max(res), max(iters), max(right), max(left))


@dataclass(frozen=True)
class BackNorms:
    """max over a = 1..L+1 and samples i of ‖Back_{i,a}‖_2 (and the a attaining it), and max over a of the
    s-sparse search max ‖Back_{i,a} u‖ over s-sparse unit u for the sample ``sample``."""
    norm: float
    argmax_a: int
    sparse: float


def back_norms(net: DeepReLU, fwd: Forward, s: int, sample: int = 0) -> BackNorms:
    """001 Lemma 7.4: ‖Back_{i,a}‖_2 = ‖B D_{i,L} W_L ⋯ D_{i,a} W_a‖_2 exactly from the d_out x d_out Gram
    Back Backᵀ (one top-down pass, ``back_blocks``), and part (a)'s s-sparse search on Back_{sample,a}
    started from its top right singular vector."""
    xp = net.xp
    best, best_a, sparse = 0.0, -1, 0.0
    for a, back in back_blocks(net, fwd):
        for i in range(fwd.masks.shape[1]):
            Bk = back[i]                                                  # Back_{i,a}, d x m
            ev, U = xp.linalg.eigh(Bk @ Bk.T)                             # d x d: σ² and left vectors
            sig = math.sqrt(max(0.0, float(backends.to_numpy(ev[-1]))))
            if sig > best:
                best, best_a = sig, a
            if i == sample:
                v1 = Bk.T @ U[:, -1]                                      # top right singular direction
                val = sparse_top_singular(lambda V: Bk @ V, lambda U_: Bk.T @ U_, net.m, s, v1)[0]
                sparse = max(sparse, val)
    return BackNorms(best, best_a, sparse)
