"""Tests of the numerical kernels against independent references.

Every numerical assertion compares the code with something it does not compute itself:
closed forms (arc-cosine kernel, Gaussian integrals of exponentials, exact Hermite
conversions), a second numerical method (scipy.integrate.quad, tensor Gauss quadrature,
replayed random draws with a hand-written triple loop), or a published routine
(scipy.stats.binomtest). Stochastic checks are seeded and use 5 standard errors.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy import integrate
from scipy import stats as sps
from scipy.special import eval_hermitenorm, log_ndtr, ndtr

from kernels import activations as acts
from kernels import backend, data, seeds, stats
from kernels.errors import InputError
from kernels.gmatrix import empirical, infinite, spectrum
from kernels.series import hermite

SELU_LAMBDA_PUBLISHED = 1.0507009873554804934193349852946   # Klambauer et al. 2017
SELU_ALPHA_PUBLISHED = 1.6732632423543772848170429916717
EPS = np.finfo(float).eps


# --------------------------------------------------------------------------- helpers

def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _my_sphere(n: int, d: int, rng) -> np.ndarray:
    X = rng.standard_normal((n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def _my_separation(X: np.ndarray) -> float:
    R = X @ X.T
    np.fill_diagonal(R, 0.0)
    return float(np.sqrt(max(0.0, 1.0 - np.max(R * R))))


def _bounded_rho_data(n: int, d: int, rmax: float, seed: int) -> np.ndarray:
    """Random sphere data (own sampler) whose off-diagonal |rho| <= rmax, by rejection of points."""
    rng = _rng(seed)
    pts = []
    while len(pts) < n:
        x = _my_sphere(1, d, rng)[0]
        if all(abs(x @ p) <= rmax for p in pts):
            pts.append(x)
    X = np.array(pts)
    R = X @ X.T
    np.fill_diagonal(R, 0.0)
    assert np.max(np.abs(R)) <= rmax
    return X


def _two_points(theta: float, d: int = 5, seed: int = 0) -> np.ndarray:
    """Two unit vectors in R^d at angle theta (random plane)."""
    Q, _ = np.linalg.qr(_rng(seed).standard_normal((d, 2)))
    return np.stack([Q[:, 0], math.cos(theta) * Q[:, 0] + math.sin(theta) * Q[:, 1]])


def _triple_loop_gram(X, dphi, W, a, b=None, eta=None):
    """G_ij = eta sum_k a_k^2 phi'(w_k.x_i + b_k) phi'(w_k.x_j + b_k) <x_i, x_j>, eta = 1/m by default."""
    n, _ = X.shape
    m = W.shape[1]
    eta = 1.0 / m if eta is None else eta
    b = np.zeros(m) if b is None else b
    G = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(m):
                zi = float(X[i] @ W[:, k]) + b[k]
                zj = float(X[j] @ W[:, k]) + b[k]
                s += a[k] ** 2 * float(dphi(np.array([zi]))[0]) * float(dphi(np.array([zj]))[0])
            G[i, j] = eta * s * float(X[i] @ X[j])
    return G


def _orthant(corr: float) -> float:
    """P(u > 0, v > 0) for standard normals with correlation corr (Sheppard's formula)."""
    return 0.25 + math.asin(corr) / (2 * math.pi)


def _elu_pair_expectation(rho: float) -> float:
    """E[elu'(u) elu'(v)], corr(u, v) = rho, by 1-d quad of a closed-form conditional expectation.

    v | u ~ N(rho u, s^2), s^2 = 1 - rho^2, and for elu' = 1(z>0) + e^z 1(z<=0):
    E[elu'(mu + s z)] = Phi(mu/s) + exp(mu + s^2/2) Phi(-mu/s - s).
    """
    s = math.sqrt(1 - rho * rho)

    def inner(u):
        mu = rho * u
        return ndtr(mu / s) + math.exp(mu + s * s / 2 + log_ndtr(-mu / s - s))

    def dphi(u):
        return 1.0 if u > 0 else math.exp(u)

    f = lambda u: sps.norm.pdf(u) * dphi(u) * inner(u)  # noqa: E731
    left = integrate.quad(f, -40, 0, epsabs=1e-14, epsrel=1e-13, limit=200)[0]
    right = integrate.quad(f, 0, 40, epsabs=1e-14, epsrel=1e-13, limit=200)[0]
    return left + right


@functools.lru_cache(maxsize=2)
def _hermegauss(nodes: int):
    z, w = np.polynomial.hermite_e.hermegauss(nodes)   # numpy's rule, not the code's scipy one
    return z, w / w.sum()


def _smooth_pair_expectation(dphi, rho: float, nodes: int = 300) -> float:
    """E[phi'(u) phi'(v)], corr rho, for analytic phi': tensor Gauss-HermiteE (numpy's hermegauss)."""
    z, w = _hermegauss(nodes)
    s = math.sqrt(1 - rho * rho)
    U = z[:, None]
    V = rho * z[:, None] + s * z[None, :]
    return float(w @ (dphi(U) * dphi(V)) @ w)


# =========================================================================== 1. ReLU G-infinity

def test_relu_orthant_probability_by_quadrature_matches_closed_form():
    """E[1(w.u>0) 1(w.v>0)] = (pi - theta)/(2 pi): integrate over the angle of w in the plane."""
    for theta in (0.1, 0.7, 1.3, 2.0, 2.9):
        # w's projection on span{u, v} is an isotropic 2-d Gaussian: its angle phi is uniform
        f = lambda p: float(math.cos(p) > 0 and math.cos(p - theta) > 0)  # noqa: E731
        kinks = sorted({(k * math.pi / 2 + s) % (2 * math.pi) for k in (1, 3) for s in (0.0, theta)})
        ref = integrate.quad(f, 0, 2 * math.pi, points=kinks, limit=200, epsabs=1e-14)[0] / (2 * math.pi)
        assert abs(ref - (math.pi - theta) / (2 * math.pi)) < 1e-12
        X = _two_points(theta, d=6, seed=int(10 * theta))
        G = infinite.infinite_gram(X, "relu").matrix
        assert abs(G[0, 1] - ref * math.cos(theta)) < 1e-12
        assert abs(G[0, 0] - 0.5) < 1e-15 and abs(G[1, 1] - 0.5) < 1e-15


def test_relu_closed_form_vs_hermite_series():
    """Closed arc-cosine form vs the Hermite series with closed-form step coefficients.

    sum_a cbar_a^2 = E[1(z>0)^2] = 1/2, so the truncation error of each off-diagonal entry
    is <= 1/2 * max|rho|^(kmax+2); with |rho| <= 0.9 and kmax = 400 that is < 1e-18.
    """
    X = _bounded_rho_data(20, 10, 0.9, seed=1)
    closed = infinite.infinite_gram(X, "relu")
    assert closed.method == "closed form"
    kmax = 400
    series = infinite.infinite_gram(X, "relu", method="hermite", kmax=kmax)
    tail_bound = 0.5 * 0.9 ** (kmax + 2)
    assert np.max(np.abs(closed.matrix - series.matrix)) <= tail_bound + 1e-13
    # a short series must be visibly truncated: the test can tell the two apart
    short = infinite.infinite_gram(X, "relu", method="hermite", kmax=3)
    assert np.max(np.abs(closed.matrix - short.matrix)) > 1e-4


def test_relu_closed_form_vs_monte_carlo():
    X = _bounded_rho_data(12, 8, 0.95, seed=2)
    exact = infinite.infinite_gram(X, "relu").matrix
    mean, se = infinite.monte_carlo_gram(X, "relu", 100_000, _rng(3))
    assert np.all(se[~np.eye(12, dtype=bool)] > 0)
    assert np.all(np.abs(mean - exact) <= 5 * se + 1e-12)
    # the standard error itself: Var(1(u>0)1(v>0)) = P(1-P) with P the orthant probability
    R = X @ X.T
    P = (math.pi - np.arccos(np.clip(R, -1, 1))) / (2 * math.pi)
    se_ref = np.sqrt(P * (1 - P) / 100_000) * np.abs(R)
    assert np.allclose(se, se_ref, rtol=0.05, atol=1e-9)


# =========================================================================== 2. other activations

@pytest.mark.parametrize("act", ["leaky_relu:0.2", "tanh", "elu", "selu", "swish", "sigmoid"])
def test_infinite_gram_vs_monte_carlo(act):
    X = _bounded_rho_data(8, 6, 0.95, seed=4)
    exact = infinite.infinite_gram(X, act).matrix
    mean, se = infinite.monte_carlo_gram(X, act, 100_000, _rng(5))
    assert np.all(np.abs(mean - exact) <= 5 * se + 1e-12), np.max(np.abs(mean - exact) / (se + 1e-300))


def test_leaky_relu_closed_form_vs_hermite_series():
    X = _bounded_rho_data(10, 6, 0.9, seed=6)
    closed = infinite.infinite_gram(X, "leaky_relu:0.2").matrix
    series = infinite.infinite_gram(X, "leaky_relu:0.2", method="hermite")
    assert np.max(np.abs(closed - series.matrix)) < 1e-10
    # independent value of the closed form at rho: s + (1-s)^2 (pi - arccos rho)/(2 pi)
    R = X @ X.T
    i, j = 0, 1
    ref = (0.2 + 0.64 * _orthant(R[i, j])) * R[i, j]
    assert abs(closed[i, j] - ref) < 1e-14


def test_tanh_infinite_gram_vs_tensor_quadrature():
    tanh_prime = lambda z: 1.0 / np.cosh(z) ** 2  # noqa: E731
    X = _bounded_rho_data(6, 5, 0.9, seed=7)
    g = infinite.infinite_gram(X, "tanh")
    R = X @ X.T
    for i in range(6):
        for j in range(i, 6):
            rho = min(1.0, R[i, j])
            ref = (_smooth_pair_expectation(tanh_prime, rho) if i != j
                   else integrate.quad(lambda z: tanh_prime(z) ** 2 * sps.norm.pdf(z), -40, 40,
                                       epsabs=1e-14, epsrel=1e-13)[0]) * rho
            assert abs(g.matrix[i, j] - ref) <= g.error_bound + 1e-13, (i, j, g.matrix[i, j] - ref)


def test_elu_infinite_gram_vs_conditional_closed_form():
    """Off-diagonal G-infinity of ELU vs a 1-d quad of an exact conditional expectation (to 1e-10)."""
    X = _bounded_rho_data(5, 5, 0.9, seed=8)
    g = infinite.infinite_gram(X, "elu").matrix
    R = X @ X.T
    for i in range(5):
        for j in range(i + 1, 5):
            ref = _elu_pair_expectation(R[i, j]) * R[i, j]
            assert abs(g[i, j] - ref) < 1e-10
    assert np.allclose(np.diag(g), 0.5 + math.exp(2) * ndtr(-2), atol=1e-10, rtol=0)


def test_antipodal_pairs_infinite_gram():
    """rho = -1: G = -E[phi'(z) phi'(-z)]. ELU: 2 E[e^{-z} 1(z>0)] = 2 e^{1/2} Phi(-1); tanh: E[sech^4]."""
    x = _my_sphere(1, 4, _rng(30))[0]
    y = _my_sphere(1, 4, _rng(31))[0]
    X = np.stack([x, -x, y])
    g = infinite.infinite_gram(X, "elu").matrix
    assert abs(g[0, 1] + 2 * math.exp(0.5) * ndtr(-1)) < 1e-10      # 1e-10: see the split-quadrature xfail
    g = infinite.infinite_gram(X, "tanh").matrix
    sech4 = integrate.quad(lambda z: np.cosh(z) ** -4 * sps.norm.pdf(z), -40, 40, epsabs=1e-14, epsrel=1e-13)[0]
    assert abs(g[0, 1] + sech4) < 1e-13
    # relu closed form at rho = -1: orthant probability 0, up to the arccos rounding at |rho| ~ 1
    # (Hoelder-1/2: a rounding of rho by 1e-16 moves arccos by ~1e-8), which the error bound covers
    gr = infinite.infinite_gram(X, "relu")
    assert abs(gr.matrix[0, 1]) <= gr.error_bound and gr.error_bound < 1e-7


_DIAG_EXACT = {
    # E[phi'(z)^2], z ~ N(0,1), from E[e^{2z} 1(z<=0)] = e^2 Phi(-2)
    "elu": 0.5 + math.exp(2) * ndtr(-2),
    "selu": SELU_LAMBDA_PUBLISHED ** 2 * (0.5 + SELU_ALPHA_PUBLISHED ** 2 * math.exp(2) * ndtr(-2)),
    "leaky_relu:0.2": 0.5 + 0.5 * 0.2 ** 2,
}


# The bound includes the split rule's own quadrature error (a second computation with 3/4 of
# the nodes, plus |E[1] - 1|): its ~1e-12 relative error was once missing from it.
@pytest.mark.parametrize("act", sorted(_DIAG_EXACT))
def test_split_hermite_infinite_gram_within_its_error_bound(act):
    X = _bounded_rho_data(4, 5, 0.9, seed=9)
    g = infinite.infinite_gram(X, act, method="hermite")
    err = np.max(np.abs(np.diag(g.matrix) - _DIAG_EXACT[act]))
    assert err <= g.error_bound + 4 * EPS, (err, g.error_bound)


def test_polynomial_infinite_gram_exact():
    """poly:0,1,0.5 has phi' = 1 + z, so E[phi'(u)phi'(v)] = 1 + rho; linear gives 1."""
    X = _my_sphere(7, 4, _rng(10))
    R = np.clip(X @ X.T, -1, 1)
    g = infinite.infinite_gram(X, "poly:0,1,0.5").matrix
    assert np.allclose(g, (1 + R) * R, atol=1e-14, rtol=0)
    assert np.allclose(infinite.infinite_gram(X, "linear").matrix, R, atol=1e-15, rtol=0)


# =========================================================================== 3. Hermite coefficients

def test_step_coefficients_vs_quad():
    kmax = 15
    c = hermite.step_coefficients(kmax)
    for k in range(kmax + 1):
        norm = math.sqrt(math.factorial(k))
        ref = integrate.quad(lambda z: eval_hermitenorm(k, z) / norm * sps.norm.pdf(z), 0, np.inf,
                             epsabs=1e-14, epsrel=1e-13, limit=200)[0]
        assert abs(c[k] - ref) < 1e-12, (k, c[k], ref)


def test_step_coefficients_parseval():
    """sum_k cbar_k^2 -> E[1(z>0)] = 1/2; the tail decays like k^{-1/2}, never overshooting."""
    c = hermite.step_coefficients(4000)
    s = np.cumsum(c * c)
    assert np.all(s <= 0.5 + 1e-15)
    assert 0.5 - s[-1] < 0.5 / math.sqrt(2 * math.pi) * 2 / math.sqrt(4000)   # sum_{k>K} ~ C K^{-1/2}
    assert 0.5 - s[-1] > 0


def test_coefficients_of_monomials_exact():
    # z^3 = He_3 + 3 He_1  ->  cbar_1 = 3, cbar_3 = sqrt(3!)
    c3 = hermite.coefficients(lambda z: z ** 3, 6)
    assert np.allclose(c3, [0, 3, 0, math.sqrt(6), 0, 0, 0], atol=1e-13, rtol=0)
    # z^4 = He_4 + 6 He_2 + 3  ->  cbar_0 = 3, cbar_2 = 6 sqrt(2), cbar_4 = sqrt(4!)
    c4 = hermite.coefficients(lambda z: z ** 4, 6)
    assert np.allclose(c4, [3, 0, 6 * math.sqrt(2), 0, math.sqrt(24), 0, 0], atol=1e-12, rtol=0)
    assert np.allclose(hermite.polynomial_coefficients([0, 0, 0, 1], 4), [0, 3, 0, math.sqrt(6), 0], atol=1e-14, rtol=0)
    assert np.allclose(hermite.polynomial_coefficients([0, 0, 0, 0, 1]), [3, 0, 6 * math.sqrt(2), 0, math.sqrt(24)],
                       atol=1e-13, rtol=0)


def test_tanh_prime_coefficients_two_methods():
    f = lambda z: 1.0 / np.cosh(z) ** 2  # noqa: E731
    a = hermite.coefficients(f, 200)
    b = hermite.coefficients_split(f, 200, 0.0)
    # ~1e-12: the split Gauss-Legendre rule carries a ~1.2e-12 relative error (see the xfail above)
    assert np.max(np.abs(a - b)) < 3e-12
    # odd coefficients of an even function vanish; c0 = E[sech^2 z] by quad
    assert np.max(np.abs(a[1::2])) < 1e-14
    ref0 = integrate.quad(lambda z: f(z) * sps.norm.pdf(z), -40, 40, epsabs=1e-14, epsrel=1e-13)[0]
    assert abs(a[0] - ref0) < 1e-14


def test_orthonormal_hermite_gauss_orthonormality_and_values():
    z, w = hermite.gauss_hermite_e(60)
    assert abs(w.sum() - 1) < 1e-14
    H = hermite.orthonormal_hermite(40, z)
    assert np.allclose(H @ np.diag(w) @ H.T, np.eye(41), atol=1e-12, rtol=0)
    pts = np.linspace(-3, 3, 13)
    Hp = hermite.orthonormal_hermite(20, pts)
    for k in range(21):
        assert np.allclose(Hp[k], eval_hermitenorm(k, pts) / math.sqrt(math.factorial(k)), rtol=1e-12, atol=1e-12)


# =========================================================================== 4. empirical G

def test_gram_from_M_vs_triple_loop():
    rng = _rng(11)
    X = _my_sphere(5, 3, rng)
    W = rng.standard_normal((3, 7))
    a = rng.standard_normal(7)
    for act in ("relu", "tanh", "leaky_relu:0.2"):
        dphi = acts.get(act).dphi
        assert np.allclose(empirical.gram_from_M(X, act, W, a), _triple_loop_gram(X, dphi, W, a), atol=1e-14, rtol=0)


def _replay(seed, d, m, chunk, inits):
    """Replay empirical_gram's draws: per chunk W(d,c), a(c,), and b(c,) when the init has a bias."""
    rng = _rng(seed)
    Ws, As, Bs = [], [], []
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        Ws.append(rng.standard_normal((d, c)))
        As.append(rng.standard_normal(c))
        if inits != "dzps":
            Bs.append(rng.standard_normal(c))
    return np.concatenate(Ws, axis=1), np.concatenate(As), (np.concatenate(Bs) if Bs else None)


@pytest.mark.parametrize("chunk", list(range(1, 8)))
def test_empirical_gram_streamed_equals_replayed_M_route(chunk):
    n, d, m, seed = 5, 3, 7, 12
    X = _my_sphere(n, d, _rng(99))
    for act in ("relu", "tanh"):
        G = empirical.empirical_gram(X, act, m, _rng(seed), chunk=chunk)
        W, a, _ = _replay(seed, d, m, chunk, "dzps")
        assert np.allclose(G, _triple_loop_gram(X, acts.get(act).dphi, W, a), atol=1e-14, rtol=0)
        assert np.allclose(G, empirical.gram_from_M(X, act, W, a), atol=1e-14, rtol=0)


def test_empirical_gram_fanin_fanout_replayed():
    """App. D.1 scales: fanin w~N(0,I/d), a~N(0,1/m), b~N(0,0.1^2), eta=1; fanout eta=1/m, a~N(0,1)."""
    n, d, m, seed, chunk = 4, 3, 6, 13, 4
    X = _my_sphere(n, d, _rng(98))
    dphi = acts.get("relu").dphi
    W, a, b = _replay(seed, d, m, chunk, "fanin")
    G = empirical.empirical_gram(X, "relu", m, _rng(seed), init="fanin", chunk=chunk)
    ref = _triple_loop_gram(X, dphi, W / math.sqrt(d), a / math.sqrt(m), 0.1 * b, eta=1.0)
    assert np.allclose(G, ref, atol=1e-14, rtol=0)
    W, a, b = _replay(seed, d, m, chunk, "fanout")
    G = empirical.empirical_gram(X, "relu", m, _rng(seed), init="fanout", chunk=chunk)
    ref = _triple_loop_gram(X, dphi, W / math.sqrt(m), a, b / math.sqrt(m), eta=1.0 / m)
    assert np.allclose(G, ref, atol=1e-14, rtol=0)


def test_empirical_gram_converges_to_infinite_gram():
    """Each entry is a mean of m i.i.d. terms a^2 phi'phi' rho with variance <= E[a^4] = 3,
    so its standard error is <= sqrt(3/m); 5 SE over 55 entries."""
    m = 200_000
    X = _bounded_rho_data(10, 8, 0.95, seed=14)
    G = empirical.empirical_gram(X, "relu", m, _rng(15))
    Ginf = infinite.infinite_gram(X, "relu").matrix
    diff = np.max(np.abs(G - Ginf))
    assert diff <= 5 * math.sqrt(3 / m)
    # and a small width is visibly off (the comparison can fail)
    G_small = empirical.empirical_gram(X, "relu", 20, _rng(15))
    assert np.max(np.abs(G_small - Ginf)) > 5 * math.sqrt(3 / m)


# =========================================================================== 5. Init(fanin)/Init(fanout)

@pytest.mark.parametrize("init", ["fanin", "fanout"])
def test_init_schemes_expectation(init):
    """E[G_ii] = P(w.x + b > 0) = 1/2 (symmetric); for fanin also the off-diagonal:
    (w.x_i+b, w.x_j+b) has var 1/d + 0.01 and cov rho/d + 0.01, so
    E[G_ij] = E[m a^2] * P(both > 0) * rho = orthant(corr) * rho."""
    n, d, m, reps = 5, 4, 50_000, 4
    X = _my_sphere(n, d, _rng(16))
    R = X @ X.T
    rng = _rng(17)
    mean = sum(empirical.empirical_gram(X, "relu", m, rng, init=init) for _ in range(reps)) / reps
    tol = 5 * math.sqrt(3 / (m * reps))   # Var(m a_k^2 * indicator) <= E[(m a^2)^2] = 3
    assert np.all(np.abs(np.diag(mean) - 0.5) <= tol)
    if init == "fanin":
        corr = (R / d + 0.01) / (1 / d + 0.01)
        ref = np.vectorize(lambda c: _orthant(min(1.0, c)))(corr) * R
        assert np.all(np.abs(mean - ref) <= tol)


# =========================================================================== 6. spectrum floor

def test_spectrum_rank_deficient_reports_floor():
    rng = _rng(18)
    n, r = 50, 5
    B = rng.standard_normal((n, r))
    sp = spectrum.spectrum(B @ B.T)
    assert sp.rank() == r
    assert not sp.lambda_min_resolved
    assert "floor" in sp.describe()
    assert sp.lambda_min_upper() >= 0.0
    ref = np.linalg.svd(B, compute_uv=False) ** 2
    assert np.allclose(sp.values[:r], ref, rtol=1e-12)


def test_spectrum_well_conditioned_resolved():
    rng = _rng(19)
    Q, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    lam = np.linspace(1.0, 0.01, 30)
    G = (Q * lam) @ Q.T
    G = (G + G.T) / 2
    sp = spectrum.spectrum(G)
    assert sp.lambda_min_resolved
    assert sp.rank() == 30
    assert abs(sp.lambda_min - 0.01) < 1e-13
    assert abs(sp.lambda_min - np.linalg.eigvalsh(G)[0]) < 1e-14
    assert np.all(np.diff(sp.values) <= 0)
    assert sp.lambda_k(1) == pytest.approx(1.0, abs=1e-13)
    assert "floor" not in sp.describe()


# =========================================================================== 7. data families

def test_separated_and_extremal():
    rng = _rng(20)
    for delta in (0.2, 0.5, 0.8):
        X = data.separated(30, 10, delta, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert _my_separation(X) >= delta - 1e-15
        assert abs(data.separation(X) - _my_separation(X)) < 1e-15
        Y = data.extremal(20, 10, delta, rng)
        assert np.allclose(np.linalg.norm(Y, axis=1), 1, atol=1e-14, rtol=0)
        assert abs(_my_separation(Y) - delta) < 1e-12


def test_arc():
    rng = _rng(21)
    for n, delta in ((10, 0.3), (6, 0.5), (2, 1.0)):
        X = data.arc(n, delta, 7, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert abs(_my_separation(X) - delta) < 1e-12
        assert np.linalg.matrix_rank(X, tol=1e-10) == 2
        assert data.span_dimension(X) == 2


def test_low_span_and_circle_lifted():
    rng = _rng(22)
    for span in (1, 3, 6):
        X = data.low_span(40, 9, span, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert np.linalg.matrix_rank(X, tol=1e-10) == span
        assert data.span_dimension(X) == span
    n = 12
    X = data.circle_lifted(n, rng)
    assert X.shape == (n, 10)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    assert np.allclose(X @ X.T, np.cos(2 * math.pi * (i - j) / n), atol=1e-14, rtol=0)


# =========================================================================== 8. bad input

def _raises(parameter, fn, *args, **kwargs):
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    assert info.value.parameter == parameter, info.value.parameter
    return info.value


def test_bad_inputs():
    X = _my_sphere(4, 3, _rng(23))
    rng = _rng(24)
    _raises("activation", acts.get, "gelu_unknown")
    err = _raises("leaky_relu slope", acts.get, "leaky_relu:1.5")
    assert "slope" in err.parameter
    _raises("X", empirical.empirical_gram, 2 * X, "relu", 10, rng)
    _raises("delta", data.separated, 5, 3, 0.0, rng)
    _raises("delta", data.separated, 5, 3, 1.5, rng)
    _raises("delta", data.arc, 100, 0.5, 3, rng)
    _raises("span", data.low_span, 5, 3, 4, rng)
    _raises("m", empirical.empirical_gram, X, "relu", 0, rng)
    _raises("init", empirical.empirical_gram, X, "relu", 10, rng, init="xavier")
    _raises("backend", backend.select, "tpu")
    _raises("G", spectrum.spectrum, np.zeros((3, 4)))
    _raises("x", stats.fit_slope, [1.0, 1.0, 1.0], [[1.0, 2.0, 3.0]])
    _raises("k/n", stats.clopper_pearson, 5, 3)
    _raises("kmax", hermite.coefficients, np.cos, -1)
    _raises("phi1/phi2", acts.piecewise, "0", "x+1", 0.0)


def test_bad_backend_cupy_when_missing():
    try:
        import cupy  # noqa: F401, PLC0415
    except Exception:
        _raises("backend", backend.select, "cupy")
    else:
        pytest.skip("cupy is importable")


# =========================================================================== 9. stats

@pytest.mark.parametrize("k,n", [(0, 10), (3, 10), (10, 10), (17, 40), (1, 1), (250, 1000)])
def test_clopper_pearson_vs_scipy(k, n):
    ci = stats.clopper_pearson(k, n)
    ref = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    assert abs(ci.lo - ref.low) < 1e-10 and abs(ci.hi - ref.high) < 1e-10
    assert ci.estimate == k / n


def test_fit_power_law_recovers_exponent_and_covers():
    x = np.logspace(0, 2, 8)
    rng = _rng(25)
    trials, covered, slopes = 200, 0, []
    for _ in range(trials):
        Y = 3 * x ** -1.5 * np.exp(0.2 * rng.standard_normal((5, x.size)))
        fit = stats.fit_power_law(x, Y)
        covered += fit.lo <= -1.5 <= fit.hi
        slopes.append(fit.slope)
    assert 0.85 <= covered / trials <= 0.99
    assert abs(np.mean(slopes) + 1.5) < 0.01
    # the interval itself, rebuilt with np.polyfit per seed and a Student-t over the 5 seeds
    per_seed = np.array([np.polyfit(np.log(x), np.log(row), 1)[0] for row in Y])
    half = sps.t.ppf(0.975, 4) * per_seed.std(ddof=1) / math.sqrt(5)
    assert abs(fit.slope - per_seed.mean()) < 1e-12
    assert abs(fit.lo - (per_seed.mean() - half)) < 1e-12 and abs(fit.hi - (per_seed.mean() + half)) < 1e-12
    exact = stats.fit_power_law(x, 3 * x ** -1.5)   # noiseless single repetition
    assert abs(exact.slope + 1.5) < 1e-12 and abs(exact.intercept - math.log(3)) < 1e-12


# =========================================================================== 10. seeds

def test_seed_streams():
    def draw(*key):
        return seeds.generator(*key).standard_normal(8)

    base = (7, "claim.A", 3, 1)
    assert np.array_equal(draw(*base), draw(*base))
    variants = [(8, "claim.A", 3, 1), (7, "claim.B", 3, 1), (7, "claim.A", 4, 1), (7, "claim.A", 3, 2)]
    streams = [draw(*base)] + [draw(*v) for v in variants]
    for i in range(len(streams)):
        for j in range(i + 1, len(streams)):
            assert not np.allclose(streams[i], streams[j], rtol=0)


# =========================================================================== 11. activations

SPECS = ["relu", "leaky_relu:0.2", "selu", "elu", "linear", "tanh", "sigmoid", "swish", "softsign",
         "arctan", "poly:0,1,0.5"]


@pytest.mark.parametrize("spec", SPECS)
def test_activation_finite_differences(spec):
    act = acts.get(spec)
    x = np.concatenate([np.linspace(-4, -0.05, 40), np.linspace(0.05, 4, 40)])
    h = 1e-5
    fd1 = (act.phi(x + h) - act.phi(x - h)) / (2 * h)
    fd2 = (act.dphi(x + h) - act.dphi(x - h)) / (2 * h)
    assert np.allclose(fd1, act.dphi(x), rtol=1e-7, atol=1e-8)
    assert np.allclose(fd2, act.ddphi(x), rtol=1e-7, atol=1e-8)


def test_activation_values_independent():
    from scipy.special import expit  # noqa: PLC0415
    x = np.linspace(-6, 6, 49)
    assert np.allclose(acts.get("sigmoid").phi(x), expit(x), atol=1e-15, rtol=0)
    assert np.allclose(acts.get("swish").phi(x), x * expit(x), atol=1e-14, rtol=0)
    assert np.allclose(acts.get("relu").phi(x), np.maximum(x, 0), rtol=0)
    assert np.allclose(acts.get("leaky_relu:0.2").phi(x), np.where(x > 0, x, 0.2 * x), rtol=0)
    selu_ref = SELU_LAMBDA_PUBLISHED * np.where(x > 0, x, SELU_ALPHA_PUBLISHED * np.expm1(x))
    assert np.allclose(acts.get("selu").phi(x), selu_ref, rtol=1e-15, atol=1e-15)
    assert np.allclose(acts.get("elu").phi(x), np.where(x > 0, x, np.expm1(x)), atol=1e-15, rtol=0)
    assert np.allclose(acts.get("poly:0,1,0.5").phi(x), x + 0.5 * x * x, atol=1e-13, rtol=0)
    # swish's Lipschitz constant = max swish' (found by a scalar optimizer)
    from scipy.optimize import minimize_scalar  # noqa: PLC0415
    res = minimize_scalar(lambda z: -float(acts.get("swish").dphi(np.array([z]))[0]), bounds=(0, 5),
                          method="bounded", options={"xatol": 1e-10})
    assert abs(-res.fun - acts.get("swish").lipschitz) < 1e-9


def test_piecewise_activations():
    relu_like = acts.piecewise("0", "x", 0.0)
    assert relu_like.kink_order == 1
    x = np.concatenate([np.linspace(-3, -0.01, 20), np.linspace(0.01, 3, 20)])
    assert np.allclose(relu_like.phi(x), np.maximum(x, 0), rtol=0)
    assert np.allclose(relu_like.dphi(x), (x > 0).astype(float), rtol=0)
    q = acts.piecewise("x**2/2", "x**2", 0.0)
    assert q.kink_order == 2
    assert np.allclose(q.dphi(x), np.where(x < 0, x, 2 * x), rtol=0)
    assert np.allclose(q.ddphi(x), np.where(x < 0, 1.0, 2.0), rtol=0)
    with pytest.raises(InputError):
        acts.piecewise("0", "x+1", 0.0)


# =========================================================================== 12. NumPy vs CuPy

def _cupy_backend():
    be = backend.select("auto")
    if be.name != "cupy":
        pytest.skip(f"no usable CuPy device ({be.note})")
    return be


@pytest.mark.gpu
def test_cupy_empirical_gram_matches_numpy_replay():
    be = _cupy_backend()
    cp = be.xp
    n, d, m, chunk, seed = 6, 4, 37, 10, 26
    X = _my_sphere(n, d, _rng(27))
    G = empirical.empirical_gram(X, "relu", m, _rng(seed), chunk=chunk, backend=be)
    # replay: on CuPy each draw is a CuPy generator seeded by rng.integers(0, 2**63 - 1)
    rng = _rng(seed)
    Ws, As = [], []
    for start in range(0, m, chunk):
        c = min(chunk, m - start)
        for shape, out in (((d, c), Ws), ((c,), As)):
            s = int(rng.integers(0, 2**63 - 1))
            out.append(cp.random.default_rng(s).standard_normal(shape, dtype=cp.float64).get())
    W, a = np.concatenate(Ws, axis=1), np.concatenate(As)
    assert np.allclose(G, empirical.gram_from_M(X, "relu", W, a), atol=1e-13, rtol=0)
    # both backends estimate the same G-infinity
    big = 200_000
    Ginf = infinite.infinite_gram(X, "relu").matrix
    for be_ in (be, backend.select("numpy")):
        Gb = empirical.empirical_gram(X, "relu", big, _rng(28), backend=be_)
        assert np.max(np.abs(Gb - Ginf)) <= 5 * math.sqrt(3 / big)


@pytest.mark.gpu
def test_cupy_activation_kernels_match_numpy():
    be = _cupy_backend()
    cp = be.xp
    z = np.linspace(-4, 4, 101)
    for spec in SPECS:
        act = acts.get(spec)
        for f in (act.phi, act.dphi, act.ddphi):
            assert np.allclose(cp.asnumpy(f(cp.asarray(z))), f(z), atol=1e-13, rtol=1e-13)
        if act.ginf_kernel is not None:
            rho = np.linspace(-1, 1, 41)
            assert np.allclose(cp.asnumpy(act.ginf_kernel(cp.asarray(rho))), act.ginf_kernel(rho), atol=1e-14, rtol=0)
