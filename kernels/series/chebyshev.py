"""Chebyshev series in high precision: coefficients, chopping, verified truncation errors, rates.

Conventions. On [a, b] write x = (a+b)/2 + (b-a)/2 t with t in [-1, 1], and
f(x) = sum_k c_k T_k(t), c_k = (2/pi) int_{-1}^{1} f T_k / sqrt(1-t^2) dt (c_0 with 1/pi), the
a_n of 004 App. F.2. The *truncation* S_p f = sum_{k<=p} c_k T_k is the "Chebyshev approximation
S_N f" of 004 App. H (Thm H.1). Every "degree needed" and every "error at degree p" in this module
is about the truncation S_p f (not the interpolant, not the best approximation).

Coefficients (``coefficients``). f (an mpmath callable) is sampled at the Chebyshev-Lobatto
points t_j = cos(j pi / n) and the interpolant's coefficients come from the DCT-I
    c~_k = (2/n) sum''_{j=0}^{n} f(t_j) cos(j k pi / n)      ('' halves the j = 0, n terms; c~_0, c~_n halved),
summed in exact integer fixed point at (mp.prec + 32) bits. Aliasing: c~_k = c_k + sum_{l>=1}
(c_{2ln-k} + c_{2ln+k}) (Trefethen, ATAP (2013), Thm 4.2), so once the c_k beyond n are below the
chopping tolerance the c~_k are the truncation coefficients to that tolerance. n = 16, 32, 64, ...
(the points nest, so no sample is computed twice) until ``standard_chop`` finds the noise plateau.

Chopping (``standard_chop``): the plateau rule of Aurentz & Trefethen, "Chopping a Chebyshev
series", ACM TOMS 43 (2017), implemented from the paper's description (monotone envelope, plateau
test with j2 = round(1.25 j + 5) and ratio threshold 3(1 - log e1 / log tol), cut at the minimum
of log envelope plus a linear tilt of (1/3)|log tol| across the kept range).

Errors (``truncation_errors``, ``degree_for``): the error of S_p on a dense grid of M + 1 points
t_j = cos(j pi / M), M = oversample * N (N = chopped degree), for every p at once:
    f - S_p = (f - S_N) + sum_{p<k<=N} c_k T_k.
The first term is computed in high precision at every grid point (f in mpmath, S_N in exact
fixed point); the second, small, term in float64 with a rounding bound proportional to
sum_{k>p} |c_k| (so it keeps relative accuracy however small it is). Between grid points the
polynomial part is bounded by Bernstein's inequality for trigonometric polynomials of degree N
(|t''| <= N^2 max|t|): max over [-1,1] <= max over grid / (1 - (pi N / (2M))^2 / 2). ``upper`` is
that bound plus the rounding bound plus an estimate of the noise-level term f - S_N; ``lower`` is
a grid value minus its rounding bound (a rigorous lower bound on sup |f - S_p|).

Best approximation (``vallee_poussin_bound``): if f - q (q of degree <= p) alternates in sign at
p + 2 points, then E_p(f) = min over degree-p polynomials of sup|f - p| >= min |f - q| at those
points (de la Vallee Poussin 1911; Powell, Approximation Theory and Methods (1981), Ch. 7;
Trefethen ATAP Ch. 10). Applied to the truncation's error curve on the grid it gives a rigorous
lower bound on the best-approximation error, the only way a "some polynomial of degree p reaches
eps" statement can be refuted. (The truncation is near-best: sup|f - S_p| <= (1 + Lambda_p) E_p
with Lambda_p ~ (4/pi^2) log p the Lebesgue constant of Chebyshev/Fourier truncation.)

Rates (``geometric_rate``, ``bernstein_rate``): if f is analytic inside the Bernstein ellipse
E_rho = {(w + 1/w)/2 : 1 <= |w| < rho} but has a singularity on its boundary, |c_k| decays like
rho^{-k} up to algebraic factors, and so does sup |f - S_N| (ATAP Thms 8.1-8.2). The nearest
singularity z (mapped to [-1, 1]) fixes rho = |z + sqrt(z^2 - 1)| on the branch with |.| > 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import mpmath
import numpy as np
from mpmath import mp

from .. import stats
from ..errors import InputError

U64 = 2.0 ** -52                # float64 unit roundoff (times 2: a safe bound for one rounding)
GUARD_BITS = 32                 # extra fixed-point bits beyond the mpmath working precision
_CHUNK = 2_000_000              # matrix entries per block in the grid sums (memory O(_CHUNK))


# ---- validation ----------------------------------------------------------------------------

def _check_interval(a, b):
    try:
        af, bf = float(a), float(b)
    except (TypeError, ValueError):
        raise InputError("a/b", f"must be real numbers (got a={a!r}, b={b!r})") from None
    if not (math.isfinite(af) and math.isfinite(bf)):
        raise InputError("a/b", f"must be finite (got a={a!r}, b={b!r})")
    if not af < bf:
        raise InputError("b", f"must be > a (got a={a!r}, b={b!r})")


def _check_dps(dps):
    if isinstance(dps, bool) or not isinstance(dps, (int, np.integer)) or dps < 15:
        raise InputError("dps", f"must be an integer >= 15 (got {dps!r})")


def _check_tol(tol, name="tol"):
    if tol is None:
        return
    try:
        t = float(tol)
    except (TypeError, ValueError):
        raise InputError(name, f"must be a number in (0, 1) (got {tol!r})") from None
    if not (0.0 < t < 1.0):
        raise InputError(name, f"must be in (0, 1) (got {tol!r})")


def _check_degree(value, name, lo=0):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < lo:
        raise InputError(name, f"must be an integer >= {lo} (got {value!r})")


# ---- standard_chop ---------------------------------------------------------------------------

def _log10_abs(values) -> np.ndarray:
    """log10 |v| as float64 for floats or mpf (mpf may be far below the float64 range); -inf for 0."""
    out = np.empty(len(values))
    for i, v in enumerate(values):
        if isinstance(v, (mpmath.mpf, mpmath.mpc)):
            out[i] = -math.inf if v == 0 else float(mpmath.log10(abs(v)))
        else:
            fv = abs(float(v))
            out[i] = -math.inf if fv == 0 else math.log10(fv)
    return out


def standard_chop(coeffs, tol: float = 2.0 ** -52) -> int:
    """How many leading Chebyshev coefficients to keep (Aurentz & Trefethen 2017, 'standardChop').

    Returns ``cutoff`` in 1..n; ``cutoff < n`` means a noise plateau was found (the series is
    resolved to relative accuracy ~tol), ``cutoff == n`` means it was not. Needs n >= 17.
    Steps, as the paper describes them: (1) the monotone envelope E_j = max_{i>=j}|c_i| / max|c|;
    (2) the plateau: the first j with E_j2 / E_j > 3 (1 - log E_j / log tol), j2 = round(1.25 j + 5),
    or E_j = 0 (the plateau point is j - 1); (3) the cut: the minimum of log10 E plus a line rising
    by (1/3) |log10 tol| across the kept indices, after capping the envelope at tol^(7/6).
    """
    _check_tol(tol)
    n = len(coeffs)
    if n == 0:
        raise InputError("coeffs", "must be a non-empty sequence")
    if n < 17:
        return n
    L = _log10_abs(coeffs)
    env = np.maximum.accumulate(L[::-1])[::-1]          # log10 of the monotone envelope
    if not np.isfinite(env[0]):
        return 1                                       # all coefficients are zero
    env = env - env[0]
    lt = math.log10(tol)
    plateau_point = None
    j2 = None
    for j in range(2, n + 1):                          # 1-based as in the paper's description
        j2 = int(math.floor(1.25 * j + 5 + 0.5))
        if j2 > n:
            return n                                   # no plateau: not resolved
        e1, e2 = env[j - 1], env[j2 - 1]
        if e1 == -math.inf:
            plateau_point = j - 1
            break
        r = 3.0 * (1.0 - e1 / lt)
        if r <= 0.0 or (e2 - e1) > math.log10(r):
            plateau_point = j - 1
            break
    if env[plateau_point - 1] == -math.inf:
        return plateau_point
    cap = (7.0 / 6.0) * lt
    j3 = int(np.sum(env >= cap))
    env = env.copy()
    if j3 < j2:
        j2 = j3 + 1
        env[j2 - 1] = cap
    cc = env[:j2] + np.linspace(0.0, -lt / 3.0, j2)
    d = int(np.argmin(cc)) + 1
    return max(d - 1, 1)


# ---- fixed-point machinery -------------------------------------------------------------------

@lru_cache(maxsize=16)
def _cos_mp(n: int, dps: int) -> tuple:
    """cos(m pi / n) for m = 0..n as mpf at ``dps`` (the Lobatto points of degree n)."""
    with mp.workdps(dps + 10):
        return tuple(mpmath.cos(mpmath.pi * m / n) for m in range(n + 1))


@lru_cache(maxsize=16)
def _cos_fixed(n: int, dps: int, bits: int) -> np.ndarray:
    """round(cos(m pi / n) 2^bits) for m = 0..2n-1 as an object array of Python ints."""
    half = [int(mpmath.nint(mpmath.ldexp(c, bits))) for c in _cos_mp(n, dps)]
    full = half + [half[2 * n - m] for m in range(n + 1, 2 * n)]
    return np.array(full, dtype=object)


def _to_fixed(x, bits: int) -> int:
    return int(mpmath.nint(mpmath.ldexp(x, bits)))


def _cos_sum_fixed(weights: np.ndarray, rows: np.ndarray, cols: np.ndarray, n: int, table: np.ndarray) -> np.ndarray:
    """sum_c weights[c] * table[(row * col) mod 2n] for each row, exact in integers."""
    out = np.empty(len(rows), dtype=object)
    step = max(1, _CHUNK // max(1, len(cols)) // 4)
    for s in range(0, len(rows), step):
        r = rows[s:s + step]
        idx = np.outer(r, cols) % (2 * n)
        out[s:s + step] = table[idx].dot(weights)
    return out


# ---- coefficients ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChebSeries:
    """Chebyshev coefficients c_0..c_N (mpf) of f on [a, b], chopped at a noise plateau."""
    coeffs: tuple            # mpf c_0..c_N (the kept part)
    sampled: tuple           # mpf c~_0..c~_n of the degree-n interpolant (includes the plateau)
    a: object
    b: object
    dps: int
    tol: float               # relative chopping tolerance used
    happy: bool              # a plateau was found (cutoff < n + 1)
    vscale: float            # max |f| over the samples
    f: Callable = field(default=None, repr=False, compare=False)

    @property
    def degree(self) -> int:
        return len(self.coeffs) - 1

    @property
    def n_sampled(self) -> int:
        return len(self.sampled) - 1

    @property
    def noise(self) -> float:
        """Sum of |c~_k| beyond the cut: what chopping dropped (absolute). It also estimates the error of
        each kept coefficient (aliasing moves c~_k by coefficients beyond n, which lie below the plateau)."""
        tail = self.sampled[len(self.coeffs):]
        with mp.workdps(self.dps):
            return float(mpmath.fsum(abs(c) for c in tail)) if tail else 0.0

    def floats(self) -> np.ndarray:
        return np.array([float(c) for c in self.coeffs])

    def __call__(self, x):
        """S_N f at x (mpmath, Clenshaw), x in [a, b]."""
        with mp.workdps(self.dps):
            a, b = mpmath.mpf(self.a), mpmath.mpf(self.b)
            t = (2 * mpmath.mpf(x) - a - b) / (b - a)
            b1 = b2 = mpmath.mpf(0)
            for c in reversed(self.coeffs[1:]):
                b1, b2 = 2 * t * b1 - b2 + c, b1
            return t * b1 - b2 + self.coeffs[0]


def _eval_f(f, x):
    v = f(x)
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise InputError("f", f"must be real on [a, b]; f({mpmath.nstr(x, 8)}) = {v}")
        v = v.real
    v = mpmath.mpf(v)
    if not mpmath.isfinite(v):
        raise InputError("f", f"must be finite on [a, b]; f({mpmath.nstr(x, 8)}) = {v}")
    return v


def _dct1(values: list, n: int, dps: int) -> list:
    """Interpolant coefficients c~_0..c~_n from samples at cos(j pi / n), j = 0..n (exact fixed point)."""
    bits = mp.prec + GUARD_BITS
    W = np.array([_to_fixed(v, bits) for v in values], dtype=object)
    W[1:n] *= 2
    idx = np.arange(n + 1)
    S = _cos_sum_fixed(W, idx, idx, n, _cos_fixed(n, dps, bits))
    out = []
    for k in range(n + 1):
        c = mpmath.ldexp(mpmath.mpf(S[k]), -2 * bits) / n
        out.append(c / 2 if k in (0, n) else c)
    return out


def coefficients(f, a=-1, b=1, *, dps: int = 30, tol: float | None = None, abstol: float | None = None,
                 min_degree: int = 16, max_degree: int = 4096) -> ChebSeries:
    """Chebyshev coefficients of the mpmath callable f on [a, b] at ``dps`` digits.

    Samples the degree-n interpolant for n = min_degree, 2 min_degree, ... <= max_degree and stops
    when ``standard_chop`` finds a plateau at the relative tolerance ``tol`` (default 10^(2-dps));
    ``abstol`` instead asks for an absolute tolerance (relative to the largest coefficient, clamped
    to [10^(2-dps), 1e-2]). Without a plateau at max_degree the series is returned unchopped with
    ``happy=False`` (e.g. functions with a kink decay only algebraically).
    """
    if not callable(f):
        raise InputError("f", "must be a callable of one mpmath number")
    _check_interval(a, b)
    _check_dps(dps)
    _check_tol(tol)
    if abstol is not None and not (isinstance(abstol, (int, float)) and math.isfinite(abstol) and abstol > 0):
        raise InputError("abstol", f"must be a positive finite number (got {abstol!r})")
    _check_degree(min_degree, "min_degree", 16)
    _check_degree(max_degree, "max_degree", min_degree)
    floor = 10.0 ** (2 - dps)
    with mp.workdps(dps):
        A, B = mpmath.mpf(a), mpmath.mpf(b)
        mid, half = (A + B) / 2, (B - A) / 2
        n = min(1 << max(4, int(math.ceil(math.log2(min_degree)))), max_degree)   # doubles from here
        ts = _cos_mp(n, dps)
        vals = [_eval_f(f, mid + half * t) for t in ts]
        while True:
            c = _dct1(vals, n, dps)
            cmax = max(abs(v) for v in c)
            if abstol is not None:
                rel = abstol / float(cmax) if cmax != 0 else 1e-2
                use_tol = min(max(rel, floor), 1e-2)
            else:
                use_tol = floor if tol is None else float(tol)
            cut = standard_chop(c, use_tol)
            happy = cut < n + 1
            if happy or 2 * n > max_degree:
                break
            ts2 = _cos_mp(2 * n, dps)
            new = [None] * (2 * n + 1)
            new[0::2] = vals
            for j in range(1, 2 * n, 2):
                new[j] = _eval_f(f, mid + half * ts2[j])
            vals, n = new, 2 * n
        vscale = float(max(abs(v) for v in vals))
        kept = tuple(c[:cut]) if happy else tuple(c)
        return ChebSeries(kept, tuple(c), a, b, dps, use_tol, happy, vscale, f)


# ---- truncation errors on a dense grid ---------------------------------------------------------

@dataclass
class TruncationErrors:
    """sup_x |f - S_p f| for p = 0..N from a dense grid: ``grid`` (the grid maximum), ``lower``
    (rigorous lower bound), ``upper`` (upper bound: Bernstein's inequality between grid points,
    rounding bound, plus the noise-level estimate of f - S_N)."""
    series: ChebSeries
    grid: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    rounding: np.ndarray         # bound on the float64 error of each grid value
    residual_max: float          # max over the grid of |f - S_N| (high precision)
    residual_sup: float          # estimate of sup |f - S_N| (noise level)
    bernstein_factor: float
    M: int
    _r: np.ndarray = field(repr=False, default=None)
    _cf: np.ndarray = field(repr=False, default=None)

    @property
    def degree(self) -> int:
        return self.series.degree

    def at(self, p: int) -> dict:
        """grid / lower / upper at degree p (p > N: S_p = S_N, the error is at the noise level)."""
        _check_degree(p, "p")
        q = min(p, self.degree)
        return {"degree": p, "grid": float(self.grid[q]), "lower": float(self.lower[q]),
                "upper": float(self.upper[q]), "rounding": float(self.rounding[q])}

    def min_degree(self, eps: float, verified: bool = True) -> int | None:
        """Smallest p with upper[p] <= eps (``verified``) or grid[p] <= eps; None if none <= N."""
        _check_eps(eps)
        arr = self.upper if verified else self.grid
        hit = np.flatnonzero(arr <= eps)
        return int(hit[0]) if hit.size else None

    def error_curve(self, p: int) -> np.ndarray:
        """f - S_p at the grid points t_j = cos(j pi / M), j = 0..M (float64)."""
        _check_degree(p, "p")
        q = min(p, self.degree)
        out = self._r.copy()
        ks = np.arange(q + 1, self.degree + 1)
        if ks.size:
            rows = np.arange(self.M + 1)
            step = max(1, _CHUNK // ks.size)
            for s in range(0, rows.size, step):
                J = rows[s:s + step]
                T = np.cos((np.outer(J, ks) % (2 * self.M)) * (math.pi / self.M))
                out[s:s + step] += T @ self._cf[ks]
        return out

    def best_lower_bound(self, p: int) -> dict:
        """de la Vallee Poussin lower bound on E_p(f) from the error curve of S_p (see module doc)."""
        e = self.error_curve(p)
        bound, pts = vallee_poussin_bound(e, p)
        q = min(p, self.degree)
        bound = max(0.0, bound - float(self.rounding[q]))
        return {"degree": p, "lower_bound": bound, "alternation_points": len(pts), "needed": p + 2}


def _check_eps(eps):
    try:
        e = float(eps)
    except (TypeError, ValueError):
        raise InputError("eps", f"must be a positive number (got {eps!r})") from None
    if not (math.isfinite(e) and e > 0):
        raise InputError("eps", f"must be a positive finite number (got {eps!r})")


def truncation_errors(series: ChebSeries, f=None, oversample: int = 8) -> TruncationErrors:
    """sup |f - S_p f| for every p = 0..N on M + 1 = oversample*N + 1 Chebyshev points (module doc)."""
    if not isinstance(series, ChebSeries):
        raise InputError("series", "must be a ChebSeries from kernels.series.chebyshev.coefficients")
    f = f if f is not None else series.f
    if not callable(f):
        raise InputError("f", "must be a callable (the series does not carry one)")
    _check_degree(oversample, "oversample", 2)
    N = series.degree
    M = max(oversample * max(N, 1), 64)
    dps = series.dps
    with mp.workdps(dps):
        bits = mp.prec + GUARD_BITS
        A, B = mpmath.mpf(series.a), mpmath.mpf(series.b)
        mid, half = (A + B) / 2, (B - A) / 2
        ts = _cos_mp(M, dps)
        F = np.array([_to_fixed(_eval_f(f, mid + half * t), bits) for t in ts], dtype=object)
        C = np.array([_to_fixed(c, bits) for c in series.coeffs], dtype=object)
        rows = np.arange(M + 1)
        S = _cos_sum_fixed(C, rows, np.arange(N + 1), M, _cos_fixed(M, dps, bits))
        r = np.array([float(mpmath.ldexp(mpmath.mpf(F[j] * (1 << bits) - S[j]), -2 * bits))
                      for j in range(M + 1)])
        abs_c = [abs(c) for c in series.coeffs]
        fixed_err = float((N + 3 + mpmath.fsum(abs_c) + series.vscale) * mpmath.ldexp(1, -mp.prec + 1))
    cf = series.floats()
    acf = np.abs(cf)
    tail_abs = np.concatenate([np.cumsum(acf[::-1])[::-1][1:], [0.0]])      # sum_{k>p} |c_k|
    grid_err = np.zeros(N + 1)
    grid_tail = np.zeros(N + 1)
    ks = np.arange(N + 1)
    step = max(1, _CHUNK // (N + 1))
    for s in range(0, M + 1, step):
        J = rows[s:s + step]
        terms = np.cos((np.outer(J, ks) % (2 * M)) * (math.pi / M)) * cf
        R = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1]
        tails = np.concatenate([R[:, 1:], np.zeros((J.size, 1))], axis=1)    # column p: sum_{k>p}
        grid_tail = np.maximum(grid_tail, np.abs(tails).max(axis=0))
        grid_err = np.maximum(grid_err, np.abs(tails + r[J, None]).max(axis=0))
    rmax = float(np.max(np.abs(r)))
    rounding = (N + 20) * U64 * tail_abs + U64 * rmax + fixed_err
    x = math.pi * N / (2 * M)
    bern = 1.0 / (1.0 - x * x / 2.0)
    resid_sup = max(bern * rmax, series.noise) + fixed_err
    upper = bern * (grid_tail + rounding) + resid_sup
    lower = np.maximum(grid_err - rounding, 0.0)
    return TruncationErrors(series, grid_err, lower, upper, rounding, rmax, resid_sup, bern, M, r, cf)


@dataclass(frozen=True)
class DegreeResult:
    """Smallest degree p of the Chebyshev truncation S_p f with sup |f - S_p f| <= eps."""
    eps: float
    degree: int | None            # verified: upper bound <= eps (None: not reached by the resolved series)
    degree_grid: int | None       # grid maximum <= eps (degree_grid <= degree)
    error: float | None           # grid sup error at ``degree``
    error_upper: float | None     # its upper bound
    error_below: float | None     # lower bound of the sup error at degree - 1 (> eps: degree - 1 fails)
    errors: TruncationErrors = field(repr=False, default=None)
    method: str = "Chebyshev truncation S_p f; sup error on a dense Chebyshev grid in high precision"

    def as_dict(self) -> dict:
        return {"eps": self.eps, "degree": self.degree, "degree_grid": self.degree_grid, "error": self.error,
                "error_upper": self.error_upper, "error_below": self.error_below, "method": self.method}


def degree_for(f, a, b, eps: float, dps: int = 30, oversample: int = 8, max_degree: int = 4096,
               series: ChebSeries | None = None) -> DegreeResult:
    """The smallest p with sup_[a,b] |f - S_p f| <= eps, S_p f the Chebyshev truncation (module doc).

    One coefficient computation (chopped at 1e-6 eps), one dense-grid pass that yields the error
    of every p at once, then the first p whose verified upper bound is <= eps. Pass ``series`` to
    reuse coefficients computed once for many eps (it must resolve f well below eps).
    """
    _check_interval(a, b)
    _check_eps(eps)
    _check_dps(dps)
    if series is None:
        series = coefficients(f, a, b, dps=dps, abstol=1e-6 * float(eps), max_degree=max_degree)
    errs = truncation_errors(series, f, oversample)
    if errs.residual_sup > 1e-3 * float(eps):
        raise InputError("eps", f"{eps:g} is too close to the resolution of f at dps={dps} "
                                f"(noise level {errs.residual_sup:.2g}); raise dps or max_degree")
    d = errs.min_degree(eps)
    dg = errs.min_degree(eps, verified=False)
    if d is None:
        return DegreeResult(float(eps), None, dg, None, None, None, errs)
    below = float(errs.lower[d - 1]) if d > 0 else None
    return DegreeResult(float(eps), d, dg, float(errs.grid[d]), float(errs.upper[d]), below, errs)


# ---- best approximation: de la Vallee Poussin ---------------------------------------------------

def vallee_poussin_bound(errors, degree: int) -> tuple[float, list]:
    """min |e| over degree+2 points where e = f - q alternates in sign (0.0 if it does not).

    ``errors``: f - q at ordered points, q of degree <= ``degree``. By de la Vallee Poussin's theorem
    the result is a lower bound on the best-approximation error E_degree(f) on any set containing
    the points. The points are chosen greedily: the extreme point of every sign run, then the
    smallest is removed (an interior one merges its two same-sign neighbours) until degree+2 remain.
    """
    _check_degree(degree, "degree")
    e = np.asarray(errors, dtype=float)
    count = degree + 2
    idx = np.flatnonzero(e != 0)
    if idx.size < count:
        return 0.0, []
    s = np.sign(e[idx])
    runs = np.split(np.arange(idx.size), np.flatnonzero(np.diff(s) != 0) + 1)
    pts = [int(idx[r[np.argmax(np.abs(e[idx[r]]))]]) for r in runs]
    vals = [abs(float(e[p])) for p in pts]
    while len(pts) > count:
        i = int(np.argmin(vals))
        if i in (0, len(pts) - 1):
            del pts[i], vals[i]
        elif len(pts) - 2 >= count:
            keep = i - 1 if vals[i - 1] >= vals[i + 1] else i + 1
            pts[i - 1:i + 2], vals[i - 1:i + 2] = [pts[keep]], [vals[keep]]
        else:
            j = 0 if vals[0] <= vals[-1] else len(pts) - 1
            del pts[j], vals[j]
    if len(pts) < count:
        return 0.0, pts
    return float(min(vals)), pts


# ---- rates -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RateFit:
    """Geometric decay |c_k| ~ C rho^{-k}: ``rate`` = log rho (natural log) with a CI."""
    rate: float
    lo: float
    hi: float
    rate_upper_half: float | None     # the same fit on the upper half of the k range (drift)
    k_first: int
    k_last: int
    points: int
    plateau: bool                     # a noise plateau was found (else the fit runs to the end)
    cutoff: int
    confidence: float

    @property
    def rho(self) -> float:
        return math.exp(self.rate)

    def as_dict(self) -> dict:
        return {"rate": self.rate, "lo": self.lo, "hi": self.hi, "rho": self.rho,
                "rho_ci": [math.exp(self.lo), math.exp(self.hi)], "rate_upper_half": self.rate_upper_half,
                "k_range": [self.k_first, self.k_last], "points": self.points, "plateau": self.plateau,
                "cutoff": self.cutoff, "confidence": self.confidence}


def geometric_rate(coeffs, tol: float | None = None, confidence: float = 0.95) -> RateFit:
    """Measured geometric decay rate of |c_k| above the noise plateau, with a CI (kernels.stats.fit_slope).

    ``coeffs``: a ChebSeries (its sampled coefficients and tolerance are used) or a sequence.
    The plateau comes from ``standard_chop`` (tol default: the series' tol; 2^-52 for floats;
    10^(2-dps) at the current mpmath precision for mpf). Coefficients within 1000x of the plateau
    level are dropped (structural zeros of even/odd functions, noise), c_0 is left out (its
    normalization differs), and log of the monotone envelope max_{i>=k}|c_i| is fitted against k
    (the envelope removes the dips of oscillating coefficients). One sequence: OLS t-interval.
    """
    if isinstance(coeffs, ChebSeries):
        tol = coeffs.tol if tol is None else tol
        seq = list(coeffs.sampled)
    else:
        try:
            seq = list(coeffs)
        except TypeError:
            raise InputError("coeffs", "must be a ChebSeries or a sequence of numbers") from None
        if tol is None:
            is_mp = any(isinstance(c, (mpmath.mpf, mpmath.mpc)) for c in seq)
            tol = 10.0 ** (2 - mp.dps) if is_mp else 2.0 ** -52
    _check_tol(tol)
    if not 0 < confidence < 1:
        raise InputError("confidence", f"must be in (0, 1) (got {confidence!r})")
    if len(seq) < 4:
        raise InputError("coeffs", f"needs at least 4 coefficients (got {len(seq)})")
    L = _log10_abs(seq) * math.log(10.0)               # natural log |c_k|
    cut = standard_chop(seq, tol)
    plateau = cut < len(seq)
    top = float(np.max(L))
    noise = float(np.max(L[cut:])) if plateau else top + math.log(tol)
    k = np.arange(len(seq))
    keep = (k >= 1) & (k < cut) & (L > noise + math.log(1000.0))
    ks = k[keep]
    if ks.size < 3:
        raise InputError("coeffs", f"fewer than 3 coefficients above the noise plateau (cutoff {cut})")
    env = np.maximum.accumulate(L[keep][::-1])[::-1]
    fit = stats.fit_slope(ks.astype(float), env[None, :], confidence)
    up = None if fit.slope_upper_half is None else -fit.slope_upper_half
    return RateFit(-fit.slope, -fit.hi, -fit.lo, up, int(ks[0]), int(ks[-1]), int(ks.size), plateau, cut,
                   confidence)


def bernstein_rate(singularity, a=-1, b=1) -> float:
    """rho of the Bernstein ellipse of [a, b] through the nearest of the given singularities.

    Each z is mapped to w = (2z - a - b) / (b - a); rho = |w + sqrt(w^2 - 1)| on the branch with
    modulus >= 1 (the two branches multiply to 1). Returns the smallest rho over the singularities.
    """
    _check_interval(a, b)
    zs = list(singularity) if isinstance(singularity, (list, tuple, np.ndarray)) else [singularity]
    if not zs:
        raise InputError("singularity", "needs at least one point")
    best = math.inf
    with mp.workdps(40):
        A, B = mpmath.mpf(a), mpmath.mpf(b)
        for z in zs:
            try:
                w = (2 * mpmath.mpc(z) - A - B) / (B - A)
            except (TypeError, ValueError):
                raise InputError("singularity", f"must be a complex number (got {z!r})") from None
            if not (mpmath.isfinite(w.real) and mpmath.isfinite(w.imag)):
                raise InputError("singularity", f"must be finite (got {z!r})")
            s = mpmath.sqrt(w * w - 1)
            rho = max(abs(w + s), abs(w - s))
            if rho <= 1 + mpmath.mpf(10) ** -30:
                raise InputError("singularity", f"{z!r} lies on [a, b]: no Bernstein ellipse (rho = 1)")
            best = min(best, float(rho))
    return best
