"""Width and batch size on the synthetic regression of 003 Sec. 5: Fig. 2 (a), (b), (c) and Lemma 1.

The paper's set-up (kernels.nets.linear_training): N(0,1) data in d = 16, labels of a deep linear N(0,1) teacher
(16, 16), linear FC students with h hidden layers of width K and dK + (h−1)K² + K ≈ p parameters, initialized with
variance 1/fan-in; step sizes in units of 1/curvature (mean ‖∇ŷ_i‖² at init).
- Fig. 2 (003 Sec. 5 protocol; p = 16k, n = 10,000 at full scale): per batch size the step size with the lowest
  loss after 2 passes, converged = loss 1e-12 within 14 passes; gradient diversity against K (exponent), the
  largest converging batch against K and against the diversity (rank correlations).
- Lemma 1 (informal, after Yin et al.; p = 1600): serial SGD's loss ε after T updates against mini-batch SGD's
  after T/B iterations with B ≤ δ nΔ_S + 1 along the path; refuted only when the 99% interval of E[loss_B]/ε lies
  above 1 + δ/2.
"""
from __future__ import annotations

import numpy as np

from kernels.nets import linear as ln
from kernels.nets import linear_moments as lm
from kernels.nets import linear_training as lt

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Predicate, Scaling, Trend
from . import SOURCE

D, PARAMETERS, TEACHER = 16, 1600, (16, 16)


def _width(h: int, parameters: int = PARAMETERS, d: int = D) -> int:
    return lt.width_for_parameters(h, d, parameters)


def _problem(point, rng):
    """(dims, X, y, W0) of the synthetic set at h hidden layers: data and teacher, then the student's init."""
    d = point.get("d", D)
    dims = (d,) + (_width(point["h"], point.get("parameters", PARAMETERS), d),) * point["h"]
    X, y = lt.regression_problem(point["n"], d, TEACHER, rng)
    return dims, X, y, ln.init_weights(dims, rng, scale="fan_in")


def _measure_fig2(point, rng, backend):
    """003 Sec. 5 at one depth: per batch size 2^lo..2^hi the step size with the lowest loss after 2 passes, then
    whether that run reaches loss <= threshold within ``epochs`` passes; the largest batch that does (B_max; its
    log2 is one below the grid when none does) and the gradient diversity along the smallest batch's run."""
    h, epochs, threshold = point["h"], point["epochs"], point["threshold"]
    dims, X, y, W0 = _problem(point, rng)
    y = y / np.sqrt(np.mean(y * y))                  # labels at unit mean square: the threshold is an absolute loss
    lrs = lt.step_size_grid(W0, X)
    unit = lt.curvature(W0, X)
    runs = [lt.tuned_batch_run(W0, X, y, 2 ** e, lrs, rng, tune_epochs=2, epochs=epochs, threshold=threshold,
                               diversity_per_pass=4 if e == point["batch_lo"] else 0)
            for e in range(point["batch_lo"], point["batch_hi"] + 1)]
    converging = [r.batch for r in runs if r.converged]
    b_max = max(converging) if converging else None
    loss0 = float(lt.full_loss(W0, X, y))
    track = runs[0].diversity
    return {"K": dims[1], "h": h, "params": ln.parameter_count(dims),
            "B_S_init": ln.lnn_diversity(W0, None, X, y).batch_bound,
            "B_S_avg": float(np.mean(track)) if track else None, "B_S_checkpoints": len(track),
            "B_S_along_smallest_batch": track,
            "B_max": b_max, "B_max_log2": float(np.log2(b_max)) if b_max else point["batch_lo"] - 1.0,
            "converging_batches": converging, "initial_loss": loss0,
            "step_size_at_grid_edge": [r.batch for r in runs if r.lr_at_grid_edge],
            "batches": [{**r.as_dict(), "lr": None if r.lr is None else r.lr * unit} for r in runs],
            "theory_rho_limit_gaussian_init": lm.to_float(lm.exact_layer_moments(dims).rho_limit())}


