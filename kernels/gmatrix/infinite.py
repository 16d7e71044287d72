"""The m -> infinity limit G∞ of the G-matrix of 004 eq. 2.

G∞ (Lemma I.1 of 004): G∞_ij = E_w[phi'(w.x_i) phi'(w.x_j)] <x_i,x_j> = sum_a c̄_a(phi')^2 <x_i,x_j>^(a+1).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import activations as acts
from ..data import require_unit
from ..errors import InputError
from ..series import hermite
from .empirical import check_count
from .spectrum import Spectrum, spectrum


@dataclass(frozen=True)
class InfiniteGram:
    matrix: np.ndarray
    error_bound: float      # bound on max_ij |computed - exact| (truncation + quadrature)
    method: str             # "closed form", "exact polynomial", "hermite series"


def _closed_form_error(R: np.ndarray, d: int) -> float:
    """Entry error of arccos-type kernels from the rounding of rho = <x_i, x_j> (|drho| <= 4 d eps).

    arccos is Hölder-1/2 at rho = +-1: the error is min(sqrt(2 drho), drho / sqrt(1 - rho^2)) / (2 pi),
    about 1e-8 for (near-)antipodal or (near-)parallel pairs, not 1e-16.
    """
    eps = np.finfo(float).eps
    drho = 4 * max(d, 1) * eps
    off = R[~np.eye(R.shape[0], dtype=bool)]
    if off.size == 0:
        return 8 * eps
    s = np.sqrt(np.maximum(1 - off * off, 0.0))
    err = np.minimum(np.sqrt(2 * drho), drho / np.maximum(s, 1e-300)) / (2 * np.pi)
    return float(8 * eps + err.max())


def _auto_kmax(R: np.ndarray, tail_at_100: float, target: float = 1e-15, cap: int = 3000) -> int:
    """Smallest series length whose truncation term tail * max|rho|^(k+2) is below target (capped)."""
    off = np.abs(np.where(np.eye(R.shape[0], dtype=bool) | (np.abs(R + 1) < 1e-12), 0.0, R))
    r = float(off.max()) if off.size else 0.0
    if r <= 0 or tail_at_100 <= 0:
        return 100
    return int(min(cap, max(100, np.ceil(np.log(target / tail_at_100) / np.log(r)))))


def _rho(X) -> np.ndarray:
    X = require_unit(X)
    R = np.clip(X @ X.T, -1.0, 1.0)
    np.fill_diagonal(R, 1.0)
    return R


_COEFF_CACHE: dict = {}


def hermite_coefficients_of_derivative(activation, kmax: int) -> tuple[np.ndarray, float, str]:
    """c̄_0..c̄_kmax of phi' and the tail sum_{a>kmax} c̄_a^2 (bounded, >= 0), with the method used.

    Memoized per (activation name, kmax) within the process (names encode parameters).
    """
    act = acts.get(activation)
    key = (act.name, int(kmax))
    if key not in _COEFF_CACHE:
        _COEFF_CACHE[key] = _hermite_coefficients_of_derivative(act, int(kmax))
    c, tail, how = _COEFF_CACHE[key]
    return c.copy(), tail, how


def _hermite_coefficients_of_derivative(act, kmax: int) -> tuple[np.ndarray, float, str]:
    if act.dphi_poly is not None:
        return hermite.polynomial_coefficients(act.dphi_poly, kmax), 0.0, "exact polynomial"
    if act.name == "relu":
        c = hermite.step_coefficients(kmax)
        return c, max(0.0, 0.5 - float(np.sum(c * c))), "closed form (step)"
    if act.kink_order is not None:
        # piecewise-smooth phi': integrate each side of the kink separately
        bp = float(act.kink_location)
        c = hermite.coefficients_split(act.dphi, kmax, bp)
        norm2 = float(hermite.coefficients_split(lambda z: act.dphi(z) ** 2, 0, bp)[0])
        how = "hermite series (Gauss-Legendre split at the kink)"
    else:
        nodes = max(2 * kmax + 200, 400)
        c = hermite.coefficients(act.dphi, kmax, nodes=nodes)
        z, w = hermite.gauss_hermite_e(nodes)
        norm2 = float(w @ act.dphi(z) ** 2)                 # E[phi'(z)^2]
        how = "hermite series (Gauss-HermiteE quadrature)"
    tail = max(0.0, norm2 - float(np.sum(c * c)))
    return c, tail, how


_QERR_CACHE: dict = {}


def quadrature_error(activation, kmax: int) -> float:
    """Entry error of the series from the quadrature itself, from a second computation.

    The same coefficients with 3/4 of the nodes: sum_a |c_a^2 - c'_a^2| plus the change in
    E[phi'^2] bounds what the rule contributes to a G∞ entry (|rho| <= 1).
    """
    act = acts.get(activation)
    if act.dphi_poly is not None or act.name == "relu":
        return 0.0
    key = (act.name, int(kmax))
    if key not in _QERR_CACHE:               # memoized like the coefficients: it is a second full computation
        _QERR_CACHE[key] = _quadrature_error(act, int(kmax))
    return _QERR_CACHE[key]


def _quadrature_error(act, kmax: int) -> float:
    c, _, _ = hermite_coefficients_of_derivative(act, kmax)
    if act.kink_order is not None:
        bp = float(act.kink_location)
        nodes = max(1500, 4 * kmax) * 3 // 4
        c2 = hermite.coefficients_split(act.dphi, kmax, bp, nodes_per_side=nodes)
        n_a = float(hermite.coefficients_split(lambda z: act.dphi(z) ** 2, 0, bp)[0])
        n_b = float(hermite.coefficients_split(lambda z: act.dphi(z) ** 2, 0, bp, nodes_per_side=nodes)[0])
        one = abs(float(hermite.coefficients_split(lambda z: np.ones_like(z), 0, bp)[0]) - 1.0)
    else:
        nodes = max(2 * kmax + 200, 400) * 3 // 4 + 2 * kmax // 4
        c2 = hermite.coefficients(act.dphi, kmax, nodes=nodes)
        n_a = n_b = 0.0
        one = 0.0
    return float(np.sum(np.abs(c * c - c2 * c2))) + abs(n_a - n_b) + one * max(1.0, n_a)


def expectation(f, act) -> float:
    """E_{z~N(0,1)} f(z), split at the kink when there is one."""
    if act.kink_order is not None:
        return float(hermite.coefficients_split(f, 0, float(act.kink_location))[0])
    z, w = hermite.gauss_hermite_e(400)
    return float(w @ f(z))


def infinite_gram(X, activation, method: str = "auto", kmax: int | None = None) -> InfiniteGram:
    """G∞ for unit data: closed form where one exists, else the Hermite series of Lemma I.1 (004 App. I).

    ``kmax=None`` picks the series length from the data: long enough that the truncation
    bound tail * max|rho|^(kmax+2) falls below 1e-15 (at most 3000 terms).
    """
    act = acts.get(activation)
    R = _rho(X)
    if method not in ("auto", "closed", "hermite"):
        raise InputError("method", f"must be auto, closed or hermite (got {method!r})")
    if method in ("auto", "closed") and act.ginf_kernel is not None:
        return InfiniteGram(act.ginf_kernel(R) * R, _closed_form_error(R, np.shape(X)[1]), "closed form")
    if method == "closed":
        raise InputError("method", f"no closed form of G∞ for {act.name}; use method='hermite'")
    if kmax is None:
        kmax = _auto_kmax(R, hermite_coefficients_of_derivative(act, 100)[1])
    c, tail, how = hermite_coefficients_of_derivative(act, kmax)
    c2 = c * c
    # Horner in rho: sum_a c2[a] rho^(a+1)
    S = np.zeros_like(R)
    for a in range(len(c2) - 1, -1, -1):
        S = S * R + c2[a]
    G = S * R
    np.fill_diagonal(G, float(np.sum(c2)) + tail)       # rho = 1: E[phi'^2] exactly
    anti = np.abs(R + 1.0) < 1e-12                       # rho = -1: -E[phi'(z) phi'(-z)] by 1-d quadrature
    if np.any(anti):
        G[anti] = -expectation(lambda z: act.dphi(z) * act.dphi(-z), act)
    off = np.where(np.eye(R.shape[0], dtype=bool) | anti, 0.0, R)
    trunc = tail * float(np.max(np.abs(off))) ** (kmax + 2) if R.shape[0] > 1 else 0.0
    rounding = 1e-15 * max(1.0, float(np.sum(c2))) * (kmax + 1) ** 0.5
    return InfiniteGram(G, trunc + rounding + quadrature_error(act, kmax), how)


def monte_carlo_gram(X, activation, samples: int, rng: np.random.Generator,
                     chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo estimate of G∞ over w ~ N(0, I) (a = 1) and its entrywise standard error."""
    X = require_unit(X)
    act = acts.get(activation)
    samples = check_count(samples, "samples", "the number of Monte Carlo samples")
    n, d = X.shape
    s1 = np.zeros((n, n))
    s2 = np.zeros((n, n))
    for start in range(0, samples, chunk):
        c = min(chunk, samples - start)
        D = act.dphi(X @ rng.standard_normal((d, c)))
        s1 += D @ D.T
        s2 += (D * D) @ (D * D).T
    mean = s1 / samples
    var = np.maximum(s2 / samples - mean ** 2, 0.0)
    R = X @ X.T
    return mean * R, np.sqrt(var / samples) * np.abs(R)


def hadamard_power_gram(X, power: int) -> np.ndarray:
    """(X X^T)^{⊙power} with <x_i, x_j> clipped to [-1, 1]: the Gram matrix (X^{*p})^T X^{*p} of the rows'
    power-fold tensor products (004 App. I, Lemma I.2), and the a = power - 1 term of G∞ in Lemma I.1."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise InputError("X", f"must be a 2-d array of shape (n, d), one point per row (got shape {X.shape})")
    if isinstance(power, bool) or not isinstance(power, (int, np.integer)) or power < 1:
        raise InputError("power", f"must be an integer >= 1 (got {power!r})")
    return np.clip(X @ X.T, -1, 1) ** power


def ginf_spectrum(X, activation) -> tuple[Spectrum, str]:
    """Spectrum of G∞ with the error bound of its entries in the floor, and the method that computed G∞."""
    gi = infinite_gram(X, activation)
    return spectrum(gi.matrix, gi.error_bound), gi.method
