"""Small eigenvalues of the G-matrix for smooth activations on low-dimensional data: 004 Sec. 4.2 and
App. F.3.1, F.3.2, G.

- Thm 4.4 (= F.10, Cor. F.10.1), tanh, and Thm G.3, swish: data spanning d' dimensions give
  lambda_min (and lambda_k, k >= ceil(n/d')) <= exp(-Ω(n^{1/(2d')})). These eigenvalues sit far
  below the float64 floor, so they come from the high-precision route (kernels.gmatrix.spectrum_mp): G∞
  in mpmath from high-precision Hermite coefficients, eigenvalues at two precisions, correct
  digits shown (a value with no correct digit is recorded as unresolved). G∞ is the m -> inf limit; the
  theorems hold for every m (F.8 covers small m, F.9 large m), so the limit is one admissible case.
  Fit (issue 12, class 4): lambda <= exp(-c n^{1/(2d')}) means -log lambda >= c n^{1/(2d')}, so the exponent of
  -log lambda in n must be at least 1/(2d') as n -> inf (a Scaling lower bound on -log lambda). A polynomial
  decay lambda = C n^-q (C <= 1) has -log lambda = q log n - log C, local exponent <= 1/log n.
- Thm F.8 (DZPS) and Thms F.11 / F.12 (Init(fanout) / Init(fanin)): explicit bounds once the
  O-constant is taken from the proof of F.8 (lambda_min <= 5 n eps^2 with eps = 3 (...)/(...)^p, p
  the largest integer with binom(d'+p, p) < n+1, Condition 6). Measured (issue 12, class 5): lambda_min(G^(0)) =
  sigma_min(M)^2 through the SVD of the factor M (G = M^T M, kernels.gmatrix.factor), which resolves lambda down
  to ~ (md eps)^2 lambda_max instead of n eps lambda_max for the eigenvalues of G; the point is decided when the
  rigorous interval [(sigma - f)^2, (sigma + f)^2] lies on one side of the bound. Points where the bound exceeds
  lambda_max(G) are vacuous (cannot fail).
- Thm F.9: lambda_min <= max(O(n log n log m / sqrt m), O(n^2 sqrt p e^{-pi sqrt p/(4 sqrt 2)})), checked with
  constant 1 where the envelope is below lambda_max.

The smoothed-data statements of the same section (Lemma I.2, Thm 4.7) are in smoothed_data.py.
"""
from __future__ import annotations

import math
from math import comb as binom

import numpy as np

from kernels import data
from kernels.crn import common_generator
from kernels.gmatrix import spectrum_mp
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.factor import factor_spectrum, g0_factor
from kernels.series import hermite_mp

from ...reading import Reading
from ...spec import Claim
from ...verdict import INCONCLUSIVE, AllOf, Predicate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40
MAX_KMAX = 1024
MIN_DIGITS = 2       # float64 answers an eigenvalue >= 100 x its floor (1%: ample for an exponent fit)


def _data(n, span, rng, layout="random"):
    """n unit points spanning d' = span dimensions in R^{d'+3} and their assumption values (004 Assumptions 1-2:
    unit rows, x_i not parallel; span exactly d'). ``layout``: "random" (kernels.data.low_span) or, for d' = 2,
    "even": angles pi k / n in a random plane, the largest separation sin(pi/n) a 2-dim span admits (the edge of
    Assumption 2 hardest for an upper bound on lambda_min)."""
    if layout == "even" and span == 2:
        Q, _ = np.linalg.qr(rng.standard_normal((span + 3, 2)))
        ang = np.pi * np.arange(n) / n
        X = np.stack([np.cos(ang), np.sin(ang)], axis=1) @ Q.T
    else:
        X = data.low_span(n, span + 3, span, rng)
    return X, data.assumption_values(X, delta=None, sense="subspace", min_span=span)


def _neg_log(v):
    """-log lambda for a resolved 0 < lambda < 1, else None (unresolved or no decay to fit)."""
    return -math.log(v) if v is not None and 0 < v < 1 else None


def _nested_data(claim_id, point, rng):
    """The first n of n_pool points drawn from a generator keyed without n (kernels.crn): the n sweep of one
    repetition sees nested data sets (common random numbers across n), so the per-seed fit of -log lambda in n
    follows one data set as it grows (by Cauchy interlacing lambda_min can only fall as points are added)."""
    n, s, pool = point["n"], point["span"], point["n_pool"]
    X = data.low_span(pool, s + 3, s, common_generator(rng, claim_id, f"span={s},pool={pool}"))[:n]
    return X, data.assumption_values(X, delta=None, sense="subspace", min_span=s)


