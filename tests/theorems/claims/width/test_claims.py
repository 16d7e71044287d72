"""Every claim of ``theorems.claims.width`` at quick scale through the engine (evidence present; verdicts are the
ledger's job)."""
from __future__ import annotations

import importlib
import math
import pkgutil

import pytest

from theorems.claims import width as width_pkg
from theorems.verdict import VERDICTS

from ..quick_run import run_quick

CLAIMS = [c for info in sorted(pkgutil.iter_modules(width_pkg.__path__), key=lambda i: i.name)
          if not info.name.startswith("_")
          for c in getattr(importlib.import_module(f"{width_pkg.__name__}.{info.name}"), "CLAIMS", ())]

_NUMERIC_KEYS = {
    "width/thm-1": ["ratio_q10", "B_S_median", "rhs"],
    "width/thm-1/zero-mean": ["ratio_q10", "B_S_median"],
    "width/prop-A.1": ["diag_over_K2d2", "cross_over_Kd_K_plus_d"],
    "width/prop-A.1/zero-mean": ["diag_over_K2d2", "cross_over_Kd_K_plus_d"],
    "width/thm-4": ["sum_sq_over_nK2d2", "cross_over_n2_K2d_plus_Kd2"],
    "width/thm-4/zero-mean": ["sum_sq_over_nK2d2", "cross_over_n2_K2d_plus_Kd2"],
    "width/thm-5": ["var_sum_sq", "var_cross", "var_sum_sq_se"],
    "width/thm-2": ["rho_limit_min", "ratio_limit_min", "rho_n_median"],
    "width/thm-3": ["rho_limit", "rhs_general", "slack_general"],
    "width/thm-3/corrected": ["rho_limit", "rhs_general"],
    "width/thm-6": ["rel_discrepancy"], "width/thm-7": ["rel_discrepancy"], "width/thm-8": ["rel_discrepancy"],
    "width/thm-8/remark-per-coordinate": ["rel_discrepancy"],
    "width/thm-9": ["rel_discrepancy"], "width/thm-10": ["rel_discrepancy"],
    "width/thm-10/corrected": ["rel_discrepancy"],
    "width/lemma-1": ["gamma_times_curvature", "delta"],
    "width/lemma-1/any-step": ["gamma_times_curvature", "delta"],
    "width/fig-2": ["K", "B_S_init", "B_S_avg", "B_max_log2"],
}


def test_every_width_claim_is_covered():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids)) and set(ids) == set(_NUMERIC_KEYS)
    catalog = {"width/thm-1", "width/prop-A.1", "width/thm-4", "width/thm-5", "width/thm-2", "width/thm-3",
               "width/thm-6", "width/thm-7", "width/thm-8", "width/thm-9", "width/thm-10", "width/fig-2",
               "width/lemma-1"}
    assert catalog <= set(ids)
    assert all(c.id in catalog or c.id.rsplit("/", 1)[0] in catalog for c in CLAIMS)


@pytest.mark.claim
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_width_claim_runs_with_evidence(claim, tmp_path):
    v, store = run_quick(claim, tmp_path, 20261123)
    assert v.verdict in VERDICTS
    assert v.reason.strip()
    records = store.records(claim.id)
    assert len(records) == len(claim.points("quick")) * claim.reps("quick")
    for key in _NUMERIC_KEYS[claim.id]:
        vals = [r["values"].get(key) for r in records if r["values"].get("applies", True)]
        assert vals and all(isinstance(x, (int, float)) and math.isfinite(x) for x in vals), (claim.id, key)
    ev = v.as_dict()["evidence"]
    assert ev["scale"] == "quick" and ev["seconds"] >= 0
    if v.verdict == "REFUTED":
        assert v.counterexample is not None
    if claim.kind == "identity":
        assert all("holds" in r["values"] and "methods" in r["values"] for r in records)
