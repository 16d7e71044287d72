"""Theorem 3 of 001 (Sec. 4.1, restated and proved in Sec. 10): the gradient is bounded above and below by the loss.

Printed: w.p. >= 1 - e^{-Ω(m/poly(n,L,1/δ))}, for every W with ‖W - W^(0)‖_2 <= 1/poly(n,L,1/δ):
‖∇F(W)‖_F² <= O(F(W) Lnm/d) and ‖∇F(W)‖_F² >= Ω(F(W) δm/(dn²)).
Read as (for all W in the ω-ball and every loss vector, since labels are arbitrary): min and max over v of
‖∇F‖_F² / F are 2 λ_min and 2 λ_max of the NTK Gram over (sample, output) pairs (kernels.nets.deep_relu.
ntk_eigenvalues); measured at W^(0) and (full scale) at W^(0) + W' with an adversary that merges the sign
patterns of the closest pair (kernels.nets.deep_relu_perturbations.merged_forward).
"""
from __future__ import annotations

import sys

from kernels.nets import deep_relu as dr
from kernels.nets.deep_relu_perturbations import merged_forward

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE, common, data_values


def measure(p, rng, be):
    m, L, n, d, delta = p["m"], p["L"], p["n"], p["d"], p["delta"]
    crn = common(rng, "overparam/thm-3", p, p["sweep"])       # along L at fixed m: same data, nested nets
    X = dr.allen_zhu_arc(n, D_IN, delta, crn)
    assumptions = data_values(X, delta)
    actual = assumptions["data_separation"]
    net = dr.init(m, L, D_IN, d, crn, be.xp)
    omega, flips = 0.0, 0
    if p["perturbation"] == "merge":
        omega = 0.1 * actual ** 1.5
        net, fwd, flips = merged_forward(net, X, omega, 0, 1)
    else:
        fwd = dr.forward(net, X)
    ev = dr.ntk_eigenvalues(net, fwd)
    lo, hi = 2 * float(ev[0]), 2 * float(ev[-1])            # min/max over v of ‖∇F‖_F² / F, F = ½‖v‖²
    floor = 2 * len(ev) * sys.float_info.epsilon * hi
    return {**assumptions, "grad_lower": lo if lo > floor else None, "grad_upper": hi, "floor": floor,
            "grad_lower_per_m": lo / m if lo > floor else None,
            "lower_over_rate": lo / (actual * m / (d * n * n)), "upper_over_rate": hi / (L * n * m / d),
            "omega": omega, "omega_actual": net.perturbation_norm(), "sign_changes_sample0": flips,
            "delta_actual": actual}


def grid(scale):
    """Sweeps keep δm/n >= ~10 (Lemma 9.3's probability e^{-Ω(δm/n)} needs it): the δ sweep runs along
    m = c/δ and fits ‖∇F‖²/(F m) (printed rate δ^1); the d sweep moves along m = m_0 d (Assumption 2.4:
    m >= poly(n, L, 1/δ) d), where the printed rates are d^0; the L sweep holds δ = 1/(2 L_max) (δ <= O(1/L) at
    every L) and m fixed at what the coupling needs at the largest L (m >= 8 L/δ), where the printed rates are
    L^1 (upper) and L^0 (lower)."""
    q = scale == "quick"
    L0, M0 = (1, 1024) if q else (4, 1024)
    pts = [{"sweep": "m", "m": m, "L": L0, "n": 4, "d": 1, "delta": 0.2, "perturbation": "none"}
           for m in ([256, 512, 1024, 2048] if q else [512, 1024, 2048, 4096, 8192])]
    pts += [{"sweep": "n", "m": 1024 if q else 4096, "L": L0, "n": n, "d": 1, "delta": 0.12, "perturbation": "none"}
            for n in ([2, 4, 8] if q else [2, 4, 8, 16])]
    pts += [{"sweep": "delta", "m": int(51.2 / dl), "L": 4, "n": 2 if q else 4, "d": 1,
             "delta": dl, "perturbation": p} for p in (("none",) if q else ("none", "merge"))
            for dl in ([0.025, 0.05, 0.1, 0.2, 0.4] if q else [0.0125, 0.025, 0.05, 0.1, 0.2, 0.4])]
    Ls = [1, 2, 4, 8] if q else [1, 2, 4, 8, 16]          # δ = 1/(2 L_max) <= 1/(2L), m >= 8 L/δ at every L
    pts += [{"sweep": "L", "m": 1024 if q else 4096, "L": L, "n": 4, "d": 1, "delta": 1 / (2 * max(Ls)),
             "perturbation": "none"} for L in Ls]
    pts += [{"sweep": "d", "m": M0 * d, "L": L0, "n": 4, "d": d, "delta": 0.2, "perturbation": "none"}
            for d in ([1, 2, 4] if q else [1, 2, 4, 8])]
    return pts


