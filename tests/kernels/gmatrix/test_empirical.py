"""kernels.gmatrix.empirical (the finite-width G) against independent references.

References: a hand-written triple loop over replayed random draws, Sheppard's orthant formula for the
expectation under Init(fanin)/Init(fanout), and G-infinity with 5 standard errors for the convergence in m.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import activations as acts
from kernels.gmatrix import empirical, infinite

from .._helpers import bounded_correlation_data, independent_sphere, orthant_probability

EPS = float(np.finfo(float).eps)

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


def _rounding_bound(X, W, a, b=None, eta=None):
    """What float64 guarantees for G_ij = eta sum_k a_k^2 phi'(z_ik) phi'(z_jk) <x_i, x_j> computed in any order
    (Higham, Sec. 3.1: a dot product of length L errs by <= L eps sum |terms|): z = w.x + b errs by
    <= (d + 1) eps (|w| + |b|) and moves phi' by at most that (|phi''| <= 1 for relu, tanh, leaky_relu); the sum over
    m neurons, the products and rho add (m + d + 6) eps of eta sum a_k^2 (|phi'| <= 1, |rho| <= 1)."""
    _, d = X.shape
    m = W.shape[1]
    eta = 1.0 / m if eta is None else eta
    b = np.zeros(m) if b is None else b
    z_err = (d + 1) * EPS * (np.linalg.norm(W, axis=0) + np.abs(b))
    return float(eta * np.sum(a ** 2 * (2 * z_err + (m + d + 6) * EPS)))


# =========================================================================== empirical G

def test_gram_from_M_vs_triple_loop():
    rng = np.random.default_rng(11)
    X = independent_sphere(5, 3, rng)
    W = rng.standard_normal((3, 7))
    a = rng.standard_normal(7)
    for act in ("relu", "tanh", "leaky_relu:0.2"):
        dphi = acts.get(act).dphi
        G = empirical.gram_from_M(X, act, W, a)
        assert np.max(np.abs(G - _triple_loop_gram(X, dphi, W, a))) <= 2 * _rounding_bound(X, W, a)


def _replay(seed, d, m, chunk, inits):
    """Replay empirical_gram's draws: per chunk W(d,c), a(c,), and b(c,) when the init has a bias."""
    rng = np.random.default_rng(seed)
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
    X = independent_sphere(n, d, np.random.default_rng(99))
    for act in ("relu", "tanh"):
        G = empirical.empirical_gram(X, act, m, np.random.default_rng(seed), chunk=chunk)
        W, a, _ = _replay(seed, d, m, chunk, "dzps")
        tol = 2 * _rounding_bound(X, W, a)                  # both routes within the bound of the exact G
        assert np.max(np.abs(G - _triple_loop_gram(X, acts.get(act).dphi, W, a))) <= tol
        assert np.max(np.abs(G - empirical.gram_from_M(X, act, W, a))) <= tol


def test_empirical_gram_fanin_fanout_replayed():
    """App. D.1 scales: fanin w~N(0,I/d), a~N(0,1/m), b~N(0,0.1^2), eta=1; fanout eta=1/m, a~N(0,1)."""
    n, d, m, seed, chunk = 4, 3, 6, 13, 4
    X = independent_sphere(n, d, np.random.default_rng(98))
    dphi = acts.get("relu").dphi
    W, a, b = _replay(seed, d, m, chunk, "fanin")
    G = empirical.empirical_gram(X, "relu", m, np.random.default_rng(seed), init="fanin", chunk=chunk)
    ref = _triple_loop_gram(X, dphi, W / math.sqrt(d), a / math.sqrt(m), 0.1 * b, eta=1.0)
    assert np.max(np.abs(G - ref)) <= 2 * _rounding_bound(X, W / math.sqrt(d), a / math.sqrt(m), 0.1 * b, eta=1.0)
    W, a, b = _replay(seed, d, m, chunk, "fanout")
    G = empirical.empirical_gram(X, "relu", m, np.random.default_rng(seed), init="fanout", chunk=chunk)
    ref = _triple_loop_gram(X, dphi, W / math.sqrt(m), a, b / math.sqrt(m), eta=1.0 / m)
    assert np.max(np.abs(G - ref)) <= 2 * _rounding_bound(X, W / math.sqrt(m), a, b / math.sqrt(m), eta=1.0 / m)


def test_empirical_gram_converges_to_infinite_gram():
    """Each entry is a mean of m i.i.d. terms a^2 phi'phi' rho with variance <= E[a^4] = 3,
    so its standard error is <= sqrt(3/m); 5 SE over 55 entries."""
    m = 200_000
    X = bounded_correlation_data(10, 8, 0.95, seed=14)
    G = empirical.empirical_gram(X, "relu", m, np.random.default_rng(15))
    Ginf = infinite.infinite_gram(X, "relu").matrix
    diff = np.max(np.abs(G - Ginf))
    assert diff <= 5 * math.sqrt(3 / m)
    # and a small width is visibly off (the comparison can fail)
    G_small = empirical.empirical_gram(X, "relu", 20, np.random.default_rng(15))
    assert np.max(np.abs(G_small - Ginf)) > 5 * math.sqrt(3 / m)


# =========================================================================== Init(fanin)/Init(fanout)

@pytest.mark.parametrize("init", ["fanin", "fanout"])
def test_init_schemes_expectation(init):
    """E[G_ii] = P(w.x + b > 0) = 1/2 (symmetric); for fanin also the off-diagonal:
    (w.x_i+b, w.x_j+b) has var 1/d + 0.01 and cov rho/d + 0.01, so
    E[G_ij] = E[m a^2] * P(both > 0) * rho = orthant(corr) * rho."""
    n, d, m, reps = 5, 4, 50_000, 4
    X = independent_sphere(n, d, np.random.default_rng(16))
    R = X @ X.T
    rng = np.random.default_rng(17)
    mean = sum(empirical.empirical_gram(X, "relu", m, rng, init=init) for _ in range(reps)) / reps
    tol = 5 * math.sqrt(3 / (m * reps))   # Var(m a_k^2 * indicator) <= E[(m a^2)^2] = 3
    assert np.all(np.abs(np.diag(mean) - 0.5) <= tol)
    if init == "fanin":
        corr = (R / d + 0.01) / (1 / d + 0.01)
        ref = np.vectorize(lambda c: orthant_probability(min(1.0, c)))(corr) * R
        assert np.all(np.abs(mean - ref) <= tol)
