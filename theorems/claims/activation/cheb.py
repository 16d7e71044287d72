"""L-infinity polynomial approximation of activations: 004 App. F.2 (Thm F.4, eq. 8, Lemma F.5),
App. G (Thm G.1) and App. H (Thm H.1).

Measured with kernels.series.chebyshev: Chebyshev coefficients in high precision (mpmath, 34 digits,
chopped at 1e-18 absolute; Thm H.1 at 50 digits), and the sup error of the Chebyshev TRUNCATION
S_p f for every p on a dense Chebyshev grid (f in high precision, a Bernstein-inequality bound
between grid points). "Measured minimal degree" = the smallest p whose verified upper bound on
sup |f - S_p f| is <= eps.

Degree statements (F.4, eq. 8, G.1) say that SOME polynomial of the printed degree p reaches eps.
The truncation is near-best, not best, so:
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
- Lemma F.5: as printed it has NO restriction on eps; the proof's last step 2 eps + eps^2 <= 3 eps
  needs eps <= 1. The true worst case is 2 eps + eps^2 (f1 = f2 = +-1, both perturbations pushing
  outward), so the lemma as printed fails for every eps > 1. ``activation/lemma-F.5/corrected``
  (variant) restricts to eps in (0, 1]. Functions are arbitrary (no continuity), so values on a grid
  of points of I define valid f_i, g_i (e.g. piecewise constant).
- Thm H.1 (cites Mason & Handscomb 2002, Sec. 5.7): f in C^{k+1} => sup|f - S_N f| = O(N^-k); f
  analytic in E_r => O(r^-N). As printed E_r = {(w + 1/w)/2 : |w| <= r} is all of C (w and 1/w give
  the same point, and one of them has |w| <= 1), which would demand an entire f; we read the standard
  Bernstein ellipse 1 <= |w| <= r. For tanh'(kx) on [-1, 1] the nearest poles are +-i pi/(2k), so f
  is analytic in E_r for every r < rho = pi/(2k) + sqrt(1 + pi^2/(4k^2)) (log rho = asinh(pi/(2k))), and the
  decay rate of the error (and of |c_N|) must be at least log rho: checked by ``GeometricRate`` below (rate vs N with a
  CI, against log rho). The algebraic part: |x|^3 (C^2, k = 1, printed N^-1) and |x|^5 (C^4, k = 3,
  printed N^-3) with verdict.Scaling (an upper bound O(N^-k) as N -> inf).
"""
from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import numpy as np

from kernels.series import chebyshev as ch
from kernels.symbolic import mp_function

from ...spec import Claim, product
from ...verdict import AllOf, GeometricRate, Predicate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS = 34             # working digits for the degree claims
ABSTOL = 1e-18       # chopping tolerance: the smallest eps on the grids is 1e-12
DPS_H1 = 50          # Thm H.1: coefficients resolved to ~1e-48
PI = math.pi


# ---- targets -------------------------------------------------------------------------------------

def _mp(name: str, derivative: int):
    return mp_function(name, derivative)[0]


def _target(kind: str, k: float):
    """(f, a, b, singularities) of each approximated function; singularities for the Bernstein rho."""
    K = mpmath.mpf(k)
    if kind == "sigmoid(kx)":                  # Thm F.4: sigma(kx) on [-1, 1]; poles kx = +-i pi
        s = _mp("sigmoid", 0)
        return (lambda x: s(K * x)), -1, 1, ([1j * PI / k] if k > 0 else [])
    if kind == "tanh on [-tau,tau]":           # eq. 8: poles of tanh at +-i pi/2
        t = _mp("tanh", 0)
        return t, -k, k, [1j * PI / 2]
    if kind == "swish'":                       # Thm G.1: poles of sigma at +-i pi
        s1 = _mp("swish", 1)
        return s1, -k, k, [1j * PI]
    if kind == "tanh'(kx)":                    # Thm H.1: sech^2 has double poles at kx = +-i pi/2
        d = _mp("tanh", 1)
        return (lambda x: d(K * x)), -1, 1, [1j * PI / (2 * k)]
    if kind.startswith("|x|^"):                # Thm H.1, algebraic part
        e = mpmath.mpf(kind[4:])
        return (lambda x: abs(x) ** e), -1, 1, []
    raise ValueError(kind)


