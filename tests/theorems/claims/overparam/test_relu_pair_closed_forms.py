"""The printed closed forms of the proof of Claim 7.6 (theorems.claims.overparam.relu_pair_closed_forms)
against mpmath quadrature (kernels.nets.relu_gaussian) and against each other."""
from __future__ import annotations

import math

import pytest

from kernels.nets.relu_gaussian import relu_pair_conditional_mp, relu_pair_expectation
from theorems.claims.overparam import relu_pair_closed_forms as cf


def test_claim76_conditional_quadrature_and_the_printed_formulas():
    """The printed f(g_1 < 0) is right; f(g_1 >= 0) misses g_1² P(α g_1 + δ g_2 < 0); the printed arctan form,
    bracket form and series agree with each other (the algebra after f is right) but not with E."""
    for g1, a, d in [(0.4, 1.0, 0.1), (1.7, 0.5, 1 / 6), (-1.3, 1.2, 0.05), (0.01, -0.7, 0.1)]:
        ref = float(relu_pair_conditional_mp(g1, a, d)[0])
        if g1 < 0:
            assert cf.printed_f_neg(g1, a, d) == pytest.approx(ref, rel=1e-12)
        else:
            assert cf.corrected_f_pos(g1, a, d) == pytest.approx(ref, rel=1e-12)
            missing = g1 * g1 * 0.5 * math.erfc(a * g1 / (2 * d))
            assert cf.printed_f_pos(g1, a, d) == pytest.approx(ref - missing, rel=1e-12, abs=1e-15)
    for a, d in [(1.0, 0.1), (0.75, 1 / 6), (2.0, 0.05)]:
        assert cf.printed_arctan(a, d) == pytest.approx(cf.printed_bracket(a, d), rel=1e-12)
        assert cf.printed_series(a, d) == pytest.approx(cf.printed_arctan(a, d), rel=1e-12)
        assert cf.corrected_series(a, d) == pytest.approx(relu_pair_expectation(a, d), rel=1e-12)
    assert cf.printed_arctan(1e-12, 0.1) == pytest.approx(relu_pair_expectation(0.0, 0.1) - 0.5, abs=1e-9)
