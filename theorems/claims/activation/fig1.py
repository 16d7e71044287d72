"""Spectra half of 004 Sec. 7, Figure 1 (c), (d): G-matrix eigenvalues at initialization.

Setting (004 Sec. 7): n equally spaced points on S^1, randomly lifted to S^9 (n = 10, 50);
activations tanh, ReLU, swish, ELU; the paper uses m = 10^6 neurons. Statement read from the
text: "Eigenvalues of ReLU and ELU are larger compared to those of tanh and swish. This is consistent
with the theory."

Finding about the paper (failure class 3): for even n the equally spaced points hold antipodal pairs
(x_{i+n/2} = -x_i) and the lift is linear, so the separation of 004 Assumption 2, ||(I - x_i x_i^T) x_j||, is 0:
the data of Figure 1 (n = 10 and 50 are both even) violate the assumption the theory it illustrates needs.
G∞ then has exact zero eigenvalues: n/2 for tanh (tanh' is even, so G∞(x, -y) = -G∞(x, y) and the column of
-x_i is minus that of x_i), n/2 - 2 for ReLU and swish (at n = 50 more of swish's fall below the float64 floor).
``activation/fig-1`` is measured on the paper's data and its points carry the assumption record
(kernels.data.assumption_values), so they are inapplicable; two
variants decide the figure's statement on data that satisfy Assumptions 1-2:
- ``activation/fig-1/separated``: the equally spaced points put through the paper's own preprocessing
  (004 Sec. 2: scale to norm 1/sqrt2, pad, append 1/sqrt2; "this ensures ... Assumption 2"), then randomly
  lifted to S^9; n = 10, 50 as in the paper, and 20, 30 (40 at full) between.
- ``activation/fig-1/odd-n``: the paper's linear lift with odd n from 11 to 51 (101 at full): no antipodal pair.

Measured: the spectra of G∞ (the m -> infinity limit; m = 10^6 approximates it) with the float64
floor, and of G^(0) at a finite m as evidence. The printed id reads "larger" on the lower half of the
spectrum (the small eigenvalues that govern training speed): for every pair (kinked, smooth),
sum_{k > n/2} lambda_k(kinked) > sum_{k > n/2} lambda_k(smooth), with a margin beyond the floors.
The other readings (lambda_min, every index, the whole trace) are recorded per point as evidence.
"""
from __future__ import annotations

import math

import numpy as np

from kernels import data
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.infinite import ginf_spectrum
from kernels.gmatrix.spectrum import count_certainly_larger, smallest_sum

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
KINKED, SMOOTH = ("relu", "elu"), ("tanh", "swish")
D_LIFT = 10                                                   # 004 Sec. 7: lifted to S^9


def _circle(n: int) -> np.ndarray:
    """004 Sec. 7: n equally spaced points on S^1."""
    ang = 2 * math.pi * np.arange(n) / n
    return np.stack([np.cos(ang), np.sin(ang)], axis=1)


def preprocessed_circle(n: int, rng: np.random.Generator, d: int = D_LIFT) -> np.ndarray:
    """The equally spaced points through 004 Sec. 2's preprocessing (kernels.data.allen_zhu_normalize: norm
    1/sqrt2, a padding coordinate, then 1/sqrt2), randomly lifted to S^{d-1} by an orthonormal frame."""
    Y = data.allen_zhu_normalize(_circle(n))
    Q, R = np.linalg.qr(rng.standard_normal((d, Y.shape[1])))
    return Y @ (Q * np.sign(np.diag(R))).T


DATA = {"paper": lambda n, rng: data.circle_lifted(n, rng, d=D_LIFT),
        "preprocessed": preprocessed_circle,
        "odd": lambda n, rng: data.circle_lifted(n, rng, d=D_LIFT)}


