"""Failure class 2 (the grid never reaches what the statement is about), on 001 Lemma 7.4.

Lemma 7.4 says ‖B D_{i,L} W_L ⋯ D_{i,a} W_a‖_2 <= O(sqrt(m/d)) with a constant free of L. Its old grid held
L = 4 fixed (sweeps in m, d, s only), so a bound that grows with L could not have been refuted. The test runs
the claim's real checks and grids on a synthetic measure whose norm is sqrt(m/d) sqrt(L) (and, as a control,
sqrt(m/d)): the old design (the grid without its L sweep, the checks without their L parts) confirms the
growing one; the new design (L swept along m = 64 L) refutes it and still confirms the control.
"""
from __future__ import annotations

import dataclasses
import math

import pytest

from theorems.claims.overparam.backward_norms import LEMMA_74
from theorems.verdict import AllOf

from ..claims.quick_run import run_quick


def synthetic_measure(growth: float):
    """Lemma 7.4's record values for a backward matrix whose norm is sqrt(m/d) L^growth (sparse part
    sqrt(s log m/d), free of L), each with 5% log-normal noise from the point's generator."""
    def measure(p, rng, be):
        m, L, d = p["m"], p["L"], p["d"]
        s = p.get("s", max(1, int(m / (L * math.log(m)))))
        norm = math.sqrt(m / d) * L ** growth * math.exp(0.05 * rng.standard_normal())
        sparse = math.sqrt(s * math.log(m) / d) * math.exp(0.05 * rng.standard_normal())
        return {"back_norm": norm, "back_norm_over_sqrt_m_over_d": norm / math.sqrt(m / d), "sparse_a": sparse,
                "sparse_a_over_rate": sparse / math.sqrt(s * math.log(m) / d)}
    return measure


def old_design(claim):
    """The claim as it was before the audit: its grids without the L sweep, its checks without the L parts."""
    grid = {scale: [p for p in pts if p.get("sweep") != "L"] for scale, pts in claim.grid.items()}
    checks = tuple(c for c in claim.check.checks if (c.where or {}).get("sweep") != "L")
    return dataclasses.replace(claim, grid=grid, check=AllOf(checks=checks))


def test_the_new_grid_sweeps_L_and_the_old_one_did_not():
    assert len({p["L"] for p in old_design(LEMMA_74).points("quick")}) == 1
    swept = [p for p in LEMMA_74.points("quick") if p.get("sweep") == "L"]
    assert max(p["L"] for p in swept) / min(p["L"] for p in swept) >= 16
    assert all(p["m"] == 64 * p["L"] for p in swept)          # m follows the coupling m >= poly(L)


@pytest.mark.parametrize("design, growth, expected", [
    ("old", 0.5, "CONFIRMED"),       # the old grid cannot see the L growth
    ("new", 0.5, "REFUTED"),         # the L sweep refutes it
    ("new", 0.0, "CONFIRMED"),       # and does not refute a bound that is free of L
])
def test_a_bound_growing_with_L(design, growth, expected, tmp_path):
    claim = dataclasses.replace(LEMMA_74 if design == "new" else old_design(LEMMA_74),
                                measure=synthetic_measure(growth))
    v, _ = run_quick(claim, tmp_path)
    assert v.verdict == expected, v.reason
    if expected == "REFUTED":
        assert "back_norm_over_sqrt_m_over_d = O(L^0)" in v.reason and "contradicts printed 0" in v.reason
