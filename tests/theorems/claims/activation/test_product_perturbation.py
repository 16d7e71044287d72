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


def test_printed_id_is_tried_beyond_the_proofs_restriction():
    # class 1: eps <= 1 is used only by the proof, so the printed id's grid must reach eps > 1 and its edge eps = 1
    eps = {p["eps"] for p in product_perturbation.LEMMA_F5.points("quick")}
    assert 1.0 in eps and max(eps) > 1.0
    assert max(p["eps"] for p in product_perturbation.LEMMA_F5_CORRECTED.points("quick")) == 1.0
    rng = np.random.default_rng(0)
    at_edge = product_perturbation.LEMMA_F5_CORRECTED.measure({"eps": 1.0, "family": "aligned", "grid_size": 33},
                                                               rng, None)
    assert at_edge["applies"] and at_edge["holds"] and at_edge["lhs"] == pytest.approx(3.0, rel=1e-14)
    for c in product_perturbation.CLAIMS:
        assert c.reading is not None
