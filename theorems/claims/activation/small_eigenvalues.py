"""Small eigenvalues of the G-matrix for smooth activations on low-dimensional data: 004 Sec. 4.2 and
App. F.3.1, F.3.2, G.

- Thm 4.4 (= F.10, Cor. F.10.1), tanh, and Thm G.3, swish: data spanning d' dimensions give
  lambda_min (and lambda_k, k >= ceil(n/d')) <= exp(-Ω(n^{1/(2d')})). These eigenvalues sit far
  below the float64 floor, so they come from the high-precision route (kernels.gmatrix.spectrum_mp): G∞
  in mpmath from high-precision Hermite coefficients, eigenvalues at two precisions, correct
  digits shown. G∞ is the m -> inf limit; the theorems hold for every m (F.8 covers small m, F.9
  large m), so the limit is one admissible case. Fit: log lambda against t = n^{1/(2d')}; the
  upper bound exp(-c t) with an unknown c > 0 is confirmed only by a slope whose CI lies below 0.
- Thm F.8 (DZPS) and Thms F.11 / F.12 (Init(fanout) / Init(fanin)): explicit bounds once the
  O-constant is taken from the proof of F.8 (lambda_min <= 5 n eps^2 with eps = 3 (...)/(...)^p, p
  the largest integer with binom(d'+p, p) < n+1, Condition 6). Measured: lambda_min(G^(0)) at
  finite m in float64; a value under the floor counts as "<= floor", which decides the bound when
  the bound is above the floor. Points where the bound exceeds lambda_max(G) are vacuous (cannot fail).
- Thm F.9: lambda_min <= max(O(n log n log m / sqrt m), O(n^2 sqrt p e^{-pi sqrt p/(4 sqrt 2)})):
  the ratio of lambda_min (upper bound) to that envelope must not grow with m.

The smoothed-data statements of the same section (Lemma I.2, Thm 4.7) are in smoothed_data.py.
"""
from __future__ import annotations

import math
from math import comb as binom

from kernels import data
from kernels.gmatrix import spectrum_mp
from kernels.gmatrix.empirical import g0_spectrum

from ...spec import Claim
from ...verdict import INCONCLUSIVE, AllOf, Predicate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40
MAX_KMAX = 2048


def _n_to_one_over_2span(n, group):
    """n^(1/(2 d'))"""
    return n ** (1.0 / (2 * group["span"]))


def _measure_small(point, rng, be, act):
    n, s = point["n"], point["span"]
    X = data.low_span(n, s + 3, s, rng)
    k = math.ceil(n / s)
    res = spectrum_mp.resolve_activation_spectrum(X, act, needs=[k, n], dps=DPS,
                                                  max_kmax=point.get("max_kmax", MAX_KMAX))
    lmin, lmin_text = res.resolved_value(n)
    lk, lk_text = res.resolved_value(k)
    return {"lambda_min": lmin, "lambda_min_text": lmin_text, "k": k, "lambda_k": lk, "lambda_k_text": lk_text,
            "route": res.route, "kmax": res.kmax, "t": _n_to_one_over_2span(n, point), "reason": res.reason[:200]}


def _small_grid(ns, spans, max_kmax=MAX_KMAX):
    return [{"span": s, "n": n, "max_kmax": max_kmax} for s in spans for n in ns]


THM_44 = Claim(
    id="activation/thm-4.4", source=f"{SOURCE} Sec. 4.2, Theorem 4.4 = App. F.3.1, Theorem F.10 (+ Cor. F.10.1)",
    statement="tanh, d' = dim span = O(log^0.75 n): lambda_min(G^(0)) <= exp(-Ω(n^{1/(2d')})) w.p. >= 1 - n^-3.5; "
              "the same for lambda_k, k >= ceil(n/d')",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_min", x="n", printed=0.0, direction="upper_bound", limit="inf",
                                group_by=("span",), transform=_n_to_one_over_2span, strict=True, max_ci_width=200.0),
                        Scaling(y="lambda_k", x="n", printed=0.0, direction="upper_bound", limit="inf",
                                group_by=("span",), transform=_n_to_one_over_2span, strict=True, max_ci_width=200.0))),
    grid={"quick": _small_grid([6, 8, 12, 16, 24], [2], max_kmax=1024), "full": _small_grid([6, 8, 12, 16, 24, 32, 48, 64], [2, 3])},
    repetitions={"quick": 5, "full": 8},
    measure=lambda p, rng, be: _measure_small(p, rng, be, "tanh"),
    notes="G∞ (m -> inf) in high precision; fitted slope of log lambda vs n^{1/(2d')} must be negative",
)

