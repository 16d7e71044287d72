"""Exact gradient moments of deep linear networks: 003 App. C, Theorems 6-10 (and the remark after Thm 8).

Each statement is an identity between a printed closed form and an expectation over N(0,1) weights, teacher
and data. Checked in rational arithmetic: the printed form against the exact value of the integer recursion
(kernels.nets.linear_moments), at every size. Two references check the recursion itself
(kernels.nets.moment_comparison): sympy's brute-force Isserlis expansion at the small sizes, coordinate by
coordinate, and Rao-Blackwellized Monte Carlo with its standard error at mid sizes. ``holds`` is exact
equality; ``certain`` says the references agree (sympy = recursion, recursion within 6 SE of Monte Carlo).
"""
from __future__ import annotations

import math
from fractions import Fraction

from kernels.nets import linear_moments as lm
from kernels.nets import moment_comparison as mc
from kernels.nets.linear import full_widths

from ...reading import Reading
from ...spec import Claim
from ...verdict import Predicate
from . import SOURCE

Z_BAND = 6.0        # a reference method "disagrees" beyond 6 standard errors


def _fraction_prod(values) -> Fraction:
    """Π values in exact arithmetic (a Fraction)."""
    return math.prod(values, start=Fraction(1))


# ---- printed formulas, exactly as in 003 ---------------------------------------------------------

def printed_thm6(dims, n: int) -> tuple:
    """003 Thm 6: M = n² Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2);
    E[nΣ‖∇f_i‖²] = M·L(1 + Π_{ℓ=1}^{L-1} K_ℓ/(K_ℓ+2)),
    E[Σ_{i≠j}<∇f_i,∇f_j>] = M (n−1)/n (Σ_{φ=0}^{L-1} (L−φ)/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ−1)/(K_ℓ+2)
                                       + (L/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))."""
    K, L = full_widths(dims), len(dims)
    M = n * n * _fraction_prod(K[l] * (K[l] + 2) for l in range(L))
    diag = M * L * (1 + _fraction_prod(Fraction(K[l], K[l] + 2) for l in range(1, L)))
    bracket = sum(Fraction(L - f, K[f] - 1) * _fraction_prod(Fraction(K[l] - 1, K[l] + 2) for l in range(f + 1))
                  for f in range(L)) + Fraction(L, K[0]) * _fraction_prod(Fraction(K[l], K[l] + 2) for l in range(L))
    return diag, M * Fraction(n - 1, n) * bracket


def printed_thm7(dims, a: int) -> Fraction:
    """003 Thm 7: E(∂f_i/∂W_{a,p,q})² = K_0(K_0+2)/(K_a K_{a-1}) (Π_{ℓ=1}^{L-1} K_ℓ(K_ℓ+2) + Π_{ℓ=1}^{L-1} K_ℓ²)."""
    K, L = full_widths(dims), len(dims)
    return Fraction(K[0] * (K[0] + 2), K[a] * K[a - 1]) * (
        _fraction_prod(K[l] * (K[l] + 2) for l in range(1, L)) + _fraction_prod(K[l] ** 2 for l in range(1, L)))


def printed_thm8(dims) -> Fraction:
    """003 Thm 8: E‖∇f_i‖² = L K_0(K_0+2)(Π_{ℓ=1}^{L-1} K_ℓ(K_ℓ+2) + Π_{ℓ=1}^{L-1} K_ℓ²)."""
    K, L = full_widths(dims), len(dims)
    return L * K[0] * (K[0] + 2) * (_fraction_prod(K[l] * (K[l] + 2) for l in range(1, L))
                                    + _fraction_prod(K[l] ** 2 for l in range(1, L)))


def printed_thm8_remark(d: int, K: int) -> Fraction:
    """The remark after 003 Thm 8 (L = 2): "E(‖∂f_i/∂W_{a,p,q}‖²) = 2d(d+2)(2K+2)K"."""
    return Fraction(2 * d * (d + 2) * (2 * K + 2) * K)


