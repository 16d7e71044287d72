"""Certified eigenvalue enclosures (kernels.gmatrix.spectrum_arb) against closed-form spectra and mpmath."""
from fractions import Fraction

import numpy as np
import pytest
from mpmath import mp

from kernels import data
from kernels.gmatrix import spectrum_arb as sa
from kernels.gmatrix import spectrum_mp as smp
from kernels.series import hermite_mp

flint = pytest.importorskip("flint")


def _householder_conjugate(diag, v):
    """H diag(D) H with H = I - 2 v v^T / v^T v: an exact rational symmetric matrix with spectrum D."""
    n, vv = len(diag), sum(x * x for x in v)
    H = [[Fraction(int(i == j)) - Fraction(2 * v[i] * v[j], vv) for j in range(n)] for i in range(n)]
    D = [Fraction(x) for x in diag]
    A = [[sum(H[i][k] * D[k] * H[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    with mp.workdps(80):
        return mp.matrix([[mp.mpf(x.numerator) / x.denominator for x in row] for row in A])


def _contains(e, exact):
    with mp.workdps(100):
        return e.lo <= mp.mpf(exact) <= e.hi


def test_diagonal_exact_and_certified():
    sp = sa.enclose_eigenvalues(np.diag([5.0, -1.0, 2.0, 0.25]), 0, 30)
    assert sp.route == "arb" and sp.certified
    for e, exact in zip(sp, [5.0, 2.0, 0.25, -1.0]):
        assert _contains(e, exact) and e.certified and e.correct_digits == 30


def test_rotated_diagonal_with_multiple_eigenvalue_and_tiny_one():
    D = [3, 3, 3, 1, Fraction(1, 10**20), -2]
    A = _householder_conjugate(D, [1, 2, -1, 3, 1, -2])
    sp = sa.enclose_eigenvalues(A, 0, 40)
    for e, exact in zip(sp, sorted(D, reverse=True)):
        with mp.workdps(100):
            assert _contains(e, mp.mpf(exact.numerator) / exact.denominator)
            assert e.hi - e.lo <= mp.mpf(10) ** -36 * 3          # ~ n 10^-dps ||A||
    assert sp.lambda_k(5).correct_digits >= 15                  # 1e-20 still resolved relatively


def test_entry_error_widens_by_weyl_term():
    sp = sa.enclose_eigenvalues(np.diag([2.0, 1.0, 0.5]), 1e-10, 30)
    for e, exact in zip(sp, [2.0, 1.0, 0.5]):
        with mp.workdps(60):
            assert _contains(e, exact)
            assert e.hi - e.lo >= 2 * 3 * mp.mpf(1e-10)      # the Weyl term n * error_bound on each side
        assert e.correct_digits == 9 or e.correct_digits == 8


def test_tanh_ginf_encloses_60_digit_mpmath_values():
    X = data.low_span(16, 6, 2, np.random.default_rng(3))
    coeffs, tail = hermite_mp.provider("tanh")(200, 60)[:2]
    ig = smp.infinite_gram_mp(X, coeffs, tail, 60)
    ref = smp.eigenvalues_mp(ig.matrix, 60, 0)                  # estimated digits of the same matrix
    sp = sa.enclose_eigenvalues(ig.matrix, 0, 40)
    with mp.workdps(100):
        for e, r in zip(sp, ref):
            assert e.lo - r.abs_error <= r.value <= e.hi + r.abs_error
            assert e.hi - e.lo <= mp.mpf(10) ** -35 * abs(ref[0].value)
    assert min(e.correct_digits for e in sp) >= 10
    full = sa.enclose_infinite_gram(ig, 40)                     # with the series' own error bound
    assert all(f.lo <= e.lo and e.hi <= f.hi for f, e in zip(full, sp))


def test_fallback_without_flint(monkeypatch):
    monkeypatch.setattr(sa, "flint_module", lambda: None)
    sp = sa.enclose_eigenvalues(np.diag([3.0, 1.0]), 0, 20)
    assert sp.route == "mpmath" and not sp.certified and "not installed" in sp.reason
    assert all(not e.certified and e.estimated_digits >= 15 for e in sp)
    assert _contains(sp[0], 3.0) and _contains(sp[1], 1.0)


def test_resolve_spectrum_certified_option_keeps_default():
    X = data.low_span(30, 6, 2, np.random.default_rng(5))
    prov = hermite_mp.provider("tanh")
    base = smp.resolve_spectrum(X, prov, activation="tanh", dps=30)
    cert = smp.resolve_spectrum(X, prov, activation="tanh", dps=30, certified=True)
    assert base.route == "mpmath" and cert.route == "arb" and "CERTIFIED" in cert.reason
    lam, c = base.lambda_min, cert.lambda_min
    with mp.workdps(60):
        assert c.lo - lam.abs_error <= lam.value <= c.hi + lam.abs_error
    assert c.certified and "certified" in cert.describe()


def test_bad_inputs():
    from kernels.errors import InputError
    with pytest.raises(InputError):
        sa.enclose_eigenvalues(np.ones((2, 3)), 0, 20)
    with pytest.raises(InputError):
        sa.enclose_eigenvalues(np.eye(2), -1, 20)
    with pytest.raises(InputError):
        sa.enclose_eigenvalues(np.eye(2), 0, 5)
