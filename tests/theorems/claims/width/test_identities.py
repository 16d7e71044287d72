"""The printed formulas of 003 App. C (implemented as printed) against the exact moments of
kernels.nets.linear_moments."""
from __future__ import annotations

from kernels.nets import linear_moments as lm
from theorems.claims.width import identities


def test_identity_formulas_against_exact_values():
    for dims in [(2, 2), (5, 3), (3, 4, 7), (10, 2, 30, 4)]:
        ex = lm.exact_layer_moments(dims)
        L = len(dims)
        d6, c6 = identities.printed_thm6(dims, 5)
        assert d6 == 25 * ex.diag and c6 == 20 * ex.cross
        assert all(identities.printed_thm7(dims, a) == ex.coordinate_diag(a) for a in range(1, L + 1))
        assert all(identities.printed_thm9(dims, a) == ex.coordinate_cross(a) for a in range(1, L + 1))
        assert identities.printed_thm8(dims) == ex.diag
        assert identities.printed_thm10(dims, corrected=True) == ex.cross
        assert identities.printed_thm10(dims) != ex.cross
    assert identities.printed_thm8_remark(7, 5) == lm.exact_layer_moments((7, 5)).diag
