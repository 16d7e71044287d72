"""Θ rates of the gradient moments of 2-layer linear networks: 003 App. A, Proposition A.1 (Lemmas 2-5),
Theorem 4 (A.1), (A.2) and Theorem 5 (A.3), (A.4).

Each Θ statement is read as: the measured quantity divided by the printed rate, fitted against each size with
the others fixed, has exponent 0 (both directions). Expectations are exact for Gaussian weights and data
(kernels.nets.linear_moments, = Thm 8 / Thm 9 sums), Rao-Blackwellized Monte Carlo for Rademacher, plain Monte
Carlo for N(1,1); variances by the law of total variance (exact data moments given the weights, Monte Carlo over
the weights).

Prop. A.1's hypothesis ("k-th order moments bounded for k ≤ 4", equal within a matrix) admits non-zero-mean laws
such as N(1,1); its proof (Lemmas 2-5) drops every odd-moment cross term, i.e. assumes zero mean. The catalog ids
of Prop. A.1 and Thm 4 run the admitted laws N(0,1), Rademacher and N(1,1); ``/zero-mean`` the proof's laws.
"""
from __future__ import annotations

import numpy as np

from kernels.nets import linear as ln
from kernels.nets import linear_moments as lm

from ...reading import Reading
from ...spec import Claim
from ...verdict import AllOf, Scaling
from . import SOURCE

# non-zero-mean laws the printed hypotheses admit ("bounded moments k ≤ 4"): name -> mean (unit variance)
SHIFTED = {"N(1,1)": 1.0}


