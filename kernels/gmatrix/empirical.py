"""The empirical G-matrix of 004 eq. 2 at initialization, streamed over chunks of neurons.

Empirical G (004 eq. 2, DZPS):   G_ij = (1/m) sum_k a_k^2 phi'(w_k.x_i) phi'(w_k.x_j) <x_i, x_j>
Init(fanin)/Init(fanout) (004 App. D.1): G_ij = eta sum_k a_k^2 phi'(w_k.x_i + b_k) phi'(w_k.x_j + b_k) <x_i,x_j>
with the variances and eta of App. D. G = (XX^T) ⊙ (D^T D) with D_ki = a_k phi'(w_k.x_i + b_k) scaled,
so the streamed route accumulates D^T D over chunks of neurons: memory O(chunk*(n+d) + n^2)
whatever m is, and the md x n matrix M of 004 Sec. 2 is never formed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import activations as acts
from ..backend import Backend, select, standard_normal, to_numpy
from ..data import as_points, require_unit
from ..errors import InputError
from .spectrum import Spectrum, spectrum

_CHUNK_BYTES = 64 * 2**20
_EPS = float(np.finfo(float).eps)
INITS = ("dzps", "fanin", "fanout")


@dataclass(frozen=True)
class InitScheme:
    w_std: float
    a_std: float
    b_std: float
    eta: float


def init_scheme(init: str, m: int, d: int) -> InitScheme:
    """Weight scales: DZPS (004 Sec. 2), Init(fanin) and Init(fanout) (004 App. D, D.1)."""
    if init == "dzps":
        return InitScheme(1.0, 1.0, 0.0, 1.0 / m)
    if init == "fanin":     # w ~ N(0, I/d), a ~ N(0, 1/m), b ~ N(0, 0.1^2), eta = 1
        return InitScheme(d ** -0.5, m ** -0.5, 0.1, 1.0)
    if init == "fanout":    # w ~ N(0, I/m), a ~ N(0, 1), b ~ N(0, 1/m), eta = 1/m
        return InitScheme(m ** -0.5, 1.0, m ** -0.5, 1.0 / m)
    raise InputError("init", f"must be one of {', '.join(INITS)} (got {init!r})")


def check_count(m, name: str = "m", what: str = "the number of neurons") -> int:
    """An integer >= 1 (neurons, samples), or an InputError naming ``name``."""
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise InputError(name, f"{what} must be an integer >= 1 (got {m!r})")
    return int(m)


def default_chunk(n: int, d: int) -> int:
    return max(1, int(_CHUNK_BYTES // (8 * 3 * (n + d))))


def empirical_gram(X, activation, m: int, rng: np.random.Generator, init: str = "dzps",
                   chunk: int | None = None, backend: Backend | None = None,
                   unit: bool = True, progress=None) -> np.ndarray:
    """The empirical G-matrix at initialization, streamed over chunks of neurons.

    Returns a NumPy (n, n) array. ``unit`` enforces Assumption 1 (004 Sec. 2). ``progress``, if given, is
    called as progress(done_neurons, m) after each chunk (it does not change the result).
    """
    X = require_unit(X) if unit else as_points(X)
    act = acts.get(activation)
    m = check_count(m)
    be = backend or select("numpy")
    xp = be.xp
    n, d = X.shape
    sc = init_scheme(init, m, d)
    chunk = default_chunk(n, d) if chunk is None else int(chunk)
    if chunk < 1:
        raise InputError("chunk", f"must be >= 1 (got {chunk})")
    Xb = xp.asarray(X)
    acc = xp.zeros((n, n))
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        W = standard_normal(rng, (d, c), xp) * sc.w_std
        a = standard_normal(rng, (c,), xp) * sc.a_std
        Z = Xb @ W
        if sc.b_std:
            Z = Z + standard_normal(rng, (c,), xp) * sc.b_std
        D = act.dphi(Z) * a                     # (n, c): a_k phi'(w_k.x_i + b_k)
        acc += D @ D.T
        if progress is not None:
            progress(start + c, m)
    G = (Xb @ Xb.T) * acc * sc.eta
    return to_numpy(G)


def gram_from_M(X, activation, W: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Reference route of 004 Sec. 2: build M in R^{md x n}, M_{d(k-1)+1:dk, i} = a_k phi'(w_k.x_i) x_i; G = M^T M / m.

    W has shape (d, m) (columns w_k), a shape (m,). Memory O(m d n): for tests and benchmarks only.
    """
    X = as_points(X)
    act = acts.get(activation)
    n, d = X.shape
    m = W.shape[1]
    S = act.dphi(X @ W) * a                            # (n, m)
    M = (S.T[:, None, :] * X.T[None, :, :]).reshape(m * d, n)
    return M.T @ M / m


def g0_spectrum(X, activation, m: int, rng: np.random.Generator, backend: Backend | None = None,
                init: str = "dzps") -> Spectrum:
    """Spectrum of the empirical G^(0); the floor adds the accumulation error eps*sqrt(m)*max|G|."""
    G = empirical_gram(X, activation, m, rng, init=init, backend=backend)
    return spectrum(G, error_bound=_EPS * math.sqrt(m) * float(np.abs(G).max()))


def trace_g0(X, activation, m: int, rng: np.random.Generator, backend: Backend | None = None,
             chunk: int = 65536) -> float:
    """tr(G^(0)) for DZPS weights (004 App. E: tr G = (1/m) sum_k a_k^2 sum_i phi'(w_k.x_i)^2), streamed over
    chunks of neurons: only the diagonal is formed, so memory is O(chunk (n + d)) whatever m is."""
    X = as_points(X)
    act = acts.get(activation)
    m = check_count(m)
    xp = (backend or select("numpy")).xp
    Xb = xp.asarray(X)
    total = 0.0
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        W = standard_normal(rng, (X.shape[1], c), xp)
        a = standard_normal(rng, (c,), xp)
        total += float((act.dphi(Xb @ W) ** 2).sum(axis=0) @ (a * a))
    return total / m