def _measure(point, rng, be):
    n, m = point["n"], point["m"]
    X = DATA[point["data"]](n, rng)
    spec, spec0 = {}, {}
    for act in KINKED + SMOOTH:
        spec[act], _ = ginf_spectrum(X, act)
        spec0[act] = g0_spectrum(X, act, m, rng, be)
    lower = n - n // 2                                       # indices k > n/2: the lower half of the spectrum
    rows, holds, sure = [], True, True
    other = {"lambda_min": True, "every_index": True, "trace": True}
    for k_act in KINKED:
        for s_act in SMOOTH:
            a, b = spec[k_act], spec[s_act]
            lo_a, lo_b = smallest_sum(a, lower), smallest_sum(b, lower)
            margin = lo_a - lo_b
            tol = (a.floor + b.floor) * lower
            rows.append({"kinked": k_act, "smooth": s_act, "lower_half_sum_kinked": lo_a,
                         "lower_half_sum_smooth": lo_b, "margin": margin,
                         "indices_certainly_larger": count_certainly_larger(a, b, n), "indices": n})
            holds &= margin > 0
            sure &= abs(margin) > tol
            other["lambda_min"] &= bool(a.values[-1] - b.values[-1] > a.floor + b.floor)
            other["every_index"] &= count_certainly_larger(a, b, n) == n
            other["trace"] &= bool(a.values.sum() > b.values.sum())
    worst = min(rows, key=lambda r: r["margin"])
    return {"holds": bool(holds), "certain": bool(sure or holds), "pairs": rows,
            "margin": worst["margin"], "other_readings_hold": other,
            "ginf_eigenvalues": {k: v.values.tolist() for k, v in spec.items()},
            "ginf_floor": {k: v.floor for k, v in spec.items()},
            "ginf_zero_eigenvalues": {k: n - v.rank() for k, v in spec.items()},
            "g0_lambda_min": {k: v.lambda_min for k, v in spec0.items()},
            "g0_eigenvalues": {k: v.values.tolist() for k, v in spec0.items()},
            **data.assumption_values(X),                      # 004 Assumptions 1, 2 (any delta > 0)
            "explain": f"n={n}, {point['data']} data: " + "; ".join(
                f"{r['kinked']} vs {r['smooth']}: {r['lower_half_sum_kinked']:.3g} vs "
                f"{r['lower_half_sum_smooth']:.3g}" for r in rows)}


_KEYS = ("pairs", "ginf_zero_eigenvalues", "other_readings_hold", "data_separation", "explain")
_STATEMENT = ("G-matrix eigenvalues at init of ReLU and ELU are larger than those of tanh and swish "
              "(spectra half; the loss curves are not checked here)")
_REGIME = ("quick: n = {q} with m = 10^4 for G^(0) (evidence); full: the same n with m = 10^5 and 10^6 (the paper's m), "
           "3 repetitions. G∞ is exact up to its float64 floor and does not depend on the random lift (an isometry), so the "
           "decision depends on neither m nor the draw; a false "
           "statement shows as a kinked activation whose lower-half eigenvalue mass is below a smooth one's "
           "by more than the floors.")
_ALTERNATIVES = ("'Larger' may mean the lower-half mass (this id, what governs the slow modes of training), "
                 "lambda_min, every index, or the trace; each is recorded per point in other_readings_hold "
                 "(no separate id: the figure gives no definition).")


def _grid(kind: str, ns, full_ns=None) -> dict:
    return {"quick": [{"data": kind, "n": n, "m": 10_000} for n in ns],
            "full": [{"data": kind, "n": n, "m": m} for m in (100_000, 1_000_000) for n in (full_ns or ns)]}


