"""The deep ReLU network of Allen-Zhu, Li, Song (001_8899e8ddccc39226.txt), matrix-free.

Network (001 Sec. 2): ``h_0 = φ(A x)``, ``h_ℓ = φ(W_ℓ h_{ℓ-1})`` for ℓ = 1..L, ``y = B h_L``, φ = ReLU,
with the initialization of Definition 2.3: A (m x d_in) and W_ℓ (m x m) entries N(0, 2/m), B
(d_out x m) entries N(0, 1/d_out). Sign patterns (Definition 2.2) ``D_{i,ℓ} = 1{(W_ℓ h_{i,ℓ-1})_k >= 0}``
are kept as boolean masks (L+1, n, m), never as matrices; ℓ = 0 is the input layer A.

Memory. Each W_ℓ is regenerated on demand from its own seed, so at most one m x m layer is
needed at a time; layers are cached only while the cache holds at most ``cache_bytes``
(``cache_bytes=0``: strictly one layer at a time). Backward matrices ``Back_{i,a} = B D_{i,L} W_L ... D_{i,a}
W_a`` (001 Def. 2.5) are only ever applied to blocks of vectors. Total memory O(n m + m^2) plus the masks
(L+1) n m bytes and the activations h_{i,ℓ} ((L+1) n m floats).

Also here: Allen-Zhu-normalized data (uniform, and at a prescribed Euclidean separation, Assumption 2.1),
pairwise separateness ``||(I - ĥ_i ĥ_iᵀ) h_j||`` streamed over pairs (Lemma 7.5), gradients for a fake
loss (Definition 9.1 / Fact 2.6) with Frobenius norms from the per-example gradient Gram of each layer
(``kernels.nets.ghost.layer_term``: no per-example m x m gradients), the NTK Gram over all outputs, and the
perturbation types W' (low rank; dense random). Spectral norms of products: ``deep_relu_norms``; builders
of perturbations and adversaries: ``deep_relu_perturbations``.

Array code runs on NumPy or CuPy (the namespace of the net's arrays).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import backend as backends
from .. import data
from ..errors import InputError
from .ghost import layer_term

DEFAULT_CACHE_BYTES = 512 * 2 ** 20
SQRT_HALF = 1.0 / math.sqrt(2.0)


def _check_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InputError(name, f"must be an integer >= {minimum} (got {value!r})")
    return int(value)


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


def allen_zhu_uniform(n: int, d_in: int, rng: np.random.Generator) -> np.ndarray:
    """n Allen-Zhu-normalized points in R^{d_in} (001 Sec. 2): directions uniform on S^{d_in-3}, scaled and
    padded to norm 1 with last coordinate 1/sqrt2 (``kernels.data.allen_zhu_normalize``)."""
    return data.allen_zhu_normalize(data.sphere(n, _check_int("d_in", d_in, 3) - 2, rng))


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
        return self.omega * float(vector_norm(self.u)) * float(vector_norm(self.v))


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


def vector_norm(a):
    """Euclidean norm of a vector (a 0-d array in its namespace; ``float`` it for a number)."""
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
    ``grams[ℓ] = H_ℓ H_ℓᵀ`` (n x n); ``hs[ℓ]`` = H_ℓ (n, m); ``sep[ℓ]`` the min over pairs of
    ||(I - ĥ_i ĥ_iᵀ) h_j|| with its pair (ℓ = -1 is the input, stored as sep_input)."""
    masks: object
    norms: np.ndarray
    grams: object
    y: object
    hs: object
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


