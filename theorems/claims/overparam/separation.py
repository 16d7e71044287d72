"""Lemma 7.5 of 001 (Sec. 7.4): δ-separated inputs stay δ/2-separated in every layer.

Printed: m >= Ω(L log(nL)/δ^6), δ <= 1/(CL) (C > 1), ‖x_i‖ = 1, ‖x_i - x_j‖ >= δ: w.p. >= 1 - e^{-Ω(δ^6 m/L)},
‖(I - h_i h_iᵀ/‖h_i‖²) h_j‖ >= δ/2 for all i != j and ℓ = 0..L.
Read as: violation rate of the bound (all layers, all pairs) with exact binomial intervals as m grows, at
δ = 1/L and δ = 1/(2L), on data with every consecutive pair at Euclidean distance exactly δ. The infinite-width
prediction (the arc-cosine angle recursion, kernels.nets.relu_gaussian.relu_angle_after) is recorded next to it.
"""
from __future__ import annotations

import math

from kernels import data
from kernels.nets import deep_relu as dr
from kernels.nets.relu_gaussian import relu_angle_after

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, HighProbabilityBound
from . import D_IN, SOURCE, data_values


def measure(p, rng, be):
    m, L, n = p["m"], p["L"], p["n"]
    X = dr.allen_zhu_arc(n, D_IN, p["c"] / L, rng)
    actual = data.euclidean_separation(X)
    fwd = dr.forward(dr.init(m, L, D_IN, 1, rng, be.xp), X, separation=True)
    min_sep, layer = dr.min_separation(fwd)                            # over layers 0..L
    theta = relu_angle_after(2 * math.asin(actual / 2), L + 1)          # angle of the closest pair, m -> inf
    return {**data_values(X, p["c"] / L), "min_sep": min_sep, "half_delta": actual / 2, "delta": actual,
            "ratio": min_sep / actual, "argmin_layer": layer, "sep_input": fwd.sep_input[0],
            "ratio_limit_m_inf": math.sin(theta) / actual, "inside": p["inside"]}


def grid(Ls, cs, ms):
    return [{"L": L, "c": c, "m": m, "n": 6, "inside": c <= 1.0} for L in Ls for c in cs for m in ms]


LEMMA_75 = Claim(
    id="overparam/lemma-7.5", source=f"{SOURCE} Sec. 7.4, Lemma 7.5",
    statement="m >= Ω(L log(nL)/δ^6), δ <= 1/(CL) (C > 1), ‖x_i‖ = 1, ‖x_i - x_j‖ >= δ: w.p. >= 1 - e^{-Ω(δ^6 m/L)}, "
              "‖(I - h_i h_iᵀ/‖h_i‖²) h_j‖ >= δ/2 for all i != j and ℓ = 0..L",
    kind="bound",
    check=AllOf(checks=(HighProbabilityBound(lhs="min_sep", rhs="half_delta", sense=">=", along="m",
                                             group_by=("L", "c"), where={"inside": True}),)),
    grid={"quick": grid([4], [1.0], [32, 128, 512]),
          "full": grid([10, 25], [0.5, 1.0, 3.0], [64, 256, 1024])},
    repetitions={"quick": 75, "full": 100}, measure=measure,
    notes="δ = c/L with c = 1 the loosest δ the lemma allows (C -> 1) and c = 1/2; n = 6 points with every "
          "consecutive pair at distance exactly δ. c = 3 (full scale, outside the lemma) is recorded, not judged. "
          "ratio_limit_m_inf = the infinite-width min_sep/δ from the arc-cosine angle recursion",
    reading=Reading(
        hypotheses="m >= Ω(L log(nL)/δ^6); some constant C > 1 with δ <= 1/(CL); ‖x_i‖ = 1 (and 001 Sec. 2's "
                   "last coordinate 1/sqrt2) and ‖x_i - x_j‖ >= δ (Assumption 2.1, Euclidean); Def. 2.3 weights.",
        chosen="the conclusion must hold with probability -> 1 as m grows at fixed L and δ = c/L: the violation rate "
               "of min over i != j, ℓ = 0..L of ‖(I - ĥ_i ĥ_iᵀ) h_j‖ >= δ/2 must fall below 5% (95% bound) at the "
               "largest m. The data are checked against ‖x_i - x_j‖ >= δ on every point (data_separation).",
        alternatives="none for the conclusion. The separation sense is printed (Euclidean, Assumption 2.1); 004's "
                     "subspace sense is not this paper's. C is existential, so δ = 1/L (c = 1) is stricter than "
                     "the lemma needs and c = 1/2 is a C = 2 instance; c = 3 violates δ <= 1/(CL) and is not judged. "
                     "The lemma prints only ‖x_i‖ = 1; unit data without the 1/sqrt2 coordinate need no variant: A is "
                     "rotation invariant, so a pair at distance δ is the same pair in either setting.",
        edges="the closest data the hypotheses allow: n = 6 points with every consecutive pair at distance exactly δ "
              "(Assumption 2.1 with equality), δ at its largest allowed value 1/L (C -> 1) and at 1/(2L).",
        regime="quick: L = 4, m = 32..512 (75 draws each); full: L = 10 and 25, m = 64..1024 (100 draws). "
               "m stays far below the printed L log(nL)/δ^6 (~1e5 at L = 4), so a confirmation there is stronger "
               "than the lemma; a false statement shows as violations in most draws at the largest m."),
)

CLAIMS = [LEMMA_75]
