"""Smoothed data (004 Assumption 3): Lemma I.2 (App. I) and Thm 4.7 (Sec. 4.2 = Cor. I.4.2).

Data: adversarial initial samples (all x'_i equal) plus Gaussian noise of scale sigma inside a
d'-dimensional subspace, renormalized (kernels.data.smoothed).
- Lemma I.2: sigma_n(X^{*p}) from the spectrum of (X^T X)^{⊙p} in float64; the exponent of sigma_n in sigma
  is fitted against the printed p (as sigma -> 0).
- Thm 4.7: lambda_min(G∞) for tanh by the high-precision route (kernels.gmatrix.spectrum_mp), fitted in n and
  in delta against the printed exponents at gamma = 1/2.
"""
from __future__ import annotations

import math
from math import comb as binom

from kernels import data
from kernels.gmatrix import spectrum_mp
from kernels.gmatrix.infinite import hadamard_power_gram
from kernels.gmatrix.spectrum import spectrum

from ...spec import Claim
from ...verdict import AllOf, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 40             # digits of the high-precision G∞ route
MAX_KMAX = 2048      # longest Hermite series it may use


def _measure_i2(point, rng, be):
    n, s, p, sig = point["n"], point["span"], point["p"], point["sigma"]
    X = data.smoothed(n, s + 2, s, sig, rng)
    sp = spectrum(hadamard_power_gram(X, p))                # (X^{*p})^T X^{*p} = (X^T X)^{⊙p}
    lam = sp.lambda_min if sp.lambda_min_resolved else float("nan")
    return {"sigma_n": math.sqrt(lam) if lam == lam and lam > 0 else None, "floor": sp.floor,
            "printed_shape": (sig / (n * p)) ** p / math.sqrt(n), "applies": binom(s, p) >= n}


LEMMA_I2 = Claim(
    id="activation/lemma-I.2", source=f"{SOURCE} App. I, Lemma I.2",
    statement="smoothed data, binom(d', p) >= n: sigma_n(X^{*p}) >= Ω((sigma kappa/(n p))^p / sqrt n) w.p. >= 1 - kappa",
    kind="scaling",
    check=Scaling(y="sigma_n", x="sigma", printed=2, direction="lower_bound", limit="0",
                  group_by=("n", "span", "p")),
    grid={"quick": [{"n": 10, "span": 6, "p": 2, "sigma": sg} for sg in (0.01, 0.02, 0.04, 0.08, 0.16)],
          "full": [{"n": n, "span": s, "p": p, "sigma": sg} for (n, s, p) in ((10, 6, 2), (20, 8, 2), (28, 9, 2))
                   for sg in (0.01, 0.02, 0.04, 0.08, 0.16)]},
    repetitions={"quick": 40, "full": 40}, measure=_measure_i2,
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
    X = data.smoothed(n, s + 2, s, sigma, rng)
    res = spectrum_mp.resolve_activation_spectrum(X, "tanh", needs="min", dps=DPS,
                                                  max_kmax=point.get("max_kmax", MAX_KMAX))
    lam, text = res.resolved_value(n)
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

CLAIMS = [LEMMA_I2, THM_47]
