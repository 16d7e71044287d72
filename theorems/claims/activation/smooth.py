"""Small eigenvalues of the G-matrix for smooth activations: 004 Sec. 4.2 and App. F.3.1, F.3.2, G, I.

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
- Thm 4.7 (= Cor. I.4.2) and Lemma I.2: smoothed data (Assumption 3): adversarial initial samples
  (all x'_i equal) plus Gaussian noise of scale sigma inside a d'-dimensional subspace, renormalized.
"""
from __future__ import annotations

import math
from math import comb as binom

import numpy as np

from kernels import data
from kernels.gmatrix import spectrum_mp
from kernels.gmatrix.empirical import g0_spectrum
from kernels.series import hermite_mp

from ...spec import Claim
from ...verdict import INCONCLUSIVE, AllOf, Predicate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40
MAX_KMAX = 2048


def _t(n, group):
    """n^(1/(2 d'))"""
    return n ** (1.0 / (2 * group["span"]))


def _hp_spectrum(X, act, needs, max_kmax=MAX_KMAX):
    return spectrum_mp.resolve_spectrum(X, hermite_mp.provider(act), activation=act, needs=needs, dps=DPS,
                                        max_kmax=max_kmax)


def _eig_value(res, k):
    """(value or None if not resolved, text) of lambda_k from a ResolvedSpectrum."""
    v = res.value(k)
    if res.mp is not None:
        if v.is_zero or v.correct_digits < 1:
            return None, v.describe()
        return float(v.value), v.describe()
    return (float(v) if res.float64.resolved(k - 1) else None), res.describe(k)


def _measure_small(point, rng, be, act):
    n, s = point["n"], point["span"]
    X = data.low_span(n, s + 3, s, rng)
    k = math.ceil(n / s)
    res = _hp_spectrum(X, act, needs=[k, n], max_kmax=point.get("max_kmax", MAX_KMAX))
    lmin, lmin_text = _eig_value(res, n)
    lk, lk_text = _eig_value(res, k)
    return {"lambda_min": lmin, "lambda_min_text": lmin_text, "k": k, "lambda_k": lk, "lambda_k_text": lk_text,
            "route": res.route, "kmax": res.kmax, "t": _t(n, point), "reason": res.reason[:200]}


def _small_grid(ns, spans, max_kmax=MAX_KMAX):
    return [{"span": s, "n": n, "max_kmax": max_kmax} for s in spans for n in ns]


THM_44 = Claim(
    id="activation/thm-4.4", source=f"{SOURCE} Sec. 4.2, Theorem 4.4 = App. F.3.1, Theorem F.10 (+ Cor. F.10.1)",
    statement="tanh, d' = dim span = O(log^0.75 n): lambda_min(G^(0)) <= exp(-Ω(n^{1/(2d')})) w.p. >= 1 - n^-3.5; "
              "the same for lambda_k, k >= ceil(n/d')",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_min", x="n", printed=0.0, direction="upper_bound", limit="inf",
                                group_by=("span",), transform=_t, strict=True, max_ci_width=200.0),
                        Scaling(y="lambda_k", x="n", printed=0.0, direction="upper_bound", limit="inf",
                                group_by=("span",), transform=_t, strict=True, max_ci_width=200.0))),
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
                  transform=_t, strict=True, max_ci_width=200.0),
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


def _g(init, pairs):
    return [{"init": init, "span": 2, "n": n, "m": m} for n, m in pairs]


THM_F8 = _cheb_claim(
    "activation/thm-F.8", f"{SOURCE} App. F.3.1, Theorem F.8 (constant from its proof)",
    "tanh, DZPS: lambda_min(G^(0)) <= 5 n (3 (4 pi + 6 sqrt(log nm)) / (1 + (pi/3)/sqrt(log nm))^p)^2, "
    "p the largest integer with binom(d'+p, p) < n+1 (Condition 6)", "dzps",
    {"quick": _g("dzps", [(50, 100), (400, 300), (2000, 1100)]),
     "full": _g("dzps", [(50, 100), (400, 300), (2000, 1100), (3000, 2000)])})