def _measure_lemma1(point, rng, backend):
    """Serial SGD (B = 1, step γ, T updates) reaches ε = E[loss]; mini-batch SGD with the same γ, summed
    gradients (eq. 3.1) and B ≤ δ nΔ_S(w) + 1 along its path, T/B iterations: E[loss] ≤ (1 + δ/2) ε?"""
    h, gc, delta, T = point["h"], point["gamma"], point["delta"], point["updates"]
    dims, X, y, W0 = _problem(point, rng)
    run = lt.serial_vs_minibatch(W0, X, y, gc / lt.curvature(W0, X), delta, T, point["paths"], rng)
    base = {"h": h, "K": dims[1], "gamma_times_curvature": gc, "delta": delta, "updates": T, "paths": point["paths"]}
    if run.serial_diverged_paths:
        return {**base, "applies": False, "holds": True, "serial_diverged_paths": run.serial_diverged_paths,
                "explain": "serial SGD does not reach a finite ε at this step size: the lemma's premise fails"}
    if run.batch is None:
        return {**base, "applies": False, "holds": True, "tries": run.tries,
                "serial_min_B_S": run.serial_min_batch_bound,
                "explain": "no batch size >= 2 satisfies the hypothesis"}
    B, eps = run.batch, run.serial_loss
    ratio, lo, hi = run.ratio_interval(2.576)
    allowed = 1 + delta / 2
    values = {**base, "B": B, "iterations": T // B, "serial_loss": eps,
              "serial_loss_rel": eps / run.serial_initial_loss,
              "minibatch_loss": run.minibatch_loss, "ratio": ratio, "ratio_ci99": [lo, hi], "allowed": allowed,
              "serial_min_B_S": run.serial_min_batch_bound, "tries": run.tries,
              "diverged_paths": run.minibatch_diverged_paths, "holds": bool(ratio <= allowed),
              "certain": bool(lo > allowed)}
    if not values["holds"]:
        values["explain"] = (f"h={h} (K={dims[1]}), γ={gc}/curvature, δ={delta}: B={B} ≤ δ nΔ_S + 1 along the path, "
                             f"E loss after {T // B} iterations = {ratio:.3g} × serial ε (99% CI [{lo:.3g}, {hi:.3g}]) "
                             f"> 1 + δ/2 = {allowed}")
    return values


FIG_2_DIMENSIONS = (16, 64)        # input dimensions (003 does not print d_in for its synthetic set)


def _fig2_grid(hs, n, parameters, batch_hi):
    """003 Sec. 5: batch sizes 2^5..2^batch_hi, loss 1e-12 within 14 passes, at a fixed parameter count."""
    return [{"d": d, "h": h, "K": _width(h, parameters, d), "n": n, "parameters": parameters, "batch_lo": 5,
             "batch_hi": batch_hi, "epochs": 14, "threshold": 1e-12} for d in FIG_2_DIMENSIONS for h in hs]


def _fig2_checks() -> tuple:
    """Fig. 2 (a): the exponent of the diversity in K, per input dimension; (b), (c): the largest converging batch
    against K and against the diversity, per input dimension."""
    trends = tuple(Trend(y="B_max_log2", x=x, where={"d": d}) for d in FIG_2_DIMENSIONS for x in ("K", "B_S_avg"))
    return (Scaling(y="B_S_avg", x="K", printed=0, direction="lower_bound", limit="inf", strict=True,
                    group_by=("d",)),) + trends


def _lemma1_grid(hs, gammas, deltas, n, paths, updates):
    return [{"h": h, "K": _width(h), "gamma": g, "delta": dl, "n": n, "paths": paths, "updates": updates}
            for h in hs for g in gammas for dl in deltas]


