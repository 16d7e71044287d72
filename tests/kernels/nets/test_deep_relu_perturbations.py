"""Tests of kernels.nets.deep_relu_perturbations: spectral norms of W' against np.linalg.norm(·, 2), the
adversaries' budgets and replays, and Theorem 5's linearization quantities against a dense forward and
backward pass written out here (explicit matrices, plain chain rule).
"""
from __future__ import annotations

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import deep_relu as dr
from kernels.nets import deep_relu_perturbations as pt

from .deep_relu_reference import dense_weights, small_net


def test_random_and_aligned_perturbations_have_spectral_norm_omega():
    rng, net, X = small_net(seed=11, m=25, L=3)
    for layer, d in pt.random_perturbation(net, 0.07, rng).items():
        nrm = np.linalg.norm(d.dense(net.m, np), 2)
        assert 0.07 * (1 - 1e-4) <= nrm <= 0.07 * (1 + 1e-12)
    for layer, d in pt.aligned_perturbation(net, 0.05, rng).items():
        W0 = net.W0(layer)
        assert np.linalg.norm(d.dense(net.m, np), 2) == pytest.approx(0.05, rel=1e-10)
        assert np.linalg.norm(W0 + d.dense(net.m, np), 2) - np.linalg.norm(W0, 2) == pytest.approx(0.05, rel=1e-6)
    pert = net.with_perturbation(pt.random_perturbation(net, 0.07, rng))
    assert pert.perturbation_norm() == 0.07
    assert np.allclose(pert.weight(1), net.W0(1) + pert.deltas[1].dense(net.m, np))


def test_signflip_adversary_flips_signs_within_the_budget_and_replays():
    rng = np.random.default_rng(12)
    net = dr.init(400, 3, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.5, rng)
    f0 = dr.forward(net, X)
    f1 = dr.forward(net, X, adversary=pt.signflip_adversary(0.02, 0))
    assert set(f1.deltas) == {1, 2, 3}
    for layer, d in f1.deltas.items():
        assert np.linalg.norm(d.dense(net.m, np), 2) <= 0.02 * (1 + 1e-12)
    flips = int(np.sum(f0.masks[1:, 0] != f1.masks[1:, 0]))
    assert flips >= 3
    replay = dr.forward(net.with_perturbation(f1.deltas), X)
    assert np.array_equal(replay.masks, f1.masks)
    assert np.allclose(replay.y, f1.y, atol=1e-13)
    off = dr.forward(net, X, adversary=pt.signflip_adversary(0.02, 0, only="off"))
    changed = f0.masks[1, 0] != off.masks[1, 0]
    assert changed.any() and np.all(f0.masks[1, 0][changed])        # only active units were switched off


def test_merge_adversary_leaves_the_partner_untouched_and_merges_signs():
    rng = np.random.default_rng(13)
    net = dr.init(300, 1, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.05, rng)
    f0 = dr.forward(net, X)
    f1 = dr.forward(net, X, adversary=pt.merge_adversary(0.05, 0, 1))
    d = f1.deltas[1]
    h1 = np.maximum(X @ net.A.T, 0.0)[1]
    Wd = d.dense(net.m, np)
    # W' h_j = 0 up to float64 rounding, normwise: h_j = relu(A x_j) errs by <= d eps |A| |x_j| in either computation,
    # building W' and the product by <= (m + 4) eps max_row |W'| max |h_j|
    h_scale = float(np.max(np.abs(net.A) @ np.abs(X[1])))              # >= max |h_j| and its rounding / eps
    bound = 2 * (net.m + X.shape[1] + 4) * np.finfo(float).eps * float(np.abs(Wd).sum(axis=1).max()) * h_scale
    assert np.max(np.abs(Wd @ h1)) <= bound
    assert np.array_equal(f1.masks[1, 1], f0.masks[1, 1])
    before = np.sum(f0.masks[1, 0] != f0.masks[1, 1])
    after = np.sum(f1.masks[1, 0] != f1.masks[1, 1])
    assert after < before



