"""Degree of polynomial approximation in the sup norm: 004 App. F.2 (Thm F.4, eq. 8) and App. G (Thm G.1).

Measured with kernels.series.chebyshev (targets in kernels.series.chebyshev_targets): Chebyshev coefficients in
high precision (mpmath, 34 digits, chopped at 1e-18 absolute), and the sup error of the Chebyshev TRUNCATION
S_p f for every p on a dense Chebyshev grid (f in high precision, a Bernstein-inequality bound between grid
points). "Measured minimal degree" = the smallest p whose verified upper bound on sup |f - S_p f| is <= eps.

The statements say that SOME polynomial of the printed degree p reaches eps. The truncation is near-best,
not best, so:
- holds (certain) when the truncation reaches eps at some degree <= p;
- a violation is certain only when the de la Vallee Poussin lower bound on the BEST approximation
  error E_p (from p + 2 alternation points of the truncation's error curve, see kernels.series.chebyshev)
  exceeds eps; otherwise the point is an unsure violation (INCONCLUSIVE).

Reading of the printed statements (as printed, not corrected):
- Thm F.4: sigma is the SIGMOID 1/(1+e^-x) (defined just above the theorem; CLAIMS.md writes
  sigma without saying which). For k >= 0, eps in (0, 1]: degree p = ceil(log((4 pi + 2k)/(pi^2 eps))
  / log(1 + pi/k)) reaches eps for sigma(kx) on [-1, 1]. At k = 0 the printed p is read as its limit
  0 (log(1 + pi/k) -> inf); sigma(0) = 1/2 is a constant, so this is exact.
- eq. 8: tanh on (-tau, tau) (the same as tanh(tau x) on [-1, 1]) within eps at degree
  ceil(log((4 pi + 2 tau)/(pi^2 eps)) / log(1 + pi/tau)). The text derives it from Thm F.4 via
  tanh(tau x) = 2 sigma(2 tau x) - 1, which needs Thm F.4 at k = 2 tau and accuracy eps/2; the printed
  formula substitutes k = tau and eps. Its rate log(1 + pi/tau) exceeds the true geometric rate of
  tanh(tau x), asinh(pi/(2 tau)) (poles at +-i pi/(2 tau)), so it must fail for small eps at every
  tau. ``activation/eq-8/corrected`` (a variant, not in the catalog) is Thm F.4 applied correctly:
  ceil(log((8 pi + 8 tau)/(pi^2 eps)) / log(1 + pi/(2 tau))). eps in (0, 1] as in Thm F.4.
- Thm G.1: swish'(t) on [-k, k] within eps at degree ceil(log((4 pi k + 2k^2)/(pi^2 eps)) / log(1 + pi/k)).
  No range of eps is printed; the grid uses eps in (0, 1]. A printed p < 0 (tiny k, large eps) is no
  degree; such points would be marked not applicable (none is on the grid).
"""
from __future__ import annotations

import math

import mpmath

from kernels.series import chebyshev_targets as targets

from ...fuzz.engine import from_measurement, property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"
PI = math.pi


# ---- degree statements (F.4, eq. 8, G.1) -------------------------------------------------------------

def _ceil_ratio(num: float, base: float) -> int:
    """ceil(log(num) / log(base)) evaluated in 40 digits (no float edge effects at integers)."""
    with mpmath.workdps(40):
        return int(mpmath.ceil(mpmath.log(mpmath.mpf(num)) / mpmath.log(mpmath.mpf(base))))


def printed_degree_f4(k: float, eps: float) -> int:
    """004 Thm F.4: p = ceil(log((4 pi + 2k)/(pi^2 eps)) / log(1 + pi k^-1)); k = 0 -> its limit 0."""
    if k == 0:
        return 0
    return _ceil_ratio((4 * PI + 2 * k) / (PI ** 2 * eps), 1 + PI / k)


def printed_degree_eq8(tau: float, eps: float) -> int:
    """004 eq. (8): p = ceil(log((4 pi + 2 tau)/(pi^2 eps)) / log(1 + pi tau^-1))."""
    return _ceil_ratio((4 * PI + 2 * tau) / (PI ** 2 * eps), 1 + PI / tau)


