"""Theorem 5 of 001 (Sec. 4.2, Sec. 14 for d outputs): near W^(0) the network is its NTK linearization.

Printed: for ‖W'‖_2 <= ω <= 1/poly(L, log m): (a) ‖∇y(W^(0)+W'; x) - ∇y^ntk(W'; x)‖_F <= Õ(ω^{1/3} L³) ‖∇y^ntk‖_F;
(b) y(W^(0)+W'; x) = y(W^(0); x) + y^ntk(W'; x) ± Õ(L³ ω^{4/3} sqrt m);
(c) <∇y(W;x), ∇y(W;x~)> = K^ntk(x,x~) ± Õ(ω^{1/3} L³) sqrt(K^ntk(x,x) K^ntk(x~,x~)).
Read as: ∇y^ntk(W'; x) = ∇y(W^(0); x) for every W'; ratios (a), (c) and the error of (b) are fitted in ω -> 0
for random W' and for a coherent sign-flip adversary (rank 1 per layer, ‖W'_ℓ‖_2 = ω), and in L along ω = 0.04/L:
kernels.nets.deep_relu_perturbations.linearization.
"""
from __future__ import annotations

import math

from kernels.nets import deep_relu as dr
from kernels.nets.deep_relu_perturbations import linearization

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import D_IN, SOURCE, common, data_values


def measure(p, rng, be):
    m, L, omega = p["m"], p["L"], p["omega"]
    crn = common(rng, "overparam/thm-5", p, "L" if p["sweep"] == "L/adversarial" else "omega")   # same x, W^(0)
    # (nested in L) and random direction at every swept value
    X = dr.allen_zhu_arc(2, D_IN, 0.5, crn)                 # x and x~ (unit, Allen-Zhu normalized)
    lin = linearization(dr.init(m, L, D_IN, 1, crn, be.xp), X, omega, p["perturbation"], crn)
    err_b = abs(lin.y_change - lin.y_ntk)
    (k0, k1), (kxx, kyy) = lin.kernel_cross, lin.kernel_diag
    return {**data_values(X, 0.5), "ratio_a": math.sqrt(max(lin.gradient_change2, 0.0) / lin.gradient2), "err_b": err_b,
            "err_b_over_sqrt_m": err_b / math.sqrt(m),
            "err_b_over_sqrt_log_m": err_b / math.sqrt(math.log(m)),       # Sec. 14 (14.1): O(L³ω^{4/3} sqrt(m log m))
            "ratio_c": abs(k1 - k0) / math.sqrt(kxx * kyy),
            "ratio_c_same_x": abs(lin.kernel_diag_perturbed - kxx) / kxx, "sign_changes": lin.sign_changes,
            "sign_changes_over_m_omega23": lin.sign_changes / (L * m * omega ** (2 / 3)),
            "omega_actual": lin.perturbation_norm, "y_ntk": lin.y_ntk,
            "ratio_a_over_omega13": math.sqrt(max(lin.gradient_change2, 0.0) / lin.gradient2) / omega ** (1 / 3),
            "err_b_over_omega43_sqrt_m": err_b / (omega ** (4 / 3) * math.sqrt(m)),
            "ratio_c_same_x_over_omega13": abs(lin.kernel_diag_perturbed - kxx) / kxx / omega ** (1 / 3)}


def grid(scale):
    """Random W' flips ~ 0.1 ω m L signs, adversarial ones ~ m L ω^{2/3}: each ω range keeps >= ~5 flips."""
    if scale == "quick":
        adv = [{"m": 1024, "L": 3, "omega": o} for o in (0.002, 0.008, 0.032, 0.128)]
        rnd = [{"m": 512, "L": 3, "omega": o} for o in (0.04, 0.12, 0.36)]
        extra = L_sweep([1, 2, 4, 8], 1024)
    else:
        adv = [{"m": 2048, "L": 6, "omega": o} for o in (0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128)]
        rnd = [{"m": 1024, "L": 6, "omega": o} for o in (0.01, 0.02, 0.04, 0.08, 0.16, 0.32)]
        extra = [{"sweep": "m/adversarial", "m": mm, "L": 3, "omega": 0.01, "perturbation": "adversarial"}
                 for mm in [512, 1024, 2048, 4096]] + L_sweep([1, 2, 4, 8, 16], 2048)
    return ([{"sweep": "omega/adversarial", **p, "perturbation": "adversarial"} for p in adv]
            + [{"sweep": "omega/random", **p, "perturbation": "random"} for p in rnd] + extra)


def L_sweep(Ls, m: int) -> list[dict]:
    """L with ω = 0.04/L (ω <= 1/poly(L, log m) followed with the constant fixed; ω >= m^{-3/2}) at fixed m, the
    adversary: the printed errors divided by their ω-rates must grow at most like L^3."""
    return [{"sweep": "L/adversarial", "m": m, "L": L, "omega": 0.04 / L, "perturbation": "adversarial"} for L in Ls]


