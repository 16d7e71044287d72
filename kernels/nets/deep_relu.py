"""The deep ReLU network of Allen-Zhu, Li, Song (001_8899e8ddccc39226.txt), matrix-free.

Network (001 Sec. 2): ``h_0 = φ(A x)``, ``h_ℓ = φ(W_ℓ h_{ℓ-1})`` for ℓ = 1..L, ``y = B h_L``, φ = ReLU,
with the initialization of Definition 2.3: A (m x d_in) and W_ℓ (m x m) entries N(0, 2/m), B
(d_out x m) entries N(0, 1/d_out). Sign patterns (Definition 2.2) ``D_{i,ℓ} = 1{(W_ℓ h_{i,ℓ-1})_k >= 0}``
are kept as boolean masks (L+1, n, m), never as matrices; ℓ = 0 is the input layer A.

Memory. Each W_ℓ is regenerated on demand from its own seed, so at most one m x m layer is
needed at a time; layers are cached only while the cache holds at most ``cache_bytes``
(``cache_bytes=0``: strictly one layer at a time). Products ``W_b D_{b-1} W_{b-1} ... D_a W_a`` and
backward matrices ``Back_{i,a} = B D_{i,L} W_L ... D_{i,a} W_a`` (001 Def. 2.5) are only ever applied to
blocks of vectors; spectral norms come from block subspace (power) iterations with Rayleigh-Ritz,
never from an m x m product. Total memory O(n m + m^2) plus the masks (L+1) n m bytes.

Also here: Allen-Zhu-normalized data at a prescribed Euclidean separation (Assumption 2.1),
pairwise separateness ``||(I - ĥ_i ĥ_iᵀ) h_j||`` streamed over pairs (Lemma 7.5), gradients for a fake
loss (Definition 9.1 / Fact 2.6) with Frobenius norms from n x n Grams (no per-example m x m
gradients), the NTK Gram over all outputs, perturbations W' with spectral norm exactly ω (random,
aligned with the top singular pair of W_ℓ, and adaptive sign-flipping adversaries), and the
Gaussian expectation of Claim 7.6 (closed form and an independent mpmath quadrature).

Array code runs on NumPy or CuPy (the namespace of the net's arrays).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import backend as backends
from ..errors import InputError

DEFAULT_CACHE_BYTES = 512 * 2 ** 20
SQRT_HALF = 1.0 / math.sqrt(2.0)


def _check_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InputError(name, f"must be an integer >= {minimum} (got {value!r})")
    return int(value)


def _check_omega(omega) -> float:
    if not isinstance(omega, (int, float, np.floating)) or not (0.0 <= float(omega) < math.inf):
        raise InputError("omega", f"must be a finite number >= 0 (the spectral norm of W'; got {omega!r})")
    return float(omega)


# =========================================================================== data

def allen_zhu_arc(n: int, d_in: int, delta: float, rng: np.random.Generator) -> np.ndarray:
    """n unit points in R^{d_in}, last coordinate 1/sqrt2 (001 Sec. 2 and footnote 5), consecutive
    Euclidean distance exactly ``delta`` along a great circle (Assumption 2.1 with equality).

    x_k = (z_k / sqrt2, 1/sqrt2) with z_k = cos(kθ) e_1 + sin(kθ) e_2 in a random plane of R^{d_in-1},
    so ||x_j - x_k|| = sqrt2 sin(|j-k| θ/2); θ = 2 arcsin(delta/sqrt2). Needs (n-1)θ <= π so that
    non-consecutive pairs are farther apart than delta.
    """
    n, d_in = _check_int("n", n), _check_int("d_in", d_in, 3)
    if not isinstance(delta, (int, float, np.floating)) or not (0.0 < float(delta) <= 1.0):
        raise InputError("delta", f"must lie in (0, 1] (got {delta!r})")
    theta = 2.0 * math.asin(float(delta) / math.sqrt(2.0))
    if (n - 1) * theta > math.pi + 1e-12:
        raise InputError("delta", f"n={n} points at consecutive distance {delta:g} need (n-1)*theta <= pi, "
                                  f"theta = 2 arcsin(delta/sqrt2); largest allowed n is {1 + int(math.pi // theta)}")
    Q, R = np.linalg.qr(rng.standard_normal((d_in - 1, 2)))
    Q = Q * np.sign(np.diag(R))
    ang = theta * np.arange(n)
    Z = np.stack([np.cos(ang), np.sin(ang)], axis=1) @ Q.T
    return np.column_stack([Z * SQRT_HALF, np.full(n, SQRT_HALF)])


def allen_zhu_pairs(n_pairs: int, d_in: int, delta: float, rng: np.random.Generator,
                    max_draws: int = 1000) -> np.ndarray:
    """2 n_pairs Allen-Zhu-normalized points: random centers (uniform directions) each with a partner at
    Euclidean distance exactly ``delta`` (rows 2j, 2j+1); centers redrawn until every other pair is
    farther apart than delta, so the set's separation (Assumption 2.1) is exactly delta."""
    n_pairs, d_in = _check_int("n_pairs", n_pairs), _check_int("d_in", d_in, 3)
    if not isinstance(delta, (int, float, np.floating)) or not (0.0 < float(delta) <= 1.0):
        raise InputError("delta", f"must lie in (0, 1] (got {delta!r})")
    phi = 2.0 * math.asin(float(delta) / math.sqrt(2.0))          # ‖x - x'‖ = sqrt2 sin(φ/2)
    for _ in range(max_draws):
        Z = rng.standard_normal((n_pairs, d_in - 1))
        Z /= np.linalg.norm(Z, axis=1, keepdims=True)
        U = rng.standard_normal((n_pairs, d_in - 1))
        U -= np.sum(U * Z, axis=1, keepdims=True) * Z
        U /= np.linalg.norm(U, axis=1, keepdims=True)
        P = math.cos(phi) * Z + math.sin(phi) * U
        pts = np.empty((2 * n_pairs, d_in - 1))
        pts[0::2], pts[1::2] = Z, P
        X = np.column_stack([pts * SQRT_HALF, np.full(2 * n_pairs, SQRT_HALF)])
        D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=2)
        np.fill_diagonal(D2, np.inf)
        for j in range(n_pairs):
            D2[2 * j, 2 * j + 1] = D2[2 * j + 1, 2 * j] = np.inf
        if n_pairs == 1 or np.sqrt(D2.min()) > delta:
            return X
    raise InputError("delta", f"could not place {n_pairs} pairs at distance {delta:g} with all other pairs "
                              f"farther apart in R^{d_in} ({max_draws} draws); lower n_pairs or delta")


