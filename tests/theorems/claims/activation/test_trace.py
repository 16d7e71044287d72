"""theorems/claims/activation/trace.py: c = E phi'(z)^2 / 2 against closed forms and Monte Carlo, and the trace
against the diagonal of the streamed G."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.gmatrix.empirical import empirical_gram
from theorems.claims.activation import trace


@pytest.mark.parametrize("act,c", [("relu", 0.25), ("linear", 0.5), ("leaky_relu:0.1", (1 + 0.01) / 4)])
def test_c_closed_forms(act, c):
    v = trace._measure({"activation": act, "n": 5, "d": 4, "m": 8}, np.random.default_rng(0), None)
    assert v["c"] == pytest.approx(c, rel=1e-10)
    assert v["c_n"] == pytest.approx(5 * c, rel=1e-10) and "inapplicable" not in v


def test_c_tanh_by_monte_carlo():
    v = trace._measure({"activation": "tanh", "n": 5, "d": 4, "m": 8}, np.random.default_rng(0), None)
    z = np.random.default_rng(1).standard_normal(2_000_000)
    assert v["c"] == pytest.approx(np.mean(np.cosh(z) ** -4) / 2, rel=3e-3)


def test_trace_is_the_trace_of_the_streamed_g():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 4))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    from kernels.gmatrix.empirical import trace_g0
    t = trace_g0(X, "tanh", 50, np.random.default_rng(9))
    G = empirical_gram(X, "tanh", 50, np.random.default_rng(9))
    assert t == pytest.approx(np.trace(G), rel=1e-12)
