"""Bivariate standard normal CDF Φ2(h, k; ρ) via Owen's T function (Owen 1956, eq. 2.1).

Φ2(h,k;ρ) = Φ(h)/2 + Φ(k)/2 - T(h, a_h) - T(k, a_k) - β, a_h = (k - ρh)/(h sqrt(1-ρ²)),
a_k = (h - ρk)/(k sqrt(1-ρ²)), β = 1/2 if hk < 0, else 0 (a zero h or k is first moved to the side of the other).
scipy.special.owens_t is accurate to ~1e-16 absolute; a zero h or k is moved to the limit.
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr, owens_t

_TINY = 1e-300


def phi2(h, k, rho):
    h, k, rho = np.broadcast_arrays(np.asarray(h, float), np.asarray(k, float), np.asarray(rho, float))
    hh = np.where(h == 0, np.where(k < 0, -_TINY, _TINY), h)   # the limit h -> 0 on k's side
    kk = np.where(k == 0, np.where(hh < 0, -_TINY, _TINY), k)
    beta = np.where(hh * kk < 0, 0.5, 0.0)
    s = np.sqrt(np.maximum(1 - rho * rho, 0.0))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ah = (kk - rho * hh) / (hh * s)
        ak = (hh - rho * kk) / (kk * s)
    ah = np.where(np.isnan(ah), 0.0, ah)
    ak = np.where(np.isnan(ak), 0.0, ak)
    return 0.5 * ndtr(h) + 0.5 * ndtr(k) - owens_t(hh, ah) - owens_t(kk, ak) - beta