def check_allen_zhu(X, tol: float = 1e-10) -> float:
    """Validate 001's normalization (unit rows, last coordinate 1/sqrt2); return max deviation."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise InputError("X", f"must be a 2-d array (n, d_in) (got shape {X.shape})")
    dev = max(float(np.max(np.abs(np.linalg.norm(X, axis=1) - 1.0))), float(np.max(np.abs(X[:, -1] - SQRT_HALF))))
    if dev > tol:
        raise InputError("X", f"rows must have unit norm and last coordinate 1/sqrt2 (001 Sec. 2); "
                              f"max deviation {dev:.3g} > {tol:g}")
    return dev


# =========================================================================== perturbations

@dataclass(frozen=True)
class LowRank:
    """W' = omega * u vᵀ with ||v|| = 1 and ||u|| <= 1, so ||W'||_2 = omega ||u|| <= omega."""
    u: object
    v: object
    omega: float

    def dense(self, m: int, xp):
        return self.omega * xp.outer(self.u, self.v)

    def spectral_norm(self) -> float:
        return self.omega * float(_norm(self.u)) * float(_norm(self.v))


@dataclass(frozen=True)
class DenseRandom:
    """W' = scale * G with G an m x m standard Gaussian regenerated from ``seed``; ``scale`` is set
    from an upper bound on ||G||_2 so that ||W'||_2 <= omega (and within the bound's slack of it)."""
    seed: int
    scale: float
    omega: float

    def dense(self, m: int, xp):
        return self.scale * backends.standard_normal(np.random.default_rng(self.seed), (m, m), xp)

    def spectral_norm(self) -> float:
        return self.omega


def _norm(a):
    xp = backends.array_namespace(a)
    return xp.sqrt(xp.sum(a * a))


# =========================================================================== the network

@dataclass
class DeepReLU:
    """001 Sec. 2 network at Definition 2.3 initialization; W_ℓ regenerated from per-layer seeds.

    ``deltas`` maps a layer ℓ in 1..L to a perturbation W'_ℓ (LowRank or DenseRandom); ``weight(ℓ)``
    is then W^(0)_ℓ + W'_ℓ. ``with_perturbation`` gives the perturbed net sharing A, B, seeds, cache.
    """
    A: object
    B: object
    seeds: tuple
    xp: object
    cache_bytes: int = DEFAULT_CACHE_BYTES
    deltas: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    @property
    def m(self) -> int:
        return int(self.A.shape[0])

    @property
    def L(self) -> int:
        return len(self.seeds)

    @property
    def d_in(self) -> int:
        return int(self.A.shape[1])

    @property
    def d_out(self) -> int:
        return int(self.B.shape[0])

    def W0(self, layer: int):
        """W^(0)_ℓ, entries N(0, 2/m) (Def. 2.3), regenerated from its seed unless cached."""
        if not 1 <= layer <= self.L:
            raise InputError("layer", f"must lie in 1..L={self.L} (got {layer})")
        W = self._cache.get(layer)
        if W is None:
            m = self.m
            rng = np.random.Generator(np.random.PCG64(self.seeds[layer - 1]))
            W = math.sqrt(2.0 / m) * backends.standard_normal(rng, (m, m), self.xp)
            if (len(self._cache) + 1) * m * m * 8 <= self.cache_bytes:
                self._cache[layer] = W
        return W

    def weight(self, layer: int):
        """W_ℓ = W^(0)_ℓ + W'_ℓ (W^(0)_ℓ itself when unperturbed). A dense W'_ℓ is cached like W^(0)_ℓ
        (within cache_bytes), so a random perturbation is generated once per layer where memory allows."""
        W = self.W0(layer)
        delta = self.deltas.get(layer)
        if delta is None:
            return W
        if isinstance(delta, DenseRandom):
            key = ("delta", layer, delta.seed)
            D = self._cache.get(key)
            if D is None:
                D = delta.dense(self.m, self.xp)
                if (len(self._cache) + 1) * self.m * self.m * 8 <= self.cache_bytes:
                    self._cache[key] = D
            return W + D
        return W + delta.dense(self.m, self.xp)

    def with_perturbation(self, deltas: dict) -> "DeepReLU":
        for k in deltas:
            if not 1 <= k <= self.L:
                raise InputError("deltas", f"layers must lie in 1..L={self.L} (got {k})")
        return DeepReLU(self.A, self.B, self.seeds, self.xp, self.cache_bytes, dict(deltas), self._cache)

    def perturbation_norm(self) -> float:
        """||W'||_2 = max_ℓ ||W'_ℓ||_2 (001 Sec. 2 notation for tuples)."""
        return max((d.spectral_norm() for d in self.deltas.values()), default=0.0)


def init(m: int, L: int, d_in: int, d_out: int, rng: np.random.Generator, xp=np,
         cache_bytes: int = DEFAULT_CACHE_BYTES) -> DeepReLU:
    """Random initialization of 001 Definition 2.3 (A, W_ℓ ~ N(0, 2/m); B ~ N(0, 1/d_out))."""
    m, L = _check_int("m", m), _check_int("L", L)
    d_in, d_out = _check_int("d_in", d_in), _check_int("d_out", d_out)
    A = math.sqrt(2.0 / m) * backends.standard_normal(rng, (m, d_in), xp)
    B = math.sqrt(1.0 / d_out) * backends.standard_normal(rng, (d_out, m), xp)
    seeds = tuple(int(s) for s in rng.integers(0, 2 ** 63 - 1, size=L))
    return DeepReLU(A, B, seeds, xp, int(cache_bytes))


# =========================================================================== forward

@dataclass
class Forward:
    """One forward pass over n inputs. ``masks[ℓ, i]`` is diag(D_{i,ℓ}); ``norms[ℓ, i] = ||h_{i,ℓ}||``;
    ``grams[ℓ] = H_ℓ H_ℓᵀ`` (n x n); ``hs[ℓ]`` (n, m) only with keep_h; ``sep[ℓ]`` the min over pairs of
    ||(I - ĥ_i ĥ_iᵀ) h_j|| with its pair (ℓ = -1 is the input, stored as sep_input)."""
    masks: object
    norms: np.ndarray
    grams: object
    gram_x: object
    y: object
    hs: object = None
    sep: list | None = None
    sep_input: tuple | None = None
    deltas: dict = field(default_factory=dict)


def _rows_times(Y, W, transpose: bool = False):
    """Y @ W (or Y @ Wᵀ) for a short stack of rows Y (..., m), computed as (Wᵀ Yᵀ)ᵀ (or (W Yᵀ)ᵀ): the same
    numbers, but the column-block form is the one BLAS runs fastest for few rows."""
    shape = Y.shape
    Y2 = Y.reshape(-1, shape[-1])
    out = ((W if transpose else W.T) @ Y2.T).T
    return out.reshape(shape[:-1] + (out.shape[-1],))


def _relu_mask(G):
    mask = G >= 0
    return mask, G * mask


def forward(net: DeepReLU, X, *, keep_h: bool = False, separation: bool = False, adversary=None) -> Forward:
    """Forward pass of 001 Sec. 2 for the rows of X (n, d_in).

    ``adversary(layer, Hprev, G, net) -> LowRank | None`` may add a rank-1 perturbation to W_ℓ while the
    pass runs (it sees the current inputs and pre-activations); the perturbations it chose are
    returned in ``Forward.deltas`` so that ``net.with_perturbation(fwd.deltas)`` replays them.
    """
    xp = net.xp
    X = xp.asarray(X, dtype=xp.float64)
    if X.ndim != 2 or X.shape[1] != net.d_in:
        raise InputError("X", f"must have shape (n, {net.d_in}) (got {tuple(X.shape)})")
    n, L, m = X.shape[0], net.L, net.m
    masks = xp.empty((L + 1, n, m), dtype=bool)
    norms = np.empty((L + 1, n))
    grams = xp.empty((L + 1, n, n))
    hs = xp.empty((L + 1, n, m)) if keep_h else None
    sep = [] if separation else None
    mask, H = _relu_mask(X @ net.A.T)
    chosen = {}

    def record(layer, mask, H):
        masks[layer] = mask
        grams[layer] = H @ H.T
        norms[layer] = backends.to_numpy(xp.sqrt(xp.diagonal(grams[layer])))
        if keep_h:
            hs[layer] = H
        if separation:
            sep.append(pairwise_separation(H))

    record(0, mask, H)
    for layer in range(1, L + 1):
        G = _rows_times(H, net.weight(layer), transpose=True)
        if adversary is not None:
            d = adversary(layer, H, G, net)
            if d is not None:
                G = G + (H @ d.v)[:, None] * (d.omega * d.u)[None, :]
                chosen[layer] = d
        mask, H = _relu_mask(G)
        record(layer, mask, H)
    deltas = {**net.deltas, **chosen}
    return Forward(masks, norms, grams, X @ X.T, H @ net.B.T, hs, sep,
                   pairwise_separation(X) if separation else None, deltas)


def pairwise_separation(H, block: int = 256) -> tuple:
    """min over ordered pairs i != j of ||(I - h_i h_iᵀ/||h_i||^2) h_j|| (001 Lemma 7.5), streamed over
    blocks of rows (memory O(block n)), from Grams, then recomputed directly for the minimizing pair.
    Returns (value, i, j); (inf, -1, -1) for n < 2. Zero rows h_i are reported as separation 0."""
    xp = backends.array_namespace(H)
    n = H.shape[0]
    if n < 2:
        return (math.inf, -1, -1)
    sq = xp.sum(H * H, axis=1)
    best, bi, bj = math.inf, -1, -1
    for s in range(0, n, block):
        idx = slice(s, min(s + block, n))
        Gb = H[idx] @ H.T                                  # (b, n): <h_i, h_j>
        sqi = sq[idx][:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            val = sq[None, :] - xp.where(sqi > 0, Gb * Gb / xp.where(sqi > 0, sqi, 1.0), sq[None, :])
        rows = xp.arange(idx.start, idx.stop)
        val[rows - idx.start, rows] = xp.inf
        k = int(xp.argmin(val))
        i, j = divmod(k, n)
        v = float(val[i, j])
        if v < best:
            best, bi, bj = v, i + idx.start, j
    hi, hj = H[bi], H[bj]
    ni2 = float(hi @ hi)
    r = hj - (float(hi @ hj) / ni2) * hi if ni2 > 0 else 0 * hj
    return (float(_norm(r)), int(bi), int(bj))


# =========================================================================== backward

@dataclass
class Backward:
    """Fake-loss gradients (001 Def. 9.1): ∇_{W_ℓ} F = Σ_i s_{i,ℓ} h_{i,ℓ-1}ᵀ with s_{i,ℓ} = D_{i,ℓ} Back_{i,ℓ+1}ᵀ v_i.
    ``fro2[ℓ-1] = ||∇_{W_ℓ} F||_F^2 = Σ_ij (s_i·s_j)(h_i·h_j)``; ``fro2_each[ℓ-1, i] = ||∇_{W_ℓ} F_i||_F^2``;
    ``signals[ℓ-1]`` (n, m) only with keep_signals."""
    fro2: np.ndarray
    fro2_each: np.ndarray
    signal_grams: object
    signals: object = None


def backward(net: DeepReLU, fwd: Forward, V, keep_signals: bool = False) -> Backward:
    """Backward pass for the fake loss rows V (n, d_out): O(n m) memory besides one layer."""
    xp = net.xp
    V = xp.asarray(V, dtype=xp.float64)
    n, L = fwd.masks.shape[1], net.L
    if V.shape != (n, net.d_out):
        raise InputError("V", f"must have shape (n, d_out) = ({n}, {net.d_out}) (got {tuple(V.shape)})")
    sg = xp.empty((L, n, n))
    signals = xp.empty((L, n, net.m)) if keep_signals else None
    b = V @ net.B                                     # rows: Back_{i,L+1}ᵀ v_i = Bᵀ v_i
    for layer in range(L, 0, -1):
        s = fwd.masks[layer] * b                      # D_{i,ℓ} Back_{i,ℓ+1}ᵀ v_i
        sg[layer - 1] = s @ s.T
        if keep_signals:
            signals[layer - 1] = s
        if layer > 1:
            b = _rows_times(s, net.weight(layer))     # Back_{i,ℓ}ᵀ v_i = W_ℓᵀ s_{i,ℓ}
    hg = fwd.grams[:L]                                # Gram of h_{ℓ-1}, ℓ = 1..L
    fro2 = backends.to_numpy(xp.sum(sg * hg, axis=(1, 2)))
    fro2_each = backends.to_numpy(xp.diagonal(sg, axis1=1, axis2=2) * xp.diagonal(hg, axis1=1, axis2=2))
    return Backward(np.maximum(fro2, 0.0), fro2_each, sg, signals)


def gradient(net: DeepReLU, fwd: Forward, bwd: Backward, layer: int):
    """The dense m x m gradient ∇_{W_ℓ} F (001 Fact 2.6); needs keep_h and keep_signals. For tests
    and small m only: the claims use the Gram form of ``backward`` instead."""
    if fwd.hs is None or bwd.signals is None:
        raise InputError("fwd/bwd", "dense gradients need forward(keep_h=True) and backward(keep_signals=True)")
    return bwd.signals[layer - 1].T @ fwd.hs[layer - 1]


def back_blocks(net: DeepReLU, fwd: Forward):
    """Yield (a, Back) for a = L+1, L, ..., 1 where Back[i] = Back_{i,a} = B D_{i,L} W_L ... D_{i,a} W_a
    (d_out x m, 001 Def. 2.5); Back_{i,L+1} = B. One top-down pass, O(n d_out m) memory."""
    xp = net.xp
    n = fwd.masks.shape[1]
    b = xp.broadcast_to(net.B, (n,) + tuple(net.B.shape))
    yield net.L + 1, b
    for a in range(net.L, 0, -1):
        b = _rows_times(fwd.masks[a][:, None, :] * b, net.weight(a))
        yield a, b


def ntk_gram(net: DeepReLU, fwd: Forward) -> tuple:
    """(K_total, K_last): the Grams of ∇_W y_a(x_i) over (i, a) pairs, (n d_out) x (n d_out), summed
    over all layers and for W_L alone. For a fake loss v: ||∇_{W} F||_F^2 = vec(v)ᵀ K vec(v)."""
    xp = net.xp
    n, d = fwd.masks.shape[1], net.d_out
    K = xp.zeros((n * d, n * d))
    K_last = None
    # the signal of layer ℓ is D_{i,ℓ} Back_{i,ℓ+1}ᵀ e_a; back_blocks yields Back_{·,L+1}, Back_{·,L}, ...
    backs = back_blocks(net, fwd)
    a, back = next(backs)                                   # Back_{·,L+1} = B
    for layer in range(net.L, 0, -1):
        s = fwd.masks[layer][:, None, :] * back             # (n, d, m): D_{i,ℓ} Back_{i,ℓ+1}ᵀ e_a
        S = s.reshape(n * d, net.m)
        Kl = (S @ S.T) * xp.kron(fwd.grams[layer - 1], xp.ones((d, d)))
        K = K + Kl
        if layer == net.L:
            K_last = Kl
        if layer > 1:
            a, back = next(backs)
    return K, K_last


# =========================================================================== products

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
    return TopSingular(sigma, float(_norm(r)), it, conv, u, v)


def _truncate(v, s: int):
    xp = backends.array_namespace(v)
    idx = xp.argsort(-xp.abs(v))[:s]
    out = xp.zeros_like(v)
    out[idx] = v[idx]
    return out / _norm(out), idx


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


# =========================================================================== perturbation builders

def random_perturbation(net: DeepReLU, omega: float, rng: np.random.Generator, tol: float = 1e-9) -> dict:
    """W'_ℓ = omega G_ℓ / ub(||G_ℓ||_2) for every layer, G_ℓ standard Gaussian (regenerated from a seed);
    ub = Ritz value + residual, so ||W'_ℓ||_2 <= omega (equal to it within the residual)."""
    omega = _check_omega(omega)
    out = {}
    for layer in range(1, net.L + 1):
        seed = int(rng.integers(0, 2 ** 63 - 1))
        G = backends.standard_normal(np.random.default_rng(seed), (net.m, net.m), net.xp)
        ts = top_singular(lambda V: G @ V, lambda U: G.T @ U, net.m, rng, net.xp, tol=tol)
        out[layer] = DenseRandom(seed, omega / ts.upper, omega)
    return out


