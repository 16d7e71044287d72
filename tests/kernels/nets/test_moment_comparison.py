"""kernels.nets.moment_comparison: candidates equal to the exact moments hold, perturbed ones do not, and the
reference methods (sympy, Monte Carlo) are reported as agreeing with the recursion."""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from kernels.nets import linear_moments as lm
from kernels.nets import moment_comparison as mc


def test_rel_discrepancy_and_exact_str():
    assert mc.rel_discrepancy(Fraction(3, 2), 1) == 0.5
    assert mc.rel_discrepancy(0, 0) == 0.0 and mc.rel_discrepancy(1, 0) == float("inf")
    assert mc.exact_str(Fraction(1, 3)) == "1/3"
    assert mc.exact_str(10 ** 70) == "1e+70"


def test_coordinate_comparison_with_sympy():
    dims = (2, 3)
    ex = lm.exact_layer_moments(dims)
    good = [ex.coordinate_cross(a) for a in (1, 2)]
    c = mc.compare_coordinates(dims, good, "cross", sympy=True)
    assert c.holds and c.agree and c.rel_discrepancy == 0 and c.first_mismatch is None
    assert c.evidence["methods"] == ["recursion", "sympy"] and c.evidence["sympy_coordinates_equal_printed"]
    bad = mc.compare_coordinates(dims, [good[0], good[1] + 1], "cross", sympy=True)
    assert not bad.holds and bad.agree and bad.first_mismatch == 1
    assert not bad.evidence["sympy_coordinates_equal_printed"]


def test_coordinate_comparison_with_monte_carlo():
    dims = (3, 2)
    ex = lm.exact_layer_moments(dims)
    c = mc.compare_coordinates(dims, [2 * ex.coordinate_diag(a) for a in (1, 2)], "diag", mc_draws=20000,
                               rng=np.random.default_rng(0))
    assert not c.holds and c.agree                       # the recursion is within the band, the candidate is not
    assert c.evidence["mc_max_abs_z_printed"] > 10 > c.evidence["mc_max_abs_z_exact"]
    assert c.evidence["mc_coordinates"] == 3 * 2 + 2 * 1


def test_total_and_batch_sum_comparisons():
    dims = (2, 2, 2)
    ex = lm.exact_layer_moments(dims)
    t = mc.compare_total(dims, ex.diag, "diag", sympy=True)
    assert t.holds and t.agree and t.evidence["sympy_value"] == str(ex.diag)
    t = mc.compare_total(dims, ex.cross + 1, "cross", mc_draws=20000, rng=np.random.default_rng(1))
    assert not t.holds and t.agree and t.rel_discrepancy == 1 / ex.cross
    s = mc.compare_batch_sums(dims, [3, 5], [9 * ex.diag, 6 * ex.cross, 25 * ex.diag, 20 * ex.cross])
    assert s.holds and s.exact == (9 * ex.diag, 6 * ex.cross, 25 * ex.diag, 20 * ex.cross)
