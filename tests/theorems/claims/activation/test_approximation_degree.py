"""The claims of theorems/claims/activation/approximation_degree.py (004 Thm F.4, eq. 8, Thm G.1).

The printed degrees are checked against their closed forms worked by hand; the claims are run at quick scale
and their evidence rows must hold finite numbers.
"""
from __future__ import annotations

import math

import pytest

from theorems.claims.activation import approximation_degree

from ..quick_run import predicate_rows, run_quick


def test_printed_degrees():
    # 004 Thm F.4 at k = 1, eps = 1e-8: ceil(log((4 pi + 2)/(pi^2 1e-8)) / log(1 + pi)) = 14
    assert approximation_degree.printed_degree_f4(1.0, 1e-8) == 14
    assert approximation_degree.printed_degree_f4(0.0, 0.5) == 0
    assert approximation_degree.printed_degree_eq8(16.0, 1e-8) == 112
    assert approximation_degree.printed_degree_g1(4.0, 1e-4) == math.ceil(
        math.log((16 * math.pi + 32) / (math.pi ** 2 * 1e-4)) / math.log(1 + math.pi / 4))


_NUMBERS = {
    "activation/thm-F.4": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/eq-8": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/eq-8/corrected": ("printed_degree", "measured_degree", "error_at_printed"),
    "activation/thm-G.1": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/eq-8/necessary": ("printed_degree", "measured_degree", "best_error_lower_bound_below"),
}


def test_eq8_necessity_reading_fails_where_a_lower_degree_suffices():
    """tau = 1, eps = 0.1: eq. 8 prints degree 2, but the degree-1 Chebyshev truncation c_1 x of tanh already has
    sup error < 0.1 (c_1 = (2/pi) int_0^pi tanh(cos th) cos th dth, computed here with numpy quadrature)."""
    import numpy as np
    th = (np.arange(20000) + 0.5) * np.pi / 20000
    c1 = 2 * np.mean(np.tanh(np.cos(th)) * np.cos(th))
    x = np.linspace(-1, 1, 20001)
    assert np.max(np.abs(np.tanh(x) - c1 * x)) < 0.1
    assert approximation_degree.printed_degree_eq8(1.0, 0.1) == 2
    v = approximation_degree.EQ_8_NECESSARY.measure({"tau": 1.0, "eps": 0.1}, None, None)
    assert v["measured_degree"] <= 1 and not v["holds"] and v["certain"]


@pytest.mark.parametrize("claim", approximation_degree.CLAIMS, ids=lambda c: c.id)
def test_claim_runs_at_quick_scale(claim, tmp_path):
    v, _ = run_quick(claim, tmp_path, 7)
    for row in predicate_rows(v, claim, _NUMBERS[claim.id]):
        assert row["measured_degree"] >= 0     # the verified degree reaches eps
