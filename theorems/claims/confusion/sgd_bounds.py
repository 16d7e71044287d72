"""Theorems 3.1 and 3.2 (000 App. D.1 = 002 Sec. 3): SGD bounds with explicit constants.

Printed, for SGD w_{k+1} = w_k − α∇f_{i_k}(w_k) with α < 2/(NL) on F = (1/N)Σ f_i with confusion bound η:
Thm 3.1 (L-smooth, PL with μ per component) E[F(w_T) − F*] <= ρ^T (F(w_0) − F*) + αη/(1−ρ),
ρ = 1 − (2μ/N)(α − NLα²/2); Thm 3.2 (L-smooth) min_{k<=T} E‖∇F(w_k)‖² <= ρ(F(w_1) − F*)/T + ρη,
ρ = 2N/(2 − NLα). The proof of 3.2 gives (ρ/α)(F(w_1) − F*)/T: checked as ``thm-3.2/corrected``.

Read as: exact on problems with known L, μ, η, F* (``kernels.nets.sgd``: expectations by the exact
second-moment recursion, checked against seeded SGD runs), at step sizes up to 0.999·2/(NL) and horizons 1..T.
"""
from __future__ import annotations

import math

from kernels.nets import sgd

from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate
from . import APP, MAIN, REL_TOL


def _horizons(T):
    return sorted({1, 2, 5, 10, 30, 100, 300, 1000, 3000, T} & set(range(1, T + 1)))


def _bound_rows(which, P, alpha, gap, grad2, hs):
    """(ρ, [(t, lhs, rhs)]) of the printed bound ``which`` ("3.1", "3.2", "3.2c") at the horizons ``hs``."""
    N, L, mu, eta = P.N, P.L, P.mu, P.eta
    if which == "3.1":
        rho = 1 - (2 * mu / N) * (alpha - N * L * alpha ** 2 / 2)
        return rho, [(t, gap[t], rho ** t * P.F0 + alpha * eta / (1 - rho)) for t in hs]
    rho = 2 * N / (2 - N * L * alpha)
    lead = rho if which == "3.2" else rho / alpha
    return rho, [(t, float(min(grad2[:t])), lead * P.F0 / t + rho * eta) for t in hs]   # min over k = 1..t


def _measure(point, rng, backend, which: str):
    P = sgd.make_problem(point["family"], point["N"], rng)
    alpha = point["alpha_frac"] * 2 / (P.N * P.L)                  # α < 2/(NL) (000 Thm 3.1/3.2)
    gap, grad2 = sgd.exact_moments(P, alpha, point["T"])
    hs = _horizons(point["T"])
    rho, rows = _bound_rows(which, P, alpha, gap, grad2, hs)
    viol = [(t, lhs, rhs) for t, lhs, rhs in rows if lhs > rhs * (1 + REL_TOL) + 1e-300]
    worst = max(rows, key=lambda r: r[1] / r[2] if r[2] > 0 else math.inf)
    # the same expectation by seeded SGD runs at the last horizon (w_1 = the initial point for 3.2)
    k_last, key = (hs[-1], "gap") if which == "3.1" else (hs[-1] - 1, "grad2")
    mc = sgd.monte_carlo(P, alpha, hs[-1], point["runs"], rng, at=(hs[-1],) if which == "3.1" else (0, hs[-1] - 1))
    exact_last, ci = (gap if which == "3.1" else grad2)[k_last], mc[k_last][key]
    t0, l0, r0 = (viol[0] if viol else worst)
    return {"holds": not viol, "certain": True, "problem": P.describe(), "alpha": alpha, "rho": rho,
            "horizons": [r[0] for r in rows], "lhs": [r[1] for r in rows], "rhs": [r[2] for r in rows],
            "max_ratio_lhs_over_rhs": max(r[1] / r[2] for r in rows if r[2] > 0),
            "violations": len(viol), "first_violation_T": viol[0][0] if viol else None,
            "mc_check": {"step": k_last, "exact": exact_last, "mc_mean_ci95": ci, "runs": point["runs"],
                         "agrees": bool(ci[1] - 1e-12 <= exact_last <= ci[2] + 1e-12)},
            "explain": f"{point['family']} N={P.N} alpha={alpha:.4g} ({point['alpha_frac']} x 2/(NL)), T={t0}: "
                       f"lhs {l0:.6g} vs rhs {r0:.6g}"}


