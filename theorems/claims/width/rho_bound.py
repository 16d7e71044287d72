"""The explicit lower bound on ρ: 003 Sec. 4, Theorem 3, eq. (4.1) and its equal-width form.

ρ(n) = E[nΣ‖∇f_i‖²]/E[‖Σ∇f_i‖²] for N(0,1) deep linear nets is exact (the recursion of
kernels.nets.linear_moments, = Thm 6) and increases with n to D/C (D = E‖∇f_i‖², C = E<∇f_i,∇f_j>); "n
sufficiently large" is read as n → ∞, so a bound failing there fails for every n. The printed right-hand
sides are compared with it over widths, depths and input dimensions (equal and unequal widths, d up to
1e5); a violation is certain (exact arithmetic). At small sizes the expectation of the ratio E[B_S] at
n = 100 (Monte Carlo) is recorded beside ρ(100).
"""
from __future__ import annotations

from fractions import Fraction

from kernels.nets import linear as ln
from kernels.nets import linear_moments as lm
from kernels.nets.linear_moments import to_float

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate
from . import SOURCE


def printed_thm3(dims, corrected: bool = False) -> Fraction:
    """003 Thm 3 / eq. (4.1): ρ ≥ L / (Σ_{φ=1}^{L-1} (L−φ)/K_{φ−1} + 2L/(d−1)).
    ``corrected``: K_φ in place of K_{φ−1} (what bounding Thm 6's bracket term by term gives)."""
    K, L = ln.full_widths(dims), len(dims)
    s = sum(Fraction(L - f, K[f] if corrected else K[f - 1]) for f in range(1, L))
    return Fraction(L) / (s + Fraction(2 * L, K[0] - 1))


def printed_thm3_equal(L: int, K: int, d: int) -> Fraction:
    """003 Thm 3, equal hidden widths K: ρ ≥ 1 / ((L−1)/(2(K−1)) + 2/(d−1))."""
    return 1 / (Fraction(L - 1, 2 * (K - 1)) + Fraction(2, d - 1))


def _measure(point, rng, backend, corrected=False):
    dims = tuple(point["dims"])
    L, d = len(dims), dims[0]
    ex = lm.exact_layer_moments(dims)
    rho_inf = ex.rho_limit()
    rhs = printed_thm3(dims, corrected=corrected)
    equal = L >= 2 and len(set(dims[1:])) == 1
    rhs_eq = printed_thm3_equal(L, dims[1], d) if equal else None
    ok_gen = rho_inf >= rhs
    ok_eq = rhs_eq is None or rho_inf >= rhs_eq
    values = {"dims": list(dims), "L": L, "d": d, "equal_widths": equal,
              "rho_limit": to_float(rho_inf), "rhs_general": to_float(rhs),
              "rhs_equal": None if rhs_eq is None else to_float(rhs_eq), "slack_general": to_float(rho_inf / rhs),
              "slack_equal": None if rhs_eq is None else to_float(rho_inf / rhs_eq),
              "general_holds": bool(ok_gen), "equal_holds": bool(ok_eq),
              "n_min": ex.smallest_n(rhs if rhs_eq is None else max(rhs, rhs_eq)),
              "rho_n100": to_float(ex.sums(100)["rho"]), "holds": bool(ok_gen and ok_eq), "certain": True}
    if point.get("ratio_draws") and ln.parameter_count(dims) <= 2000 and d <= 64:
        # the expectation of the ratio E[B_S] at n = 100 (Monte Carlo) beside the ratio of expectations rho(100)
        est = lm.mc_estimate(ln.batch_bound_draws(dims, 100, point["ratio_draws"], rng))
        values["expectation_of_ratio_n100"] = est.mean
        values["expectation_of_ratio_n100_se"] = est.se
    if not values["holds"]:
        which = "general form (4.1)" if not ok_gen else "equal-width form"
        bound = rhs if not ok_gen else rhs_eq
        values["explain"] = (f"{which}: exact lim_n rho = {to_float(rho_inf):.6g} < printed bound "
                             f"{to_float(bound):.6g} at dims {list(dims)} (no n can satisfy it)")
    return values


def _grid(Ls, Ks, ds, extra, ratio_draws):
    pts = [{"dims": [d] + [k] * (L - 1)} for L in Ls for k in Ks for d in ds]
    return [{**p, "ratio_draws": ratio_draws} for p in pts + [{"dims": list(x)} for x in extra]]


_UNEQUAL = [(2, 1000, 2), (1000, 2, 1000), (5, 2, 3, 50, 2), (100, 50, 20, 10, 5, 2), (2, 3, 5, 8, 13, 21),
            (10 ** 5, 2, 2), (10 ** 5, 1000, 2), (3, 10 ** 4, 10 ** 4, 2), (64, 2, 64, 2, 64, 2, 64)]
