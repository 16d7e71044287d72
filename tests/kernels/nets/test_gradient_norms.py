"""kernels.nets.gradient_norms: the quantities of 000 Lemma D.1 against closed forms and an explicit
per-example backprop loop."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.nets import gradient_norms, mlp

from .reference import loop_gradients


def test_activation_sup_norms_closed_forms():
    s = gradient_norms.activation_sup_norms("tanh")
    assert s["max_abs"] == pytest.approx(math.tanh(1.0), rel=1e-12)
    assert s["max_abs_d1"] == pytest.approx(1.0, rel=1e-12)
    assert s["max_abs_d2"] == pytest.approx(4 / (3 * math.sqrt(3)), rel=1e-8)      # at tanh x = 1/√3
    sig = gradient_norms.activation_sup_norms("sigmoid")
    assert sig["max_abs"] == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-12)
    assert sig["max_abs_d1"] == pytest.approx(0.25, rel=1e-12)
    assert gradient_norms.activation_at_zero("sigmoid") == 0.5 and gradient_norms.activation_at_zero("tanh") == 0.0


def test_softmax_two_classes_closed_form():
    """k = 2, no random points: Z ∈ {e_1, −1, +1}; p_1 = σ(z_1 − z_2), ‖J‖₂ = 2 p_1 p_2, ‖∇²p_i‖₂ = 2|σ''|."""
    s = gradient_norms.softmax_p1p2(2, np.random.default_rng(0), 0)
    q = 1 / (1 + math.exp(-1))
    assert s["max_abs"] == pytest.approx(q, rel=1e-12)
    assert s["max_jacobian_norm"] == pytest.approx(0.5, rel=1e-12)
    assert s["max_hessian_norm"] == pytest.approx(2 * q * (1 - q) * (2 * q - 1), rel=1e-12)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu"])
def test_lemma_d1_maxima_against_loop(act):
    """One random network: ‖∇_W g‖ and max_p ‖∇_{W_p} g‖ from an explicit backprop loop, |ζ| = |g − C|."""
    d, width, depth = 5, 7, 2
    worst, arg = gradient_norms.lemma_d1_maxima(act, width, depth, d, "random", 1, 11)
    rng = np.random.default_rng(11)
    net = mlp.init_mlp(d, width, depth, act, rng, scheme="orthogonal")
    x = rng.standard_normal(d)
    X = (x / np.linalg.norm(x))[None, :]
    J = loop_gradients(net, X, [0.0], None)[0]
    sizes = [W.size for W in net.weights]
    parts = np.split(J, np.cumsum(sizes)[:-1])
    assert worst["grad_W_zeta_square"] == pytest.approx(np.linalg.norm(J), rel=1e-12)
    assert worst["grad_Wp_g"] == pytest.approx(max(np.linalg.norm(p) for p in parts), rel=1e-12)
    g = float(mlp.forward(net, X)[0][0])
    assert worst["zeta_square"] == pytest.approx(abs(g - (-1.0 if g >= 0 else 1.0)), rel=1e-12)
    assert arg["grad_Wp_g"]["g"] == g


def test_constructions():
    """orthogonal_last puts W_β ⟂ a_{β−1}(x): g = σ(0); positive keeps every ReLU unit active."""
    worst, arg = gradient_norms.lemma_d1_maxima("tanh", 6, 2, 4, "orthogonal_last", 2, 5)
    assert abs(arg["grad_Wp_g"]["g"]) < 1e-12
    worst, arg = gradient_norms.lemma_d1_maxima("relu", 6, 2, 4, "positive", 2, 5)
    assert arg["grad_Wp_g"]["g"] > 0
    assert set(worst) == set(gradient_norms.KEYS)
