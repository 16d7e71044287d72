"""kernels.gmatrix.infinite.hadamard_power_gram against the Gram matrix of explicit tensor powers of the rows."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError
from kernels.gmatrix.infinite import hadamard_power_gram


def test_equals_the_gram_of_tensor_powers():
    X = data.sphere(6, 3, np.random.default_rng(0))
    for p in (1, 2, 3):
        T = X
        for _ in range(p - 1):
            T = np.einsum("ni,nj->nij", T, X).reshape(X.shape[0], -1)      # rows x_i^{⊗p}
        # both sides within float64's guarantee of the exact rho^p: T T^T is a dot product of length d^p whose
        # |terms| sum to <= |x_i|^p |x_j|^p = 1 (d^p eps); rho^p costs p (d + 2) eps; no relative tolerance,
        # since small entries come from cancellation
        bound = (X.shape[1] ** p + p * (X.shape[1] + 2) + 4) * np.finfo(float).eps
        assert np.max(np.abs(hadamard_power_gram(X, p) - T @ T.T)) <= bound


def test_clips_rounding_beyond_one_and_checks_inputs():
    X = np.array([[1.0 + 1e-16, 0.0], [1.0, 0.0]])
    assert np.max(hadamard_power_gram(X, 3)) <= 1.0
    with pytest.raises(InputError):
        hadamard_power_gram(X, 0)
    with pytest.raises(InputError):
        hadamard_power_gram(np.ones(3), 2)
