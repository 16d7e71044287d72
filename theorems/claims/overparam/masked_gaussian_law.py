"""Fact 7.2 of 001 (Sec. 7.1): the law of a ReLU-masked Gaussian vector, as printed and corrected.

Printed: h, q ∈ R^p fixed, h != 0, W_ij ~ N(0, 2/m), v_i = 1{(W(h+q))_i >= 0} (Wh)_i: the |v_i| are i.i.d., half 0
and half |N(0, 2‖h‖²/m)|, and m‖v‖²/(2‖h‖²) ~ χ²_ω with ω ~ Binomial(m, 1/2).
Read as: per point, N draws of W and three tests (kernels.nets.relu_gaussian.masked_gaussian_test), Bonferroni
over the 3. q = -h (h + q = 0) is allowed by the printed statement, but then every indicator is 1 and the law
is χ²_m: the ``/corrected`` variant asks h + q != 0, which the proof needs.

The statement defines v twice, and the two definitions disagree unless q = 0: v_i = φ((Wh)_i) (q plays no role)
and v_i = 1{(W(h+q))_i >= 0}(Wh)_i. The proof ("the indicator 1{<W_i, h+q> >= 0} is 1 with half probability")
and the uses with q != 0 (Lemma 7.3a: D_ℓ from the forward pass applied to another vector z) take the second;
the printed id checks it, ``/phi-reading`` checks the first.
"""
from __future__ import annotations

from kernels.nets.relu_gaussian import masked_gaussian_test

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate
from . import SOURCE


def measure(p, rng, be):
    m, q = p["m"], p["q"]
    t = masked_gaussian_test(m, p["p"], p["samples"], q, rng)
    p_min = min(1.0, 3 * min(t.p_mixture, t.p_zero_fraction, t.p_folded_normal))      # Bonferroni over the 3 tests
    return {"ks_stat_sum": t.ks_statistic, "p_sum": t.p_mixture, "p_zero_fraction": t.p_zero_fraction,
            "p_folded_normal": t.p_folded_normal, "p_bonferroni": p_min, "zero_fraction": t.zero_fraction,
            "mean_T": t.mean_T, "mixture_mean": m / 2.0, "h_plus_q_norm": t.h_plus_q_norm,
            "holds": p_min >= 1e-4, "certain": p_min < 1e-9,
            "explain": f"q={q}, m={m}: mixture KS p={t.p_mixture:.3g}, zero fraction {t.zero_fraction:.3f} "
                       f"(p={t.p_zero_fraction:.3g}), folded-normal p={t.p_folded_normal:.3g}; mean of "
                       f"m|v|^2/(2|h|^2) {t.mean_T:.3g} vs mixture mean {m / 2:g}"}


KEYS = ("p_bonferroni", "p_sum", "zero_fraction", "mean_T", "mixture_mean")
NOTE = ("per point: N draws of W; KS of m‖v‖²/(2‖h‖²) against the Binomial(m,1/2)-mixture of χ²_ω (randomized "
        "probability integral transform for the atom at 0), an exact "
        "binomial test of the zero fraction of |v_i| and KS of the nonzero |v_i| against |N(0, 2‖h‖²/m)|; "
        "Bonferroni over the 3; REFUTED below p = 1e-9, INCONCLUSIVE between 1e-9 and 1e-4")


def grid(qs, ms, N):
    return [{"m": m, "p": 6, "q": q, "samples": N} for q in qs for m in ms]


HYPOTHESES = ("h, q ∈ R^p fixed, h != 0 (q unrestricted), W_ij ~ N(0, 2/m) i.i.d.; v defined as "
              "v_i = φ((Wh)_i) = 1{(W(h+q))_i >= 0}(Wh)_i.")
ALTERNATIVES = ("v_i = φ((Wh)_i), where q plays no role (= the indicator reading at q = 0): /phi-reading. "
                "The indicator reading restricted to h + q != 0: /corrected. A strict indicator 1{· > 0} changes "
                "nothing for h + q != 0 (ties have probability 0) and at q = -h gives v = 0: fails too, no id needed.")
EDGES = ("q = 0, q random (3 N(0, I)), q = -2h (h + q = -h, the sign-flipped mask) and q = -h (h + q = 0, the "
         "edge the printed hypotheses admit); m from 1 (a single coordinate) to 64 (512 full).")


