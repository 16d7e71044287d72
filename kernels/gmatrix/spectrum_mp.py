"""G∞ and its eigenvalues in high precision (mpmath), and the automatic float64 -> mpmath route.

Why: kernels.gmatrix.spectrum reports an eigenvalue below floor = n eps ||G|| (+ n * entry error) as a
bound only. Claims about lambda_min of G∞ (004 Thm 4.1/4.2, App. K) need values far below it
(1e-20 and less for smooth activations), so they are computed here at ``dps`` digits.

* G∞ (Lemma I.1 of 004): G∞_ij = sum_a c̄_a(phi')^2 rho_ij^(a+1), rho_ij = <x_i, x_j>. The series is
  cut after a = kmax; the rest is at most T |rho|^(kmax+2) with T >= sum_{a>kmax} c̄_a^2, and on the
  diagonal (rho = 1) the entry is sum_a c̄_a^2 + T, exact when T is the exact tail E[phi'^2] - sum.
  The coefficients are an argument (mpmath values and T), so any source can feed this module.
* Eigenvalues: mpmath.eigsy (Householder tridiagonalization + implicit QL) at dps digits, repeated at
  dps + 20 digits; |lambda(dps) - lambda(dps+20)| measures the computation's own error. The matrix's
  own entry error e (truncation, rounding, coefficients) moves every eigenvalue by at most
  ||E||_2 <= n e (Weyl's inequality, Horn & Johnson Thm 4.3.1). abs_error adds both and one unit of
  the working precision on the matrix scale, 10^-dps ||G||_2, below which eigsy cannot resolve.
* resolve_spectrum: float64 first (kernels.gmatrix + kernels.gmatrix.spectrum); the mpmath route runs only when
  a needed eigenvalue has fewer than ``min_digits`` digits above the float64 floor, and the returned
  object says which route ran and why.

Cost (measured, n = 200, d = 32, kmax = 299, 40 digits, one core, mpmath's pure-Python backend):
building G∞ 1 s (Horner in fixed-point Python integers on NumPy object arrays, ~50 ns per entry
and term); eigsy 16 s at 40 digits and 21 s for the check at 60 (11 s + 12 s when gmpy2 is
installed, which mpmath picks up by itself). n = 100: 0.2 s + 2.1 s + 2.2 s; n = 50: 0.04 + 0.3 + 0.3 s.
The eigensolver is O(n^3) Python-level operations: ~8x per doubling of n.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import mpmath
import numpy as np
from mpmath import mp

from ..data import require_unit
from ..errors import InputError
from ..series import hermite_mp
from . import infinite
from .spectrum import Spectrum
from .spectrum import spectrum as _spectrum_f64

MIN_DPS = 15                 # below this mpmath is no better than float64
GUARD_DPS = 10               # extra digits carried by the matrix entries
CHECK_EXTRA_DPS = 20         # the second eigenvalue computation runs at dps + this
UNIT_TOL_MP = 1e-12          # rows must be unit within this before the exact renormalization

CoeffsProvider = Callable[[int, int], tuple]


# ---------------------------------------------------------------------------------------------
# input checks

def _check_dps(dps) -> int:
    if isinstance(dps, bool) or not isinstance(dps, (int, np.integer)) or dps < MIN_DPS:
        raise InputError("dps", f"the working precision must be an integer >= {MIN_DPS} decimal digits "
                                f"(float64 carries ~16; got {dps!r})")
    return int(dps)


def _mpf_nonneg(value, name: str):
    try:
        v = mp.mpf(value)
    except (TypeError, ValueError):
        raise InputError(name, f"must be a non-negative real number (got {value!r})") from None
    if not mp.isfinite(v) or v < 0:
        raise InputError(name, f"must be a finite number >= 0 (got {value!r})")
    return v


def _exact_mpf(v):
    """An mpf kept as it is (mp.mpf(x) would round it to the current precision); others converted."""
    return v if isinstance(v, mpmath.mpf) else mp.mpf(v)


def _check_coeffs(coeffs) -> list:
    """Convert at the caller's precision context (mpf values are kept unrounded)."""
    try:
        c = [_exact_mpf(v) for v in coeffs]
    except (TypeError, ValueError):
        raise InputError("coeffs", "must be a sequence of real numbers c̄_0..c̄_kmax (mpmath mpf)") from None
    if not c:
        raise InputError("coeffs", "must hold at least c̄_0 (got an empty sequence)")
    if not all(mp.isfinite(v) for v in c):
        raise InputError("coeffs", "must be finite")
    return c


