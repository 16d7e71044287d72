"""The claims of theorems/claims/activation/product_perturbation.py (004 Lemma F.5 and its corrected variant).

The claims are run at quick scale and their evidence rows must hold finite numbers; the aligned family must
attain the exact supremum 2 eps + eps^2 of the lemma's left side.
"""
from __future__ import annotations

import numpy as np
import pytest

from theorems.claims.activation import product_perturbation

from ..quick_run import predicate_rows, run_quick


@pytest.mark.parametrize("claim", product_perturbation.CLAIMS, ids=lambda c: c.id)
def test_claim_runs_at_quick_scale(claim, tmp_path):
    v, _ = run_quick(claim, tmp_path, 7)
    predicate_rows(v, claim, ("lhs", "rhs", "worst_case"))


def test_lemma_f5_worst_case_is_hit():
    # the aligned family attains 2 eps + eps^2, the exact supremum under the lemma's hypotheses
    rng = np.random.default_rng(0)
    for eps in (0.25, 1.0, 2.0):
        out = product_perturbation.LEMMA_F5.measure({"eps": eps, "family": "aligned", "grid_size": 33}, rng, None)
        assert out["hypotheses_hold"]
        assert out["lhs"] == pytest.approx(2 * eps + eps * eps, rel=1e-14)
