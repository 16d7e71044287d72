"""Claims of 001 (Allen-Zhu, Li, Song: a convergence theory for deep learning via over-parameterization), one
module per statement or small family: forward_norms (Lemma 7.1), masked_gaussian_law (Fact 7.2),
product_norms (Lemma 7.3), backward_norms (Lemma 7.4), separation (Lemma 7.5), relu_pair_bound and
relu_pair_closed_forms (Claim 7.6 and its proof), gradient_bounds (Lemma 9.3), ntk_gradient_bounds
(Theorem 3), ntk_linearization (Theorem 5).

Network, initialization and data as in 001 Sec. 2 / Definition 2.3 (kernels.nets.deep_relu): A, W_ℓ ~ N(0, 2/m),
B ~ N(0, 1/d) with d the OUTPUT dimension (001 writes 𝔡 for the input dimension; D_IN here), data unit with
last coordinate 1/sqrt2. Every statement is implemented as printed; ``…/corrected`` variants sit next to
the two whose printed form is wrong (Fact 7.2 at h + q = 0; the closed forms in the proof of Claim 7.6), and
``fact-7.2/phi-reading`` checks the first of Fact 7.2's two definitions of v. A statement "for all i, ℓ" is
measured as the max or min over i, ℓ. Every data-fed measurement records 001's data assumptions
(``data_values``); grids that sweep L follow Assumption 2.4 (m >= poly(n, L, 1/δ) d, δ <= O(1/L)).
"""
from __future__ import annotations

import math

import numpy as np

from kernels import data
from kernels.crn import common_generator

SOURCE = "001_8899e8ddccc39226.txt"
D_IN = 8


SEPARATION_RTOL = 1e-9      # data built at distance exactly δ come out at δ(1 ± 1e-16); this is not a violation


def data_values(X, delta: float | None = None) -> dict:
    """001's data assumptions checked on the data a point is fed, as record values: Assumption 2.1
    (‖x_i - x_j‖ >= δ, the Euclidean sense; ``delta`` None: distinct points), ‖x_i‖ = 1 and (x_i)_last = 1/sqrt2
    (001 Sec. 2, footnote 5). ``inapplicable`` (the reason) when one fails; the engine then leaves the point out."""
    need = None if delta is None else delta * (1 - SEPARATION_RTOL)
    out = data.assumption_values(X, delta=need, sense="euclidean")
    last = float(np.max(np.abs(np.asarray(X)[:, -1] - 1 / math.sqrt(2))))
    out["data_last_coordinate_error"] = last
    if last > data.UNIT_TOL:
        why = f"last coordinate is not 1/sqrt2 (max deviation {last:.3g}; 001 Sec. 2)"
        out["inapplicable"] = f"{out['inapplicable']}; {why}" if out.get("inapplicable") else \
            f"data violate the assumptions: {why}"
    return out


def common(rng, claim_id: str, point: dict, axis: str):
    """Common random numbers along a sweep (kernels.crn): a generator keyed by the point without ``axis``, so
    every value of the swept axis reuses the same data, weights and directions (the swept values' fit then
    sees no draw-to-draw noise between its points; with L swept at fixed m the nets are nested)."""
    return common_generator(rng, claim_id, repr(sorted((k, v) for k, v in point.items() if k != axis)))


def sweep(name: str, fixed: dict, axis: str, values) -> list[dict]:
    """Grid points of one sweep: ``fixed`` with ``axis`` running over ``values``, tagged ``sweep=name``."""
    return [{"sweep": name, **fixed, axis: v} for v in values]