def _measure_small(point, rng, be, act, claim_id, with_min=True):
    """lambda_k (k = ceil(n/d')) and, ``with_min``, lambda_min of G∞: float64 where it gives >= MIN_DIGITS digits,
    else the high-precision route."""
    n, s = point["n"], point["span"]
    X, assumed = _nested_data(claim_id, point, rng)
    k = math.ceil(n / s)
    res = spectrum_mp.resolve_spectrum(X, hermite_mp.provider(act), activation=act, needs=[k, n] if with_min else [k],
                                       dps=DPS, min_digits=MIN_DIGITS, max_kmax=point.get("max_kmax", MAX_KMAX))
    lk, lk_text = res.resolved_value(k)
    out = {"k": k, "lambda_k": lk, "lambda_k_text": lk_text, "neg_log_lambda_k": _neg_log(lk),
           "route": res.route, "kmax": res.kmax, "reason": res.reason[:200], **assumed}
    if with_min:
        lmin, lmin_text = res.resolved_value(n)
        out.update(lambda_min=lmin, lambda_min_text=lmin_text, neg_log_lambda_min=_neg_log(lmin))
    return out


def _rate_check(y, span):
    """-log y >= c n^{1/(2d')} (004 Thm 4.4 / G.3): the exponent of -log y in n is at least 1/(2d') as n -> inf."""
    return Scaling(y=y, x="n", printed=1 / (2 * span), direction="lower_bound", limit="inf", group_by=("span",),
                   where={"span": span})


def _rate_checks(y, spans=(2, 3)):
    """One check per d' of the grids (a scale without that d' leaves its check NOT_CHECKABLE, which AllOf skips)."""
    return tuple(_rate_check(y, s) for s in spans)


def _small_grid(ns, spans):
    """Points (d', n) with the pool size max(ns) the nested data sets are drawn from."""
    return [{"span": s, "n": n, "n_pool": max(ns)} for s in spans for n in ns]


SMALL_GRID = {"quick": _small_grid([8, 16, 32, 64], [2]),
              "full": _small_grid([8, 12, 16, 24, 32, 48, 64, 96], [2, 3])}
POLY_NOTE = ("a polynomial decay lambda = C n^-q (C <= 1) fits an exponent in n of at most 1/log n: about 0.33 over "
             "n = 8-64 (0.26 on its upper half), so at this range the check alone does not separate it from 1/4; "
             "what separates the measured decay from it is an exponent well above 1/log n (n ~ 1000 would be needed "
             "for the check alone, beyond the high-precision route)")

THM_44 = Claim(
    id="activation/thm-4.4", source=f"{SOURCE} Sec. 4.2, Theorem 4.4 = App. F.3.1, Theorem F.10 (+ Cor. F.10.1)",
    statement="tanh, d' = dim span = O(log^0.75 n): lambda_min(G^(0)) <= exp(-Ω(n^{1/(2d')})) w.p. >= 1 - n^-3.5; "
              "the same for lambda_k, k >= ceil(n/d')",
    kind="scaling",
    check=AllOf(checks=_rate_checks("neg_log_lambda_min") + _rate_checks("neg_log_lambda_k")),
    grid=SMALL_GRID, repetitions={"quick": 3, "full": 5},
    measure=lambda p, rng, be: _measure_small(p, rng, be, "tanh", "activation/thm-4.4"),
    notes="G∞ (m -> inf) in high precision; the exponent of -log lambda in n must be >= 1/(2d')",
    reading=Reading(
        hypotheses="tanh, unit data whose span has dimension d' = O(log^0.75 n); any m (w.p. >= 1 - n^-3.5 over "
                   "the weights); lambda_min and lambda_k for k >= ceil(n/d').",
        chosen="lambda <= exp(-c n^{1/(2d')}) for a constant c > 0, i.e. -log lambda >= c n^{1/(2d')}: the fitted "
               "exponent of -log lambda in n must not lie below 1/(2d'), a lower bound as n -> inf; lambda_k is "
               "checked at k = ceil(n/d'), the largest index the statement covers. m -> inf (G∞), which the "
               "proof (F.8 small m, F.9 large m) also covers.",
        alternatives="finite m is covered by thm-F.8 / thm-F.11-F.12 with the proof's constant; the statement "
                     "has no other reading of the rate (Ω hides only the constant c).",
        edges="d' = 2 (the smallest span with distinct non-parallel points; inside O(log^0.75 n) for n >= 13) at "
              "quick scale, d' = 3 at full; random points of the span (kernels.data.low_span), nested across n "
              "(common random numbers), assumption values recorded.",
        regime="quick: d' = 2, n = 8-64 (lambda_min down to ~1e-30, high precision); full: n up to 96, d' = 2, 3. "
               "A false statement (decay slower than exp(-c n^{1/4})) fits an exponent below 0.15 at d' = 2; "
               + POLY_NOTE),
)