def printed_thm9(dims, a: int) -> Fraction:
    """003 Thm 9: E(∂f_i/∂W_{a,p,q})(∂f_j/∂W_{a,p,q}) = (1/(K_aK_{a-1})) Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2)
    (Σ_{φ=0}^{a-1} 1/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ−1)/(K_ℓ+2) + (1/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))."""
    K, L = full_widths(dims), len(dims)
    s = sum(Fraction(1, K[f] - 1) * _fraction_prod(Fraction(K[l] - 1, K[l] + 2) for l in range(f + 1)) for f in range(a))
    return Fraction(1, K[a] * K[a - 1]) * _fraction_prod(K[l] * (K[l] + 2) for l in range(L)) * (
        s + Fraction(1, K[0]) * _fraction_prod(Fraction(K[l], K[l] + 2) for l in range(L)))


def printed_thm10(dims, upper: int | None = None, corrected: bool = False) -> Fraction:
    """003 Thm 10 (statement): E<∇f_i,∇f_j> = Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2)
    (Σ_{φ=0}^{a-1} (L−φ)/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ+2)/(K_ℓ−1) + (L/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2)).
    The index a is free in the statement; ``upper`` = a − 1 (default L − 1, i.e. a = L: the range the
    proof's Σ_{a=1}^{L} Σ_{φ=0}^{a-1} = Σ_{φ=0}^{L-1}(L−φ) produces). ``corrected``: the factor
    (K_ℓ−1)/(K_ℓ+2) of Thm 9 and of the proof's last line instead of the printed (K_ℓ+2)/(K_ℓ−1)."""
    K, L = full_widths(dims), len(dims)
    top = L - 1 if upper is None else upper

    def factor(l):
        return Fraction(K[l] - 1, K[l] + 2) if corrected else Fraction(K[l] + 2, K[l] - 1)
    s = sum(Fraction(L - f, K[f] - 1) * _fraction_prod(factor(l) for l in range(f + 1)) for f in range(top + 1))
    return _fraction_prod(K[l] * (K[l] + 2) for l in range(L)) * (s + Fraction(L, K[0]) * _fraction_prod(Fraction(K[l], K[l] + 2)
                                                                                     for l in range(L)))


# ---- measures ------------------------------------------------------------------------------------------

def _references(point) -> dict:
    return {"sympy": point.get("sympy", False), "mc_draws": point.get("mc", 0), "z_band": Z_BAND}


def _values(dims, cmp: mc.Comparison, what: str, **extra) -> dict:
    """holds: printed == exact (rational arithmetic); certain: the reference methods agree."""
    values = {"dims": list(dims), "L": len(dims), **extra, **cmp.evidence, "holds": cmp.holds,
              "certain": cmp.agree, "rel_discrepancy": cmp.rel_discrepancy,
              "printed": [mc.exact_str(p) for p in cmp.candidate], "exact": [mc.exact_str(e) for e in cmp.exact]}
    if not cmp.holds:
        i = cmp.first_mismatch
        values["explain"] = (f"{what}: printed {mc.exact_str(cmp.candidate[i])} vs exact {mc.exact_str(cmp.exact[i])} "
                             f"(rel. discrepancy {values['rel_discrepancy']:.3g}) at dims {values['dims']}")
    return values


def _measure_coordinates(point, rng, printed_fn, kind: str) -> dict:
    """Thm 7 (kind "diag") or Thm 9 ("cross"): per-coordinate expectations, every layer."""
    dims = tuple(point["dims"])
    cmp = mc.compare_coordinates(dims, [printed_fn(dims, a) for a in range(1, len(dims) + 1)], kind, rng=rng,
                                 **_references(point))
    i = cmp.first_mismatch
    return _values(dims, cmp, f"layer {0 if i is None else i + 1}")


def _measure_total(point, rng, printed_value, kind: str) -> dict:
    """A layer-summed expectation (E‖∇f_i‖² or E<∇f_i,∇f_j>)."""
    dims = tuple(point["dims"])
    cmp = mc.compare_total(dims, printed_value, kind, rng=rng, **_references(point))
    return _values(dims, cmp, "E" + ("‖∇f_i‖²" if kind == "diag" else "<∇f_i,∇f_j>"))


def _measure_thm6(point, rng, backend):
    dims = tuple(point["dims"])
    printed = [v for n in point["n"] for v in printed_thm6(dims, n)]
    cmp = mc.compare_batch_sums(dims, point["n"], printed, rng=rng, **_references(point))
    return _values(dims, cmp, "E[nΣ‖∇f_i‖²] or E[Σ_{i≠j}<∇f_i,∇f_j>]", n=point["n"])