@lru_cache(maxsize=64)
def _analysis(kind: str, k: float, dps: int = DPS, abstol: float | None = ABSTOL, degree: int | None = None,
              oversample: int = 8):
    """Coefficients and truncation errors of a target, computed once per (kind, k) and reused by every eps."""
    f, a, b, _ = _target(kind, k)
    if degree is None:
        s = ch.coefficients(f, a, b, dps=dps, abstol=abstol, max_degree=8192)
    else:                                      # fixed degree, no chop (algebraic decay has no plateau)
        s = ch.coefficients(f, a, b, dps=dps, min_degree=degree, max_degree=degree)
    return s, ch.truncation_errors(s, f, oversample)


def _log_rho(kind: str, k: float) -> float | None:
    _, a, b, sing = _target(kind, k)
    return math.log(ch.bernstein_rate(sing, a, b)) if sing else None


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
        s, te = _analysis(kind, k)
        resolved = te.residual_sup <= 1e-3 * eps
        d = te.min_degree(eps)
        dg = te.min_degree(eps, verified=False)
        at = te.at(max(p, 0))
        vp = te.best_lower_bound(p)["lower_bound"] if p >= 0 else float("nan")
        holds = d is not None and p >= 0 and d <= p
        certain = bool(holds or (resolved and vp > eps))
        lr = _log_rho(kind, k)
        return {
            "applies": p >= 0, "holds": bool(holds), "certain": certain, "eps": eps,
            "printed_degree": p, "measured_degree": d, "measured_degree_grid": dg,
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
)

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
)

EQ_8_CORRECTED = Claim(
    id="activation/eq-8/corrected",
    source=f"{SOURCE} App. F.2, eq. (8) re-derived from Thm F.4 with k = 2 tau and eps/2",
    statement="tanh on (-tau, tau) within eps by a polynomial of degree "
              "p = ceil(log((8 pi + 8 tau)/(pi^2 eps)) / log(1 + pi/(2 tau)))",
    kind="bound", check=Predicate(summary_keys=_DEG_KEYS), grid=EQ_8.grid,
    measure=_degree_measure("tanh on [-tau,tau]", corrected_degree_eq8, "tau"),
    notes="variant, not in the catalog: Thm F.4 applied to 2 sigma(2 tau x) - 1 as the text describes",
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
)


# ---- Lemma F.5 ----------------------------------------------------------------------------------------

U = 2.0 ** -52


def _within(g, f, eps):
    """Move g toward f by ulps until |g - f| <= eps holds in float64 (the hypothesis, exactly)."""
    for _ in range(4):
        bad = np.abs(g - f) > eps
        if not bad.any():
            break
        g[bad] = np.nextafter(g[bad], f[bad])
    return g


def _instance(family: str, n: int, eps: float, rng):
    if family == "uniform":                     # |f_i| <= 1, |g_i - f_i| <= eps, independent
        f = rng.uniform(-1, 1, (2, n))
        d = rng.uniform(-eps, eps, (2, n))
    elif family == "extreme":                   # f_i = +-1, perturbations +-eps, random signs
        f = rng.choice([-1.0, 1.0], (2, n))
        d = eps * rng.choice([-1.0, 1.0], (2, n))
    elif family == "aligned":                   # the worst case: f1 = f2 = s, g_i = s (1 + eps)
        s = rng.choice([-1.0, 1.0], n)
        f = np.stack([s, s])
        d = eps * np.stack([s, s])
    elif family == "smooth":                    # continuous: random trig polynomials, sup-normalized
        x = np.linspace(-1, 1, n)
        def trig(scale):
            a = rng.standard_normal((6, 1))
            ph = rng.uniform(0, 2 * PI, (6, 1))
            v = (a * np.cos(np.arange(1, 7)[:, None] * PI * x[None, :] + ph)).sum(axis=0)
            return scale * v / np.max(np.abs(v))
        f = np.stack([trig(1.0), trig(1.0)])
        d = np.stack([trig(eps), trig(eps)])
    else:
        raise ValueError(family)
    f = np.clip(f, -1.0, 1.0)
    g = np.stack([_within(f[i] + d[i], f[i], eps) for i in range(2)])
    return f, g


