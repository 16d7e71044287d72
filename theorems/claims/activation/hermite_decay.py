"""Decay of Hermite coefficients, 004 App. F.3, G and I: Cor. F.7.1, eq. 34, Cor. F.7.2, Thm G.2, eq. 18.

Coefficients are c̄_k = E[f(z) He_k(z)/sqrt(k!)] in high precision (kernels.series.hermite_mp), each
with an error from a second computation. Rates are fitted in the printed form: log|c̄_k| against
sqrt(k) (e^{-c sqrt k}), log(tail/sqrt p) against sqrt(p), log|c̄_k| against log k (k^-0.75).

Catalog vs paper: Cor. F.7.2 and Thm G.2 define h_p = sum_{k=1}^p c̄_k He_k (from k = 1, without
c̄_0), so E_p = phi_2 - h_p keeps the constant term and int E_p^2 dmu >= c̄_0^2 never vanishes;
their proofs (and the catalog) use E_p = sum_{k>p} c̄_k He_k. The catalog ids check the tail
sum_{k>p} c̄_k^2; the variants ``.../literal-h_p`` check the definition as printed.
"""
from __future__ import annotations

import math

import mpmath

from kernels.series import hermite, hermite_mp

from ...reading import Reading
from ...spec import Claim
from ...verdict import Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"


def _sqrt_t(x, group):
    """sqrt(x)"""
    return math.sqrt(x)


# ---- Cor. F.7.1: |c̄_k(tanh')| <= O(e^{-pi sqrt(k)/4}) --------------------------------------

def _measure_decay(point, rng, be, act="tanh", kmax_key="kmax", dps=30):
    k = point["k"]
    c = hermite_mp.memoized_coefficients(act, point[kmax_key], dps)
    v, d = abs(c.values[k]), c.digits(k)
    return {"abs_c": float(v), "abs_c_text": mpmath.nstr(v, 12), "correct_digits": round(d, 1),
            "rate_printed_at_k": float(math.exp(-math.pi * math.sqrt(k) / 4)),
            "eq34_prediction": float(2 / (2 * k + 1) ** 0.25 * math.exp(-math.pi / 4 * math.sqrt(2 * k + 1)))}


COR_F71 = Claim(
    id="activation/cor-F.7.1", source=f"{SOURCE} App. F.3, Corollary F.7.1 (via Thm F.7, Hille 1940)",
    statement="|c̄_k(tanh')| <= O(e^{-pi sqrt(k)/4})",
    kind="scaling",
    check=Scaling(y="abs_c", x="k", printed=-math.pi / 4, direction="upper_bound", limit="inf",
                  transform=_sqrt_t, max_ci_width=0.5),
    grid={"quick": [{"k": k, "kmax": 300} for k in (10, 20, 40, 80, 160, 300)],
          "full": [{"k": k, "kmax": 1000} for k in (10, 20, 40, 80, 160, 320, 640, 1000)]},
    measure=_measure_decay,
    notes="even k only (tanh' is even: odd coefficients vanish); slope of log|c̄_k| vs sqrt(k)",
    reading=Reading(
        hypotheses="tanh' expanded in normalized probabilists' Hermite polynomials (eq. 17, Gaussian measure); "
                   "|c̄_k| <= O(e^{-pi sqrt(k)/4}) as k -> inf (an upper bound with a free constant).",
        chosen="the slope b of log|c̄_k| against sqrt(k) must not exceed -pi/4 (upper bound: refuted by a slope "
               "significantly above -pi/4). c̄_k = c_k/sqrt(pi) with c_k of Thm F.7 (its proof), so F.7 and F.7.1 "
               "are one statement; F.7's own form e^{-pi/(4 sqrt 2) sqrt(2k+1)} has the same rate.",
        alternatives="none needed: both normalizations in the proof give the same exponent; the Θ form with the same "
                     "rate is eq. 34 (activation/eq-34).",
        edges="even k (odd coefficients of the even tanh' vanish exactly, they are not a decay); k up to 300 (full "
              "1000) with 40+ correct digits, far below float64.",
        regime="quick k = 10..300, full 10..1000. A false bound would show as a slope above -pi/4 = -0.785; the "
               "records also resolve the true slope (about -1.5, tending to -pi/2), so a claimed faster decay, "
               "e.g. e^{-2 sqrt k}, would be refuted."),
)


# ---- eq. 34: c̄_k(tanh') = 2/(2k+1)^{1/4} Θ(e^{-(pi/4) sqrt(2k+1)}) -----------------------------

def _sqrt_2k1(x, group):
    """sqrt(2x+1)"""
    return math.sqrt(2 * x + 1)


def _measure_eq34(point, rng, be):
    k = point["k"]
    out = _measure_decay(point, rng, be)
    out["scaled"] = out["abs_c"] * (2 * k + 1) ** 0.25 / 2          # remove the printed prefactor
    return out


