"""Matrix families that stress singular-value and eigenvalue inequalities, and the float64 quantities those
inequalities compare (used by the facts of 004 App. C: C.9 Rudelson-Vershynin, C.10 Gershgorin, C.11 Weyl).

Every family draws from ``rng`` in a fixed order, so a seed fixes the matrix.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputError

RECTANGULAR_FAMILIES = ("gaussian", "near_dependent", "duplicate", "orthogonal", "scaled", "tiny_column")
SQUARE_FAMILIES = ("gaussian", "complex", "all_ones", "jordan", "circulant_boundary", "dominant")
HERMITIAN_PAIR_FAMILIES = ("gaussian", "complex", "commuting", "rank_one", "negation", "multiscale")


# ---- families --------------------------------------------------------------------------------------------------

def rectangular(family: str, n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """An n x m real matrix: "gaussian"; "near_dependent" (all columns within 1e-3 of one direction);
    "duplicate" (two equal columns); "orthogonal" (equal-norm orthogonal columns, m <= n); "scaled" (one column
    1e6 times larger); "tiny_column" (one column 1e-8 times smaller)."""
    G = rng.standard_normal((n, m))
    if family == "gaussian":
        return G
    if family == "near_dependent":
        return rng.standard_normal((n, 1)) + 1e-3 * G
    if family == "duplicate":
        G[:, -1] = G[:, 0]
        return G
    if family == "orthogonal":
        Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        return 2.5 * Q[:, :m]
    if family == "scaled":
        G[:, 0] *= 1e6
        return G
    if family == "tiny_column":
        G[:, 0] *= 1e-8
        return G
    raise InputError("family", f"must be one of {', '.join(RECTANGULAR_FAMILIES)} (got {family!r})")


def square(family: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """An n x n matrix: "gaussian"; "complex"; "all_ones" (times a random scale: eigenvalue n on the boundary of
    D(1, n - 1)); "jordan" (non-normal, ill-conditioned eigenvalues); "circulant_boundary" (eigenvalues on the
    circle of every disc); "dominant" (diagonally dominant with equality on every row)."""
    if family == "gaussian":
        return rng.standard_normal((n, n))
    if family == "complex":
        return rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    if family == "all_ones":
        return np.ones((n, n)) * rng.uniform(0.5, 2.0)
    if family == "jordan":
        return np.diag(rng.standard_normal(n)) + np.diag(np.ones(n - 1), 1) * 10.0 ** rng.integers(-3, 4)
    if family == "circulant_boundary":
        c = rng.standard_normal()
        return c * np.eye(n) + np.roll(np.eye(n), 1, axis=1) * rng.uniform(0.5, 2.0)
    if family == "dominant":
        B = rng.standard_normal((n, n))
        np.fill_diagonal(B, 0.0)
        d = np.abs(B).sum(axis=1) * rng.choice([-1.0, 1.0], n)
        return B + np.diag(d)
    raise InputError("family", f"must be one of {', '.join(SQUARE_FAMILIES)} (got {family!r})")


def hermitian_part(M: np.ndarray) -> np.ndarray:
    """(M + M^H) / 2."""
    return (M + M.conj().T) / 2


def hermitian_pair(family: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two n x n Hermitian matrices: "gaussian"; "complex"; "commuting" (a common eigenbasis: many Weyl
    inequalities hold with equality); "rank_one" (B = +-v v^T); "negation" (B = -A); "multiscale" (eigenvalues of
    A over 12 orders of magnitude, B 1e-6 times smaller)."""
    def G():
        return rng.standard_normal((n, n))
    if family == "gaussian":
        return hermitian_part(G()), hermitian_part(G())
    if family == "complex":
        return hermitian_part(G() + 1j * G()), hermitian_part(G() + 1j * G())
    if family == "commuting":
        Q, _ = np.linalg.qr(G())
        return (Q * np.sort(rng.standard_normal(n))) @ Q.T, (Q * np.sort(rng.standard_normal(n))) @ Q.T
    if family == "rank_one":
        v = rng.standard_normal((n, 1))
        return hermitian_part(G()), v @ v.T * rng.choice([-1.0, 1.0])
    if family == "negation":
        A = hermitian_part(G())
        return A, -A
    if family == "multiscale":
        Q, _ = np.linalg.qr(G())
        return (Q * np.logspace(-6, 6, n)) @ Q.T, hermitian_part(G()) * 1e-6
    raise InputError("family", f"must be one of {', '.join(HERMITIAN_PAIR_FAMILIES)} (got {family!r})")


