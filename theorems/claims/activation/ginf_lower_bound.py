"""Lemma I.1 of 004 App. I: lambda_min(G∞) >= c̄_r(phi')^2 lambda_min((X X^T)^{⊙(r+1)}) for every r >= 0.

G∞ = sum_a c̄_a(phi')^2 (X X^T)^{⊙(a+1)} is a sum of positive semidefinite terms, so it dominates each one.
Measured in float64 (kernels.gmatrix.infinite: G∞ by closed form or Hermite series with an entry-error bound;
kernels.gmatrix.spectrum: eigenvalues with their floor); a violation counts only beyond both floors.
"""
from __future__ import annotations

import math

from kernels import data
from kernels.gmatrix import infinite, spectrum

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
I1_KMAX = 64        # Hermite terms of G∞ in the fuzz property (truncation and quadrature errors enter the floor)


def _measure_i1(point, rng, be):
    act, r, fam = point["activation"], point["r"], point["data"]
    n = point["n"]
    X = {"sphere": lambda: data.sphere(n, 6, rng), "low_span": lambda: data.low_span(n, 10, 3, rng),
         "arc": lambda: data.arc(n, min(0.15, 0.9 * math.sin(math.pi / n)), 5, rng),
         "antipodal": lambda: data.circle_lifted(n, rng, d=5)}[fam]()   # even n: antipodal pairs, G∞ singular
    gi = infinite.infinite_gram(X, act)
    lhs = spectrum.spectrum(gi.matrix, gi.error_bound)
    c, _, _ = infinite.hermite_coefficients_of_derivative(act, max(r, 10))
    rhs_sp = spectrum.spectrum(infinite.hadamard_power_gram(X, r + 1))
    rhs = c[r] ** 2 * rhs_sp.lambda_min
    margin = lhs.lambda_min - rhs
    tol = lhs.floor + c[r] ** 2 * rhs_sp.floor
    return {"holds": bool(margin >= -tol), "certain": bool(margin < -tol), "lambda_min_ginf": lhs.lambda_min,
            "floor": lhs.floor, "rhs": rhs, "c_r_squared": float(c[r] ** 2), "margin": margin,
            **data.assumption_values(X, delta=0.0),     # Lemma I.1 assumes unit columns only (no separation)
            "explain": f"{act}, r={r}, {fam}: lambda_min(G∞)={lhs.describe()} < c̄_r^2 lambda_min = {rhs:.3g}"}


LEMMA_I1 = Claim(
    id="activation/lemma-I.1", source=f"{SOURCE} App. I, Lemma I.1",
    statement="for every r >= 0: lambda_min(G∞) >= c̄_r(phi')^2 lambda_min((X^T X)^{⊙(r+1)})",
    kind="bound", check=Predicate(summary_keys=("lambda_min_ginf", "rhs", "margin", "floor")),
    grid={"quick": [{"activation": a, "r": r, "data": f, "n": 12} for a in ("relu", "tanh", "swish", "elu")
                    for r in (0, 1, 2, 5) for f in ("sphere", "low_span", "arc", "antipodal")],
          "full": [{"activation": a, "r": r, "data": f, "n": n} for a in ("relu", "tanh", "swish", "elu", "sigmoid",
                                                                         "softsign", "leaky_relu:0.1")
                   for r in (0, 1, 2, 3, 5, 9) for f in ("sphere", "low_span", "arc", "antipodal")
                   for n in (12, 40)]},
    repetitions={"quick": 2, "full": 5}, measure=_measure_i1,
    notes="deterministic given the data; a violation counts only beyond both float64 floors",
    reading=Reading(
        hypotheses="004 Lemma I.1: any activation phi, any data matrix X with unit Euclidean norm columns "
                   "(no separation, span or size condition), every r >= 0.",
        chosen="As printed: lambda_min(G∞) against c̄_r(phi')^2 lambda_min((X^T X)^{⊙(r+1)}), both in float64 "
               "with their floors; G∞ = sum_a c̄_a^2 (X^T X)^{⊙(a+1)} is the proof's expansion.",
        alternatives="none: the statement is a single deterministic inequality with no free reading "
                     "(c̄_r is the normalized Hermite coefficient of phi', as in 004 App. F.3).",
        edges="Data at the edges the lemma admits: antipodal pairs (equally spaced even n: G∞ and the Hadamard "
              "powers singular), a span of 3 in R^10, an arc at the smallest separation, besides uniform data; "
              "kinked (ReLU, leaky ReLU) and smooth activations; r from 0 to 5 (9 at full).",
        regime="quick: n = 12, 4 activations x 4 r x 4 data x 2 draws; full: n = 12, 40, 7 activations, r up to 9, "
               "5 draws. A false statement would show as lambda_min(G∞) below the right side by more than the "
               "floors at some (phi, r, X)."),
)


@property_for("activation/lemma-I.1", max_examples=20, args=lambda st, S: {
    "act": S.activations(), "r": st.integers(0, 6), "X": S.datasets(n=S.sizes(2, 8), d=S.sizes(2, 6))})
def _lemma_i1(act, r, X):
    """004 Lemma I.1: lambda_min(G∞) >= c̄_r(phi')^2 lambda_min((X X^T)^{⊙(r+1)}); G∞ by closed form or a
    Hermite series of I1_KMAX terms whose truncation and quadrature errors enter the floor."""
    gi = infinite.infinite_gram(X, act, kmax=I1_KMAX)
    lhs = spectrum.spectrum(gi.matrix, gi.error_bound)
    c, _, _ = infinite.hermite_coefficients_of_derivative(act, max(r, 10))
    rsp = spectrum.spectrum(infinite.hadamard_power_gram(X, r + 1))
    rhs = float(c[r] ** 2) * rsp.lambda_min
    margin = lhs.lambda_min - rhs
    tol = lhs.floor + float(c[r] ** 2) * rsp.floor
    scale = abs(lhs.lambda_min) + abs(rhs) + tol
    return bool(margin >= -tol), margin / scale if scale > 0 else 0.0, {
        "activation": act.name, "r": r, "n": X.shape[0], "lambda_min_ginf": lhs.lambda_min, "floor": lhs.floor,
        "rhs": rhs, "margin": margin, "method": gi.method,
        "explain": f"{act.name}, r={r}, n={X.shape[0]}: lambda_min(G∞) = {lhs.describe()} < c̄_r^2 lambda_min = {rhs:.3g}"}


CLAIMS = [LEMMA_I1]
