"""Figure 1 (002 Sec. 2): over-parameterized linear regression trains faster and has lower gradient confusion.

Printed: linear regression, N = 100 samples "generated randomly from a Gaussian", d = 120 (over-parameterized) vs
d = 80, SGD with mini-batch 1, averaged over 3 runs: faster convergence and lower gradient confusion for d = 120.

Read as: after the same SGD budget (``kernels.nets.fig1_regression.run``) the training loss ratio F(w_T)/F(w_0),
the confusion η = max(−min_{i≠j} <∇f_i,∇f_j>, 0) and −min cosine at the end are lower for d = 120: each must not
rise with d. The label model is not printed: the catalog id takes targets drawn from a Gaussian like the inputs
(y ~ N(0,1), the literal reading of "samples generated randomly from a Gaussian"; unrealizable at d = 80 < N);
the variant ``confusion/fig-1/planted-labels`` takes realizable targets y = a_iᵀw*.
"""
from __future__ import annotations

import math

from kernels.crn import common_generator
from kernels.nets import fig1_regression

from ...reading import Reading
from ...spec import Claim, product
from ...verdict import AllOf, Scaling
from . import MAIN

D_MAX = 120          # the larger printed width: data drawn at d = 120, the first d columns used (CRN)


def _measure(point, rng, backend):
    # common random numbers across the two widths: one stream per (labels, N, repetition), keyed without d
    shared = common_generator(rng, "confusion/fig-1", f"labels={point['labels']},N={point['N']}")
    out = fig1_regression.run(point["N"], point["d"], point["epochs"], point["lr_times_L"], point["labels"], shared,
                              d_max=D_MAX)
    return {k: (float(v) if not isinstance(v, bool) else v) for k, v in out.items()}


def _lower_at_larger_d(y):
    return Scaling(y=y, x="d", printed=0.0, direction="upper_bound", strict=True, tolerance=0.0,
                   max_ci_width=math.inf)


CHECK = AllOf(checks=(_lower_at_larger_d("loss_ratio"), _lower_at_larger_d("confusion_end"),
                      _lower_at_larger_d("neg_min_cosine_end")))


def _grid(labels):
    return {"quick": product(N=[100], d=[80, 120], epochs=[50], lr_times_L=[0.5], labels=[labels]),
            "full": product(N=[100], d=[80, 120], epochs=[200], lr_times_L=[0.5], labels=[labels])}


_STATEMENT = ("linear regression, N = 100 Gaussian samples, d = 120 (over-parameterized) vs d = 80: faster SGD "
              "convergence and lower gradient confusion for d = 120")
_NOTES = ("the paper averages 3 runs; step 0.5/max‖a_i‖², a_i ~ N(0, I/d). 'Faster' = smaller training loss "
          "F(w_T)/F(w_0) after the same number of SGD steps; 'lower confusion' = smaller η and smaller −min cosine "
          "over all pairs at the end of training. Common random numbers: per repetition the data are drawn at "
          "d = 120 and d = 80 uses their first 80 columns (rescaled), with the same labels' noise and SGD indices")
_HYP = ("002 Sec. 2, Fig. 1: N = 100 samples 'generated randomly from a Gaussian', d = 80 vs 120, SGD with "
        "mini-batch 1, averaged over 3 runs; the labels (targets) are not specified.")

FIG_1 = Claim(
    id="confusion/fig-1", source=f"{MAIN} Sec. 2, Figure 1",
    statement=_STATEMENT, kind="scaling", check=CHECK, grid=_grid("noise"),
    repetitions={"quick": 5, "full": 20}, measure=_measure, notes=_NOTES + "; labels y_i ~ N(0,1)",
    reading=Reading(
        hypotheses=_HYP,
        chosen="Targets drawn from a Gaussian like the inputs, y_i ~ N(0,1) independent of a_i (the literal reading "
               "of 'samples generated randomly from a Gaussian'); then d = 80 < N is not realizable (F* > 0). The "
               "paper has no proof here; which label model it used is not stated.",
        alternatives="Realizable planted targets y_i = a_iᵀw*: confusion/fig-1/planted-labels (the advantage of "
                     "d = 120 vanishes there).",
        edges="Only the printed pair d = 80, 120 at N = 100; the budget (50 epochs quick, 200 full) is the free "
              "choice, the same for both widths.",
        regime="quick: 5 runs per width, full: 20. A false statement shows as a loss ratio, η or −min cosine that "
               "is not lower at d = 120 (slope >= 0 in d)."),
)

FIG_1_PLANTED = Claim(
    id="confusion/fig-1/planted-labels", source=f"{MAIN} Sec. 2, Figure 1 with realizable (planted) labels",
    statement=_STATEMENT + " (labels y_i = a_iᵀw*, realizable at both d)", kind="scaling", check=CHECK,
    grid=_grid("planted"), repetitions={"quick": 40, "full": 100}, measure=_measure,
    notes=_NOTES + "; labels y_i = a_iᵀw*, w* ~ N(0, I_d) (y_i ~ N(0,1) marginally)",
    reading=Reading(
        hypotheses=_HYP,
        chosen="Planted, realizable targets y_i = a_iᵀw* (w* ~ N(0, I_d)): both models fit the data exactly (F* = 0), "
               "so the comparison is of SGD speed and confusion only, not of F*.",
        alternatives="Gaussian noise targets: confusion/fig-1.",
        edges="As confusion/fig-1.",
        regime="quick: 40 runs per width, full: 100 (the planted losses are ~1e-3 with a wide spread over runs). A "
               "false statement shows as d = 120 ending with a higher loss ratio or η."),
)

CLAIMS = [FIG_1, FIG_1_PLANTED]
