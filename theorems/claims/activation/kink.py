"""Lower bounds on lambda_min for activations with a kink: 004 App. K.1 (Thm K.1), Sec. 4.1 = App. K.2.1
(Thm 4.1 = K.4) and Sec. 4.1 / App. L (Thm 4.2 = L.2).

Thm K.1 and Thm 4.1 are about G^(0) (004 eq. 2) at a finite width m past a threshold; the check measures
λ_min(G^(0)) AT that threshold with its constant held at 1 (K.1: m = n^3/δ log(n/δ^{1/4}); 4.1:
m = n^3/δ log(n/δ)), so the bound is tested where the statement first applies. λ_min(G∞) (closed form, the
m -> infinity limit) is recorded beside it. Thm 4.2's threshold m = n^4 δ^-3 log^4 n is out of reach
(1e8+ neurons at n = 16), and its proof (L.2) states the bound for G∞ itself, so 4.2 is decided on G∞.

Sweeps (a lower bound is only tested where it could fail): in n at fixed δ on random δ-separated data and on
extremal data (one pair at exactly δ); in δ at fixed n on the great-circle arc (all consecutive pairs at
exactly δ) and extremal data. Every point records ``kernels.data.assumption_values`` (Assumptions 1-2,
subspace sense, δ up to float64 rounding). Data and weights come from common random numbers across each
sweep (``kernels.crn``: the stream is keyed without the swept parameter). A lower bound Ω(n^a)
as n -> ∞ is contradicted by a fitted exponent significantly below a; Ω(δ^b) as δ -> 0 by one above b.
"""
from __future__ import annotations

import math

from kernels import data
from kernels.crn import common_generator
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.infinite import ginf_spectrum

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
D = 16
ROUNDING = 1e-9          # extremal and arc data sit at exactly δ: allow float64 rounding of the separation
CLOSED_FORM_GINF = ("relu", "leaky_relu:0.1", "elu")    # closed-form G∞ (kernels.activations); SELU has none


def _data(family: str, n: int, delta: float, rng):
    if family == "random":
        return data.separated(n, D, delta, rng)
    if family == "extremal":
        return data.extremal(n, D, delta, rng)
    if family == "arc":
        return data.arc(n, delta, D, rng)
    raise ValueError(family)


def _measure(point, rng, backend, claim_id, m_of):
    n, delta, act, sweep = point["n"], point["delta"], point["activation"], point["sweep"]
    fixed = f"delta={delta}" if sweep == "n" else f"n={n}"           # the key leaves out the swept parameter
    key = f"{sweep}|{act}|{point['data']}|{fixed}"
    X = _data(point["data"], n, delta, common_generator(rng, claim_id, key + "|data"))
    out = data.assumption_values(X, delta=delta * (1 - ROUNDING), sense="subspace")
    m = m_of(n, delta)
    s0 = g0_spectrum(X, act, m, common_generator(rng, claim_id, key + "|weights"), backend)
    lam0 = s0.lambda_min if s0.lambda_min_resolved else float("nan")
    dact = out["data_separation"] if out["data_separation"] > 0 else float("nan")    # a repeated pair: inapplicable
    out.update({"m_g0": m, "lambda_min_g0": lam0, "g0_floor": s0.floor,
                "lambda0_over_delta": lam0 / dact, "lambda0_log_n_over_delta3": lam0 * math.log(n) / dact ** 3})
    if act in CLOSED_FORM_GINF:
        sp, method = ginf_spectrum(X, act)
        lam = sp.lambda_min if sp.lambda_min_resolved else float("nan")
        out.update({"lambda_min_ginf": lam, "lambda_min_ginf_text": sp.describe(), "ginf_method": method,
                    "ginf_floor": sp.floor, "lambda_over_delta": lam / dact,
                    "lambda_times_log_n_pow_1_5": lam * math.log(n) ** 1.5})
    return out


def _grid_n(acts, ns, delta, families):
    return [{"sweep": "n", "activation": a, "data": f, "n": n, "delta": delta}
            for a in acts for f in families for n in ns]


def _grid_delta(acts, n, deltas, families):
    return [{"sweep": "delta", "activation": a, "data": f, "n": n, "delta": dl}
            for a in acts for f in families for dl in deltas]


DELTAS_QUICK = [0.005, 0.01, 0.02, 0.04]         # SELU's delta^2 term rivals its delta term near delta = 0.05
DELTAS_FULL = [0.0025, 0.005, 0.01, 0.02, 0.04, 0.08]


