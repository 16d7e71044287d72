"""Lemma 7.3 of 001 (Sec. 7.2): spectral norms of the intermediate products W_b D_{i,b-1} ⋯ D_{i,a} W_a.

Printed: m >= Ω(nL log(nL)): w.p. >= 1 - e^{-Ω(m/L)}, (a) ‖W_b D_{i,b-1} W_{b-1} ⋯ D_{i,a} W_a‖_2 <= O(sqrt L);
(b) ‖⋯ v‖ <= 2‖v‖ and (c) ‖uᵀ ⋯‖ <= O(1)‖u‖ for ‖v‖_0, ‖u‖_0 <= O(m/(L log m)).
Read as: (a) for (a, b) = (1, L), the longest product, from block power iterations (never an m x m product);
the sparse parts (b), (c) by an adversarial truncated-power search over supports
(kernels.nets.deep_relu_norms.product_norms); max over 2 samples.
"""
from __future__ import annotations

import math

from kernels.nets import deep_relu as dr
from kernels.nets.deep_relu_norms import product_norms

from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE, sweep


def measure(p, rng, be):
    m, L = p["m"], p["L"]
    X = dr.allen_zhu_uniform(2, D_IN, rng)
    net = dr.init(m, L, D_IN, 1, rng, be.xp)
    s = max(1, int(m / (L * math.log(m))))                      # sparsity O(m/(L log m)) with constant 1
    pn = product_norms(net, dr.forward(net, X), 1, L, s, rng)
    return {"norm_1L": pn.sigma, "norm_over_sqrtL": pn.sigma / math.sqrt(L),
            "sparse_b": pn.sparse_right, "sparse_c": pn.sparse_left, "sparsity": s,
            "sparse_b_le_2": bool(pn.sparse_right <= 2.0), "ritz_residual": pn.residual,
            "iterations": pn.iterations}


LEMMA_73 = Claim(
    id="overparam/lemma-7.3", source=f"{SOURCE} Sec. 7.2, Lemma 7.3 (a)-(c)",
    statement="m >= Ω(nL log(nL)): w.p. >= 1 - e^{-Ω(m/L)}, ‖W_b D_{i,b-1} W_{b-1} ⋯ D_{i,a} W_a‖_2 <= O(sqrt L); "
              "(b) ‖⋯ v‖ <= 2‖v‖ and (c) ‖uᵀ ⋯‖ <= O(1)‖u‖ for ‖v‖_0, ‖u‖_0 <= O(m/(L log m))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="norm_1L", x="L", printed=0.5, direction="upper_bound", limit="inf",
                                where={"sweep": "L"}),
                        Scaling(y="sparse_b", x="L", printed=0.0, direction="upper_bound", limit="inf",
                                where={"sweep": "L"}),
                        Scaling(y="sparse_c", x="L", printed=0.0, direction="upper_bound", limit="inf",
                                where={"sweep": "L"}),
                        Scaling(y="norm_1L", x="m", printed=0.0, direction="upper_bound", limit="inf",
                                where={"sweep": "m"}))),
    grid={"quick": sweep("L", {"m": 256}, "L", [2, 4, 8, 16, 32]),
          "full": sweep("L", {"m": 1024}, "L", [2, 4, 8, 16, 32, 50])
          + sweep("m", {"L": 8}, "m", [256, 512, 1024, 2048])},
    repetitions={"quick": 3, "full": 6}, measure=measure,
    notes="(a) for (a, b) = (1, L), the longest product, max over 2 samples; sparsity s = floor(m/(L ln m)) "
          "(constant 1); the sparse maxima are adversarial searches (truncated power method), i.e. lower "
          "bounds on the true suprema. (b)'s explicit constant 2 is recorded as sparse_b_le_2",
)

CLAIMS = [LEMMA_73]
