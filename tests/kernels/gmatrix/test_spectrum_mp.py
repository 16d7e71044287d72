"""High-precision G∞ and eigenvalues (kernels.gmatrix.spectrum_mp) against independent references.

References computed here, independently of the module: exactly orthogonal Householder products in
mpmath (known eigenvalues), the ReLU arc-cosine closed form in mpmath and in float64
(kernels.gmatrix), closed-form Hermite coefficients of the step function and of polynomials.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from mpmath import mp

from kernels import data
from kernels.errors import InputError
from kernels.gmatrix import infinite
from kernels.gmatrix import spectrum as spectrum64
from kernels.gmatrix import spectrum_mp as smp

EPS = float(np.finfo(float).eps)

# --------------------------------------------------------------------------------- references

def step_coefficients_mp(kmax: int, dps: int):
    """ReLU' = 1(z>0): c̄_0 = 1/2, c̄_k = pdf(0) He_{k-1}(0)/sqrt(k!), He_j(0) = (-1)^(j/2) (j-1)!! (j even).

    d/dz[He_{k-1}(z) pdf(z)] = -He_k(z) pdf(z) gives E[1(z>0) He_k(z)] = He_{k-1}(0) pdf(0). The tail
    is exact: E[1(z>0)^2] = 1/2, so T = 1/2 - sum c̄_a^2 (to dps+10 digits).
    """
    with mp.workdps(dps + 10):
        c = [mp.mpf(1) / 2]
        for k in range(1, kmax + 1):
            j = k - 1
            if j % 2:
                c.append(mp.zero)
            else:
                c.append((-1) ** (j // 2) * mp.fac2(j - 1) / mp.sqrt(2 * mp.pi) / mp.sqrt(mp.factorial(k)))
        tail = mp.mpf(1) / 2 - mp.fsum(v * v for v in c)
    return c, tail


def polynomial_coefficients_mp(power, dps: int):
    """Exact c̄_k of sum_m power[m] x^m: x^m = sum_j m!/(2^j j! (m-2j)!) He_{m-2j}, and He_k = sqrt(k!) h_k."""
    deg = len(power) - 1
    he = [Fraction(0)] * (deg + 1)
    for m, a in enumerate(power):
        for j in range(m // 2 + 1):
            he[m - 2 * j] += Fraction(a) * Fraction(math.factorial(m), 2 ** j * math.factorial(j) * math.factorial(m - 2 * j))
    with mp.workdps(dps + 10):
        return [mp.mpf(h.numerator) / h.denominator * mp.sqrt(mp.factorial(k)) for k, h in enumerate(he)]


def synthetic_provider(kmax: int, dps: int):
    """A stand-in series with c̄_a = exp(-sqrt(a)) (the e^{-c sqrt(k)} decay of smooth activations).

    Its tail is only bounded, not exact: sum_{a>k} e^{-2 sqrt a} <= int_k^inf e^{-2 sqrt x} dx
    = e^{-2 sqrt k} (sqrt k + 1/2) (the summand decreases).
    """
    with mp.workdps(dps + 10):
        c = [mp.exp(-mp.sqrt(a)) for a in range(kmax + 1)]
        k = mp.mpf(kmax)
        return c, mp.exp(-2 * mp.sqrt(k)) * (mp.sqrt(k) + mp.mpf(1) / 2)


def step_provider(kmax: int, dps: int):
    return step_coefficients_mp(kmax, dps)


def relu_closed_form_mp(X, dps: int):
    """G∞ of ReLU (Cho & Saul arc-cosine kernel of order 0): rho (pi - arccos rho)/(2 pi), rows renormalized."""
    n = X.shape[0]
    with mp.workdps(dps + 10):
        rows = [[mp.mpf(float(v)) for v in row] for row in X]
        norms = [mp.sqrt(mp.fdot(r, r)) for r in rows]
        G = mp.matrix(n, n)
        for i in range(n):
            for j in range(n):
                # rho_ii = 1 exactly: arccos is Hölder-1/2 at 1, a 1e-40 rounding would cost 1e-21
                rho = mp.one if i == j else mp.fdot(rows[i], rows[j]) / (norms[i] * norms[j])
                rho = min(mp.one, max(-mp.one, rho))
                G[i, j] = rho * (mp.pi - mp.acos(rho)) / (2 * mp.pi)
    return G


def known_spectrum_matrix(lams, seed: int, dps: int = 80):
    """Q diag(lams) Q^T with Q a product of three Householder reflections I - 2 v v^T/(v^T v), at ``dps``.

    Q is orthogonal to ~10^-dps, so the eigenvalues of the stored matrix are ``lams`` to ~10^-(dps-2).
    """
    rng = np.random.default_rng(seed)
    n = len(lams)
    with mp.workdps(dps):
        Q = mp.eye(n)
        for _ in range(3):
            v = mp.matrix([mp.mpf(float(x)) for x in rng.standard_normal(n)])
            H = mp.eye(n) - (2 / (v.T * v)[0]) * (v * v.T)
            Q = Q * H
        D = mp.diag([mp.mpf(x) for x in lams])
        return Q * D * Q.T


def mp_max_abs_diff(A, B, dps: int = 60):
    with mp.workdps(dps):
        return max(abs(A[i, j] - B[i, j]) for i in range(A.rows) for j in range(A.cols))


def near_duplicate_data(seed: int, eps: float = 1e-12):
    """Six points on S^4; the last one is the first moved by eps: lambda_min(G∞) ~ 1e-24 for a smooth kernel."""
    rng = np.random.default_rng(seed)
    X = data.sphere(6, 5, rng)
    u = rng.standard_normal(5)
    u -= (u @ X[0]) * X[0]
    x = X[0] + eps * u / np.linalg.norm(u)
    X[5] = x / np.linalg.norm(x)
    return X


# --------------------------------------------------------------------------------- (a) known spectrum

LAMS = ["1", "0.5", "0.3", "1e-3", "1e-8", "1e-12", "1e-18", "1e-25"]


@pytest.fixture(scope="module")
def known():
    return known_spectrum_matrix([mp.mpf(x) for x in LAMS], seed=7)


def test_float64_cannot_see_1e_25_but_mpmath_gets_it(known):
    A64 = np.array(known.tolist(), dtype=float)
    lam64 = np.linalg.eigvalsh(A64)
    sp64 = spectrum64.spectrum(A64)
    # what float64 guarantees (not how a particular BLAS kernel rounds): its floor n eps ||A|| lies far above
    # 1e-25, the float64 value is within that floor of the truth, and the route reports it as unresolved
    assert sp64.floor > 1e5 * 1e-25
    assert abs(lam64[0] - 1e-25) <= 2 * sp64.floor and not sp64.lambda_min_resolved

    sp = smp.eigenvalues_mp(known, 40, error_bound=1e-75)
    truth = sorted((mp.mpf(x) for x in LAMS), reverse=True)
    with mp.workdps(60):
        for e, lam in zip(sp, truth):
            assert abs(e.value - lam) <= e.abs_error      # the claimed error really bounds the error
    tiny = sp.lambda_min
    assert tiny.correct_digits >= 10
    with mp.workdps(60):
        assert abs(tiny.value - mp.mpf("1e-25")) / mp.mpf("1e-25") < mp.mpf("1e-10")
    assert tiny.describe().startswith("1e-25 (") or tiny.describe().startswith("1.0e-25 (")
    assert "correct digits)" in tiny.describe()
    assert [e.value for e in sp] == sorted((e.value for e in sp), reverse=True)
    assert sp.rank() == 8


def test_matrix_error_enters_through_weyl(known):
    """An entry error e costs n*e on every eigenvalue: 1e-32 leaves ~5 digits of 1e-25; 1e-20 leaves none."""
    sp = smp.eigenvalues_mp(known, 40, error_bound=1e-32)
    tiny = sp.lambda_min
    assert 4 <= tiny.correct_digits <= 6                 # floor(log10(1e-25 / (8e-32 + 1e-40)))
    sp = smp.eigenvalues_mp(known, 40, error_bound=1e-20)
    assert sp.lambda_min.is_zero
    assert "matrix's own error" in sp.lambda_min.describe()
    assert sp[0].correct_digits >= 15


# --------------------------------------------------------------------------------- (b) ReLU

@pytest.fixture(scope="module")
def relu_data():
    X = data.sphere(10, 16, np.random.default_rng(1))
    assert np.max(np.abs(X @ X.T - np.eye(10))) <= 0.8
    return X


def test_relu_series_matches_both_closed_forms(relu_data):
    X = relu_data
    c, T = step_coefficients_mp(400, 30)
    ig = smp.infinite_gram_mp(X, c, T, 30)
    assert ig.kmax == 400 and ig.max_offdiag_rho <= 0.8
    assert ig.truncation <= T * mp.mpf(0.8) ** 402 < mp.mpf("1e-35")
    assert ig.error_bound < mp.mpf("1e-38")
    # the mpmath closed form agrees to the claimed bound
    assert mp_max_abs_diff(ig.matrix, relu_closed_form_mp(X, 30)) <= ig.error_bound
    # the float64 closed form of kernels.gmatrix agrees to float64 rounding: rho = x.y costs <= (d + 2) eps
    # (dot product, |x| = 1 +- eps), times max |kappa'| on |rho| <= max_offdiag_rho, plus a few ulps of kappa
    G64 = infinite.infinite_gram(X, "relu").matrix
    Gm = np.array(ig.matrix.tolist(), dtype=float)
    r = float(ig.max_offdiag_rho)
    lip = 1 + r / (2 * math.pi * math.sqrt(1 - r * r))       # kappa(rho) = rho (pi - arccos rho) / (2 pi)
    assert np.max(np.abs(Gm - G64)) <= (lip * (X.shape[1] + 2) + 16) * EPS
    with mp.workdps(40):
        assert all(ig.matrix[i, i] == mp.mpf(1) / 2 for i in range(10))   # diagonal sum c̄^2 + T, exact


def test_rows_are_renormalized_in_high_precision(relu_data):
    """Rows of norm 1 + 5e-13 (allowed) give the G∞ of the exactly normalized rows, not a 1e-13 error."""
    X = relu_data * (1 + 5e-13)
    c, T = step_coefficients_mp(400, 30)
    ig = smp.infinite_gram_mp(X, c, T, 30)
    assert mp_max_abs_diff(ig.matrix, relu_closed_form_mp(X, 30)) <= ig.error_bound


def test_inexact_tail_counts_on_the_diagonal(relu_data):
    c, T = step_coefficients_mp(40, 20)
    exact = smp.infinite_gram_mp(relu_data, c, T, 20, tail_is_exact=True)
    bound_only = smp.infinite_gram_mp(relu_data, c, T, 20, tail_is_exact=False)
    assert exact.diagonal_error == 0 and bound_only.diagonal_error == T
    assert bound_only.error_bound >= T > exact.error_bound


# --------------------------------------------------------------------------------- (c) polynomial phi'

POLY = "poly:0,1,0.5,0.25"          # phi' = 1 + x + 0.75 x^2 = 1.75 He_0 + He_1 + 0.75 He_2


@pytest.fixture(scope="module")
def poly_case():
    c = polynomial_coefficients_mp([1, 1, 0.75], 50)
    with mp.workdps(60):
        assert c == [mp.mpf("1.75"), mp.one, mp.mpf("0.75") * mp.sqrt(2)]
    X = data.sphere(12, 2, np.random.default_rng(5))     # points on the circle
    return X, c


def test_polynomial_gram_is_the_exact_finite_series(poly_case):
    X, c = poly_case
    ig = smp.infinite_gram_mp(X, c, 0, 30)
    assert ig.truncation == 0 and ig.error_bound < mp.mpf("1e-38")
    G64 = infinite.infinite_gram(X, POLY)
    assert G64.method == "exact polynomial"
    # kappa(rho) = sum c_a^2 rho^(a+1): |kappa'| <= sum (a+1) c_a^2 and |kappa| <= sum c_a^2 on [-1, 1]; rho costs
    # (d + 2) eps, Horner and the rounding of the mpmath value a few ulps of sum c_a^2
    c2 = [float(v) ** 2 for v in c]
    lip, top = sum((a + 1) * v for a, v in enumerate(c2)), sum(c2)
    bound = (lip * (X.shape[1] + 2) + 8 * top) * EPS
    assert np.max(np.abs(np.array(ig.matrix.tolist(), dtype=float) - G64.matrix)) <= bound


def test_polynomial_rank_deficiency_shows_as_zero_to_working_precision(poly_case):
    """On the circle, rho^1, rho^2, rho^3 span trigonometric polynomials {cos t, sin t}, {1, cos 2t, sin 2t},
    {cos t, sin t, cos 3t, sin 3t}: 7 dimensions, so 12 points give exactly 5 zero eigenvalues."""
    X, c = poly_case
    s30 = smp.eigenvalues_mp(smp.infinite_gram_mp(X, c, 0, 30).matrix, 30)
    s50 = smp.eigenvalues_mp(smp.infinite_gram_mp(X, c, 0, 50).matrix, 50)
    assert s30.rank() == s50.rank() == 7
    with mp.workdps(60):
        for a, b in zip(s30[:7], s50[:7]):
            assert a.correct_digits >= 20
            assert abs(a.value - b.value) <= a.abs_error
            assert abs(a.value - b.value) / b.value < mp.mpf("1e-20")
        for a, b in zip(s30[7:], s50[7:]):
            assert a.is_zero and b.is_zero
            assert abs(a.value) < mp.mpf("1e-27") and abs(b.value) < mp.mpf("1e-47")
            assert "zero to the working precision, 30 digits" in a.describe()
            assert "zero to the working precision, 50 digits" in b.describe()


# --------------------------------------------------------------------------------- (d) automatic route

def test_auto_route_uses_float64_above_the_floor():
    X = data.sphere(8, 10, np.random.default_rng(3))
    res = smp.resolve_spectrum(X, synthetic_provider, needs="min", dps=40, tail_is_exact=False)
    assert res.route == "float64" and res.mp is None
    assert "float64 answers" in res.reason
    assert res.lambda_min > 1e-3
    assert "[float64]" in res.describe()
    # the float64 value agrees with an mpmath computation of the same series
    ig = smp.infinite_gram_mp(X, *synthetic_provider(2000, 30), 30, tail_is_exact=False)
    lam = smp.eigenvalues_mp(ig.matrix, 30, ig.error_bound).lambda_min
    assert abs(float(lam.value) - res.lambda_min) <= res.float64.floor


def test_auto_route_with_activation_uses_kernels_gram():
    X = data.sphere(8, 10, np.random.default_rng(4))
    res = smp.lambda_min_auto(X, step_provider, activation="relu")
    ig = infinite.infinite_gram(X, "relu")
    assert res.route == "float64" and "relu" in res.reason
    assert res.lambda_min == spectrum64.spectrum(ig.matrix, ig.error_bound).lambda_min


def test_auto_route_switches_to_mpmath_below_the_floor():
    X = near_duplicate_data(3)
    calls = []

    def provider(kmax, dps):
        calls.append((kmax, dps))
        return synthetic_provider(kmax, dps)

    res = smp.resolve_spectrum(X, provider, needs="min", dps=40, tail_is_exact=False)
    assert res.route == "mpmath" and "mpmath ran at 40 digits" in res.reason
    assert res.history and res.consistent
    assert (res.kmax, 40) in calls and res.dps == 40
    lam = res.lambda_min
    assert lam.correct_digits >= 10 and 1e-26 < lam.value < 1e-22
    # what the code guarantees about float64 (not how a particular BLAS kernel rounds): the true lambda_min
    # lies below the floor the float64 route reports, and that route reports it as unresolved, not as a value
    assert float(lam.value) < res.float64.floor and not res.float64.lambda_min_resolved
    assert abs(res.float64.lambda_min - float(lam.value)) <= 2 * res.float64.floor   # float64 within its floor
    assert res.gram.error_bound * X.shape[0] <= mp.mpf(10) ** -40 * abs(res.mp[0].value)   # kmax chosen
    # an independent, longer and more precise computation agrees within the claimed error
    ig = smp.infinite_gram_mp(X, *synthetic_provider(6000, 60), 60, tail_is_exact=False)
    ref = smp.eigenvalues_mp(ig.matrix, 60, ig.error_bound).lambda_min
    with mp.workdps(60):
        assert abs(ref.value - lam.value) <= lam.abs_error
    assert "correct digits) [mpmath, 40 digits" in res.describe()


# --------------------------------------------------------------------------------- (e) bad input

def _param(excinfo) -> str:
    return excinfo.value.parameter


def test_bad_input_names_the_parameter(known, relu_data):
    c, T = step_coefficients_mp(10, 20)
    with pytest.raises(InputError) as e:
        smp.infinite_gram_mp(relu_data * 1.001, c, T, 20)
    assert _param(e) == "X"
    with pytest.raises(InputError) as e:
        smp.infinite_gram_mp(relu_data * (1 + 1e-11), c, T, 20)     # kernels.data allows 1e-10, not here
    assert _param(e) == "X"
    for bad in (10, 14, 20.0, True):
        with pytest.raises(InputError) as e:
            smp.infinite_gram_mp(relu_data, c, T, bad)
        assert _param(e) == "dps"
        with pytest.raises(InputError) as e:
            smp.eigenvalues_mp(known, bad)
        assert _param(e) == "dps"
    with pytest.raises(InputError) as e:
        smp.infinite_gram_mp(relu_data, [], T, 20)
    assert _param(e) == "coeffs"
    with pytest.raises(InputError) as e:
        smp.infinite_gram_mp(relu_data, c, -1, 20)
    assert _param(e) == "tail"
    for G in (np.ones((2, 3)), mp.matrix(2, 3), np.ones(3), np.zeros((0, 0))):
        with pytest.raises(InputError) as e:
            smp.eigenvalues_mp(G, 20)
        assert _param(e) == "G"
    with pytest.raises(InputError) as e:
        smp.eigenvalues_mp(np.array([[1.0, 0.5], [0.4, 1.0]]), 20)
    assert _param(e) == "G"
    with pytest.raises(InputError) as e:
        smp.eigenvalues_mp(np.eye(2), 20, error_bound=-1.0)
    assert _param(e) == "error_bound"
    X = data.sphere(4, 3, np.random.default_rng(0))
    with pytest.raises(InputError) as e:
        smp.resolve_spectrum(X, synthetic_provider, needs=9)
    assert _param(e) == "needs"
    with pytest.raises(InputError) as e:
        smp.resolve_spectrum(X, lambda k, d: synthetic_provider(k + 1, d))
    assert _param(e) == "coeffs_provider"
    with pytest.raises(InputError) as e:
        smp.resolve_spectrum(X, synthetic_provider, dps=12)
    assert _param(e) == "dps"
