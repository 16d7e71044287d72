"""kernels.nets.mlp (networks of 002 eq. 4, initializations, losses, labels) against independent references."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import mlp

from .reference import tiny_net


def test_layer_shapes_eq4():
    assert mlp.layer_shapes(7, 5, 3) == [(5, 7), (5, 5), (5, 5), (1, 5)]
    assert mlp.layer_shapes(7, 5, 0) == [(1, 7)]
    with pytest.raises(InputError, match="depth"):
        mlp.layer_shapes(7, 5, -1)


@pytest.mark.parametrize("scheme,var", [("strategy4.1", lambda fi, fo, k, p, d: 1 / (k * fi)),
                                        ("he", lambda fi, fo, k, p, d: 2 / fi),
                                        ("glorot", lambda fi, fo, k, p, d: 2 / (fi + fo)),
                                        ("lecun", lambda fi, fo, k, p, d: 1 / fi)])
def test_init_variances(scheme, var):
    rng = np.random.default_rng(1)
    kappa = 3.0
    net = mlp.init_mlp(60, 80, 2, "tanh", rng, scheme=scheme, kappa=kappa, batch=(40,))
    for p, W in enumerate(net.weights):
        fo, fi = W.shape[-2:]
        v = var(fi, fo, kappa, p, 60)
        assert np.var(W) == pytest.approx(v, rel=0.05), (scheme, p)


def test_strategy41_literal_w0_reading():
    rng = np.random.default_rng(2)
    net = mlp.init_mlp(50, 400, 1, "tanh", rng, kappa=4.0, kappa0=1.0, batch=(20,))
    assert np.var(net.weights[0]) == pytest.approx(1 / 50, rel=0.05)
    assert np.var(net.weights[1]) == pytest.approx(1 / (4 * 400), rel=0.05)


def test_opnorm_rescaling_and_semi_orthogonal():
    rng = np.random.default_rng(3)
    W = rng.standard_normal((6, 30, 20)) * rng.uniform(0.01, 1, (6, 1, 1))
    ref = np.array([np.linalg.norm(w, 2) for w in W])
    assert np.allclose(mlp.spectral_norms(W), ref, rtol=1e-12)
    clipped = mlp.rescale_opnorm(W, "clip")
    assert np.allclose([np.linalg.norm(w, 2) for w in clipped], np.minimum(ref, 1.0), rtol=1e-12)
    assert np.allclose([np.linalg.norm(w, 2) for w in mlp.rescale_opnorm(W, "unit")], 1.0, rtol=1e-12)
    for shape in ((7, 3), (3, 7), (5, 5)):
        Q = mlp.semi_orthogonal(rng, shape)
        assert np.allclose(np.linalg.svd(Q, compute_uv=False), 1.0, atol=1e-12)
    with pytest.raises(InputError, match="opnorm"):
        mlp.rescale_opnorm(W, "bad")


def test_labels_bounds():
    """|C| <= 1 and ‖∇C‖ <= 1 on the unit ball (002 Sec. 4 (a)), by central differences."""
    rng = np.random.default_rng(4)
    d = 6
    X = rng.standard_normal((200, d))
    X /= np.maximum(1.0, np.linalg.norm(X, axis=1, keepdims=True))
    for C in (mlp.teacher(d, 8, 2, rng), mlp.random_lipschitz(d, rng), mlp.constant_labels(-0.5)):
        v = C(X)
        assert np.all(np.abs(v) <= 1 + 1e-12)
        h = 1e-6
        grad = np.stack([(C(X + h * e) - C(X - h * e)) / (2 * h) for e in np.eye(d)], axis=1)
        assert np.all(np.linalg.norm(grad, axis=1) <= 1 + 1e-6), C.kind


def test_loss_zeta_matches_derivative():
    g = np.linspace(-3, 3, 13)
    for loss in ("square", "logistic"):
        for y in (-1.0, 0.3, 1.0):
            h = 1e-6
            num = (mlp.loss_value(loss, g + h, y) - mlp.loss_value(loss, g - h, y)) / (2 * h)
            assert np.allclose(mlp.loss_zeta(loss, g, y), num, atol=1e-8)
            num2 = (mlp.loss_zeta(loss, g + h, y) - mlp.loss_zeta(loss, g - h, y)) / (2 * h)
            assert np.allclose(mlp.loss_dzeta(loss, g, y), num2, atol=1e-7)


def test_input_gradient_finite_differences():
    net = tiny_net("tanh", depth=3)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 4))
    gx = mlp.input_gradient(net, X)
    h = 1e-6
    num = np.stack([(mlp.forward(net, X + h * e)[0] - mlp.forward(net, X - h * e)[0]) / (2 * h)
                    for e in np.eye(4)], axis=1)
    assert np.allclose(gx, num, atol=1e-8)
