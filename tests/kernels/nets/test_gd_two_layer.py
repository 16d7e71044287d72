"""GD on the two-layer DZPS network (kernels.nets.gd_two_layer) against independent references: finite
differences, the per-example gradients and their Gram identity, a step computed by hand, the linearized dynamics."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError
from kernels.gmatrix.empirical import gram_from_M
from kernels.nets.gd_two_layer import TwoLayerGD, spectral_prediction


def small(act="tanh", m=7, n=4, d=3, seed=0, chunk=3):
    rng = np.random.default_rng(seed)
    X = data.sphere(n, d, rng)
    y = rng.standard_normal(n)
    return TwoLayerGD(X, y, act, m, rng, chunk=chunk), X, y


def loss_at(net: TwoLayerGD, W) -> float:
    u = np.tanh(net.X @ W) @ net.a / math.sqrt(net.m) if net.act.name == "tanh" else None
    return 0.5 * float(np.sum((u - net.y) ** 2))


def test_gradient_matches_central_finite_differences():
    net, _, _ = small()
    g = net.gradient()
    h = 1e-6
    fd = np.zeros_like(net.W)
    for idx in np.ndindex(*net.W.shape):
        Wp, Wm = net.W.copy(), net.W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        fd[idx] = (loss_at(net, Wp) - loss_at(net, Wm)) / (2 * h)
    assert np.allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_per_example_gradients_sum_to_the_gradient_and_their_gram_is_G():
    net, X, y = small(m=9, chunk=4)
    n = X.shape[0]
    # per-example gradient of u_i: column k is (1/sqrt m) a_k phi'(w_k . x_i) x_i, flattened (k-major as in M)
    J = np.stack([((1 - np.tanh(X[i] @ net.W) ** 2) * net.a)[:, None] * X[i][None, :] for i in range(n)])
    J = J.reshape(n, -1) / math.sqrt(net.m)
    r = net.u - y
    full = (r @ J).reshape(net.m, -1).T                   # sum_i (u_i - y_i) grad u_i, back to (d, m)
    assert np.allclose(net.gradient(), full, rtol=1e-12, atol=1e-13)
    assert np.allclose(J @ J.T, net.gram(), rtol=1e-12, atol=1e-13)                       # <grad u_i, grad u_j> = G_ij
    assert np.allclose(net.gram(), gram_from_M(X, "tanh", net.W, net.a), rtol=1e-12, atol=1e-13)  # 004 Sec. 2 route


def test_one_step_by_hand_on_a_tiny_linear_network():
    # phi(z) = z: u = X W a / sqrt m; grad = X^T (u - y) a^T / sqrt m, all written out for n = 2, d = 2, m = 2
    X = np.array([[1.0, 0.0], [0.6, 0.8]])
    y = np.array([1.0, -1.0])
    W = np.array([[0.5, -1.0], [2.0, 0.25]])
    a = np.array([1.0, -2.0])
    net = TwoLayerGD(X, y, "linear", 2, W=W, a=a, chunk=1)
    s = math.sqrt(2)
    u0 = np.array([(0.5 * 1 + -1.0 * -2) / s, ((0.6 * 0.5 + 0.8 * 2.0) * 1 + (0.6 * -1.0 + 0.8 * 0.25) * -2) / s])
    assert np.allclose(net.u, u0)
    r = u0 - y
    g = np.array([[r[0] * 1.0 + r[1] * 0.6], [r[0] * 0.0 + r[1] * 0.8]]) @ a[None, :] / s
    net.step(0.1)
    assert np.allclose(net.W, W - 0.1 * g, rtol=1e-14, atol=0)
    assert np.allclose(net.u, X @ (W - 0.1 * g) @ a / s)


def test_chunking_does_not_change_the_trajectory():
    runs = []
    for chunk in (1, 4, 50):
        net, _, _ = small(act="relu", m=50, chunk=chunk, seed=3)
        runs.append(net.run(0.05, 30, checkpoints=[10, 20]).column("residual_norm"))
    assert np.allclose(runs[0], runs[1], rtol=1e-12) and np.allclose(runs[0], runs[2], rtol=1e-12)


def test_wide_network_follows_the_linearized_dynamics():
    """004 Thm 4.6's prediction from the eigenpairs of G^(0): at m = 20000 with a small rate the residual norm
    tracks it, and the gap is far smaller than at m = 20 (the kernel regime)."""
    gaps = {}
    for m in (20, 20_000):
        rng = np.random.default_rng(11)
        X = data.sphere(5, 4, rng)
        y = np.sign(rng.standard_normal(5))
        net = TwoLayerGD(X, y, "relu", m, rng)
        G0, r0 = net.gram(), net.y - net.u
        eta = 0.5
        traj = net.run(eta, 200, checkpoints=range(0, 201, 20))
        pred = spectral_prediction(G0, r0, eta, traj.column("step"))
        gaps[m] = float(np.max(np.abs(np.array(traj.column("residual_norm")) - pred)))
        assert traj.checkpoints[-1].residual_norm < traj.checkpoints[0].residual_norm
    assert gaps[20_000] < 0.05 * float(np.linalg.norm(r0)) and gaps[20_000] < gaps[20] / 5


def test_bad_input_names_the_parameter():
    X = data.sphere(3, 2, np.random.default_rng(0))
    for kwargs, name in (({"y": np.zeros(2)}, "y"), ({"a_law": "uniform"}, "a_law"), ({"m": 0}, "m")):
        args = {"X": X, "y": np.zeros(3), "activation": "relu", "m": 4, "rng": np.random.default_rng(0), **kwargs}
        with pytest.raises(InputError) as exc:
            TwoLayerGD(**args)
        assert exc.value.parameter == name
    net = TwoLayerGD(X, np.zeros(3), "relu", 4, np.random.default_rng(0))
    with pytest.raises(InputError):
        net.run(-1.0, 3)


def test_linear_activation_follows_the_linearized_dynamics_exactly():
    """phi(z) = z: G(t) = mean(a^2) X X^T does not move and u is linear in W, so GD is exactly
    r(t) = (I - eta G^(0))^t r(0) (004 Eq. 69 with tau = 0), at any width."""
    from kernels.nets.gd_two_layer import linear_residuals
    rng = np.random.default_rng(5)
    X = data.sphere(6, 4, rng)
    net = TwoLayerGD(X, rng.standard_normal(6), "linear", 13, rng, chunk=5)
    G0, r0 = net.gram(), net.y - net.u
    traj = net.run(0.3, 40, checkpoints=[7, 19, 40])
    lin = linear_residuals(G0, r0, 0.3, traj.column("step"))
    assert np.allclose(np.array(traj.column("residual")), lin, rtol=1e-10, atol=1e-12)
    assert np.allclose(np.linalg.norm(lin, axis=1), spectral_prediction(G0, r0, 0.3, traj.column("step")))
