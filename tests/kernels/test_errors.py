"""Every kernel rejects bad input with an InputError that names the parameter (kernels.errors)."""
from __future__ import annotations

import numpy as np

from kernels import activations as acts
from kernels import backend, data, stats
from kernels.gmatrix import empirical, spectrum
from kernels.series import hermite

from ._helpers import assert_input_error, independent_sphere


def test_bad_inputs():
    X = independent_sphere(4, 3, np.random.default_rng(23))
    rng = np.random.default_rng(24)
    assert_input_error("activation", acts.get, "gelu_unknown")
    err = assert_input_error("leaky_relu slope", acts.get, "leaky_relu:1.5")
    assert "slope" in err.parameter
    assert_input_error("X", empirical.empirical_gram, 2 * X, "relu", 10, rng)
    assert_input_error("delta", data.separated, 5, 3, 0.0, rng)
    assert_input_error("delta", data.separated, 5, 3, 1.5, rng)
    assert_input_error("delta", data.arc, 100, 0.5, 3, rng)
    assert_input_error("span", data.low_span, 5, 3, 4, rng)
    assert_input_error("m", empirical.empirical_gram, X, "relu", 0, rng)
    assert_input_error("init", empirical.empirical_gram, X, "relu", 10, rng, init="xavier")
    assert_input_error("backend", backend.select, "tpu")
    assert_input_error("G", spectrum.spectrum, np.zeros((3, 4)))
    assert_input_error("x", stats.fit_slope, [1.0, 1.0, 1.0], [[1.0, 2.0, 3.0]])
    assert_input_error("k/n", stats.clopper_pearson, 5, 3)
    assert_input_error("kmax", hermite.coefficients, np.cos, -1)
    assert_input_error("phi1/phi2", acts.piecewise, "0", "x+1", 0.0)
