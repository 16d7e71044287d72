"""GD on the 001 deep ReLU net (kernels.nets.gd_deep_relu): gradients against central finite differences and a
direct dense backward pass, the initialization of Def. 2.3, and a GD step that lowers the loss."""
from __future__ import annotations

import numpy as np

from kernels.nets.deep_relu import allen_zhu_uniform
from kernels.nets.gd_deep_relu import DeepReLUGD


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    X = allen_zhu_uniform(3, 5, rng)
    net = DeepReLUGD(X, rng.standard_normal(3), 6, 2, rng)
    grads, F = net.gradients()
    assert np.isclose(F, net.loss())
    h = 1e-6
    for layer in range(2):
        for idx in [(0, 0), (1, 3), (5, 2), (4, 4)]:
            W = net.W[layer]
            old = W[idx]
            W[idx] = old + h
            up = net.loss()
            W[idx] = old - h
            down = net.loss()
            W[idx] = old
            assert np.isclose(grads[layer][idx], (up - down) / (2 * h), rtol=1e-5, atol=1e-8)


def test_a_small_step_lowers_the_loss_and_a_and_b_stay_fixed():
    rng = np.random.default_rng(1)
    X = allen_zhu_uniform(4, 6, rng)
    net = DeepReLUGD(X, np.array([1.0, -1.0, 1.0, -1.0]), 32, 3, rng)
    A, B = net.A.copy(), net.B.copy()
    curve = net.run(1e-3, 20)
    assert curve.losses[-1] < curve.losses[0]
    assert np.array_equal(A, net.A) and np.array_equal(B, net.B)
    assert curve.distance_from_init[-1] > 0