THM_3 = Claim(
    id="overparam/thm-3", source=f"{SOURCE} Sec. 4.1, Theorem 3 (restated and proved in Sec. 10)",
    statement="w.p. >= 1 - e^{-Ω(m/poly(n,L,1/δ))}, for every W with ‖W - W^(0)‖_2 <= 1/poly(n,L,1/δ): "
              "‖∇F(W)‖_F² <= O(F(W) Lnm/d) and ‖∇F(W)‖_F² >= Ω(F(W) δm/(dn²))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="grad_lower", x="m", printed=1, direction="lower_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "m"}),
                        Scaling(y="grad_lower", x="n", printed=-2, direction="lower_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "n"}),
                        Scaling(y="grad_lower_per_m", x="delta", printed=1, direction="lower_bound", limit="0",
                                group_by=("perturbation",), where={"sweep": "delta"}),
                        Scaling(y="grad_lower", x="d", printed=0, direction="lower_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "d"}),
                        Scaling(y="grad_lower", x="L", printed=0, direction="lower_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "L"}),
                        Scaling(y="grad_upper", x="m", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "m"}),
                        Scaling(y="grad_upper", x="n", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "n"}),
                        Scaling(y="grad_upper", x="L", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "L"}),
                        Scaling(y="grad_upper", x="d", printed=0, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "d"}))),
    grid={"quick": grid("quick"), "full": grid("full")},
    repetitions={"quick": 8, "full": 10}, measure=measure,
    notes="δ sweep along m = 51.2/δ at L = 4 (fits ‖∇F‖²/(Fm)); d sweep along m = m_0 d, so the printed rates "
          "(m/d) are d^0 there. min/max over all loss vectors (labels are arbitrary, so loss_i = v_i is any vector) of ‖∇F‖²/F = "
          "2 λ_min/max of the NTK Gram K over (sample, output); at W^(0) and at W^(0) + W' where W' (rank 1 per "
          "layer, ‖W'‖_2 <= ω = 0.1 δ^1.5, larger than the theorem's ω; full scale only) pushes sample 0's sign "
          "pattern onto sample 1's. Data: arc with consecutive distance δ. L sweep at δ = 1/(2 L_max) and fixed m (the "
          "coupling's m at the largest L): the lower bound carries no L, the upper bound L^1",
    reading=Reading(
        hypotheses="data unit, last coordinate 1/sqrt2, ‖x_i - x_j‖ >= δ (Assumption 2.1); m >= poly(n, L, 1/δ) d, "
                   "δ <= O(1/L) (Assumption 2.4); every W with ‖W - W^(0)‖_2 <= 1/poly(n, L, 1/δ); labels arbitrary, "
                   "so F = ½‖v‖² with v any loss vector.",
        chosen="min and max over all loss vectors of ‖∇F‖_F²/F, i.e. 2 λ_min and 2 λ_max of the NTK Gram over "
               "(sample, output): the exponents in m, n, δ, d, L must respect Ω(δm/(dn²)) and O(Lnm/d). The proof "
               "bounds exactly these (Lemma 9.3 applied to every v).",
        alternatives="none for the reading of the bounds. The ω-ball is probed at W^(0) (quick) and at one adversarial "
                     "W' that merges the sign patterns of the closest pair (full); a supremum over the ball is not "
                     "computed, so the ball is checked at two points, not everywhere.",
        edges="data on an arc at consecutive distance exactly δ (data_separation recorded), δ down to 0.025 "
              "(0.0125 full) along m = 51.2/δ; L from 1 to 8 (16 full) at δ = 1/(2 L_max); d up to 4 (8 full).",
        regime="quick: m <= 4096, n <= 8, L <= 8; full: m <= 8192, n <= 16, L <= 16. A lower bound that decays with "
               "L (or n faster than n^-2) would show as an exponent clearing the printed one by 0.1."),
)


CLAIMS = [THM_3]