def _measure_f5(point, rng, backend, eps_max=None):
    eps, fam, n = float(point["eps"]), point["family"], int(point["grid_size"])
    f, g = _instance(fam, n, eps, rng)
    hyp = bool(np.max(np.abs(f)) <= 1.0 and np.max(np.abs(g - f)) <= eps)
    lhs = float(np.max(np.abs(f[0] * f[1] - g[0] * g[1])))
    rhs = 3 * eps
    floor = 8 * U * (1 + eps) ** 2                   # rounding of the two products and the difference
    holds = lhs <= rhs
    return {"applies": hyp and (eps_max is None or eps <= eps_max), "holds": bool(holds),
            "certain": bool(holds or lhs - rhs > floor), "eps": eps, "family": fam, "lhs": lhs, "rhs": rhs,
            "worst_case": 2 * eps + eps * eps, "ratio": lhs / rhs, "hypotheses_hold": hyp,
            "explain": f"eps={eps:g}, {fam} instance on {n} points: sup|f1f2 - g1g2| = {lhs:.6g} > 3 eps = {rhs:.6g} "
                       f"(worst case 2 eps + eps^2 = {2 * eps + eps * eps:.6g})"}


_F5_KEYS = ("eps", "family", "lhs", "rhs", "worst_case")
_F5_FAMILIES = ["uniform", "extreme", "aligned", "smooth"]

LEMMA_F5 = Claim(
    id="activation/lemma-F.5", source=f"{SOURCE} App. F.2, Lemma F.5",
    statement="I an interval, f_i, g_i: I -> R (i = 1, 2) with sup_I |f_i - g_i| <= eps and |f_i| <= 1 on I: "
              "sup_I |f1 f2 - g1 g2| <= 3 eps",
    kind="bound", check=Predicate(summary_keys=_F5_KEYS),
    grid={"quick": product(eps=[1e-3, 0.1, 0.5, 1.0, 1.5, 3.0], family=_F5_FAMILIES, grid_size=[257]),
          "full": product(eps=[1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0, 1.01, 1.1, 1.5, 2.0, 3.0, 10.0],
                          family=_F5_FAMILIES, grid_size=[4097])},
    repetitions={"quick": 2, "full": 20}, measure=_measure_f5,
    notes="as printed eps is unrestricted; the proof's 2 eps + eps^2 <= 3 eps needs eps <= 1",
)

LEMMA_F5_CORRECTED = Claim(
    id="activation/lemma-F.5/corrected", source=f"{SOURCE} App. F.2, Lemma F.5 with eps <= 1 (what its proof uses)",
    statement="as Lemma F.5, for eps in (0, 1]",
    kind="bound", check=Predicate(summary_keys=_F5_KEYS),
    grid={"quick": product(eps=[1e-3, 0.1, 0.5, 1.0], family=_F5_FAMILIES, grid_size=[257]),
          "full": product(eps=[1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0], family=_F5_FAMILIES, grid_size=[4097])},
    repetitions=LEMMA_F5.repetitions,
    measure=lambda point, rng, backend: _measure_f5(point, rng, backend, eps_max=1.0),
    notes="variant, not in the catalog",
)


# ---- Theorem H.1 ---------------------------------------------------------------------------------------

def _h1_n_grid(k: float, lo: float, hi: float, count: int) -> list[int]:
    """Even N with N log rho from lo to hi (even: tanh'(kx) is even, so S_2m = S_2m+1)."""
    lr = _log_rho("tanh'(kx)", k)
    return sorted({2 * max(1, round(v / (2 * lr))) for v in np.linspace(lo, hi, count)})


