"""The single-point evaluations of confusion/app-C and confusion/lemma-D.1 that their fuzz properties call."""
from __future__ import annotations

import math

import pytest

from theorems.claims.confusion.app_c import appc_at
from theorems.claims.confusion.lemma_d1 import d1_at


@pytest.mark.parametrize("radius", [1e-3, 0.5, 3.0, 100.0])
def test_appc_tight_pair_attains_the_bound(radius):
    """f_1 = f_2 = h s²/2 + L|s|³/6 along u: |<g_1, g_2>| = g² equals the printed bound at w = t u (000 App. C)."""
    v = appc_at("tight", 5, 1, seed=3, radius=radius)
    assert v["holds"] and v["lhs"] == pytest.approx(v["rhs"], rel=1e-12)
    assert abs(v["margin"]) < 1e-12


def test_appc_zero_direction_falls_back_to_the_adversarial_one():
    a = appc_at("cubic", 4, 2, seed=1, radius=0.7, direction=[0.0] * 4)
    b = appc_at("cubic", 4, 2, seed=1, radius=0.7)
    assert a["lhs"] == b["lhs"] and a["rhs"] == b["rhs"] and a["holds"]


def test_d1_at_margin_and_bounds():
    v = d1_at("tanh", 8, 2, 5, "random", seed=4)
    assert v["bounds"]["grad_W_zeta_square"] == pytest.approx(2 * math.sqrt(2))
    assert v["margin"] == pytest.approx(min((b - v[f"max_{k}"]) / b for k, b in v["bounds"].items()))
    assert v["holds"] == (not v["failed"])
