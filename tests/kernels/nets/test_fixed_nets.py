"""kernels.nets.fixed_nets: the fixed networks satisfy Assumption 1, are the same across d, their labels obey
002 Sec. 4 (a), and the calibration scale is the median it says (explicit per-set loop)."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError
from kernels.nets import fixed_nets, mlp

from .reference import loop_gradients


@pytest.mark.parametrize("labels", ["lipschitz", "teacher"])
def test_fixed_network_assumption1_and_labels(labels):
    net, C = fixed_nets.fixed_network(0, 5, 8, 2, labels)
    W0 = net.weights[0]
    assert np.allclose(W0.T @ W0, np.eye(5), atol=1e-12)                  # orthonormal columns: ‖W_0 x‖ = ‖x‖
    assert all(np.linalg.norm(W, 2) <= 1 + 1e-12 for W in net.weights)
    net7, C7 = fixed_nets.fixed_network(0, 7, 8, 2, labels)                # the same network at another d
    assert np.array_equal(net7.weights[0][:, :5], W0) and np.array_equal(net7.weights[1], net.weights[1])
    rng = np.random.default_rng(1)
    X = rng.standard_normal((100, 5))
    X /= np.maximum(1.0, np.linalg.norm(X, axis=1, keepdims=True))
    assert np.all(np.abs(C(X)) <= 1 + 1e-12)
    h = 1e-6
    grad = np.stack([(C(X + h * e) - C(X - h * e)) / (2 * h) for e in np.eye(5)], axis=1)
    assert np.all(np.linalg.norm(grad, axis=1) <= 1 + 1e-6)
    with pytest.raises(InputError, match="d"):
        fixed_nets.fixed_network(0, 9, 8, 2, labels)


def test_fixed_lipschitz_labels_reproducible():
    a, b = fixed_nets.fixed_lipschitz_labels(4, 0), fixed_nets.fixed_lipschitz_labels(4, 0)
    X = np.random.default_rng(2).standard_normal((3, 4))
    assert np.array_equal(a(X), b(X)) and isinstance(a, mlp.Labels)


def test_confusion_scale_against_loop():
    N, d = 3, 4
    s = fixed_nets.confusion_scale(1, "teacher", 6, 2, N, d, "square")
    net, C = fixed_nets.fixed_network(1, d, 6, 2, "teacher")
    rng = np.random.default_rng(np.random.SeedSequence([fixed_nets.NET_SEED, 1, 1]))
    mins = []
    for X in data.sphere(N, d, rng, batch=(500,)):
        J = loop_gradients(net, X, C(X), "square")
        G = J @ J.T
        mins.append(min(G[i, j] for i in range(N) for j in range(N) if i != j))
    assert s == pytest.approx(float(np.median(-np.array(mins))), rel=1e-10)