# ---- measured quantities ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ColumnDistances:
    n: int                   # rows
    m: int                   # columns
    distances: list          # dist(a_i, span(a_j : j != i)) for each column i
    argmin_column: int       # the first column attaining the smallest distance
    sigma_min: float         # sigma_{min(n, m)}(A)
    sigma_max: float         # ||A||_2


def column_distances(A) -> ColumnDistances:
    """dist(a_i, span(a_j : j != i)) for every column a_i of the real matrix A, through Householder QR of the
    other columns (no rank truncation: each distance is exact for a matrix within c eps ||A|| of A), with the
    extreme singular values of A (SVD)."""
    A = np.asarray(A, dtype=float)
    n, m = A.shape
    dists = []
    for i in range(m):
        a = A[:, i]
        rest = np.delete(A, i, axis=1)
        if rest.shape[1] == 0:
            dists.append(float(np.linalg.norm(a)))
            continue
        Q, _ = np.linalg.qr(rest)
        dists.append(float(np.linalg.norm(a - Q @ (Q.T @ a))))
    sv = np.linalg.svd(A, compute_uv=False)
    return ColumnDistances(n, m, dists, int(np.argmin(dists)), float(sv[-1]), float(sv[0]))


@dataclass(frozen=True)
class GershgorinExcess:
    n: int
    max_excess: float        # max over eigenvalues of the distance outside the nearest disc (<= 0: inside)
    eigenvalue: complex      # the eigenvalue attaining it
    frobenius: float         # ||A||_F


def gershgorin_excess(A) -> GershgorinExcess:
    """For each computed eigenvalue lambda of A: min_i (|lambda - a_ii| - r_i), r_i = sum_{j != i} |a_ij| (> 0:
    outside every Gershgorin disc); the largest of these, its eigenvalue, and ||A||_F."""
    A = np.asarray(A)
    lam = np.linalg.eigvals(A)
    diag = np.diag(A)
    r = np.sum(np.abs(A), axis=1) - np.abs(diag)
    excess = np.min(np.abs(lam[:, None] - diag[None, :]) - r[None, :], axis=1)
    worst = int(np.argmax(excess))
    return GershgorinExcess(A.shape[0], float(excess[worst]), complex(lam[worst]), float(np.linalg.norm(A)))


@dataclass(frozen=True)
class WeylMargin:
    n: int
    min_margin: float        # smallest margin over the inequalities (< 0: violated)
    where: tuple             # ("upper" | "lower", i, j) attaining it
    inequalities: int        # how many inequalities were checked
    scale: float             # max |lambda(A)| + max |lambda(B)|


def weyl_margin(A, B) -> WeylMargin:
    """Weyl's inequalities for Hermitian A, B with eigenvalues in DESCENDING order, every pair (i, j) in [n]^2 whose
    left-hand index lies in [n]: lambda_i(A) + lambda_j(B) - lambda_{i+j-1}(A+B) >= 0 ("upper", i + j - 1 <= n) and
    lambda_{i+j-n}(A+B) - lambda_i(A) - lambda_j(B) >= 0 ("lower", i + j - n >= 1); the smallest margin."""
    A, B = np.asarray(A), np.asarray(B)
    n = A.shape[0]
    la = np.linalg.eigvalsh(A)[::-1]
    lb = np.linalg.eigvalsh(B)[::-1]
    ls = np.linalg.eigvalsh(A + B)[::-1]
    scale = float(np.max(np.abs(la), initial=0.0) + np.max(np.abs(lb), initial=0.0))
    worst, where, checked = np.inf, None, 0
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            s = la[i - 1] + lb[j - 1]
            if i + j - 1 <= n:
                checked += 1
                m = s - ls[i + j - 2]
                if m < worst:
                    worst, where = m, ("upper", i, j)
            if i + j - n >= 1:
                checked += 1
                m = ls[i + j - n - 1] - s
                if m < worst:
                    worst, where = m, ("lower", i, j)
    return WeylMargin(n, float(worst), where, checked, scale)
