"""Theorem 3's printed bounds (implemented as printed) against the exact ρ of kernels.nets.linear_moments."""
from __future__ import annotations

from kernels.nets import linear_moments as lm
from theorems.claims.width import rho_bound


def test_thm3_bound_at_two_layers():
    """Thm 3 at L = 2: the printed bound 2/(1/d + 4/(d-1)) does not involve K; it fails at K = 2, d = 100."""
    ex = lm.exact_layer_moments((100, 2))
    assert ex.rho_limit() < rho_bound.printed_thm3((100, 2))
    assert ex.rho_limit() >= rho_bound.printed_thm3((100, 2), corrected=True)
    assert ex.rho_limit() >= rho_bound.printed_thm3_equal(2, 2, 100)
