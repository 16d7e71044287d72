"""Matrix inequalities of 004 App. C: Facts C.9 (Rudelson & Vershynin), C.10 (Gershgorin), C.11 (Weyl), as printed.

They are deterministic inequalities: checked on random and adversarial matrices (kernels.matrices) against an
explicit float64 backward-error tolerance (see each ``*_values``).

Reading of the printed statements:
- C.9: A in R^{n x m}, columns a_i: (1/sqrt m) min_i dist(a_i, span(a_j : j != i)) <= sigma_min(A), sigma_min =
  sigma_{min(n, m)}.
- C.10: Gershgorin for complex A.
- C.11: Weyl, eigenvalues in DESCENDING order (004 Sec. 2: lambda_1 >= lambda_2 >= ...), for every pair (i, j)
  whose left-hand index lies in [n] (others are vacuous).
"""
from __future__ import annotations

import math

import numpy as np

from kernels import matrices as mx

from ...fuzz.engine import from_measurement, property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
EPS64 = 2.0 ** -52             # float64 machine epsilon


# ---- C.9 -------------------------------------------------------------------------------------------------

def c9_values(A) -> dict:
    """004 Fact C.9 (Rudelson & Vershynin 2009): (1/sqrt m) min_i dist(a_i, A_{-i}) <= sigma_min(A), A n x m.

    Each computed distance is exact for a matrix within c eps ||A|| of A (kernels.matrices.column_distances), and
    the proof (|x_i| >= 1/sqrt m for some i of the singular vector x) turns that into tol = 20 (n + m) eps ||A||_2
    on the inequality.
    """
    cd = mx.column_distances(A)
    n, m, smin, norm = cd.n, cd.m, cd.sigma_min, cd.sigma_max
    lhs = min(cd.distances) / math.sqrt(m)
    tol = 20 * (n + m) * EPS64 * norm
    excess = lhs - smin
    scale = norm if norm > 0 else 1.0
    return {"applies": True, "holds": bool(excess <= tol), "certain": bool(excess <= tol),
            "n": n, "m": m, "lhs": lhs, "sigma_min": smin, "norm": norm, "tol": tol,
            "argmin_column": cd.argmin_column, "margin": -excess / scale,
            "explain": f"{n}x{m} matrix: (1/sqrt m) min_i dist(a_i, A_-i) = {lhs:.10g} > sigma_min = {smin:.10g} "
                       f"(tolerance {tol:.2g})"}


def _measure_c9(point, rng, backend):
    return c9_values(mx.rectangular(point["family"], point["n"], point["m"], rng))


FACT_C9 = Claim(
    id="activation/fact-C.9", source=f"{SOURCE} App. C, Fact C.9 (Rudelson & Vershynin 2009)",
    statement="A in R^{n x m}: (1/sqrt m) min_{i in [m]} dist(a_i, A_{-i}) <= sigma_min(A), A_{-i} = span(a_j : j != i)",
    kind="bound", check=Predicate(summary_keys=("n", "m", "lhs", "sigma_min", "tol", "margin")),
    grid={"quick": [dict(family=f, n=n, m=m) for f in list(mx.RECTANGULAR_FAMILIES) for n, m in ((6, 4), (5, 5), (3, 6))
                    if not (f == "orthogonal" and m > n)],
          "full": [dict(family=f, n=n, m=m) for f in list(mx.RECTANGULAR_FAMILIES) for n, m in ((2, 1), (6, 4), (5, 5), (3, 6), (40, 20), (30, 30), (10, 50))
                   if not (f == "orthogonal" and m > n)]},
    repetitions={"quick": 3, "full": 20}, measure=_measure_c9,
    notes="deterministic; float64 tolerance from the backward error of QR and SVD",
    reading=Reading(
        hypotheses="004 Fact C.9 (Rudelson & Vershynin 2009): any real n x m matrix A, columns a_i.",
        chosen="As printed, sigma_min = sigma_{min(n, m)}; deterministic, within a float64 backward-error tolerance.",
        alternatives="sigma_min = sigma_m (0 when m > n): for m > n the columns are dependent, so the left side is 0 "
                     "too and both readings hold alike; no variant.",
        edges="Wide (m > n), square, tall; nearly dependent columns, duplicate columns (both sides 0), orthogonal "
              "columns (equality-like), badly scaled and tiny columns; n x m = 2 x 1 to 10 x 50 (full).",
        regime="quick: 6 families x 3 shapes x 3 draws; full: 7 shapes x 20 draws. A false inequality shows as "
               "min dist / sqrt m above sigma_min by more than the tolerance."),
)




