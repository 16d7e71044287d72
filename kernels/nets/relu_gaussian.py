"""Gaussian expectations of ReLU units, in closed form and by independent quadrature (001_8899e8ddccc39226.txt).

- The expectation of Claim 7.6 (001 Sec. 7.4.1), ``E[(φ(g_1) - φ(α g_1 + δ g_2))²]`` with g_1, g_2 ~ N(0, 2):
  its arc-cosine closed form, an mpmath quadrature of it and of the conditional f(g_1), its minimum over α,
  and the quadrature references against which printed closed forms are compared.
- The law of Fact 7.2 (001 Sec. 7.1): v_i = 1{(W(h+q))_i >= 0} (Wh)_i for W_ij ~ N(0, 2/m), sampled and tested
  against the printed law (the Binomial(m, 1/2)-mixture of χ²_ω and half-zero, half-folded-normal |v_i|).
- The angle map of one ReLU layer at infinite width (arc-cosine kernel of order 1, Cho & Saul 2009).

Scalar code (math, NumPy on the host, SciPy, mpmath): no network and no array backend.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy import stats as sps

from ..errors import InputError

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


@dataclass(frozen=True)
class PairMinimum:
    """min over α of the Claim 7.6 expectation at one δ: the minimizer, the expectation there by quadrature
    (with its error estimate) and the smallest closed-form value at the far tails α = ±10, ±50."""
    alpha: float
    expectation: float
    quad_error: float
    tail_minimum: float


def relu_pair_minimum(delta: float, alphas=np.linspace(-4.0, 5.0, 1801), tails=(-50.0, -10.0, 10.0, 50.0),
                      dps: int = 30) -> PairMinimum:
    """min over α ∈ R of E[(φ(g_1) - φ(α g_1 + δ g_2))²] (001 Claim 7.6): the closed form on the grid ``alphas``,
    refined by a bounded scalar minimization between the grid neighbours of the best point, and re-evaluated
    at the minimizer by the mpmath quadrature (E grows like α² outside the grid; ``tails`` are reported)."""
    vals = np.array([relu_pair_expectation(a, delta) for a in alphas])
    k = int(np.argmin(vals))
    lo, hi = alphas[max(0, k - 1)], alphas[min(len(alphas) - 1, k + 1)]
    res = optimize.minimize_scalar(lambda a: relu_pair_expectation(a, delta), bounds=(lo, hi),
                                   method="bounded", options={"xatol": 1e-12})
    a_star = float(res.x) if res.fun <= vals[k] else float(alphas[k])
    e_mp, err = relu_pair_expectation_mp(a_star, delta, dps=dps)
    return PairMinimum(a_star, float(e_mp), float(err), min(relu_pair_expectation(a, delta) for a in tails))


@dataclass(frozen=True)
class PairReferences:
    """Quadrature references at one (α, δ): E, f(g_1) for each g_1 asked for, and the largest error estimate."""
    expectation: float
    conditional: dict
    error: float


def relu_pair_references(alpha: float, delta: float, g1_values, dps: int = 30) -> PairReferences:
    """E (``relu_pair_expectation_mp``) and f(g_1) (``relu_pair_conditional_mp``) at each of ``g1_values``
    (001 proof of Claim 7.6), for checking closed forms against them."""
    truth, err = relu_pair_expectation_mp(alpha, delta, dps=dps)
    err = float(err)
    cond = {}
    for g1 in g1_values:
        ft, fe = relu_pair_conditional_mp(g1, alpha, delta, dps=dps)
        cond[g1] = float(ft)
        err = max(err, float(fe))
    return PairReferences(float(truth), cond, err)


# =========================================================================== Fact 7.2 law

def chi2_binomial_mixture_cdf(t, m: int) -> np.ndarray:
    """P(χ²_ω <= t) with ω ~ Binomial(m, 1/2) (χ²_0 = point mass at 0): the law 001 Fact 7.2 prints for
    m‖v‖²/(2‖h‖²)."""
    t = np.asarray(t, float)
    w = np.arange(m + 1)
    pw = sps.binom.pmf(w, m, 0.5)
    cdf = np.where(t[:, None] >= 0, 1.0, 0.0) * pw[0]
    cdf = cdf[:, 0] + (sps.chi2.cdf(t[:, None], w[None, 1:]) * pw[None, 1:]).sum(axis=1)
    return np.clip(cdf, 0.0, 1.0)


OFFSETS = ("zero", "random", "minus_2h", "cancel")


def _offset(kind: str, h, rng: np.random.Generator):
    """q of Fact 7.2 relative to h: 0, 3 N(0, I), -2h, or -h (then h + q = 0)."""
    if kind == "zero":
        return np.zeros_like(h)
    if kind == "random":
        return 3.0 * rng.standard_normal(h.shape)
    if kind == "minus_2h":
        return -2.0 * h
    if kind == "cancel":
        return -h
    raise InputError("offset", f"must be one of {OFFSETS} (got {kind!r})")


@dataclass(frozen=True)
class MaskedGaussianTest:
    """Tests of the Fact 7.2 law on N draws of W: KS of T = m‖v‖²/(2‖h‖²) against the χ² mixture
    (statistic, p), exact binomial test of the zero fraction of |v_i| against 1/2, KS of the nonzero
    |v_i| sqrt(m/2)/‖h‖ against |N(0, 1)| (p 0 when none is nonzero)."""
    ks_statistic: float
    p_mixture: float
    p_zero_fraction: float
    p_folded_normal: float
    zero_fraction: float
    mean_T: float
    h_plus_q_norm: float


def masked_gaussian_test(m: int, dim: int, samples: int, offset: str, rng: np.random.Generator) -> MaskedGaussianTest:
    """Draw h ~ N(0, I_dim), q by ``offset`` and ``samples`` matrices W (m x dim, entries N(0, 2/m)); test the
    law of v_i = 1{(W(h+q))_i >= 0} (Wh)_i printed in 001 Fact 7.2. The atom 2^-m of T at 0 is handled by a
    randomized probability integral transform (U ~ Uniform(0, 1) under the printed law)."""
    h = rng.standard_normal(dim)
    q = _offset(offset, h, rng)
    W = math.sqrt(2.0 / m) * rng.standard_normal((samples, m, dim))
    Wh, Whq = W @ h, W @ (h + q)
    v = np.where(Whq >= 0, Wh, 0.0)                     # v_i = 1{(W(h+q))_i >= 0} (Wh)_i (001 Fact 7.2)
    T = m * np.sum(v * v, axis=1) / (2.0 * float(h @ h))
    u = np.where(T > 0, chi2_binomial_mixture_cdf(T, m), rng.uniform(size=samples) * 0.5 ** m)
    ks = sps.kstest(u, "uniform")
    absv = np.abs(v).ravel() * math.sqrt(m / 2.0) / float(np.linalg.norm(h))
    zeros = int(np.sum(absv == 0.0))
    p_zero = float(sps.binomtest(zeros, absv.size, 0.5).pvalue)
    nz = absv[absv > 0]
    p_fold = float(sps.kstest(nz, sps.chi(1).cdf).pvalue) if nz.size else 0.0
    return MaskedGaussianTest(float(ks.statistic), float(ks.pvalue), p_zero, p_fold, zeros / absv.size,
                              float(T.mean()), float(np.linalg.norm(h + q)))


# =========================================================================== infinite-width angle map

def relu_angle_map(theta: float) -> float:
    """One ReLU layer in the infinite-width limit: cos θ' = (sin θ + (π - θ) cos θ)/π (arc-cosine kernel of
    order 1, Cho & Saul 2009, normalized by its value 1/2 at θ = 0)."""
    c = (math.sin(theta) + (math.pi - theta) * math.cos(theta)) / math.pi
    return math.acos(min(1.0, max(-1.0, c)))


def relu_angle_after(theta: float, layers: int) -> float:
    """The angle of two inputs at angle ``theta`` after ``layers`` ReLU layers of infinite width."""
    for _ in range(layers):
        theta = relu_angle_map(theta)
    return theta
