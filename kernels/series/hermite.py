"""Normalized probabilists' Hermite coefficients in double precision.

c̄_k(f) = E_{z~N(0,1)}[f(z) He_k(z)/sqrt(k!)] (004 App. F.3, eqs. 10-12: He_k/sqrt(k!) is
orthonormal under N(0,1)). Computed with Gauss-HermiteE quadrature and the orthonormal
three-term recurrence h_{k+1} = (z h_k - sqrt(k) h_{k-1}) / sqrt(k+1), which never forms
the unnormalized He_k (those overflow float64 near k ~ 200). Double precision only: the
float64 floor is about 1e-16 * ||f||; coefficients below it are noise.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.special import gammaln, roots_hermitenorm, roots_legendre

from ..errors import InputError


@lru_cache(maxsize=8)
def gauss_hermite_e(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of Gauss quadrature for N(0,1) (weights sum to 1)."""
    z, w = roots_hermitenorm(nodes)   # Golub-Welsch / asymptotics, stable for thousands of nodes
    return z, w / w.sum()


@lru_cache(maxsize=8)
def _gauss_legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    return roots_legendre(nodes)       # O(n) asymptotic nodes; numpy's leggauss is O(n^2) and slow here


def orthonormal_hermite(kmax: int, z: np.ndarray, start=1.0) -> np.ndarray:
    """Rows start*h_0 .. start*h_kmax evaluated at z, h_k = He_k/sqrt(k!)."""
    z = np.asarray(z, dtype=float)
    H = np.empty((kmax + 1,) + z.shape)
    H[0] = start
    if kmax >= 1:
        H[1] = z * H[0]
    for k in range(1, kmax):
        H[k + 1] = (z * H[k] - math.sqrt(k) * H[k - 1]) / math.sqrt(k + 1)
    return H


def coefficients(f, kmax: int, nodes: int | None = None) -> np.ndarray:
    """c̄_0..c̄_kmax of a vectorized f by Gauss-HermiteE quadrature.

    Exact for polynomials f of degree < 2*nodes - kmax. The recurrence runs on
    g_k(z_j) = sqrt(w_j) h_k(z_j), which is bounded by 1 (columns of an orthogonal
    matrix), so nothing overflows; nodes whose weight underflows contribute nothing.
    """
    if isinstance(kmax, bool) or not isinstance(kmax, (int, np.integer)) or kmax < 0:
        raise InputError("kmax", f"must be a non-negative integer (got {kmax!r})")
    nodes = nodes or max(2 * kmax + 40, 120)
    z, w = gauss_hermite_e(nodes)
    keep = w > 0
    z, sw = z[keep], np.sqrt(w[keep])
    G = orthonormal_hermite(kmax, z, start=sw)
    return G @ (sw * f(z))


def coefficients_split(f, kmax: int, breakpoint: float, half_width: float = 40.0,
                       nodes_per_side: int | None = None) -> np.ndarray:
    """c̄_0..c̄_kmax of a function that is smooth on each side of ``breakpoint`` (a kink of J_r).

    Gauss-Legendre on [-half_width, breakpoint] and [breakpoint, half_width] with the Gaussian
    density folded into the weights (mass beyond +-40 is below e^-800). Each side's integrand is
    smooth, so this converges where Gauss-Hermite over the jump does not.
    """
    if isinstance(kmax, bool) or not isinstance(kmax, (int, np.integer)) or kmax < 0:
        raise InputError("kmax", f"must be a non-negative integer (got {kmax!r})")
    nodes_per_side = nodes_per_side or max(1500, 4 * kmax)
    t, v = _gauss_legendre(nodes_per_side)
    zs, ws = [], []
    for lo, hi in ((-half_width, breakpoint), (breakpoint, half_width)):
        zs.append(0.5 * (hi - lo) * t + 0.5 * (hi + lo))
        ws.append(0.5 * (hi - lo) * v)
    z, w = np.concatenate(zs), np.concatenate(ws)
    w = w * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    keep = w > 0
    z, sw = z[keep], np.sqrt(w[keep])
    # split evaluation so the value at the breakpoint side is taken from its own side
    fz = np.concatenate([f(np.minimum(zz, np.nextafter(breakpoint, -np.inf))) if i == 0 else f(zz)
                         for i, zz in enumerate(np.split(z, [int(np.sum(z < breakpoint))]))])
    return orthonormal_hermite(kmax, z, start=sw) @ (sw * fz)


def step_coefficients_by_quadrature(kmax: int, nodes_per_side: int) -> np.ndarray:
    """c̄_0..c̄_kmax of the step 1(z>0) = ReLU' by Gauss-Legendre quadrature split at the jump
    (``coefficients_split``): independent of the closed form of ``step_coefficients``."""
    return coefficients_split(lambda z: (z > 0).astype(float), kmax, 0.0, nodes_per_side=nodes_per_side)


def step_coefficients(kmax: int) -> np.ndarray:
    """Closed form for the step 1(z>0) = ReLU': c̄_0 = 1/2, c̄_k = pdf(0) He_{k-1}(0)/sqrt(k!) (k>=1).

    Uses d/dz[He_{k-1}(z) pdf(z)] = -He_k(z) pdf(z), so E[1(z>0) He_k] = He_{k-1}(0) pdf(0);
    He_{j}(0) = 0 for odd j and (-1)^{j/2} (j-1)!! for even j.
    """
    c = np.zeros(kmax + 1)
    c[0] = 0.5
    for k in range(1, kmax + 1, 2):
        j = k - 1                      # even
        # log((j-1)!!) = log(j!) - (j/2) log 2 - log((j/2)!)
        log_dfact = gammaln(j + 1) - (j / 2) * math.log(2) - gammaln(j / 2 + 1)
        c[k] = (-1) ** (j // 2) * math.exp(log_dfact - 0.5 * gammaln(k + 1) - 0.5 * math.log(2 * math.pi))
    return c


def polynomial_coefficients(power_coeffs, kmax: int | None = None) -> np.ndarray:
    """Exact c̄_k of a polynomial given in the power basis (conversion to the HermiteE basis)."""
    he = np.polynomial.hermite_e.poly2herme(np.asarray(power_coeffs, dtype=float))
    k = np.arange(he.size)
    c = he * np.exp(0.5 * gammaln(k + 1))      # f = sum he_k He_k = sum he_k sqrt(k!) h_k
    if kmax is not None:
        c = np.concatenate([c, np.zeros(max(0, kmax + 1 - c.size))])[: kmax + 1]
    return c
