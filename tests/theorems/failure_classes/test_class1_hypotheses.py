"""Failure class 1 (the printed hypotheses admit more than the check tries), on 003 Theorem 1 (width/thm-1).

Theorem 1 asks only that the k-th moments (k ≤ 4) of every weight and data entry lie in [c1, c2], c1, c2 > 0.
N(1, 1) satisfies that under either reading of "moment" (signed: 1, 2, 4, 10; absolute: 1.17, 2, 3.7, 10); the
proof needs zero mean. The old design drew zero-mean entries only (N(0,1), Rademacher) and confirmed; the new one
runs every admitted law and refutes through N(1,1), whose gradients share the mean direction so that B_S stays
O(1) while the printed rate nKd/(Kn+dn+Kd) grows like K = d = n. The test runs the claim's real measure and check
on a small joint sweep K = d = n (seconds); the N(1,1) exponent is about −1 with a CI of ±0.1, the zero-mean ones
about 0, so the verdicts hold for any root seed with overwhelming probability (three seeds are tried).
"""
from __future__ import annotations

import dataclasses

import pytest

from theorems.claims.width.batch_bound import THM_1, THM_1_ZERO_MEAN

from ..claims.quick_run import run_quick

SIZES = [8, 16, 32, 64, 128]


def joint_sweep(claim, laws):
    """``claim`` with its quick grid cut to the joint sweep K = d = n over SIZES for ``laws`` (64 draws each)."""
    pts = [{"sweep": "all", "fixed": 0, "K": x, "d": x, "n": x, "law": law, "draws": 64} for law in laws for x in SIZES]
    return dataclasses.replace(claim, grid={**claim.grid, "quick": pts})


@pytest.mark.parametrize("seed", [20261123, 1, 2])
def test_zero_mean_design_confirms_and_admitted_laws_refute(seed, tmp_path):
    old, _ = run_quick(joint_sweep(THM_1_ZERO_MEAN, ("N(0,1)", "Rademacher")), tmp_path / "old", seed)
    assert old.verdict == "CONFIRMED", old.reason
    new, store = run_quick(joint_sweep(THM_1, ("N(0,1)", "Rademacher", "N(1,1)")), tmp_path / "new", seed)
    assert new.verdict == "REFUTED", new.reason
    assert new.counterexample["point"]["law"] == "N(1,1)"
    # the refuting law: its 10% quantile of B_S over the rate falls like 1/size (independent reference: B_S = O(1))
    q = {r["point"]["K"]: r["values"]["ratio_q10"] for r in store.records(THM_1.id) if r["point"]["law"] == "N(1,1)"}
    assert q[128] < q[8] / 8


def test_printed_id_admits_a_non_zero_mean_law():
    """The printed id's grid holds an admitted law of non-zero mean at both scales; the variant's does not."""
    from theorems.claims.width.batch_bound import LAWS
    for scale in ("quick", "full"):
        assert any(LAWS[p["law"]][1] != 0 for p in THM_1.points(scale))
        assert all(LAWS[p["law"]][1] == 0 for p in THM_1_ZERO_MEAN.points(scale))
