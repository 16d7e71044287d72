"""Spectra half of 004 Sec. 7, Figure 1 (c), (d): G-matrix eigenvalues at initialization.

Setting (004 Sec. 7): n equally spaced points on S^1, randomly lifted to S^9 (n = 10, 50);
activations tanh, ReLU, swish, ELU; the paper uses m = 10^6 neurons. Statement read from the
text: "Eigenvalues of ReLU and ELU are larger compared to those of tanh and swish".

Measured: the spectra of G∞ (the m -> infinity limit; m = 10^6 approximates it) with the float64
floor, and of G^(0) at a finite m as evidence. The statement is read on the lower half of the
spectrum (the small eigenvalues that govern training speed): for every pair (kinked, smooth),
sum_{k > n/2} lambda_k(kinked) > sum_{k > n/2} lambda_k(smooth), with a margin beyond the floors.
The per-index comparison is recorded too: on this data ReLU's G∞ has exactly zero eigenvalues
(equally spaced points include antipodal pairs), so "larger" does not hold index by index.
"""
from __future__ import annotations

from kernels import data
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.infinite import ginf_spectrum
from kernels.gmatrix.spectrum import count_certainly_larger, smallest_sum

from ...spec import Claim
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
KINKED, SMOOTH = ("relu", "elu"), ("tanh", "swish")


def _measure(point, rng, be):
    n, m = point["n"], point["m"]
    X = data.circle_lifted(n, rng, d=10)
    spec, spec0 = {}, {}
    for act in KINKED + SMOOTH:
        spec[act], _ = ginf_spectrum(X, act)
        spec0[act] = g0_spectrum(X, act, m, rng, be)
    lower = n - n // 2                                       # indices k > n/2: the lower half of the spectrum
    rows, holds, sure = [], True, True
    for k_act in KINKED:
        for s_act in SMOOTH:
            a, b = spec[k_act], spec[s_act]
            lo_a = smallest_sum(a, lower)
            lo_b = smallest_sum(b, lower)
            margin = lo_a - lo_b
            tol = (a.floor + b.floor) * lower
            per_index = count_certainly_larger(a, b, lower)
            rows.append({"kinked": k_act, "smooth": s_act, "lower_half_sum_kinked": lo_a,
                         "lower_half_sum_smooth": lo_b, "indices_certainly_larger": per_index,
                         "indices": n - n // 2})
            holds &= margin > 0
            sure &= abs(margin) > tol
    return {"holds": bool(holds), "certain": bool(sure or holds), "pairs": rows,
            "ginf_eigenvalues": {k: v.values.tolist() for k, v in spec.items()},
            "ginf_floor": {k: v.floor for k, v in spec.items()},
            "ginf_zero_eigenvalues": {k: n - v.rank() for k, v in spec.items()},
            "g0_lambda_min": {k: v.lambda_min for k, v in spec0.items()},
            "g0_eigenvalues": {k: v.values.tolist() for k, v in spec0.items()},
            "explain": "; ".join(f"{r['kinked']} vs {r['smooth']}: {r['lower_half_sum_kinked']:.3g} vs "
                                 f"{r['lower_half_sum_smooth']:.3g}" for r in rows)}


FIG_1 = Claim(
    id="activation/fig-1", source=f"{SOURCE} Sec. 7, Figure 1 (c), (d)",
    statement="synthetic data (n in {10, 50} points on S^1 lifted to S^9): G-matrix eigenvalues at init "
              "of ReLU and ELU are larger than those of tanh and swish (spectra half; the loss curves are not checked here)",
    kind="scaling", check=Predicate(summary_keys=("pairs", "ginf_zero_eigenvalues", "explain")),
    grid={"quick": [{"n": 10, "m": 10_000}, {"n": 50, "m": 10_000}],
          "full": [{"n": 10, "m": 100_000}, {"n": 50, "m": 100_000}, {"n": 10, "m": 1_000_000},
                   {"n": 50, "m": 1_000_000}]},
    repetitions={"quick": 1, "full": 3}, measure=_measure,
    notes="qualitative reproduction; the GD loss-curve half of Fig. 1 is not implemented",
)

CLAIMS = [FIG_1]