THM_G3 = Claim(
    id="activation/thm-G.3", source=f"{SOURCE} App. G, Theorem G.3",
    statement="swish, d' <= O(log^0.75 n): lambda_k(G^(0)) <= exp(-Ω(n^{1/(2d')})) for k >= ceil(n/d') w.p. >= 1 - n^-2.5",
    kind="scaling",
    check=Scaling(y="lambda_k", x="n", printed=0.0, direction="upper_bound", limit="inf", group_by=("span",),
                  transform=_n_to_one_over_2span, strict=True, max_ci_width=200.0),
    grid=THM_44.grid, repetitions=THM_44.repetitions,
    measure=lambda p, rng, be: _measure_small(p, rng, be, "swish"),
    notes="G∞ (m -> inf) in high precision; slope of log lambda_k vs n^{1/(2d')} must be negative",
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
    n, m, s, init = point["n"], point["m"], point["span"], point["init"]
    d = s + 3
    X = data.low_span(n, d, s, rng)
    sp = g0_spectrum(X, "tanh", m, rng, be, init=init)
    bound, p = _cheb_bound(n, m, d, s, init)
    upper = max(sp.lambda_min, 0.0) + sp.floor            # certainly >= the true lambda_min
    lmax = float(sp.values[0])
    vacuous = bound >= lmax
    decidable = upper <= bound or sp.lambda_min_resolved
    holds = upper <= bound if decidable else True
    return {"applies": bool(not vacuous and decidable), "holds": bool(holds),
            "certain": bool(holds or sp.lambda_min - sp.floor > bound), "bound": bound, "p": p,
            "lambda_min": sp.describe(), "lambda_min_upper": upper, "lambda_max": lmax, "vacuous": vacuous,
            "decidable": decidable,
            "explain": f"n={n}, m={m}, d'={s}, {init}: lambda_min {sp.describe()} vs bound {bound:.3g} (p={p})"}


def _cheb_claim(cid, src, statement, init, grid):
    return Claim(
        id=cid, source=src, statement=statement, kind="bound",
        check=Predicate(summary_keys=("bound", "p", "lambda_min", "lambda_max", "vacuous", "decidable"),
                        when_none_applies=INCONCLUSIVE,
                        why_none="at every grid point the bound is either vacuous (>= lambda_max) or below the " "float64 floor of lambda_min: larger n (d'=2 needs n ~ 2000) or lambda_min(G^(0)) " "in high precision would settle it"),
        grid=grid, repetitions={"quick": 1, "full": 3}, measure=_measure_cheb,
        notes="O-constant from the proof of F.8: lambda_min <= 5 n eps^2; float64 lambda_min with its floor",
    )


def _init_points(init, pairs):
    """Grid points at d' = 2 for one initialization, one per (n, m) pair."""
    return [{"init": init, "span": 2, "n": n, "m": m} for n, m in pairs]


THM_F8 = _cheb_claim(
    "activation/thm-F.8", f"{SOURCE} App. F.3.1, Theorem F.8 (constant from its proof)",
    "tanh, DZPS: lambda_min(G^(0)) <= 5 n (3 (4 pi + 6 sqrt(log nm)) / (1 + (pi/3)/sqrt(log nm))^p)^2, "
    "p the largest integer with binom(d'+p, p) < n+1 (Condition 6)", "dzps",
    {"quick": _init_points("dzps", [(50, 100), (400, 300), (2000, 1100)]),
     "full": _init_points("dzps", [(50, 100), (400, 300), (2000, 1100), (3000, 2000)])})

THM_F11_F12 = Claim(
    id="activation/thm-F.11-F.12", source=f"{SOURCE} App. F.3.2, Theorems F.11 (Init(fanout)) and F.12 (Init(fanin))",
    statement="tanh: fanout lambda_min <= O(n (eps_fanout)^2) with sqrt(log nm / m); fanin lambda_min <= "
              "O(n^2 (eps_fanin)^2) with sqrt(log nm / d) in place of sqrt(log nm) (constant 5 (3 .)^2 as in F.8's proof)",
    kind="scaling",
    check=Predicate(summary_keys=("bound", "p", "lambda_min", "lambda_max", "vacuous", "decidable"),
                    when_none_applies=INCONCLUSIVE,
                    why_none="the bound is vacuous or below the float64 floor at every grid point"),
    grid={"quick": _init_points("fanout", [(50, 100), (400, 300)]) + _init_points("fanin", [(50, 100), (400, 300), (2000, 1100)]),
          "full": _init_points("fanout", [(50, 100), (400, 300), (2000, 1100)]) + _init_points("fanin", [(50, 100), (400, 300), (2000, 1100)])},
    repetitions={"quick": 1, "full": 3}, measure=_measure_cheb,
    notes="Cor. F.12.1's e^{-Ω(sqrt(d) n^{1/2d'})} is not checked separately",
)


# ---- F.9: envelope in m ----------------------------------------------------------------------

def _measure_f9(point, rng, be):
    n, m, s = point["n"], point["m"], point["span"]
    X = data.low_span(n, s + 3, s, rng)
    sp = g0_spectrum(X, "tanh", m, rng, be)
    p = _largest_p(s, n)
    env = max(n * math.log(n) * math.log(m) / math.sqrt(m),
              n ** 2 * math.sqrt(p) * math.exp(-math.pi / (4 * math.sqrt(2)) * math.sqrt(p)))
    upper = max(sp.lambda_min, 0.0) + sp.floor
    lmax = float(sp.values[0])
    return {"applies": env < lmax, "holds": upper <= env, "certain": False, "envelope": env, "p": p,
            "lambda_min": sp.describe(), "lambda_max": lmax,
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
)

CLAIMS = [THM_44, THM_G3, THM_F8, THM_F11_F12, THM_F9]