@property_for("activation/fact-C.9", args=lambda st, S: {"A": S.adversarial_matrices()})
def _fact_c9(A):
    """004 Fact C.9 (Rudelson-Vershynin) on a drawn matrix, float64 backward-error tolerance."""
    return from_measurement(c9_values(A))


# ---- C.10 ------------------------------------------------------------------------------------------------

def c10_values(A) -> dict:
    """004 Fact C.10 (Gershgorin): every eigenvalue lies in some disc D(a_ii, r_i), r_i = sum_{j != i} |a_ij|.

    A computed eigenvalue is exact for A + E, ||E||_2 <= c n eps ||A||_F; Gershgorin for A + E puts it within
    (1 + sqrt n) ||E||_2 of a disc of A: tol = (1 + sqrt n) 10 n eps ||A||_F.
    """
    ge = mx.gershgorin_excess(A)
    n, excess, lam, fro = ge.n, ge.max_excess, ge.eigenvalue, ge.frobenius
    tol = (1 + math.sqrt(n)) * 10 * n * EPS64 * fro
    scale = fro if fro > 0 else 1.0
    return {"applies": True, "holds": bool(excess <= tol), "certain": bool(excess <= tol), "n": n,
            "max_excess": excess, "tol": tol, "eigenvalue": [lam.real, lam.imag],
            "margin": float(-excess / scale),
            "explain": f"n={n}: eigenvalue {lam:.6g} lies {excess:.3g} outside every disc (tolerance {tol:.2g})"}


FACT_C10 = Claim(
    id="activation/fact-C.10", source=f"{SOURCE} App. C, Fact C.10 (Gershgorin; Varga 2010)",
    statement="every eigenvalue of A in C^{n x n} lies in at least one disc D(a_ii, r_i), r_i = sum_{j != i} |a_ij|",
    kind="bound", check=Predicate(summary_keys=("n", "max_excess", "tol", "margin")),
    grid={"quick": product(family=list(mx.SQUARE_FAMILIES), n=[2, 5, 12]),
          "full": product(family=list(mx.SQUARE_FAMILIES), n=[2, 3, 5, 12, 40, 100])},
    repetitions={"quick": 3, "full": 20},
    measure=lambda p, rng, be: c10_values(mx.square(p["family"], p["n"], rng)),
    notes="deterministic; tolerance from the eigensolver's backward error (no eigenvalue conditioning needed)",
    reading=Reading(
        hypotheses="004 Fact C.10 (Gershgorin): any complex n x n matrix.",
        chosen="As printed: each computed eigenvalue lies in the union of the closed discs, within the backward error.",
        alternatives="none: Gershgorin's theorem has one reading (closed discs; the boundary cases are tried).",
        edges="Eigenvalues on the disc boundaries (all-ones, circulant, diagonally dominant with equality), "
              "non-normal Jordan blocks, complex entries; n = 2 to 12 (100 full).",
        regime="quick: 6 families x 3 n x 3 draws; full: 6 n x 20 draws. A false statement shows as an eigenvalue "
               "outside every disc by more than the tolerance."),
)




@property_for("activation/fact-C.10", args=lambda st, S: {"A": S.square_matrices()},
              examples=({"A": np.ones((4, 4))}, {"A": np.array([[0.0, 1.0], [1.0, 0.0]])}))