def _measure_thm8(point, rng, backend):
    dims = tuple(point["dims"])
    values = _measure_total(point, rng, printed_thm8(dims), "diag")
    if len(dims) == 2:
        d, K = dims
        ex = lm.exact_layer_moments(dims)
        rem = printed_thm8_remark(d, K)
        values["remark_value"] = mc.exact_str(rem)
        values["remark_equals_total"] = rem == ex.diag
        # the remark's left side is written per coordinate; as a per-coordinate value it is off by K_aK_{a-1}
        values["remark_equals_coordinate_layer1"] = rem == ex.coordinate_diag(1)
        if rem != ex.diag:
            values["holds"] = False
            values["explain"] = f"remark: 2d(d+2)(2K+2)K = {rem} vs exact E‖∇f_i‖² = {ex.diag} at d={d}, K={K}"
            values["rel_discrepancy"] = max(values["rel_discrepancy"], mc.rel_discrepancy(rem, ex.diag))
    return values


def _measure_thm10(point, rng, backend, corrected=False):
    dims = tuple(point["dims"])
    values = _measure_total(point, rng, printed_thm10(dims, corrected=corrected), "cross")
    if not corrected:
        cross = lm.exact_layer_moments(dims).cross
        # the free index a: does any a in 1..L make the printed statement true?
        values["some_a_matches"] = any(printed_thm10(dims, upper=a - 1) == cross for a in range(1, len(dims) + 1))
    return values


# ---- grids: sympy-sized, mid sizes with Monte Carlo, large exact ones ----------------------------------------

_SMALL = [(2, 2), (3, 2), (2, 3), (2, 2, 2), (3, 2, 2), (2, 3, 2)]
_SMALL_FULL = _SMALL + [(4, 3), (5, 4), (2, 2, 2, 2), (3, 3, 3)]
_MC = [(4, 3, 5), (6, 2, 3, 2)]
_LARGE = [(5, 3), (100, 2), (10, 2, 30, 4), (7, 3, 3, 3, 3, 3), (1000, 2, 500), (3, 1024, 2, 1024),
          (100000, 64), (2, 2, 2, 2, 2, 2, 2, 2, 2, 2)]


def _grid(small, mc_draws, large):
    return ([{"dims": list(d), "sympy": True, "mc": 0} for d in small]
            + [{"dims": list(d), "sympy": False, "mc": mc_draws} for d in _MC]
            + [{"dims": list(d), "sympy": False, "mc": 0} for d in large])


GRID = {"quick": _grid(_SMALL, 20000, _LARGE),
        "full": _grid(_SMALL_FULL, 400000, _LARGE + [(50, 40, 30, 20, 10), (2, 1000, 2, 1000, 2)])}
CHECK = Predicate(summary_keys=("dims", "rel_discrepancy", "methods"))
NOTE = ("exact recursion (integers) at every size; sympy brute-force Isserlis at the small sizes, coordinate by "
        "coordinate; Rao-Blackwellized Monte Carlo (data integrated exactly given the weights) at mid sizes")


THM_6 = Claim(
    id="width/thm-6", source=f"{SOURCE} App. C, Theorem 6 (end of file)",
    statement="M = n² Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2): E[nΣ‖∇f_i‖²] = M·L(1 + Π_{ℓ=1}^{L-1} K_ℓ/(K_ℓ+2)), "
              "E[Σ_{i≠j}<∇f_i,∇f_j>] = M (n−1)/n (Σ_{φ=0}^{L-1} (L−φ)/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ−1)/(K_ℓ+2) "
              "+ (L/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))",
    kind="identity", check=CHECK,
    grid={s: [{**p, "n": [2, 7, 1000]} for p in GRID[s]] for s in ("quick", "full")},
    measure=_measure_thm6, notes=NOTE,
    reading=Reading(
        hypotheses="LNN with L ≥ 2 layers, weights, teacher and data i.i.d. N(0,1) (003 App. C, Thm 6), widths K_ℓ ≥ 2 "
                   "(the formula divides by K_φ − 1).",
        chosen="Exact equality of rationals between the printed closed forms and the integer recursion, for several n.",
        alternatives="None: the law and the identity are printed without ambiguity.",
        edges="K_ℓ = 2 everywhere (the denominators K_φ − 1 = 1), depth 10 at width 2, d = 1e5, widths 1024 next to 2.",
        regime="Exact at every size (quick: 16 shapes, n = 2, 7, 1000). A false identity shows as any inequality."),
)