GRID = {"quick": _grid([2, 3, 5, 10], [2, 3, 16, 1024], [2, 3, 16, 1024, 10 ** 5], _UNEQUAL, 64),
        "full": _grid([2, 3, 4, 5, 8, 12, 20], [2, 3, 4, 8, 16, 64, 1024, 10 ** 5],
                      [2, 3, 4, 16, 100, 1024, 10 ** 5, 10 ** 7], _UNEQUAL, 400)}

THM_3 = Claim(
    id="width/thm-3", source=f"{SOURCE} Sec. 4, Theorem 3, eq. (4.1) and the equal-width form after it",
    statement="multilayer LNN, K_ℓ ≥ 2, n sufficiently large: ρ = E[nΣ‖∇f_i‖²]/E[‖Σ∇f_i‖²] ≥ "
              "L / (Σ_{φ=1}^{L-1} (L−φ)/K_{φ−1} + 2L/(d−1)); equal widths: ρ ≥ 1/((L−1)/(2(K−1)) + 2/(d−1)) "
              "= Θ(dK/(dL+K))",
    kind="bound",
    check=Predicate(summary_keys=("rho_limit", "rhs_general", "rhs_equal", "slack_general", "slack_equal", "n_min")),
    grid=GRID, measure=_measure,
    notes="exact arithmetic (the recursion of kernels.nets.linear_moments, = Thm 6); 'n sufficiently large' read as "
          "n → ∞ (rho(n) increases to D/C, so a bound failing there fails for every n); n_min = the first n where it "
          "holds. The theorem bounds a ratio of expectations; the expectation of the ratio E[B_S] at n = 100 (Monte "
          "Carlo) is recorded beside rho(100) at the small sizes",
    reading=Reading(
        hypotheses="Multilayer LNN, weights and data i.i.d. N(0,1), K_ℓ ≥ 2, n sufficiently large: ρ ≥ "
                   "L/(Σ_{φ=1}^{L-1} "
                   "(L−φ)/K_{φ−1} + 2L/(d−1)) (4.1), and the equal-width form 1/((L−1)/(2(K−1)) + 2/(d−1)).",
        chosen="The formula as printed, K_0 = d (003 Sec. 3's notation), 'n sufficiently large' as n → ∞ (ρ(n) "
               "increases to its limit, so a bound failing there fails at every n), exact rational arithmetic.",
        alternatives="The proof (Thm 3 as a corollary of Thm 6, bounding its bracket term by term) gives K_φ in place "
                     "of K_{φ−1}: width/thm-3/corrected. This is a misprinted index, not an ambiguity: the printed "
                     "formula is unambiguous and false.",
        edges="K_ℓ = 2 (the smallest admitted width), d = 2 and d up to 1e5, unequal widths alternating 2 and 1000, "
              "depth up to 10 (20 full).",
        regime="quick: L 2..10, K 2..1024, d 2..1e5 and 9 unequal shapes; full: L to 20, K to 1e5, d to 1e7. A false "
               "bound shows as lim ρ below it (exact): L = 2, d = 1024, K = 2 gives 11.9 < 409."),
)

THM_3_CORRECTED = Claim(
    id="width/thm-3/corrected", source=f"{SOURCE} Sec. 4, Theorem 3 with K_φ in place of K_{{φ−1}}",
    statement="ρ ≥ L / (Σ_{φ=1}^{L-1} (L−φ)/K_φ + 2L/(d−1)); equal widths: ρ ≥ 1/((L−1)/(2(K−1)) + 2/(d−1))",
    kind="bound", check=THM_3.check, grid=GRID,
    measure=lambda p, rng, be: _measure(p, rng, be, corrected=True),
    notes="variant, not in the catalog: bounding Thm 6's bracket term by term, (K_φ−1)/(K_φ+2)·1/(K_φ−1) ≤ 1/K_φ, "
          "gives K_φ (at L = 2 the printed form does not involve the hidden width at all)",
    reading=Reading(
        hypotheses="As width/thm-3.",
        chosen="K_φ in place of K_{φ−1} in (4.1), the form bounding Thm 6's bracket term by term gives; the "
               "equal-width "
               "form unchanged.",
        alternatives="The printed index: width/thm-3.",
        edges="As width/thm-3: K_ℓ = 2, d = 2 to 1e5, unequal widths.",
        regime="As width/thm-3 (exact arithmetic). A false bound shows as lim ρ below it at any shape."),
)

CLAIMS = [THM_3, THM_3_CORRECTED]
