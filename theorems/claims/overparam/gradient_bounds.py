"""Lemma 9.3 of 001 (Sec. 9): upper and lower bounds on the gradients of a fixed fake loss at initialization.

Printed: fix v ∈ (R^d)^n; w.p. >= 1 - e^{-Ω(δm/n)}, for every ℓ: ‖∇̂_{W_ℓ} F_i‖_F² <= O(‖v_i‖² m/d),
‖∇̂_{W_ℓ} F‖_F² <= O(‖v‖² mn/d), ‖∇̂_{W_L} F‖_F² >= Ω(max_i ‖v_i‖² mδ/(dn)).
Read as (v independent of the weights): upper bounds with v_i = e_1 for all i (gradients add coherently),
lower bound with v_i = (-1)^i e_1 on pairs at distance δ (neighbours cancel). Sweeps in δ run along m = c/δ:
the probability e^{-Ω(δm/n)} needs δm/n large, and at fixed m a small δ leaves only O(1) sign flips between
the closest pair (the quantities then fall faster than δ).
"""
from __future__ import annotations

from kernels.nets import deep_relu as dr

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE, common, data_values, sweep


def measure(p, rng, be):
    m, L, n, d = p["m"], p["L"], p["n"], p["d"]
    crn = common(rng, "overparam/lemma-9.3", p, p["sweep"])   # along L at fixed m: same pair, nested nets
    X = dr.allen_zhu_pairs(n // 2, D_IN, p["delta"], crn)
    assumptions = data_values(X, p["delta"])
    actual = assumptions["data_separation"]
    net = dr.init(m, L, D_IN, d, crn, be.xp)
    fwd = dr.forward(net, X)
    up = dr.backward(net, fwd, dr.unit_losses(n, d))                       # v_i = e_1
    low = dr.backward(net, fwd, dr.unit_losses(n, d, alternating=True))    # v_i = (-1)^i e_1
    up_each = max(up.largest_each, low.largest_each)                       # ‖v_i‖ = 1 for both
    up_total = up.largest_layer / n                                       # ‖v‖² = n
    low_L = low.last_layer                                                 # max_i ‖v_i‖² = 1
    proof_rhs = (1.0 / d) * actual / (2000 * n) * m                        # 001 Sec. 9.2, last display
    return {**assumptions, "up_each": up_each, "up_each_over_m_d": up_each / (m / d), "up_total": up_total,
            "up_total_over_mn_d": up_total / (m * n / d), "low": low_L,
            "low_over_m_delta_dn": low_L / (m * actual / (d * n)), "low_per_m": low_L / m,
            "low_over_proof_bound": low_L / proof_rhs, "delta_actual": actual}


def grid(scale):
    if scale == "quick":
        base = {"m": 1024, "L": 2, "n": 8, "d": 1, "delta": 0.05}
        return (sweep("m", base, "m", [256, 512, 1024, 2048]) + sweep("n", base, "n", [2, 4, 8, 16])
                + [{"sweep": "delta", **base, "delta": dl, "m": int(25.6 / dl)} for dl in (0.0125, 0.025, 0.05, 0.1, 0.2)]
                + sweep("d", base, "d", [1, 2, 4, 8, 16]) + L_sweep([1, 2, 4, 8], 1024))
    base = {"m": 2048, "L": 8, "n": 32, "d": 1, "delta": 0.025}
    return (sweep("m", base, "m", [512, 1024, 2048, 4096]) + sweep("n", base, "n", [2, 4, 8, 16, 32, 64])
            + [{"sweep": "delta", **base, "delta": dl, "m": int(51.2 / dl)} for dl in (0.0125, 0.025, 0.05, 0.1, 0.2)]
            + sweep("d", base, "d", [1, 2, 4, 8, 16, 32]) + L_sweep([1, 2, 4, 8, 16], 4096))


def L_sweep(Ls, m: int) -> list[dict]:
    """L at δ = 1/(2 L_max) fixed, one pair (n = 2), d = 1, and m fixed at what the coupling needs at the largest
    L (m >= 8 L/δ: Assumption 2.4's m >= poly(n, L, 1/δ) d, δ <= O(1/L)): the printed bounds (m/d, mn/d, mδ/(dn))
    carry no L, so each must keep exponent 0 in L. δm/n >= 32 (e^{-Ω(δm/n)}; ~mδ/π >= 20 sign flips per layer)."""
    delta = 1 / (2 * max(Ls))
    return [{"sweep": "L", "m": m, "L": L, "n": 2, "d": 1, "delta": delta} for L in Ls]


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
        Scaling(y="low", x="d", printed=-1, direction="lower_bound", where={"sweep": "d"}),
        Scaling(y="up_each_over_m_d", x="L", printed=0, direction="upper_bound", where={"sweep": "L"}),
        Scaling(y="up_total_over_mn_d", x="L", printed=0, direction="upper_bound", where={"sweep": "L"}),
        Scaling(y="low_over_m_delta_dn", x="L", printed=0, direction="lower_bound", where={"sweep": "L"}))),
    grid={"quick": grid("quick"), "full": grid("full")},
    repetitions={"quick": 8, "full": 10}, measure=measure,
    notes="data: n/2 random Allen-Zhu-normalized points, each with a partner at Euclidean distance exactly δ "
          "(the set's separation is δ). Upper bounds with v_i = e_1 for all i, lower bound with v_i = (-1)^i e_1 "
          "(each pair cancels; v is fixed before the weights are drawn). The δ sweep runs along m = c/δ (δm fixed: "
          "the lemma's probability e^{-Ω(δm/n)} needs δm/n large) and fits low/m, whose printed rate is δ^1. "
          "low_over_proof_bound compares with the proof's explicit constant 1/2000. The L sweep (one pair, δ = 1/(2 L_max), "
          "m = 1024) fits the three ratios to their printed rates in L: none carries L",
    reading=Reading(
        hypotheses="v ∈ (R^d)^n fixed (independent of the weights); Def. 2.3 weights; data unit, last coordinate "
                   "1/sqrt2, ‖x_i - x_j‖ >= δ (Assumption 2.1); m >= poly(n, L, 1/δ) d and δ <= O(1/L) (Assumption "
                   "2.4); the bounds hold for every ℓ with constants free of n, L, m, d, δ.",
        chosen="upper bounds with v_i = e_1 for all i (the gradients add coherently, the worst case for the total) "
               "and the lower bound with v_i = (-1)^i e_1 on pairs at distance exactly δ (neighbours cancel, the "
               "worst case for the last layer); each quantity's exponent in m, n, d, δ and L must respect the "
               "printed rate in the direction it bounds. The proof's reading (Sec. 9.2 uses the closest pair).",
        alternatives="none: the statement has one reading. Other fixed v (random directions) are easier for the lower "
                     "bound and no harder for the upper bounds than the two chosen.",
        edges="data at the separation limit (pairs at exactly δ, recorded as data_separation); δ down to 0.0125 along "
              "m = 25.6/δ (51.2/δ full); L from 1 to 8 (16 full) at δ = 1/(2 L_max); d up to 16 (32 full).",
        regime="quick: m <= 2048, n <= 16, L <= 8; full: m <= 4096, n <= 64, L <= 16. The printed bounds carry no "
               "L, so a bound growing (or, for the lower bound, decaying) like L^0.2 or faster would refute it."),
)


CLAIMS = [LEMMA_93]