def aligned_perturbation(net: DeepReLU, omega: float, rng: np.random.Generator) -> dict:
    """W'_ℓ = omega u_1 v_1ᵀ with (u_1, v_1) the top singular pair of W^(0)_ℓ: ||W'_ℓ||_2 = omega and
    ||W_ℓ||_2 grows by exactly omega (the perturbation aligned with the top singular directions)."""
    omega = _check_omega(omega)
    out = {}
    for layer in range(1, net.L + 1):
        W = net.W0(layer)
        ts = top_singular(lambda V: W @ V, lambda U: W.T @ U, net.m, rng, net.xp, tol=1e-10)
        out[layer] = LowRank(ts.u / _norm(ts.u), ts.v / _norm(ts.v), omega)
    return out


def _greedy_flips(cost, budget: float, key=None):
    """Knapsack-greedy: indices in ascending ``key`` (default: cost) whose cumulative cost stays within budget."""
    xp = backends.array_namespace(cost)
    order = xp.argsort(cost if key is None else key)
    cum = xp.cumsum(cost[order])
    count = int(xp.sum(cum <= budget))
    return order[:count]


def signflip_adversary(omega: float, target: int = 0, coherent=None, push: float = 1.0, only: str | None = None):
    """Adaptive rank-1 adversary (used inside ``forward``): at each layer W'_ℓ = omega u ĥᵀ with ĥ the
    unit input of sample ``target``; u mirrors (push = 1: g_k -> -g_k) the pre-activations of smallest
    |g_k| within the budget ||u|| <= 1, i.e. it flips as many signs of D_{target,ℓ} as a spectral norm
    omega allows (~ m omega^{2/3} of them, the count behind 001 Lemma 8.2b).
    ``coherent`` (dict ℓ -> m-vector b) restricts the flips to coordinates with b_k > 0 (e.g. the backward
    signal Back_{ℓ+1}ᵀ e_j at W^(0)), so their effects on y_j add up, and picks them knapsack-greedily by
    g_k^2 / b_k^2 (most gradient change per unit of budget). ``only="off"``
    (``"on"``) flips only active (inactive) units, so that the changes of ‖∇y‖ all have one sign."""
    omega = _check_omega(omega)
    if only not in (None, "off", "on"):
        raise InputError("only", f"must be None, 'off' or 'on' (got {only!r})")

    def adv(layer, Hprev, G, net):
        xp = net.xp
        h, g = Hprev[target], G[target]
        nh = float(_norm(h))
        if omega == 0.0 or nh == 0.0:
            return None
        cost = ((1.0 + push) * g) ** 2
        key = None
        if coherent is not None:
            w = coherent[layer]
            cost = xp.where(w > 0, cost, xp.inf)
            key = cost / xp.where(w > 0, w * w, 1.0)
        if only is not None:
            cost = xp.where((g >= 0) == (only == "off"), cost, xp.inf)
            key = cost if key is None else xp.where(xp.isfinite(cost), key, xp.inf)
        idx = _greedy_flips(cost, (omega * nh) ** 2, key)
        u = xp.zeros(net.m)
        if idx.size == 0:
            k = int(xp.argmin(cost if key is None else key))
            if not math.isfinite(float(cost[k])):
                return None
            u[k] = -1.0 if float(g[k]) >= 0 else 1.0
        else:
            u[idx] = -(1.0 + push) * g[idx] / (omega * nh)
        return LowRank(u, h / nh, omega)

    return adv


