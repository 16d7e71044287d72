"""kernels.series.perturbed_functions: every family meets Lemma F.5's hypotheses exactly in float64, and the aligned
family attains the supremum 2 eps + eps^2 of sup |f1 f2 - g1 g2|."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.series import perturbed_functions as pf


@pytest.mark.parametrize("family", pf.FAMILIES)
@pytest.mark.parametrize("eps", [1e-6, 0.3, 1.0, 2.5])
def test_families_meet_the_hypotheses(family, eps):
    f, g = pf.perturbed_pair(family, 33, eps, np.random.default_rng(5))
    assert f.shape == g.shape == (2, 33)
    assert pf.sup_abs(f) <= 1.0 and pf.sup_distance(g, f) <= eps
    assert pf.product_gap(f, g) <= 2 * eps + eps * eps + pf.product_gap_floor(eps)


def test_aligned_family_attains_the_worst_case():
    for eps in (0.25, 1.0, 2.0):
        f, g = pf.perturbed_pair("aligned", 17, eps, np.random.default_rng(6))
        assert pf.product_gap(f, g) == pytest.approx(2 * eps + eps * eps, rel=1e-14)


def test_nudge_and_values():
    f = np.array([1.0, -1.0, 0.5])
    g = pf.nudge_within(f + 0.1, f, 0.1)                  # 1.1 - 1 may round above 0.1: nudged back
    assert np.max(np.abs(g - f)) <= 0.1
    f2, g2 = pf.pair_from_values(0.5, [1.0, 0.0], [1.0], [1.0, 1.0], [-1.0, 0.5])
    assert f2.shape == (2, 1) and np.array_equal(g2, np.array([[1.5], [0.5]]))
    assert pf.product_gap(f2, g2) == pytest.approx(0.25)  # |1 * 1 - 1.5 * 0.5|
    with pytest.raises(InputError):
        pf.perturbed_pair("nope", 3, 0.1, np.random.default_rng(0))