FACT_72 = Claim(
    id="overparam/fact-7.2", source=f"{SOURCE} Sec. 7.1, Fact 7.2",
    statement="h, q ∈ R^p fixed, h != 0, W_ij ~ N(0, 2/m), v_i = φ((Wh)_i) = 1{(W(h+q))_i >= 0}(Wh)_i: |v_i| i.i.d. "
              "half 0, half |N(0, 2‖h‖²/m)|; m‖v‖²/(2‖h‖²) ~ χ²_ω with ω ~ Binomial(m, 1/2)",
    kind="identity", check=Predicate(summary_keys=KEYS),
    grid={"quick": grid(["zero", "random", "minus_2h", "cancel"], [1, 8, 64], 2000),
          "full": grid(["zero", "random", "minus_2h", "cancel"], [1, 2, 8, 64, 512], 20000)},
    measure=measure, notes=NOTE + ". q = -h (h + q = 0) is allowed by the statement: then every "
                                  "indicator is 1 and the law is χ²_m",
    reading=Reading(
        hypotheses=HYPOTHESES,
        chosen="v_i = 1{(W(h+q))_i >= 0}(Wh)_i for every fixed q, h != 0: the proof's reading (it argues the "
               "indicator 1{<W_i, h+q> >= 0} is 1 with probability 1/2) and the one its uses with q != 0 need "
               "(Lemma 7.3a applies D_ℓ of the forward pass to a different vector).",
        alternatives=ALTERNATIVES, edges=EDGES,
        regime="exact finite-m laws, no asymptotics: N = 2000 (20000 full) draws per point; a wrong law shows "
               "as a Bonferroni p-value below 1e-9 (at q = -h: mean of m‖v‖²/(2‖h‖²) is m, not m/2)."),
)

FACT_72_PHI = Claim(
    id="overparam/fact-7.2/phi-reading", source=f"{SOURCE} Sec. 7.1, Fact 7.2 with v = φ(Wh)",
    statement="as Fact 7.2, reading v by its first definition v_i = φ((Wh)_i), in which q does not enter",
    kind="identity", check=Predicate(summary_keys=KEYS),
    grid={"quick": grid(["zero"], [1, 2, 8, 64, 256], 2000), "full": grid(["zero"], [1, 2, 8, 64, 512], 20000)},
    measure=measure, notes=NOTE + ". v = φ(Wh) is the indicator form with q = 0, so only q = 0 is measured",
    reading=Reading(
        hypotheses=HYPOTHESES,
        chosen="v_i = φ((Wh)_i) = 1{(Wh)_i >= 0}(Wh)_i, the first of the two printed definitions; q does not enter "
               "(Lemma 7.1 uses the fact this way, with h = h_{ℓ-1} and q = 0).",
        alternatives="the indicator reading with q: the printed id (REFUTED at q = -h) and /corrected (h + q != 0).",
        edges="m from 1 to 256 (512 full); h a random direction (the law depends on h only through ‖h‖).",
        regime="exact finite-m law; N = 2000 (20000 full) draws per point, REFUTED below p = 1e-9."),
)

FACT_72_CORRECTED = Claim(
    id="overparam/fact-7.2/corrected", source=f"{SOURCE} Sec. 7.1, Fact 7.2 with h + q != 0",
    statement="as Fact 7.2, for h + q != 0 (the proof's 'indicator is 1 with half probability' needs it)",
    kind="identity", check=Predicate(summary_keys=KEYS),
    grid={"quick": grid(["zero", "random", "minus_2h"], [1, 8, 64], 2000),
          "full": grid(["zero", "random", "minus_2h"], [1, 2, 8, 64, 512], 20000)},
    measure=measure, notes=NOTE,
    reading=Reading(
        hypotheses=HYPOTHESES,
        chosen="the proof's indicator reading v_i = 1{(W(h+q))_i >= 0}(Wh)_i with the hypothesis h + q != 0 added, "
               "which the proof's step 'the indicator is 1 with half probability' needs.",
        alternatives="the printed id (q unrestricted, REFUTED at q = -h); /phi-reading (v = φ(Wh)).",
        edges="q = 0, random, and -2h (h + q = -h: the mask of -Wh); m from 1 to 64 (512 full).",
        regime="exact finite-m laws; N = 2000 (20000 full) draws per point, REFUTED below p = 1e-9."),
)

CLAIMS = [FACT_72, FACT_72_PHI, FACT_72_CORRECTED]
