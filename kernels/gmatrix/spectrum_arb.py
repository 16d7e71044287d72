"""Certified eigenvalue enclosures of a symmetric matrix given entrywise (Arb, python-flint); mpmath fallback.

Why: kernels.gmatrix.spectrum_mp estimates the digits of an eigenvalue by comparing two mpmath.eigsy runs.
Here every eigenvalue gets an interval [lo, hi] that provably contains it (interval arithmetic with
outward rounding), for simple, clustered and multiple eigenvalues alike.

Method (for the symmetric matrix A = A_mid + E, |E_ij| <= r_ij, A_mid exact binary numbers):
1. Approximate eigenvectors V (exact binary numbers, not certified) at ``prec`` bits: the midpoints of
   flint's acb_mat.eig(right=True); where that fails (multiple eigenvalues) or V is far from orthonormal,
   mpmath.eigsy's orthonormal vectors. One Newton-Schulz step V <- V (3I - V^T V)/2 polishes orthogonality.
2. In Arb: C = V^T A_mid V and F = V^T V - I (rigorous enclosures), d = midpoints of diag(C),
   beta >= ||C - diag(d)||_F, delta >= ||F||_F; delta < 1 is required.
3. Weyl (Horn & Johnson Thm 4.3.1): lambda_k(V^T A_mid V) in [d_(k) - beta, d_(k) + beta] (d sorted
   descending). Ostrowski (Horn & Johnson Thm 4.5.9): with V = Q M^{1/2}, M = V^T V, Q orthogonal,
   lambda_k(A_mid) = theta_k lambda_k(V^T A_mid V) for some theta_k in [1/(1+delta), 1/(1-delta)].
   Nothing here assumes the eigenvalues are separated, so clusters and multiplicities are covered.
4. Weyl again for the entry error: |lambda_k(A) - lambda_k(A_mid)| <= ||E||_2 <= ||r||_F.
"Certified digits" = floor(log10(min(|lo|, |hi|) / (hi - lo)/2)): a lower bound on the relative digits of the
midpoint, backed by the interval. The mpmath fallback (no python-flint) reports "estimated digits" only.
Cost: two O(n^3) products in C at ``prec`` bits plus flint's approximate eigensolver (see bench/certified.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from mpmath import mp

from ..errors import InputError
from . import spectrum_mp as smp

GUARD_BITS = 64                 # extra bits of the eigenvector computation beyond dps


def flint_module():
    """python-flint, or None when it is not installed (pip install -e '.[certified]')."""
    try:
        import flint
    except ImportError:
        return None
    return flint


@dataclass(frozen=True)
class EnclosedEigenvalue:
    """One eigenvalue: [lo, hi] contains it (certified) or value +- abs_error estimates it (not certified)."""
    lo: object                 # mpf
    hi: object                 # mpf
    value: object              # mpf: the midpoint
    abs_error: object          # mpf: (hi - lo) / 2
    correct_digits: int        # certified digits when ``certified``, else estimated digits
    certified: bool
    dps: int

    @property
    def is_zero(self) -> bool:
        return self.correct_digits == 0

    @property
    def certified_digits(self) -> int | None:
        return self.correct_digits if self.certified else None

    @property
    def estimated_digits(self) -> int | None:
        return None if self.certified else self.correct_digits

    def interval(self) -> tuple:
        return self.lo, self.hi

    def __float__(self) -> float:
        return float(self.value)

    def describe(self) -> str:
        word = "certified" if self.certified else "estimated"
        if self.correct_digits >= 1:
            shown = mp.nstr(self.value, min(self.correct_digits, 6))
            return f"{shown} ({self.correct_digits} {word} digit{'s' if self.correct_digits > 1 else ''})"
        bound = mp.nstr(max(abs(self.lo), abs(self.hi)), 2)
        return f"|lambda| <= {bound} (zero within the {word} interval, {self.dps} digits)"


@dataclass(frozen=True)
class EnclosedSpectrum(smp.EigenvalueSequence):
    """Eigenvalues descending, with the route that ran ("arb": certified; "mpmath": estimated) and why."""
    eigenvalues: tuple
    dps: int
    route: str
    reason: str
    vectors: str | None        # where the approximate eigenvectors came from (arb route)
    delta: object | None       # bound on ||V^T V - I||_F
    beta: object | None        # bound on ||V^T A_mid V - diag||_F
    weyl: object               # bound on ||E||_2 (entry error of the matrix)
    seconds: float

    @property
    def certified(self) -> bool:
        return self.route == "arb"

    def rank(self) -> int:
        """Eigenvalues known to be positive (lo > 0)."""
        return sum(1 for e in self.eigenvalues if e.lo > 0)


def _digits(lo, hi, dps: int) -> int:
    if lo <= 0 <= hi:
        return 0
    rad = (hi - lo) / 2
    low = min(abs(lo), abs(hi))
    if rad == 0:
        return dps
    return int(min(dps, max(0, mp.floor(mp.log10(low / rad)))))


def _arb_from_mpf(flint, v):
    s, m, e, _ = v._mpf_
    if not m:
        return flint.arb(0)
    return flint.arb((-m if s else m, e))


def _mpf_from_arb(x):
    m, e = x.man_exp()
    m = int(m)
    with mp.workprec(max(53, m.bit_length() + 8)):     # exact: mp.mpf would round to the ambient precision
        return mp.mpf((m, int(e)))


def _vectors_flint(flint, A, n):
    """Approximate eigenvectors (columns, exact arbs) from flint's eigensolver, or None when it fails."""
    try:
        E, R = flint.acb_mat(A).eig(right=True, nonstop=True)
    except (ValueError, ZeroDivisionError):   # pragma: no cover - flint raises on failure without nonstop
        return None
    mids = [[R[i, j].real.mid() for j in range(n)] for i in range(n)]
    if not all(x.is_finite() for row in mids for x in row):
        return None
    return flint.arb_mat(mids)