THM_7 = Claim(
    id="width/thm-7", source=f"{SOURCE} App. C.3, Theorem 7",
    statement="E(∂f_i/∂W_{a,p,q})² = K_0(K_0+2)/(K_aK_{a-1}) (Π_{ℓ=1}^{L-1} K_ℓ(K_ℓ+2) + Π_{ℓ=1}^{L-1} K_ℓ²)",
    kind="identity", check=CHECK, grid=GRID,
    measure=lambda p, rng, be: _measure_coordinates(p, rng, printed_thm7, "diag"),
    notes=NOTE + ". The statement is right; the last line of its proof (Π_{ℓ=0}^{L-1} K_ℓ² for the teacher term) "
                 "uses E(Σ x_k²)² = K_0² instead of K_0(K_0+2)",
    reading=Reading(
        hypotheses="As width/thm-6 (N(0,1) entries), per coordinate of layer a.",
        chosen="Exact equality per coordinate with the recursion, checked against sympy's Isserlis expansion at small "
               "sizes.",
        alternatives="None needed.",
        edges="K_ℓ = 2, the first and last layers (a = 1, L).",
        regime="Exact at every size. A false identity shows as any inequality."),
)

THM_8 = Claim(
    id="width/thm-8", source=f"{SOURCE} App. C.3, Theorem 8 and the remark after it",
    statement="E‖∇f_i‖² = L(K_0(K_0+2)(Π_{ℓ=1}^{L-1} K_ℓ(K_ℓ+2) + Π_{ℓ=1}^{L-1} K_ℓ²)); remark: for L = 2, "
              "E(‖∂f_i/∂W_{a,p,q}‖²) = 2d(d+2)(2K+2)K",
    kind="identity", check=CHECK, grid=GRID, measure=_measure_thm8,
    notes=NOTE + ". The remark is checked as the total E‖∇f_i‖² at L = 2 (its value); its left side is "
                 "written with a per-coordinate symbol, which it is not (recorded: remark_equals_coordinate_layer1)",
    reading=Reading(
        hypotheses="As width/thm-6; the remark after it gives the L = 2 value 2d(d+2)(2K+2)K.",
        chosen="The total E‖∇f_i‖² exactly; the remark read as the total (its value), not per coordinate (its symbol).",
        alternatives="The remark per coordinate (as its left side is written): width/thm-8/remark-per-coordinate "
                     "(false at every size); the total reading holds.",
        edges="K_ℓ = 2, L = 2 for the remark, d = 1e5.",
        regime="Exact at every size. A false identity shows as any inequality."),
)


def _measure_remark_coordinate(point, rng, backend):
    """The remark after Thm 8 read per coordinate (as its left side is written): the value 2d(d+2)(2K+2)K
    against E(∂f_i/∂W_{a,p,q})² for a = 1, 2."""
    dims = tuple(point["dims"])
    rem = printed_thm8_remark(*dims)
    cmp = mc.compare_coordinates(dims, [rem, rem], "diag", rng=rng, **_references(point))
    return _values(dims, cmp, "remark per coordinate")


THM_8_REMARK_COORD = Claim(
    id="width/thm-8/remark-per-coordinate", source=f"{SOURCE} App. C.3, the remark after Theorem 8, per coordinate",
    statement="L = 2: E(‖∂f_i/∂W_{a,p,q}‖²) = 2d(d+2)(2K+2)K for every coordinate (a, p, q)",
    kind="identity", check=CHECK,
    grid={s: [p for p in GRID[s] if len(p["dims"]) == 2] for s in ("quick", "full")},
    measure=_measure_remark_coordinate, notes=NOTE,
    reading=Reading(
        hypotheses="As width/thm-8 at L = 2 (N(0,1) entries).",
        chosen="The remark's left side as written, a per-coordinate second moment of layer a.",
        alternatives="The remark's value as the total E‖∇f_i‖² (what it equals): width/thm-8.",
        edges="K = 2, 3 and d = 2, 3 (sympy), d = 1e5.",
        regime="Exact at every size. Fails if the value differs from every layer's per-coordinate moment."),
)

