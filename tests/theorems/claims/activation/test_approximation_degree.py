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
}


@pytest.mark.parametrize("claim", approximation_degree.CLAIMS, ids=lambda c: c.id)
def test_claim_runs_at_quick_scale(claim, tmp_path):
    v, _ = run_quick(claim, tmp_path, 7)
    for row in predicate_rows(v, claim, _NUMBERS[claim.id]):
        assert row["measured_degree"] >= 0     # the verified degree reaches eps