def corrected_degree_eq8(tau: float, eps: float) -> int:
    """Thm F.4 at k = 2 tau and eps/2 (tanh(tau x) = 2 sigma(2 tau x) - 1): the derivation eq. 8 intends."""
    return printed_degree_f4(2 * tau, eps / 2)


def printed_degree_g1(k: float, eps: float) -> int:
    """004 Thm G.1: p = ceil(log((4 pi k + 2k^2)/(pi^2 eps)) / log(1 + pi k^-1))."""
    return _ceil_ratio((4 * PI * k + 2 * k * k) / (PI ** 2 * eps), 1 + PI / k)


def _degree_measure(kind: str, printed_fn, axis: str):
    def measure(point, rng, backend):
        k, eps = float(point[axis]), float(point["eps"])
        p = printed_fn(k, eps)
        s, te = targets.analysis(kind, k)
        resolved = te.residual_sup <= 1e-3 * eps
        d = te.min_degree(eps)
        dg = te.min_degree(eps, verified=False)
        at = te.at(max(p, 0))
        vp = te.best_lower_bound(p)["lower_bound"] if p >= 0 else float("nan")
        holds = d is not None and p >= 0 and d <= p
        certain = bool(holds or (resolved and vp > eps))
        lr = targets.log_rho(kind, k)
        return {
            "applies": p >= 0, "holds": bool(holds), "certain": certain, "eps": eps,
            "printed_degree": p, "measured_degree": d, "measured_degree_grid": dg,
            "slack": (p - d) if d is not None else None,       # degrees to spare (power: the closest call)
            "error_at_printed": at["grid"], "error_at_printed_upper": at["upper"],
            "error_at_printed_lower": at["lower"], "best_error_lower_bound": vp,
            "printed_rate": math.log(1 + PI / k) if k > 0 else None, "bernstein_log_rho": lr,
            "series_degree": s.degree, "noise_level": te.residual_sup, "resolved": bool(resolved),
            "explain": (f"{kind}, {axis}={k:g}, eps={eps:g}: printed degree {p}, but the truncation needs "
                        f"{d} (sup error at {p}: {at['grid']:.3g}); best approximation E_{p} >= {vp:.3g} "
                        f"(de la Vallee Poussin) {'>' if vp > eps else '<='} eps"),
        }
    return measure


_DEG_KEYS = ("eps", "printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound",
             "printed_rate", "bernstein_log_rho")
_EPS_FULL = [1.0, 1e-1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12]

def _necessity_measure(kind: str, printed_fn, axis: str):
    """The 'necessary' reading of eq. 8: NO polynomial of degree < p reaches eps. Holds (certain) when the
    de la Vallee Poussin bound gives E_{p-1} > eps; fails (certain) when the truncation S_{p-1} already reaches eps."""
    def measure(point, rng, backend):
        k, eps = float(point[axis]), float(point["eps"])
        p = printed_fn(k, eps)
        s, te = targets.analysis(kind, k)
        d = te.min_degree(eps)
        vp = te.best_lower_bound(p - 1)["lower_bound"] if p >= 1 else float("inf")
        fails = d is not None and d <= p - 1
        holds = (not fails) and vp > eps
        return {"holds": bool(holds), "certain": bool(holds or fails), "eps": eps, "printed_degree": p,
                "measured_degree": d, "best_error_lower_bound_below": vp,
                "explain": f"{kind}, {axis}={k:g}, eps={eps:g}: printed degree {p}, yet degree {d} already reaches eps"}
    return measure


