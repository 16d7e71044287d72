"""Fact 7.2 of 001 (Sec. 7.1): the law of a ReLU-masked Gaussian vector, as printed and corrected.

Printed: h, q ∈ R^p fixed, h != 0, W_ij ~ N(0, 2/m), v_i = 1{(W(h+q))_i >= 0} (Wh)_i: the |v_i| are i.i.d., half 0
and half |N(0, 2‖h‖²/m)|, and m‖v‖²/(2‖h‖²) ~ χ²_ω with ω ~ Binomial(m, 1/2).
Read as: per point, N draws of W and three tests (kernels.nets.relu_gaussian.masked_gaussian_test), Bonferroni
over the 3. q = -h (h + q = 0) is allowed by the printed statement, but then every indicator is 1 and the law
is χ²_m: the ``/corrected`` variant asks h + q != 0, which the proof needs.
"""
from __future__ import annotations

from kernels.nets.relu_gaussian import masked_gaussian_test

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


FACT_72 = Claim(
    id="overparam/fact-7.2", source=f"{SOURCE} Sec. 7.1, Fact 7.2",
    statement="h, q ∈ R^p fixed, h != 0, W_ij ~ N(0, 2/m), v_i = φ((Wh)_i) = 1{(W(h+q))_i >= 0}(Wh)_i: |v_i| i.i.d. "
              "half 0, half |N(0, 2‖h‖²/m)|; m‖v‖²/(2‖h‖²) ~ χ²_ω with ω ~ Binomial(m, 1/2)",
    kind="identity", check=Predicate(summary_keys=KEYS),
    grid={"quick": grid(["zero", "random", "minus_2h", "cancel"], [1, 8, 64], 2000),
          "full": grid(["zero", "random", "minus_2h", "cancel"], [1, 2, 8, 64, 512], 20000)},
    measure=measure, notes=NOTE + ". q = -h (h + q = 0) is allowed by the statement: then every "
                                  "indicator is 1 and the law is χ²_m",
)

FACT_72_CORRECTED = Claim(
    id="overparam/fact-7.2/corrected", source=f"{SOURCE} Sec. 7.1, Fact 7.2 with h + q != 0",
    statement="as Fact 7.2, for h + q != 0 (the proof's 'indicator is 1 with half probability' needs it)",
    kind="identity", check=Predicate(summary_keys=KEYS),
    grid={"quick": grid(["zero", "random", "minus_2h"], [1, 8, 64], 2000),
          "full": grid(["zero", "random", "minus_2h"], [1, 2, 8, 64, 512], 20000)},
    measure=measure, notes=NOTE,
)

CLAIMS = [FACT_72, FACT_72_CORRECTED]