THM_5 = Claim(
    id="overparam/thm-5", source=f"{SOURCE} Sec. 4.2, Theorem 5 (Sec. 14 for d outputs)",
    statement="for ‖W'‖_2 <= ω <= 1/poly(L, log m): (a) ‖∇y(W^(0)+W'; x) - ∇y^ntk(W'; x)‖_F <= Õ(ω^{1/3} L³) ‖∇y^ntk‖_F; "
              "(b) y(W^(0)+W'; x) = y(W^(0); x) + y^ntk(W'; x) ± Õ(L³ ω^{4/3} sqrt m); "
              "(c) <∇y(W;x), ∇y(W;x~)> = K^ntk(x,x~) ± Õ(ω^{1/3} L³) sqrt(K^ntk(x,x) K^ntk(x~,x~))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="ratio_a", x="omega", printed=1 / 3, direction="upper_bound", limit="0",
                                group_by=("perturbation",), where={"sweep": "omega/adversarial"}),
                        Scaling(y="ratio_a", x="omega", printed=1 / 3, direction="upper_bound", limit="0",
                                group_by=("perturbation",), where={"sweep": "omega/random"}),
                        Scaling(y="err_b_over_sqrt_m", x="omega", printed=4 / 3, direction="upper_bound",
                                limit="0", group_by=("perturbation",), where={"sweep": "omega/adversarial"}),
                        Scaling(y="ratio_c_same_x", x="omega", printed=1 / 3, direction="upper_bound",
                                limit="0", group_by=("perturbation",), where={"sweep": "omega/adversarial"}),
                        Scaling(y="err_b_over_sqrt_log_m", x="m", printed=0.5, direction="upper_bound",
                                limit="inf", group_by=("perturbation",), where={"sweep": "m/adversarial"}),
                        *(Scaling(y=y, x="L", printed=3, direction="upper_bound", limit="inf",
                                  where={"sweep": "L/adversarial"})
                          for y in ("ratio_a_over_omega13", "err_b_over_omega43_sqrt_m",
                                    "ratio_c_same_x_over_omega13")))),
    grid={"quick": grid("quick"), "full": grid("full")},
    repetitions={"quick": 7, "full": 8}, measure=measure,
    notes="d = 1 output; ω kept above the lower end m^{-3/2} of Sec. 14's range. The m sweep (full scale) fits "
          "err_b / sqrt(log m) against m^{1/2}: the Õ of (b) is O(L³ω^{4/3} sqrt(m log m)) in Sec. 14 (14.1). (b), (c) are fitted on the "
          "adversarial sweep only (random W' flips few, randomly signed coordinates: too noisy to fit at quick scale); "
          "(c) is judged at x~ = x (allowed: two fixed unit vectors), where the adversary's changes of K add up; "
          "ratio_c at a distinct x~ (distance 0.5) is recorded. 'adversarial': per layer "
          "W'_ℓ = ω u ĥᵀ mirroring the pre-activations of smallest |g_k| among coordinates where the backward "
          "signal Back_{ℓ+1}ᵀ e_1 > 0, so the flipped coordinates' effects on y add up (about m ω^{2/3} flips per "
          "layer: the count behind Lemma 8.2b); 'random': ω G/‖G‖_2",
    reading=Reading(
        hypotheses="x, x~ fixed unit inputs (last coordinate 1/sqrt2); Def. 2.3 weights W^(0); every W' with "
                   "‖W'‖_2 <= ω <= 1/poly(L, log m) (Sec. 14: also ω >= m^{-3/2} up to logs); Õ hides polylog(m).",
        chosen="∇y^ntk(W'; x) = ∇y(W^(0); x) (the NTK linearization is linear in W'), so (a) is the relative "
               "gradient change, (b) the error of the first-order expansion, (c) the kernel change; each fitted in "
               "ω -> 0 with the exponent at least the printed one (1/3, 4/3, 1/3) and (b) at most sqrt(m) in m, "
               "after dividing by the sqrt(log m) that Sec. 14 (14.1) spells out for the Õ. "
               "W' ranges over a coherent sign-flip adversary and a random direction (the 'for every W'' as a "
               "max over two families, not a supremum).",
        alternatives="(b) in m without the sqrt(log m) of Sec. 14 (err_b itself, recorded): over m = 512..4096 a "
                     "sqrt(log m) factor adds about 0.07 to a fitted exponent, so the bare fit is not a test of the "
                     "Õ statement. Fixed ω along the m sweep (the hypothesis ω <= O(1/(L^4.5 log³ m)) holds for "
                     "the largest m with its unknown constant) rather than ω shrinking like 1/log³ m, which would "
                     "bias the fit through the ω-rate. For the rest: none for the statement. (c) is judged at x~ = x (two fixed unit vectors may coincide), where "
                     "the adversary's kernel changes add up; ratio_c at a distinct x~ is recorded, not judged.",
        edges="ω from 0.002 to 0.128 (5e-4 to 0.128 full), above m^{-3/2}; the adversary flips the ~m ω^{2/3} "
              "sign patterns per layer that Lemma 8.2b counts, the worst case of the proof.",
        regime="quick: m = 512-1024, L = 3, and L = 1..8 at ω = 0.04/L, m = 1024; full: m = 1024-2048, L = 6, "
               "m = 512..4096 at ω = 0.01, and L = 1..16 at ω = 0.04/L, m = 2048. The L sweep divides each error by "
               "its printed ω-rate and fits the exponent in L against the printed L^3 (only faster growth refutes). "
               "A rate slower than ω^{1/3} would fit an exponent below 1/3 - 0.1."),
)


CLAIMS = [THM_5]