EQ_34 = Claim(
    id="activation/eq-34", source=f"{SOURCE} App. I (after Thm I.4), eq. 34",
    statement="c̄_k(tanh') = 2/(2k+1)^{1/4} Θ(e^{-(pi/4)(2k+1)^{1/2}}) as k -> inf",
    kind="scaling",
    check=Scaling(y="scaled", x="k", printed=-math.pi / 4, direction="both", limit="inf", transform=_sqrt_2k1,
                  max_ci_width=0.5),
    grid={"quick": [{"k": k, "kmax": 300} for k in (20, 40, 80, 160, 300)],
          "full": [{"k": k, "kmax": 1000} for k in (40, 80, 160, 320, 640, 1000)]},
    measure=_measure_eq34,
    notes="fit: log(|c̄_k| (2k+1)^{1/4}/2) against sqrt(2k+1); Θ, so both directions count",
    reading=Reading(
        hypotheses="tanh', probabilists' Hermite coefficients c̄_k (as eq. 34 says), from Boyd (1984) eq. 5.15 via "
                   "'similar technique as in Cor. F.7.1'; Θ as k -> inf, so both an upper and a lower bound.",
        chosen="the slope of log(|c̄_k| (2k+1)^{1/4}/2) against sqrt(2k+1) must equal -pi/4 (Θ: refuted by a slope "
               "significantly off -pi/4 either way), the probabilists' reading the paper states.",
        alternatives="Boyd's native physicists' reading (orthonormal Hermite functions of sech^2, strip half-width pi/2) "
                     "decays like e^{-(pi/2) sqrt(2k+1)}, also not pi/4 (audit side computation, issue 12 report); "
                     "with O instead of Θ the statement is Cor. F.7.1 (activation/cor-F.7.1, holds). Θ fails under both "
                     "Hermite conventions, so no variant id.",
        edges="even k to 300 (full 1000), 40+ digits.",
        regime="quick k = 20..300, full 40..1000. A false Θ shows as a slope off -pi/4 = -0.785 beyond the 0.1 "
               "tolerance with the near-limit half agreeing."),
)


# ---- Cor. F.7.2 / Thm G.2: tails --------------------------------------------------------------

def _measure_tail(point, rng, be, act: str, literal: bool):
    p = point["p"]
    dps = point.get("dps", 30)
    c = hermite_mp.memoized_coefficients(act, point["kmax"], dps)
    energy = hermite_mp.tail_energy(c, p, *hermite_mp.norm2_reference(act, dps), dps,
                                    keep_constant=literal)      # literal h_p starts at k = 1
    lhs, err, resolved = energy.value, energy.error, energy.resolved
    return {"p": p, "lhs": float(lhs) if resolved else None, "lhs_text": mpmath.nstr(lhs, 10),
            "error": float(err), "lhs_over_sqrt_p": float(lhs / math.sqrt(p)) if resolved else None,
            "printed_rate_at_p": math.sqrt(p) * math.exp(-math.pi / (4 * math.sqrt(2)) * math.sqrt(p))}


def _tail_reading(act, literal):
    name = "tanh'" if act == "tanh" else "swish'"
    hyp = (f"{name} expanded in normalized probabilists' Hermite polynomials, h_p = sum_{{k=1}}^p c̄_k He_k (from k = 1 "
           f"as printed), E_p = {name} - h_p; int E_p^2 dmu <= O(sqrt(p) e^{{-pi sqrt(p)/(4 sqrt 2)}}) as p -> inf.")
    tail = ("the proof's reading: E_p = sum_{k>p} c̄_k He_k (its first line), i.e. the tail sum_{k>p} c̄_k^2, "
            "which is the reading every later use of the bound needs")
    lit = "the definition as printed: h_p without c̄_0, so int E_p^2 = c̄_0^2 + sum_{k>p} c̄_k^2"
    return Reading(
        hypotheses=hyp,
        chosen=(lit if literal else tail) + "; fitted: slope of log(int E_p^2 / sqrt p) against sqrt p, an upper "
               "bound (refuted by a slope significantly above -pi/(4 sqrt 2) = -0.555).",
        alternatives=("the proof's tail: the catalog id without /literal-h_p" if literal else
                      "the printed h_p from k = 1 keeps c̄_0 in E_p: the variant .../literal-h_p"),
        edges="p from 4 to 128 (full 400); the tail is computed from the norm identity with a certified error "
              "(kernels.series.hermite_mp.tail_energy), resolved far below float64.",
        regime="quick p = 4..128, full 4..400 at 70 digits. A false bound shows as a slope above -0.555; the records "
               "resolve the true slope, so a claimed faster decay would be refuted too." +
               (" Literal: int E_p^2 >= c̄_0^2 > 0 for every p, so the slope tends to 0." if literal else ""))


