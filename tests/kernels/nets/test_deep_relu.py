"""Tests of kernels.nets.deep_relu (001 Sec. 2 network, forward/backward passes, gradient Grams, NTK Gram)
against independent references: dense NumPy products at small sizes (the kernel never forms them), central
finite differences for gradients, brute force over pairs, per-(sample, output) gradients flattened one by one.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import backend as backends
from kernels import data
from kernels.errors import InputError
from kernels.nets import deep_relu as dr

from .deep_relu_reference import dense_back, dense_forward, dense_weights, small_net

# --------------------------------------------------------------------------- data

@pytest.mark.parametrize("n,delta", [(2, 0.01), (5, 0.3), (12, 0.2)])
def test_allen_zhu_arc_has_the_normalization_and_exact_separation(n, delta):
    X = dr.allen_zhu_arc(n, 8, delta, np.random.default_rng(1))
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-14)
    assert np.allclose(X[:, -1], 1 / math.sqrt(2), atol=1e-15)
    D = np.linalg.norm(X[:, None] - X[None], axis=2)
    np.fill_diagonal(D, np.inf)
    assert D.min() == pytest.approx(delta, rel=1e-12)
    assert data.euclidean_separation(X) == pytest.approx(delta, rel=1e-9)


def test_allen_zhu_pairs_separation_is_exactly_delta():
    X = dr.allen_zhu_pairs(6, 8, 0.05, np.random.default_rng(2))
    assert X.shape == (12, 8)
    dr.check_allen_zhu(X)
    assert np.linalg.norm(X[0::2] - X[1::2], axis=1) == pytest.approx(np.full(6, 0.05), rel=1e-12)
    assert data.euclidean_separation(X) == pytest.approx(0.05, rel=1e-9)


def test_bad_inputs_name_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="delta"):
        dr.allen_zhu_arc(50, 8, 0.5, rng)
    with pytest.raises(InputError, match="m"):
        dr.init(0, 2, 3, 1, rng)
    net = dr.init(8, 2, 3, 1, rng)
    with pytest.raises(InputError, match="X"):
        dr.forward(net, np.ones((2, 5)))
    with pytest.raises(InputError, match="X"):
        dr.check_allen_zhu(np.ones((2, 3)))


# --------------------------------------------------------------------------- forward / initialization

def test_initialization_variances_match_definition_2_3():
    rng = np.random.default_rng(3)
    net = dr.init(400, 2, 50, 5, rng)
    m = net.m
    assert np.var(net.A) == pytest.approx(2 / m, rel=0.05)
    assert np.var(net.W0(1)) == pytest.approx(2 / m, rel=0.02)
    assert np.var(net.B) == pytest.approx(1 / 5, rel=0.05)
    assert np.array_equal(net.W0(2), dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=0).W0(2))


def test_forward_matches_dense_reference_with_and_without_cache():
    _, net, X = small_net()
    hs, masks = dense_forward(net, X)
    for cache in (dr.DEFAULT_CACHE_BYTES, 0):
        net_c = dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=cache)
        fwd = dr.forward(net_c, X)
        assert np.array_equal(fwd.masks, masks)
        assert np.allclose(fwd.hs, hs, atol=1e-13)
        assert np.allclose(fwd.norms, np.linalg.norm(hs, axis=2), atol=1e-13)
        assert np.allclose(fwd.grams, hs @ hs.transpose(0, 2, 1), atol=1e-12)
        assert np.allclose(fwd.y, hs[-1] @ net.B.T, atol=1e-13)
    assert len(dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=0)._cache) == 0


def test_pairwise_separation_matches_brute_force():
    rng = np.random.default_rng(4)
    H = np.abs(rng.standard_normal((9, 7)))
    best = min((np.linalg.norm(H[j] - (H[i] @ H[j]) / (H[i] @ H[i]) * H[i]), i, j)
               for i in range(9) for j in range(9) if i != j)
    val, i, j = dr.pairwise_separation(H, block=4)
    assert val == pytest.approx(best[0], rel=1e-12)
    assert (i, j) == best[1:]


def test_forward_separation_profile_matches_hs():
    _, net, X = small_net(n=4, delta=0.2)
    fwd = dr.forward(net, X, separation=True)
    for layer, (val, i, j) in enumerate(fwd.sep):
        H = fwd.hs[layer]
        ref = min(np.linalg.norm(H[b] - (H[a] @ H[b]) / (H[a] @ H[a]) * H[a]) for a in range(4) for b in range(4) if a != b)
        assert val == pytest.approx(ref, rel=1e-10)
    assert fwd.sep_input[0] == pytest.approx(math.sqrt(1 - (1 - 0.2 ** 2 / 2) ** 2), rel=1e-10)


def test_back_blocks_match_dense_backward_matrices():
    _, net, X = small_net(seed=7)
    fwd = dr.forward(net, X)
    for a, back in dr.back_blocks(net, fwd):
        for i in range(X.shape[0]):
            assert np.allclose(back[i], dense_back(net, fwd.masks, i, a), atol=1e-12)


# --------------------------------------------------------------------------- gradients

def _fake_objective(net, X, V, layer, Wl):
    A, Ws, B = dense_weights(net)
    H = np.maximum(X @ A.T, 0.0)
    for k, W in enumerate(Ws, 1):
        H = np.maximum(H @ (Wl if k == layer else W).T, 0.0)
    return float(np.sum(V * (H @ B.T)))


def test_gradient_matches_central_finite_differences():
    rng, net, X = small_net(seed=8, m=10, L=3)
    V = rng.standard_normal((X.shape[0], net.d_out))
    fwd = dr.forward(net, X)
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    eps = 1e-6
    checked = 0
    for layer in range(1, net.L + 1):
        G = dr.gradient(net, fwd, bwd, layer)
        W = net.weight(layer)
        big = np.argwhere(np.abs(G) > 1e-3)
        picks = np.vstack([big[rng.permutation(len(big))[:4]], rng.integers(0, net.m, size=(3, 2))])
        for r, c in picks:
            E = np.zeros_like(W)
            E[r, c] = eps
            fd = (_fake_objective(net, X, V, layer, W + E) - _fake_objective(net, X, V, layer, W - E)) / (2 * eps)
            assert G[r, c] == pytest.approx(fd, abs=1e-7)
            checked += abs(fd) > 1e-3
    assert checked >= 8


def test_square_loss_gradient_is_the_fake_loss_gradient_with_v_the_loss():
    """001 Remark 9.2: with v_i = B h_{i,L} - y*_i the fake-loss gradient is ∇F of F = ½Σ‖B h_{i,L} - y*_i‖²."""
    rng, net, X = small_net(seed=9, m=9, L=2)
    ystar = rng.standard_normal((X.shape[0], net.d_out))
    fwd = dr.forward(net, X)
    V = fwd.y - ystar
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    A, Ws, B = dense_weights(net)

    def F(layer, Wl):
        H = np.maximum(X @ A.T, 0.0)
        for k, W in enumerate(Ws, 1):
            H = np.maximum(H @ (Wl if k == layer else W).T, 0.0)
        return 0.5 * float(np.sum((H @ B.T - ystar) ** 2))

    G = dr.gradient(net, fwd, bwd, 2)
    E = np.zeros((net.m, net.m))
    r, c = np.unravel_index(np.argmax(np.abs(G)), G.shape)
    E[r, c] = 1e-6
    fd = (F(2, Ws[1] + E) - F(2, Ws[1] - E)) / 2e-6
    assert G[r, c] == pytest.approx(fd, rel=1e-5)


def test_gram_form_norms_match_dense_gradients_and_the_ntk_gram():
    rng, net, X = small_net(seed=10, m=12, L=3, d_out=2, n=4)
    V = rng.standard_normal((4, 2))
    fwd = dr.forward(net, X)
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    for layer in range(1, net.L + 1):
        G = dr.gradient(net, fwd, bwd, layer)
        assert bwd.fro2[layer - 1] == pytest.approx(np.sum(G * G), rel=1e-12)
        for i in range(4):
            Gi = np.outer(bwd.signals[layer - 1][i], fwd.hs[layer - 1][i])
            assert bwd.fro2_each[layer - 1, i] == pytest.approx(np.sum(Gi * Gi), rel=1e-12)
    # NTK Gram from flattened per-(sample, output) gradients, each a separate backward pass
    feats = []
    for i in range(4):
        for a in range(2):
            Va = np.zeros((4, 2))
            Va[i, a] = 1.0
            b = dr.backward(net, fwd, Va, keep_signals=True)
            feats.append(np.concatenate([dr.gradient(net, fwd, b, layer).ravel() for layer in range(1, net.L + 1)]))
    feats = np.array(feats)
    K, K_last = dr.ntk_gram(net, fwd)
    assert np.allclose(K, feats @ feats.T, rtol=1e-11, atol=1e-11)
    v = V.ravel()
    assert v @ K @ v == pytest.approx(bwd.fro2.sum(), rel=1e-11)
    assert v @ K_last @ v == pytest.approx(bwd.fro2[-1], rel=1e-11)


def test_allen_zhu_uniform_is_normalized_and_uses_the_data_stream():
    X = dr.allen_zhu_uniform(5, 8, np.random.default_rng(3))
    dr.check_allen_zhu(X)
    ref = data.allen_zhu_normalize(data.sphere(5, 6, np.random.default_rng(3)))
    assert np.array_equal(X, ref)


def test_norm_profile_and_min_separation_match_direct_computation():
    _, net, X = small_net(seed=20, n=4, delta=0.2)
    fwd = dr.forward(net, X, separation=True)
    hs, _ = dense_forward(net, X)
    norms = np.linalg.norm(hs, axis=2)
    prof = dr.norm_profile(fwd)
    dev = np.abs(norms - 1)
    assert prof.max_deviation == pytest.approx(dev.max(), rel=1e-12)
    assert dev[prof.argmax_layer, prof.argmax_sample] == pytest.approx(dev.max(), rel=1e-12)
    assert prof.min_norm == pytest.approx(norms.min(), rel=1e-12)
    assert prof.max_norm == pytest.approx(norms.max(), rel=1e-12)
    assert prof.mean_log_norm_last == pytest.approx(np.mean(np.log(norms[-1])), rel=1e-12)
    per_layer = [min(np.linalg.norm(H[b] - (H[a] @ H[b]) / (H[a] @ H[a]) * H[a])
                     for a in range(4) for b in range(4) if a != b) for H in hs]
    val, layer = dr.min_separation(fwd)
    assert val == pytest.approx(min(per_layer), rel=1e-10)
    assert layer == int(np.argmin(per_layer))
    with pytest.raises(InputError, match="fwd"):
        dr.min_separation(dr.forward(net, X))


def test_sign_changes_count_differing_mask_entries():
    _, net, X = small_net(seed=21)
    f0 = dr.forward(net, X)
    f1 = dr.forward(net.with_perturbation({2: dr.LowRank(np.ones(net.m) / math.sqrt(net.m),
                                                          np.ones(net.m) / math.sqrt(net.m), 0.5)}), X)
    for i in range(X.shape[0]):
        assert dr.sign_changes(f0, f1, i) == int(np.sum(f0.masks[:, i] != f1.masks[:, i]))
    assert dr.sign_changes(f0, f0, 0) == 0


def test_unit_losses():
    assert np.array_equal(dr.unit_losses(3, 2), [[1, 0], [1, 0], [1, 0]])
    assert np.array_equal(dr.unit_losses(3, 1, alternating=True), [[1], [-1], [1]])


def test_gradient_inner_and_distance_match_dense_outer_products():
    rng = np.random.default_rng(22)
    s0, h0, s1, h1 = rng.standard_normal((4, 9))
    G0, G1 = np.outer(s0, h0), np.outer(s1, h1)
    assert dr.gradient_inner(s0, h0, s1, h1) == pytest.approx(np.sum(G0 * G1), rel=1e-12)
    assert dr.gradient_distance2(s0, h0, s1, h1) == pytest.approx(np.sum((G1 - G0) ** 2), rel=1e-12)


def test_backward_summaries_and_gram_entries_match_dense_gradients():
    rng, net, X = small_net(seed=23, m=11, L=3, d_out=1, n=3)
    fwd = dr.forward(net, X)
    bwd = dr.backward(net, fwd, dr.unit_losses(3, 1), keep_signals=True)
    each = np.array([[np.sum(np.outer(bwd.signals[k][i], fwd.hs[k][i]) ** 2) for i in range(3)] for k in range(3)])
    total = np.array([np.sum(dr.gradient(net, fwd, bwd, k + 1) ** 2) for k in range(3)])
    assert bwd.largest_each == pytest.approx(each.max(), rel=1e-12)
    assert bwd.largest_layer == pytest.approx(total.max(), rel=1e-12)
    assert bwd.last_layer == pytest.approx(total[-1], rel=1e-12)
    K, _ = dr.ntk_gram(net, fwd)
    for i in range(3):
        for j in range(3):
            assert bwd.gram_entry(i, j) == pytest.approx(K[i, j], rel=1e-11, abs=1e-13)
    assert np.allclose(dr.ntk_eigenvalues(net, fwd), np.linalg.eigvalsh(K), rtol=1e-12, atol=1e-12)


@pytest.mark.gpu
def test_cupy_forward_matches_numpy():
    try:
        be = backends.select("cupy")
    except InputError:
        pytest.skip("no usable CuPy device")
    rng = np.random.default_rng(17)
    X = dr.allen_zhu_arc(3, 6, 0.2, rng)
    net_c = dr.init(64, 3, 6, 2, np.random.default_rng(5), be.xp)
    f = dr.forward(net_c, X, separation=True)
    Wd = [backends.to_numpy(net_c.weight(k)) for k in (1, 2, 3)]
    H = np.maximum(X @ backends.to_numpy(net_c.A).T, 0)
    for W in Wd:
        H = np.maximum(H @ W.T, 0)
    assert np.allclose(backends.to_numpy(f.y), H @ backends.to_numpy(net_c.B).T, atol=1e-12)