THM_9 = Claim(
    id="width/thm-9", source=f"{SOURCE} App. C.3, Theorem 9",
    statement="i≠j: E(∂f_i/∂W_{a,p,q})(∂f_j/∂W_{a,p,q}) = (1/(K_aK_{a-1})) Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2) "
              "(Σ_{φ=0}^{a-1} 1/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ−1)/(K_ℓ+2) + (1/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))",
    kind="identity", check=CHECK, grid=GRID,
    measure=lambda p, rng, be: _measure_coordinates(p, rng, printed_thm9, "cross"),
    notes=NOTE,
    reading=Reading(
        hypotheses="As width/thm-6; i ≠ j, per coordinate of layer a.",
        chosen="Exact equality per coordinate with the recursion.",
        alternatives="None needed.",
        edges="K_ℓ = 2 (denominators K_φ − 1 = 1), a = 1 and a = L.",
        regime="Exact at every size. A false identity shows as any inequality."),
)

THM_10 = Claim(
    id="width/thm-10", source=f"{SOURCE} App. C.3, Theorem 10 (statement)",
    statement="i≠j: E<∇f_i,∇f_j> = Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2) (Σ_{φ=0}^{a-1} (L−φ)/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ+2)/(K_ℓ−1) "
              "+ (L/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))",
    kind="identity", check=CHECK, grid=GRID, measure=_measure_thm10,
    notes=NOTE + ". The statement's index a is free; read as a − 1 = L − 1 (the proof's Σ_{a=1}^L Σ_{φ<a}); "
                 "every a in 1..L is also tried (some_a_matches). The fraction (K_ℓ+2)/(K_ℓ−1) is as printed",
    reading=Reading(
        hypotheses="As width/thm-6; i ≠ j: E<∇f_i,∇f_j> with a sum to a − 1 over a free index a and the factor "
                   "(K_ℓ+2)/(K_ℓ−1).",
        chosen="The proof's reading of the free index (a − 1 = L − 1, from Σ_{a=1}^L Σ_{φ<a}) with the printed "
               "fraction.",
        alternatives="Every other value of the free index a in 1..L is tried (some_a_matches): none matches, so the "
                     "statement fails under every reading; Thm 9's factor (K_ℓ−1)/(K_ℓ+2) is width/thm-10/corrected.",
        edges="K_ℓ = 2, where (K+2)/(K−1) = 4 differs most from (K−1)/(K+2) = 1/4.",
        regime="Exact at every size. A false identity shows as any inequality: (2, 2) gives 1552 vs exact 52."),
)

THM_10_CORRECTED = Claim(
    id="width/thm-10/corrected",
    source=f"{SOURCE} App. C.3, Theorem 10 with Thm 9's factor (K_ℓ−1)/(K_ℓ+2) and φ ≤ L−1",
    statement="i≠j: E<∇f_i,∇f_j> = Π_{ℓ=0}^{L-1} K_ℓ(K_ℓ+2) (Σ_{φ=0}^{L-1} (L−φ)/(K_φ−1) Π_{ℓ=0}^{φ} (K_ℓ−1)/(K_ℓ+2) "
              "+ (L/K_0) Π_{ℓ=0}^{L-1} K_ℓ/(K_ℓ+2))",
    kind="identity", check=CHECK, grid=GRID,
    measure=lambda p, rng, be: _measure_thm10(p, rng, be, corrected=True),
    notes="variant, not in the catalog: the form the proof's last line and Thm 6 use",
    reading=Reading(
        hypotheses="As width/thm-10.",
        chosen="Thm 9's factor (K_ℓ−1)/(K_ℓ+2) and φ ≤ L − 1 (the form Thm 6 and the proof's last line use).",
        alternatives="The printed form: width/thm-10.",
        edges="K_ℓ = 2, depth 10, d = 1e5.",
        regime="Exact at every size. A false identity shows as any inequality."),
)

CLAIMS = [THM_6, THM_7, THM_8, THM_8_REMARK_COORD, THM_9, THM_10, THM_10_CORRECTED]
