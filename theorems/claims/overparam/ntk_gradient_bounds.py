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

from kernels import data
from kernels.nets import deep_relu as dr
from kernels.nets.deep_relu_perturbations import merged_forward

from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE


def measure(p, rng, be):
    m, L, n, d, delta = p["m"], p["L"], p["n"], p["d"], p["delta"]
    X = dr.allen_zhu_arc(n, D_IN, delta, rng)
    actual = data.euclidean_separation(X)
    net = dr.init(m, L, D_IN, d, rng, be.xp)
    omega, flips = 0.0, 0
    if p["perturbation"] == "merge":
        omega = 0.1 * actual ** 1.5
        net, fwd, flips = merged_forward(net, X, omega, 0, 1)
    else:
        fwd = dr.forward(net, X)
    ev = dr.ntk_eigenvalues(net, fwd)
    lo, hi = 2 * float(ev[0]), 2 * float(ev[-1])            # min/max over v of ‖∇F‖_F² / F, F = ½‖v‖²
    floor = 2 * len(ev) * sys.float_info.epsilon * hi
    return {"grad_lower": lo if lo > floor else None, "grad_upper": hi, "floor": floor,
            "grad_lower_per_m": lo / m if lo > floor else None,
            "lower_over_rate": lo / (actual * m / (d * n * n)), "upper_over_rate": hi / (L * n * m / d),
            "omega": omega, "omega_actual": net.perturbation_norm(), "sign_changes_sample0": flips,
            "delta_actual": actual}


def grid(scale):
    """Sweeps keep δm/n >= ~10 (Lemma 9.3's probability e^{-Ω(δm/n)} needs it): the δ sweep runs along
    m = c/δ and fits ‖∇F‖²/(F m) (printed rate δ^1); the d sweep moves along m = m_0 d (Assumption 2.4:
    m >= poly(n, L, 1/δ) d), where the printed rates are d^0."""
    q = scale == "quick"
    L0, M0 = (1, 1024) if q else (4, 1024)
    pts = [{"sweep": "m", "m": m, "L": L0, "n": 4, "d": 1, "delta": 0.2, "perturbation": "none"}
           for m in ([256, 512, 1024, 2048] if q else [512, 1024, 2048, 4096, 8192])]
    pts += [{"sweep": "n", "m": 1024 if q else 4096, "L": L0, "n": n, "d": 1, "delta": 0.12, "perturbation": "none"}
            for n in ([2, 4, 8] if q else [2, 4, 8, 16])]
    pts += [{"sweep": "delta", "m": int(51.2 / dl), "L": 4, "n": 2 if q else 4, "d": 1,
             "delta": dl, "perturbation": p} for p in (("none",) if q else ("none", "merge"))
            for dl in ([0.025, 0.05, 0.1, 0.2, 0.4] if q else [0.0125, 0.025, 0.05, 0.1, 0.2, 0.4])]
    pts += [{"sweep": "L", "m": 512 if q else 2048, "L": L, "n": 4, "d": 1, "delta": 0.1, "perturbation": "none"}
            for L in ([1, 2, 4, 8, 16] if q else [1, 2, 4, 8, 16, 32, 50])]
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
                        Scaling(y="grad_upper", x="m", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "m"}),
                        Scaling(y="grad_upper", x="n", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "n"}),
                        Scaling(y="grad_upper", x="L", printed=1, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "L"}),
                        Scaling(y="grad_upper", x="d", printed=0, direction="upper_bound", limit="inf",
                                group_by=("perturbation",), where={"sweep": "d"}))),
    grid={"quick": grid("quick"), "full": grid("full")},
    repetitions={"quick": 10, "full": 10}, measure=measure,
    notes="δ sweep along m = 51.2/δ at L = 4 (fits ‖∇F‖²/(Fm)); d sweep along m = m_0 d, so the printed rates "
          "(m/d) are d^0 there. min/max over all loss vectors (labels are arbitrary, so loss_i = v_i is any vector) of ‖∇F‖²/F = "
          "2 λ_min/max of the NTK Gram K over (sample, output); at W^(0) and at W^(0) + W' where W' (rank 1 per "
          "layer, ‖W'‖_2 <= ω = 0.1 δ^1.5, larger than the theorem's ω; full scale only) pushes sample 0's sign "
          "pattern onto sample 1's. Data: arc with consecutive distance δ",
)


CLAIMS = [THM_3]
