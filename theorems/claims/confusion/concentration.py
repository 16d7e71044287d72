"""Failure probabilities of the confusion bound: 000 Thm 5.1, Cor. 5.1, Thm 4.1 (= 002 Thm 4.1, Cor 4.1, Thm 4.2).

Printed (constants c, c_1, c_2 unspecified; ζ_0 = 2√β): for one W with ‖W_p‖ <= 1 and data uniform on the
sphere, the confusion bound η holds w.p. >= 1 − N² exp(−c d η²/(16ζ_0⁴(β+2)⁴)) (Thm 5.1), uniformly on the
ball B_r(W) w.p. >= 1 − N² exp(−c d η²/(64ζ_0⁴(β+2)⁴)) when r <= η/(4ζ_0²) (Cor. 5.1); under the random init
of Strategy 4.1, w.p. -> 1 as the width ℓ grows for fixed data and η > 4 (Thm 4.1 part 1), and w.p.
>= 1 − β e^{−c_1κ²ℓ²} − N² e^{−c_2(ℓd + ℓ²β)η²/(16ζ_0⁴(β+2)⁴)} for sphere data (part 2).

Read as: the failure probability P(min_{i≠j} <∇f_i,∇f_j> < −η) from batched trials
(``kernels.nets.confusion_trials``, exact binomial intervals recorded), and the slope of log P fitted against
the variable the printed exponent names (d·η²; ℓd + ℓ²β). The printed bound allows any negative slope and no
positive one: ``Scaling`` with exponent 0, bound "upper", strict (CONFIRMED needs a slope CI below 0).
Thm 4.1 part 1 is a HighProbabilityBound along ℓ (REFUTED when the failure rate's lower 95% bound exceeds 1/2
at the largest ℓ). Thm 5.1 / Cor. 5.1 are statements for one fixed W: W and C are fixed per grid group
(``kernels.nets.fixed_nets``, seeded by the claim) and η = k·s(W, C), with s a calibration scale of that
network, so that the rates stay resolvable.
"""
from __future__ import annotations

import math

import numpy as np

from kernels import data
from kernels.nets import confusion_trials as trials
from kernels.nets import fixed_nets
from kernels.stats import clopper_pearson_bounds

from ...reading import Reading
from ...spec import Claim, product
from ...verdict import AllOf, HighProbabilityBound, Scaling
from . import APP, MAIN
from .pooled import PooledRate

RISE = 0.1     # a contradicting rise of log P must exceed 0.1 (10%) over the swept range of t


def _rate_check(y, x, t, group_by, grid, where=None):
    """log P against the printed variable t: any negative slope is allowed, a positive one contradicts.

    The tolerance is RISE / (the smallest range of t over the groups of ``grid``), so a flat stretch of the
    failure rate (a change of log P far below 10% across the range) never reads as a rise."""
    return Scaling(y=y, x=x, printed=0.0, direction="upper_bound", limit="inf", group_by=group_by, transform=t,
                   strict=True, tolerance=RISE / _smallest_t_range(grid, x, t, group_by), max_ci_width=math.inf,
                   where=where)


def _smallest_t_range(grid, x, t, keys) -> float:
    """The smallest range of t(x, group) over the groups of ``grid`` (for ``_rate_check``)."""
    groups = {}
    for p in grid:
        groups.setdefault(tuple(p[k] for k in keys), []).append(p)
    out = math.inf
    for key, pts in groups.items():
        g = dict(zip(keys, key))
        ts = [t(p[x], g) for p in pts]
        out = min(out, max(ts) - min(ts))
    return out


def _failure_record(m, eta, tag=""):
    """p_fail, failures, cp95 (suffixed by ``tag``) of the trials ``m`` at threshold η."""
    k, T = m.failures(eta), m.trials
    return {f"p_fail{tag}": k / T, f"failures{tag}": k, f"cp95{tag}": clopper_pearson_bounds(k, T)}


def _fixed(point, backend):
    """The fixed network and labels of the grid point (``net``: their seed)."""
    return fixed_nets.fixed_network(int(point["net"]), point["d"], point["width"], point["depth"], point["labels"],
                                    point.get("activation", "tanh"), backend)


