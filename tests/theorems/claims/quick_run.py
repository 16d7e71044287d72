"""Run one claim at quick scale into a fresh run directory (the path every claim test takes)."""
from __future__ import annotations

import math

from kernels.backend import select
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest


def run_quick(claim, run_dir, seed: int = 20261123):
    """The claim's verdict at quick scale on NumPy, measured into ``run_dir`` with root seed ``seed``,
    and the run store holding its records."""
    be = select("numpy")
    store = RunStore(run_dir, make_manifest(seed, "quick", be))
    return run_claim(claim, "quick", store, seed, be, quiet=True), store


def predicate_rows(verdict, claim, numeric_keys) -> list[dict]:
    """The per-record rows of a Predicate claim's evidence, checked: a verdict with a reason, one row per
    measurement, and every value in ``numeric_keys`` a finite number."""
    assert verdict.verdict in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert verdict.reason
    rows = verdict.evidence["rows"]
    assert len(rows) == len(claim.points("quick")) * claim.reps("quick")
    for row in rows:
        for key in numeric_keys:
            assert isinstance(row[key], (int, float)) and math.isfinite(row[key]), (key, row)
    return rows