THM_F4 = Claim(
    id="activation/thm-F.4", source=f"{SOURCE} App. F.2, Theorem F.4 (cites Shalev-Shwartz et al. 2011, eq. B.7)",
    statement="for each k >= 0 and eps in (0, 1] there is a polynomial g_p of degree "
              "p = ceil(log((4 pi + 2k)/(pi^2 eps)) / log(1 + pi k^-1)) with sup_{x in [-1,1]} |g_p(x) - sigma(kx)| <= eps "
              "(sigma the sigmoid)",
    kind="bound", check=Predicate(summary_keys=_DEG_KEYS),
    grid={"quick": product(k=[0.0, 1.0, 4.0, 16.0], eps=[1.0, 1e-3, 1e-8]),
          "full": product(k=[0.0, 0.25, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0], eps=_EPS_FULL)},
    measure=_degree_measure("sigmoid(kx)", printed_degree_f4, "k"),
    notes="measured with the Chebyshev truncation; violations are certain only through a best-approximation "
          "lower bound (de la Vallee Poussin)",
    reading=Reading(
        hypotheses="004 Thm F.4: every k >= 0 and eps in (0, 1]; sigma the sigmoid (defined just above the theorem); "
                   "sup norm on [-1, 1].",
        chosen="Existence of SOME polynomial of the printed degree within eps (the proof's reading, via "
               "Shalev-Shwartz et al. eq. B.7): holds when the Chebyshev truncation reaches eps at a degree <= p, "
               "fails only when the best-approximation lower bound exceeds eps.",
        alternatives="sigma read as the sigmoid is forced by the text above the theorem; at k = 0 the printed p is its "
                     "limit 0 (sigma(0) = 1/2 is exact). No other reading, so no variant.",
        edges="k = 0 (the limit), eps = 1 (the largest allowed), eps down to 1e-8 (1e-12 full), k up to 16 (128 full).",
        regime="quick: k in {0, 1, 4, 16} x eps in {1, 1e-3, 1e-8}; full: 10 k to 128 x 8 eps to 1e-12. The true rate "
               "asinh(pi/k) exceeds the printed log(1 + pi/k), so a false statement would show at large k through the "
               "prefactor; the slack (printed minus needed degree) is recorded."),
)


@property_for("activation/thm-F.4", max_examples=15, args=lambda st, S: {
    "k": S.finite_floats(0.0, 12.0), "eps": S.finite_floats(1e-10, 1.0)})
def _thm_f4(k, eps):
    """004 Thm F.4: the printed degree p(k, eps) reaches eps for sigma(kx) on [-1, 1] (Chebyshev truncation in
    34 digits; a violation is certain only through the de la Vallee Poussin lower bound)."""
    v = THM_F4.measure({"k": k, "eps": eps}, None, None)
    err = v["error_at_printed_upper"]
    slack = 20.0 if err <= 0 else max(-20.0, min(20.0, math.log10(eps / err)))
    holds, _, v = from_measurement(v)
    return holds, slack, v


EQ_8 = Claim(
    id="activation/eq-8", source=f"{SOURCE} App. F.2, eq. (8) (used by Thm F.8)",
    statement="to approximate tanh on (-tau, tau) within eps we require a polynomial of degree "
              "p = ceil(log((4 pi + 2 tau)/(pi^2 eps)) / log(1 + pi tau^-1))",
    kind="bound", check=Predicate(summary_keys=_DEG_KEYS),
    grid={"quick": product(tau=[1.0, 4.0, 16.0], eps=[1e-1, 1e-4, 1e-8]),
          "full": product(tau=[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0], eps=_EPS_FULL)},
    measure=_degree_measure("tanh on [-tau,tau]", printed_degree_eq8, "tau"),
    notes="read as: some polynomial of that degree is within eps of tanh on (-tau, tau); eq. 8 plugs k = tau "
          "and eps into Thm F.4 where tanh(tau x) = 2 sigma(2 tau x) - 1 needs k = 2 tau and eps/2",
    reading=Reading(
        hypotheses="004 eq. 8 (used in Thm F.8): tanh on (-tau, tau), tau > 0, accuracy eps (in (0, 1] as for Thm F.4).",
        chosen="'We require a polynomial of degree p' read as sufficiency (some polynomial of degree p is within eps), "
               "the reading Thm F.8's proof uses; violations certain through the de la Vallee Poussin bound.",
        alternatives="Necessity ('no polynomial of lower degree suffices'): activation/eq-8/necessary. The derivation "
                     "the text intends (F.4 at k = 2 tau, eps/2): activation/eq-8/corrected.",
        edges="tau from 1 to 16 (0.25 to 64 full), eps from 1e-1 to 1e-8 (1 to 1e-12 full).",
        regime="quick: 3 tau x 3 eps; full: 9 tau x 8 eps. The printed rate log(1 + pi/tau) exceeds the true rate "
               "asinh(pi/(2 tau)), so a false statement shows as a needed degree above the printed one once eps is small."),
)