FIG_2 = Claim(
    id="width/fig-2", source=f"{SOURCE} Sec. 5, Fig. 2 (a), (b), (c)",
    statement="synthetic linear FC regression at a fixed parameter count: gradient diversity and the largest batch "
              "size converging within a fixed number of epochs both increase with the width K",
    kind="scaling",
    check=AllOf(checks=_fig2_checks()),
    grid={"quick": _fig2_grid([1, 2, 4, 8], 1024, 3200, 9),
          "full": _fig2_grid(list(range(1, 11)), 10_000, 16_000, 12)},
    repetitions={"quick": 8, "full": 5},
    measure=_measure_fig2,
    notes="003 Sec. 5's protocol: N(0,1) data (d = 16 and 64: d_in is not printed), labels of a deep linear N(0,1) "
          "teacher (16, 16) scaled to unit mean square, linear FC students with h hidden layers of width K, "
          "d K + (h−1) K² + K ≈ p, initialized with variance 1/fan-in; per batch size 2^5..2^12 the step size of a "
          "geometric grid (2^-3..2^7 in units of 1/curvature, 11 values) with the lowest training loss after 2 "
          "passes, continued to 14 passes; converged = loss ≤ 1e-12 at the end of a pass; B_max = the largest "
          "converging batch (log2 one below the grid when none converges). Gradient diversity B_S = nΔ_S averaged "
          "over checkpoints every quarter pass of the smallest batch's tuned run while its loss is above 1e-12 "
          "(Fig. 2 (a)). Fig. 2 (a): exponent of B_S in K with its 95% CI above 0; (b), (c): Spearman correlation "
          "of log2 B_max with K and with B_S, its bootstrap interval over seeds above 0. full = the paper's size "
          "(n = 10,000, p = 16k, h = 1..10, batches up to 2^12, 5 runs); quick = n / 10 (1024), p / 5 (3200), "
          "h = 1, 2, 4, 8, batches up to 2^9 = n/2 (the paper's 2^12 is 0.41 n), 8 seeds",
    reading=Reading(
        hypotheses="003 Sec. 5, Table 1, Fig. 2: 10,000 N(0,1) points, a deep linear N(0,1) teacher, linear FC "
                   "students at about 16k parameters with L = 1..10, batch sizes 2^5..2^12, the step size tuned as "
                   "the lowest loss after 2 epochs over a grid, convergence = loss 1e-12 within 14 epochs; claim: "
                   "gradient diversity and the largest converging batch size both rise with the width (and the "
                   "largest batch with the diversity, Fig. 2 (c)).",
        chosen="The protocol as printed at full scale; what it leaves open is fixed and stated: input dimensions 16 "
               "and 64 (each decided on its own), teacher widths (16, 16), labels scaled to unit mean square (the threshold is an absolute loss), "
               "variance-1/fan-in student initialization, an 11-point step-size grid, batch-mean gradients, passes "
               "of n // B iterations. 'Increase' = a positive exponent (diversity) or a positive rank correlation "
               "(the largest batch, a censored grid value).",
        alternatives="The step size that first reaches the threshold (instead of the lowest loss after 2 passes); "
                     "diversity at initialization (recorded: B_S_init); absolute vs relative thresholds. Not run "
                     "as variants.",
        edges="The widest student (h = 1: K = 941 at d = 16, 246 at d = 64) and the narrowest (h = 10: K = 41, 39); "
              "batch 2^12 = 0.41 n, where a pass is 2 iterations; 'none converged' ranks below the grid.",
        regime="full: the paper's size, 5 seeds (the paper's 5 runs); quick: n = 1024, p = 3200, h = 1, 2, 4, 8, "
               "batches 2^5..2^9, 8 seeds. A false statement shows as a rank correlation or exponent whose interval lies at or below 0."),
)

_LEMMA1_STATEMENT = ("if B ≤ δ nΔ_S(w) + 1 for every iterate w and serial SGD reaches an ε-suboptimal solution after T "
                     "gradient updates, then mini-batch SGD with the same step size and batch B reaches (1 + δ/2)ε "
                     "after the same number of updates (T/B iterations)")
