"""kernels.gmatrix.spectrum.smallest_sum / count_certainly_larger on spectra with known values, and
kernels.gmatrix.spectrum_mp.resolve_activation_spectrum / ResolvedSpectrum.resolved_value against
resolve_spectrum called directly."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.gmatrix import spectrum_mp
from kernels.gmatrix.spectrum import Spectrum, count_certainly_larger, smallest_sum
from kernels.series import hermite_mp


def test_tail_sums_and_counts():
    a = Spectrum(np.array([5.0, 3.0, 2.0, 1.0]), 0.1)
    b = Spectrum(np.array([6.0, 3.0, 1.95, 0.5]), 0.1)
    assert smallest_sum(a, 2) == 3.0 and smallest_sum(b, 2) == pytest.approx(2.45)
    assert count_certainly_larger(a, b, 2) == 1        # 2.0 - 1.95 is within the floors, 1.0 - 0.5 is not
    assert count_certainly_larger(a, b, 4) == 1


def test_resolve_activation_spectrum_is_resolve_spectrum_with_the_hermite_provider():
    X = data.low_span(6, 5, 2, np.random.default_rng(0))
    res = spectrum_mp.resolve_activation_spectrum(X, "tanh", needs=[3, 6], dps=30, max_kmax=512)
    ref = spectrum_mp.resolve_spectrum(X, hermite_mp.provider("tanh"), activation="tanh", needs=[3, 6], dps=30,
                                       max_kmax=512)
    assert res.route == ref.route and res.kmax == ref.kmax
    for k in (3, 6):
        v, text = res.resolved_value(k)
        assert text and (v is None or v == pytest.approx(float(ref.value(k)), rel=1e-12))
    big = spectrum_mp.resolve_activation_spectrum(data.sphere(4, 6, np.random.default_rng(1)), "relu")
    v, _ = big.resolved_value(1)
    assert big.route == "float64" and v == pytest.approx(float(big.float64.values[0]))
