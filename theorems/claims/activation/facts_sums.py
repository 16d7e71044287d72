"""Concentration of means of independent bounded variables, 004 App. C: Facts C.3 (Hoeffding) and C.4
(multiplicative Chernoff), each as printed.

Probabilities are EXACT (kernels.probability.exact_laws): two-point variables x_i in {a_i, b_i} (the extremal laws
of a bounded variable) with integer width ratios, whose mean has a lattice law computed by an exact integer
convolution (each p_i = P_i / 2^e_i exactly as the float it is); and i.i.d. uniform variables through the
Irwin-Hall CDF in rational arithmetic. Events such as |x̄ - E x̄| >= t are decided in exact rationals; the
printed bounds are compared at 40 digits, and a violation counts as certain only beyond a relative margin of 1e-25.

Reading of the printed statements:
- C.3: Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum_i (a_i - b_i)^2), for every t > 0.
- C.4: with E(x̄) (the MEAN, in [0, 1]) in the exponent, as printed, for t in (0, 1). Chernoff's bound has
  E(sum x_i) = n E(x̄) there; the printed bound is therefore weaker (never below e^{-1/2}) and true.
"""
from __future__ import annotations

import mpmath

from kernels.probability import exact_laws as ep

from ...fuzz.engine import from_measurement, property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40                       # working digits for the exact probabilities
REL_TOL = 1e-25                # a violation must exceed this relative margin (40-digit arithmetic)


# ---- C.3 -------------------------------------------------------------------------------------------------

def c3_values(family: str, t: float, ps=None, widths=None, scale: float = 1.0, n: int | None = None) -> dict:
    """004 Fact C.3 (Hoeffding): Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum (a_i - b_i)^2).

    family "two-point": x_i = a_i + scale * w_i * B_i, B_i ~ Bernoulli(p_i) (w_i positive integers, a_i arbitrary:
    x̄ - E x̄ does not depend on them). family "uniform": x_i ~ U[a, a + scale] i.i.d. (n of them).
    """
    if family == "two-point":
        n = len(ps)
        widths = [int(w) for w in widths]
        lhs = ep.two_point_mean_deviation(ps, widths, scale, t, DPS)
        sum_sq = float(scale) ** 2 * sum(w * w for w in widths)
    elif family == "uniform":
        n = int(n)
        lhs = ep.uniform_mean_deviation(n, scale, t, DPS)
        sum_sq = n * float(scale) ** 2
    else:
        raise ValueError(family)
    with mpmath.workdps(DPS):
        rhs = 2 * mpmath.exp(-2 * mpmath.mpf(n) ** 2 * mpmath.mpf(t) ** 2 / mpmath.mpf(sum_sq))
        margin = 1 - lhs / rhs
    holds = bool(lhs <= rhs)
    return {"applies": bool(t > 0 and n >= 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL),
            "family": family, "n": n, "t": t, "lhs": float(lhs), "rhs": float(rhs), "margin": float(margin),
            "explain": f"{family}, n={n}, t={t:.6g}: Pr(|x̄ - E x̄| >= t) = {float(lhs):.10g} > {float(rhs):.10g}"}


def _c3_instance(point):
    n, fam = point["n"], point["family"]
    if fam == "uniform":
        return {"family": "uniform", "n": n, "scale": 1.0}
    if point["law"] == "iid":
        ps, ws = [point["p"]] * n, [1] * n
    else:                                       # heterogeneous: probabilities and widths cycle
        ps = [(0.05, 0.5, 0.9, 0.3)[i % 4] for i in range(n)]
        ws = [(1, 2, 3)[i % 3] for i in range(n)]
    return {"family": "two-point", "ps": ps, "widths": ws, "scale": 1.0}


def _measure_c3(point, rng, backend):
    return c3_values(t=point["t"], **_c3_instance(point))


def _c3_grid(ns, ts, ps):
    pts = [{"family": "two-point", "law": "iid", "p": p, "n": n, "t": t} for p in ps for n in ns for t in ts]
    pts += [{"family": "two-point", "law": "mixed", "p": None, "n": n, "t": t} for n in ns for t in ts]
    pts += [{"family": "uniform", "law": "iid", "p": None, "n": n, "t": t} for n in ns for t in ts]
    return pts