def _tail_claim(cid, act, src, statement, literal):
    return Claim(
        id=cid, source=src, statement=statement, kind="scaling",
        check=Scaling(y="lhs_over_sqrt_p", x="p", printed=-math.pi / (4 * math.sqrt(2)),
                      direction="upper_bound", limit="inf", transform=_sqrt_t, max_ci_width=0.5),
        grid={"quick": [{"p": p, "kmax": 300} for p in (4, 8, 16, 32, 64, 128)],
              "full": [{"p": p, "kmax": 600, "dps": 70} for p in (4, 8, 16, 32, 64, 128, 256, 400)]},
        measure=lambda pt, rng, be: _measure_tail(pt, rng, be, act, literal),
        notes="fit: log(int E_p^2 / sqrt p) against sqrt p; printed slope -pi/(4 sqrt 2) = -0.555",
        reading=_tail_reading(act, literal),
    )


COR_F72 = _tail_claim("activation/cor-F.7.2", "tanh", f"{SOURCE} App. F.3, Corollary F.7.2",
                      "sum_{k>p} c̄_k(tanh')^2 <= O(sqrt(p) e^{-pi sqrt(p)/(4 sqrt 2)})", False)
COR_F72_LIT = _tail_claim("activation/cor-F.7.2/literal-h_p", "tanh",
                          f"{SOURCE} App. F.3, Corollary F.7.2 with h_p = sum_{{k=1}}^p as printed",
                          "int (tanh' - sum_{k=1}^p c̄_k He_k)^2 dmu <= O(sqrt(p) e^{-pi sqrt(p)/(4 sqrt 2)})", True)
THM_G2 = _tail_claim("activation/thm-G.2", "swish", f"{SOURCE} App. G, Theorem G.2",
                     "sum_{k>p} c̄_k(swish')^2 <= O(sqrt(p) e^{-pi sqrt(p)/(4 sqrt 2)})", False)
THM_G2_LIT = _tail_claim("activation/thm-G.2/literal-h_p", "swish",
                         f"{SOURCE} App. G, Theorem G.2 with h_p = sum_{{k=1}}^p as printed",
                         "int (swish' - sum_{k=1}^p c̄_k He_k)^2 dmu <= O(sqrt(p) e^{-pi sqrt(p)/(4 sqrt 2)})", True)


# ---- eq. 18: c̄_k(ReLU') ~ k^-0.75 ------------------------------------------------------------

def _measure_step(point, rng, be):
    k = point["k"]
    # measured by quadrature (float64 Gauss-Legendre split at the jump), independent of the closed form
    quad = hermite.step_coefficients_by_quadrature(k, nodes_per_side=max(1500, 4 * k))[k]
    closed = hermite_mp.coefficients("relu", k, dps=20, use_cache=False).values[k]
    return {"abs_c": abs(float(quad)), "closed_form": float(closed), "quadrature_minus_closed": float(quad - closed)}


EQ_18 = Claim(
    id="activation/eq-18", source=f"{SOURCE} App. F.3, eqs. 18-20",
    statement="the Hermite coefficients of ReLU' (the step) decay like k^-0.75",
    kind="scaling", check=Scaling(y="abs_c", x="k", printed=-0.75, direction="both", limit="inf",
                                  tolerance=0.05, max_ci_width=0.2),
    grid={"quick": [{"k": k} for k in (3, 7, 15, 31, 63, 127, 255)],
          "full": [{"k": k} for k in (3, 7, 15, 31, 63, 127, 255, 511, 1023)]},
    measure=_measure_step, notes="odd k (even coefficients beyond k=0 vanish); Θ: both directions",
    reading=Reading(
        hypotheses="ReLU' (the step) in Hermite polynomials (eq. 18, Lebedev's expansion in H_{2k+1}); the coefficients "
                   "decay like k^-0.75 (a Θ statement: the '≈' chain of eq. 18).",
        chosen="normalized coefficients |c̄_j| at odd j (j = 2k+1 indexes eq. 18's H_{2k+1}) fitted as a power law in j, "
               "both directions, tolerance 0.05; the exponent is the same in j and k, and the step is scale invariant, "
               "so physicists' and probabilists' normalized coefficients agree up to a constant.",
        alternatives="none: the index and the Hermite convention change only the constant.",
        edges="odd j from 3 to 255 (full 1023), by quadrature split at the jump, independent of the closed form "
              "(which is recorded beside it).",
        regime="quick j = 3..255, full to 1023. A false rate shows as an exponent off -0.75 by more than 0.05 with "
               "the near-limit half agreeing."),
)

CLAIMS = [COR_F71, EQ_34, COR_F72, COR_F72_LIT, THM_G2, THM_G2_LIT, EQ_18]