def test_omega_must_be_a_finite_nonnegative_number():
    rng, net, _ = small_net(seed=0, m=8, L=2, d_in=3, d_out=1, n=2)
    with pytest.raises(InputError, match="omega"):
        pt.random_perturbation(net, -1.0, rng)
    with pytest.raises(InputError, match="omega"):
        pt.signflip_adversary(float("inf"))


def test_merged_forward_replays_the_adversary_and_counts_the_flips():
    rng = np.random.default_rng(13)
    net = dr.init(300, 2, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.05, rng)
    pert, fwd, flips = pt.merged_forward(net, X, 0.05, 0, 1)
    f0 = dr.forward(net, X)
    assert flips == int(np.sum(fwd.masks[:, 0] != f0.masks[:, 0])) and flips > 0
    replay = dr.forward(pert, X)
    assert np.array_equal(replay.masks, fwd.masks)
    assert np.allclose(replay.y, fwd.y, atol=1e-13)
    assert 0 < pert.perturbation_norm() <= 0.05


def _dense_gradients(A, Ws, B, x):
    """(y, [∇_{W_ℓ} y for ℓ = 1..L], masks) for one input x and one output, by an explicit chain rule."""
    hs, masks = [np.maximum(A @ x, 0.0)], []
    for W in Ws:
        g = W @ hs[-1]
        masks.append(g >= 0)
        hs.append(np.maximum(g, 0.0))
    y = float(B[0] @ hs[-1])
    grads, b = [None] * len(Ws), B[0].copy()
    for k in range(len(Ws) - 1, -1, -1):
        s = masks[k] * b
        grads[k] = np.outer(s, hs[k])
        b = Ws[k].T @ s
    return y, grads, masks


@pytest.mark.parametrize("kind", ["random", "adversarial"])
def test_linearization_matches_dense_gradients(kind):
    rng = np.random.default_rng(40)
    net = dr.init(60, 3, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.5, rng)
    lin = pt.linearization(net, X, 0.05, kind, rng)
    A, Ws, B = dense_weights(net)
    deltas = [lin.deltas[k].dense(net.m, np) for k in range(1, net.L + 1)]
    W1s = [W + D for W, D in zip(Ws, deltas)]
    y0, g0, m0 = _dense_gradients(A, Ws, B, X[0])
    y1, g1, m1 = _dense_gradients(A, W1s, B, X[0])
    _, g0t, _ = _dense_gradients(A, Ws, B, X[1])
    _, g1t, _ = _dense_gradients(A, W1s, B, X[1])
    inner = lambda gs, hs: sum(np.sum(a * b) for a, b in zip(gs, hs))     # noqa: E731
    assert lin.gradient_change2 == pytest.approx(sum(np.sum((a - b) ** 2) for a, b in zip(g1, g0)), rel=1e-8, abs=1e-12)
    assert lin.gradient2 == pytest.approx(inner(g0, g0), rel=1e-12)
    assert lin.y_change == pytest.approx(y1 - y0, rel=1e-10, abs=1e-14)
    assert lin.y_ntk == pytest.approx(inner(g0, deltas), rel=1e-10, abs=1e-14)
    assert lin.kernel_cross == pytest.approx((inner(g0, g0t), inner(g1, g1t)), rel=1e-10)
    assert lin.kernel_diag == pytest.approx((inner(g0, g0), inner(g0t, g0t)), rel=1e-12)
    assert lin.kernel_diag_perturbed == pytest.approx(inner(g1, g1), rel=1e-12)
    assert lin.sign_changes == sum(int(np.sum(a != b)) for a, b in zip(m0, m1))
    true_norm = max(np.linalg.norm(D, 2) for D in deltas)       # random: ω/(Ritz value + residual) ‖G‖_2 <= ω
    assert 0.95 * lin.perturbation_norm <= true_norm <= lin.perturbation_norm * (1 + 1e-12) <= 0.05 * (1 + 1e-12)
    with pytest.raises(InputError, match="kind"):
        pt.linearization(net, X, 0.05, "other", rng)