def _shifted_mc(K: int, d: int, mean: float, draws: int, rng, max_elements: int = 4_000_000) -> dict:
    """E‖∇f_i‖² and E<∇f_i,∇f_j> (i≠j) by plain Monte Carlo for entries N(mean, 1): one pair of examples per draw,
    ‖∇f_1‖² + ‖∇f_2‖² = s1 and 2<∇f_1,∇f_2> = s2 − s1 (s1, s2 of kernels.nets.linear.two_layer_lnn_sums_batched),
    in batches of at most ``max_elements`` weight entries."""
    diag, cross = [], []
    left = draws
    while left > 0:
        b = min(left, max(1, max_elements // (K * d)))
        W1, w2, X = (ln.draw(rng, (b, K, d), mean=mean), ln.draw(rng, (b, K), mean=mean),
                     ln.draw(rng, (b, 2, d), mean=mean))
        ustar = np.einsum("rkd,rk->rd", ln.draw(rng, (b, K, d), mean=mean), ln.draw(rng, (b, K), mean=mean))
        s1, s2 = ln.two_layer_lnn_sums_batched(W1, w2, ustar, X)
        diag.append(s1 / 2)
        cross.append((s2 - s1) / 2)
        left -= b
    diag, cross = np.concatenate(diag), np.concatenate(cross)
    se = lambda v: float(v.std(ddof=1) / np.sqrt(draws))
    return {"diag": float(diag.mean()), "cross": float(cross.mean()), "diag_se": se(diag), "cross_se": se(cross),
            "method": f"monte_carlo ({draws} draws of weights and a pair of examples)"}


def _expectations(point, rng) -> dict:
    """E‖∇f_i‖² and E<∇f_i,∇f_j> (i≠j): exact for Gaussian, Monte Carlo for Rademacher and shifted laws."""
    K, d, dist = point["K"], point["d"], point["dist"]
    if dist in SHIFTED:
        return _shifted_mc(K, d, SHIFTED[dist], point.get("draws", max(100, min(2000, int(4e6 // (K * d))))), rng)
    draws = point.get("draws", max(64, min(400, int(4e7 // (K * d)))))
    return lm.two_layer_expectations(d, K, dist, draws, rng)


def _measure_propA1(point, rng, backend):
    K, d = point["K"], point["d"]
    v = _expectations(point, rng)
    return {**v, "diag_over_K2d2": v["diag"] / (K * K * d * d),
            "cross_over_Kd_K_plus_d": v["cross"] / (K * d * (K + d))}


def _measure_thm4(point, rng, backend):
    K, d, n = point["K"], point["d"], point["n"]
    v = _expectations(point, rng)
    s1, s2 = n * v["diag"], n * (n - 1) * v["cross"]
    return {"method": v["method"], "E_sum_sq": s1, "E_cross_sum": s2,
            "sum_sq_over_nK2d2": s1 / (n * K * K * d * d),
            "cross_over_n2_K2d_plus_Kd2": s2 / (n * n * (K * K * d + K * d * d))}


def _measure_thm5(point, rng, backend):
    K, d, n = point["K"], point["d"], point["n"]
    v = lm.two_layer_variances_mc(K, d, n, point["draws"], rng)
    a, b = v["var_sum_sq"], v["var_cross"]
    return {"var_sum_sq": a.mean, "var_sum_sq_se": a.se, "var_cross": b.mean, "var_cross_se": b.se,
            "var_sum_sq_over_n2K4d3": a.mean / (n * n * K ** 4 * d ** 3),
            "var_cross_over_n4K3d2": b.mean / (n ** 4 * K ** 3 * d ** 2),
            "mean_sum_sq": v["mean_sum_sq"].mean, "mean_cross": v["mean_cross"].mean,
            "mean_sum_sq_exact": lm.to_float(n * lm.exact_layer_moments((d, K)).diag),
            "mean_cross_exact": lm.to_float(n * (n - 1) * lm.exact_layer_moments((d, K)).cross)}


def _theta_checks(ys, sweeps, xkey_of, group=("dist", "fixed"), bound="both"):
    return AllOf(checks=tuple(Scaling(y=y, x=xkey_of[s], printed=0, direction=bound, group_by=group,
                                      where={"sweep": s}) for y in ys for s in sweeps))


# ---- grids ---------------------------------------------------------------------------------------------

def _multiples(f, factors):
    return [f * m for m in factors]


def _sweeps_2(levels, joint, extra=None):
    """Sweeps in K (d fixed), in d (K fixed) and along K = d. ``levels``: {dist: {fixed: factors}}; a sweep at
    fixed f starts at 64 f, past the crossover K ≈ d where the Θ-constant of Kd(K+d) changes (4 → 1)."""
    pts = []
    for dist, lv in levels.items():
        for f, factors in lv.items():
            pts += [{"sweep": "K", "dist": dist, "fixed": f, "K": k, "d": f} for k in _multiples(f, factors)]
            pts += [{"sweep": "d", "dist": dist, "fixed": f, "K": f, "d": x} for x in _multiples(f, factors)]
        pts += [{"sweep": "Kd", "dist": dist, "fixed": 0, "K": x, "d": x} for x in joint[dist]]
    return [{**p, **(extra or {})} for p in pts]


def _thm4_grid(levels, ns, extra=None):
    pts = []
    for dist, lv in levels.items():
        for f, factors in lv.items():
            pts += [{"sweep": "K", "dist": dist, "fixed": f, "K": k, "d": f, "n": 64} for k in _multiples(f, factors)]
            pts += [{"sweep": "d", "dist": dist, "fixed": f, "K": f, "d": x, "n": 64} for x in _multiples(f, factors)]
            pts += [{"sweep": "n", "dist": dist, "fixed": f, "K": f, "d": f, "n": m} for m in ns]
    return [{**p, **(extra or {})} for p in pts]


def _thm5_grid(dsizes, ksizes, ns, draws):
    return ([{"sweep": "d", "K": 4, "d": x, "n": 256, "draws": draws} for x in dsizes]
            + [{"sweep": "K", "K": k, "d": 4, "n": 256, "draws": draws} for k in ksizes]
            + [{"sweep": "n", "K": 8, "d": 8, "n": m, "draws": draws} for m in ns])


_F4 = [64, 256, 1024, 4096]
_A1_ZERO = {"quick": ({"gaussian": {2: _F4, 16: _F4}, "rademacher": {2: _F4, 16: [64, 256, 1024]}},
                      {"gaussian": [4, 32, 256, 2048, 16384], "rademacher": [4, 16, 64, 256]}),
            "full": ({"gaussian": {2: _F4 + [16384, 65536], 16: _F4 + [16384], 128: _F4},
                      "rademacher": {2: _F4, 16: _F4}},
                     {"gaussian": [2, 4, 16, 64, 256, 1024, 4096, 16384, 65536],
                      "rademacher": [2, 4, 16, 64, 256, 1024]})}
# the admitted non-zero-mean law: N(1,1) (its moments 1, 2, 4, 10 are bounded); Monte Carlo, effects of a power of d
_A1_SHIFTED = {"quick": ({"N(1,1)": {2: [64, 256, 1024]}}, {"N(1,1)": [4, 16, 64, 256]}),
               "full": ({"N(1,1)": {2: _F4, 16: _F4}}, {"N(1,1)": [2, 4, 16, 64, 256, 512]})}


def _a1_grid(parts, scale):
    levels, joint = {}, {}
    for part in parts:
        levels.update(part[scale][0])
        joint.update(part[scale][1])
    return _sweeps_2(levels, joint, {"draws": 400} if scale == "full" else None)


def _a1_grids(parts):
    return {s: _a1_grid(parts, s) for s in ("quick", "full")}


_T4_ZERO = {"quick": ({"gaussian": {2: _F4, 16: _F4}, "rademacher": {2: _F4}}, [16, 128, 1024, 8192]),
            "full": ({"gaussian": {2: _F4 + [16384], 16: _F4 + [16384]}, "rademacher": {2: _F4, 16: _F4}},
                     [16, 64, 256, 1024, 4096, 65536, 10 ** 6])}
_T4_SHIFTED = {"quick": {"N(1,1)": {2: [64, 256, 1024]}}, "full": {"N(1,1)": {2: _F4, 16: _F4}}}


def _t4_grids(shifted: bool):
    out = {}
    for s in ("quick", "full"):
        levels = dict(_T4_ZERO[s][0], **(_T4_SHIFTED[s] if shifted else {}))
        out[s] = _thm4_grid(levels, _T4_ZERO[s][1], {"draws": 400} if s == "full" else None)
    return out


_A1_NOTES = ("normalized by the printed rates, fitted along K (d = f), along d (K = f) and along K = d: exponent 0 "
             "(Θ: both directions). Gaussian values exact (= Thm 8 / Thm 9 sums: E‖∇f‖² = 4d(d+2)K(K+1), "
             "E<∇f_i,∇f_j> = dK(4K+d+3), so E<∇f_i,∇f_j>/(Kd(K+d)) = (4K+d+3)/(K+d) lies in [1, 5] for all K, d: "
             "its constant moves from 4 to 1 across K ≈ d/4, which a log-log fit would misread as an exponent, hence "
             "sweeps at fixed f = 2, 16 start at 64 f); Rademacher and N(1,1) by Monte Carlo")
_LAWS_PRINTED = ("Independent weights, teacher and data entries, k-th moments bounded for k ≤ 4, equal moments "
                 "within a matrix and across data points (003 Prop. A.1; Thms 4, 5 follow it); no mean is named.")

PROP_A1 = Claim(
    id="width/prop-A.1", source=f"{SOURCE} App. A, Proposition A.1 (Lemmas 2-5)",
    statement="2-layer LNN, independent weights and data with bounded moments (k ≤ 4): "
              "E<∇f_i,∇f_j> = Θ(K²d²) if i = j, Θ(Kd(K+d)) if i ≠ j",
    kind="scaling",
    check=_theta_checks(("diag_over_K2d2", "cross_over_Kd_K_plus_d"), ("K", "d", "Kd"),
                        {"K": "K", "d": "d", "Kd": "K"}),
    grid=_a1_grids((_A1_ZERO, _A1_SHIFTED)), measure=_measure_propA1, notes=_A1_NOTES,
    reading=Reading(
        hypotheses=_LAWS_PRINTED,
        chosen="Every admitted law: N(0,1), Rademacher and the non-zero-mean N(1,1) (moments 1, 2, 4, 10). Not the "
               "proof's reading: Lemmas 2-5 drop the odd-moment cross terms, i.e. assume zero mean.",
        alternatives="Zero-mean entries (the proof's reading): width/prop-A.1/zero-mean.",
        edges="Rademacher (two-point law, smallest fourth moment), N(1,1) (a mean of the size of the spread).",
        regime="quick: K or d to 4096-65536 at the other fixed (2, 16), K = d to 16384 (Gaussian exact), N(1,1) d to "
               "2048 and K = d to 256; full wider. A false Θ shows as a normalized moment with a non-zero exponent: "
               "with mean 1 the residual and the hidden layer carry a mean of size d, E‖∇f‖² ~ K²d⁴."),
)

PROP_A1_ZERO_MEAN = Claim(
    id="width/prop-A.1/zero-mean", source=f"{SOURCE} App. A, Proposition A.1 with the proof's zero-mean entries",
    statement="as width/prop-A.1, entries of zero mean (N(0,1), Rademacher)",
    kind="scaling", check=PROP_A1.check, grid=_a1_grids((_A1_ZERO,)), measure=_measure_propA1, notes=_A1_NOTES,
    reading=Reading(
        hypotheses="As width/prop-A.1 plus zero-mean entries, which only the proof (Lemmas 2-5) uses.",
        chosen="Zero-mean laws N(0,1) (exact) and Rademacher (Monte Carlo).",
        alternatives="All admitted laws: width/prop-A.1.",
        edges="Rademacher; K ≪ d and K ≫ d (the Θ-constant of Kd(K+d) moves from 4 to 1 across K ≈ d/4).",
        regime="quick: K or d to 4096-65536, K = d to 16384; full to 65536. A false Θ shows as a non-zero exponent."),
)

_T4_NOTES = ("linearity over the n and n(n−1) pairs of Prop. A.1's expectations; Gaussian exact, Rademacher and "
             "N(1,1) Monte Carlo; sweeps at fixed f start at 64 f (past the K ≈ d crossover of the Θ-constant, see "
             "width/prop-A.1)")

THM_4 = Claim(
    id="width/thm-4", source=f"{SOURCE} App. A, Theorem 4 (A.1), (A.2)",
    statement="E Σ_i‖∇f_i‖² = Θ(nK²d²), E Σ_{i≠j}<∇f_i,∇f_j> = Θ(n²K²d + n²Kd²)",
    kind="scaling",
    check=_theta_checks(("sum_sq_over_nK2d2", "cross_over_n2_K2d_plus_Kd2"), ("K", "d", "n"),
                        {"K": "K", "d": "d", "n": "n"}),
    grid=_t4_grids(True), measure=_measure_thm4, notes=_T4_NOTES,
    reading=Reading(
        hypotheses=_LAWS_PRINTED + " Theorem 4 is Prop. A.1 summed over the n and n(n−1) pairs.",
        chosen="Every admitted law: N(0,1), Rademacher and N(1,1); not the proof's (zero-mean) reading.",
        alternatives="Zero-mean entries (the proof's reading): width/thm-4/zero-mean.",
        edges="Rademacher; N(1,1).",
        regime="quick: K or d to 4096-65536 at fixed 2, 16, n to 8192 (exact in n); N(1,1) d to 2048. A false Θ "
               "shows as a non-zero exponent of the normalized sums."),
)

THM_4_ZERO_MEAN = Claim(
    id="width/thm-4/zero-mean", source=f"{SOURCE} App. A, Theorem 4 with the proof's zero-mean entries",
    statement="as width/thm-4, entries of zero mean (N(0,1), Rademacher)",
    kind="scaling", check=THM_4.check, grid=_t4_grids(False), measure=_measure_thm4, notes=_T4_NOTES,
    reading=Reading(
        hypotheses="As width/thm-4 plus zero-mean entries, which only the proof uses.",
        chosen="Zero-mean laws N(0,1) (exact) and Rademacher (Monte Carlo).",
        alternatives="All admitted laws: width/thm-4.",
        edges="Rademacher; K ≪ d and K ≫ d.",
        regime="quick: K or d to 4096-65536, n to 8192; full to 10^6 in n. A false Θ shows as a non-zero exponent."),
)

THM_5 = Claim(
    id="width/thm-5", source=f"{SOURCE} App. A, Theorem 5 (A.3), (A.4)",
    statement="Var Σ_i‖∇f_i‖² = Θ(n²K⁴d³), Var Σ_{i≠j}<∇f_i,∇f_j> = Θ(n⁴K³d²)",
    kind="scaling",
    check=_theta_checks(("var_sum_sq_over_n2K4d3", "var_cross_over_n4K3d2"), ("d", "K", "n"),
                        {"K": "K", "d": "d", "n": "n"}, group=()),
    grid={"quick": _thm5_grid([16, 64, 256, 1024], [16, 64, 256, 1024], [64, 256, 1024, 4096], 4000),
          "full": _thm5_grid([16, 32, 64, 128, 256, 512, 1024, 2048, 4096], [16, 32, 64, 128, 256, 512, 1024, 2048],
                             [64, 256, 1024, 4096, 16384, 65536], 20000)},
    measure=_measure_thm5,
    notes="Gaussian weights and data. Law of total variance: given the weights the data moments are exact "
          "(Isserlis up to order 8, U-statistic variance for the cross sum), the outer moments by Monte Carlo "
          "over the weights with delta-method standard errors (kernels.nets.linear_moments.two_layer_variances_mc). "
          "Heuristically Var Σ‖∇f_i‖² ≈ nK⁴d⁴ + n²(K³d⁴ + K⁴d³) and Var Σ_{i≠j} ⊇ n⁴(K³d² + K⁴d + Kd⁴): "
          "the printed rates miss the terms that dominate when d ≫ K (and K ≫ d for the cross sum)",
    reading=Reading(
        hypotheses=_LAWS_PRINTED + " Theorem 5 states no law of its own (it feeds Thm 1).",
        chosen="N(0,1) entries, the proof's law and one every reading admits; it already refutes (A.3), (A.4), so "
               "further admitted laws (non-zero mean, Rademacher) could not change the verdict.",
        alternatives="None needed: the Gaussian, zero-mean reading is both the proof's and admitted by all readings.",
        edges="d ≫ K (K = 4) and K ≫ d (d = 4), where the missing terms n²K³d⁴ and n⁴(K⁴d + Kd⁴) dominate.",
        regime="quick: d, K to 1024 (4000 weight draws), n to 4096; full: d to 4096, K to 2048, n to 65536. A false "
               "Θ shows as a non-zero exponent of the normalized variance."),
)

CLAIMS = [PROP_A1, PROP_A1_ZERO_MEAN, THM_4, THM_4_ZERO_MEAN, THM_5]