THM_G3 = Claim(
    id="activation/thm-G.3", source=f"{SOURCE} App. G, Theorem G.3",
    statement="swish, d' <= O(log^0.75 n): lambda_k(G^(0)) <= exp(-Ω(n^{1/(2d')})) for k >= ceil(n/d') w.p. >= 1 - n^-2.5",
    kind="scaling",
    check=AllOf(checks=_rate_checks("neg_log_lambda_k")),
    grid={"quick": _small_grid([12, 16, 24, 32, 40], [2]), "full": _small_grid([12, 16, 24, 32, 48, 64, 96], [2, 3])},
    repetitions=THM_44.repetitions,
    measure=lambda p, rng, be: _measure_small(p, rng, be, "swish", "activation/thm-G.3", with_min=False),
    notes="G∞ (m -> inf) in high precision; the exponent of -log lambda_k in n must be >= 1/(2d')",
    reading=Reading(
        hypotheses="swish, unit data whose span has dimension d' <= O(log^0.75 n); any m; lambda_k for "
                   "k >= ceil(n/d').",
        chosen="-log lambda_k >= c n^{1/(2d')}: the fitted exponent of -log lambda_k in n (k = ceil(n/d'), the "
               "largest index covered) must not lie below 1/(2d'); G∞ (m -> inf).",
        alternatives="none: Ω hides only the constant; lambda_min is smaller than lambda_k and not printed here.",
        edges="d' = 2 at quick scale, d' = 3 at full; random points of the span, assumption values recorded.",
        regime="quick: d' = 2, n = 12-40 (lambda_k from ~1e-3 to ~1e-11; n = 8, where lambda_4 is still O(1), is "
               "left out); full: n = 12-96, d' = 2, 3. A decay slower than exp(-c n^{1/4}) fits "
               "an exponent below 0.15 at d' = 2; " + POLY_NOTE),
)


# ---- explicit Chebyshev bounds: F.8 (DZPS), F.11 (fanout), F.12 (fanin) -------------------------

def _largest_p(span: int, n: int) -> int:
    """Largest p with binom(d'+p, p) < n + 1 (004 Condition 6)."""
    p = 0
    while binom(span + p + 1, p + 1) < n + 1:
        p += 1
    return p


def _cheb_bound(n, m, d, span, init):
    """5 n^a eps^2, eps = 3 (4 pi + 6 r)/(1 + (pi/3)/r)^p (proof of F.8; r = sqrt(log nm) scaled per init)."""
    L = math.log(n * m)
    r = {"dzps": math.sqrt(L), "fanout": math.sqrt(L / m), "fanin": math.sqrt(L / d)}[init]
    p = _largest_p(span, n)
    log_eps = math.log(3 * (4 * math.pi + 6 * r)) - p * math.log1p((math.pi / 3) / r)
    power = 2 if init == "fanin" else 1                    # F.12 prints n^2, F.8 and F.11 print n
    return 5 * n ** power * math.exp(2 * log_eps), p


def _measure_cheb(point, rng, be):
    """lambda_min(G^(0)) = sigma_min(M)^2 with its rigorous interval (SVD of M; kernels.gmatrix.factor)."""
    n, m, s, init = point["n"], point["m"], point["span"], point["init"]
    X, assumed = _data(n, s, rng, point.get("layout", "random"))
    fs = factor_spectrum(g0_factor(X, "tanh", m, rng, init=init, backend=be))
    bound, p = _cheb_bound(n, m, s + 3, s, init)
    lo, hi = fs.lambda_min_interval()
    lmax = fs.lambda_max
    vacuous = bound >= lmax
    decidable = hi <= bound or lo > bound
    return {"applies": bool(not vacuous and decidable), "holds": bool(hi <= bound), "certain": bool(decidable),
            "bound": bound, "p": p, "lambda_min": fs.describe(), "lambda_min_upper": hi, "lambda_min_lower": lo,
            "lambda_max": lmax, "svd_floor_lambda": (2 * fs.floor) ** 2, "vacuous": vacuous, "decidable": decidable,
            "margin": math.log10(bound / hi) if hi > 0 else None, **assumed,
            "explain": f"n={n}, m={m}, d'={s}, {init}: lambda_min {fs.describe()} vs bound {bound:.3g} (p={p})"}