def forward(net: DeepReLU, X, *, separation: bool = False, adversary=None) -> Forward:
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
    hs = xp.empty((L + 1, n, m))
    sep = [] if separation else None
    mask, H = _relu_mask(X @ net.A.T)
    chosen = {}

    def record(layer, mask, H):
        masks[layer] = mask
        grams[layer] = H @ H.T
        norms[layer] = backends.to_numpy(xp.sqrt(xp.diagonal(grams[layer])))
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
    return Forward(masks, norms, grams, H @ net.B.T, hs, sep,
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
    return (float(vector_norm(r)), int(bi), int(bj))


@dataclass(frozen=True)
class NormProfile:
    """max_{i,ℓ} |‖h_{i,ℓ}‖ - 1| and where it is attained; min and max of ‖h_{i,ℓ}‖; mean of log ‖h_{i,L}‖."""
    max_deviation: float
    argmax_layer: int
    argmax_sample: int
    min_norm: float
    max_norm: float
    mean_log_norm_last: float


def norm_profile(fwd: Forward) -> NormProfile:
    """Deviations of ‖h_{i,ℓ}‖ from 1 over all layers ℓ = 0..L and samples i (001 Lemma 7.1)."""
    dev = np.abs(fwd.norms - 1.0)
    layer, i = np.unravel_index(int(np.argmax(dev)), dev.shape)
    return NormProfile(float(dev.max()), int(layer), int(i), float(fwd.norms.min()), float(fwd.norms.max()),
                       float(np.mean(np.log(fwd.norms[-1]))))


def min_separation(fwd: Forward) -> tuple:
    """(min over layers ℓ = 0..L of the pairwise separation min_{i != j} ‖(I - ĥ_i ĥ_iᵀ) h_j‖, the layer attaining
    it) from a ``forward(..., separation=True)`` pass (001 Lemma 7.5)."""
    if fwd.sep is None:
        raise InputError("fwd", "needs forward(..., separation=True)")
    seps = [s[0] for s in fwd.sep]
    return float(min(seps)), int(np.argmin(seps))


def sign_changes(fwd_a: Forward, fwd_b: Forward, sample: int) -> int:
    """How many entries of the sign patterns D_{sample,ℓ}, ℓ = 0..L, differ between two forward passes."""
    xp = backends.array_namespace(fwd_a.masks)
    return int(backends.to_numpy(xp.sum(fwd_a.masks[:, sample] != fwd_b.masks[:, sample])))


# =========================================================================== backward

@dataclass
class Backward:
    """Fake-loss gradients (001 Def. 9.1): ∇_{W_ℓ} F = Σ_i s_{i,ℓ} h_{i,ℓ-1}ᵀ with s_{i,ℓ} = D_{i,ℓ} Back_{i,ℓ+1}ᵀ v_i.
    ``layer_grams[ℓ-1]`` = the per-example gradient Gram of W_ℓ, <∇_{W_ℓ} F_i, ∇_{W_ℓ} F_j> = (s_i·s_j)(h_i·h_j)
    (n x n, ``ghost.layer_term``); ``fro2[ℓ-1] = ||∇_{W_ℓ} F||_F^2`` (the sum of its entries);
    ``fro2_each[ℓ-1, i] = ||∇_{W_ℓ} F_i||_F^2`` (its diagonal); ``signals[ℓ-1]`` (n, m) only with keep_signals."""
    fro2: np.ndarray
    fro2_each: np.ndarray
    layer_grams: object
    signals: object = None

    @property
    def largest_each(self) -> float:
        """max over ℓ and i of ||∇_{W_ℓ} F_i||_F^2."""
        return float(self.fro2_each.max())

    @property
    def largest_layer(self) -> float:
        """max over ℓ of ||∇_{W_ℓ} F||_F^2."""
        return float(self.fro2.max())

    @property
    def last_layer(self) -> float:
        """||∇_{W_L} F||_F^2."""
        return float(self.fro2[-1])

    def gram_entry(self, i: int, j: int) -> float:
        """<∇F_i, ∇F_j> over W_1..W_L (with v_i = e_1 and one output: the NTK entry K(x_i, x_j) of 001 Sec. 4.2)."""
        xp = backends.array_namespace(self.layer_grams)
        return float(backends.to_numpy(xp.sum(self.layer_grams[:, i, j])))


def backward(net: DeepReLU, fwd: Forward, V, keep_signals: bool = False) -> Backward:
    """Backward pass for the fake loss rows V (n, d_out): O(n m) memory besides one layer."""
    xp = net.xp
    V = xp.asarray(V, dtype=xp.float64)
    n, L = fwd.masks.shape[1], net.L
    if V.shape != (n, net.d_out):
        raise InputError("V", f"must have shape (n, d_out) = ({n}, {net.d_out}) (got {tuple(V.shape)})")
    grams = xp.empty((L, n, n))
    signals = xp.empty((L, n, net.m)) if keep_signals else None
    b = V @ net.B                                     # rows: Back_{i,L+1}ᵀ v_i = Bᵀ v_i
    for layer in range(L, 0, -1):
        s = fwd.masks[layer] * b                      # D_{i,ℓ} Back_{i,ℓ+1}ᵀ v_i
        grams[layer - 1] = layer_term(fwd.hs[layer - 1], s)      # (s_i·s_j)(h_i·h_j), 001 Fact 2.6
        if keep_signals:
            signals[layer - 1] = s
        if layer > 1:
            b = _rows_times(s, net.weight(layer))     # Back_{i,ℓ}ᵀ v_i = W_ℓᵀ s_{i,ℓ}
    fro2 = backends.to_numpy(xp.sum(grams, axis=(1, 2)))
    fro2_each = backends.to_numpy(xp.diagonal(grams, axis1=1, axis2=2))
    return Backward(np.maximum(fro2, 0.0), fro2_each, grams, signals)


def unit_losses(n: int, d_out: int, alternating: bool = False) -> np.ndarray:
    """Fake loss rows v_i = e_1 (all i) or v_i = (-1)^i e_1 (``alternating``), shape (n, d_out)."""
    V = np.zeros((n, d_out))
    V[:, 0] = (-1.0) ** np.arange(n) if alternating else 1.0
    return V


def gradient_inner(s_a, h_a, s_b, h_b) -> float:
    """<s_a h_aᵀ, s_b h_bᵀ>_F = (s_a·s_b)(h_a·h_b): the inner product of two rank-1 layer gradients (001 Fact 2.6;
    ``ghost.layer_term`` on one row each)."""
    return float(backends.to_numpy(layer_term(h_a[None], s_a[None], h_b[None], s_b[None])[0, 0]))


def gradient_distance2(s_a, h_a, s_b, h_b) -> float:
    """‖s_b h_bᵀ - s_a h_aᵀ‖_F² without forming the matrices."""
    return (gradient_inner(s_b, h_b, s_b, h_b) + gradient_inner(s_a, h_a, s_a, h_a)
            - 2 * gradient_inner(s_a, h_a, s_b, h_b))


def gradient(net: DeepReLU, fwd: Forward, bwd: Backward, layer: int):
    """The dense m x m gradient ∇_{W_ℓ} F (001 Fact 2.6); needs keep_signals. For tests and small m only:
    the claims use the Gram form of ``backward`` instead."""
    if bwd.signals is None:
        raise InputError("bwd", "dense gradients need backward(keep_signals=True)")
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
    over all layers and for W_L alone. For a fake loss v: ||∇_{W} F||_F^2 = vec(v)ᵀ K vec(v).
    Each layer's share is ``ghost.layer_term`` with the signals D_{i,ℓ} Back_{i,ℓ+1}ᵀ e_a and the inputs
    h_{i,ℓ-1} repeated once per output a."""
    xp = net.xp
    n, d = fwd.masks.shape[1], net.d_out
    K = xp.zeros((n * d, n * d))
    K_last = None
    # the signal of layer ℓ is D_{i,ℓ} Back_{i,ℓ+1}ᵀ e_a; back_blocks yields Back_{·,L+1}, Back_{·,L}, ...
    backs = back_blocks(net, fwd)
    a, back = next(backs)                                   # Back_{·,L+1} = B
    for layer in range(net.L, 0, -1):
        s = fwd.masks[layer][:, None, :] * back             # (n, d, m): D_{i,ℓ} Back_{i,ℓ+1}ᵀ e_a
        Kl = layer_term(xp.repeat(fwd.hs[layer - 1], d, axis=0), s.reshape(n * d, net.m))
        K = K + Kl
        if layer == net.L:
            K_last = Kl
        if layer > 1:
            a, back = next(backs)
    return K, K_last


def ntk_eigenvalues(net: DeepReLU, fwd: Forward) -> np.ndarray:
    """Eigenvalues (ascending, on the host) of the NTK Gram over (sample, output) pairs (``ntk_gram``):
    min and max over loss vectors v of ||∇F||_F^2 / ||v||^2 (001 Theorem 3, proof in Sec. 10)."""
    return backends.to_numpy(net.xp.linalg.eigvalsh(ntk_gram(net, fwd)[0]))
