"""kernels.data (sphere data families) against an own separation measure and exact Gram matrices."""
from __future__ import annotations

import math

import numpy as np

from kernels import data


def _my_separation(X: np.ndarray) -> float:
    R = X @ X.T
    np.fill_diagonal(R, 0.0)
    return float(np.sqrt(max(0.0, 1.0 - np.max(R * R))))


def test_separated_and_extremal():
    rng = np.random.default_rng(20)
    for delta in (0.2, 0.5, 0.8):
        X = data.separated(30, 10, delta, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert _my_separation(X) >= delta - 1e-15
        assert abs(data.separation(X) - _my_separation(X)) < 1e-15
        Y = data.extremal(20, 10, delta, rng)
        assert np.allclose(np.linalg.norm(Y, axis=1), 1, atol=1e-14, rtol=0)
        assert abs(_my_separation(Y) - delta) < 1e-12


def test_arc():
    rng = np.random.default_rng(21)
    for n, delta in ((10, 0.3), (6, 0.5), (2, 1.0)):
        X = data.arc(n, delta, 7, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert abs(_my_separation(X) - delta) < 1e-12
        assert np.linalg.matrix_rank(X, tol=1e-10) == 2
        assert data.span_dimension(X) == 2


def test_low_span_and_circle_lifted():
    rng = np.random.default_rng(22)
    for span in (1, 3, 6):
        X = data.low_span(40, 9, span, rng)
        assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-14, rtol=0)
        assert np.linalg.matrix_rank(X, tol=1e-10) == span
        assert data.span_dimension(X) == span
    n = 12
    X = data.circle_lifted(n, rng)
    assert X.shape == (n, 10)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    # a dot product of unit vectors in R^d errs by <= d eps, building the rows (cos, sin, a rotation) a few eps more
    eps = np.finfo(float).eps
    assert np.max(np.abs(X @ X.T - np.cos(2 * math.pi * (i - j) / n))) <= 4 * (X.shape[1] + 4) * eps
