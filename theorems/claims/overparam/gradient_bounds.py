"""Lemma 9.3 of 001 (Sec. 9): upper and lower bounds on the gradients of a fixed fake loss at initialization.

Printed: fix v ∈ (R^d)^n; w.p. >= 1 - e^{-Ω(δm/n)}, for every ℓ: ‖∇̂_{W_ℓ} F_i‖_F² <= O(‖v_i‖² m/d),
‖∇̂_{W_ℓ} F‖_F² <= O(‖v‖² mn/d), ‖∇̂_{W_L} F‖_F² >= Ω(max_i ‖v_i‖² mδ/(dn)).
Read as (v independent of the weights): upper bounds with v_i = e_1 for all i (gradients add coherently),
lower bound with v_i = (-1)^i e_1 on pairs at distance δ (neighbours cancel). Sweeps in δ run along m = c/δ:
the probability e^{-Ω(δm/n)} needs δm/n large, and at fixed m a small δ leaves only O(1) sign flips between
the closest pair (the quantities then fall faster than δ).
"""
from __future__ import annotations

from kernels import data
from kernels.nets import deep_relu as dr

from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE, sweep


def measure(p, rng, be):
    m, L, n, d = p["m"], p["L"], p["n"], p["d"]
    X = dr.allen_zhu_pairs(n // 2, D_IN, p["delta"], rng)
    actual = data.euclidean_separation(X)
    net = dr.init(m, L, D_IN, d, rng, be.xp)
    fwd = dr.forward(net, X)
    up = dr.backward(net, fwd, dr.unit_losses(n, d))                       # v_i = e_1
    low = dr.backward(net, fwd, dr.unit_losses(n, d, alternating=True))    # v_i = (-1)^i e_1
    up_each = max(up.largest_each, low.largest_each)                       # ‖v_i‖ = 1 for both
    up_total = up.largest_layer / n                                       # ‖v‖² = n
    low_L = low.last_layer                                                 # max_i ‖v_i‖² = 1
    proof_rhs = (1.0 / d) * actual / (2000 * n) * m                        # 001 Sec. 9.2, last display
    return {"up_each": up_each, "up_each_over_m_d": up_each / (m / d), "up_total": up_total,
            "up_total_over_mn_d": up_total / (m * n / d), "low": low_L,
            "low_over_m_delta_dn": low_L / (m * actual / (d * n)), "low_per_m": low_L / m,
            "low_over_proof_bound": low_L / proof_rhs, "delta_actual": actual}


def grid(scale):
    if scale == "quick":
        base = {"m": 1024, "L": 2, "n": 16, "d": 1, "delta": 0.05}
        return (sweep("m", base, "m", [256, 512, 1024, 2048]) + sweep("n", base, "n", [2, 4, 8, 16])
                + [{"sweep": "delta", **base, "delta": dl, "m": int(25.6 / dl)} for dl in (0.0125, 0.025, 0.05, 0.1, 0.2)]
                + sweep("d", base, "d", [1, 2, 4, 8, 16]))
    base = {"m": 2048, "L": 8, "n": 32, "d": 1, "delta": 0.025}
    return (sweep("m", base, "m", [512, 1024, 2048, 4096]) + sweep("n", base, "n", [2, 4, 8, 16, 32, 64])
            + [{"sweep": "delta", **base, "delta": dl, "m": int(51.2 / dl)} for dl in (0.0125, 0.025, 0.05, 0.1, 0.2)]
            + sweep("d", base, "d", [1, 2, 4, 8, 16, 32]))


LEMMA_93 = Claim(
    id="overparam/lemma-9.3", source=f"{SOURCE} Sec. 9, Lemma 9.3",
    statement="fix v ∈ (R^d)^n; w.p. >= 1 - e^{-Ω(δm/n)}, for every ℓ: ‖∇̂_{W_ℓ} F_i‖_F² <= O(‖v_i‖² m/d), "
              "‖∇̂_{W_ℓ} F‖_F² <= O(‖v‖² mn/d), ‖∇̂_{W_L} F‖_F² >= Ω(max_i ‖v_i‖² mδ/(dn))",
    kind="scaling",
    check=AllOf(checks=(
        Scaling(y="up_each", x="m", printed=1, direction="upper_bound", where={"sweep": "m"}),
        Scaling(y="up_total", x="m", printed=1, direction="upper_bound", where={"sweep": "m"}),
        Scaling(y="low", x="m", printed=1, direction="lower_bound", where={"sweep": "m"}),
        Scaling(y="up_total", x="n", printed=1, direction="upper_bound", where={"sweep": "n"}),
        Scaling(y="low", x="n", printed=-1, direction="lower_bound", where={"sweep": "n"}),
        Scaling(y="low_per_m", x="delta", printed=1, direction="lower_bound", limit="0", where={"sweep": "delta"}),
        Scaling(y="up_each", x="d", printed=-1, direction="upper_bound", where={"sweep": "d"}),
        Scaling(y="up_total", x="d", printed=-1, direction="upper_bound", where={"sweep": "d"}),
        Scaling(y="low", x="d", printed=-1, direction="lower_bound", where={"sweep": "d"}))),
    grid={"quick": grid("quick"), "full": grid("full")},
    repetitions={"quick": 10, "full": 10}, measure=measure,
    notes="data: n/2 random Allen-Zhu-normalized points, each with a partner at Euclidean distance exactly δ "
          "(the set's separation is δ). Upper bounds with v_i = e_1 for all i, lower bound with v_i = (-1)^i e_1 "
          "(each pair cancels; v is fixed before the weights are drawn). The δ sweep runs along m = c/δ (δm fixed: "
          "the lemma's probability e^{-Ω(δm/n)} needs δm/n large) and fits low/m, whose printed rate is δ^1. low_over_proof_bound compares with the proof's explicit constant 1/2000",
)


CLAIMS = [LEMMA_93]
