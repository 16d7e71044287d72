"""Every confusion/* claim at quick scale through the claim engine: one record per point and repetition,
finite numbers, fitted slopes with intervals, a counterexample for every REFUTED verdict."""
from __future__ import annotations

import math

import pytest

from theorems.claims.confusion import app_c, concentration, fig1, lemma_d1, sgd_bounds, tail_bounds
from theorems.verdict import VERDICTS

from ..quick_run import run_quick

SEED = 20261123
CLAIMS = [c for m in (tail_bounds, sgd_bounds, app_c, lemma_d1, concentration, fig1) for c in m.CLAIMS]


def test_every_confusion_claim_is_listed():
    ids = {c.id for c in CLAIMS}
    assert ids == {"confusion/lemma-B.1", "confusion/thm-3.1", "confusion/thm-3.2", "confusion/thm-3.2/corrected",
                   "confusion/app-C", "confusion/lemma-D.1", "confusion/lemma-D.1/zero-at-zero", "confusion/thm-5.1",
                   "confusion/cor-5.1",
                   "confusion/thm-4.1", "confusion/fig-1", "confusion/fig-1/planted-labels"}


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_confusion_claim_quick(claim, tmp_path):
    v, store = run_quick(claim, tmp_path, SEED)
    assert v.verdict in VERDICTS
    assert v.reason.strip()
    recs = store.records(claim.id)
    assert len(recs) == len(claim.points("quick")) * claim.reps("quick")
    ev = v.evidence
    assert ev["scale"] == "quick" and ev["backend"] == "numpy"
    if claim.kind in ("bound", "tail"):                  # Predicate: one row per record, with its numbers
        assert ev["checked"] > 0 and len(ev["rows"]) == len(recs)
        nums = [val for r in ev["rows"] for val in r.values() if isinstance(val, float)]
        assert nums and all(math.isfinite(x) for x in nums)
    else:                                                # scaling: fitted slopes with intervals
        fits = []

        def walk(o):
            if isinstance(o, dict):
                if "fit" in o and isinstance(o["fit"], dict):
                    fits.append(o["fit"])
                for val in o.values():
                    walk(val)
        walk(ev)
        hp_rows = [row for part in ev.values() if isinstance(part, dict) for rows in part.values()
                   if isinstance(rows, list) for row in rows if isinstance(row, dict) and "rate_ci95" in row]
        assert fits or hp_rows
        for f in fits:
            assert math.isfinite(f["slope"]) and f["lo"] <= f["slope"] <= f["hi"]
    if v.verdict == "REFUTED":
        assert v.counterexample is not None
