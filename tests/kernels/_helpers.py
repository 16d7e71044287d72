"""Independent references shared by the kernel tests: an own sphere sampler, data with bounded
correlations, Sheppard's orthant probability, the published SELU constants, and the InputError check.

Nothing here calls the code under test (apart from ``assert_input_error``, which only calls what it is given).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.errors import InputError

SELU_LAMBDA_PUBLISHED = 1.0507009873554804934193349852946   # Klambauer et al. 2017
SELU_ALPHA_PUBLISHED = 1.6732632423543772848170429916717

ACTIVATION_SPECS = ["relu", "leaky_relu:0.2", "selu", "elu", "linear", "tanh", "sigmoid", "swish", "softsign",
                    "arctan", "poly:0,1,0.5"]


def independent_sphere(n: int, d: int, rng) -> np.ndarray:
    """n uniform unit vectors in R^d, drawn here (not by kernels.data): normalized Gaussians."""
    X = rng.standard_normal((n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def bounded_correlation_data(n: int, d: int, rmax: float, seed: int) -> np.ndarray:
    """Random sphere data (own sampler) whose off-diagonal |rho| <= rmax, by rejection of points."""
    rng = np.random.default_rng(seed)
    pts = []
    while len(pts) < n:
        x = independent_sphere(1, d, rng)[0]
        if all(abs(x @ p) <= rmax for p in pts):
            pts.append(x)
    X = np.array(pts)
    R = X @ X.T
    np.fill_diagonal(R, 0.0)
    assert np.max(np.abs(R)) <= rmax
    return X


def orthant_probability(corr: float) -> float:
    """P(u > 0, v > 0) for standard normals with correlation corr (Sheppard's formula)."""
    return 0.25 + math.asin(corr) / (2 * math.pi)


def assert_input_error(parameter, fn, *args, **kwargs):
    """fn(*args, **kwargs) raises InputError naming ``parameter``; returns the error."""
    with pytest.raises(InputError) as info:
        fn(*args, **kwargs)
    assert info.value.parameter == parameter, info.value.parameter
    return info.value
