"""kernels.nets.adversary: parameter shifts in the flat order of per-example gradients, and the first projected
step of the ball search against a finite-difference gradient of the worst pair's inner product."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.nets import adversary, ghost, mlp

from .reference import tiny_net


def _batched(net, T):
    return mlp.MLP([np.broadcast_to(W, (T,) + W.shape) * 1.0 for W in net.weights], net.activation)


def test_shift_matches_flat_parameters():
    net = tiny_net("tanh", rng=np.random.default_rng(1))
    theta = ghost.flat_params(net)
    flat = np.random.default_rng(2).standard_normal((2, theta.size))
    shifted = adversary.shift(_batched(net, 2), flat)
    for t in range(2):
        ref = ghost.unflatten(net, theta + flat[t])
        assert all(np.array_equal(W[t], R) for W, R in zip(shifted.weights, ref.weights))


def test_ball_min_first_step_against_finite_differences():
    """For a small radius the worst pair's inner product drops by ≈ r ‖∇_W G_ij‖ (first order)."""
    rng = np.random.default_rng(3)
    net = tiny_net("tanh", depth=2, width=4, d=3, rng=rng)
    N = 4
    X = rng.standard_normal((1, N, 3))
    X /= np.linalg.norm(X, axis=-1, keepdims=True)
    y = rng.uniform(-1, 1, (1, N))
    m0, worst = adversary.ball_min(net, X, y, 0.0, 0)
    G = ghost.gradient_gram(net, X[0], y[0])
    iu = np.triu_indices(N, 1)
    k = int(np.argmin(G[iu]))
    i, j = iu[0][k], iu[1][k]
    assert m0[0] == worst[0] == pytest.approx(G[i, j], rel=1e-13)
    theta = ghost.flat_params(net)
    h = 1e-6
    grad = np.empty(theta.size)
    for p in range(theta.size):
        e = np.zeros_like(theta)
        e[p] = h
        Gp = ghost.gradient_gram(ghost.unflatten(net, theta + e), X[0], y[0])[i, j]
        Gm = ghost.gradient_gram(ghost.unflatten(net, theta - e), X[0], y[0])[i, j]
        grad[p] = (Gp - Gm) / (2 * h)
    r = 1e-4
    m0, worst = adversary.ball_min(net, X, y, r, 1)
    assert float(m0[0] - worst[0]) == pytest.approx(r * np.linalg.norm(grad), rel=1e-2)