def _eta(point, k: float, backend) -> float:
    """η = k·s(W, C) (000 Thm 5.1 holds for every η, so η may depend on W). s is calibrated on the tanh network of
    the same seed (``fixed_nets.confusion_scale``) for every activation: for sigmoid networks −min_{i≠j}<∇f_i,∇f_j>
    is negative in every calibration set (σ > 0: the gradients are positively aligned), so a sigmoid calibration
    would give η < 0, outside the theorem (η > 0)."""
    return k * fixed_nets.confusion_scale(int(point["net"]), point["labels"], point["width"], point["depth"],
                                          point["N"], point["d_ref"], point.get("loss", "square"), backend)


# =============================================================================== Theorem 5.1

def _measure_51(point, rng, backend):
    net, C = _fixed(point, backend)
    T, d = point["trials"], point["d"]
    m = trials.fixed_net_trials(net, C, T, point["N"], d, point["loss"], rng, backend)
    out = {"trials": T, "median_min_offdiag": m.median(), "q01_min_offdiag": m.quantile(0.01),
           "median_min_offdiag_x_sqrt_d": m.median() * math.sqrt(d), "median_min_cosine": m.median_cosine()}
    for tag in ("a", "b"):                          # two thresholds η from the same trials
        eta = _eta(point, point[f"k_{tag}"], backend)
        out.update({**_failure_record(m, eta, f"_{tag}"), f"eta_{tag}": eta, f"d_eta2_{tag}": d * eta ** 2})
    return out