def _sweeps(acts, ns_quick, ns_full, delta, n_delta=(8, 12)):
    """The n-sweep (random and extremal data at fixed delta) and the delta-sweep (arc and extremal data at
    n = n_delta[0] quick, n_delta[1] full)."""
    fams_n, fams_d = ["random", "extremal"], ["arc", "extremal"]
    return {"quick": _grid_n(acts, ns_quick, delta, fams_n) + _grid_delta(acts, n_delta[0], DELTAS_QUICK, fams_d),
            "full": _grid_n(acts, ns_full, delta, fams_n) + _grid_delta(acts, n_delta[1], DELTAS_FULL, fams_d)}


def m_k1(n, delta):
    """The width threshold of Thm K.1 with its constant held at 1: m = n^3/δ log(n/δ^{1/4}) (004 App. K.1.1)."""
    return int(math.ceil(n ** 3 / delta * math.log(n / delta ** 0.25)))


def m_k4(n, delta):
    """The width threshold of Thm 4.1 = K.4 with constants 1: max(n^3/δ log(n/δ), n^2/δ log d) (004 Sec. 4.1)."""
    return int(math.ceil(max(n ** 3 / delta * math.log(n / delta), n ** 2 / delta * math.log(D))))


K1_ACTS = ["relu", "leaky_relu:0.1", "selu"]
K1_ID = "activation/thm-K.1"

THM_K1 = Claim(
    id=K1_ID, source=f"{SOURCE} App. K.1.1, Theorem K.1 (Cor. K.2.1 for ReLU)",
    statement="phi in J_1 (ReLU, LReLU, SELU): lambda_min(G^(0)) >= Ω(δ/n^3) w.p. >= 1 - e^{-Ω(δm/n^2)} "
              "for m >= Ω(n^3 δ^-1 log(n/δ^{1/4}))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda0_over_delta", x="n", printed=-3, direction="lower_bound", limit="inf",
                                group_by=("activation", "data"), where={"sweep": "n"}),
                        Scaling(y="lambda_min_g0", x="delta", printed=1, direction="lower_bound", limit="0",
                                group_by=("activation", "data"), where={"sweep": "delta"}))),
    grid=_sweeps(K1_ACTS, [5, 10, 20], [8, 16, 32, 64], 0.2),
    repetitions={"quick": 5, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, K1_ID, m_k1),
    notes="λ_min(G^(0)) at the threshold width m = n^3/δ log(n/δ^{1/4}) (constant 1); G∞ recorded for ReLU/LReLU. "
          "leaky_relu:0.1 has a jump of 0.9 in phi', SELU one of 0.71 and |phi'| up to 1.76 (J_1 fixes both to 1; "
          "the remark after J_r in 004 Sec. 4.1 allows constants).",
    reading=Reading(
        hypotheses="phi in J_1 (ReLU, LReLU, SELU named), w_k ~ N(0, I), a_k ~ N(0, 1), unit data with subspace "
                   "separation δ (Assumptions 1-2), m >= Ω(n^3/δ log(n/δ^{1/4})); conclusion about λ_min(G^(0)) w.h.p.",
        chosen="λ_min(G^(0)) at the threshold width with constant 1 must not fall faster than δ/n^3: fitted exponent "
               "of λ_min(G^(0))/δ in n (lower bound -3) and of λ_min(G^(0)) in δ (as δ -> 0, at most 1); the "
               "proof's own route (Claim K.2 + Chernoff + net) bounds exactly this matrix.",
        alternatives="the m -> infinity reading (G∞) is recorded beside each point (lambda_min_ginf) for ReLU/LReLU; "
                     "no variant id, as G^(0) at the threshold is the harder case. The probability 1 - e^{-Ω(δm/n^2)} "
                     "has a free constant, so it is read as: the typical (geometric mean over seeds) value obeys "
                     "the bound.",
        edges="all three named activations; extremal data (one pair at exactly δ) and the great-circle arc (every "
              "consecutive pair at exactly δ), δ down to 0.005 (full 0.0025); the threshold width itself, not a "
              "larger m.",
        regime="quick: n = 5..20 at δ = 0.2 and δ = 0.005..0.04 at n = 8, m up to 3.5e5 neurons; full: "
               "n = 8..64 (m to 6e6), δ = 0.0025..0.08 at n = 12. A false statement would show as λ_min(G^(0))/δ "
               "falling faster than n^-3 or λ_min falling faster than δ^1 (e.g. δ^1.5) as δ -> 0."),
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
    grid=_sweeps(["relu"], [16, 32, 64, 128], [16, 32, 64, 128, 256], 0.3, n_delta=(12, 12)),
    repetitions={"quick": 6, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, "activation/thm-4.2", lambda n, dl: 20000),
    notes="in n the printed bound decays only like log^-1.5 n, so λ_min·log^1.5 n must not fall like a power of n",
    reading=Reading(
        hypotheses="ReLU, DZPS init with a_k ~ U{-1, 1} (Thm L.1 setting), Assumptions 1-2 with subspace separation δ, "
                   "m >= Ω̃(n^4 δ^-3 log^4 n); conclusion λ_min(G^(0)) >= Ω(δ^1.5 log^-1.5 n) w.h.p.",
        chosen="decided on λ_min(G∞) (closed-form arc-cosine kernel), which the proof of L.2 bounds by "
               "(log 2n/δ)^-1.5 before concentrating G^(0) around it; the threshold m (1e8+ neurons at n = 16) is "
               "out of reach, so λ_min(G^(0)) at m = 2e4 (a_k ~ N(0, 1); G∞ is the same for a_k ~ U{-1, 1} as "
               "E a^2 = 1) is recorded as evidence only.",
        alternatives="the G^(0) reading at the printed threshold: not run (infeasible width), stated as a limitation; "
                     "the G∞ form with log 2n instead of log n differs by a constant factor only.",
        edges="random δ-separated and extremal data (a pair at exactly δ) in n; great-circle arc and extremal data in δ "
              "down to 0.005 (full 0.0025).",
        regime="quick: n = 16..128 at δ = 0.3, δ = 0.005..0.04 at n = 12; full: n to 256, δ to 0.0025. A false statement would show "
               "as λ_min log^1.5 n falling like a power of n, or λ_min falling faster than δ^1.5 as δ -> 0."),
)