def _vectors_mpmath(flint, A_mp, n, prec):
    with mp.workprec(prec):
        _, Q = mp.eigsy(A_mp)
        return flint.arb_mat([[_arb_from_mpf(flint, +Q[i, j]) for j in range(n)] for i in range(n)])


def _fro_upper(flint, M, n, sub=None):
    """Upper bound of ||M - diag(sub)||_F as an exact arb (rigorous)."""
    s = flint.arb(0)
    for i in range(n):
        for j in range(n):
            x = M[i, j] - sub[i] if (sub is not None and i == j) else M[i, j]
            s += x.abs_upper() ** 2
    return s.sqrt().upper()


def _bounds(flint, A, V, n):
    """(sorted midpoints d, beta, delta) for approximate eigenvectors V after one Newton-Schulz step."""
    I = flint.arb_mat(n, n)
    for i in range(n):
        I[i, i] = 1
    M = (V.transpose() * V).mid()
    V = (V * ((3 * I - M) / 2)).mid()            # exact entries again; only the certificate below counts
    C = V.transpose() * (A * V)
    F = V.transpose() * V
    d = [C[i, i].mid() for i in range(n)]
    beta = _fro_upper(flint, C, n, d)
    delta = _fro_upper(flint, F, n, [flint.arb(1)] * n)
    return sorted(d, key=lambda x: -float(x)), d, beta, delta