def merge_adversary(omega: float, i: int, j: int):
    """Adaptive rank-1 adversary against gradient lower bounds: at each layer W'_ℓ = omega u wᵀ with
    w ∝ (I - ĥ_j ĥ_jᵀ) h_i (so W' h_j = 0) and u pushing the cheapest coordinates where D_{i,ℓ} and D_{j,ℓ}
    differ just across zero, making sample i's sign pattern agree with sample j's (within ||u|| <= 1)."""
    omega = _check_omega(omega)

    def adv(layer, Hprev, G, net):
        xp = net.xp
        hi, hj = Hprev[i], Hprev[j]
        nj2 = float(hj @ hj)
        w = hi - (float(hi @ hj) / nj2) * hj if nj2 > 0 else hi
        nw = float(_norm(w))
        if omega == 0.0 or nw == 0.0:
            return None
        w = w / nw
        c = omega * float(w @ hi)                       # W' h_i = c u
        gi, gj = G[i], G[j]
        differ = (gi >= 0) != (gj >= 0)
        cost = xp.where(differ, (gi * (1.0 + 1e-9)) ** 2, xp.inf)
        idx = _greedy_flips(cost, c * c)
        if idx.size == 0:
            return None
        u = xp.zeros(net.m)
        u[idx] = -gi[idx] * (1.0 + 1e-6) / c
        nu = float(_norm(u))
        if nu > 1.0:
            u = u / nu
        return LowRank(u, w, omega)

    return adv


