"""kernels.nets.sgd (SGD problems of 000 Thms 3.1/3.2 with exact expectations; the run of 002 Fig. 1)."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.nets import sgd


def test_sgd_orthogonal_closed_form():
    """Orthogonal a_i: each residual shrinks by (1 − α s_i²) when i is drawn, so
    E F(w_k) = (1/N) Σ_i ½ r_i² (1 − (2α s_i² − α² s_i⁴)/N)^k exactly."""
    rng = np.random.default_rng(11)
    P = sgd.make_problem("orthogonal", 6, rng)
    alpha = 0.7 * 2 / (P.N * P.L)
    gap, _ = sgd.exact_moments(P, alpha, 50)
    s2 = np.sum(P.A * P.A, axis=1)
    r0 = P.A @ P.e0
    k = np.arange(51)[:, None]
    ref = np.mean(0.5 * r0 ** 2 * (1 - (2 * alpha * s2 - alpha ** 2 * s2 ** 2) / P.N) ** k, axis=1)
    assert np.allclose(gap, ref, rtol=1e-12)


@pytest.mark.parametrize("family", sgd.FAMILIES)
def test_sgd_exact_moments_match_monte_carlo(family):
    rng = np.random.default_rng(12)
    P = sgd.make_problem(family, 5, rng)
    alpha = 0.5 * 2 / (P.N * P.L)
    gap, grad2 = sgd.exact_moments(P, alpha, 40)
    mc = sgd.monte_carlo(P, alpha, 40, 20000, rng, at=(5, 40))
    for k in (5, 40):
        m, lo, hi = mc[k]["gap"]
        assert abs(gap[k] - m) <= 2 * (hi - lo), (family, k)
        m, lo, hi = mc[k]["grad2"]
        assert abs(grad2[k] - m) <= 2 * (hi - lo), (family, k)


def test_sgd_confusion_bounds_are_valid_and_tight():
    rng = np.random.default_rng(13)
    P = sgd.make_problem("centers", 4, rng)
    C = P.C
    # attained at w = (c_i + c_j)/2 for the farthest pair; never exceeded at random w
    d2 = np.sum((C[:, None] - C[None]) ** 2, axis=-1)
    i, j = np.unravel_index(np.argmax(d2), d2.shape)
    w = (C[i] + C[j]) / 2
    assert (w - C[i]) @ (w - C[j]) == pytest.approx(-P.eta, rel=1e-12)
    W = rng.standard_normal((2000, P.D)) * 3
    for a in range(4):
        for b in range(a + 1, 4):
            assert np.all(np.sum((W - C[a]) * (W - C[b]), axis=1) >= -P.eta * (1 + 1e-12))
    G = sgd.make_problem("gaussian", 5, rng)
    R = np.linalg.norm(G.e0)
    E = rng.standard_normal((20000, G.D))
    E *= R * rng.uniform(0, 1, (20000, 1)) ** (1 / G.D) / np.linalg.norm(E, axis=1, keepdims=True)
    worst = 0.0
    for a in range(5):
        for b in range(a + 1, 5):
            ip = (G.A[a] @ G.A[b]) * (E @ G.A[a]) * (E @ G.A[b])
            worst = min(worst, ip.min())
    assert worst >= -G.eta * (1 + 1e-12)


def test_linear_regression_run_fig1():
    """002 Fig. 1's run: F* of least squares, the confusion at w = 0 (∇f_i = −y_i a_i) by an explicit double loop,
    and a training loss that decreases."""
    N, d = 12, 8
    out = sgd.linear_regression_run(N, d, 30, 0.5, np.random.default_rng(9))
    rng = np.random.default_rng(9)
    A = rng.standard_normal((N, d)) / np.sqrt(d)
    y = rng.standard_normal(N)
    w = np.linalg.solve(A.T @ A, A.T @ y)
    assert out["Fstar"] == pytest.approx(0.5 * np.mean((A @ w - y) ** 2), rel=1e-10)
    ip = [y[i] * y[j] * (A[i] @ A[j]) for i in range(N) for j in range(N) if i != j]
    assert out["confusion_start"] == pytest.approx(max(0.0, -min(ip)), rel=1e-12)
    assert out["alpha"] == pytest.approx(0.5 / np.max(np.sum(A * A, axis=1)), rel=1e-15)
    assert 0 < out["excess_loss_ratio"] < 1 and out["loss_ratio"] < 1
    assert -1 <= out["min_cosine_path"] <= 1 and out["neg_min_cosine_end"] >= -1