FACT_C3 = Claim(
    id="activation/fact-C.3", source=f"{SOURCE} App. C, Fact C.3 (Hoeffding; Boucheron et al. 2013)",
    statement="x_i independent in [a_i, b_i], x̄ their mean: Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum (a_i - b_i)^2)",
    kind="bound", check=Predicate(summary_keys=("family", "n", "t", "lhs", "rhs", "margin")),
    grid={"quick": _c3_grid([1, 5, 20], [0.05, 0.2, 0.45], [0.5, 0.1]),
          "full": _c3_grid([1, 2, 5, 10, 20, 40], [0.01, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6], [0.5, 0.1, 0.01])},
    measure=_measure_c3,
    notes="exact laws: integer convolution of two-point variables, Irwin-Hall CDF in rationals; events decided in rationals",
    reading=Reading(
        hypotheses="004 Fact C.3: x_1..x_n independent, x_i in [a_i, b_i] (any laws, not identically distributed), "
                   "x̄ the empirical mean, every t > 0.",
        chosen="As printed, two-sided, with exact probabilities; the laws tried are the extremal ones for Hoeffding "
               "(two-point laws on {a_i, b_i}, where the bound is closest) plus uniform laws.",
        alternatives="none: x̄ is defined as the mean in the statement and the denominator sum (a_i - b_i)^2 is "
                     "Hoeffding's; no other reading.",
        edges="n = 1 (one variable), skewed p = 0.1 (0.01 full), heterogeneous widths 1, 2, 3 with mixed p, t up to 0.45 "
              "(0.6 full, near the range where the event is empty).",
        regime="quick: n in {1, 5, 20}, 3 t, 4 laws; full: n up to 40, 7 t, 5 laws. A false bound shows as an exact "
               "probability above 2 exp(-2 n^2 t^2 / sum (b_i - a_i)^2); the smallest relative slack is recorded."),
)


@property_for("activation/fact-C.3", args=lambda st, S: {
    "family": st.sampled_from(["two-point", "uniform"]),
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=25),
    "widths": st.lists(st.integers(1, 4), min_size=1, max_size=25),
    "t": S.finite_floats(1e-4, 2.0), "scale": S.finite_floats(0.1, 10.0)})
def _fact_c3(family, ps, widths, t, scale):
    """004 Fact C.3 (Hoeffding), exact law: two-point variables of widths scale*w_i, or n = len(ps) uniforms."""
    if family == "uniform":
        return from_measurement(c3_values("uniform", t, scale=scale, n=len(ps)))
    ws = [widths[i % len(widths)] for i in range(len(ps))]
    return from_measurement(c3_values("two-point", t, ps=ps, widths=ws, scale=scale))


# ---- C.4 -------------------------------------------------------------------------------------------------

