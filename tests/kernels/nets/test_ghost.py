"""kernels.nets.ghost (per-example gradient Gram, confusion, cosines, diversity) against an explicit loop over
examples and layers and against finite differences."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import ghost, mlp

from .reference import loop_gradients, tiny_net

EPS = float(np.finfo(float).eps)


@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("loss", ["square", "logistic", None])
def test_gram_against_loop_and_finite_differences(act, bias, loss):
    rng = np.random.default_rng(6)
    net = tiny_net(act, bias=bias, rng=rng)
    X = rng.standard_normal((7, 4))
    y = rng.uniform(-1, 1, 7)
    J_loop = loop_gradients(net, X, y, loss)
    G = ghost.gradient_gram(net, X, y, loss)
    assert np.allclose(G, J_loop @ J_loop.T, rtol=1e-12, atol=1e-12)
    assert np.allclose(ghost.per_example_gradients(net, X, y, loss), J_loop, atol=1e-13)
    J_fd = ghost.finite_difference_gradients(net, X, y, loss)
    tol = 1e-5 if act == "relu" else 1e-7          # a ReLU kink can sit within h of a pre-activation
    assert np.max(np.abs(J_fd - J_loop)) < tol * max(1.0, np.max(np.abs(J_loop)))


def test_gram_linear_output_closed_form():
    """depth 0, linear output: ∇f_i = ζ_i x_i, so G = (ζζᵀ) ⊙ XXᵀ (002 Sec. 2, the logistic-regression example)."""
    rng = np.random.default_rng(7)
    net = mlp.init_mlp(5, 1, 0, "tanh", rng, scheme="lecun", output_activation=False)
    X = rng.standard_normal((9, 5))
    y = np.sign(rng.standard_normal(9))
    g = X @ net.weights[0][0]
    zeta = -y / (1 + np.exp(y * g))
    G = ghost.gradient_gram(net, X, y, "logistic")
    # normwise (Higham, Sec. 3.1): each route within (d + 4) eps max_ij |zeta_i| |zeta_j| sum_k |x_ik x_jk| of the
    # exact G, plus zeta's own rounding through g = X w; the scale is that of the terms, not of G_ij (may cancel)
    scale = np.outer(np.abs(zeta), np.abs(zeta)) * (np.abs(X) @ np.abs(X).T)
    assert np.max(np.abs(G - np.outer(zeta, zeta) * (X @ X.T))) <= 4 * (X.shape[1] + 4) * EPS * scale.max()


@pytest.mark.parametrize("block,cache", [(1, True), (3, True), (4, False), (10, True), (64, True)])
def test_gram_streamed_equals_direct(block, cache):
    rng = np.random.default_rng(8)
    net = tiny_net("tanh", bias=True, depth=3, width=6, rng=rng)
    X = rng.standard_normal((23, 4))
    y = rng.uniform(-1, 1, 23)
    G = ghost.gradient_gram(net, X, y)
    Gs = ghost.gradient_gram(net, X, y, block=block, cache_bytes=2**30 if cache else 0)
    # normwise: G_ij = sum over P parameters of J_ip J_jp, with J itself rounded through the layers; any order and
    # blocking is within (P + 4) eps max_i |J_i|^2 = (P + 4) eps max diag(G) of the exact G (an entrywise bound
    # would miss the rounding of J, which differs between block sizes)
    P = ghost.per_example_gradients(net, X, y).shape[1]
    assert np.max(np.abs(G - Gs)) <= 2 * (P + 4) * EPS * float(np.max(np.diag(G)))
    assert np.array_equal(Gs, Gs.T)


def test_gram_batched_equals_per_network():
    rng = np.random.default_rng(9)
    nb = mlp.init_mlp(4, 5, 2, "tanh", rng, scheme="he", batch=(3,))
    X = rng.standard_normal((3, 6, 4))
    y = rng.uniform(-1, 1, (3, 6))
    G = ghost.gradient_gram(nb, X, y)
    for t in range(3):
        single = nb.with_weights([W[t] for W in nb.weights])
        assert np.allclose(G[t], ghost.gradient_gram(single, X[t], y[t]), rtol=1e-13)
    shared = nb.with_weights([W[0] for W in nb.weights])         # one net, batched data
    G2 = ghost.gradient_gram(shared, X, y)
    assert np.allclose(G2[2], ghost.gradient_gram(shared, X[2], y[2]), rtol=1e-13)


def test_gram_statistics_match_definitions():
    rng = np.random.default_rng(10)
    net = tiny_net("tanh", rng=rng)
    X = rng.standard_normal((8, 4))
    y = rng.uniform(-1, 1, 8)
    J = loop_gradients(net, X, y, "square")
    G = ghost.gradient_gram(net, X, y)
    pairs = [(i, j) for i in range(8) for j in range(8) if i != j]
    ip = [J[i] @ J[j] for i, j in pairs]
    cs = [J[i] @ J[j] / np.linalg.norm(J[i]) / np.linalg.norm(J[j]) for i, j in pairs]
    assert ghost.min_offdiag(G) == pytest.approx(min(ip), rel=1e-12)
    assert ghost.confusion(G) == pytest.approx(max(0.0, -min(ip)), rel=1e-12)
    assert ghost.min_cosine(G) == pytest.approx(min(cs), rel=1e-12)
    div = np.sum(J * J) / np.sum(J.sum(0) ** 2)                # 003 Def. 1
    assert ghost.diversity(G) == pytest.approx(div, rel=1e-12)


def test_gram_rejects_bad_block():
    net = tiny_net()
    with pytest.raises(InputError, match="block"):
        ghost.gradient_gram(net, np.ones((3, 4)), np.ones(3), block=0)
    with pytest.raises(InputError, match="y"):
        ghost.gradient_gram(net, np.ones((3, 4)), None, "square")