def _grid(scale):
    if scale == "quick":
        return product(family=list(sgd.FAMILIES), N=[5, 20], alpha_frac=[0.01, 0.3, 0.9, 0.999], T=[1000],
                       runs=[400])
    return product(family=list(sgd.FAMILIES), N=[2, 5, 20, 50], alpha_frac=[0.001, 0.01, 0.1, 0.5, 0.9, 0.999],
                   T=[2000], runs=[1000])


_KEYS = ("max_ratio_lhs_over_rhs", "first_violation_T", "alpha", "mc_check")

THM_31 = Claim(
    id="confusion/thm-3.1", source=f"{APP} App. D.1, Theorem 3.1 (= {MAIN} Thm 3.1)",
    statement="(A1) L-smooth, (A2) PL with μ per component, confusion η, SGD with α < 2/(NL): "
              "E[F(w_T) − F*] <= ρ^T (F(w_0) − F*) + αη/(1−ρ), ρ = 1 − (2μ/N)(α − NLα²/2)",
    kind="bound", check=Predicate(summary_keys=_KEYS),
    grid={"quick": _grid("quick"), "full": _grid("full")},
    measure=lambda p, rng, be: _measure(p, rng, be, "3.1"),
    notes="expectations exact (second-moment recursion), checked against seeded SGD runs (mc_check)",
    reading=Reading(
        hypotheses="(A1) each f_i L-smooth, (A2) PL with μ per component, confusion bound η, SGD with α < 2/(NL) (000 "
                   "App. D.1).",
        chosen="Exact expectations on least-squares and centre problems with known L, μ, η, F* at step sizes up to the "
               "edge α = 0.999·2/(NL).",
        alternatives="None needed: constants are explicit.",
        edges="α → 2/(NL) (0.999), η = 0 (orthogonal rows), F* > 0 (centres), T = 1 and T large.",
        regime="quick: N 5, 20, T to 1000; full: N to 50, α from 0.001 to 0.999, T 2000. A false bound shows as lhs > "
               "rhs at some horizon (exact)."),
)

THM_32 = Claim(
    id="confusion/thm-3.2", source=f"{APP} App. D.1, Theorem 3.2 (= {MAIN} Thm 3.2)",
    statement="(A1), confusion η, α < 2/(NL): min_{k<=T} E‖∇F(w_k)‖² <= ρ(F(w_1) − F*)/T + ρη, ρ = 2N/(2 − NLα)",
    kind="bound", check=Predicate(summary_keys=_KEYS),
    grid={"quick": _grid("quick"), "full": _grid("full")},
    measure=lambda p, rng, be: _measure(p, rng, be, "3.2"),
    notes="w_1 is the initial point (the proof telescopes F(w_1) − F(w_{T+1}))",
    reading=Reading(
        hypotheses="(A1), confusion η, α < 2/(NL): min_k E‖∇F(w_k)‖² ≤ ρ(F(w_1) − F*)/T + ρη, ρ = 2N/(2 − NLα).",
        chosen="As printed, w_1 the initial point (the proof telescopes F(w_1) − F(w_{T+1})), exact expectations.",
        alternatives="The proof's last display has (ρ/α): confusion/thm-3.2/corrected (a misprint, not an ambiguity: "
                     "the printed bound is unambiguous).",
        edges="Small α (0.01·2/(NL)), where the missing 1/α matters most, and α → 2/(NL).",
        regime="As confusion/thm-3.1. A false bound shows as lhs > rhs (exact): N = 5, α = 0.01·2/(NL): 0.648 > "
               "0.457."),
)

THM_32C = Claim(
    id="confusion/thm-3.2/corrected", source=f"{APP} App. D.1, proof of Theorem 3.2 (last display)",
    statement="(A1), confusion η, α < 2/(NL): min_{k<=T} E‖∇F(w_k)‖² <= (ρ/α)(F(w_1) − F*)/T + ρη, "
              "ρ = 2N/(2 − NLα) (the proof's 2N/(2α − NLα²) = ρ/α)",
    kind="bound", check=Predicate(summary_keys=_KEYS),
    grid={"quick": _grid("quick"), "full": _grid("full")},
    measure=lambda p, rng, be: _measure(p, rng, be, "3.2c"),
    reading=Reading(
        hypotheses="As confusion/thm-3.2.",
        chosen="The proof's bound (ρ/α)(F(w_1) − F*)/T + ρη.",
        alternatives="The printed ρ(F(w_1) − F*)/T: confusion/thm-3.2.",
        edges="As confusion/thm-3.2.",
        regime="As confusion/thm-3.1. A false bound shows as lhs > rhs at some horizon."),
)

CLAIMS = [THM_31, THM_32, THM_32C]
