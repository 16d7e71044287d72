"""The preliminary facts of 004 App. C (Facts C.1-C.6, C.8-C.11; C.7 is a definition), each as printed.

Probabilities are EXACT where a closed form exists (no Monte Carlo anywhere in this module):
- C.1, C.2: Gaussian interval probabilities through erf/erfc in mpmath, at a working precision
  that grows with -log10(t/sigma), so tiny t never cancel against 1.
- C.3 (Hoeffding): two-point variables x_i in {a_i, b_i} (the extremal laws of a bounded variable)
  with integer width ratios, whose mean has a lattice law computed by an exact integer convolution
  (each p_i = P_i / 2^e_i exactly as the float it is); and i.i.d. uniform variables through the
  Irwin-Hall CDF in rational arithmetic. Events such as |x̄ - E x̄| >= t are decided in exact rationals.
- C.4 (multiplicative Chernoff): the Poisson-binomial law, exactly as above.
- C.5 (maximum of Gaussians): P(max |x_i| <= thr) = erf(thr/(sigma sqrt 2))^n for independent x_i.
- C.6 (chi-square, Laurent & Massart 2000 Lemma 1): regularized incomplete gamma functions (mpmath).
- C.8 (Carbery-Wright): P(|x_1...x_d - t| <= eps) by one-dimensional quadrature (scipy.integrate.quad,
  error estimate kept) over the density of |x_1...x_{d-1}| (2 phi(z) for d = 2, 2 K_0(z)/pi for d = 3).
- C.9-C.11 are deterministic inequalities: random and adversarial matrices, checked against an explicit
  float64 backward-error tolerance (see each measure).

Reading of the printed statements (implemented as printed; named variants beside two of them):
- C.1: v ~ N(0, sigma^2), t in (0, sigma): P(|v| >= t) in (1 - 4t/(5 sigma), 1 - 2t/(3 sigma)); and for
  t in (0, sigma/2), 0 <= a <= sigma: P(|v - a| >= t) in (1 - 4t/(5 sigma), 1 - t/(4 sigma)). Open intervals.
  Compared through the complement q = P(|v - a| < t): P in (1 - c1 s, 1 - c2 s) <=> c2 s < q < c1 s, s = t/sigma.
- C.2: "forall t in (0, sigma), we have forall t >= 0: P(|v - mu| <= t) <= 1 - 2 exp(-t^2/(2 sigma^2))". As t -> 0
  the left side -> 0 and the right side -> -1; since P(|v - mu| > t) < exp(-s^2/2) (Chernoff) it fails for
  every t >= 0. ``fact-C.2/corrected`` checks the standard tail bound P(|v - mu| <= t) >= 1 - 2 exp(-t^2/(2 sigma^2)).
- C.3: Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum_i (a_i - b_i)^2), for every t > 0.
- C.4: with E(x̄) (the MEAN, in [0, 1]) in the exponent, as printed, for t in (0, 1). Chernoff's bound has
  E(sum x_i) = n E(x̄) there; the printed bound is therefore weaker (never below e^{-1/2}) and true.
- C.5: "Pr{max |x_i| <= k sqrt(log n sigma)} >= 1 - 2/n^{k^2/2 - 1}": read literally, thr = k sqrt(log(n sigma))
  (natural log), defined for n sigma >= 1; the x_i independent (the printed text says only "n Gaussians";
  the union bound, valid under any dependence, is kept as evidence). ``fact-C.5/corrected`` reads the
  threshold as k sigma sqrt(log n), which the union bound proves.
- C.6: x ~ chi^2_k, t >= 0: P(x - k >= 2 sqrt(kt) + 2t) <= e^{-t} and P(k - x >= 2 sqrt(kt)) <= e^{-t}.
- C.8: "for all t and eps > 0 there exists C > 0" with Pr(|Q - t| <= eps) <= C d eps^{1/d}: C is not given and,
  read literally, may depend on t and eps (then the statement is empty). What can be measured is the FORM
  with a universal C (Carbery & Wright 2001): Pr(|Q - t| <= eps) = O(eps^{1/d}) as eps -> 0 for the
  multilinear Q = x_1 x_2 ... x_d (Var Q = 1), checked as a scaling statement; the implied C is evidence.
- C.9: A in R^{n x m}, columns a_i: (1/sqrt m) min_i dist(a_i, span(a_j : j != i)) <= sigma_min(A), sigma_min =
  sigma_{min(n, m)}. C.10: Gershgorin for complex A. C.11: Weyl, eigenvalues in DESCENDING order (004 Sec. 2:
  lambda_1 >= lambda_2 >= ...), for every pair (i, j) whose left-hand index lies in [n] (others are vacuous).
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from scipy import integrate, special

from ...spec import Claim, product
from ...verdict import AllOf, Predicate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40                       # working digits for the exact probabilities
REL_TOL = 1e-25                # a violation must exceed this relative margin (40-digit arithmetic)
EPS64 = float(np.finfo(float).eps)


def _dps_for(s: float) -> int:
    """Digits so that 1 - c s is resolved for small s = t / sigma."""
    return DPS + max(0, int(math.ceil(-math.log10(s)))) if s > 0 else DPS


def _f(x) -> float:
    return float(x)


# ---- C.1 -------------------------------------------------------------------------------------------------

def c1_values(t: float, sigma: float, a: float | None = None) -> dict:
    """004 Fact C.1. ``a is None``: first part (t in (0, sigma)); else the second (t in (0, sigma/2), 0 <= a <= sigma)."""
    part = 1 if a is None else 2
    aa = 0.0 if a is None else float(a)
    applies = sigma > 0 and (0 < t < sigma if part == 1 else (0 < t < sigma / 2 and 0 <= aa <= sigma))
    if not (t > 0 and sigma > 0):
        return {"applies": False, "holds": True, "certain": False, "part": part, "t": t, "sigma": sigma, "a": aa,
                "margin": None, "explain": "t and sigma must be positive"}
    s_float = t / sigma
    with mpmath.workdps(_dps_for(s_float)):
        T, S, A = mpmath.mpf(t), mpmath.mpf(sigma), mpmath.mpf(aa)
        s = T / S
        r2 = S * mpmath.sqrt(2)
        # q = P(|v - a| < t) = Phi((a + t)/sigma) - Phi((a - t)/sigma), v ~ N(0, sigma^2)
        q = (mpmath.erf((A + T) / r2) - mpmath.erf((A - T) / r2)) / 2
        c_lo, c_hi = mpmath.mpf(4) / 5, (mpmath.mpf(2) / 3 if part == 1 else mpmath.mpf(1) / 4)
        m_lo = c_lo * s - q            # P - (1 - 4s/5)
        m_hi = q - c_hi * s            # (1 - c s) - P
        margin = min(m_lo, m_hi) / s   # relative to s = t/sigma
        lhs = 1 - q
    holds = bool(m_lo > 0 and m_hi > 0)
    return {"applies": bool(applies), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "part": part,
            "t": t, "sigma": sigma, "a": aa, "s": _f(s), "lhs": _f(lhs), "P_complement": _f(q),
            "interval": [_f(1 - c_lo * s), _f(1 - c_hi * s)], "margin_low": _f(m_lo / s), "margin_high": _f(m_hi / s),
            "margin": _f(margin),
            "explain": f"part {part}, t/sigma={_f(s):.6g}, a={aa:.6g}: P = 1 - {_f(q):.10g} not in "
                       f"(1 - {_f(c_lo):.4g} s, 1 - {_f(c_hi):.4g} s) = ({_f(1 - c_lo * s):.10g}, {_f(1 - c_hi * s):.10g})"}


def _measure_c1(point, rng, backend):
    sigma = point["sigma"]
    t = point["s"] * sigma
    return c1_values(t, sigma, None if point["part"] == 1 else point["a_frac"] * sigma)


_C1_GRID = {"quick": ([{"part": 1, "s": s, "sigma": sg, "a_frac": 0.0}
                       for s in (1e-9, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999) for sg in (1.0, 3.7)]
                      + [{"part": 2, "s": s, "sigma": 2.0, "a_frac": af}
                         for s in (1e-9, 0.01, 0.1, 0.25, 0.45, 0.4999) for af in (0.0, 0.5, 1.0)]),
            "full": ([{"part": 1, "s": s, "sigma": sg, "a_frac": 0.0}
                      for s in np.geomspace(1e-12, 0.9999, 40).tolist() for sg in (1e-3, 1.0, 1e3)]
                     + [{"part": 2, "s": s, "sigma": 2.0, "a_frac": af}
                        for s in np.geomspace(1e-12, 0.49999, 30).tolist() for af in np.linspace(0, 1, 11).tolist()])}

FACT_C1 = Claim(
    id="activation/fact-C.1", source=f"{SOURCE} App. C, Fact C.1",
    statement="v ~ N(0, sigma^2), t in (0, sigma): P(|v| >= t) in (1 - 4t/(5 sigma), 1 - 2t/(3 sigma)); and for "
              "t in (0, sigma/2), 0 <= a <= sigma: P(|v - a| >= t) in (1 - 4t/(5 sigma), 1 - t/(4 sigma))",
    kind="bound", check=Predicate(summary_keys=("part", "s", "a", "lhs", "interval", "margin")),
    grid=_C1_GRID, measure=_measure_c1,
    notes="exact (erf in mpmath); margin = min distance to the interval ends, divided by t/sigma",
)


# ---- C.2 -------------------------------------------------------------------------------------------------

def c2_values(t: float, mu: float, sigma: float, corrected: bool = False) -> dict:
    """004 Fact C.2 as printed: P(|v - mu| <= t) <= 1 - 2 exp(-t^2/(2 sigma^2)) (corrected: >=)."""
    applies = sigma > 0 and t >= 0
    s_float = t / sigma if sigma > 0 else float("nan")
    with mpmath.workdps(DPS):
        s = mpmath.mpf(t) / mpmath.mpf(sigma)
        lhs = mpmath.erf(s / mpmath.sqrt(2))                    # P(|v - mu| <= t), independent of mu
        tail_bound = 2 * mpmath.exp(-s * s / 2)
        rhs = 1 - tail_bound
        # printed: rhs - lhs = erfc(s/sqrt2) - 2 e^{-s^2/2}; relative to the tail scale 2 e^{-s^2/2}
        diff = mpmath.erfc(s / mpmath.sqrt(2)) - tail_bound
        margin = (-diff if corrected else diff) / tail_bound
    holds = bool(margin >= 0)
    sense = ">=" if corrected else "<="
    return {"applies": bool(applies), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "t": t, "mu": mu,
            "sigma": sigma, "s": s_float, "lhs": _f(lhs), "rhs": _f(rhs), "margin": _f(margin),
            "explain": f"t/sigma={s_float:.6g}: P(|v-mu| <= t) = {_f(lhs):.10g}, printed bound {sense} "
                       f"1 - 2e^(-t^2/2sigma^2) = {_f(rhs):.10g}"}


def _measure_c2(point, rng, backend, corrected=False):
    return c2_values(point["s"] * point["sigma"], point["mu"], point["sigma"], corrected)


_C2_GRID = {"quick": product(s=[0.0, 1e-3, 0.1, 0.5, 0.9, 1.0, 2.0, 5.0], mu=[0.0, 2.0], sigma=[1.5]),
            "full": product(s=[0.0, 1e-9, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0],
                            mu=[-3.0, 0.0, 2.0], sigma=[1e-3, 1.5, 1e3])}

FACT_C2 = Claim(
    id="activation/fact-C.2", source=f"{SOURCE} App. C, Fact C.2",
    statement="v ~ N(mu, sigma^2), forall t in (0, sigma) [and, as printed, forall t >= 0]: "
              "P(|v - mu| <= t) <= 1 - 2 exp(-t^2/(2 sigma^2))",
    kind="bound", check=Predicate(summary_keys=("s", "lhs", "rhs", "margin")), grid=_C2_GRID, measure=_measure_c2,
    notes="exact (erf); fails for every t >= 0: the direction of the inequality is reversed w.r.t. the Gaussian tail bound",
)

FACT_C2_CORRECTED = Claim(
    id="activation/fact-C.2/corrected", source=f"{SOURCE} App. C, Fact C.2 with the inequality reversed (the Gaussian tail bound)",
    statement="v ~ N(mu, sigma^2), t >= 0: P(|v - mu| <= t) >= 1 - 2 exp(-t^2/(2 sigma^2))",
    kind="bound", check=Predicate(summary_keys=("s", "lhs", "rhs", "margin")), grid=_C2_GRID,
    measure=lambda p, rng, be: _measure_c2(p, rng, be, corrected=True),
    notes="variant, not in the catalog: P(|v - mu| > t) <= 2 exp(-t^2/(2 sigma^2)) (Chernoff)",
)


# ---- exact lattice laws (C.3, C.4) ------------------------------------------------------------------------

def _lattice_law(ps, widths) -> tuple[list[int], int]:
    """Law of S = sum_i w_i B_i, B_i ~ Bernoulli(p_i) independent, EXACTLY: P(S = s) = num[s] / 2^E.

    Each float p_i is the dyadic rational P_i / 2^e_i it represents; the convolution runs on integers.
    """
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


def _prob(num_sum: int, E: int):
    return mpmath.mpf(num_sum) / mpmath.mpf(2) ** E


def _irwin_hall_cdf(x: Fraction, n: int) -> Fraction:
    """P(U_1 + ... + U_n <= x), U_i ~ U[0, 1] i.i.d., in exact rationals."""
    if x <= 0:
        return Fraction(0)
    if x >= n:
        return Fraction(1)
    tot = sum((-1) ** k * math.comb(n, k) * (x - k) ** n for k in range(int(math.floor(x)) + 1))
    return tot / math.factorial(n)


# ---- C.3 -------------------------------------------------------------------------------------------------

def c3_values(family: str, t: float, ps=None, widths=None, scale: float = 1.0, n: int | None = None) -> dict:
    """004 Fact C.3 (Hoeffding): Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum (a_i - b_i)^2).

    family "two-point": x_i = a_i + scale * w_i * B_i, B_i ~ Bernoulli(p_i) (w_i positive integers, a_i arbitrary:
    x̄ - E x̄ does not depend on them). family "uniform": x_i ~ U[a, a + scale] i.i.d. (n of them).
    """
    T, C = Fraction(float(t)), Fraction(float(scale))
    if family == "two-point":
        n = len(ps)
        widths = [int(w) for w in widths]
        num, E = _lattice_law(ps, widths)
        mean_S = sum(Fraction(float(p)) * w for p, w in zip(ps, widths))
        hit = sum(c for s, c in enumerate(num) if c and abs(C * (s - mean_S)) >= n * T)
        with mpmath.workdps(DPS):
            lhs = _prob(hit, E)
        sum_sq = float(scale) ** 2 * sum(w * w for w in widths)
    elif family == "uniform":
        n = int(n)
        half = Fraction(n, 2)
        dev = n * T / C                         # |sum U_i - n/2| >= n t / scale
        p = _irwin_hall_cdf(half - dev, n) + (1 - _irwin_hall_cdf(half + dev, n))
        with mpmath.workdps(DPS):
            lhs = mpmath.mpf(p.numerator) / p.denominator
        sum_sq = n * float(scale) ** 2
    else:
        raise ValueError(family)
    with mpmath.workdps(DPS):
        rhs = 2 * mpmath.exp(-2 * mpmath.mpf(n) ** 2 * mpmath.mpf(t) ** 2 / mpmath.mpf(sum_sq))
        margin = 1 - lhs / rhs
    holds = bool(lhs <= rhs)
    return {"applies": bool(t > 0 and n >= 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL),
            "family": family, "n": n, "t": t, "lhs": _f(lhs), "rhs": _f(rhs), "margin": _f(margin),
            "explain": f"{family}, n={n}, t={t:.6g}: Pr(|x̄ - E x̄| >= t) = {_f(lhs):.10g} > {_f(rhs):.10g}"}


def _c3_instance(point):
    n, fam = point["n"], point["family"]
    if fam == "uniform":
        return {"family": "uniform", "n": n, "scale": 1.0}
    if point["law"] == "iid":
        ps, ws = [point["p"]] * n, [1] * n
    else:                                       # heterogeneous: probabilities and widths cycle
        ps = [(0.05, 0.5, 0.9, 0.3)[i % 4] for i in range(n)]
        ws = [(1, 2, 3)[i % 3] for i in range(n)]
    return {"family": "two-point", "ps": ps, "widths": ws, "scale": 1.0}


def _measure_c3(point, rng, backend):
    return c3_values(t=point["t"], **_c3_instance(point))


def _c3_grid(ns, ts, ps):
    pts = [{"family": "two-point", "law": "iid", "p": p, "n": n, "t": t} for p in ps for n in ns for t in ts]
    pts += [{"family": "two-point", "law": "mixed", "p": None, "n": n, "t": t} for n in ns for t in ts]
    pts += [{"family": "uniform", "law": "iid", "p": None, "n": n, "t": t} for n in ns for t in ts]
    return pts


FACT_C3 = Claim(
    id="activation/fact-C.3", source=f"{SOURCE} App. C, Fact C.3 (Hoeffding; Boucheron et al. 2013)",
    statement="x_i independent in [a_i, b_i], x̄ their mean: Pr(|x̄ - E x̄| >= t) <= 2 exp(-2 n^2 t^2 / sum (a_i - b_i)^2)",
    kind="bound", check=Predicate(summary_keys=("family", "n", "t", "lhs", "rhs", "margin")),
    grid={"quick": _c3_grid([1, 5, 20], [0.05, 0.2, 0.45], [0.5, 0.1]),
          "full": _c3_grid([1, 2, 5, 10, 20, 40], [0.01, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6], [0.5, 0.1, 0.01])},
    measure=_measure_c3,
    notes="exact laws: integer convolution of two-point variables, Irwin-Hall CDF in rationals; events decided in rationals",
)


# ---- C.4 -------------------------------------------------------------------------------------------------

def c4_values(ps, t: float) -> dict:
    """004 Fact C.4 as printed: Pr(x̄ < (1-t) E x̄) <= e^{-t^2 E x̄ / 2}, Pr(x̄ > (1+t) E x̄) <= e^{-t^2 E x̄/(2+t)}."""
    n = len(ps)
    num, E = _lattice_law(ps, [1] * n)
    mu_sum = sum(Fraction(float(p)) for p in ps)           # E(sum x_i); E(x̄) = mu_sum / n
    T = Fraction(float(t))
    low = sum(c for k, c in enumerate(num) if c and k < (1 - T) * mu_sum)
    high = sum(c for k, c in enumerate(num) if c and k > (1 + T) * mu_sum)
    with mpmath.workdps(DPS):
        mean = mpmath.mpf(mu_sum.numerator) / mu_sum.denominator / n
        tt = mpmath.mpf(t)
        p_low, p_high = _prob(low, E), _prob(high, E)
        x_low, x_high = tt ** 2 * mean / 2, tt ** 2 * mean / (2 + tt)
        b_low, b_high = mpmath.exp(-x_low), mpmath.exp(-x_high)
        # b - P through the complements (exact integers for 1 - P, -expm1 for 1 - b): no cancellation near 1
        m_low = ((_prob(2 ** E - low, E) + mpmath.expm1(-x_low)) / b_low)
        m_high = ((_prob(2 ** E - high, E) + mpmath.expm1(-x_high)) / b_high)
        margin = min(m_low, m_high)
        std_low = mpmath.exp(-tt ** 2 * n * mean / 2)         # Chernoff with E(sum x_i), for comparison
        std_high = mpmath.exp(-tt ** 2 * n * mean / (2 + tt))
    holds = bool(m_low >= 0 and m_high >= 0)
    return {"applies": bool(0 < t < 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "n": n, "t": t,
            "mean": _f(mean), "P_low": _f(p_low), "bound_low": _f(b_low), "P_high": _f(p_high),
            "bound_high": _f(b_high), "chernoff_sum_low": _f(std_low), "chernoff_sum_high": _f(std_high),
            "margin": _f(margin),
            "explain": f"n={n}, E x̄={_f(mean):.6g}, t={t:.6g}: lower tail {_f(p_low):.6g} vs {_f(b_low):.6g}, "
                       f"upper tail {_f(p_high):.6g} vs {_f(b_high):.6g}"}


def _measure_c4(point, rng, backend):
    n = point["n"]
    ps = [point["p"]] * n if point["p"] is not None else [(0.02, 0.5, 0.95, 0.2, 0.7)[i % 5] for i in range(n)]
    return c4_values(ps, point["t"])


FACT_C4 = Claim(
    id="activation/fact-C.4", source=f"{SOURCE} App. C, Fact C.4 (multiplicative Chernoff; Boucheron et al. 2013)",
    statement="x_i independent in {0, 1}, x̄ their mean, t in (0, 1): Pr(x̄ < (1-t) E x̄) <= exp(-t^2 E(x̄)/2) and "
              "Pr(x̄ > (1+t) E x̄) <= exp(-t^2 E(x̄)/(2+t))",
    kind="bound", check=Predicate(summary_keys=("n", "t", "mean", "P_low", "bound_low", "P_high", "bound_high", "margin")),
    grid={"quick": product(n=[5, 40], p=[0.05, 0.5, None], t=[0.1, 0.5, 0.9]),
          "full": product(n=[1, 2, 5, 10, 40, 100, 200], p=[0.001, 0.05, 0.5, 0.9, None], t=[0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])},
    measure=_measure_c4,
    notes="exact Poisson-binomial law; the printed exponent has E(x̄), not E(sum x_i) = n E(x̄) (Chernoff's)",
)


# ---- C.5 -------------------------------------------------------------------------------------------------

def c5_values(n: int, k: float, sigma: float, corrected: bool = False) -> dict:
    """004 Fact C.5: Pr{max_i |x_i| <= thr} >= 1 - 2/n^{k^2/2 - 1}, x_i ~ N(0, sigma^2) independent.

    As printed thr = k sqrt(log(n sigma)) (defined for n sigma >= 1); corrected: thr = k sigma sqrt(log n).
    """
    with mpmath.workdps(DPS):
        N, K, S = mpmath.mpf(n), mpmath.mpf(k), mpmath.mpf(sigma)
        arg = mpmath.log(N) if corrected else mpmath.log(N * S)
        applies = bool(arg >= 0 and k > 0 and sigma > 0 and n >= 1)
        thr = (K * S * mpmath.sqrt(arg) if corrected else K * mpmath.sqrt(arg)) if applies else mpmath.mpf(0)
        tail1 = mpmath.erfc(thr / (S * mpmath.sqrt(2)))         # P(|x_i| > thr)
        fail = -mpmath.expm1(N * mpmath.log1p(-tail1)) if tail1 < 1 else mpmath.mpf(1)   # 1 - P(max <= thr)
        promised_fail = 2 / N ** (K * K / 2 - 1)                  # 1 - rhs
        lhs, rhs = 1 - fail, 1 - promised_fail
        margin = promised_fail - fail                             # = lhs - rhs, without cancellation
        union_lower = 1 - N * tail1                               # valid under any dependence
        sure = margin < -REL_TOL * max(fail, promised_fail)
    holds = bool(fail <= promised_fail)
    thr_s = "k sigma sqrt(log n)" if corrected else "k sqrt(log(n sigma))"
    return {"applies": applies, "holds": holds, "certain": bool(holds or sure), "n": n, "k": k,
            "sigma": sigma, "threshold": _f(thr), "threshold_over_sigma": _f(thr / S), "lhs": _f(lhs), "rhs": _f(rhs),
            "P_exceed": _f(fail), "promised_exceed": _f(promised_fail), "any_dependence_lower": _f(union_lower),
            "margin": _f(margin),
            "explain": f"n={n}, k={k:g}, sigma={sigma:g}: thr = {thr_s} = {_f(thr):.6g}; "
                       f"P(max|x_i| <= thr) = {_f(lhs):.10g} < 1 - 2/n^(k^2/2-1) = {_f(rhs):.10g}"}


def _measure_c5(point, rng, backend, corrected=False):
    return c5_values(point["n"], point["k"], point["sigma"], corrected)


_C5_GRID = {"quick": product(n=[2, 10, 1000], k=[1.0, 2.0, 3.0], sigma=[0.52, 1.0, 10.0]),
            "full": product(n=[1, 2, 3, 10, 100, 1000, 10 ** 6], k=[0.5, 1.0, 1.5, 2.0, 3.0, 5.0],
                            sigma=[1e-3, 0.1, 0.52, 0.9, 1.0, 1.1, 2.0, 10.0, 100.0])}

FACT_C5 = Claim(
    id="activation/fact-C.5", source=f"{SOURCE} App. C, Fact C.5 (maximum of Gaussians; Boucheron et al. 2013)",
    statement="x_1..x_n ~ N(0, sigma^2), k > 0: Pr{max_i |x_i| <= k sqrt(log n sigma)} >= 1 - 2/n^{k^2/2 - 1}",
    kind="bound", check=Predicate(summary_keys=("n", "k", "sigma", "threshold", "lhs", "rhs", "margin"),
                                  why_none="n sigma < 1 everywhere: log(n sigma) < 0"),
    grid=_C5_GRID, measure=_measure_c5,
    notes="threshold read literally as k sqrt(log(n sigma)); x_i independent (exact: erf^n); not applicable where n sigma < 1",
)

FACT_C5_CORRECTED = Claim(
    id="activation/fact-C.5/corrected",
    source=f"{SOURCE} App. C, Fact C.5 with the threshold k sigma sqrt(log n) (what the union bound gives)",
    statement="x_1..x_n ~ N(0, sigma^2) independent, k > 0: Pr{max_i |x_i| <= k sigma sqrt(log n)} >= 1 - 2/n^{k^2/2 - 1}",
    kind="bound", check=Predicate(summary_keys=("n", "k", "sigma", "threshold", "lhs", "rhs", "margin")),
    grid=_C5_GRID, measure=lambda p, rng, be: _measure_c5(p, rng, be, corrected=True),
    notes="variant, not in the catalog",
)


# ---- C.6 -------------------------------------------------------------------------------------------------

def c6_values(k: int, t: float) -> dict:
    """004 Fact C.6 (Laurent & Massart 2000, Lemma 1): x ~ chi^2_k, t >= 0."""
    with mpmath.workdps(DPS):
        K, T = mpmath.mpf(k), mpmath.mpf(t)
        up = K + 2 * mpmath.sqrt(K * T) + 2 * T
        lo = K - 2 * mpmath.sqrt(K * T)
        p_up = mpmath.gammainc(K / 2, up / 2, mpmath.inf, regularized=True)          # P(x >= up)
        p_lo = mpmath.gammainc(K / 2, 0, lo / 2, regularized=True) if lo > 0 else mpmath.mpf(0)  # P(x <= lo)
        b = mpmath.exp(-T)
        m_up, m_lo = 1 - p_up / b, 1 - p_lo / b
        margin = min(m_up, m_lo)
    holds = bool(p_up <= b and p_lo <= b)
    return {"applies": bool(t >= 0 and k >= 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL),
            "k": k, "t": t, "P_upper": _f(p_up), "P_lower": _f(p_lo), "bound": _f(b), "margin": _f(margin),
            "explain": f"k={k}, t={t:.6g}: P(x-k >= 2sqrt(kt)+2t) = {_f(p_up):.6g}, P(k-x >= 2sqrt(kt)) = {_f(p_lo):.6g}, "
                       f"e^-t = {_f(b):.6g}"}


FACT_C6 = Claim(
    id="activation/fact-C.6", source=f"{SOURCE} App. C, Fact C.6 (Laurent & Massart 2000, Lemma 1)",
    statement="x ~ chi^2_k: P(x - k >= 2 sqrt(kt) + 2t) <= exp(-t) and P(k - x >= 2 sqrt(kt)) <= exp(-t)",
    kind="bound", check=Predicate(summary_keys=("k", "t", "P_upper", "P_lower", "bound", "margin")),
    grid={"quick": product(k=[1, 2, 10, 100], t=[0.0, 0.01, 0.5, 2.0, 10.0, 40.0]),
          "full": product(k=[1, 2, 3, 5, 10, 30, 100, 1000, 10 ** 5], t=[0.0, 1e-6, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 40.0, 200.0])},
    measure=lambda p, rng, be: c6_values(p["k"], p["t"]),
    notes="exact (regularized incomplete gamma, mpmath)",
)


# ---- C.8 -------------------------------------------------------------------------------------------------

def _abs_density(m: int):
    """Density of |x_1 ... x_m| on (0, inf): m = 1: 2 phi(z); m = 2: 2 K_0(z)/pi."""
    if m == 1:
        return lambda z: 2 * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    if m == 2:
        return lambda z: 2 * special.k0(z) / math.pi
    raise ValueError("degree d <= 3 only")


def c8_probability(d: int, t: float, eps: float) -> tuple[float, float]:
    """P(|x_1 ... x_d - t| <= eps), x ~ N(0, I_d), and a quadrature error estimate.

    d = 1 exactly; d >= 2 as E over Z = |x_1 ... x_{d-1}| of Phi((t + eps)/Z) - Phi((t - eps)/Z) (x_d symmetric).
    """
    if d == 1:
        return float(special.ndtr(t + eps) - special.ndtr(t - eps)), 4 * EPS64
    dens = _abs_density(d - 1)

    def f(z):
        return dens(z) * (special.ndtr((t + eps) / z) - special.ndtr((t - eps) / z))

    pts = sorted({eps / 10, eps, abs(t - eps) or eps, abs(t) + eps, 1.0})
    tot = err = 0.0
    a = 0.0
    for b in pts + [np.inf]:
        if b <= a:
            continue
        v, e = integrate.quad(f, a, b, limit=200, epsabs=0.0, epsrel=1e-12)
        tot, err, a = tot + v, err + e, b
    return tot, err


def _measure_c8(point, rng, backend):
    d, t, eps = point["d"], point["t"], point["eps"]
    p, err = c8_probability(d, t, eps)
    return {"P": p, "quadrature_error": err, "eps_power": eps ** (1 / d), "implied_C": p / (d * eps ** (1 / d)),
            "d": d, "t": t, "eps": eps}


_C8_EPS_QUICK = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 1e-4]
_C8_EPS_FULL = np.geomspace(1e-8, 1e-1, 15).tolist()

FACT_C8 = Claim(
    id="activation/fact-C.8", source=f"{SOURCE} App. C, Fact C.8 (Carbery & Wright 2001; Anderson et al. 2014)",
    statement="Q multilinear of degree d, Var(Q) = 1 under N(0, I_n): forall t, eps > 0 there exists C > 0 with "
              "Pr(|Q(x) - t| <= eps) <= C d eps^{1/d}",
    kind="scaling",
    check=AllOf(checks=tuple(Scaling(y="P", x="eps", printed=1.0 / d, direction="upper_bound", limit="0",
                                     group_by=("t",), where={"d": d}) for d in (1, 2, 3))),
    grid={"quick": product(d=[1, 2, 3], t=[0.0, 0.5], eps=_C8_EPS_QUICK),
          "full": product(d=[1, 2, 3], t=[0.0, 0.1, 0.5, 1.0], eps=_C8_EPS_FULL)},
    measure=_measure_c8,
    notes="C is unspecified (and, read literally, chosen after t and eps: then the statement is empty); only the FORM "
          "Pr = O(eps^{1/d}) as eps -> 0 is checked, on Q = x_1...x_d, with the implied C as evidence",
)


# ---- C.9 -------------------------------------------------------------------------------------------------

def c9_values(A) -> dict:
    """004 Fact C.9 (Rudelson & Vershynin 2009): (1/sqrt m) min_i dist(a_i, A_{-i}) <= sigma_min(A), A n x m.

    dist through Householder QR of A_{-i} (no rank truncation): each computed distance is exact for a matrix
    within c eps ||A|| of A, and the proof (|x_i| >= 1/sqrt m for some i of the singular vector x) turns
    that into tol = 20 (n + m) eps ||A||_2 on the inequality.
    """
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
    smin, norm = float(sv[-1]), float(sv[0])
    lhs = min(dists) / math.sqrt(m)
    tol = 20 * (n + m) * EPS64 * norm
    excess = lhs - smin
    scale = norm if norm > 0 else 1.0
    return {"applies": True, "holds": bool(excess <= tol), "certain": bool(excess <= tol),
            "n": n, "m": m, "lhs": lhs, "sigma_min": smin, "norm": norm, "tol": tol,
            "argmin_column": int(np.argmin(dists)), "margin": -excess / scale,
            "explain": f"{n}x{m} matrix: (1/sqrt m) min_i dist(a_i, A_-i) = {lhs:.10g} > sigma_min = {smin:.10g} "
                       f"(tolerance {tol:.2g})"}


def _c9_matrix(family: str, n: int, m: int, rng) -> np.ndarray:
    G = rng.standard_normal((n, m))
    if family == "gaussian":
        return G
    if family == "near_dependent":            # all columns within 1e-3 of one direction
        return rng.standard_normal((n, 1)) + 1e-3 * G
    if family == "duplicate":                 # two equal columns: both sides 0
        G[:, -1] = G[:, 0]
        return G
    if family == "orthogonal":                # equal-norm orthogonal columns: lhs = sigma_min / sqrt m
        Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        return 2.5 * Q[:, :m]
    if family == "scaled":                    # one column 1e6 times larger
        G[:, 0] *= 1e6
        return G
    if family == "tiny_column":               # one column 1e-8 times smaller: sigma_min ~ its norm
        G[:, 0] *= 1e-8
        return G
    raise ValueError(family)


_C9_FAMILIES = ["gaussian", "near_dependent", "duplicate", "orthogonal", "scaled", "tiny_column"]


def _measure_c9(point, rng, backend):
    return c9_values(_c9_matrix(point["family"], point["n"], point["m"], rng))


FACT_C9 = Claim(
    id="activation/fact-C.9", source=f"{SOURCE} App. C, Fact C.9 (Rudelson & Vershynin 2009)",
    statement="A in R^{n x m}: (1/sqrt m) min_{i in [m]} dist(a_i, A_{-i}) <= sigma_min(A), A_{-i} = span(a_j : j != i)",
    kind="bound", check=Predicate(summary_keys=("n", "m", "lhs", "sigma_min", "tol", "margin")),
    grid={"quick": [dict(family=f, n=n, m=m) for f in _C9_FAMILIES for n, m in ((6, 4), (5, 5), (3, 6))
                    if not (f == "orthogonal" and m > n)],
          "full": [dict(family=f, n=n, m=m) for f in _C9_FAMILIES for n, m in ((2, 1), (6, 4), (5, 5), (3, 6), (40, 20), (30, 30), (10, 50))
                   if not (f == "orthogonal" and m > n)]},
    repetitions={"quick": 3, "full": 20}, measure=_measure_c9,
    notes="deterministic; float64 tolerance from the backward error of QR and SVD",
)


# ---- C.10 ------------------------------------------------------------------------------------------------

def c10_values(A) -> dict:
    """004 Fact C.10 (Gershgorin): every eigenvalue lies in some disc D(a_ii, r_i), r_i = sum_{j != i} |a_ij|.

    A computed eigenvalue is exact for A + E, ||E||_2 <= c n eps ||A||_F; Gershgorin for A + E puts it within
    (1 + sqrt n) ||E||_2 of a disc of A: tol = (1 + sqrt n) 10 n eps ||A||_F.
    """
    A = np.asarray(A)
    n = A.shape[0]
    lam = np.linalg.eigvals(A)
    diag = np.diag(A)
    r = np.sum(np.abs(A), axis=1) - np.abs(diag)
    excess = np.min(np.abs(lam[:, None] - diag[None, :]) - r[None, :], axis=1)   # > 0: outside every disc
    worst = int(np.argmax(excess))
    fro = float(np.linalg.norm(A))
    tol = (1 + math.sqrt(n)) * 10 * n * EPS64 * fro
    scale = fro if fro > 0 else 1.0
    return {"applies": True, "holds": bool(excess[worst] <= tol), "certain": bool(excess[worst] <= tol), "n": n,
            "max_excess": float(excess[worst]), "tol": tol, "eigenvalue": [float(lam[worst].real), float(lam[worst].imag)],
            "margin": float(-excess[worst] / scale),
            "explain": f"n={n}: eigenvalue {complex(lam[worst]):.6g} lies {float(excess[worst]):.3g} outside every disc "
                       f"(tolerance {tol:.2g})"}


def _c10_matrix(family: str, n: int, rng) -> np.ndarray:
    if family == "gaussian":
        return rng.standard_normal((n, n))
    if family == "complex":
        return rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    if family == "all_ones":                  # eigenvalue n on the boundary of D(1, n - 1)
        return np.ones((n, n)) * rng.uniform(0.5, 2.0)
    if family == "jordan":                    # non-normal: eigenvalues ill-conditioned, discs wide
        return np.diag(rng.standard_normal(n)) + np.diag(np.ones(n - 1), 1) * 10.0 ** rng.integers(-3, 4)
    if family == "circulant_boundary":        # eigenvalues on the circle |z - c| = r of every disc
        c = rng.standard_normal()
        return c * np.eye(n) + np.roll(np.eye(n), 1, axis=1) * rng.uniform(0.5, 2.0)
    if family == "dominant":                  # strictly diagonally dominant with equality on one row
        B = rng.standard_normal((n, n))
        np.fill_diagonal(B, 0.0)
        d = np.abs(B).sum(axis=1) * rng.choice([-1.0, 1.0], n)
        return B + np.diag(d)
    raise ValueError(family)


_C10_FAMILIES = ["gaussian", "complex", "all_ones", "jordan", "circulant_boundary", "dominant"]

FACT_C10 = Claim(
    id="activation/fact-C.10", source=f"{SOURCE} App. C, Fact C.10 (Gershgorin; Varga 2010)",
    statement="every eigenvalue of A in C^{n x n} lies in at least one disc D(a_ii, r_i), r_i = sum_{j != i} |a_ij|",
    kind="bound", check=Predicate(summary_keys=("n", "max_excess", "tol", "margin")),
    grid={"quick": product(family=_C10_FAMILIES, n=[2, 5, 12]),
          "full": product(family=_C10_FAMILIES, n=[2, 3, 5, 12, 40, 100])},
    repetitions={"quick": 3, "full": 20},
    measure=lambda p, rng, be: c10_values(_c10_matrix(p["family"], p["n"], rng)),
    notes="deterministic; tolerance from the eigensolver's backward error (no eigenvalue conditioning needed)",
)


# ---- C.11 ------------------------------------------------------------------------------------------------

def c11_values(A, B) -> dict:
    """004 Fact C.11 (Weyl), eigenvalues descending: for i + j - 1 <= n, lambda_{i+j-1}(A+B) <= lambda_i(A) + lambda_j(B);
    for i + j - n >= 1, lambda_{i+j-n}(A+B) >= lambda_i(A) + lambda_j(B). tol = 30 n eps (||A|| + ||B||)."""
    A, B = np.asarray(A), np.asarray(B)
    n = A.shape[0]
    la = np.linalg.eigvalsh(A)[::-1]
    lb = np.linalg.eigvalsh(B)[::-1]
    ls = np.linalg.eigvalsh(A + B)[::-1]
    scale = float(np.max(np.abs(la), initial=0.0) + np.max(np.abs(lb), initial=0.0))
    tol = 30 * n * EPS64 * max(scale, 1e-300)
    worst, where, checked = np.inf, None, 0
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            s = la[i - 1] + lb[j - 1]
            if i + j - 1 <= n:
                checked += 1
                m = s - ls[i + j - 2]                 # >= 0 required
                if m < worst:
                    worst, where = m, ("upper", i, j)
            if i + j - n >= 1:
                checked += 1
                m = ls[i + j - n - 1] - s             # >= 0 required
                if m < worst:
                    worst, where = m, ("lower", i, j)
    holds = bool(worst >= -tol)
    return {"applies": True, "holds": holds, "certain": holds, "n": n, "inequalities": checked,
            "min_margin": float(worst), "tol": tol, "where": list(where), "margin": float(worst / (scale or 1.0)),
            "explain": f"n={n}: Weyl {where[0]} inequality at (i, j) = ({where[1]}, {where[2]}) fails by "
                       f"{-float(worst):.3g} (tolerance {tol:.2g})"}


def _hermitian(M):
    return (M + M.conj().T) / 2


def _c11_pair(family: str, n: int, rng):
    G = lambda: rng.standard_normal((n, n))            # noqa: E731
    if family == "gaussian":
        return _hermitian(G()), _hermitian(G())
    if family == "complex":
        return _hermitian(G() + 1j * G()), _hermitian(G() + 1j * G())
    if family == "commuting":                 # common eigenbasis: many inequalities hold with equality
        Q, _ = np.linalg.qr(G())
        return (Q * np.sort(rng.standard_normal(n))) @ Q.T, (Q * np.sort(rng.standard_normal(n))) @ Q.T
    if family == "rank_one":
        v = rng.standard_normal((n, 1))
        return _hermitian(G()), v @ v.T * rng.choice([-1.0, 1.0])
    if family == "negation":                  # A + B = 0
        A = _hermitian(G())
        return A, -A
    if family == "multiscale":                # eigenvalues spread over 12 orders of magnitude
        Q, _ = np.linalg.qr(G())
        return (Q * np.logspace(-6, 6, n)) @ Q.T, _hermitian(G()) * 1e-6
    raise ValueError(family)


_C11_FAMILIES = ["gaussian", "complex", "commuting", "rank_one", "negation", "multiscale"]

FACT_C11 = Claim(
    id="activation/fact-C.11", source=f"{SOURCE} App. C, Fact C.11 (Weyl 1912)",
    statement="A, B hermitian, forall i, j in [n]: lambda_{i+j-1}(A+B) <= lambda_i(A) + lambda_j(B) and "
              "lambda_{i+j-n}(A+B) >= lambda_i(A) + lambda_j(B) (eigenvalues descending)",
    kind="bound", check=Predicate(summary_keys=("n", "inequalities", "min_margin", "tol", "margin")),
    grid={"quick": product(family=_C11_FAMILIES, n=[2, 5, 12]),
          "full": product(family=_C11_FAMILIES, n=[1, 2, 3, 5, 12, 40, 100])},
    repetitions={"quick": 3, "full": 20},
    measure=lambda p, rng, be: c11_values(*_c11_pair(p["family"], p["n"], rng)),
    notes="deterministic; index pairs with i+j-1 > n or i+j-n < 1 are vacuous and skipped",
)

CLAIMS = [FACT_C1, FACT_C2, FACT_C2_CORRECTED, FACT_C3, FACT_C4, FACT_C5, FACT_C5_CORRECTED, FACT_C6, FACT_C8,
          FACT_C9, FACT_C10, FACT_C11]
