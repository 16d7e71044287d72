"""kernels.nets.linear_training: SGD steps against explicit per-example gradients, convergence and divergence,
the 003 Sec. 5 set-up, and the Fig. 2 / Lemma 1 procedures against their definitions."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import linear as ln
from kernels.nets import linear_training as lt


def test_sgd_full_batch_step_is_gradient_descent():
    rng = np.random.default_rng(9)
    dims = (4, 3, 2)
    Ws = ln.init_weights(dims, rng, scale="fan_in")
    X, y = rng.standard_normal((8, 4)), rng.standard_normal(8)
    out = lt.sgd(Ws, X, y, [0.05, 0.1], 8, rng, steps=1, reduce="mean")
    # reference: the summed per-example gradient (outer products B_a[i] A_{a-1}[i]ᵀ) / n
    layers = ln.lnn_signals(Ws, None, X, y)
    for g, lr in enumerate([0.05, 0.1]):
        for a, (Aa, Ba) in enumerate(layers):
            want = Ws[a] - lr * sum(np.outer(Ba[i], Aa[i]) for i in range(8)) / 8
            np.testing.assert_allclose(out["weights"][a][g], want, rtol=1e-12)
    assert out["losses"].shape == (2, 2)


def test_sgd_converges_and_flags_divergence():
    rng = np.random.default_rng(10)
    X = rng.standard_normal((64, 4))
    y = X @ rng.standard_normal(4)
    Ws = ln.init_weights((4, 8), rng, scale="fan_in")
    out = lt.sgd(Ws, X, y, [0.05, 100.0], 8, rng, epochs=50, tol=1e-6)
    assert out["reached"][0] > 0 and not out["diverged"][0]
    assert out["diverged"][1]
    rep = lt.sgd(Ws, X, y, np.full(5, 0.01), 2, rng, steps=10, reduce="sum", sampling="replacement")
    w = rep["weights"][0]
    assert not np.allclose(w[0], w[1])          # independent sample paths per copy


def test_width_for_parameters_matches_the_count():
    for h in (1, 2, 4, 8):
        K = lt.width_for_parameters(h, 16, 1600)
        count = ln.parameter_count((16,) + (K,) * h)
        # the nearest integer width: one step either way is no closer to 1600
        for other in (K - 1, K + 1):
            assert abs(count - 1600) <= abs(ln.parameter_count((16,) + (other,) * h) - 1600)


def test_regression_problem_and_curvature():
    X, y = lt.regression_problem(50, 6, (4, 3), np.random.default_rng(12))
    rng = np.random.default_rng(12)
    X2 = rng.standard_normal((50, 6))
    Wt = ln.init_weights((6, 4, 3), rng)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_allclose(y, X2 @ ln.end_to_end(Wt) / math.sqrt(12), rtol=1e-14)
    Ws = ln.init_weights((6, 5), rng)
    # mean_i ‖∇_w ŷ_i‖² from the naive per-example gradients: with a zero teacher ∇f_i = ŷ_i ∇_w ŷ_i
    grads = np.array(ln.per_example_grads_naive(Ws, [np.zeros((5, 6)), np.zeros((1, 5))], X))
    resid = X @ ln.end_to_end(Ws)
    assert lt.curvature(Ws, X) == pytest.approx(float(np.mean(np.sum(grads ** 2, axis=1) / resid ** 2)), rel=1e-9)
    assert lt.full_loss(Ws, X, y) == pytest.approx(0.5 * float(np.mean((resid - y) ** 2)), rel=1e-12)


def test_best_step_sizes_and_batch_bounds_along_sgd():
    rng = np.random.default_rng(13)
    X, y = lt.regression_problem(32, 4, (3,), rng)
    W0 = ln.init_weights((4, 3), rng, scale="fan_in")
    best = lt.best_step_sizes(W0, X, y, [4, 32], np.random.default_rng(1), epochs=20, tol=1e-4, grid=(0.05, 1.0, 4))
    lrs = np.geomspace(0.05, 1.0, 4) / lt.curvature(W0, X)
    assert set(best) <= {4, 32} and all(any(lr == pytest.approx(v) for v in lrs) for lr in best.values())
    ref = np.random.default_rng(1)
    for B in (4, 32):               # same stream: the first reaching step size, or absent
        hit = lt.sgd(W0, X, y, lrs, B, ref, epochs=20, tol=1e-4)["reached"]
        assert (B in best) == bool(np.any(hit >= 0))
        if B in best:
            assert best[B] == lrs[int(np.argmin(np.where(hit >= 0, hit, 10 ** 9)))]
    track = lt.batch_bounds_along_sgd(W0, X, y, float(lrs[0]), 4, np.random.default_rng(2), epochs=2, tol=0.0,
                                      record_every=4)
    assert len(track) == 1 + 2 * 8 // 4
    assert track[0] == ln.lnn_diversity(W0, None, X, y).batch_bound


def test_serial_vs_minibatch_meets_its_condition():
    rng = np.random.default_rng(14)
    X, y = lt.regression_problem(64, 4, (3,), rng)
    W0 = ln.init_weights((4, 3), rng, scale="fan_in")
    lr = 0.1 / lt.curvature(W0, X)
    out = lt.serial_vs_minibatch(W0, X, y, lr, 1.0, 64, 8, np.random.default_rng(3))
    assert out.serial_diverged_paths == 0 and out.serial_loss > 0
    assert out.tries and out.batch == out.tries[-1]["B"] and out.batch >= 2
    assert out.tries[-1]["condition_held"] and out.batch <= 1.0 * out.tries[-1]["min_B_S_along_path"] + 1
    ratio, lo, hi = out.ratio_interval()
    assert ratio == out.minibatch_loss / out.serial_loss and lo < ratio < hi
    assert lt.SerialVsMinibatch(serial_loss=1.0, minibatch_loss=math.inf).ratio_interval() == (math.inf,) * 3


def test_bad_input_names_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="batch"):
        lt.sgd(ln.init_weights((2, 2), rng), np.ones((4, 2)), np.ones(4), [0.1], 5, rng, steps=1)
    with pytest.raises(InputError, match="reduce"):
        lt.sgd(ln.init_weights((2, 2), rng), np.ones((4, 2)), np.ones(4), [0.1], 2, rng, steps=1, reduce="max")