CHEB_KEYS = ("bound", "p", "lambda_min", "lambda_max", "vacuous", "decidable", "margin")
WHY_NONE = ("at every grid point the bound is either vacuous (>= lambda_max) or inside the rigorous interval of "
            "sigma_min(M)^2 (the SVD floor, ~1e-22 here): high precision would settle it")
CHEB_READING = dict(
    chosen="the O-constant is the one of F.8's proof (lambda_min <= 5 n^a eps^2, eps = 3 (4 pi + 6 r)/(1 + "
           "(pi/3)/r)^p): the statement with the proof's own constant, decided by the rigorous interval of "
           "sigma_min(M)^2 (SVD of the factor M of G = M^T M).",
    alternatives="with an unspecified O-constant the bound cannot be refuted at finite n; the explicit constant "
                 "is the proof's reading, so no variant id.",
    edges="d' = 2 (largest p, smallest bound for a given n); random points of the span and evenly spaced ones "
          "(angles pi k/n: the largest separation sin(pi/n) a 2-dim span admits, the hardest case for an upper "
          "bound); assumption values recorded; m between n/2 and 2n.")
def _cheb_points(init, pairs):
    """d' = 2 points of one initialization, each (n, m) with random and evenly spaced data."""
    return [{"init": init, "span": 2, "n": n, "m": m, "layout": lay} for n, m in pairs for lay in ("random", "even")]


F8_GRID = {"quick": _cheb_points("dzps", ((400, 300), (800, 500))),
           "full": _cheb_points("dzps", ((50, 100), (400, 300), (800, 500), (1000, 600), (2000, 1100), (3000, 2000)))}


def _cheb_claim(cid, src, statement, grid, reading, notes):
    return Claim(
        id=cid, source=src, statement=statement, kind="bound",
        check=Predicate(summary_keys=CHEB_KEYS, when_none_applies=INCONCLUSIVE, why_none=WHY_NONE),
        grid=grid, repetitions={"quick": 1, "full": 3}, measure=_measure_cheb, notes=notes, reading=reading)


THM_F8 = _cheb_claim(
    "activation/thm-F.8", f"{SOURCE} App. F.3.1, Theorem F.8 (constant from its proof)",
    "tanh, DZPS: lambda_min(G^(0)) <= 5 n (3 (4 pi + 6 sqrt(log nm)) / (1 + (pi/3)/sqrt(log nm))^p)^2, "
    "p the largest integer with binom(d'+p, p) < n+1 (Condition 6)", F8_GRID,
    Reading(hypotheses="tanh, DZPS initialization, unit data of span d', p the largest integer with "
                       "binom(d'+p, p) < n+1, any m; with high probability over the weights.",
            regime="quick: n = 400, 800 (the bound 18.3 and 0.15: non-vacuous, above the SVD floor ~1e-22); "
                   "full adds n = 1000, 2000 (bound 1.7e-5), 3000. A false bound shows as sigma_min(M)^2 certainly "
                   "above it (margin < 0).",
            **CHEB_READING),
    "O-constant from the proof of F.8: lambda_min <= 5 n eps^2; lambda_min = sigma_min(M)^2 by SVD")

