"""The App. J network (kernels.nets.deep_normalized): c_phi and the layer norms against independent references."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError
from kernels.nets.deep_normalized import c_phi, layer_outputs


def test_c_phi_of_tanh_matches_gauss_hermite_and_relu_closed_form():
    z, w = np.polynomial.hermite_e.hermegauss(200)
    ref = 1 / math.sqrt(float(np.sum(w * np.tanh(z) ** 2) / math.sqrt(2 * math.pi)))
    assert c_phi("tanh") == pytest.approx(ref, rel=1e-10)
    assert c_phi("relu") == pytest.approx(math.sqrt(2), rel=1e-10)             # E relu(z)^2 = 1/2


def test_first_layer_norm_is_one_in_mean():
    rng = np.random.default_rng(0)
    X = data.sphere(3, 5, rng)
    (h,) = layer_outputs(X, "tanh", 20000, 1, np.random.default_rng(1))
    sq = np.sum(h ** 2, axis=1)              # mean of c^2 tanh(z)^2 over 20000 neurons: 1 +- a few / sqrt(20000)
    assert np.all(np.abs(sq - 1) < 0.05)


def test_bad_input():
    X = data.sphere(2, 3, np.random.default_rng(0))
    with pytest.raises(InputError):
        layer_outputs(X, "tanh", 0, 2, np.random.default_rng(0))
    with pytest.raises(InputError):
        layer_outputs(X, "tanh", 4, 0, np.random.default_rng(0))