EQ_8_CORRECTED = Claim(
    id="activation/eq-8/corrected",
    source=f"{SOURCE} App. F.2, eq. (8) re-derived from Thm F.4 with k = 2 tau and eps/2",
    statement="tanh on (-tau, tau) within eps by a polynomial of degree "
              "p = ceil(log((8 pi + 8 tau)/(pi^2 eps)) / log(1 + pi/(2 tau)))",
    kind="bound", check=Predicate(summary_keys=_DEG_KEYS), grid=EQ_8.grid,
    measure=_degree_measure("tanh on [-tau,tau]", corrected_degree_eq8, "tau"),
    notes="variant, not in the catalog: Thm F.4 applied to 2 sigma(2 tau x) - 1 as the text describes",
    reading=Reading(
        hypotheses="As activation/eq-8.",
        chosen="Sufficiency of the degree Thm F.4 gives for sigma(2 tau x) at eps/2, i.e. the derivation the text of eq. 8 "
               "describes, with the Thm F.4 formula.",
        alternatives="The printed formula: activation/eq-8; necessity: activation/eq-8/necessary.",
        edges="As activation/eq-8.",
        regime="As activation/eq-8; a false corrected formula would show as a needed degree above it at small eps."),
)

EQ_8_NECESSARY = Claim(
    id="activation/eq-8/necessary", source=f"{SOURCE} App. F.2, eq. (8), read as a necessary degree",
    statement="no polynomial of degree below p = ceil(log((4 pi + 2 tau)/(pi^2 eps)) / log(1 + pi tau^-1)) "
              "approximates tanh on (-tau, tau) within eps",
    kind="bound", check=Predicate(summary_keys=("eps", "printed_degree", "measured_degree",
                                                "best_error_lower_bound_below")), grid=EQ_8.grid,
    measure=_necessity_measure("tanh on [-tau,tau]", printed_degree_eq8, "tau"),
    notes="variant, not in the catalog: the other reading of 'we require a polynomial of degree p'",
    reading=Reading(
        hypotheses="As activation/eq-8.",
        chosen="'Require' read as necessity: E_{p-1}(tanh) > eps (certain through the de la Vallee Poussin bound); "
               "fails when the truncation of degree p - 1 already reaches eps.",
        alternatives="Sufficiency (the proof's reading): activation/eq-8; the corrected formula: activation/eq-8/corrected.",
        edges="As activation/eq-8; large eps (1e-1) is where a lower degree most easily suffices.",
        regime="As activation/eq-8; a false necessity shows as a degree below p that reaches eps."),
)

THM_G1 = Claim(
    id="activation/thm-G.1", source=f"{SOURCE} App. G, Theorem G.1",
    statement="swish'(t) is approximated by a degree-p polynomial g_p within eps on [-k, k] in the sup norm, "
              "p = ceil(log((4 pi k + 2k^2)/(pi^2 eps)) / log(1 + pi k^-1))",
    kind="bound", check=Predicate(summary_keys=_DEG_KEYS),
    grid={"quick": product(k=[1.0, 4.0, 16.0], eps=[1e-1, 1e-4, 1e-8]),
          "full": product(k=[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0], eps=_EPS_FULL)},
    measure=_degree_measure("swish'", printed_degree_g1, "k"),
    notes="no eps range is printed; the grid uses eps in (0, 1] like Thm F.4",
    reading=Reading(
        hypotheses="004 Thm G.1: swish'(t) = d/dt [t sigma(t)] on [-k, k], k > 0, accuracy eps (no range printed).",
        chosen="Existence of some polynomial of the printed degree within eps in the sup norm (the proof's reading), "
               "measured by the Chebyshev truncation of swish'(k x) on [-1, 1]; failures certain via de la Vallee Poussin.",
        alternatives="eps > 1 would make the printed p small or negative; it is outside the F.4 range the proof reuses, "
                     "so no variant. No other reading of the formula.",
        edges="k = 1 to 16 (0.25 to 128 full), eps from 1e-1 to 1e-8 (1 to 1e-12 full).",
        regime="quick: 3 k x 3 eps; full: 10 k x 8 eps. The poles of swish' nearest [-k, k] fix the true rate; a false "
               "statement would show as a needed degree above the printed one; the slack is recorded."),
)

CLAIMS = [THM_F4, EQ_8, EQ_8_CORRECTED, EQ_8_NECESSARY, THM_G1]