FIG_1 = Claim(
    id="activation/fig-1", source=f"{SOURCE} Sec. 7, Figure 1 (c), (d)",
    statement="synthetic data (n in {10, 50} points on S^1 lifted to S^9): " + _STATEMENT,
    kind="scaling", check=Predicate(summary_keys=_KEYS), grid=_grid("paper", (10, 50)),
    repetitions={"quick": 1, "full": 3}, measure=_measure,
    notes="qualitative reproduction on the paper's own data, which violate 004 Assumption 2 (antipodal pairs): "
          "every point is inapplicable; the figure is decided by the variants /separated and /odd-n",
    reading=Reading(
        hypotheses="004 Sec. 7: n = 10, 50 equally spaced points on S^1, randomly lifted to S^9; tanh, ReLU, "
                   "swish, ELU; m = 10^6; 'consistent with the theory', whose results assume 004 Assumptions 1-2.",
        chosen="The paper's exact data with the lower-half eigenvalue mass of G∞; the data are checked against "
               "Assumption 2 and fail it (separation 0, antipodal pairs), so every point is inapplicable.",
        alternatives="Data satisfying the assumptions: /separated (the paper's Sec. 2 preprocessing) and /odd-n "
                     "(odd n, linear lift). " + _ALTERNATIVES,
        edges="The paper's two n (both even: the degenerate case); the zero eigenvalues per activation are recorded.",
        regime=_REGIME.format(q="10, 50")),
)

FIG_1_SEPARATED = Claim(
    id="activation/fig-1/separated", source=f"{SOURCE} Sec. 7, Figure 1 (c), (d), data preprocessed as in Sec. 2",
    statement="the equally spaced points of Fig. 1 put through 004 Sec. 2's preprocessing (norm 1/sqrt2, pad, "
              "append 1/sqrt2), lifted to S^9, n in {10, 50} (and 20, 30, 40 between): " + _STATEMENT,
    kind="scaling", check=Predicate(summary_keys=_KEYS), grid=_grid("preprocessed", (10, 20, 30, 50), (10, 20, 30, 40, 50)),
    repetitions={"quick": 1, "full": 3}, measure=_measure,
    notes="variant, not in the catalog: the figure on data satisfying Assumptions 1-2 by the paper's own recipe",
    reading=Reading(
        hypotheses="As activation/fig-1, with the data made to satisfy 004 Assumptions 1-2 by the preprocessing "
                   "004 Sec. 2 prescribes for that purpose.",
        chosen="Lower-half eigenvalue mass of G∞ on the preprocessed points (separation 0.43 at n = 10, 0.089 "
               "at n = 50); the paper's n and n between them.",
        alternatives="/odd-n keeps the linear lift and breaks the antipodal pairs by odd n. " + _ALTERNATIVES,
        edges="The paper's n = 10 and 50 (the smallest separation, 0.089, at n = 50), and n = 20, 30 (40 at full) between.",
        regime=_REGIME.format(q="10, 20, 30, 50")),
)

FIG_1_ODD = Claim(
    id="activation/fig-1/odd-n", source=f"{SOURCE} Sec. 7, Figure 1 (c), (d), odd n",
    statement="n in {11, 21, 31, 51} (full: also 41, 101) equally spaced points on S^1 lifted linearly to S^9 (no antipodal pair): " + _STATEMENT,
    kind="scaling", check=Predicate(summary_keys=_KEYS), grid=_grid("odd", (11, 21, 31, 51), (11, 21, 31, 41, 51, 101)),
    repetitions={"quick": 1, "full": 3}, measure=_measure,
    notes="variant, not in the catalog: the paper's data family with the nearest odd n (satisfies Assumption 2)",
    reading=Reading(
        hypotheses="As activation/fig-1, with n odd so that the equally spaced points hold no antipodal pair "
                   "(Assumption 2 holds with delta = sin(pi/n)).",
        chosen="Lower-half eigenvalue mass of G∞ on the paper's data family at odd n from 11 to 51 (101 at full).",
        alternatives="/separated uses the paper's own preprocessing at the paper's n. " + _ALTERNATIVES,
        edges="The largest n (51; 101 at full): separation sin(pi/n) = 0.062 (0.031), the smallest of the variants.",
        regime=_REGIME.format(q="11, 21, 31, 51")),
)

CLAIMS = [FIG_1, FIG_1_SEPARATED, FIG_1_ODD]
