"""kernels.nets.confusion_trials: batched trials against an explicit per-trial loop over the same draws."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.nets import confusion_trials as trials
from kernels.nets import fixed_nets, mlp

from .reference import loop_gradients


def _min_offdiag_and_cosine(J):
    G = J @ J.T
    n = G.shape[0]
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    cos = [G[i, j] / np.sqrt(G[i, i] * G[j, j]) for i, j in pairs]
    return min(G[i, j] for i, j in pairs), min(cos)


def test_fixed_net_trials_against_loop():
    N, d, T = 4, 3, 25
    net, C = fixed_nets.fixed_network(0, d, 6, 2, "lipschitz")
    m = trials.fixed_net_trials(net, C, T, N, d, "logistic", np.random.default_rng(5))
    X = data.sphere(N, d, np.random.default_rng(5), batch=(T,))
    ref = [_min_offdiag_and_cosine(loop_gradients(net, x, C(x), "logistic")) for x in X]
    assert np.allclose(m.min_offdiag, [r[0] for r in ref], rtol=1e-12, atol=1e-15)
    assert np.allclose(m.min_cosine, [r[1] for r in ref], rtol=1e-12)
    srt = np.sort(m.min_offdiag)
    eta = -0.5 * float(srt[9] + srt[10])                     # a threshold between two trials
    assert m.trials == T and m.failures(eta) == sum(r[0] < -eta for r in ref) == 10
    assert m.median() == srt[12] and m.quantile(0.0) == srt[0]


def test_ball_trials_without_steps_is_the_centre():
    N, d, T = 4, 3, 6
    net, C = fixed_nets.fixed_network(0, d, 6, 2, "teacher")
    b = trials.ball_trials(net, C, T, N, d, 0.1, 0, np.random.default_rng(6))
    f = trials.fixed_net_trials(net, C, T, N, d, "square", np.random.default_rng(6))
    assert np.allclose(b.min_offdiag, f.min_offdiag, rtol=1e-13) and np.array_equal(b.min_offdiag, b.center_min_offdiag)
    assert b.median_drop_in_ball() == 0.0
    b1 = trials.ball_trials(net, C, T, N, d, 0.1, 1, np.random.default_rng(6))
    assert np.all(b1.min_offdiag <= b1.center_min_offdiag) and b1.failures(0.0) >= b1.failures(0.0, at_center=True)


def test_strategy41_trials_against_loop():
    N, d, T, width, depth, kappa = 3, 4, 8, 5, 2, 2.0
    C = fixed_nets.fixed_lipschitz_labels(d, 0)
    m = trials.strategy41_trials(d, width, depth, kappa, C, T, N, np.random.default_rng(7))
    rng = np.random.default_rng(7)
    nets = mlp.init_mlp(d, width, depth, "tanh", rng, scheme="strategy4.1", kappa=kappa, batch=(T,))
    X = data.sphere(N, d, rng, batch=(T,))
    ref, g2 = [], []
    for t in range(T):
        J = loop_gradients(nets.with_weights([W[t] for W in nets.weights]), X[t], C(X[t]), "square")
        ref.append(_min_offdiag_and_cosine(J)[0])
        g2.extend(np.sum(J * J, axis=1))
    assert np.allclose(m.min_offdiag, ref, rtol=1e-12, atol=1e-15)
    assert np.allclose(m.grad_norm2, g2, rtol=1e-12)
    assert np.allclose(m.opnorm_W0, [np.linalg.norm(W, 2) for W in nets.weights[0]], rtol=1e-12)
    assert m.median_grad_norm2() == pytest.approx(np.median(g2)) and m.median_opnorm_W0() > 0


def test_strategy41_fixed_data_against_loop():
    d = 4
    s = trials.strategy41_fixed_data(d, 6, 2, 1.0, np.random.default_rng(8))
    net = mlp.init_mlp(d, 6, 2, "tanh", np.random.default_rng(8), scheme="strategy4.1", kappa=1.0)
    X = np.concatenate([np.eye(d)[:2], -np.eye(d)[:2]])
    J = loop_gradients(net, X, np.ones(4), "square")
    m, c = _min_offdiag_and_cosine(J)
    assert s["min_offdiag"] == pytest.approx(m, rel=1e-12) and s["min_cosine"] == pytest.approx(c, rel=1e-12)
    assert s["grad_norm2_x"] == pytest.approx(float(J[0] @ J[0]), rel=1e-12)
    assert s["opnorm_W0"] == pytest.approx(np.linalg.norm(net.weights[0], 2), rel=1e-12)
