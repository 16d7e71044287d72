"""Issue 12 audit of the overparam claims: 001's data assumptions on every data-fed point, grids that follow the
coupling m >= poly(n, L, 1/δ) d, δ <= O(1/L), and the two readings of Fact 7.2's v. (Reading records are
checked for every claim in tests/theorems/test_claims.py.)"""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import backend as backends
from kernels.nets import deep_relu as dr
from theorems.claims.overparam import (
    D_IN,
    data_values,
    gradient_bounds,
    masked_gaussian_law,
    ntk_gradient_bounds,
    product_norms,
)

from .test_claims import CLAIMS

DATA_FED = ("overparam/lemma-7.1", "overparam/lemma-7.3", "overparam/lemma-7.4", "overparam/lemma-7.5",
            "overparam/lemma-9.3", "overparam/thm-3", "overparam/thm-5")


def test_data_values_accept_allen_zhu_data_at_exactly_delta_and_reject_violations():
    rng = np.random.default_rng(0)
    X = dr.allen_zhu_arc(4, D_IN, 0.1, rng)
    ok = data_values(X, 0.1)
    assert "inapplicable" not in ok and abs(ok["data_separation"] - 0.1) < 1e-12
    assert "inapplicable" in data_values(X, 0.11)                        # closer than the claimed δ
    Y = X.copy()
    Y[:, -1], Y[:, 0] = Y[:, 0], Y[:, -1]                                # unit rows, last coordinate not 1/sqrt2
    assert "last coordinate" in data_values(Y)["inapplicable"]


@pytest.mark.parametrize("claim_id", DATA_FED)
def test_data_fed_claims_record_the_data_assumptions(claim_id):
    claim = next(c for c in CLAIMS if c.id == claim_id)
    point = min(claim.points("quick"), key=lambda p: p.get("m", 0) * p.get("L", 1))
    values = claim.measure(dict(point), np.random.default_rng(1), backends.select("numpy"))
    assert {"data_separation", "data_unit_error", "data_last_coordinate_error"} <= set(values)
    assert not values.get("inapplicable"), values.get("inapplicable")


@pytest.mark.parametrize("module", [gradient_bounds, ntk_gradient_bounds])
def test_L_sweeps_keep_delta_at_most_1_over_2L_and_m_fixed_at_the_largest_L(module):
    pts = [p for p in module.grid("quick") if p.get("sweep") == "L"]
    assert max(p["L"] for p in pts) / min(p["L"] for p in pts) >= 8
    assert all(p["delta"] <= 1 / (2 * p["L"]) and p["m"] >= 8 * p["L"] / p["delta"] for p in pts)


def test_lemma_73_sweeps_L_along_m_proportional_to_L_inside_m_ge_nL_log_nL():
    pts = [p for p in product_norms.LEMMA_73.points("quick") if p.get("sweep") == "L"]
    assert all(p["m"] == 32 * p["L"] and p["m"] >= 2 * p["L"] * math.log(2 * p["L"]) for p in pts)
    assert [p["sparse"] for p in pts] == [p["L"] * math.log(p["m"]) >= 10 for p in pts]


def test_fact_72_readings_differ_exactly_at_q_minus_h():
    """At q = -h the indicator reading sets every indicator to 1: m‖v‖²/(2‖h‖²) ~ χ²_m with mean m, not the
    mixture's m/2 (an exact reference); v = φ(Wh) keeps the mixture."""
    be = backends.select("numpy")
    printed = masked_gaussian_law.measure({"m": 16, "p": 6, "q": "cancel", "samples": 4000},
                                          np.random.default_rng(2), be)
    phi = masked_gaussian_law.measure({"m": 16, "p": 6, "q": "zero", "samples": 4000}, np.random.default_rng(2), be)
    assert abs(printed["mean_T"] - 16) < 0.5 and printed["zero_fraction"] == 0.0 and not printed["holds"]
    assert abs(phi["mean_T"] - 8) < 0.5 and phi["holds"]
    ids = {c.id for c in masked_gaussian_law.CLAIMS}
    assert ids == {"overparam/fact-7.2", "overparam/fact-7.2/phi-reading", "overparam/fact-7.2/corrected"}


def test_thm_5_sweeps_L_along_omega_proportional_to_1_over_L():
    from theorems.claims.overparam import ntk_linearization
    pts = [p for p in ntk_linearization.grid("quick") if p["sweep"] == "L/adversarial"]
    assert max(p["L"] for p in pts) / min(p["L"] for p in pts) >= 8
    assert len({round(p["omega"] * p["L"], 12) for p in pts}) == 1 and all(p["omega"] >= p["m"] ** -1.5 for p in pts)
