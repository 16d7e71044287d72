"""kernels.gmatrix.spectrum_mp: issue targets that take minutes; run with ``pytest --scale full`` (marked slow)."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.gmatrix import infinite, spectrum, spectrum_mp
from kernels.series import hermite_mp


@pytest.mark.slow
def test_tanh_lambda_min_on_a_2d_span_has_10_digits_below_the_float64_floor():
    """n = 50 delta-separated unit vectors spanning 2 dimensions: lambda_min(G∞(tanh)) < 1e-14,
    which float64 cannot resolve, and the high-precision route gives >= 10 correct digits, checked
    here against a second run at higher precision (not only the route's own error estimate)."""
    X = data.low_span(50, 5, 2, np.random.default_rng(5))
    gi = infinite.infinite_gram(X, "tanh")
    f64 = spectrum.spectrum(gi.matrix, gi.error_bound)
    assert not f64.lambda_min_resolved
    res = spectrum_mp.resolve_spectrum(X, hermite_mp.provider("tanh"), activation="tanh", dps=40, max_kmax=2048)
    lam = res.lambda_min
    assert res.route == "mpmath" and lam.correct_digits >= 10 and abs(float(lam.value)) < 1e-14
    hi = spectrum_mp.resolve_spectrum(X, hermite_mp.provider("tanh"), activation="tanh", dps=50, max_kmax=2048)
    rel = abs(float((hi.lambda_min.value - lam.value) / hi.lambda_min.value))
    assert rel < 1e-10
