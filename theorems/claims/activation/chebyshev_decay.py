"""004 App. H, Theorem H.1 (cites Mason & Handscomb 2002, Sec. 5.7): decay of the Chebyshev truncation error.

Statement: f in C^{k+1} => sup|f - S_N f| = O(N^-k); f analytic in E_r => O(r^-N).

Reading: as printed E_r = {(w + 1/w)/2 : |w| <= r} is all of C (w and 1/w give the same point, and one of them
has |w| <= 1), which would demand an entire f; we read the standard Bernstein ellipse 1 <= |w| <= r. For
tanh'(kx) on [-1, 1] the nearest poles are +-i pi/(2k), so f is analytic in E_r for every
r < rho = pi/(2k) + sqrt(1 + pi^2/(4k^2)) (log rho = asinh(pi/(2k))), and the decay rate of the error (and of
|c_N|) must be at least log rho: checked by ``GeometricRate`` (rate vs N with a CI, against log rho). The
algebraic part: |x|^3 (C^2, k = 1, printed N^-1) and |x|^5 (C^4, k = 3, printed N^-3) with verdict.Scaling
(an upper bound O(N^-k) as N -> inf).

Measured with kernels.series.chebyshev (targets in kernels.series.chebyshev_targets): coefficients at 50 digits
(resolved to ~1e-48) for the analytic part, 20 digits at a fixed degree for the algebraic part; sup errors of
the truncations on a dense grid with a Bernstein-inequality bound between grid points.
"""
from __future__ import annotations

import math

import numpy as np

from kernels.series import chebyshev as ch
from kernels.series import chebyshev_targets as targets

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, GeometricRate, Scaling

SOURCE = "004_6e6dc5d0f10611ce.txt"
DPS_H1 = 50          # Thm H.1: coefficients resolved to ~1e-48


def _h1_n_grid(k: float, lo: float, hi: float, count: int) -> list[int]:
    """Even N with N log rho from lo to hi (even: tanh'(kx) is even, so S_2m = S_2m+1)."""
    lr = targets.log_rho("tanh'(kx)", k)
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
        s, te = targets.analysis("tanh'(kx)", k, DPS_H1, None)
        at = te.at(N)
        lr = targets.log_rho("tanh'(kx)", k)
        rf = ch.geometric_rate(s)
        cN = float(abs(s.sampled[N])) if N < len(s.sampled) else 0.0
        return {"sup_error": at["grid"], "sup_error_upper": at["upper"], "sup_error_lower": at["lower"],
                "coef_abs": cN, "bernstein_log_rho": lr, "bernstein_rho": math.exp(lr),
                "coef_rate_fit": rf.as_dict(), "noise_level": te.residual_sup,
                "resolved": bool(at["lower"] > 1e3 * te.residual_sup), "series_degree": s.degree}
    fn, deg = point["function"], int(point["sample_degree"])
    s, te = targets.analysis(fn, 0.0, 20, None, deg, 4)
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
    reading=Reading(
        hypotheses="004 Thm H.1 (Mason & Handscomb Sec. 5.7): f on [-1, 1] with k+1 continuous derivatives -> "
                   "sup|f - S_N f| = O(N^-k); f analytic in E_r -> O(r^-N), as N -> inf.",
        chosen="E_r as the Bernstein ellipse 1 <= |w| <= r (as printed, |w| <= r is all of C and would demand an "
               "entire f); the geometric rate of the error and of |c_N| fitted against log rho of the nearest poles "
               "of tanh'(kx) (a lower bound on the rate); the algebraic part as an upper-bound exponent in N.",
        alternatives="The literal |w| <= r (all of C) only admits entire functions, for which every r works; it "
                     "makes the analytic part a statement about entire f and is not checked separately. "
                     "C^{k+1} read as exactly k+1 derivatives: |x|^3 is C^2 (k = 1), |x|^5 is C^4 (k = 3), the least "
                     "smooth functions of their class, where the exponent is closest to the printed one.",
        edges="Analytic: k = 1, 4 (0.5 to 16 full), i.e. poles close to [-1, 1] (small rho) to far; algebraic: the "
              "least smooth members of C^2 and C^4.",
        regime="quick: N log rho from 20 to 85 (8 N per k) and N = 8..64 for the algebraic part; full: N log rho to 100, "
               "N to 256. A false rate would show as a fitted rate below log rho (CI excluding it) or an algebraic "
               "exponent above -k; the measured |x|^3 exponent (-2.88) is far below -1, so that part is weak."),
)

CLAIMS = [THM_H1]