def c4_values(ps, t: float, sum_form: bool = False) -> dict:
    """004 Fact C.4 as printed: Pr(x̄ < (1-t) E x̄) <= e^{-t^2 E x̄ / 2}, Pr(x̄ > (1+t) E x̄) <= e^{-t^2 E x̄/(2+t)}.
    ``sum_form``: Chernoff's form (Boucheron et al. 2013), E(sum x_i) = n E(x̄) in the exponents."""
    n = len(ps)
    low, high, E, mu_sum = ep.poisson_binomial_tail_counts(ps, t)   # mu_sum = E(sum x_i); E(x̄) = mu_sum / n
    with mpmath.workdps(DPS):
        mean = mpmath.mpf(mu_sum.numerator) / mu_sum.denominator / n
        tt = mpmath.mpf(t)
        p_low, p_high = ep.dyadic_probability(low, E), ep.dyadic_probability(high, E)
        mu = mean * n if sum_form else mean
        x_low, x_high = tt ** 2 * mu / 2, tt ** 2 * mu / (2 + tt)
        b_low, b_high = mpmath.exp(-x_low), mpmath.exp(-x_high)
        # b - P through the complements (exact integers for 1 - P, -expm1 for 1 - b): no cancellation near 1
        m_low = ((ep.dyadic_probability(2 ** E - low, E) + mpmath.expm1(-x_low)) / b_low)
        m_high = ((ep.dyadic_probability(2 ** E - high, E) + mpmath.expm1(-x_high)) / b_high)
        margin = min(m_low, m_high)
        std_low = mpmath.exp(-tt ** 2 * n * mean / 2)         # Chernoff with E(sum x_i), for comparison
        std_high = mpmath.exp(-tt ** 2 * n * mean / (2 + tt))
    holds = bool(m_low >= 0 and m_high >= 0)
    return {"applies": bool(0 < t < 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "n": n, "t": t,
            "mean": float(mean), "P_low": float(p_low), "bound_low": float(b_low), "P_high": float(p_high),
            "bound_high": float(b_high), "chernoff_sum_low": float(std_low), "chernoff_sum_high": float(std_high),
            "margin": float(margin),
            "explain": f"n={n}, E x̄={float(mean):.6g}, t={t:.6g}: lower tail {float(p_low):.6g} vs {float(b_low):.6g}, "
                       f"upper tail {float(p_high):.6g} vs {float(b_high):.6g}"}


def _measure_c4(point, rng, backend, sum_form=False):
    n = point["n"]
    ps = [point["p"]] * n if point["p"] is not None else [(0.02, 0.5, 0.95, 0.2, 0.7)[i % 5] for i in range(n)]
    return c4_values(ps, point["t"], sum_form)


FACT_C4 = Claim(
    id="activation/fact-C.4", source=f"{SOURCE} App. C, Fact C.4 (multiplicative Chernoff; Boucheron et al. 2013)",
    statement="x_i independent in {0, 1}, x̄ their mean, t in (0, 1): Pr(x̄ < (1-t) E x̄) <= exp(-t^2 E(x̄)/2) and "
              "Pr(x̄ > (1+t) E x̄) <= exp(-t^2 E(x̄)/(2+t))",
    kind="bound", check=Predicate(summary_keys=("n", "t", "mean", "P_low", "bound_low", "P_high", "bound_high", "margin")),
    grid={"quick": product(n=[5, 40], p=[0.05, 0.5, None], t=[0.1, 0.5, 0.9]),
          "full": product(n=[1, 2, 5, 10, 40, 100, 200], p=[0.001, 0.05, 0.5, 0.9, None], t=[0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])},
    measure=_measure_c4,
    notes="exact Poisson-binomial law; the printed exponent has E(x̄), not E(sum x_i) = n E(x̄) (Chernoff's)",
    reading=Reading(
        hypotheses="004 Fact C.4: x_1..x_n independent in {0, 1} (any p_i), x̄ the empirical mean, t in (0, 1).",
        chosen="As printed: E(x̄) (the mean, defined in the statement) in both exponents; exact Poisson-binomial law. "
               "This bound is never below e^{-1/2}, so it is far weaker than Chernoff's and its confirmation is weak.",
        alternatives="Chernoff's form with E(sum x_i) = n E(x̄) in the exponents (what the cited Boucheron et al. "
                     "state): activation/fact-C.4/sum.",
        edges="p = 0.05 (0.001 full: E x̄ tiny, the bound near 1), p = 0.5, heterogeneous p_i; t from 0.1 to 0.9 "
              "(0.01 to 0.99 full); n = 5, 40 (1 to 200 full).",
        regime="quick: 2 n x 3 laws x 3 t; full: 7 n x 5 laws x 7 t. A false bound shows as an exact tail above the "
               "printed exponential."),
)

FACT_C4_SUM = Claim(
    id="activation/fact-C.4/sum", source=f"{SOURCE} App. C, Fact C.4 with E(sum x_i) in the exponent (Chernoff)",
    statement="x_i independent in {0, 1}, S = sum x_i, t in (0, 1): Pr(S < (1-t) E S) <= exp(-t^2 E(S)/2) and "
              "Pr(S > (1+t) E S) <= exp(-t^2 E(S)/(2+t))",
    kind="bound", check=Predicate(summary_keys=("n", "t", "mean", "P_low", "bound_low", "P_high", "bound_high", "margin")),
    grid=FACT_C4.grid, measure=lambda p, rng, be: _measure_c4(p, rng, be, sum_form=True),
    notes="variant, not in the catalog: the multiplicative Chernoff bound of the cited source, n times stronger in "
          "the exponent than the printed one",
    reading=Reading(
        hypotheses="As activation/fact-C.4.",
        chosen="The standard multiplicative Chernoff bound (mu = E(sum x_i)); the events are the same as printed "
               "(x̄ < (1-t) E x̄ iff S < (1-t) E S).",
        alternatives="The printed exponent with E(x̄): activation/fact-C.4.",
        edges="As activation/fact-C.4.",
        regime="As activation/fact-C.4; here the bound is tight enough that a false statement would show."),
)


@property_for("activation/fact-C.4", args=lambda st, S: {
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=40),
    "t": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True)})
def _fact_c4(ps, t):
    """004 Fact C.4 as printed (E(x̄) in the exponent), exact Poisson-binomial law."""
    return from_measurement(c4_values(ps, t))

CLAIMS = [FACT_C3, FACT_C4, FACT_C4_SUM]