def _h1_grid(ks, lo, hi, count, funcs, ns):
    pts = [{"part": "analytic", "function": "tanh'(kx)", "k": k, "N": n}
           for k in ks for n in _h1_n_grid(k, lo, hi, count)]
    pts += [{"part": "algebraic", "function": fn, "smoothness_k": sk, "sample_degree": deg, "N": n}
            for fn, sk, deg in funcs for n in ns]
    return pts


def _measure_h1(point, rng, backend):
    N = int(point["N"])
    if point["part"] == "analytic":
        k = float(point["k"])
        s, te = _analysis("tanh'(kx)", k, DPS_H1, None)
        at = te.at(N)
        lr = _log_rho("tanh'(kx)", k)
        rf = ch.geometric_rate(s)
        cN = float(abs(s.sampled[N])) if N < len(s.sampled) else 0.0
        return {"sup_error": at["grid"], "sup_error_upper": at["upper"], "sup_error_lower": at["lower"],
                "coef_abs": cN, "bernstein_log_rho": lr, "bernstein_rho": math.exp(lr),
                "coef_rate_fit": rf.as_dict(), "noise_level": te.residual_sup,
                "resolved": bool(at["lower"] > 1e3 * te.residual_sup), "series_degree": s.degree}
    fn, deg = point["function"], int(point["sample_degree"])
    s, te = _analysis(fn, 0.0, 20, None, deg, 4)
    at = te.at(N)
    return {"sup_error": at["grid"], "sup_error_upper": at["upper"], "sup_error_lower": at["lower"],
            "printed_exponent": -int(point["smoothness_k"]), "noise_level": te.residual_sup,
            "resolved": bool(at["lower"] > 1e2 * te.residual_sup)}


_H1_FUNCS_QUICK = [("|x|^3", 1, 512), ("|x|^5", 3, 512)]
_H1_FUNCS_FULL = [("|x|^3", 1, 2048), ("|x|^5", 3, 2048)]

THM_H1 = Claim(
    id="activation/thm-H.1", source=f"{SOURCE} App. H, Theorem H.1 (cites Mason & Handscomb 2002, Sec. 5.7)",
    statement="f: [-1,1] -> R with k+1 continuous derivatives: sup|f - S_N f| <= O(N^-k); if f extends analytically "
              "to the ellipse E_r = {(w + w^-1)/2 : |w| <= r}: sup|f - S_N f| <= O(r^-N)",
    kind="scaling",
    check=AllOf(checks=(GeometricRate(y="sup_error", group_by=("k",), where={"part": "analytic"}),
                        GeometricRate(y="coef_abs", group_by=("k",), where={"part": "analytic"}),
                        GeometricRate(y="coef_abs", group_by=("k",), precomputed="coef_rate_fit",
                                      where={"part": "analytic"}),
                        Scaling(y="sup_error", x="N", printed=-1, direction="upper_bound", limit="inf",
                                where={"function": "|x|^3"}),
                        Scaling(y="sup_error", x="N", printed=-3, direction="upper_bound", limit="inf",
                                where={"function": "|x|^5"}))),
    grid={"quick": _h1_grid([1.0, 4.0], 20, 85, 8, _H1_FUNCS_QUICK, [8, 16, 32, 64]),
          "full": _h1_grid([0.5, 1.0, 2.0, 4.0, 8.0, 16.0], 20, 100, 12, _H1_FUNCS_FULL, [8, 16, 32, 64, 128, 256])},
    measure=_measure_h1,
    notes="analytic part on tanh'(kx), rho from the poles +-i pi/(2k); E_r read as the Bernstein ellipse "
          "(as printed, |w| <= r covers all of C); algebraic part on |x|^3 (C^2) and |x|^5 (C^4)",
)

CLAIMS = [THM_F4, EQ_8, EQ_8_CORRECTED, THM_G1, LEMMA_F5, LEMMA_F5_CORRECTED, THM_H1]
