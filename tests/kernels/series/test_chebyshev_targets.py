"""kernels.series.chebyshev_targets: the targets against their closed forms, the Bernstein rates against the
pole positions, and the memoized analysis."""
from __future__ import annotations

import math

import mpmath
import pytest

from kernels.errors import InputError
from kernels.series import chebyshev_targets as targets


def test_targets_match_closed_forms():
    f, a, b, sing = targets.target("sigmoid(kx)", 2.0)
    assert (a, b) == (-1, 1) and sing == [1j * math.pi / 2]
    assert float(f(mpmath.mpf("0.3"))) == pytest.approx(1 / (1 + math.exp(-0.6)), rel=1e-15)
    assert targets.target("sigmoid(kx)", 0.0)[3] == []
    f, a, b, _ = targets.target("tanh on [-tau,tau]", 3.0)
    assert (a, b) == (-3.0, 3.0) and float(f(mpmath.mpf(1))) == pytest.approx(math.tanh(1.0), rel=1e-15)
    f, *_ = targets.target("tanh'(kx)", 2.0)
    assert float(f(mpmath.mpf("0.25"))) == pytest.approx(1 / math.cosh(0.5) ** 2, rel=1e-15)
    f, *_ = targets.target("swish'", 4.0)
    s = 1 / (1 + math.exp(-1.5))
    assert float(f(mpmath.mpf("1.5"))) == pytest.approx(s + 1.5 * s * (1 - s), rel=1e-14)
    f, _, _, sing = targets.target("|x|^3", 0.0)
    assert sing == [] and float(f(mpmath.mpf(-0.5))) == pytest.approx(0.125)
    with pytest.raises(InputError) as exc:
        targets.target("cosh", 1.0)
    assert exc.value.parameter == "kind"


def test_log_rho_is_asinh_of_the_pole_height():
    for k in (0.5, 1.0, 4.0):
        assert targets.log_rho("tanh'(kx)", k) == pytest.approx(math.asinh(math.pi / (2 * k)), rel=1e-12)
    assert targets.log_rho("|x|^5", 0.0) is None


def test_analysis_reaches_its_tolerance_and_is_memoized():
    s, te = targets.analysis("tanh on [-tau,tau]", 1.0)
    assert targets.analysis("tanh on [-tau,tau]", 1.0)[0] is s
    d = te.min_degree(1e-8)
    assert d is not None and te.at(d)["upper"] <= 1e-8
