"""Exact second moments of per-example gradients of linear networks with i.i.d. weights and data.

Setting of 003 App. C: ``ŷ = W_L ⋯ W_1 x``, teacher ``W*`` of the same shape, ``f_i = ½(ŷ_i − y_i)²``,
all entries of W_ℓ, W*_ℓ, x_i i.i.d. (N(0,1) unless stated). For a layer a,
``∂f_i/∂W_{a,p,q} = e_i r_{a,p} h_{a-1,i,q}`` with e_i = (W − W*)x_i, r_a = (W_L ⋯ W_{a+1})ᵀ and
h_{a-1,i} = W_{a-1} ⋯ W_1 x_i. Three independent routes to E(∂f_i/∂W_{a,p,q})² and
E(∂f_i/∂W_{a,p,q})(∂f_j/∂W_{a,p,q}), i ≠ j:

1. ``exact_layer_moments``: an exact recursion in integer arithmetic, any size. Integrating W_a
   gives E_{W_a}[y_i y_j] = ‖r_a‖² <h_i, h_j>; the teacher enters only through
   E_{W*}[y*_i y*_j | x] = (Π_{ℓ=1}^{L-1} K_ℓ) <x_i, x_j>; ‖r_a‖² is a product of independent χ²_{K_ℓ}
   (ℓ = a..L-1); and the Gram matrix of (h_i, h_j) is Wishart(K_ℓ, previous Gram) at every layer, so
   its quadratic moments (E g11², E g11 g22, E g12²) follow the exact linear map
       g11² → K(K+2) g11²,  g11 g22 → K² g11 g22 + 2K g12²,  g12² → K(K+1) g12² + K g11 g22
   (Wishart second moments: E[S_ab S_cd] = K² Σ_ab Σ_cd + K(Σ_ac Σ_bd + Σ_ad Σ_bc)).
   Per coordinate = per layer / (K_a K_{a-1}) by exchangeability of rows and columns.
2. ``symbolic_coordinate_moments``: brute force with sympy: build every ∂f_i/∂W_{a,p,q} as a
   polynomial in all weights and data, expand, and take E monomial by monomial (Isserlis–Wick:
   E z^k = (k-1)!! for even k, 0 for odd; or Rademacher moments). Small widths only.
3. ``mc_layer_moments``: Monte Carlo over the weights with the expectation over the data done in
   closed form given the weights (Rao–Blackwellized), with standard errors.

``two_layer_variances_mc`` gives Var Σ_i‖∇f_i‖² and Var Σ_{i≠j}<∇f_i,∇f_j> of a 2-layer LNN by the
law of total variance: the conditional moments over the data in closed form (Gaussian moments up
to order 8), the outer moments by Monte Carlo over the weights, with delta-method standard errors;
``two_layer_expectations`` its E‖∇f_i‖² and E<∇f_i,∇f_j> (exact for Gaussians, Monte Carlo otherwise).
Exact values are ints and Fractions; ``to_float`` turns them into floats (inf on overflow).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from ..errors import InputError
from .linear import check_dims, full_widths


def to_float(x) -> float:
    """An exact value (Fraction or big int) as a float; inf where it overflows."""
    try:
        return float(x)
    except OverflowError:
        return math.inf


# ---- 1. exact recursion ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LayerMoments:
    """Exact expectations per layer a = 1..L (index a-1 in the lists), integers."""
    dims: tuple
    diag_student: tuple     # E[y_i² ‖r_a‖² ‖h_{a-1,i}‖²]
    diag_teacher: tuple     # E[y*_i² ‖r_a‖² ‖h_{a-1,i}‖²]
    cross_student: tuple    # E[y_i y_j ‖r_a‖² <h_{a-1,i}, h_{a-1,j}>]
    cross_teacher: tuple    # E[y*_i y*_j ‖r_a‖² <h_{a-1,i}, h_{a-1,j}>]

    @property
    def L(self) -> int:
        return len(self.dims)

    def layer_diag(self, a: int) -> int:
        """E ‖∇_{W_a} f_i‖²."""
        return self.diag_student[a - 1] + self.diag_teacher[a - 1]

    def layer_cross(self, a: int) -> int:
        """E <∇_{W_a} f_i, ∇_{W_a} f_j>, i ≠ j."""
        return self.cross_student[a - 1] + self.cross_teacher[a - 1]

    def coordinate_diag(self, a: int) -> Fraction:
        K = full_widths(self.dims)
        return Fraction(self.layer_diag(a), K[a] * K[a - 1])

    def coordinate_cross(self, a: int) -> Fraction:
        K = full_widths(self.dims)
        return Fraction(self.layer_cross(a), K[a] * K[a - 1])

    @property
    def diag(self) -> int:
        """E ‖∇f_i‖²."""
        return sum(self.layer_diag(a) for a in range(1, self.L + 1))

    @property
    def cross(self) -> int:
        """E <∇f_i, ∇f_j>, i ≠ j."""
        return sum(self.layer_cross(a) for a in range(1, self.L + 1))

    def sums(self, n: int) -> dict:
        """E Σ_i‖∇f_i‖² = n·diag, E Σ_{i≠j}<∇f_i,∇f_j> = n(n-1)·cross, E‖Σ∇f_i‖², and
        ρ(n) = E[nΣ‖∇f_i‖²] / E‖Σ∇f_i‖² (003 Thm 3) as exact Fractions."""
        s1 = n * self.diag
        s2 = n * (n - 1) * self.cross
        return {"E_sum_sq": s1, "E_cross": s2, "E_norm_sum_sq": s1 + s2,
                "rho": Fraction(n * s1, s1 + s2)}

    def rho_limit(self) -> Fraction:
        """lim_{n→∞} ρ(n) = diag / cross (ρ(n) = n·diag/(diag + (n-1)·cross) increases to it)."""
        return Fraction(self.diag, self.cross)

    def smallest_n(self, bound) -> int | None:
        """The smallest n with ρ(n) = n·diag/(diag + (n−1)·cross) ≥ ``bound`` (exact), None if lim ρ ≤ bound."""
        D, C = self.diag, self.cross
        if self.rho_limit() <= bound:
            return None
        return max(1, math.ceil(bound * (D - C) / (D - bound * C)))


@lru_cache(maxsize=4096)
def exact_layer_moments(dims) -> LayerMoments:
    """Exact per-layer second moments for Gaussian weights and data (see the module docstring)."""
    dims = check_dims(dims)
    K = full_widths(dims)
    L = len(dims)
    c_star = math.prod(K[1:L])                           # E_{W*}[y*²|x] = c* ‖x‖²
    # E‖r_a‖², E‖r_a‖⁴ for r_a = (W_L ⋯ W_{a+1})ᵀ: ‖r_a‖² = Π_{ℓ=a}^{L-1} χ²_{K_ℓ}
    r2 = [math.prod(K[a:L]) for a in range(1, L + 1)]
    r4 = [math.prod(k * (k + 2) for k in K[a:L]) for a in range(1, L + 1)]
    # Gram moments of (h_i, h_j) after the data layer (K_0) and W_1..W_{m}: start from Σ = I_2.
    p, q, r = 1, 1, 0                                # E g11², E g11 g22, E g12²
    quad = []
    for m in range(L):                               # state after K_0..K_m: the Gram of h_m
        k = K[m]
        p, q, r = k * (k + 2) * p, k * k * q + 2 * k * r, k * (k + 1) * r + k * q
        quad.append((p, q, r))
    p0, _, r0 = quad[0]                              # E‖x‖⁴ = d(d+2), E(x_i·x_j)² = d
    ds, dt, cs, ct = [], [], [], []
    for a in range(1, L + 1):
        pa, _, ra = quad[a - 1]                      # Gram of h_{a-1}
        lin = math.prod(K[1:a])                          # E[h_{a-1} h_{a-1}ᵀ | x] = Π_{ℓ=1}^{a-1} K_ℓ · x xᵀ
        ds.append(r4[a - 1] * pa)
        dt.append(c_star * r2[a - 1] * lin * p0)
        cs.append(r4[a - 1] * ra)
        ct.append(c_star * r2[a - 1] * lin * r0)
    return LayerMoments(dims, tuple(ds), tuple(dt), tuple(cs), tuple(ct))


# ---- 2. brute-force Isserlis with sympy ---------------------------------------------------------------

def standard_moments(dist: str):
    """k ↦ E z^k of a standardized variable: Gaussian (Isserlis–Wick: (k−1)!! for even k, 0 for odd) or Rademacher."""
    if dist == "gaussian":
        return lambda k: 0 if k % 2 else math.prod(range(k - 1, 0, -2))
    if dist == "rademacher":
        return lambda k: 0 if k % 2 else 1
    raise InputError("dist", f"must be 'gaussian' or 'rademacher' (got {dist!r})")


def polynomial_expectation(poly, mom) -> int:
    """E of a polynomial in independent standardized variables: Σ_c c Π_v m(k_v)."""
    total = 0
    for monom, coeff in poly.terms():
        w = int(coeff)
        for k in monom:
            if k:
                mk = mom(k)
                if mk == 0:
                    w = 0
                    break
                w *= mk
        total += w
    return total


@lru_cache(maxsize=64)
def symbolic_coordinate_moments(dims, dist: str = "gaussian") -> dict:
    """{(a, p, q): (E(∂f_i/∂W_{a,p,q})², E(∂f_i/∂W_{a,p,q})(∂f_j/∂W_{a,p,q}))} exactly, by expanding the
    polynomials and taking Gaussian (Isserlis–Wick) or Rademacher moments monomial by monomial.
    Independent of ``exact_layer_moments``: no exchangeability, no Wishart algebra. Small dims only
    (the polynomials have degree 4L+2 in up to 2·#params + 2d variables)."""
    from sympy import ZZ
    from sympy.polys.rings import ring

    dims = check_dims(dims)
    K = full_widths(dims)
    L = len(dims)
    names = []
    for tag in ("w", "s"):                                  # student, teacher
        for ell in range(1, L + 1):
            names += [f"{tag}{ell}_{p}_{q}" for p in range(K[ell]) for q in range(K[ell - 1])]
    names += [f"xi{k}" for k in range(K[0])] + [f"xj{k}" for k in range(K[0])]
    if len(names) > 80:
        raise InputError("dims", f"too large for the symbolic route ({len(names)} variables > 80)")
    R, *gens = ring(",".join(names), ZZ)
    it = iter(gens)

    def mats():
        return [[[next(it) for _ in range(K[ell - 1])] for _ in range(K[ell])] for ell in range(1, L + 1)]

    Wst, Wte = mats(), mats()
    xi = [next(it) for _ in range(K[0])]
    xj = [next(it) for _ in range(K[0])]

    def fwd(Ws, x):
        hs = [list(x)]
        for W in Ws:
            h = hs[-1]
            hs.append([sum((W[p][q] * h[q] for q in range(len(h))), R.zero) for p in range(len(W))])
        return hs

    hi, hj = fwd(Wst, xi), fwd(Wst, xj)
    ei = hi[-1][0] - fwd(Wte, xi)[-1][0]
    ej = hj[-1][0] - fwd(Wte, xj)[-1][0]
    # r_a = (W_L ⋯ W_{a+1})ᵀ, r_L = [1]
    rows = {L: [R.one]}
    for a in range(L - 1, 0, -1):
        W = Wst[a]                                          # W_{a+1}
        rows[a] = [sum((rows[a + 1][s] * W[s][p] for s in range(K[a + 1])), R.zero) for p in range(K[a])]
    mom = standard_moments(dist)
    ei2, eiej = ei * ei, ei * ej
    out = {}
    for a in range(1, L + 1):
        for p in range(K[a]):
            rp2 = rows[a][p] ** 2
            A_d, A_c = ei2 * rp2, eiej * rp2
            for q in range(K[a - 1]):
                hq_i, hq_j = hi[a - 1][q], hj[a - 1][q]
                out[(a, p, q)] = (polynomial_expectation(A_d * (hq_i * hq_i), mom),
                                  polynomial_expectation(A_c * (hq_i * hq_j), mom))
    return out


def symbolic_layer_moments(dims, dist: str = "gaussian") -> dict:
    """Per-layer sums of ``symbolic_coordinate_moments``: {a: (E‖∇_{W_a}f_i‖², E<∇_{W_a}f_i, ∇_{W_a}f_j>)}."""
    coords = symbolic_coordinate_moments(check_dims(dims), dist)
    out: dict = {}
    for (a, _, _), (dv, cv) in coords.items():
        d0, c0 = out.get(a, (0, 0))
        out[a] = (d0 + dv, c0 + cv)
    return out


# ---- 3. Rao-Blackwellized Monte Carlo ---------------------------------------------------------------

@dataclass(frozen=True)
class MCEstimate:
    mean: float
    se: float
    draws: int

    def z(self, value: float) -> float:
        """(value − estimate) / SE."""
        return (value - self.mean) / self.se if self.se > 0 else (0.0 if value == self.mean else math.inf)

    def as_dict(self) -> dict:
        return {"mean": self.mean, "se": self.se, "draws": self.draws}


def mc_estimate(samples) -> MCEstimate:
    """Mean and standard error of i.i.d. samples."""
    s = np.asarray(samples, dtype=float)
    return MCEstimate(float(s.mean()), float(s.std(ddof=1) / math.sqrt(s.size)) if s.size > 1 else math.inf,
                      int(s.size))


def _sample_teacher_vector(rng, dims, R, dist):
    """w* = W*_L ⋯ W*_1 as rows (R, d). Gaussian: w* ~ sqrt(Π_{ℓ=1}^{L-1} χ²_{K_ℓ}) N(0, I_d) exactly."""
    K = full_widths(dims)
    if dist == "gaussian":
        scale = np.ones(R)
        for k in K[1:-1]:
            scale *= rng.chisquare(k, size=R)
        return np.sqrt(scale)[:, None] * rng.standard_normal((R, K[0]))
    Ws = _sample_weights(rng, dims, R, dist)
    w = Ws[-1][:, 0, :]
    for W in reversed(Ws[:-1]):
        w = np.einsum("rk,rkj->rj", w, W)
    return w


def _sample_weights(rng, dims, R, dist):
    K = full_widths(dims)
    out = []
    for ell in range(1, len(K)):
        shape = (R, K[ell], K[ell - 1])
        out.append(rng.standard_normal(shape) if dist == "gaussian" else rng.integers(0, 2, size=shape) * 2.0 - 1.0)
    return out


def _mc_batch(rng, dims, R, dist, data_m4, per_coordinate):
    """Conditional (given weights) expectations over the data, for R weight draws."""
    L = len(dims)
    Ws = _sample_weights(rng, dims, R, dist)
    w = Ws[-1][:, 0, :]                                      # (R, K_{L-1})
    for W in reversed(Ws[:-1]):
        w = np.einsum("rk,rkj->rj", w, W)
    v = w - _sample_teacher_vector(rng, dims, R, dist)       # (R, d)
    vv = np.sum(v * v, axis=1)
    rows = [np.ones((R, 1))]                                 # r_L
    for W in reversed(Ws[1:]):
        rows.append(np.einsum("rk,rkj->rj", rows[-1], W))
    rows = rows[::-1]                                        # rows[a-1] = r_a, (R, K_a)
    P = None                                                 # P_0 = I: h_0 = x
    out = []
    for a in range(1, L + 1):
        if a == 2:
            P = Ws[0]
        elif a > 2:
            P = np.einsum("rpk,rkd->rpd", Ws[a - 2], P)      # P_{a-1} = W_{a-1} P_{a-2}
        r2 = rows[a - 1] ** 2                                # (R, K_a)
        if P is None:
            Pv, PP, P2v2 = v, np.ones_like(v), v * v
        else:
            Pv = np.einsum("rqd,rd->rq", P, v)               # (R, K_{a-1})
            PP = np.sum(P * P, axis=2)                       # ‖P_q‖²
            P2v2 = np.einsum("rqd,rd->rq", P * P, v * v) if data_m4 != 3.0 else 0.0
        kurt = (data_m4 - 3.0) * P2v2 if data_m4 != 3.0 else 0.0
        dq = vv[:, None] * PP + 2 * Pv ** 2 + kurt           # E_x[(v·x)²(P_q·x)²]
        cq = Pv ** 2                                         # E_x[(v·x_i)(P_q·x_i)(v·x_j)(P_q·x_j)]
        if per_coordinate:
            out.append((r2[:, :, None] * dq[:, None, :], r2[:, :, None] * cq[:, None, :]))
        else:
            rs = np.sum(r2, axis=1)
            out.append((rs * np.sum(dq, axis=1), rs * np.sum(cq, axis=1)))
    return out


def mc_layer_moments(dims, draws: int, rng: np.random.Generator, dist: str = "gaussian",
                     per_coordinate: bool = False, batch: int = 4096) -> dict:
    """Monte Carlo over weights (student and teacher) with the data expectation exact given the weights.

    Returns {a: {"diag": MCEstimate, "cross": MCEstimate}} per layer (``per_coordinate``: arrays of
    per-coordinate means and SEs instead). ``dist`` is the law of weights and data (unit variance)."""
    dims = check_dims(dims)
    if draws < 2:
        raise InputError("draws", f"must be >= 2 for a standard error (got {draws})")
    m4 = 3.0 if dist == "gaussian" else 1.0
    parts = []
    left = draws
    while left > 0:
        b = min(batch, left)
        parts.append(_mc_batch(rng, dims, b, dist, m4, per_coordinate))
        left -= b
    acc = [(np.concatenate([p[a][0] for p in parts]), np.concatenate([p[a][1] for p in parts]))
           for a in range(len(parts[0]))]
    out = {}
    for a, (dvals, cvals) in enumerate(acc, start=1):
        if per_coordinate:
            se = lambda s: s.std(axis=0, ddof=1) / math.sqrt(s.shape[0])  # noqa: E731
            out[a] = {"diag_mean": dvals.mean(axis=0), "diag_se": se(dvals),
                      "cross_mean": cvals.mean(axis=0), "cross_se": se(cvals)}
        else:
            out[a] = {"diag": mc_estimate(dvals), "cross": mc_estimate(cvals)}
    return out


def mc_total_moments(dims, draws: int, rng, dist: str = "gaussian", max_elements: int = 2_000_000) -> dict:
    """E‖∇f_i‖² and E<∇f_i,∇f_j> (i≠j) summed over layers, with SEs (layers share each draw).
    Draws are processed in batches of at most ``max_elements`` array entries per weight tensor."""
    dims = check_dims(dims)
    if draws < 2:
        raise InputError("draws", f"must be >= 2 for a standard error (got {draws})")
    m4 = 3.0 if dist == "gaussian" else 1.0
    K = full_widths(dims)
    per_draw = max(K[i] * K[i - 1] for i in range(1, len(K)))
    batch = max(1, max_elements // per_draw)
    ds, cs = [], []
    left = draws
    while left > 0:
        b = min(batch, left)
        parts = _mc_batch(rng, dims, b, dist, m4, False)
        ds.append(sum(p[0] for p in parts))
        cs.append(sum(p[1] for p in parts))
        left -= b
    return {"diag": mc_estimate(np.concatenate(ds)), "cross": mc_estimate(np.concatenate(cs))}


def two_layer_data_moments(W1, w2, ustar) -> tuple:
    """Moments over Gaussian data given the weights of a 2-layer LNN (batched over a leading axis R):
    W1 (R,K,d), w2 (R,K), teacher vector u* = W1*ᵀw2* (R,d). With v = W1ᵀw2 − u* and B = ‖w2‖² I + W1ᵀW1,
    g(x) = (v·x)² xᵀBx = ‖∇f(x)‖² and h(x, x') = (v·x)(v·x') xᵀBx' = <∇f(x), ∇f(x')>. Isserlis gives
      E g = ‖v‖² trB + 2 vᵀBv
      E g² = ‖v‖⁴ [105 b² + 60 ‖c‖² + 3((trB − b)² + 2 t2) + 30 b (trB − b)]
        with v̂ = v/‖v‖, b = v̂ᵀBv̂, ‖c‖² = ‖Bv̂‖² − b², t2 = tr B² − 2‖Bv̂‖² + b²
        (x = z v̂ + y, y ⊥ v̂: E z⁸ = 105, E z⁶ = 15, E z⁴ = 3)
      E h = vᵀBv,  E[(E[h|x])²] = ‖v‖²‖Bv‖² + 2(vᵀBv)²,
      E h² = ‖v‖²(‖v‖² tr B² + 2‖Bv‖²) + 2(‖v‖²‖Bv‖² + 2(vᵀBv)²).
    Returns (E g, E g², E h, E[(E[h|x])²], E h²), each of shape (R,)."""
    K, d = W1.shape[1], W1.shape[2]
    v = np.einsum("rkd,rk->rd", W1, w2) - ustar
    s = np.sum(w2 * w2, axis=1)
    W1v = np.einsum("rkd,rd->rk", W1, v)
    Bv = s[:, None] * v + np.einsum("rkd,rk->rd", W1, W1v)
    vv = np.sum(v * v, axis=1)
    vBv = s * vv + np.sum(W1v * W1v, axis=1)
    BvBv = np.sum(Bv * Bv, axis=1)
    fro2 = np.sum(W1 * W1, axis=(1, 2))
    gram = np.einsum("rkd,rjd->rkj", W1, W1) if K <= d else np.einsum("rkd,rke->rde", W1, W1)
    trB = d * s + fro2
    trB2 = d * s * s + 2 * s * fro2 + np.sum(gram * gram, axis=(1, 2))
    b = vBv / vv
    Bvh2 = BvBv / vv
    c2 = Bvh2 - b * b
    t1 = trB - b
    t2 = trB2 - 2 * Bvh2 + b * b
    Eg = vv * trB + 2 * vBv
    Eg2 = vv * vv * (105 * b * b + 60 * c2 + 3 * (t1 * t1 + 2 * t2) + 30 * b * t1)
    Eh = vBv
    Eh1sq = vv * BvBv + 2 * vBv ** 2
    Eh2 = vv * (vv * trB2 + 2 * BvBv) + 2 * (vv * BvBv + 2 * vBv ** 2)
    return Eg, Eg2, Eh, Eh1sq, Eh2


def _two_layer_conditionals(rng, K, d, R):
    """Per weight draw (2-layer LNN, Gaussian weights): ``two_layer_data_moments`` of a fresh draw."""
    W1 = rng.standard_normal((R, K, d))
    w2 = rng.standard_normal((R, K))
    ustar = np.sqrt(rng.chisquare(K, size=R))[:, None] * rng.standard_normal((R, d))   # W1*ᵀw2* in law
    return two_layer_data_moments(W1, w2, ustar)


def _total_variance(M, V) -> MCEstimate:
    """Var = E_W[V] + Var_W(M) from per-draw conditional means M and variances V, with a delta-method
    SE (influence function ψ_r = V_r + (M_r − M̄)² − estimate)."""
    M, V = np.asarray(M, float), np.asarray(V, float)
    R = M.size
    dev2 = (M - M.mean()) ** 2
    est = float(V.mean() + dev2.sum() / (R - 1))
    psi = V + dev2 * R / (R - 1)
    return MCEstimate(est, float(psi.std(ddof=1) / math.sqrt(R)), R)


def two_layer_variances_mc(K: int, d: int, n: int, draws: int, rng: np.random.Generator,
                           batch: int = 2048) -> dict:
    """Var Σ_i‖∇f_i‖² and Var Σ_{i≠j}<∇f_i,∇f_j> of a 2-layer Gaussian LNN (003 Thm 5), plus their
    means, by the law of total variance with exact data moments given the weights.

    Given the weights the x_i are i.i.d., so S1 = Σ_i g(x_i) has Var_x = n Var(g), and
    S2 = 2 Σ_{i<j} h(x_i, x_j) is a U-statistic with Var_x = 2n(n−1)[ζ2 + 2(n−2)ζ1],
    ζ1 = Var E[h|x_1], ζ2 = Var h (Hoeffding)."""
    for name, val in (("K", K), ("d", d), ("n", n)):
        if int(val) != val or val < 1:
            raise InputError(name, f"must be a positive integer (got {val})")
    if n < 2:
        raise InputError("n", "must be >= 2 for the cross sum")
    chunks = []
    left = draws
    batch = max(1, min(batch, 4_000_000 // (K * d)))
    while left > 0:
        b = min(batch, left)
        chunks.append(_two_layer_conditionals(rng, K, d, b))
        left -= b
    Eg, Eg2, Eh, Eh1sq, Eh2 = (np.concatenate([c[i] for c in chunks]) for i in range(5))
    M1, V1 = n * Eg, n * (Eg2 - Eg ** 2)
    zeta1, zeta2 = Eh1sq - Eh ** 2, Eh2 - Eh ** 2
    M2 = n * (n - 1) * Eh
    V2 = 2 * n * (n - 1) * (zeta2 + 2 * (n - 2) * zeta1)
    return {"var_sum_sq": _total_variance(M1, V1), "var_cross": _total_variance(M2, V2),
            "mean_sum_sq": mc_estimate(M1), "mean_cross": mc_estimate(M2)}


def two_layer_expectations(d: int, K: int, dist: str, draws: int, rng) -> dict:
    """E‖∇f_i‖² and E<∇f_i,∇f_j> (i≠j) of a 2-layer LNN (003 Prop. A.1): exact for Gaussian weights and data
    (``exact_layer_moments``), Rao-Blackwellized Monte Carlo over ``draws`` weight draws otherwise."""
    if dist == "gaussian":
        ex = exact_layer_moments((d, K))
        return {"diag": to_float(ex.diag), "cross": to_float(ex.cross), "diag_se": 0.0, "cross_se": 0.0,
                "method": "exact"}
    est = mc_total_moments((d, K), draws, rng, dist=dist)
    return {"diag": est["diag"].mean, "cross": est["cross"].mean, "diag_se": est["diag"].se,
            "cross_se": est["cross"].se, "method": f"monte_carlo ({draws} weight draws, data exact)"}
