"""The closed forms in the proof of Claim 7.6 of 001 (Sec. 7.4.1), as printed and corrected.

Printed: f(g_1) = E_{g_2}[(φ(g_1) - φ(α g_1 + δ g_2))² | g_1] for g_1 >= 0 and g_1 < 0; then
E = δ(-2α²+α-2δ²)/(π(α²+δ²)) + (1-2α)arctan(α/δ)/π + (α-1)α + δ² + 1/2
  = (α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k (α+k) δ^{2k+1}/((2k+1) α^{2k+1}).
Read as: identities, each printed form compared with mpmath quadrature references (E in polar coordinates,
f(g_1) over g_2: kernels.nets.relu_gaussian.relu_pair_references); the series only where it converges
(0 < δ < α). The printed f for g_1 >= 0 drops g_1² P(α g_1 + δ g_2 < 0); ``/corrected`` puts it back and
compares the arc-cosine closed form and its Taylor series instead.
"""
from __future__ import annotations

import math

from kernels.nets.relu_gaussian import relu_pair_expectation, relu_pair_references

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate
from . import SOURCE


def printed_f_pos(g1, a, d):
    """001 proof of Claim 7.6, f(g_1) for g_1 >= 0, as printed."""
    return ((a - 2) * d * g1 * math.exp(-a * a * g1 * g1 / (4 * d * d)) / math.sqrt(math.pi)
            + 0.5 * ((a - 1) ** 2 * g1 * g1 + 2 * d * d) * (math.erf(a * g1 / (2 * d)) + 1))


def printed_f_neg(g1, a, d):
    """001 proof of Claim 7.6, f(g_1) for g_1 < 0, as printed."""
    return (0.5 * (a * a * g1 * g1 + 2 * d * d) * (math.erf(a * g1 / (2 * d)) + 1)
            + a * d * g1 * math.exp(-a * a * g1 * g1 / (4 * d * d)) / math.sqrt(math.pi))


def printed_bracket(a, d):
    """The first 'Overall' line: the two integrals as printed (bracket for g >= 0 plus the g < 0 part)."""
    r2, at = a * a + d * d, math.atan(a / d)
    first = ((a - 1) ** 2 * a * d / (math.pi * r2) + (a - 2) * d ** 3 / (math.pi * r2)
             + 0.5 * ((a - 1) ** 2 + d * d) + ((a - 1) ** 2 + d * d) * at / math.pi)
    second = (math.pi * r2 - 2 * r2 * at - 2 * a * d) / (2 * math.pi)
    return first + second


def printed_arctan(a, d):
    """The printed closed form δ(-2α²+α-2δ²)/(π(α²+δ²)) + (1-2α) arctan(α/δ)/π + (α-1)α + δ² + 1/2."""
    return (d * (-2 * a * a + a - 2 * d * d) / (math.pi * (a * a + d * d)) + (1 - 2 * a) * math.atan(a / d) / math.pi
            + (a - 1) * a + d * d + 0.5)


def series_in_delta_over_alpha(a, d, coef, kmax=400):
    """(α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k coef(α, k) δ^{2k+1}/((2k+1) α^{2k+1}), summed until the terms
    drop below 1e-18 of the total (both series of the proof have this shape; they converge for 0 < δ < α)."""
    total, k = 0.0, 1
    for k in range(1, kmax):
        term = (-1) ** k * coef(a, k) * d ** (2 * k + 1) / ((2 * k + 1) * a ** (2 * k + 1))
        total += term
        if abs(term) < 1e-18 * max(1.0, abs(total)):
            break
    return (a - 1) ** 2 + d * d + 2 / math.pi * total


def printed_series(a, d):
    """(α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k (α+k) δ^{2k+1}/((2k+1) α^{2k+1}) (converges for 0 < δ < α)."""
    return series_in_delta_over_alpha(a, d, lambda a_, k: a_ + k)


def corrected_f_pos(g1, a, d):
    """f(g_1), g_1 >= 0, with the mass where α g_1 + δ g_2 < 0 (φ = 0, difference g_1) put back:
    printed + g_1² P(α g_1 + δ g_2 < 0) = printed + g_1² erfc(α g_1/(2δ))/2."""
    return printed_f_pos(g1, a, d) + g1 * g1 * 0.5 * math.erfc(a * g1 / (2 * d))


def corrected_series(a, d):
    """(α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k α δ^{2k+1}/((2k+1) α^{2k+1}): the Taylor series in δ/α of the
    arc-cosine closed form (kernels.nets.relu_gaussian.relu_pair_expectation), α > δ > 0."""
    return series_in_delta_over_alpha(a, d, lambda a_, k: a_)


G1_VALUES = (-1.3, -0.2, 0.4, 1.7)