def _d_k2(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k"] ** 2


def _d_ka2(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k_a"] ** 2


def _d_kb2(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k_b"] ** 2


def _grid_51(scale, T):
    ds = [16, 32, 64, 128] if scale == "quick" else [16, 32, 64, 128, 256]
    width = 128 if scale == "quick" else 256
    # 002 Sec. 4 names sigmoid and tanh (P1, P2); quick runs one fixed network per (activation, labels)
    # (ReLU, also named, only at full scale: its output unit is dead on most inputs, every <∇f_i,∇f_j> = 0)
    nets = {"tanh": (0,), "sigmoid": (0,)} if scale == "quick" else \
        {"tanh": (0, 1, 2), "sigmoid": (0, 1), "relu": (0,)}
    # the logistic loss at quick scale for sigmoid only (its label-signed derivative is what refutes there)
    losses = {"tanh": ("square",), "sigmoid": ("square", "logistic")} if scale == "quick" else \
        {act: ("square", "logistic") for act in nets}
    depths = (2,) if scale == "quick" else (2, 4)
    # thresholds η = k·s(W,C): at full scale the Lipschitz-label failure rates fall below 1/trials past d ~ 64
    # at k = 1, so smaller k there (the statement holds for every η)
    ks = {"lipschitz": (1.0, 1.5), "teacher": (1.0, 1.5)} if scale == "quick" else \
        {"lipschitz": (0.5, 0.75), "teacher": (1.0, 1.5)}
    return [dict(activation=act, labels=lab, net=net, loss=loss, k_a=ks[lab][0], k_b=ks[lab][1], d_ref=ds[0], d=d,
                 width=width, depth=depth, N=6, trials=T)
            for act in nets for depth in depths for loss in losses[act] for lab in ("lipschitz", "teacher")
            for net in nets[act] for d in ds]


_G51 = ("activation", "depth", "labels", "net", "loss", "k_a", "k_b")
_TANH_51 = [p for p in _grid_51("quick", 0) if p["activation"] == "tanh"]

THM_51 = Claim(
    id="confusion/thm-5.1", source=f"{APP} App. D.3, Theorem 5.1 (= {MAIN} Thm 4.1)",
    statement="‖W_p‖ <= 1 for all p, data uniform on the sphere, square or logistic loss: the confusion bound η "
              "holds w.p. >= 1 − N² exp(−c d η² / (16 ζ_0⁴ (β+2)⁴))",
    kind="scaling",
    check=AllOf(checks=(_rate_check("p_fail_a", "d", _d_ka2, _G51, _TANH_51, where={"activation": "tanh"}),
                        _rate_check("p_fail_b", "d", _d_kb2, _G51, _TANH_51, where={"activation": "tanh"}),
                        PooledRate(failures="failures_a", trials="trials", along="d", group_by=_G51,
                                   where={"activation": "sigmoid"}),
                        PooledRate(failures="failures_a", trials="trials", along="d", group_by=_G51,
                                   where={"activation": "relu"}))),
    grid={"quick": _grid_51("quick", 2500), "full": _grid_51("full", 8000)},
    repetitions={"quick": 3, "full": 4}, measure=_measure_51,
    notes="tanh, width 128 (>= d, so W_0 x keeps the norm of x), depth 2, N = 6; W and C drawn per seed and held "
          "fixed over the trials (the probability is over the data). The printed exponent's depth factor "
          "(ζ_0 = 2√β) is fixed by the grid; the fit is of log P against d·η² in each (labels, η) group",
    reading=Reading(
        hypotheses="Weights with ‖W_p‖ ≤ 1 (Assumption 1), σ with (P1), (P2) (002 Sec. 4 names sigmoid and tanh), data "
                   "uniform on the sphere, square or logistic loss, any η > 0, some constant c > 0.",
        chosen="Fixed semi-orthogonal W per group, η = k·s(W, C) > 0; the failure probability must fall in d (slope of "
               "log P against d·k² below 0) for tanh; for sigmoid (no rate to fit: its failures are ~0 under the "
               "square loss and do not fall with d under the logistic loss) the pooled failure rate at the largest d "
               "is judged instead: REFUTED when most draws fail there.",
        alternatives="None for the law (stated). Labels: a realizable teacher and a random Lipschitz function, both "
                     "admitted (|C| ≤ 1, ‖∇C‖ ≤ 1).",
        edges="‖W_p‖ = 1 exactly; tanh and sigmoid (ReLU, also named, at full scale); η at the calibration scale "
              "and 1.5×; the logistic loss (sigmoid at quick scale, every activation at full); depth 4 at full scale.",
        regime="quick: d 16..128 at width 128, 2500 trials × 3; full: d to 256, width 256, depths 2, 4, 8000 trials × "
               "4. A false statement shows as a failure rate that does not fall with d."),
)


# =============================================================================== Corollary 5.1

def _measure_c51(point, rng, backend):
    """Failure anywhere in the ball B_r(W), r = η/(4ζ_0²) (the edge of the corollary's first case), by
    projected ascent on each trial's worst pair (``kernels.nets.adversary``)."""
    net, C = _fixed(point, backend)
    T, d, beta = point["trials"], point["d"], point["depth"]
    eta = _eta(point, point["k"], backend)
    zeta0 = 2 * math.sqrt(beta)
    r = eta / (4 * zeta0 ** 2)
    m = trials.ball_trials(net, C, T, point["N"], d, r, point["steps"], rng, backend)
    K = 64 * zeta0 ** 4 * (beta + 2) ** 4
    return {**_failure_record(m, eta), "trials": T, "p_fail_at_center": m.failures(eta, at_center=True) / T,
            "radius": r, "eta": eta, "d_eta2": d * eta ** 2, "median_drop_in_ball": m.median_drop_in_ball(),
            "case2_exponent_at_case_boundary_per_d": f"c η²/{K:.3g} − 2 (vacuous unless c > {2 * K / eta ** 2:.3g})"}


def _grid_c51(scale, T):
    if scale == "quick":
        return product(activation=["tanh", "sigmoid"], labels=["lipschitz"], net=[0], k=[1.0], d_ref=[8],
                       d=[8, 16, 32, 64], width=[64], depth=[2], N=[6], trials=[T], steps=[1])
    return product(activation=["tanh", "sigmoid"], labels=["lipschitz", "teacher"], net=[0, 1], k=[1.0], d_ref=[8],
                   d=[8, 16, 32, 64, 128], width=[128], depth=[2, 4], N=[6], trials=[T], steps=[2])


_GC51 = ("activation", "depth", "labels", "net", "k")


COR_51 = Claim(
    id="confusion/cor-5.1", source=f"{APP} App. D.3.1, Corollary 5.1 (= {MAIN} Cor 4.1)",
    statement="W with ‖W_p‖ <= 1, data uniform on the sphere: the confusion bound holds uniformly on the ball B_r(W) "
              "w.p. >= 1 − N² exp(−c d η² / (64 ζ_0⁴ (β+2)⁴)) if r <= η/(4ζ_0²), else "
              ">= 1 − N² exp(−c d η²/(64 ζ_0⁴ (β+2)⁴) + 8 d ζ_0² r / η)",
    kind="scaling",
    check=AllOf(checks=(_rate_check("p_fail", "d", _d_k2, _GC51,
                                    [p for p in _grid_c51("quick", 0) if p["activation"] == "tanh"],
                                    where={"activation": "tanh"}),
                        PooledRate(failures="failures", trials="trials", along="d", group_by=_GC51,
                                   where={"activation": "sigmoid"}))),
    grid={"quick": _grid_c51("quick", 500), "full": _grid_c51("full", 2000)},
    repetitions={"quick": 3, "full": 4}, measure=_measure_c51,
    notes="first case at its edge r = η/(4ζ_0²); the sup over the ball is approached from below by projected "
          "ascent on the worst pair, so the measured failure rate is a lower bound on the true one. The second "
          "case is vacuous at the case boundary unless c > 2·64ζ_0⁴(β+2)⁴/η² (recorded per point)",
    reading=Reading(
        hypotheses="As confusion/thm-5.1, uniformly over the ball B_r(W) with r ≤ η/(4ζ_0²) (first case) or larger r "
                   "(second case).",
        chosen="The first case at its edge r = η/(4ζ_0²), the sup over the ball approached by projected ascent (a "
               "lower "
               "bound on the true failure rate), tanh and sigmoid.",
        alternatives="The second case is vacuous at the case boundary unless c > 2·64ζ_0⁴(β+2)⁴/η² (recorded per "
                     "point); no separate id.",
        edges="r at the edge of the first case; sigmoid (no confusion seen: gradients positively aligned).",
        regime="quick: d 8..64, width 64, 500 trials × 3; full: d to 128, width 128, depths 2, 4, 2000 trials. A false "
               "statement shows as a failure rate not falling with d."),
)


# =============================================================================== Theorem 4.1 (Strategy 4.1)

def _measure_41(point, rng, backend):
    beta, ell, kappa, eta, d = point["depth"], point["width"], point["kappa"], point["eta"], point["d"]
    if point["part"] == "fixed":
        s = trials.strategy41_fixed_data(d, ell, beta, kappa, rng, backend)
        m = s["min_offdiag"]
        # the kernel's fixed data {x, −x, y, −y} (x, y the first two basis vectors): part 1 asks ‖x_i‖ <= 1 only
        X = np.concatenate([np.eye(d)[:2], -np.eye(d)[:2]])
        return {**data.assumption_values(X, sense="euclidean"), "min_offdiag": m, "minus_eta": -eta, "failed": m < -eta, "opnorm_W0": s["opnorm_W0"],
                "W0_satisfies_assumption1": s["opnorm_W0"] <= 1.0, "min_cosine": s["min_cosine"],
                "grad_norm2_x": s["grad_norm2_x"]}
    # one fixed labeling function per grid group (the same at every width): only weights and data vary
    T = point["trials"]
    C = fixed_nets.fixed_lipschitz_labels(d, point["cseed"], backend)
    m = trials.strategy41_trials(d, ell, beta, kappa, C, T, point["N"], rng, backend)
    return {**_failure_record(m, eta), "trials": T, "x_printed": ell * d + ell ** 2 * beta,
            "median_min_offdiag": m.median(), "median_min_cosine": m.median_cosine(),
            "median_opnorm_W0": m.median_opnorm_W0(), "median_grad_norm2": m.median_grad_norm2()}


def _ld_l2b(x, group):
    """(ℓd + ℓ²β)/1000"""
    return (x * group["d"] + x * x * group["depth"]) / 1000.0


_G41 = ("kappa", "depth", "d", "eta", "cseed")


def _grid_41(scale):
    if scale == "quick":
        fixed = product(part=["fixed"], kappa=[1.0], depth=[2], d=[4], eta=[5.0], width=[8, 32, 128],
                        trial=list(range(15)))
        fixed += product(part=["fixed"], kappa=[4.0], depth=[1], d=[4], eta=[5.0], width=[8, 32, 128],
                         trial=list(range(15)))
        sphere = product(part=["sphere"], kappa=[1.0], depth=[2], d=[8], eta=[0.25], N=[4], cseed=[0],
                         width=[32, 64, 128, 256], trials=[500])
    else:
        fixed = product(part=["fixed"], kappa=[1.0, 4.0, 16.0], depth=[1, 2, 4], d=[4], eta=[5.0],
                        width=[8, 32, 128, 512], trial=list(range(25)))
        sphere = product(part=["sphere"], kappa=[1.0, 4.0], depth=[1, 2, 4], d=[8, 32], eta=[0.25], N=[4],
                         cseed=[0], width=[32, 64, 128, 256], trials=[1000])
    return fixed + sphere


THM_41 = Claim(
    id="confusion/thm-4.1", source=f"{APP} App. D.4, Theorem 4.1 (= {MAIN} Thm 4.2, Strategy 4.1)",
    statement="Strategy 4.1 init (W_0 ~ N(0, 1/(κd)), W_p ~ N(0, 1/(κℓ))). Part 1 (fixed data, ‖x_i‖ <= 1, η > 4): "
              "confusion bound holds w.p. >= 1 − β e^{−c_1κ²ℓ²} − N² e^{−cℓ²β(η−4)²/(64ζ_0⁴(β+2)⁴)}. "
              "Part 2 (sphere data, η > 0): w.p. >= 1 − β e^{−c_1κ²ℓ²} − N² e^{−c_2(ℓd + ℓ²β)η²/(16ζ_0⁴(β+2)⁴)}",
    kind="scaling",
    check=AllOf(checks=(HighProbabilityBound(lhs="min_offdiag", rhs="minus_eta", sense=">=", along="width",
                                             group_by=("kappa", "depth"), where={"part": "fixed"}),
                        _rate_check("p_fail", "width", _ld_l2b, _G41,
                                    [p for p in _grid_41("quick") if p["part"] == "sphere"],
                                    where={"part": "sphere"}))),
    grid={"quick": _grid_41("quick"), "full": _grid_41("full")},
    repetitions={"quick": 4, "full": 4}, measure=_measure_41,
    notes="tanh, square loss. Part 1: fixed data {x, −x, y, −y} with C ≡ 1 (allowed: |C| <= 1, ∇C = 0), one draw "
          "of the weights per record. Part 2: failure rate from batched weight+data draws, fitted in the printed "
          "variable ℓd + ℓ²β. W_0's variance 1/(κd) (κ applied to W_0 too; the OCR of 002 is garbled there)",
    reading=Reading(
        hypotheses="Strategy 4.1 init (W_0 variance 1/(κd), W_p variance 1/(κℓ)); part 1: fixed data ‖x_i‖ ≤ 1, η > 4; "
                   "part 2: sphere data, η > 0. Message: wider → less confusion, deeper → more.",
        chosen="tanh, square loss; part 1 on fixed data {x, −x, y, −y} with C ≡ 1, part 2 failure rates fitted in the "
               "printed variable ℓd + ℓ²β; κ applied to W_0 too (000 footnote 7; 002's OCR is garbled).",
        alternatives="κ on the hidden layers only (002's garbled text): no id of its own, since at κ = 1 (in the grid) "
                     "both placements are the same init, and part 1 fails there (60/60 draws at ℓ = 32 and 128).",
        edges="η just above 4 (5), widths 8 to 128 (512 full), κ 1 and 4 (16 full), depths 1, 2 (4 full).",
        regime="quick: part 1 ℓ 8..128 (15 draws each), part 2 ℓ 32..256 at d = 8; full adds depth 4 and d = 32. A "
               "false statement shows as failures that do not vanish as ℓ grows."),
)

CLAIMS = [THM_51, COR_51, THM_41]
