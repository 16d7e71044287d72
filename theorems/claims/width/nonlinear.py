"""Gradient diversity of 2-layer nonlinear networks: 003 Sec. 4 / App. B, Theorem 2.

Theorem 2 bounds a ratio of expectations over the top layers (W_2, W_2*) given (W_1, W_1*, x): computed exactly
(kernels.nets.two_layer_nonlinear), its n → ∞ limit a/c (a = mean E‖∇f_i‖², c = mean over i≠j of
E<∇f_i,∇f_j>; ρ(n) = n a/(a + (n−1)c) increases to it, the most favourable n) is divided by the printed rate
Kd²/(Kd+K+d) and fitted against d and K (exponent 0 or above expected). The finite-n ratio and the expectation
of the ratio B_S (Monte Carlo over W_2, W_2*) are recorded beside it.
"""
from __future__ import annotations

import numpy as np

from kernels.nets.two_layer_nonlinear import ratios_over_top

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import SOURCE


def _measure(point, rng, backend):
    K, d, n, R = point["K"], point["d"], point["n"], point["draws"]
    bound = K * d * d / (K * d + K + d)
    lim, fin, expected_bs = ratios_over_top(K, d, n, R, point["activation"], rng, point.get("ratio_draws", 0))
    eor = None if expected_bs is None else {"mean": expected_bs.mean, "se": expected_bs.se,
                                            "ratio_of_expectations": float(fin[0])}
    return {"bound_rate": bound, "rho_limit_min": float(lim.min()), "rho_limit_median": float(np.median(lim)),
            "rho_n_median": float(np.median(fin)), "ratio_limit_min": float(lim.min() / bound),
            "ratio_n_min": float(fin.min() / bound), "draws": R, "expectation_of_ratio": eor}


def _grid(acts, ds, Ks, R, nd, nk, rd):
    pts = []
    for a in acts:
        pts += [{"sweep": "d", "activation": a, "K": 2, "d": x, "n": nd} for x in ds]
        pts += [{"sweep": "K", "activation": a, "K": k, "d": 16, "n": nk} for k in Ks]
    return [{**p, "draws": R, "ratio_draws": rd} for p in pts]


THM_2 = Claim(
    id="width/thm-2", source=f"{SOURCE} Sec. 4 / App. B, Theorem 2",
    statement="2-layer NN, σ monotone odd, |σ| ≤ c_max, sup xσ'(x) ≤ c_sup (tanh, arctan, softsign), Gaussian "
              "weights and data, w.h.p.: E[nΣ‖∇f_i‖²]/E[‖Σ∇f_i‖²] ≥ Ω(Kd²/(Kd+K+d)), expectation over W_2, W_2*",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="ratio_limit_min", x="d", printed=0, direction="lower_bound", limit="inf",
                                group_by=("activation",), where={"sweep": "d"}),
                        Scaling(y="ratio_limit_min", x="K", printed=0, direction="lower_bound", limit="inf",
                                group_by=("activation",), where={"sweep": "K"}))),
    grid={"quick": _grid(["tanh", "arctan", "softsign"], [8, 32, 128, 512], [2, 4, 8, 16, 32], 3, 2048, 1024, 16),
          "full": _grid(["tanh", "arctan", "softsign"], [8, 16, 32, 64, 128, 256, 512, 1024, 2048],
                        [2, 4, 8, 16, 32, 64, 128], 10, 8192, 4096, 64)},
    measure=_measure,
    notes="y = min over draws of (W_1, W_1*, X) of the exact E_{W2,W2*} ratio in its n → ∞ limit (a/c, the most "
          "favourable n: ρ(n) = n a/(a + (n−1)c) increases to it), divided by Kd²/(Kd+K+d). The finite-n ratio "
          "and, at full scale, the expectation of the ratio B_S (Monte Carlo over W_2, W_2*) are recorded beside it. "
          "With N(0,1) weights and data the pre-activations have variance ‖x‖² ≈ d, so σ' is small except on a "
          "slab of width ~1/√d: a/c grows like K√d when d ≫ K, not like d",
    reading=Reading(
        hypotheses="2-layer NN, σ monotone and odd with |σ| ≤ c_max and sup xσ'(x) ≤ c_sup (tanh, arctan, softsign "
                   "named); weights, teacher and data i.i.d. N(0,1); w.h.p. over (W_1, W_1*, x), the expectation over "
                   "(W_2, W_2*).",
        chosen="As printed: N(0,1) entries (the only law admitted), the three named activations, the ratio of "
               "expectations over the top layers computed exactly, 'w.h.p.' as the minimum over draws, n → ∞ (the most "
               "favourable n).",
        alternatives="None needed for the law (printed). The finite-n ratio and the expectation of the ratio are "
                     "recorded beside it; neither is the printed quantity.",
        edges="K = 2 (the smallest width) with d up to 512 (2048 full): d ≫ K, where the rate Kd²/(Kd+K+d) ~ d.",
        regime="quick: d 8 to 512 at K = 2, K 2 to 32 at d = 16; full: d to 2048, K to 128. A false Ω shows as a "
               "negative exponent of the ratio over the rate: observed ~d^-0.6 (a/c grows like K√d, not d)."),
)

CLAIMS = [THM_2]