def measure_against_quadrature(expectations: dict, f_pos, f_neg):
    """The measure for one set of closed forms: E forms by name, f(g_1) for g_1 >= 0 and g_1 < 0."""
    def measure(p, rng, be):
        a, d = p["alpha"], p["delta"]
        ref = relu_pair_references(a, d, G1_VALUES)
        rows = [(f"{name}_minus_quad", f"{name} (α={a:g}, δ={d:g})", fn(a, d), ref.expectation)
                for name, fn in expectations.items() if not (name.endswith("series") and not (0 < d < a))]
        rows += [(f"f({g1:g})_minus_quad", f"f(g_1={g1:g}) (α={a:g}, δ={d:g})",
                  (f_pos if g1 >= 0 else f_neg)(g1, a, d), ref.conditional[g1]) for g1 in G1_VALUES]
        out, worst, worst_name = {}, 0.0, ""
        for key, name, value, truth in rows:
            out[key] = value - truth
            if abs(value - truth) > abs(worst):
                worst, worst_name = value - truth, f"{name}: {value:.10g} vs quadrature {truth:.10g}"
        tol = 1e-9 + 10 * ref.error
        out.update({"expectation_quad": ref.expectation, "quad_error": ref.error, "worst_difference": worst,
                    "holds": abs(worst) <= tol, "certain": abs(worst) > 1e3 * tol,
                    "explain": f"largest discrepancy: {worst_name} (difference {worst:.3g}, tolerance {tol:.1g})"})
        return out
    return measure


GRID = {"quick": [{"alpha": a, "delta": d} for a, d in [(1.0, 0.1), (0.5, 1 / 6), (1.2, 0.05), (-0.7, 0.1),
                                                       (0.0001, 0.05), (-2.0, 1 / 6)]],
        "full": [{"alpha": a, "delta": d} for a in [-2.0, -0.7, 0.0001, 0.3, 0.75, 0.9, 1.0, 1.1, 1.25, 2.0, 5.0]
                 for d in [0.001, 0.05, 0.1, 1 / 6]]}

HYPOTHESES = ("g_1, g_2 ~ N(0, 2) independent (variance 2, as 001 writes N(0, 2/m) for the weights), α ∈ R, "
              "δ ∈ [0, 1/6]; f(g_1) the conditional expectation over g_2, E its mean over g_1.")
EDGES = ("α < 0, α -> 0 (α = 1e-4, where arctan(α/δ) -> 0), α = 1 (the minimizer at δ = 0), α large (5, full); δ up "
         "to 1/6 and down to 0.001 (full); g_1 of both signs; the series only inside its disc 0 < δ < α.")
REGIME = ("identities, no asymptotics: each form against mpmath quadrature at 30-40 digits, tolerance 1e-9 + 10 x the "
          "quadrature error; 6 points quick, 44 full. A wrong form shows as a difference far above the tolerance.")


CLAIM_76_CF = Claim(
    id="overparam/claim-7.6-closed-form", source=f"{SOURCE} Sec. 7.4.1, proof of Claim 7.6",
    statement="f(g_1) = E_{g_2}[(φ(g_1) - φ(α g_1 + δ g_2))² | g_1] as printed for g_1 >= 0 and g_1 < 0; "
              "E = δ(-2α²+α-2δ²)/(π(α²+δ²)) + (1-2α)arctan(α/δ)/π + (α-1)α + δ² + 1/2 "
              "= (α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k (α+k) δ^{2k+1}/((2k+1) α^{2k+1})",
    kind="identity", check=Predicate(summary_keys=("expectation_quad", "worst_difference", "quad_error")),
    grid=GRID,
    measure=measure_against_quadrature({"bracket": printed_bracket, "arctan": printed_arctan,
                                        "series": printed_series}, printed_f_pos, printed_f_neg),
    notes="references by mpmath quadrature at 30 and 40 digits: E in polar coordinates, f(g_1) over g_2; "
          "the series is compared only where it converges (0 < δ < α)",
    reading=Reading(
        hypotheses=HYPOTHESES,
        chosen="each printed expression (f for g_1 >= 0 and g_1 < 0, the bracketed 'Overall' integral, the arctan "
               "closed form, the series) must equal the expectation it names, at every α, δ where it is defined.",
        alternatives="the series is read only where it converges (0 < δ < α); outside it is not a number, so it is "
                     "not judged there. N(0, 2) read as standard deviation 2 scales every side by 2 and changes no "
                     "identity's truth. The corrected forms: /corrected.",
        edges=EDGES, regime=REGIME),
)

CLAIM_76_CF_CORRECTED = Claim(
    id="overparam/claim-7.6-closed-form/corrected", source=f"{SOURCE} Sec. 7.4.1, proof of Claim 7.6, corrected",
    statement="f(g_1 >= 0) = printed + g_1² erfc(α g_1/(2δ))/2; E = 1 + α² + δ² - (2/π)(δ + α(π - atan2(δ, α))) "
              "= (α-1)² + δ² + (2/π) Σ_{k>=1} (-1)^k α δ^{2k+1}/((2k+1) α^{2k+1})",
    kind="identity", check=Predicate(summary_keys=("expectation_quad", "worst_difference", "quad_error")),
    grid=GRID,
    measure=measure_against_quadrature({"arccos": relu_pair_expectation, "series": corrected_series},
                                       corrected_f_pos, printed_f_neg),
    notes="the printed f for g_1 >= 0 integrates only over α g_1 + δ g_2 > 0 and drops g_1² P(α g_1 + δ g_2 < 0); "
          "the printed E and series inherit the gap (at α = 0 it is exactly 1/2)",
    reading=Reading(
        hypotheses=HYPOTHESES,
        chosen="f(g_1 >= 0) with the mass g_1² P(α g_1 + δ g_2 < 0) put back, the arc-cosine closed form of E and its "
               "Taylor series in δ/α; each must equal its quadrature reference.",
        alternatives="the printed forms: the parent id (REFUTED). No other reading.",
        edges=EDGES, regime=REGIME),
)

CLAIMS = [CLAIM_76_CF, CLAIM_76_CF_CORRECTED]
