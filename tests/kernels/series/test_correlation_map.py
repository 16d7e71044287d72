"""kernels.series.correlation_map: the step count of 004 Lemma J.4's iteration against two independent references."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.series.correlation_map import proof_bound, steps_for_a_zero, steps_to_reach, steps_to_reach_mp


def test_float64_two_chart_count_equals_the_mpmath_iteration():
    rng = np.random.default_rng(7)
    for _ in range(300):
        a = float(rng.uniform(0.0, 0.99))
        delta, eps = 10.0 ** -rng.uniform(0, 250), 10.0 ** -rng.uniform(1e-6, 250)
        assert steps_to_reach(a, delta, eps) == steps_to_reach_mp(a, delta, eps), (a, delta, eps)


@pytest.mark.parametrize("delta", [0.9, 0.5, 1e-3, 1e-17, 1e-40, 1e-300])
@pytest.mark.parametrize("eps", [0.99, 0.5, 1e-5, 1e-100, 1e-300])
def test_a_zero_matches_the_closed_form(delta, eps):
    """a = 0: f^t(1 − δ) = (1 − δ)^(2^t) exactly."""
    assert steps_to_reach(0.0, delta, eps) == steps_for_a_zero(delta, eps)


def test_delta_below_float64_spacing_near_one():
    """1 − 1e-20 rounds to 1.0 (a fixed point): only the u-chart sees the start; the linearization near 1,
    u -> (2 − a) u, gives ~ ln(1e20 / ½)/ln(2 − a) steps to leave the neighbourhood of 1."""
    assert 1.0 - 1e-20 == 1.0
    n = steps_to_reach(0.25, 1e-20, 0.5)
    assert n == steps_to_reach_mp(0.25, "1e-20", "0.5")
    assert abs(n - math.log(2e20) / math.log(1.75)) < 3


def test_beyond_float64_range_with_mpmath_strings():
    n = steps_to_reach_mp(0.45, "0.5", "1e-1000")
    assert abs(n - 1000 * math.log(10) / math.log(1 / 0.45)) < 5      # ρ -> aρ near 0


def test_proof_bound_phases():
    p1, p2 = proof_bound(0.25, 0.5, 0.9, 0.25)
    assert p1 == 0.0 and p2 == 0.0                          # both phases already done
    p1, p2 = proof_bound(0.25, 1e-3, 1e-3, 0.25)
    assert p1 == pytest.approx(2 / 0.75 * math.log(250)) and p2 == pytest.approx(1 / (0.25 * 0.75) * math.log(750))


@pytest.mark.parametrize("kw, param", [({"a": 1.0}, "a"), ({"a": -0.1}, "a"), ({"delta": 0.0}, "delta"),
                                       ({"delta": 1.5}, "delta"), ({"eps": 1.0}, "eps"), ({"eps": float("nan")}, "eps"),
                                       ({"a": True}, "a")])
def test_bad_input_names_the_parameter(kw, param):
    args = {"a": 0.25, "delta": 1e-3, "eps": 1e-3, **kw}
    with pytest.raises(InputError) as e:
        steps_to_reach(**args)
    assert e.value.parameter == param
    with pytest.raises(InputError):
        steps_to_reach_mp(**args)
    with pytest.raises(InputError) as e:
        proof_bound(0.25, 1e-3, 1e-3, b=1.0)
    assert e.value.parameter == "b"
