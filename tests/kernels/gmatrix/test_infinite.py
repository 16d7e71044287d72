"""kernels.gmatrix.infinite (G-infinity, closed forms, Hermite series, Monte Carlo) against independent references.

References: the arc-cosine closed form and its orthant probability integrated by quad over the angle of w,
Sheppard's orthant formula, tensor Gauss-HermiteE quadrature (numpy's rule, not the code's scipy one), an
exact conditional expectation of ELU integrated by 1-d quad, and closed forms of E[phi'(z)^2].
Stochastic checks are seeded and use 5 standard errors.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy import integrate
from scipy import stats as sps
from scipy.special import log_ndtr, ndtr

from kernels.gmatrix import infinite

from .._helpers import (
    SELU_ALPHA_PUBLISHED,
    SELU_LAMBDA_PUBLISHED,
    bounded_correlation_data,
    independent_sphere,
    orthant_probability,
)

EPS = np.finfo(float).eps


def _two_points(theta: float, d: int = 5, seed: int = 0) -> np.ndarray:
    """Two unit vectors in R^d at angle theta (random plane)."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, 2)))
    return np.stack([Q[:, 0], math.cos(theta) * Q[:, 0] + math.sin(theta) * Q[:, 1]])


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


# =========================================================================== ReLU G-infinity

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
    X = bounded_correlation_data(20, 10, 0.9, seed=1)
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
    X = bounded_correlation_data(12, 8, 0.95, seed=2)
    exact = infinite.infinite_gram(X, "relu").matrix
    mean, se = infinite.monte_carlo_gram(X, "relu", 100_000, np.random.default_rng(3))
    assert np.all(se[~np.eye(12, dtype=bool)] > 0)
    assert np.all(np.abs(mean - exact) <= 5 * se + 1e-12)
    # the standard error itself: Var(1(u>0)1(v>0)) = P(1-P) with P the orthant probability
    R = X @ X.T
    P = (math.pi - np.arccos(np.clip(R, -1, 1))) / (2 * math.pi)
    se_ref = np.sqrt(P * (1 - P) / 100_000) * np.abs(R)
    assert np.allclose(se, se_ref, rtol=0.05, atol=1e-9)


# =========================================================================== other activations

@pytest.mark.parametrize("act", ["leaky_relu:0.2", "tanh", "elu", "selu", "swish", "sigmoid"])
def test_infinite_gram_vs_monte_carlo(act):
    X = bounded_correlation_data(8, 6, 0.95, seed=4)
    exact = infinite.infinite_gram(X, act).matrix
    mean, se = infinite.monte_carlo_gram(X, act, 100_000, np.random.default_rng(5))
    assert np.all(np.abs(mean - exact) <= 5 * se + 1e-12), np.max(np.abs(mean - exact) / (se + 1e-300))


def test_leaky_relu_closed_form_vs_hermite_series():
    X = bounded_correlation_data(10, 6, 0.9, seed=6)
    closed = infinite.infinite_gram(X, "leaky_relu:0.2").matrix
    series = infinite.infinite_gram(X, "leaky_relu:0.2", method="hermite")
    assert np.max(np.abs(closed - series.matrix)) < 1e-10
    # independent value of the closed form at rho: s + (1-s)^2 (pi - arccos rho)/(2 pi)
    R = X @ X.T
    i, j = 0, 1
    ref = (0.2 + 0.64 * orthant_probability(R[i, j])) * R[i, j]
    assert abs(closed[i, j] - ref) < 1e-14


def test_tanh_infinite_gram_vs_tensor_quadrature():
    tanh_prime = lambda z: 1.0 / np.cosh(z) ** 2  # noqa: E731
    X = bounded_correlation_data(6, 5, 0.9, seed=7)
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
    X = bounded_correlation_data(5, 5, 0.9, seed=8)
    g = infinite.infinite_gram(X, "elu").matrix
    R = X @ X.T
    for i in range(5):
        for j in range(i + 1, 5):
            ref = _elu_pair_expectation(R[i, j]) * R[i, j]
            assert abs(g[i, j] - ref) < 1e-10
    assert np.allclose(np.diag(g), 0.5 + math.exp(2) * ndtr(-2), atol=1e-10, rtol=0)


def test_antipodal_pairs_infinite_gram():
    """rho = -1: G = -E[phi'(z) phi'(-z)]. ELU: 2 E[e^{-z} 1(z>0)] = 2 e^{1/2} Phi(-1); tanh: E[sech^4]."""
    x = independent_sphere(1, 4, np.random.default_rng(30))[0]
    y = independent_sphere(1, 4, np.random.default_rng(31))[0]
    X = np.stack([x, -x, y])
    g = infinite.infinite_gram(X, "elu").matrix
    assert abs(g[0, 1] + 2 * math.exp(0.5) * ndtr(-1)) < 1e-10      # 1e-10: the split rule's ~1e-12 relative error
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
    X = bounded_correlation_data(4, 5, 0.9, seed=9)
    g = infinite.infinite_gram(X, act, method="hermite")
    err = np.max(np.abs(np.diag(g.matrix) - _DIAG_EXACT[act]))
    assert err <= g.error_bound + 4 * EPS, (err, g.error_bound)


def test_polynomial_infinite_gram_exact():
    """poly:0,1,0.5 has phi' = 1 + z, so E[phi'(u)phi'(v)] = 1 + rho; linear gives 1."""
    X = independent_sphere(7, 4, np.random.default_rng(10))
    R = np.clip(X @ X.T, -1, 1)
    g = infinite.infinite_gram(X, "poly:0,1,0.5").matrix
    # rho = x.y errs by <= (d + 2) eps in either computation (dot product, |x| = 1 +- eps); kappa = rho + rho^2
    # has |kappa'| <= 3 and |kappa| <= 2, and its evaluation costs a few ulps of 2
    d_rho = 2 * (X.shape[1] + 2) * EPS
    assert np.max(np.abs(g - (1 + R) * R)) <= 3 * d_rho + 8 * EPS
    assert np.max(np.abs(infinite.infinite_gram(X, "linear").matrix - R)) <= d_rho