def enclose_eigenvalues(G, error_bound=0, dps: int = 40, *, radius=None) -> EnclosedSpectrum:
    """Rigorous enclosures of all eigenvalues of the symmetric matrix G_true with |G_true - G|_ij <= error_bound.

    G: mpmath matrix, NumPy array or nested lists (entries exact, floats as binary numbers), symmetric
    within 1e-8 relative (the asymmetry joins the entry error). error_bound: scalar entrywise bound;
    ``radius`` (optional n x n of bounds) replaces it entry by entry. dps >= 15: digits of the
    eigenvector computation (the intervals' width is ~ n 10^-dps ||G|| + ||E||_2).
    Route "arb" when python-flint is installed (certified), else "mpmath" (spectrum_mp.eigenvalues_mp,
    estimated digits); ``reason`` says which ran and why.
    """
    dps = smp._check_dps(dps)
    with mp.workdps(dps + smp.CHECK_EXTRA_DPS):
        eb = smp._mpf_nonneg(error_bound, "error_bound")
    t0 = time.perf_counter()
    flint = flint_module()
    if flint is None:
        sp = smp.eigenvalues_mp(G, dps, eb)
        eig = []
        for e in sp.eigenvalues:
            lo, hi = e.interval()
            eig.append(EnclosedEigenvalue(lo, hi, e.value, e.abs_error, e.correct_digits, False, dps))
        return EnclosedSpectrum(tuple(eig), dps, "mpmath", "python-flint is not installed: mpmath.eigsy at dps and "
                                "dps+20, digits ESTIMATED by comparison (pip install -e '.[certified]')",
                                None, None, None, sp.eigenvalues[0].matrix_error, time.perf_counter() - t0)
    M_mp, asym = smp._as_mp_matrix(G, dps)
    n = M_mp.rows
    prec = smp._bits(dps) + GUARD_BITS
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        A = flint.arb_mat([[_arb_from_mpf(flint, M_mp[i, j]) for j in range(n)] for i in range(n)])
        # entry error: ||E||_2 <= ||r||_F (r the entrywise bounds, plus the symmetrization)
        with mp.workdps(dps + smp.CHECK_EXTRA_DPS):
            if radius is not None:
                R = np.asarray(radius, dtype=object)
                if R.shape != (n, n):
                    raise InputError("radius", f"must have the shape of G, ({n}, {n}) (got {R.shape})")
                rs = [smp._mpf_nonneg(R[i, j], "radius") for i in range(n) for j in range(n)]
                weyl = mp.sqrt(mp.fsum((r + asym) ** 2 for r in rs))
            else:
                weyl = n * (eb + asym)
            weyl = weyl * (1 + mp.mpf(10) ** -(dps + 10))     # outward: covers the rounding of the line above
        res = None
        for p in (prec, 2 * prec):         # flint's solver fails more often at tight precision: retry once
            flint.ctx.prec = p
            V = _vectors_flint(flint, A, n)
            flint.ctx.prec = prec
            if V is not None:
                vectors = f"flint acb_mat.eig midpoints at {p} bits"
                res = _bounds(flint, A, V, n)
                break
        if res is None or not res[3] < flint.arb("0.5"):
            vectors = "mpmath.eigsy (flint's eigenvectors failed or were far from orthonormal)"
            res = _bounds(flint, A, _vectors_mpmath(flint, M_mp, n, prec), n)
        d, _, beta, delta = res
        if not delta < 1:   # pragma: no cover - eigsy vectors are orthonormal to working precision
            raise ArithmeticError(f"eigenvector basis not certified: ||V^T V - I|| <= {delta.str(3)}")
        w = _arb_from_mpf(flint, weyl)           # exact (no rounding to the ambient mpmath precision)
        up, dn = 1 / (1 - delta), 1 / (1 + delta)
        eig = []
        for dk in d:
            clo, chi = dk - beta, dk + beta
            lo = (clo * (dn if clo >= 0 else up)) - w
            hi = (chi * (up if chi >= 0 else dn)) + w
            lo_m, hi_m = _mpf_from_arb(lo.lower()), _mpf_from_arb(hi.upper())
            with mp.workdps(dps + smp.CHECK_EXTRA_DPS):
                mid, rad = (lo_m + hi_m) / 2, (hi_m - lo_m) / 2
                digits = _digits(lo_m, hi_m, dps)
            eig.append(EnclosedEigenvalue(lo_m, hi_m, mid, rad, digits, True, dps))
        beta_m, delta_m = _mpf_from_arb(beta), _mpf_from_arb(delta)
    finally:
        flint.ctx.prec = old
    reason = (f"python-flint {flint.__version__}: Weyl + Ostrowski enclosures in Arb at {prec} bits, "
              f"vectors from {vectors}: CERTIFIED")
    return EnclosedSpectrum(tuple(eig), dps, "arb", reason, vectors, delta_m, beta_m, weyl, time.perf_counter() - t0)


def enclose_infinite_gram(ig: "smp.InfiniteGramMP", dps: int | None = None) -> EnclosedSpectrum:
    """Certified eigenvalues of the exact G∞ from spectrum_mp.infinite_gram_mp (entries +- its error bound)."""
    return enclose_eigenvalues(ig.matrix, ig.error_bound, ig.dps if dps is None else dps)


def certified_digits_text(sp: EnclosedSpectrum) -> str:
    """One line: route, and min/median digits over the spectrum."""
    ds = sorted(e.correct_digits for e in sp.eigenvalues)
    kind = "certified" if sp.certified else "estimated"
    return f"{sp.route}: {kind} digits min {ds[0]}, median {ds[len(ds) // 2]}, lambda_min {sp.lambda_min.describe()}"


__all__ = ["EnclosedEigenvalue", "EnclosedSpectrum", "enclose_eigenvalues", "enclose_infinite_gram",
           "flint_module", "certified_digits_text"]
