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


def _pass_losses(out, per_pass):
    return [float(loss[0]) for loss, t in zip(np.asarray(out["losses"]), out["steps"]) if t % per_pass == 0]


def test_tuned_batch_run_follows_the_printed_protocol():
    """003 Sec. 5: the lowest loss after 2 passes picks η̂; its run goes on to 14 passes. The reference re-runs η̂
    alone on the same random stream (copies share each pass's permutation, so one copy's path is the same)."""
    rng = np.random.default_rng(13)
    X, y = lt.regression_problem(64, 4, (3,), rng)
    W0 = ln.init_weights((4, 3), rng, scale="fan_in")
    lrs = lt.step_size_grid(W0, X, 0.05, 4.0, 5)
    assert lrs * lt.curvature(W0, X) == pytest.approx(np.geomspace(0.05, 4.0, 5))
    for B in (8, 64):
        per_pass = 64 // B
        run = lt.tuned_batch_run(W0, X, y, B, lrs, np.random.default_rng(1), threshold=1e-8, diversity_per_pass=2)
        after_two = [_pass_losses(lt.sgd(W0, X, y, [lr], B, np.random.default_rng(1), epochs=2), per_pass)[-1]
                     for lr in lrs]
        after_two = [a if math.isfinite(a) else math.inf for a in after_two]
        assert run.lr == lrs[int(np.argmin(after_two))]
        assert run.loss_after_tuning == pytest.approx(min(after_two), rel=1e-6)
        assert run.lr_at_grid_edge == (run.lr in (lrs[0], lrs[-1]))
        ref = _pass_losses(lt.sgd(W0, X, y, [run.lr], B, np.random.default_rng(1), epochs=14), per_pass)
        below = [k for k, v in enumerate(ref) if v <= 1e-8]
        if all(abs(math.log(v / 1e-8)) > 0.1 for v in ref if v > 0):      # no pass within 10% of the threshold
            assert run.epochs_to_threshold == (below[0] if below else None)
        assert run.converged == (run.epochs_to_threshold is not None)
        # the diversity starts at W0's (an independent formula: diversity_from_signals) and stops at the threshold
        assert run.diversity[0] == pytest.approx(ln.lnn_diversity(W0, None, X, y).batch_bound, rel=1e-9)
        assert 1 <= len(run.diversity) <= 1 + 2 * 14


def test_tuned_batch_run_when_every_step_size_diverges():
    rng = np.random.default_rng(15)
    X, y = lt.regression_problem(32, 4, (3,), rng)
    W0 = ln.init_weights((4, 3), rng, scale="fan_in")
    run = lt.tuned_batch_run(W0, X, y, 32, [1e6, 1e7] / np.float64(lt.curvature(W0, X)), rng)
    assert run.lr is None and not run.converged and run.final_loss == math.inf


def test_checkpoints_land_on_pass_ends():
    for per_pass in (1, 2, 5, 8, 312, 313):
        for q in (1, 2, 4):
            every = lt._checkpoint_every(per_pass, q)
            assert per_pass % every == 0 and every <= max(1, per_pass // q) or every == 1


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