# =========================================================================== Claim 7.6 expectation

def relu_pair_expectation(alpha: float, delta: float) -> float:
    """E[(φ(g_1) - φ(α g_1 + δ g_2))^2], g_1, g_2 ~ N(0, 2) i.i.d., δ >= 0, in closed form:
    1 + α^2 + δ^2 - (2/π)(δ + α(π - θ)), θ = atan2(δ, α) — from E φ(g)^2 = Var(g)/2 and the arc-cosine
    kernel E φ(X)φ(Y) = σ_X σ_Y (sin θ + (π - θ) cos θ)/(2π) (Cho & Saul 2009), θ the angle of (X, Y)."""
    a, d = float(alpha), float(delta)
    if d < 0:
        raise InputError("delta", f"must be >= 0 (got {delta!r})")
    theta = math.atan2(d, a)
    return 1.0 + a * a + d * d - (2.0 / math.pi) * (d + a * (math.pi - theta))


def relu_pair_expectation_mp(alpha, delta, dps: int = 30):
    """The same expectation by mpmath quadrature, independently of the closed form: in polar
    coordinates (g_1, g_2) = r(cos t, sin t) the integrand is r^2 k(t) (ReLU is 1-homogeneous) and
    ∫ r^3 e^{-r^2/4}/(4π) dr = 2/π, so E = (2/π) ∫_0^{2π} (φ(cos t) - φ(α cos t + δ sin t))^2 dt, split at
    the kinks. Returns (value, error estimate) as mpf (error: quad's estimate plus a dps+10 rerun)."""
    import mpmath as mp  # noqa: PLC0415

    def run(prec):
        with mp.workdps(prec):
            a, d = mp.mpf(alpha), mp.mpf(delta)
            two_pi = 2 * mp.pi
            pts = {mp.mpf(0), mp.pi / 2, 3 * mp.pi / 2, two_pi}
            if a != 0 or d != 0:
                t0 = mp.atan2(-a, d)                      # α cos t + δ sin t = 0
                for t in (t0, t0 + mp.pi, t0 + two_pi, t0 - mp.pi):
                    if 0 < t < two_pi:
                        pts.add(t)
            pts = sorted(pts)

            def k(t):
                c, s = mp.cos(t), mp.sin(t)
                y = a * c + d * s
                return (max(c, 0) - max(y, 0)) ** 2

            val, err = mp.quad(k, pts, error=True)
            return 2 * val / mp.pi, 2 * abs(err) / mp.pi

    v1, e1 = run(dps)
    v2, _ = run(dps + 10)
    with mp.workdps(dps + 10):
        return v2, e1 + abs(v2 - v1)


