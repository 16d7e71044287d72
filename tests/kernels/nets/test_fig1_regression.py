"""kernels.nets.fig1_regression: the noise-label run equals kernels.nets.sgd.linear_regression_run on the same
stream; planted labels are realizable; the confusion is the most negative off-diagonal r_i r_j a_iᵀa_j."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.nets import fig1_regression as f
from kernels.nets import sgd


def test_noise_labels_match_the_reference_run():
    a = f.run(30, 20, 5, 0.5, "noise", np.random.default_rng(4))
    b = sgd.linear_regression_run(30, 20, 5, 0.5, np.random.default_rng(4))
    for k in ("loss_ratio", "excess_loss_ratio", "Fstar", "confusion_end", "neg_min_cosine_end", "alpha"):
        assert a[k] == pytest.approx(b[k], rel=1e-12, abs=1e-15), k


def test_planted_labels_are_realizable_and_noise_labels_are_not_below_n():
    p = f.run(30, 20, 5, 0.5, "planted", np.random.default_rng(1))
    n = f.run(30, 20, 5, 0.5, "noise", np.random.default_rng(1))
    assert p["realizable"] and p["Fstar"] < 1e-20
    assert not n["realizable"] and n["Fstar"] > 1e-3
    assert 0 < p["loss_ratio"] < 1


def test_confusion_against_explicit_gradients():
    N, d = 6, 4
    rng = np.random.default_rng(2)
    out = f.run(N, d, 0, 0.5, "noise", rng)          # zero epochs: w = 0, r = −y
    rng = np.random.default_rng(2)
    A = rng.standard_normal((N, d)) / np.sqrt(d)
    y = rng.standard_normal(N)
    g = (-y)[:, None] * A                             # ∇f_i(0) = (a_iᵀ0 − y_i) a_i
    G = g @ g.T
    off = G[~np.eye(N, dtype=bool)]
    assert out["confusion_end"] == pytest.approx(max(-off.min(), 0.0), rel=1e-12)


def test_rejects_unknown_labels():
    with pytest.raises(ValueError):
        f.run(5, 3, 1, 0.5, "other", np.random.default_rng(0))


def test_common_draws_couple_the_widths():
    """With d_max the data at width d are the first d columns of the width-d_max draws (rescaled to N(0, I/d)),
    the labels shared (noise) or the planted w* truncated."""
    N = 12
    rng = np.random.default_rng(5)
    Z, _, noise = rng.standard_normal((N, 9)), rng.standard_normal(9), rng.standard_normal(N)
    g = (-noise)[:, None] * Z[:, :4] / 2.0                # width 4: a_i = z_i[:4]/√4, ∇f_i(0) = −y_i a_i
    off = (g @ g.T)[~np.eye(N, dtype=bool)]
    small = f.run(N, 4, 0, 0.5, "noise", np.random.default_rng(5), d_max=9)
    assert small["confusion_end"] == pytest.approx(max(-off.min(), 0.0), rel=1e-12)
    with pytest.raises(ValueError):
        f.run(N, 10, 0, 0.5, "noise", np.random.default_rng(5), d_max=9)
