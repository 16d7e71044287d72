"""Exact probabilities of simple laws (no Monte Carlo): Gaussian windows and tails, the maximum of Gaussians,
chi-square tails, sums of independent two-point variables (exact lattice laws), means of uniforms (Irwin-Hall),
and |x_1 ... x_d - t| <= eps for Gaussian x by one-dimensional quadrature. Used by the facts of 004 App. C.

Functions taking mpmath numbers compute at the CALLER's working precision (call them inside
``mpmath.workdps``); the lattice laws are exact integers and rationals; the quadrature carries its error
estimate.
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from scipy import integrate, special

from ..errors import InputError

EPS64 = float(np.finfo(float).eps)


# ---- Gaussian laws (mpmath, caller's precision) -------------------------------------------------------------

def gaussian_window(t, sigma, a=0):
    """P(|v - a| < t) for v ~ N(0, sigma^2): Phi((a + t)/sigma) - Phi((a - t)/sigma), through erf."""
    T, S, A = mpmath.mpf(t), mpmath.mpf(sigma), mpmath.mpf(a)
    r2 = S * mpmath.sqrt(2)
    return (mpmath.erf((A + T) / r2) - mpmath.erf((A - T) / r2)) / 2


def normal_abs_cdf(s):
    """P(|z| <= s) = erf(s / sqrt 2) for z ~ N(0, 1)."""
    return mpmath.erf(s / mpmath.sqrt(2))


def normal_abs_sf(s):
    """P(|z| > s) = erfc(s / sqrt 2) for z ~ N(0, 1), without cancellation for large s."""
    return mpmath.erfc(s / mpmath.sqrt(2))


def gaussian_max_exceedance(N, thr, S):
    """(P(max_i |x_i| > thr), P(|x_1| > thr)) for N independent x_i ~ N(0, S^2) (N, thr, S mpmath numbers):
    1 - (1 - p)^N through expm1/log1p, so tiny probabilities keep their digits."""
    tail1 = mpmath.erfc(thr / (S * mpmath.sqrt(2)))
    fail = -mpmath.expm1(N * mpmath.log1p(-tail1)) if tail1 < 1 else mpmath.mpf(1)
    return fail, tail1


def chi2_sf(K, x):
    """P(X >= x) for X ~ chi^2_K: the regularized upper incomplete gamma function Q(K/2, x/2)."""
    return mpmath.gammainc(K / 2, x / 2, mpmath.inf, regularized=True)


def chi2_cdf(K, x):
    """P(X <= x) for X ~ chi^2_K: the regularized lower incomplete gamma function P(K/2, x/2)."""
    return mpmath.gammainc(K / 2, 0, x / 2, regularized=True)


# ---- exact lattice laws ----------------------------------------------------------------------------------------

def bernoulli_sum_law(ps, widths) -> tuple[list[int], int]:
    """Law of S = sum_i w_i B_i, B_i ~ Bernoulli(p_i) independent, w_i positive integers, EXACTLY:
    P(S = s) = num[s] / 2^E. Each float p_i is the dyadic rational P_i / 2^e_i it represents; the
    convolution runs on integers. Returns (num, E)."""
    num, E = [1], 0
    for p, w in zip(ps, widths):
        P, D = Fraction(float(p)).as_integer_ratio()
        e = D.bit_length() - 1                  # D = 2^e
        new = [0] * (len(num) + w)
        for s, c in enumerate(num):
            if c:
                new[s] += c * (D - P)
                new[s + w] += c * P
        num, E = new, E + e
    return num, E


def dyadic_probability(count: int, E: int):
    """count / 2^E as an mpmath number (caller's precision)."""
    return mpmath.mpf(count) / mpmath.mpf(2) ** E


def irwin_hall_cdf(x: Fraction, n: int) -> Fraction:
    """P(U_1 + ... + U_n <= x), U_i ~ U[0, 1] i.i.d., in exact rationals."""
    if x <= 0:
        return Fraction(0)
    if x >= n:
        return Fraction(1)
    tot = sum((-1) ** k * math.comb(n, k) * (x - k) ** n for k in range(int(math.floor(x)) + 1))
    return tot / math.factorial(n)


def two_point_mean_deviation(ps, widths, scale: float, t: float, dps: int):
    """P(|x̄ - E x̄| >= t), x_i = a_i + scale w_i B_i with B_i ~ Bernoulli(p_i) independent (the a_i drop out),
    decided in exact rationals on the lattice law; returned as an mpmath number at ``dps`` digits."""
    n = len(ps)
    T, C = Fraction(float(t)), Fraction(float(scale))
    num, E = bernoulli_sum_law(ps, widths)
    mean_S = sum(Fraction(float(p)) * w for p, w in zip(ps, widths))
    hit = sum(c for s, c in enumerate(num) if c and abs(C * (s - mean_S)) >= n * T)
    with mpmath.workdps(dps):
        return dyadic_probability(hit, E)


def uniform_mean_deviation(n: int, scale: float, t: float, dps: int):
    """P(|x̄ - E x̄| >= t) for n i.i.d. x_i ~ U[a, a + scale] (Irwin-Hall, exact rationals); an mpmath number at
    ``dps`` digits."""
    T, C = Fraction(float(t)), Fraction(float(scale))
    half = Fraction(n, 2)
    dev = n * T / C                             # |sum U_i - n/2| >= n t / scale
    p = irwin_hall_cdf(half - dev, n) + (1 - irwin_hall_cdf(half + dev, n))
    with mpmath.workdps(dps):
        return mpmath.mpf(p.numerator) / p.denominator


def poisson_binomial_tail_counts(ps, t: float) -> tuple[int, int, int, Fraction]:
    """For K = sum_i B_i, B_i ~ Bernoulli(p_i) independent, mu = E K (exact rational), exactly:
    P(K < (1 - t) mu) = low / 2^E and P(K > (1 + t) mu) = high / 2^E. Returns (low, high, E, mu)."""
    num, E = bernoulli_sum_law(ps, [1] * len(ps))
    mu = sum(Fraction(float(p)) for p in ps)
    T = Fraction(float(t))
    low = sum(c for k, c in enumerate(num) if c and k < (1 - T) * mu)
    high = sum(c for k, c in enumerate(num) if c and k > (1 + T) * mu)
    return low, high, E, mu


# ---- products of Gaussians (quadrature) ----------------------------------------------------------------------

def _abs_product_density(m: int):
    """Density of |x_1 ... x_m| on (0, inf), x ~ N(0, I_m): m = 1: 2 phi(z); m = 2: 2 K_0(z)/pi."""
    if m == 1:
        return lambda z: 2 * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    if m == 2:
        return lambda z: 2 * special.k0(z) / math.pi
    raise InputError("d", f"degree d <= 3 only (got d = {m + 1})")


def gaussian_product_window(d: int, t: float, eps: float) -> tuple[float, float]:
    """P(|x_1 ... x_d - t| <= eps), x ~ N(0, I_d), and a quadrature error estimate.

    d = 1 exactly; d = 2, 3 as E over Z = |x_1 ... x_{d-1}| of Phi((t + eps)/Z) - Phi((t - eps)/Z) (x_d symmetric),
    by scipy.integrate.quad on pieces split at the scales eps/10, eps, |t - eps|, |t| + eps, 1.
    """
    if d == 1:
        return float(special.ndtr(t + eps) - special.ndtr(t - eps)), 4 * EPS64
    dens = _abs_product_density(d - 1)

    def integrand(z):
        return dens(z) * (special.ndtr((t + eps) / z) - special.ndtr((t - eps) / z))

    pts = sorted({eps / 10, eps, abs(t - eps) or eps, abs(t) + eps, 1.0})
    tot = err = 0.0
    a = 0.0
    for b in pts + [np.inf]:
        if b <= a:
            continue
        v, e = integrate.quad(integrand, a, b, limit=200, epsabs=0.0, epsrel=1e-12)
        tot, err, a = tot + v, err + e, b
    return tot, err
