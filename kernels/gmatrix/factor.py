"""lambda_min of the empirical G^(0) through the SVD of its factor M (G = M^T M), with a rigorous floor.

Why: the eigenvalues of G (kernels.gmatrix.spectrum) carry a floor ~ n eps ||G||_2 = n eps lambda_max, while a
backward-stable SVD of M resolves singular values down to ~ max(rows, cols) eps ||M||_2 = ... eps sigma_max
(Golub & Van Loan, Sec. 8.6), so lambda = sigma^2 is resolved down to ~ (.. eps)^2 lambda_max: about eps times
lower. 004 Sec. 2 (eq. 2) writes G = M^T M / m with M_{d(k-1)+1:dk, i} = a_k phi'(w_k.x_i) x_i; the scale 1/m
(or eta of App. D) is folded into M here. The weights are drawn in the order of
kernels.gmatrix.empirical.empirical_gram (one chunk: W, a, then b), so for m <= its chunk the same generator
gives the same G.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import activations as acts
from ..backend import select, standard_normal, to_numpy
from ..data import require_unit
from .empirical import check_count, init_scheme

_EPS = float(np.finfo(float).eps)


@dataclass(frozen=True)
class FactorSpectrum:
    """Singular values of M (descending) and their floor; lambda_k(G) = sigma_k^2."""
    sigma: np.ndarray
    floor: float             # |sigma_hat - sigma| <= floor for every singular value (Weyl for singular values)

    @property
    def lambda_max(self) -> float:
        return float(self.sigma[0]) ** 2

    def lambda_min_interval(self) -> tuple[float, float]:
        """[lower, upper] certainly holding lambda_min(G) = sigma_min^2."""
        s = float(self.sigma[-1])
        return max(s - self.floor, 0.0) ** 2, (s + self.floor) ** 2

    @property
    def lambda_min_resolved(self) -> bool:
        return float(self.sigma[-1]) > self.floor

    def describe(self) -> str:
        lo, hi = self.lambda_min_interval()
        if not self.lambda_min_resolved:
            return f"<= {hi:.2g} (below the SVD floor)"
        return f"{float(self.sigma[-1]) ** 2:.6g} in [{lo:.3g}, {hi:.3g}]"


def g0_factor(X, activation, m: int, rng: np.random.Generator, init: str = "dzps", backend=None) -> np.ndarray:
    """M in R^{(m d) x n} with M^T M = G^(0) (004 eq. 2; Init(fanin)/Init(fanout) of App. D with eta folded in)."""
    X = require_unit(X)
    act = acts.get(activation)
    m = check_count(m)
    xp = (backend or select("numpy")).xp
    n, d = X.shape
    sc = init_scheme(init, m, d)
    W = standard_normal(rng, (d, m), xp) * sc.w_std
    a = standard_normal(rng, (m,), xp) * sc.a_std
    Z = xp.asarray(X) @ W
    if sc.b_std:
        Z = Z + standard_normal(rng, (m,), xp) * sc.b_std
    S = to_numpy(act.dphi(Z) * a) * math.sqrt(sc.eta)          # (n, m): sqrt(eta) a_k phi'(w_k.x_i + b_k)
    return (S.T[:, :, None] * X[None, :, :]).transpose(0, 2, 1).reshape(m * d, n)


def factor_spectrum(M) -> FactorSpectrum:
    """Singular values of M with floor = (max(rows, cols) + sqrt(n)) eps sigma_max: the SVD's backward error
    (Golub & Van Loan, Sec. 8.6) plus the rounding of M's entries (relative eps each, ||E||_2 <= eps ||M||_F
    <= eps sqrt(n) sigma_max)."""
    M = np.asarray(M, dtype=float)
    s = np.linalg.svd(M, compute_uv=False)
    rows, cols = M.shape
    return FactorSpectrum(s, (max(rows, cols) + math.sqrt(cols)) * _EPS * float(s[0]))