_LEMMA1_NOTES = ("the synthetic regression of width/fig-2 (realizable: f* = 0, so 'ε-suboptimal' = loss ε); eq. 3.1 "
                 "updates (summed gradients, indices with replacement), γ in units of 1/curvature (mean ‖∇ŷ_i‖² at "
                 "init); ε = mean loss of serial SGD over independent paths after T updates; B = ⌊δ·min B_S on the "
                 "serial path⌋ + 1, lowered until B ≤ δ nΔ_S + 1 holds at every recorded iterate of the mini-batch "
                 "path. REFUTED only when the 99% interval of E[loss_B]/ε lies above 1 + δ/2")
_LEMMA1_HYP = ("003 Lemma 1, an informal restatement of Yin et al. Thm 3: B ≤ δ nΔ_S(w) + 1 at every iterate; "
               "serial SGD reaches ε after T updates; same step size for both. No step-size condition is printed; "
               "Yin et al.'s theorem compares convergence upper bounds under its own step-size conditions.")
_CHECK_L1 = Predicate(summary_keys=("h", "gamma_times_curvature", "delta", "B", "ratio", "ratio_ci99", "allowed"))

LEMMA_1 = Claim(
    id="width/lemma-1", source=f"{SOURCE} Sec. 3, Lemma 1 (Yin et al., Thm 3, informal)",
    statement=_LEMMA1_STATEMENT, kind="bound", check=_CHECK_L1,
    grid={"quick": _lemma1_grid([1, 4, 8], [0.02], [0.5, 1.0], 128, 24, 128),
          "full": _lemma1_grid([1, 2, 4, 8], [0.01, 0.05], [0.25, 0.5, 1.0], 256, 64, 512)},
    measure=_measure_lemma1,
    notes=_LEMMA1_NOTES + ". Step sizes small against the curvature (γ·curvature ≤ 0.05), the regime of the cited "
                          "theorem's step-size conditions",
    reading=Reading(
        hypotheses=_LEMMA1_HYP,
        chosen="The cited theorem's reading: the comparison holds for step sizes within its conditions, here small "
               "against the curvature (γ ≤ 0.05/curvature), where SGD's loss is governed by its convergence bound.",
        alternatives="The informal restatement read literally, for any step size at which serial SGD converges: "
                     "width/lemma-1/any-step (fails at γ = 0.5/curvature).",
        edges="The largest batch the hypothesis allows (B = ⌊δ min B_S⌋ + 1), δ = 0.5 and 1 (0.25 at full), depth "
              "h = 1 to 8 at a fixed parameter count.",
        regime="quick: 24 paths of 128 updates, n = 128; full: 64 paths of 512 updates, n = 256. A false statement "
               "shows as a 99% interval of E[loss_B]/ε above 1 + δ/2."),
)

LEMMA_1_ANY_STEP = Claim(
    id="width/lemma-1/any-step", source=f"{SOURCE} Sec. 3, Lemma 1 read literally (no step-size condition)",
    statement=_LEMMA1_STATEMENT + " (for every step size at which serial SGD converges)", kind="bound",
    check=_CHECK_L1,
    grid={"quick": _lemma1_grid([1, 4, 8], [0.02, 0.2, 0.5], [0.5, 1.0], 128, 24, 128),
          "full": _lemma1_grid([1, 2, 4, 8], [0.01, 0.05, 0.1, 0.2, 0.5], [0.25, 0.5, 1.0], 256, 64, 512)},
    measure=_measure_lemma1, notes=_LEMMA1_NOTES + ". Step sizes up to 0.5/curvature",
    reading=Reading(
        hypotheses=_LEMMA1_HYP,
        chosen="The informal statement as printed: any step size at which serial SGD reaches a finite ε.",
        alternatives="The cited theorem's small-step reading: width/lemma-1.",
        edges="γ = 0.2 and 0.5/curvature (serially convergent), the largest admitted B; with summed gradients "
              "(eq. 3.1) a batch of B takes a step B times larger than one serial update.",
        regime="as width/lemma-1, with γ up to 0.5/curvature. A false statement shows as a 99% interval of "
               "E[loss_B]/ε above 1 + δ/2."),
)

CLAIMS = [FIG_2, LEMMA_1, LEMMA_1_ANY_STEP]