K4_ID = "activation/thm-4.1"

THM_41 = Claim(
    id=K4_ID, source=f"{SOURCE} Sec. 4.1, Theorem 4.1 = App. K.2.1, Theorem K.4",
    statement="phi in J_2 (e.g. ELU): lambda_min(G^(0)) >= Ω(δ^3 n^-8 / log n) w.p. >= 1 - e^{-Ω(δm/n^2)} "
              "for m > max(Ω(n^3 δ^-1 log(n δ^-1)), Ω(n^2 δ^-1 log d))",
    kind="scaling",
    check=AllOf(checks=(Scaling(y="lambda0_log_n_over_delta3", x="n", printed=-8, direction="lower_bound",
                                limit="inf", group_by=("activation", "data"), where={"sweep": "n"}),
                        Scaling(y="lambda_min_g0", x="delta", printed=3, direction="lower_bound", limit="0",
                                group_by=("activation", "data"), where={"sweep": "delta"}))),
    grid=_sweeps(["elu"], [5, 10, 20], [8, 16, 32, 64], 0.2),
    repetitions={"quick": 5, "full": 8},
    measure=lambda p, rng, be: _measure(p, rng, be, K4_ID, m_k4),
    notes="λ_min(G^(0)) at the threshold width (constants 1); ELU's G∞ by its closed form (Owen's T, in "
          "kernels.activations) recorded beside it",
    reading=Reading(
        hypotheses="phi in J_2 (ELU named: phi' continuous, phi'' jumps by 1 at 0, |phi^(i)| <= 1), w_k ~ N(0, I), "
                   "a_k ~ N(0, 1), Assumptions 1-2 (subspace δ), m > max(n^3/δ log(n/δ), n^2/δ log d).",
        chosen="λ_min(G^(0)) at the threshold width with constants 1: λ_min log n/δ^3 must not fall faster than n^-8, "
               "and λ_min not faster than δ^3 as δ -> 0 (the statement's object, the proof's route).",
        alternatives="the G∞ limit is recorded beside each point (lambda_min_ginf); no variant id. ELU is the only J_2 "
                     "activation the paper names.",
        edges="extremal data (a pair at exactly δ) and the great-circle arc (all consecutive pairs at δ), δ to 0.005 "
              "(full 0.0025), at the threshold width itself.",
        regime="quick: n = 5..20 at δ = 0.2, δ = 0.005..0.04 at n = 8 (m up to 7.6e5); full: n = 8..64, δ to 0.0025 "
               "at n = 12. A false "
               "statement would show as λ_min falling faster than δ^3 (the arc's own rate is about δ^3, so this is "
               "the tight direction) or faster than n^-8."),
)

CLAIMS = [THM_K1, THM_42, THM_41]
