"""Eigenvalues with an explicit float64 floor.

A backward-stable symmetric eigensolver returns the exact eigenvalues of G + E with
||E||_2 <= c n eps ||G||_2 (Golub & Van Loan, Sec. 8.3); we use floor = n eps ||G||_2 plus any
known error of G itself (truncation, quadrature). An eigenvalue with |lambda| <= floor is
not a number float64 can resolve: it is reported as a bound "<= floor", never as a value.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError


@dataclass(frozen=True)
class Spectrum:
    values: np.ndarray       # descending, lambda_1 >= lambda_2 >= ... (004 Sec. 2 ordering)
    floor: float             # eigenvalues with |lambda| <= floor are unresolved

    @property
    def n(self) -> int:
        return int(self.values.size)

    def resolved(self, k: int | None = None):
        v = self.values if k is None else self.values[k]
        return np.abs(v) > self.floor

    def lambda_k(self, k: int) -> float:
        """lambda_k with 1-based k as in the paper."""
        if not 1 <= k <= self.n:
            raise InputError("k", f"must be in [1, {self.n}] (got {k})")
        return float(self.values[k - 1])

    @property
    def lambda_min(self) -> float:
        return float(self.values[-1])

    @property
    def lambda_min_resolved(self) -> bool:
        return bool(abs(self.values[-1]) > self.floor)

    def lambda_min_upper(self) -> float:
        """A number that is certainly >= the true lambda_min: the value if resolved, else the floor."""
        return float(self.values[-1]) + self.floor

    def rank(self) -> int:
        """Numerical rank: the count of eigenvalues above the floor."""
        return int(np.sum(self.values > self.floor))

    def describe(self, k: int | None = None) -> str:
        v = self.values[-1] if k is None else self.values[k - 1]
        return format_eigenvalue(float(v), self.floor)


def format_eigenvalue(value: float, floor: float) -> str:
    return f"{value:.6g}" if abs(value) > floor else f"<= {floor:.2g} (below float64 floor)"


def spectrum(G, error_bound: float = 0.0) -> Spectrum:
    """Eigenvalues of a symmetric matrix, with floor = n eps ||G||_2 + n * error_bound.

    ``error_bound`` bounds each entry's error, so ||E||_2 <= n * error_bound.
    """
    G = np.asarray(G, dtype=float)
    if G.ndim != 2 or G.shape[0] != G.shape[1] or G.shape[0] == 0:
        raise InputError("G", f"must be a square non-empty matrix (got shape {G.shape})")
    if not np.all(np.isfinite(G)):
        raise InputError("G", "must be finite")
    asym = float(np.max(np.abs(G - G.T)))
    scale = float(np.max(np.abs(G))) or 1.0
    if asym > 1e-8 * scale:
        raise InputError("G", f"must be symmetric (max |G - G^T| = {asym:.3g})")
    vals = np.linalg.eigvalsh((G + G.T) / 2)[::-1]
    n = G.shape[0]
    norm = float(np.max(np.abs(vals)))
    floor = n * np.finfo(float).eps * norm + n * float(error_bound) + asym * n
    return Spectrum(vals, floor)


def certainly_nonzero(value: float, floor: float, factor: float = 1e3) -> bool:
    """A nonzero eigenvalue counts as certainly nonzero when it exceeds the floor by ``factor``."""
    return abs(value) > factor * floor


def smallest_sum(sp: Spectrum, count: int) -> float:
    """Sum of the ``count`` smallest eigenvalues (the last ``count`` of the descending values)."""
    return float(np.sum(sp.values[sp.n - count:]))


def count_certainly_larger(a: Spectrum, b: Spectrum, count: int) -> int:
    """Among the ``count`` smallest eigenvalue indices, how many have lambda_k(a) - lambda_k(b) > both floors."""
    tail = slice(a.n - count, a.n)
    return int(np.sum(a.values[tail] - b.values[tail] > a.floor + b.floor))
