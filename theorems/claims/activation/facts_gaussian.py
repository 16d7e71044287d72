"""Gaussian facts of 004 App. C: Facts C.1, C.2, C.5 (maximum of Gaussians) and C.6 (chi-square), each as printed.

Probabilities are EXACT (no Monte Carlo): erf/erfc and incomplete gamma functions in mpmath
(kernels.probability.exact_laws) at 40 digits, or more for C.1 where -log10(t/sigma) grows, so tiny t never cancel
against 1. A violation counts as certain only beyond a relative margin of 1e-25.

Reading of the printed statements (implemented as printed; named variants beside two of them):
- C.1: v ~ N(0, sigma^2), t in (0, sigma): P(|v| >= t) in (1 - 4t/(5 sigma), 1 - 2t/(3 sigma)); and for
  t in (0, sigma/2), 0 <= a <= sigma: P(|v - a| >= t) in (1 - 4t/(5 sigma), 1 - t/(4 sigma)). Open intervals.
  Compared through the complement q = P(|v - a| < t): P in (1 - c1 s, 1 - c2 s) <=> c2 s < q < c1 s, s = t/sigma.
- C.2: "forall t in (0, sigma), we have forall t >= 0: P(|v - mu| <= t) <= 1 - 2 exp(-t^2/(2 sigma^2))". As t -> 0
  the left side -> 0 and the right side -> -1; since P(|v - mu| > t) < exp(-s^2/2) (Chernoff) it fails for
  every t >= 0. ``fact-C.2/corrected`` checks the standard tail bound P(|v - mu| <= t) >= 1 - 2 exp(-t^2/(2 sigma^2)).
- C.5: "Pr{max |x_i| <= k sqrt(log n sigma)} >= 1 - 2/n^{k^2/2 - 1}": read literally, thr = k sqrt(log(n sigma))
  (natural log), defined for n sigma >= 1; the x_i independent (the printed text says only "n Gaussians";
  the union bound, valid under any dependence, is kept as evidence): P(max |x_i| <= thr) = erf(thr/(sigma sqrt 2))^n.
  ``fact-C.5/corrected`` reads the threshold as k sigma sqrt(log n), which the union bound proves.
- C.6 (Laurent & Massart 2000, Lemma 1): x ~ chi^2_k, t >= 0: P(x - k >= 2 sqrt(kt) + 2t) <= e^{-t} and
  P(k - x >= 2 sqrt(kt)) <= e^{-t}.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np

from kernels.probability import exact_laws as ep

from ...fuzz.engine import from_measurement, property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40                       # working digits for the exact probabilities
REL_TOL = 1e-25                # a violation must exceed this relative margin (40-digit arithmetic)


def _dps_for(s: float) -> int:
    """Digits so that 1 - c s is resolved for small s = t / sigma."""
    return DPS + max(0, int(math.ceil(-math.log10(s)))) if s > 0 else DPS


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
        s = mpmath.mpf(t) / mpmath.mpf(sigma)
        q = ep.gaussian_window(t, sigma, aa)          # P(|v - a| < t), v ~ N(0, sigma^2)
        c_lo, c_hi = mpmath.mpf(4) / 5, (mpmath.mpf(2) / 3 if part == 1 else mpmath.mpf(1) / 4)
        m_lo = c_lo * s - q            # P - (1 - 4s/5)
        m_hi = q - c_hi * s            # (1 - c s) - P
        margin = min(m_lo, m_hi) / s   # relative to s = t/sigma
        lhs = 1 - q
    holds = bool(m_lo > 0 and m_hi > 0)
    return {"applies": bool(applies), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "part": part,
            "t": t, "sigma": sigma, "a": aa, "s": float(s), "lhs": float(lhs), "P_complement": float(q),
            "interval": [float(1 - c_lo * s), float(1 - c_hi * s)], "margin_low": float(m_lo / s), "margin_high": float(m_hi / s),
            "margin": float(margin),
            "explain": f"part {part}, t/sigma={float(s):.6g}, a={aa:.6g}: P = 1 - {float(q):.10g} not in "
                       f"(1 - {float(c_lo):.4g} s, 1 - {float(c_hi):.4g} s) = ({float(1 - c_lo * s):.10g}, {float(1 - c_hi * s):.10g})"}


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
    reading=Reading(
        hypotheses="004 Fact C.1: v ~ N(0, sigma^2); part 1 for t in (0, sigma); part 2 for t in (0, sigma/2) and "
                   "0 <= a <= sigma.",
        chosen="As printed, open intervals, exact probabilities (erf at 40+ digits, more as t/sigma -> 0).",
        alternatives="none: the intervals and ranges are explicit; closed vs open intervals give the same verdict "
                     "because no grid probability sits on an end.",
        edges="t/sigma -> 0 (1e-9; 1e-12 full, where P(|v| < t)/(t/sigma) -> sqrt(2/pi) = 0.798 nears 4/5) and "
              "t/sigma -> 1 (0.999) or 1/2 (0.4999); a = 0, sigma/2, sigma (11 values full); sigma from 1e-3 to 1e3.",
        regime="quick: 16 + 18 points; full: 120 + 330. A false interval shows as an exact probability outside it; "
               "the tightest margin is the t -> 0 end (4/5 vs sqrt(2/pi))."),
)


@property_for("activation/fact-C.1", args=lambda st, S: {
    "part": st.sampled_from([1, 2]), "s": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    "sigma": S.finite_floats(1e-3, 1e3), "a_frac": S.finite_floats(0.0, 1.0)})
def _fact_c1(part, s, sigma, a_frac):
    """004 Fact C.1, exact: part 1 at t = s sigma; part 2 at t = s sigma / 2, a = a_frac sigma."""
    if part == 1:
        return from_measurement(c1_values(s * sigma, sigma))
    return from_measurement(c1_values(s * sigma / 2, sigma, a_frac * sigma))


# ---- C.2 -------------------------------------------------------------------------------------------------

def c2_values(t: float, mu: float, sigma: float, corrected: bool = False) -> dict:
    """004 Fact C.2 as printed: P(|v - mu| <= t) <= 1 - 2 exp(-t^2/(2 sigma^2)) (corrected: >=)."""
    applies = sigma > 0 and t >= 0
    s_float = t / sigma if sigma > 0 else float("nan")
    with mpmath.workdps(DPS):
        s = mpmath.mpf(t) / mpmath.mpf(sigma)
        lhs = ep.normal_abs_cdf(s)                              # P(|v - mu| <= t), independent of mu
        tail_bound = 2 * mpmath.exp(-s * s / 2)
        rhs = 1 - tail_bound
        # printed: rhs - lhs = erfc(s/sqrt2) - 2 e^{-s^2/2}; relative to the tail scale 2 e^{-s^2/2}
        diff = ep.normal_abs_sf(s) - tail_bound
        margin = (-diff if corrected else diff) / tail_bound
    holds = bool(margin >= 0)
    sense = ">=" if corrected else "<="
    return {"applies": bool(applies), "holds": holds, "certain": bool(holds or margin < -REL_TOL), "t": t, "mu": mu,
            "sigma": sigma, "s": s_float, "lhs": float(lhs), "rhs": float(rhs), "margin": float(margin),
            "explain": f"t/sigma={s_float:.6g}: P(|v-mu| <= t) = {float(lhs):.10g}, printed bound {sense} "
                       f"1 - 2e^(-t^2/2sigma^2) = {float(rhs):.10g}"}


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
    reading=Reading(
        hypotheses="004 Fact C.2: v ~ N(mu, sigma^2), printed both 'for all t in (0, sigma)' and 'for all t >= 0'.",
        chosen="As printed, exact; both ranges are tried (t = 0, t in (0, sigma), t >= sigma), and it fails on each.",
        alternatives="The reversed inequality (the standard tail bound): activation/fact-C.2/corrected. The two printed "
                     "ranges need no separate ids: the statement fails on both.",
        edges="t = 0, t -> 0, t = sigma, large t (30 sigma full); mu = -3, 0, 2; sigma from 1e-3 to 1e3.",
        regime="quick: 16 points; full: 153. Exact, so a single violation beyond 1e-25 relative decides."),
)

FACT_C2_CORRECTED = Claim(
    id="activation/fact-C.2/corrected", source=f"{SOURCE} App. C, Fact C.2 with the inequality reversed (the Gaussian tail bound)",
    statement="v ~ N(mu, sigma^2), t >= 0: P(|v - mu| <= t) >= 1 - 2 exp(-t^2/(2 sigma^2))",
    kind="bound", check=Predicate(summary_keys=("s", "lhs", "rhs", "margin")), grid=_C2_GRID,
    measure=lambda p, rng, be: _measure_c2(p, rng, be, corrected=True),
    notes="variant, not in the catalog: P(|v - mu| > t) <= 2 exp(-t^2/(2 sigma^2)) (Chernoff)",
    reading=Reading(
        hypotheses="As activation/fact-C.2.",
        chosen="P(|v - mu| <= t) >= 1 - 2 exp(-t^2/(2 sigma^2)) for all t >= 0 (the Gaussian tail bound), exact.",
        alternatives="The printed direction: activation/fact-C.2.",
        edges="As activation/fact-C.2; t = 0 and large t are where the bound is tightest relative to the tail.",
        regime="As activation/fact-C.2."),
)


def _c2_args(st, S):
    return {"s": S.finite_floats(0.0, 30.0), "mu": S.finite_floats(-10.0, 10.0), "sigma": S.finite_floats(1e-2, 1e2)}


@property_for("activation/fact-C.2", args=_c2_args, expect="fails")
def _fact_c2(s, mu, sigma):
    """004 Fact C.2 as printed, exact, at t = s sigma >= 0."""
    return from_measurement(c2_values(s * sigma, mu, sigma))


@property_for("activation/fact-C.2/corrected", args=_c2_args)
def _fact_c2_corrected(s, mu, sigma):
    """004 Fact C.2 with the inequality reversed (the Gaussian tail bound), exact."""
    return from_measurement(c2_values(s * sigma, mu, sigma, corrected=True))


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
        fail, tail1 = ep.gaussian_max_exceedance(N, thr, S)       # 1 - P(max <= thr), P(|x_i| > thr)
        promised_fail = 2 / N ** (K * K / 2 - 1)                  # 1 - rhs
        lhs, rhs = 1 - fail, 1 - promised_fail
        margin = promised_fail - fail                             # = lhs - rhs, without cancellation
        union_lower = 1 - N * tail1                               # valid under any dependence
        sure = margin < -REL_TOL * max(fail, promised_fail)
    any_dependence = bool(N * tail1 <= promised_fail)             # the union bound: the bound for every joint law
    # printed: independent x_i suffice to refute it; corrected: it must hold for every joint law (the hypotheses
    # say only "n Gaussians"), which the union bound shows (a failing union bound is no certain violation)
    holds = bool(fail <= promised_fail) and (any_dependence or not corrected)
    thr_s = "k sigma sqrt(log n)" if corrected else "k sqrt(log(n sigma))"
    return {"applies": applies, "holds": holds, "certain": bool(holds or sure), "n": n, "k": k,
            "sigma": sigma, "threshold": float(thr), "threshold_over_sigma": float(thr / S), "lhs": float(lhs), "rhs": float(rhs),
            "P_exceed": float(fail), "promised_exceed": float(promised_fail), "any_dependence_lower": float(union_lower),
            "any_dependence_holds": any_dependence,
            "margin": float(margin),
            "explain": f"n={n}, k={k:g}, sigma={sigma:g}: thr = {thr_s} = {float(thr):.6g}; "
                       f"P(max|x_i| <= thr) = {float(lhs):.10g} < 1 - 2/n^(k^2/2-1) = {float(rhs):.10g}"}


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
    reading=Reading(
        hypotheses="004 Fact C.5: x_1..x_n ~ N(0, sigma^2) ('n Gaussians': no independence stated), k > 0 a constant; "
                   "threshold printed as k sqrt(log n sigma).",
        chosen="Threshold k sqrt(log(n sigma)) (natural log), defined for n sigma >= 1; refuted on independent x_i, "
               "a joint law the printed hypotheses admit, so dependence need not be tried to refute it.",
        alternatives="Threshold k sigma sqrt(log n) (what the union bound proves and the proof of Lemma J.1 uses): "
                     "activation/fact-C.5/corrected. log(n) sigma (sigma outside the root) is not a reading the "
                     "parenthesisation allows.",
        edges="sigma < 1 (0.52: the threshold does not scale with sigma), sigma = 1 (printed = corrected), sigma = 10; "
              "n = 2 (1 full), k = 1 (the bound vacuous for k^2 < 2) to 3 (5 full).",
        regime="quick: 27 points; full: 378. Exact, a violation beyond 1e-25 relative decides."),
)

FACT_C5_CORRECTED = Claim(
    id="activation/fact-C.5/corrected",
    source=f"{SOURCE} App. C, Fact C.5 with the threshold k sigma sqrt(log n) (what the union bound gives)",
    statement="x_1..x_n ~ N(0, sigma^2) independent, k > 0: Pr{max_i |x_i| <= k sigma sqrt(log n)} >= 1 - 2/n^{k^2/2 - 1}",
    kind="bound", check=Predicate(summary_keys=("n", "k", "sigma", "threshold", "lhs", "rhs", "margin")),
    grid=_C5_GRID, measure=lambda p, rng, be: _measure_c5(p, rng, be, corrected=True),
    notes="variant, not in the catalog",
    reading=Reading(
        hypotheses="As activation/fact-C.5: 'n Gaussians', any joint law.",
        chosen="Threshold k sigma sqrt(log n); it must hold for EVERY joint law: exact for independent x_i and, for "
               "any dependence, through the union bound n P(|x_1| > thr) <= 2/n^{k^2/2-1} (any_dependence_holds).",
        alternatives="The printed threshold: activation/fact-C.5.",
        edges="As activation/fact-C.5; the union bound is the worst joint law up to the overlap of the events.",
        regime="As activation/fact-C.5."),
)


def _c5_args(st, S):
    return {"n": st.integers(1, 10 ** 6), "k": S.finite_floats(0.05, 5.0), "sigma": S.finite_floats(1e-3, 1e3)}


@property_for("activation/fact-C.5", args=_c5_args, expect="fails")
def _fact_c5(n, k, sigma):
    """004 Fact C.5 as printed, threshold k sqrt(log(n sigma)), independent x_i, exact."""
    return from_measurement(c5_values(n, k, sigma))


@property_for("activation/fact-C.5/corrected", args=_c5_args)
def _fact_c5_corrected(n, k, sigma):
    """004 Fact C.5 with threshold k sigma sqrt(log n), exact."""
    return from_measurement(c5_values(n, k, sigma, corrected=True))


# ---- C.6 -------------------------------------------------------------------------------------------------

def c6_values(k: int, t: float) -> dict:
    """004 Fact C.6 (Laurent & Massart 2000, Lemma 1): x ~ chi^2_k, t >= 0."""
    with mpmath.workdps(DPS):
        K, T = mpmath.mpf(k), mpmath.mpf(t)
        up = K + 2 * mpmath.sqrt(K * T) + 2 * T
        lo = K - 2 * mpmath.sqrt(K * T)
        p_up = ep.chi2_sf(K, up)                                    # P(x >= up)
        p_lo = ep.chi2_cdf(K, lo) if lo > 0 else mpmath.mpf(0)     # P(x <= lo)
        b = mpmath.exp(-T)
        m_up, m_lo = 1 - p_up / b, 1 - p_lo / b
        margin = min(m_up, m_lo)
    holds = bool(p_up <= b and p_lo <= b)
    return {"applies": bool(t >= 0 and k >= 1), "holds": holds, "certain": bool(holds or margin < -REL_TOL),
            "k": k, "t": t, "P_upper": float(p_up), "P_lower": float(p_lo), "bound": float(b), "margin": float(margin),
            "explain": f"k={k}, t={t:.6g}: P(x-k >= 2sqrt(kt)+2t) = {float(p_up):.6g}, P(k-x >= 2sqrt(kt)) = {float(p_lo):.6g}, "
                       f"e^-t = {float(b):.6g}"}


FACT_C6 = Claim(
    id="activation/fact-C.6", source=f"{SOURCE} App. C, Fact C.6 (Laurent & Massart 2000, Lemma 1)",
    statement="x ~ chi^2_k: P(x - k >= 2 sqrt(kt) + 2t) <= exp(-t) and P(k - x >= 2 sqrt(kt)) <= exp(-t)",
    kind="bound", check=Predicate(summary_keys=("k", "t", "P_upper", "P_lower", "bound", "margin")),
    grid={"quick": product(k=[1, 2, 10, 100], t=[0.0, 0.01, 0.5, 2.0, 10.0, 40.0]),
          "full": product(k=[1, 2, 3, 5, 10, 30, 100, 1000, 10 ** 5], t=[0.0, 1e-6, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 40.0, 200.0])},
    measure=lambda p, rng, be: c6_values(p["k"], p["t"]),
    notes="exact (regularized incomplete gamma, mpmath)",
    reading=Reading(
        hypotheses="004 Fact C.6 (Laurent & Massart Lemma 1): x ~ chi^2_k, every t >= 0 (the range is implicit).",
        chosen="As printed, both tails, exact (regularized incomplete gamma).",
        alternatives="none: the statement is the cited lemma verbatim.",
        edges="k = 1 (the most skewed law) to 100 (1e5 full); t = 0 (bound 1), tiny t, t up to 40 (200 full).",
        regime="quick: 24 points; full: 99. A false tail bound shows as an exact tail above e^{-t}."),
)


@property_for("activation/fact-C.6", args=lambda st, S: {"k": st.integers(1, 5000), "t": S.finite_floats(0.0, 300.0)})
def _fact_c6(k, t):
    """004 Fact C.6 (Laurent-Massart), exact chi-square tails."""
    return from_measurement(c6_values(k, t))

CLAIMS = [FACT_C1, FACT_C2, FACT_C2_CORRECTED, FACT_C5, FACT_C5_CORRECTED, FACT_C6]