THM_F11_F12 = Claim(
    id="activation/thm-F.11-F.12", source=f"{SOURCE} App. F.3.2, Theorems F.11 (Init(fanout)) and F.12 (Init(fanin))",
    statement="tanh: fanout lambda_min <= O(n (eps_fanout)^2) with sqrt(log nm / m); fanin lambda_min <= "
              "O(n^2 (eps_fanin)^2) with sqrt(log nm / d) in place of sqrt(log nm) (constant 5 (3 .)^2 as in F.8's proof)",
    kind="scaling",
    check=Predicate(summary_keys=("bound", "p", "lambda_min", "lambda_max", "vacuous", "decidable"),
                    when_none_applies=INCONCLUSIVE,
                    why_none="the bound is vacuous or below the float64 floor at every grid point"),
    grid={"quick": _g("fanout", [(50, 100), (400, 300)]) + _g("fanin", [(50, 100), (400, 300), (2000, 1100)]),
          "full": _g("fanout", [(50, 100), (400, 300), (2000, 1100)]) + _g("fanin", [(50, 100), (400, 300), (2000, 1100)])},
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


# ---- smoothed data: Lemma I.2 and Thm 4.7 ------------------------------------------------------

def smoothed(n: int, d: int, span: int, sigma: float, rng) -> np.ndarray:
    """004 Assumption 3, adversarial start: every x'_i equal (a unit vector of V'), plus N(0, sigma^2)
    noise inside the span-dimensional subspace V', renormalized to unit norm."""
    V = data._orthonormal_frame(d, span, rng)
    base = np.zeros(span)
    base[0] = 1.0
    Z = base + sigma * rng.standard_normal((n, span))
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    return Z @ V.T


def _measure_i2(point, rng, be):
    n, s, p, sig = point["n"], point["span"], point["p"], point["sigma"]
    X = smoothed(n, s + 2, s, sig, rng)
    K = np.clip(X @ X.T, -1, 1) ** p                        # (X^{*p})^T X^{*p} = (X^T X)^{⊙p}
    from kernels.gmatrix import spectrum  # noqa: PLC0415
    sp = spectrum.spectrum(K)
    lam = sp.lambda_min if sp.lambda_min_resolved else float("nan")
    return {"sigma_n": math.sqrt(lam) if lam == lam and lam > 0 else None, "floor": sp.floor,
            "printed_shape": (sig / (n * p)) ** p / math.sqrt(n), "applies": binom(s, p) >= n}


LEMMA_I2 = Claim(
    id="activation/lemma-I.2", source=f"{SOURCE} App. I, Lemma I.2",
    statement="smoothed data, binom(d', p) >= n: sigma_n(X^{*p}) >= Ω((sigma kappa/(n p))^p / sqrt n) w.p. >= 1 - kappa",
    kind="scaling",
    check=Scaling(y="sigma_n", x="sigma", printed=2, direction="lower_bound", limit="0",
                  group_by=("n", "span", "p")),
    grid={"quick": [{"n": 10, "span": 6, "p": 2, "sigma": sg} for sg in (0.005, 0.01, 0.02, 0.04, 0.08)],
          "full": [{"n": n, "span": s, "p": p, "sigma": sg} for (n, s, p) in ((10, 6, 2), (20, 8, 2), (28, 9, 2))
                   for sg in (0.01, 0.02, 0.04, 0.08, 0.16)]},
    repetitions={"quick": 4, "full": 10}, measure=_measure_i2,
    notes="exponent in sigma checked against the printed p = 2 (every grid group has p = 2); "
          "adversarial start: all initial samples equal",
)


def _measure_47(point, rng, be):
    n, gamma, delta = point["n"], point["gamma"], point["delta"]
    p = round(1 / gamma)
    s = p                                                  # d' = Θ(n^gamma): the smallest d' with binom(d', p) >= n,
    while binom(s, p) < n:                                 # so that Cor. I.4.2's p is 1/gamma (exponent 2p = 2/gamma)
        s += 1
    sigma = delta / (2 * math.sqrt(n))                      # Assumption 3: sigma = O(delta / (2 sqrt n))
    X = smoothed(n, s + 2, s, sigma, rng)
    res = _hp_spectrum(X, "tanh", needs="min", max_kmax=point.get("max_kmax", MAX_KMAX))
    lam, text = _eig_value(res, n)
    return {"lambda_min": lam, "lambda_min_text": text, "span": s, "p": p, "sigma": sigma, "route": res.route,
            "printed_rate": delta ** (2 / gamma) * n ** (-3 / gamma)}


THM_47 = Claim(
    id="activation/thm-4.7", source=f"{SOURCE} Sec. 4.2, Theorem 4.7 (informal Cor. I.4.2)",
    statement="tanh, smoothed data with noise ~ delta/sqrt n, d' = Θ(n^gamma): lambda_min(G^(0)) >= Ω(delta^{2/gamma} n^{-3/gamma})",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_min", x="n", printed=-6.0, direction="lower_bound", limit="inf",
                                group_by=("gamma", "delta", "sweep"), where={"sweep": "n"}),
                        Scaling(y="lambda_min", x="delta", printed=4.0, direction="lower_bound", limit="0",
                                group_by=("gamma", "n", "sweep"), where={"sweep": "delta"}))),
    grid={"quick": [{"sweep": "n", "gamma": 0.5, "delta": 0.2, "n": n, "max_kmax": 1024} for n in (9, 16, 25, 36)]
          + [{"sweep": "delta", "gamma": 0.5, "delta": dl, "n": 16, "max_kmax": 1024} for dl in (0.05, 0.1, 0.2, 0.4)],
          "full": [{"sweep": "n", "gamma": 0.5, "delta": 0.2, "n": n} for n in (9, 16, 25, 36, 49, 64)]
          + [{"sweep": "delta", "gamma": 0.5, "delta": dl, "n": 25} for dl in (0.025, 0.05, 0.1, 0.2, 0.4)]},
    repetitions={"quick": 4, "full": 8}, measure=_measure_47,
    notes="gamma = 1/2: printed exponents n^-6 and delta^4; d' is the smallest with binom(d', 2) >= n (Cor. I.4.2 "
          "needs binom(d', p) >= n with p = 1/gamma); G∞ (m -> inf) with the high-precision route",
)

CLAIMS = [THM_44, THM_G3, THM_F8, THM_F11_F12, THM_F9, LEMMA_I2, THM_47]