THM_F11_F12 = _cheb_claim(
    "activation/thm-F.11-F.12", f"{SOURCE} App. F.3.2, Theorems F.11 (Init(fanout)) and F.12 (Init(fanin))",
    "tanh: fanout lambda_min <= O(n (eps_fanout)^2) with sqrt(log nm / m); fanin lambda_min <= "
    "O(n^2 (eps_fanin)^2) with sqrt(log nm / d) in place of sqrt(log nm) (constant 5 (3 .)^2 as in F.8's proof)",
    {"quick": _cheb_points("fanout", ((50, 100), (200, 150))) + _cheb_points("fanin", ((200, 150), (400, 300))),
     "full": _cheb_points("fanout", ((50, 100), (100, 100), (200, 150), (400, 300)))
     + _cheb_points("fanin", ((200, 150), (400, 300), (800, 500), (2000, 1100)))},
    Reading(hypotheses="tanh, Init(fanout) (F.11) or Init(fanin) (F.12) of App. D, unit data of span d', p as "
                       "in Condition 6; with high probability over the weights.",
            regime="quick: fanout n = 50, 200 (bound 1.2e-5, 1.3e-19), fanin n = 200, 400 (2.2, 5.7e-3); full "
                   "adds fanout n = 100 and 400 (bound 9e-36, below the SVD floor: undecided), fanin n = 800 and "
                   "2000 (4.5e-15). A false bound shows as sigma_min(M)^2 certainly above it.",
            **CHEB_READING),
    "Cor. F.12.1's e^{-Ω(sqrt(d) n^{1/2d'})} is not checked separately; lambda_min = sigma_min(M)^2 by SVD")


# ---- F.9: envelope in m ----------------------------------------------------------------------

def _measure_f9(point, rng, be):
    n, m, s = point["n"], point["m"], point["span"]
    X, assumed = _data(n, s, rng)
    sp = g0_spectrum(X, "tanh", m, rng, be)
    p = _largest_p(s, n)
    env = max(n * math.log(n) * math.log(m) / math.sqrt(m),
              n ** 2 * math.sqrt(p) * math.exp(-math.pi / (4 * math.sqrt(2)) * math.sqrt(p)))
    upper = max(sp.lambda_min, 0.0) + sp.floor
    lmax = float(sp.values[0])
    return {"applies": env < lmax, "holds": upper <= env, "certain": False, "envelope": env, "p": p,
            "lambda_min": sp.describe(), "lambda_max": lmax, **assumed,
            "explain": f"n={n}, m={m}: lambda_min {sp.describe()} vs envelope {env:.3g} (constant 1)"}


THM_F9 = Claim(
    id="activation/thm-F.9", source=f"{SOURCE} App. F.3.1, Theorem F.9",
    statement="tanh: lambda_min(G^(0)) <= max(O(n log n log m / sqrt m), O(n^2 sqrt p e^{-pi sqrt p/(4 sqrt 2)}))",
    kind="scaling",
    check=Predicate(summary_keys=("envelope", "p", "lambda_min", "lambda_max"),
                    why_none="the envelope max(n log n log m/sqrt m, n^2 sqrt(p) e^{-pi sqrt(p)/(4 sqrt 2)}) exceeds " "lambda_max(G^(0)) at every grid point even with constant 1, so no lambda_min can " "contradict it; with p ~ sqrt(2n) (d'=2) its second term keeps growing until n ~ 1e13"),
    grid={"quick": [{"n": n, "span": 2, "m": m} for n in (20, 60, 200) for m in (100, 1600, 25600)],
          "full": [{"n": n, "span": s, "m": m} for n in (20, 60, 200, 1000) for s in (2, 3)
                   for m in (100, 1600, 25600, 102400)]},
    repetitions={"quick": 1, "full": 3}, measure=_measure_f9,
    notes="with unspecified constants a non-vacuous point is checked with constant 1 and a failure there "
          "is never counted as certain",
    reading=Reading(
        hypotheses="tanh, DZPS initialization, unit data of span d', p as in Condition 6 (largest p with "
                   "binom(d'+p, p) < n+1), any m; O-constants unspecified.",
        chosen="the envelope with both O-constants equal to 1 must bound lambda_min(G^(0)) wherever it is below "
               "lambda_max (elsewhere it bounds every eigenvalue and cannot fail); a failure is never certain "
               "because the constants are unknown.",
        alternatives="with the constants of the proof (not printed for F.9) the second term only grows; no "
                     "reading makes the envelope non-vacuous at feasible n, so no variant id.",
        edges="d' = 2 (the largest p for a given n; d' = 3 at full scale), m from 100 to 25600 (102400 full).",
        regime="quick: n = 20-200; the envelope exceeds lambda_max everywhere (its n^2 sqrt(p) "
               "e^{-pi sqrt(p)/(4 sqrt 2)} term grows with n until n ~ 1e13), so no measurement can contradict "
               "it: NOT_CHECKABLE, not a confirmation."),
)

CLAIMS = [THM_44, THM_G3, THM_F8, THM_F11_F12, THM_F9]