def _fact_c10(A):
    """004 Fact C.10 (Gershgorin) on a drawn complex matrix, float64 backward-error tolerance."""
    return from_measurement(c10_values(A))


# ---- C.11 ------------------------------------------------------------------------------------------------

def c11_values(A, B) -> dict:
    """004 Fact C.11 (Weyl), eigenvalues descending: for i + j - 1 <= n, lambda_{i+j-1}(A+B) <= lambda_i(A) + lambda_j(B);
    for i + j - n >= 1, lambda_{i+j-n}(A+B) >= lambda_i(A) + lambda_j(B). tol = 30 n eps (||A|| + ||B||)."""
    wm = mx.weyl_margin(A, B)
    n, worst, where, scale = wm.n, wm.min_margin, wm.where, wm.scale
    tol = 30 * n * EPS64 * max(scale, 1e-300)
    holds = bool(worst >= -tol)
    return {"applies": True, "holds": holds, "certain": holds, "n": n, "inequalities": wm.inequalities,
            "min_margin": worst, "tol": tol, "where": list(where), "margin": float(worst / (scale or 1.0)),
            "explain": f"n={n}: Weyl {where[0]} inequality at (i, j) = ({where[1]}, {where[2]}) fails by "
                       f"{-worst:.3g} (tolerance {tol:.2g})"}


FACT_C11 = Claim(
    id="activation/fact-C.11", source=f"{SOURCE} App. C, Fact C.11 (Weyl 1912)",
    statement="A, B hermitian, forall i, j in [n]: lambda_{i+j-1}(A+B) <= lambda_i(A) + lambda_j(B) and "
              "lambda_{i+j-n}(A+B) >= lambda_i(A) + lambda_j(B) (eigenvalues descending)",
    kind="bound", check=Predicate(summary_keys=("n", "inequalities", "min_margin", "tol", "margin")),
    grid={"quick": product(family=list(mx.HERMITIAN_PAIR_FAMILIES), n=[2, 5, 12]),
          "full": product(family=list(mx.HERMITIAN_PAIR_FAMILIES), n=[1, 2, 3, 5, 12, 40, 100])},
    repetitions={"quick": 3, "full": 20},
    measure=lambda p, rng, be: c11_values(*mx.hermitian_pair(p["family"], p["n"], rng)),
    notes="deterministic; index pairs with i+j-1 > n or i+j-n < 1 are vacuous and skipped",
    reading=Reading(
        hypotheses="004 Fact C.11 (Weyl): A, B Hermitian n x n, every i, j in [n].",
        chosen="Eigenvalues in descending order (004 Sec. 2's convention); every index pair whose left index lies "
               "in [n]; within a float64 tolerance.",
        alternatives="Ascending order would swap the two inequalities into false ones for generic matrices; the paper "
                     "fixes descending order, so no variant. Out-of-range indices are vacuous.",
        edges="Equality cases (commuting pairs, B = -A, rank-one B), complex Hermitian, multiscale spectra; "
              "n = 2 to 12 (1 to 100 full).",
        regime="quick: 6 families x 3 n x 3 draws; full: 7 n x 20 draws. A false inequality shows beyond tolerance."),
)



def _c11_args(st, S):
    n = st.shared(S.sizes(1, 6), key="fact-C.11 n")
    return {"A": S.hermitian_matrices(n), "B": S.hermitian_matrices(n)}


@property_for("activation/fact-C.11", args=_c11_args,
              examples=({"A": np.diag([3.0, 1.0, -2.0]), "B": np.diag([2.0, 0.0, -1.0])},))
def _fact_c11(A, B):
    """004 Fact C.11 (Weyl, eigenvalues descending) on drawn Hermitian pairs."""
    return from_measurement(c11_values(A, B))


CLAIMS = [FACT_C9, FACT_C10, FACT_C11]
