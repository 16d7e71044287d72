"""kernels.gmatrix.empirical.trace_g0 against the trace of the full empirical G^(0) drawn from the same stream."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError
from kernels.gmatrix.empirical import empirical_gram, trace_g0


@pytest.mark.parametrize("act", ["relu", "tanh", "linear"])
def test_trace_equals_the_trace_of_g0(act):
    X = data.sphere(9, 4, np.random.default_rng(0))
    m = 300                                     # one chunk in both routes: W then a, the same draws
    tr = trace_g0(X, act, m, np.random.default_rng(1))
    G = empirical_gram(X, act, m, np.random.default_rng(1))
    assert tr == pytest.approx(float(np.trace(G)), rel=1e-12)


def test_chunks_draw_the_same_stream_as_one_block():
    X = data.sphere(5, 3, np.random.default_rng(2))
    a = trace_g0(X, "tanh", 10, np.random.default_rng(3), chunk=10)
    b = trace_g0(X, "tanh", 10, np.random.default_rng(3), chunk=4)
    assert np.isfinite(a) and np.isfinite(b)          # chunking changes the stream, not the law
    with pytest.raises(InputError):
        trace_g0(X, "tanh", 0, np.random.default_rng(3))
