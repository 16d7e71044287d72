"""Lower bounds on lambda_min for activations with a kink: 004 App. K.1 (Thm K.1) and Sec. 4.1 / App. L (Thm 4.2 = L.2).

Both statements are about G^(0) once m is past a threshold with unspecified constants
(K.1: m >= Ω(n^3/δ log(n/δ^{1/4})); 4.2: m >= Ω̃(n^4 δ^-3 log^4 n)). In that regime G^(0) is
within λ_min/2 of its m -> infinity limit G∞ (the proofs' route; L.2's proof states the G∞ bound
itself), so the verdict is on λ_min(G∞) from the closed form (arc-cosine kernel); λ_min(G^(0)) at a
finite m is recorded next to it as evidence.

Sweeps (a lower bound is only tested where it could fail):
- in n at fixed δ, on random δ-separated data and on extremal data (one pair at exactly δ);
- in δ at fixed n, on the great-circle arc (all consecutive pairs at exactly δ) and extremal data.
A lower bound Ω(n^a) as n -> ∞ is contradicted by a fitted exponent significantly below a;
Ω(δ^b) as δ -> 0 by one significantly above b.
"""
from __future__ import annotations

import math

from kernels import data
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.infinite import ginf_spectrum

from ...spec import Claim
from ...verdict import AllOf, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
D = 16


def _data(family: str, n: int, delta: float, rng):
    if family == "random":
        return data.separated(n, D, delta, rng)
    if family == "extremal":
        return data.extremal(n, D, delta, rng)
    if family == "arc":
        return data.arc(n, delta, D, rng)
    raise ValueError(family)


def _measure(point, rng, backend, m_of):
    n, delta, act = point["n"], point["delta"], point["activation"]
    X = _data(point["data"], n, delta, rng)
    dact = data.separation(X)
    sp, method = ginf_spectrum(X, act)
    m = m_of(n, delta)
    s0 = g0_spectrum(X, act, m, rng, backend)
    lam = sp.lambda_min if sp.lambda_min_resolved else float("nan")
    return {"lambda_min_ginf": lam, "lambda_min_ginf_text": sp.describe(), "ginf_method": method,
            "floor": sp.floor, "delta_actual": dact, "lambda_min_g0": s0.lambda_min, "m_g0": m,
            "lambda_over_delta": lam / dact,
            "lambda_log_n_over_delta3": lam * math.log(n) / dact ** 3,
            "lambda_times_log_n_pow_1_5": lam * math.log(n) ** 1.5}


def _grid_n(acts, ns, delta, families):
    return [{"sweep": "n", "activation": a, "data": f, "n": n, "delta": delta}
            for a in acts for f in families for n in ns]


def _grid_delta(acts, n, deltas, families):
    return [{"sweep": "delta", "activation": a, "data": f, "n": n, "delta": dl}
            for a in acts for f in families for dl in deltas]


K1_ACTS = ["relu", "leaky_relu:0.1"]


def _sweeps(acts, ns_quick, ns_full, delta):
    """The n-sweep (random and extremal data at fixed delta) and the delta-sweep (arc and extremal, n=12)."""
    fams_n, fams_d = ["random", "extremal"], ["arc", "extremal"]
    return {"quick": _grid_n(acts, ns_quick, delta, fams_n) + _grid_delta(acts, 12, [0.01, 0.02, 0.04, 0.08], fams_d),
            "full": _grid_n(acts, ns_full, delta, fams_n)
            + _grid_delta(acts, 12, [0.01, 0.02, 0.04, 0.08, 0.16, 0.24], fams_d)}


def _m_cubic(n, delta):
    """The m threshold of K.1 / K.4 with constant 1 (capped at 2e5): n^3 / delta."""
    return int(min(2e5, math.ceil(n ** 3 / delta)))


THM_K1 = Claim(
    id="activation/thm-K.1", source=f"{SOURCE} App. K.1.1, Theorem K.1 (Cor. K.2.1 for ReLU)",
    statement="phi in J_1 (ReLU, LReLU, SELU): lambda_min(G^(0)) >= Ω(δ/n^3) w.p. >= 1 - e^{-Ω(δm/n^2)} "
              "for m >= Ω(n^3 δ^-1 log(n/δ^{1/4}))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_over_delta", x="n", printed=-3, direction="lower_bound", limit="inf",
                                group_by=("activation", "data"), where={"sweep": "n"}),
                        Scaling(y="lambda_min_ginf", x="delta", printed=1, direction="lower_bound", limit="0",
                                group_by=("activation", "data"), where={"sweep": "delta"}))),
    grid=_sweeps(K1_ACTS, [8, 16, 32], [8, 16, 32, 64, 128], 0.2),
    repetitions={"quick": 8, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, _m_cubic),
    notes="SELU left out: it has no closed-form G∞ here and its Hermite series converges too slowly at "
          "near-parallel pairs to resolve λ_min (issue 3's high-precision path would settle it). "
          "leaky_relu:0.1 has a jump of 0.9 in phi' (J_1 fixes it to 1; the remark of 004 Sec. 4.1 allows constants).",
)

THM_42 = Claim(
    id="activation/thm-4.2", source=f"{SOURCE} Sec. 4.1, Theorem 4.2 = App. L, Theorem L.2 (and its proof)",
    statement="ReLU, m >= Ω̃(n^4 δ^-3 log^4 n): lambda_min(G^(0)) >= Ω((δ/log n)^1.5); "
              "the proof also states lambda_min(G∞) >= Ω((log 2n/δ)^-1.5)",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_times_log_n_pow_1_5", x="n", printed=0, direction="lower_bound",
                                limit="inf", group_by=("data",), where={"sweep": "n"}),
                        Scaling(y="lambda_min_ginf", x="delta", printed=1.5, direction="lower_bound", limit="0",
                                group_by=("data",), where={"sweep": "delta"}))),
    grid=_sweeps(["relu"], [16, 32, 64, 128], [16, 32, 64, 128, 256], 0.3),
    repetitions={"quick": 8, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, lambda n, dl: 20000),
    notes="in n the printed bound decays only like log^-1.5 n, so λ_min·log^1.5 n must not fall like a power of n",
)

THM_41 = Claim(
    id="activation/thm-4.1", source=f"{SOURCE} Sec. 4.1, Theorem 4.1 = App. K.2.1, Theorem K.4",
    statement="phi in J_2 (e.g. ELU): lambda_min(G^(0)) >= Ω(δ^3 n^-8 / log n) w.p. >= 1 - e^{-Ω(δm/n^2)} "
              "for m > max(Ω(n^3 δ^-1 log(n δ^-1)), Ω(n^2 δ^-1 log d))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda_log_n_over_delta3", x="n", printed=-8, direction="lower_bound",
                                limit="inf", group_by=("activation", "data"), where={"sweep": "n"}),
                        Scaling(y="lambda_min_ginf", x="delta", printed=3, direction="lower_bound", limit="0",
                                group_by=("activation", "data"), where={"sweep": "delta"}))),
    grid=_sweeps(["elu"], [8, 16, 32], [8, 16, 32, 64, 128], 0.2),
    repetitions={"quick": 8, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, _m_cubic),
    notes="ELU's G∞ by its closed form (Owen's T, in kernels.activations), checked against the "
          "Hermite series and Monte Carlo in tests",
)

CLAIMS = [THM_K1, THM_42, THM_41]