def relu_pair_conditional_mp(g1, alpha, delta, dps: int = 30):
    """f(g_1) = E_{g_2}[(φ(g_1) - φ(α g_1 + δ g_2))^2] for fixed g_1, g_2 ~ N(0, 2), by mpmath quadrature
    over g_2 split at the kink and around the Gaussian bulk. Returns (value, error estimate)."""
    import mpmath as mp  # noqa: PLC0415

    def run(prec):
        with mp.workdps(prec):
            x, a, d = mp.mpf(g1), mp.mpf(alpha), mp.mpf(delta)
            s2 = mp.sqrt(2)
            p1 = max(x, 0)

            def f(z):                                    # g_2 = sqrt2 z, z standard normal
                y = a * x + d * s2 * z
                return (p1 - max(y, 0)) ** 2 * mp.npdf(z)

            pts = {mp.mpf(-12), mp.mpf(-4), mp.mpf(0), mp.mpf(4), mp.mpf(12)}
            if d > 0:
                zs = -a * x / (d * s2)
                if -12 < zs < 12:
                    pts.add(zs)
            pts = [-mp.inf] + sorted(pts) + [mp.inf]
            val, err = mp.quad(f, pts, error=True)
            return val, abs(err)

    v1, e1 = run(dps)
    v2, _ = run(dps + 10)
    with mp.workdps(dps + 10):
        return v2, e1 + abs(v2 - v1)