# ---------------------------------------------------------------------------------------------
# fixed-point helpers: Python integers scaled by 2^p (exact, fast on NumPy object arrays)

def _bits(dps: int) -> int:
    return int(math.ceil(dps * math.log2(10)))


def _fixed_from_float(x: float, q: int) -> int:
    """floor(x 2^q) for a float64 x, read as the exact binary number it is."""
    num, den = float(x).as_integer_ratio()
    return (num << q) // den


def _rho_fixed(X: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Upper-triangle correlations of the renormalized rows as integers R = rho 2^p (|error| <= 1 unit).

    Rows are read exactly to 2^-q, q = p + log2(d) + 8 (float64 entries smaller than 2^(53-q) lose
    bits below 2^-q only), inner products are exact integers, and rho = <x_i,x_j>/sqrt(|x_i|^2 |x_j|^2)
    is one integer square root and one floor division: the renormalization is exact to 2^-p.
    """
    n, d = X.shape
    q = p + int(math.ceil(math.log2(d + 1))) + 8
    Xi = np.array([[_fixed_from_float(v, q) for v in row] for row in X], dtype=object)
    D = Xi.dot(Xi.T)                                    # exact, scale 2^-2q
    norms = [D[i, i] for i in range(n)]
    iu, ju = np.triu_indices(n, 1)
    num = D[iu, ju]
    den = np.array([math.isqrt(norms[i] * norms[j]) for i, j in zip(iu, ju)], dtype=object)
    R = (num * (1 << p)) // den
    one = 1 << p
    R = np.array([min(one, max(-one, int(r))) for r in R], dtype=object)   # Cauchy-Schwarz
    return R, iu, ju, q


# ---------------------------------------------------------------------------------------------
# G∞ in mpmath

@dataclass(frozen=True)
class InfiniteGramMP:
    """G∞ at dps digits with a bound on max_ij |computed - exact| (exact = the full series)."""
    matrix: object            # mpmath matrix (n, n), entries carried at dps + GUARD_DPS digits
    error_bound: object       # mpf: truncation + diagonal + coefficients + rounding, entrywise
    truncation: object        # mpf: T max_{i != j} |rho_ij|^(kmax+2)
    diagonal_error: object    # mpf: 0 if the tail is exact, else T
    coeff_error: object       # mpf: bound on sum_a |c̄_a^2 - exact c̄_a^2| as supplied
    rounding: object          # mpf: fixed-point and conversion rounding
    max_offdiag_rho: object   # mpf: max_{i != j} |rho_ij| of the renormalized rows
    kmax: int
    dps: int


def infinite_gram_mp(X, coeffs: Sequence, tail, dps: int, *, tail_is_exact: bool = True,
                     coeff_error=0) -> InfiniteGramMP:
    """G∞_ij = sum_{a<=kmax} c̄_a^2 rho_ij^(a+1) at ``dps`` digits (004 Lemma I.1), with its error bound.

    X: float64 (n, d), rows unit within 1e-12 (004 Assumption 1). The entries are read as the exact
    binary numbers they are and every row is renormalized in high precision, so a row norm of
    1 +- 1e-13 does not leak a 1e-13 error into the matrix.
    coeffs: c̄_0..c̄_kmax of phi' (mpf or anything mpmath converts exactly, e.g. str or int).
    tail: T >= sum_{a>kmax} c̄_a^2. The diagonal is sum_a c̄_a^2 + T (rho = 1); with
        ``tail_is_exact`` (T = E[phi'(z)^2] - sum c̄_a^2 exactly) the diagonal is exact, otherwise T
        is counted as its error.
    coeff_error: a bound on sum_a |c̄_a^2 - exact c̄_a^2|; it bounds the error it causes in any entry.
    Off the diagonal the truncation is at most T |rho|^(kmax+2) (|sum_{a>kmax} c̄_a^2 rho^(a+1)|).
    Horner runs in fixed point with Python integers (|rho| <= 1, absolute error counted in
    ``rounding``), which is an order of magnitude faster than mpf arithmetic.
    """
    dps = _check_dps(dps)
    X = require_unit(X, tol=UNIT_TOL_MP)
    wdps = dps + GUARD_DPS
    with mp.workdps(wdps + 10):
        c = _check_coeffs(coeffs)
    kmax = len(c) - 1
    n, d = X.shape
    p = _bits(wdps) + int(math.ceil(math.log2(kmax + 2))) + 8
    with mp.workdps(wdps + 10):
        T = _mpf_nonneg(tail, "tail")
        cerr = _mpf_nonneg(coeff_error, "coeff_error")
        c2 = [v * v for v in c]
        s2 = mp.fsum(c2)
        s2_weighted = mp.fsum((a + 1) * v for a, v in enumerate(c2))     # sup_|rho|<=1 |d entry / d rho|
        C = [mpmath.libmp.to_fixed(v._mpf_, p) for v in c2]               # floor(c̄_a^2 2^p)
    if n > 1:
        R, iu, ju, q = _rho_fixed(X, p)
        S = np.full(R.shape, C[kmax], dtype=object)
        for a in range(kmax - 1, -1, -1):                                  # Horner: sum c2[a] rho^a
            S = ((S * R) >> p) + C[a]
        Gv = (S * R) >> p                                                  # times rho
        rmax_fixed = max(abs(int(r)) for r in R)
    else:
        Gv, iu, ju, q, rmax_fixed = [], [], [], p, 0
    with mp.workdps(wdps):
        diag = +(s2 + T)
        G = mp.matrix(n, n)
        for i in range(n):
            G[i, i] = diag
        for g, i, j in zip(Gv, iu, ju):
            v = mp.mpf((int(g), -p))
            G[i, j] = v
            G[j, i] = v
    with mp.workdps(wdps + 10):
        rmax = mp.mpf((rmax_fixed, -p)) if n > 1 else mp.zero
        trunc = T * rmax ** (kmax + 2) if n > 1 else mp.zero
        ulp = mp.ldexp(1, -p)
        # Horner floors: <= (kmax+1) ulp; coefficient floors: <= (kmax+1) ulp; the final product: 1 ulp;
        # rho itself: <= 2 ulp (division, isqrt) + 4 sqrt(d) 2^-q (reading X), times sup |d entry/d rho|.
        drho = 2 * ulp + 4 * mp.sqrt(d) * mp.ldexp(1, -q)
        rounding = (2 * kmax + 3) * ulp + drho * s2_weighted + mp.mpf(10) ** (-wdps) * (s2 + T)
        diag_err = mp.zero if tail_is_exact else T
        bound = max(trunc, diag_err) + cerr + rounding
    return InfiniteGramMP(G, bound, trunc, diag_err, cerr, rounding, rmax, kmax, dps)


# ---------------------------------------------------------------------------------------------
# eigenvalues

@dataclass(frozen=True)
class EigenvalueMP:
    value: object              # mpf: the dps+20 result, rounded to dps digits
    abs_error: object          # mpf: computation + precision floor + Weyl (n * matrix entry error)
    correct_digits: int        # relative: floor(log10(|value| / abs_error)), 0..dps
    dps: int
    computation_error: object  # |lambda(dps) - lambda(dps + 20)|
    precision_floor: object    # 10^-dps ||G||_2
    matrix_error: object       # n * error_bound (Weyl)

    @property
    def is_zero(self) -> bool:
        """True when |lambda| <= abs_error: no digit is known, only the bound."""
        return self.correct_digits == 0

    def interval(self) -> tuple:
        with mp.workdps(self.dps + 5):
            return self.value - self.abs_error, self.value + self.abs_error

    def __float__(self) -> float:
        return float(self.value)

    def describe(self) -> str:
        """e.g. '3.14159e-20 (12 correct digits)', or '|lambda| <= 1.2e-39 (zero to the working precision, 40 digits)'."""
        if self.correct_digits >= 1:
            shown = mp.nstr(self.value, min(self.correct_digits, 6))
            word = "digit" if self.correct_digits == 1 else "digits"
            return f"{shown} ({self.correct_digits} correct {word})"
        if self.abs_error == 0:
            return "0 (exact: the matrix is zero)"
        bound = mp.nstr(self.abs_error, 2)
        if self.matrix_error > self.computation_error + self.precision_floor:
            why = f"zero within the matrix's own error, n*error_bound = {mp.nstr(self.matrix_error, 2)}"
        else:
            why = f"zero to the working precision, {self.dps} digits"
        return f"|lambda| <= {bound} ({why})"


class EigenvalueSequence:
    """The list interface of a spectrum held as ``eigenvalues`` in descending order (lambda_1 >= lambda_2 >= ...,
    004 Sec. 2): shared by SpectrumMP and spectrum_arb.EnclosedSpectrum."""

    def __len__(self) -> int:
        return len(self.eigenvalues)

    def __iter__(self):
        return iter(self.eigenvalues)

    def __getitem__(self, i):
        return self.eigenvalues[i]

    @property
    def n(self) -> int:
        return len(self.eigenvalues)

    def lambda_k(self, k: int):
        """lambda_k with 1-based k as in the paper."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= self.n:
            raise InputError("k", f"must be an integer in [1, {self.n}] (got {k!r})")
        return self.eigenvalues[int(k) - 1]

    @property
    def lambda_min(self):
        return self.eigenvalues[-1]

    def values(self) -> np.ndarray:
        """The values as float64 (descending); read the digits from each eigenvalue."""
        return np.array([float(e.value) for e in self.eigenvalues])


@dataclass(frozen=True)
class SpectrumMP(EigenvalueSequence):
    eigenvalues: tuple          # EigenvalueMP, descending (lambda_1 >= lambda_2 >= ..., 004 Sec. 2)
    dps: int
    error_bound: object         # the matrix's entrywise error bound used for the Weyl term
    seconds: tuple              # wall time of the dps and dps+20 computations

    def rank(self) -> int:
        """Eigenvalues known to be positive: value > abs_error."""
        return sum(1 for e in self.eigenvalues if e.value > e.abs_error)


def _as_mp_matrix(G, dps: int):
    """A square symmetric mpmath matrix (entries kept exactly) and max |G_ij - G_ji|."""
    if isinstance(G, mp.matrix):
        rows, cols = G.rows, G.cols
        entries = G
    else:
        try:
            A = np.asarray(G, dtype=object)
        except Exception:  # pragma: no cover - numpy raises several types on ragged input
            raise InputError("G", "must be a square matrix (2-d)") from None
        if A.ndim != 2:
            raise InputError("G", f"must be a square non-empty matrix (got shape {A.shape})")
        rows, cols = A.shape
        entries = A
    if rows != cols or rows == 0:
        raise InputError("G", f"must be a square non-empty matrix (got shape ({rows}, {cols}))")
    n = rows
    M = mp.matrix(n, n)
    try:
        with mp.workdps(dps + CHECK_EXTRA_DPS + GUARD_DPS):   # floats are exact at >= 53 bits
            for i in range(n):
                for j in range(n):
                    M[i, j] = _exact_mpf(entries[i, j])
    except (TypeError, ValueError):
        raise InputError("G", "entries must be real numbers") from None
    with mp.workdps(dps + CHECK_EXTRA_DPS):
        if not all(mp.isfinite(M[i, j]) for i in range(n) for j in range(n)):
            raise InputError("G", "must be finite")
        asym = max((abs(M[i, j] - M[j, i]) for i in range(n) for j in range(i + 1, n)), default=mp.zero)
        scale = max(abs(M[i, j]) for i in range(n) for j in range(n)) or mp.one
        if asym > mp.mpf(10) ** (-8) * scale:
            raise InputError("G", f"must be symmetric (max |G - G^T| = {mp.nstr(asym, 3)})")
        if asym > 0:
            for i in range(n):
                for j in range(i + 1, n):
                    M[i, j] = M[j, i] = (M[i, j] + M[j, i]) / 2
    return M, asym


def _eigsy_desc(M, dps: int) -> tuple[list, float]:
    t = time.perf_counter()
    with mp.workdps(dps):
        E = mp.eigsy(M, eigvals_only=True)
        vals = sorted((E[i] for i in range(M.rows)), reverse=True)
    return vals, time.perf_counter() - t


def eigenvalues_mp(G, dps: int, error_bound=0) -> SpectrumMP:
    """Eigenvalues of a symmetric G at ``dps`` digits, each with its own number of correct digits.

    The eigenvalues are computed twice, at dps and dps + 20 digits (mpmath.eigsy); the value is the
    second, and abs_error = |lambda(dps) - lambda(dps+20)| + 10^-dps ||G||_2 + n error_bound, where
    ``error_bound`` bounds every entry's error of G itself (Weyl: ||E||_2 <= n max|E_ij|).
    correct_digits = floor(log10(|value| / abs_error)) (0 when |value| <= abs_error: zero to that
    bound). G: mpmath matrix, NumPy array or nested lists; entries are taken exactly (floats as
    binary numbers). A slightly asymmetric G (<= 1e-8 relative) is symmetrized and the asymmetry
    joins the matrix error.
    """
    dps = _check_dps(dps)
    with mp.workdps(dps + CHECK_EXTRA_DPS):
        eb = _mpf_nonneg(error_bound, "error_bound")
    M, asym = _as_mp_matrix(G, dps)
    n = M.rows
    low, t1 = _eigsy_desc(M, dps)
    high, t2 = _eigsy_desc(M, dps + CHECK_EXTRA_DPS)
    out = []
    with mp.workdps(dps + CHECK_EXTRA_DPS):
        norm = max(abs(high[0]), abs(high[-1]))
        floor = mp.mpf(10) ** (-dps) * norm
        weyl = n * (eb + asym)
        for lo, hi in zip(low, high):
            comp = abs(lo - hi)
            err = comp + floor + weyl
            if hi == 0 or err >= abs(hi):
                digits = 0
            elif err == 0:
                digits = dps
            else:
                digits = int(min(dps, max(0, mp.floor(mp.log10(abs(hi) / err)))))
            with mp.workdps(dps):
                val = +hi
            out.append(EigenvalueMP(val, err, digits, dps, comp, floor, weyl))
    return SpectrumMP(tuple(out), dps, eb, (t1, t2))


# ---------------------------------------------------------------------------------------------
# the automatic route

@dataclass(frozen=True)
class _Series:
    coeffs: list
    tail: object
    coeff_error: object
    kmax: int
    bound: object         # mpf: estimated entry bound at this kmax (the rigorous one comes from G∞)
    met: bool


def _call_provider(provider: CoeffsProvider, kmax: int, dps: int):
    got = provider(kmax, dps)
    if not isinstance(got, (tuple, list)) or len(got) not in (2, 3):
        raise InputError("coeffs_provider", "must return (coeffs, tail) or (coeffs, tail, coeff_error), "
                                            f"coeffs = c̄_0..c̄_kmax (got {type(got).__name__})")
    with mp.workdps(dps + GUARD_DPS + 10):
        coeffs = _check_coeffs(got[0])
        tail = _mpf_nonneg(got[1], "tail")
        cerr = _mpf_nonneg(got[2], "coeff_error") if len(got) == 3 else mp.zero
    if len(coeffs) != kmax + 1:
        raise InputError("coeffs_provider", f"asked for kmax={kmax}, got {len(coeffs)} coefficients "
                                            f"(expected {kmax + 1})")
    return coeffs, tail, cerr


def _choose_kmax(provider: CoeffsProvider, r, target, dps: int, tail_is_exact: bool,
                 kmax_start: int, max_kmax: int) -> _Series:
    """The first kmax of a doubling (or geometric, where |rho| < 1 helps) search with bound <= target.

    Entry bound at kmax: T r^(kmax+2) off the diagonal, plus T on it when T is only a bound, plus
    the coefficients' own error (which no kmax reduces). mpf throughout: no float64 underflow.
    """
    k = max(1, int(kmax_start))
    with mp.workdps(30):
        r, target = mp.mpf(r), mp.mpf(target)
        while True:
            coeffs, tail, cerr = _call_provider(provider, k, dps)
            off = tail * r ** (k + 2)
            bound = max(off, mp.zero if tail_is_exact else tail) + cerr
            if bound <= target or k >= max_kmax or cerr > target:
                return _Series(coeffs, tail, cerr, k, bound, bound <= target)
            step = 2 * k
            if tail_is_exact and 0 < r < 1 and off > 0:
                geo = k + int(mp.ceil(mp.log(target / off) / mp.log(r)))
                step = min(max(geo, k + 1), 2 * k)
            k = min(max_kmax, step)


def _float64_series(X: np.ndarray, provider: CoeffsProvider, tail_is_exact: bool,
                    max_kmax: int) -> tuple[Spectrum, int]:
    """float64 G∞ from the provider's coefficients (the same series, rounded to float64) and its spectrum."""
    R = np.clip(X @ X.T, -1.0, 1.0)
    np.fill_diagonal(R, 1.0)
    n = R.shape[0]
    off = np.abs(R[~np.eye(n, dtype=bool)])
    r = float(off.max()) if off.size else 0.0
    ser = _choose_kmax(provider, r, 1e-17, 20, tail_is_exact, 64, max_kmax)
    c2 = np.array([float(v * v) for v in ser.coeffs])
    S = np.zeros_like(R)
    for a in range(len(c2) - 1, -1, -1):           # Horner, as kernels.gmatrix.infinite.infinite_gram
        S = S * R + c2[a]
    G = S * R
    np.fill_diagonal(G, float(np.sum(c2)) + float(ser.tail))
    rounding = 1e-15 * max(1.0, float(np.sum(c2))) * (ser.kmax + 1) ** 0.5
    return _spectrum_f64(G, float(ser.bound) + rounding), ser.kmax


def _needed(needs, n: int) -> tuple[int, ...]:
    if isinstance(needs, str):
        if needs == "min":
            return (n,)
        if needs == "all":
            return tuple(range(1, n + 1))
        raise InputError("needs", f"must be 'min', 'all', a 1-based index k or a list of them (got {needs!r})")
    ks = [needs] if isinstance(needs, (int, np.integer)) and not isinstance(needs, bool) else list(needs)
    if not ks or any(isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= n for k in ks):
        raise InputError("needs", f"indices must be integers in [1, {n}] (got {needs!r})")
    return tuple(sorted({int(k) for k in ks}))


@dataclass(frozen=True)
class ResolvedSpectrum:
    """The spectrum from the route that could answer, and why that route ran."""
    route: str                       # "float64", "mpmath", or "arb" (certified=True with python-flint)
    reason: str
    needs: tuple                     # 1-based indices the caller needs
    float64: Spectrum
    mp: SpectrumMP | None = None
    gram: InfiniteGramMP | None = None
    kmax: int | None = None          # series length of the mpmath G∞ (None on the float64 route)
    dps: int | None = None
    history: tuple = field(default_factory=tuple)   # one line per mpmath round
    consistent: bool = True          # float64 and mpmath eigenvalues agree within both error bounds

    def value(self, k: int):
        """lambda_k (1-based): an EigenvalueMP on the mpmath route, a float on the float64 route."""
        if self.mp is not None:
            return self.mp.lambda_k(k)
        return self.float64.lambda_k(k)

    @property
    def lambda_min(self):
        return self.value(self.float64.n)

    def resolved_value(self, k: int) -> tuple[float | None, str]:
        """(lambda_k as a float, or None when no digit of it is known; its description) for 1-based k.

        mpmath route: None when the value is zero within its error or has < 1 correct digit; float64 route:
        None when lambda_k is below the float64 floor."""
        v = self.value(k)
        if self.mp is not None:
            if v.is_zero or v.correct_digits < 1:
                return None, v.describe()
            return float(v.value), v.describe()
        return (float(v) if self.float64.resolved(k - 1) else None), self.describe(k)

    def describe(self, k: int | None = None) -> str:
        k = self.float64.n if k is None else k
        if self.mp is not None:
            return f"{self.mp.lambda_k(k).describe()} [{self.route}, {self.dps} digits, kmax={self.kmax}]"
        return f"{self.float64.describe(k)} [float64]"


def resolve_spectrum(X, coeffs_provider: CoeffsProvider, *, activation=None, needs="min", dps: int = 40,
                     float64: Spectrum | None = None, min_digits: int = 3, tail_is_exact: bool = True,
                     kmax_start: int = 64, max_kmax: int = 4000, max_rounds: int = 3,
                     certified: bool = False) -> ResolvedSpectrum:
    """Eigenvalues of G∞ by float64 when it can answer, by mpmath when a needed one is below its floor.

    1. float64: ``float64`` if given (a kernels.gmatrix.spectrum.Spectrum of this G∞), else
       kernels.gmatrix.infinite.infinite_gram(X, activation) + kernels.gmatrix.spectrum.spectrum when ``activation`` is
       given, else the series of ``coeffs_provider`` summed in float64 (kmax for a 1e-17 entry bound).
    2. float64 answers when every needed |lambda_k| >= 10^min_digits * floor (at least ``min_digits``
       correct digits; min_digits=0 is exactly "not below the floor").
    3. Otherwise mpmath at ``dps``: coefficients from ``coeffs_provider(kmax, dps)`` -> (coeffs, tail)
       or (coeffs, tail, coeff_error), kmax raised until the Weyl term n * (entry bound) is below
       max(10^-(dps-5) lambda_needed, 10^-dps ||G||): then the truncation costs no digit (below the
       eigensolver's own floor 10^-dps ||G|| no kmax can add one). lambda_needed starts at the float64
       floor (an upper bound for an eigenvalue float64 cannot see) and becomes the mpmath value; a
       round repeats while that asks for a longer series (at most ``max_rounds``).
    ``tail_is_exact``: the provider's tail is E[phi'^2] - sum c̄_a^2, not just a bound (see
    infinite_gram_mp). X rows must be unit within 1e-12 (the mpmath route renormalizes them).
    ``certified``: on the high-precision route, eigenvalues come as rigorous Arb enclosures of the exact G∞
    (kernels.gmatrix.spectrum_arb; route "arb", certified digits) instead of two eigsy runs; without
    python-flint that falls back to eigsy (route "mpmath", estimated digits) and the reason says so.
    The default (False) is the eigsy route, unchanged.
    """
    dps = _check_dps(dps)
    X = require_unit(X, tol=UNIT_TOL_MP)
    if not isinstance(certified, bool):
        raise InputError("certified", f"must be True or False (got {certified!r})")
    if not callable(coeffs_provider):
        raise InputError("coeffs_provider", "must be a callable (kmax, dps) -> (coeffs, tail[, coeff_error])")
    for name, v, lo in (("min_digits", min_digits, 0), ("max_rounds", max_rounds, 1),
                        ("kmax_start", kmax_start, 1), ("max_kmax", max_kmax, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise InputError(name, f"must be an integer >= {lo} (got {v!r})")
    n = X.shape[0]
    ks = _needed(needs, n)
    if float64 is not None:
        if not isinstance(float64, Spectrum) or float64.n != n:
            raise InputError("float64", f"must be a kernels.gmatrix.spectrum.Spectrum of size n={n}")
        spec, source = float64, "given float64 spectrum"
    elif activation is not None:
        ig = infinite.infinite_gram(X, activation)
        spec, source = _spectrum_f64(ig.matrix, ig.error_bound), f"float64 G∞ of {activation}, {ig.method}"
    else:
        spec, kf = _float64_series(X, coeffs_provider, tail_is_exact, max_kmax)
        source = f"float64 sum of the provider's series, kmax={kf}"
    names = ", ".join(f"lambda_{k}" for k in ks)
    short = [k for k in ks if not abs(spec.values[k - 1]) >= 10.0 ** min_digits * spec.floor]
    if not short:
        worst = min(abs(float(spec.values[k - 1])) for k in ks)
        reason = (f"float64 answers: {names} >= {worst:.3g} is at least 10^{min_digits} x the float64 floor "
                  f"{spec.floor:.3g} ({source})")
        return ResolvedSpectrum("float64", reason, ks, spec)

    k0 = short[0]
    why = (f"lambda_{k0} = {spec.values[k0 - 1]:.3g} from float64 is below 10^{min_digits} x its floor "
           f"{spec.floor:.3g} ({source}): float64 cannot give {min_digits} digits, so mpmath ran at {dps} digits")
    R = np.clip(X @ X.T, -1.0, 1.0)
    off = np.abs(R[~np.eye(n, dtype=bool)])
    r = float(off.max()) if off.size else 0.0
    history = []
    kmax_prev, sp, ig = None, None, None
    with mp.workdps(30):
        norm = mp.mpf(float(np.max(np.abs(spec.values))) or 1.0)
        lam = mp.mpf(spec.floor)
        rel, unit = mp.mpf(10) ** (-(dps - 5)), mp.mpf(10) ** (-dps)
    for rnd in range(max_rounds):
        with mp.workdps(30):
            target = max(rel * lam, unit * norm) / n
        ser = _choose_kmax(coeffs_provider, r, target, dps, tail_is_exact,
                           kmax_start if kmax_prev is None else kmax_prev, max_kmax)
        if ser.kmax == kmax_prev:
            break
        ig = infinite_gram_mp(X, ser.coeffs, ser.tail, dps, tail_is_exact=tail_is_exact,
                              coeff_error=ser.coeff_error)
        if certified:
            from .spectrum_arb import enclose_infinite_gram
            sp = enclose_infinite_gram(ig, dps)
        else:
            sp = eigenvalues_mp(ig.matrix, dps, ig.error_bound)
        kmax_prev = ser.kmax
        with mp.workdps(30):
            known = [abs(sp.lambda_k(k).value) for k in ks if not sp.lambda_k(k).is_zero]
            lam_new = min(known, default=mp.zero)
            norm = max(abs(sp[0].value), abs(sp[-1].value)) or mp.one
            need = max(rel * lam_new, unit * norm)
            done = n * ig.error_bound <= need
        history.append(f"round {rnd + 1}: kmax={ser.kmax}, entry bound {mp.nstr(ig.error_bound, 3)} "
                       f"(target {mp.nstr(target, 3)}{'' if ser.met else ', NOT reached: max_kmax or coefficient error'}); "
                       + "; ".join(f"lambda_{k} = {sp.lambda_k(k).describe()}" for k in ks))
        if done or not ser.met or lam_new >= lam:
            break
        lam = lam_new
    # Weyl on both sides: |lambda_f64 - lambda| <= floor and |lambda_mp - lambda| <= abs_error
    gaps = [abs(float(spec.values[i]) - float(sp[i].value)) - spec.floor - float(sp[i].abs_error)
            for i in range(n)]
    consistent = max(gaps) <= 0
    if not consistent:
        why += (f"; WARNING: float64 and mpmath eigenvalues differ by {max(gaps):.3g} beyond both error "
                "bounds (does the provider's series match the float64 kernel?)")
    route = "mpmath"
    if certified:
        route = sp.route
        why = why.replace("so mpmath ran", "so the certified route ran") + f"; {sp.reason}"
    return ResolvedSpectrum(route, why, ks, spec, sp, ig, kmax_prev, dps, tuple(history), consistent)


def lambda_min_auto(X, coeffs_provider: CoeffsProvider, activation=None, float64_spectrum: Spectrum | None = None,
                    **options) -> ResolvedSpectrum:
    """lambda_min of G∞ by the route that can resolve it (resolve_spectrum with needs='min')."""
    return resolve_spectrum(X, coeffs_provider, activation=activation, needs="min",
                            float64=float64_spectrum, **options)


def resolve_activation_spectrum(X, activation, *, needs="min", dps: int = 40, max_kmax: int = 4000) -> ResolvedSpectrum:
    """resolve_spectrum for G∞ of ``activation``: float64 from kernels.gmatrix.infinite, the mpmath route fed by
    the high-precision Hermite coefficients of phi' (kernels.series.hermite_mp.provider)."""
    return resolve_spectrum(X, hermite_mp.provider(activation), activation=activation, needs=needs, dps=dps,
                            max_kmax=max_kmax)
