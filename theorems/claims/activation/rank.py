"""Rank statements for polynomial activations: 004 App. F.1 (Lemma F.1, Thm F.2, Thm F.3) and Sec. 4.2 (Thm 4.3).

Measured: the numerical rank of G^(0) (004 eq. 2) at finite m, against the float64 floor
(kernels.gmatrix.spectrum). phi' gets random Gaussian power-basis coefficients per repetition, so
no coefficient vanishes by accident; data span a random d'-dimensional subspace of R^(d'+2).

Why the rank is what it is (the proofs of F.2/F.3): with phi' of degree p-1 the vector
sum_i zeta_i a_k phi'(w_k.x_i) x_i vanishes for every w_k once zeta annihilates the C = binom(d'+p, p) - 1
monomials of degree 1..p of the x_i, so rank G <= C (= min(C, n) for generic data up to p = 2; unit rows add the
relations x_j(|x|^2 - 1) = 0 from degree 3 on, which lower it by d').

Readings (the printed ids take the proofs' reading; the others are variants, see the reading records):
- Thm F.2 prints phi' = sum_{l=0}^{p} (degree p), its proof expands phi' = sum_{l=1}^{p} c_{l-1} x^{l-1}
  (degree p-1) and Thm 4.3 restates it with degree p-1: thm-F.2 checks degree p-1,
  ``thm-F.2/printed-degree`` degree p.
- Thm F.3's proof needs "the number of constraints less than ceil(n/d')" (C < ceil(n/d'), degree p-1) and then
  restates it as C <= n/d', which is one weaker at n = d' C: thm-F.3 checks the first,
  ``thm-F.3/restated-condition`` the second, ``thm-F.3/printed-degree`` the second with phi' of degree p.
- Thm 4.3: d' = O(n^{1/p}) is a coupling: thm-4.3 follows n = 4 d'^p with d' growing (constant fixed);
  ``thm-4.3/bounded-span`` holds d' fixed while n grows (the d' <= O(log^0.75 n) regime of F.3's proof).
"""
from __future__ import annotations

import math
from math import comb as binom

import numpy as np

from kernels import activations, data
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.spectrum import certainly_nonzero

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"


def _neurons_for(n: int) -> int:
    """The width m at which G^(0) is measured for n data points."""
    return max(256, 8 * n)


def _random_polynomial_g0(point, rng, dphi_degree: int):
    """Spectrum of G^(0) for phi' with Gaussian power-basis coefficients of the given degree, on unit data spanning
    d' dimensions of R^(d'+2), and the data's assumption values (004 Assumption 1, span{x_i} of dimension d')."""
    n, span = point["n"], point["span"]
    act = activations.polynomial_from_derivative(rng.standard_normal(dphi_degree + 1))
    X = data.low_span(n, span + 2, span, rng)
    found = data.assumption_values(X, min_span=min(span, n))
    if found["data_span"] > span:
        found["inapplicable"] = f"span{{x_i}} has dimension {found['data_span']} > d' = {span}"
    return g0_spectrum(X, act, _neurons_for(n), rng, None), found


# ---- Lemma F.1 -------------------------------------------------------------------------------

def _measure_f1(point, rng, backend):
    n, d = point["n"], point["d"]
    X = data.sphere(n, d, rng)
    sp = g0_spectrum(X, "linear", point["m"], rng, backend)
    found = data.assumption_values(X)         # Assumption 1 (unit rows) and distinct points; no separation needed
    zeros = n - sp.rank()
    lam = sp.values[d] if d < n else float("nan")        # the (d+1)-th eigenvalue, must be 0
    holds = zeros >= n - d
    return {**found, "applies": d < n, "holds": bool(holds), "certain": bool(holds or certainly_nonzero(lam, sp.floor)),
            "zero_eigenvalues": zeros, "required_zeros": n - d, "lambda_d_plus_1": float(lam),
            "floor": sp.floor, "explain": f"n={n}, d={d}: {zeros} zero eigenvalues, lemma needs >= {n - d}"}


LEMMA_F1 = Claim(
    id="activation/lemma-F.1", source=f"{SOURCE} App. F.1, Lemma F.1",
    statement="phi(x) = x and d < n: at least n - d eigenvalues of G are 0",
    kind="identity", check=Predicate(summary_keys=("zero_eigenvalues", "required_zeros", "lambda_d_plus_1", "floor")),
    grid={"quick": product(n=[8, 20, 50], d=[3, 7], m=[64]),
          "full": product(n=[8, 50, 200, 500], d=[3, 20, 100], m=[64, 4096])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_f1,
    reading=Reading(
        hypotheses="phi(x) = x, data in R^d with d < n (no separation needed); conclusion: at least n - d zero "
                   "eigenvalues of G^(0) at every width m.",
        chosen="as printed: G = (sum_k a_k^2/m) X X^T, so rank G <= d; the number of eigenvalues below the float64 "
               "floor must be >= n - d.",
        alternatives="none: the statement is exact and has one reading.",
        edges="d = n - 1 (n = 8, d = 7: a single forced zero), small m (64) where sum a_k^2/m fluctuates most.",
        regime="exact at every point: quick n to 50, full n to 500 and m to 4096. A false statement shows as "
               "fewer than n - d eigenvalues at the floor."),
)


# ---- Theorem F.2: the proof's degree (p-1) and the printed degree (p) -----------------------------

def _f2_grid(ps, spans):
    pts = []
    for p in ps:
        for s in spans:
            first = binom(s + p, p)                 # smallest n with binom(d'+p, p) < n + 1: the edge
            pts += [{"p": p, "span": s, "n": n} for n in sorted({first, first + 2, 2 * first + 2})]
    return pts


def _measure_f2(point, rng, backend, dphi_degree_offset):
    p, s, n = point["p"], point["span"], point["n"]
    sp, found = _random_polynomial_g0(point, rng, p - dphi_degree_offset)
    applies = binom(s + p, p) < n + 1
    lam = sp.lambda_min
    holds = not sp.lambda_min_resolved
    return {**found, "applies": applies, "holds": holds, "certain": bool(holds or certainly_nonzero(lam, sp.floor)),
            "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(), "phi_prime_degree": p - dphi_degree_offset,
            "condition": f"binom({s}+{p},{p})={binom(s + p, p)} < {n + 1}",
            "explain": f"p={p}, d'={s}, n={n}, phi' of degree {p - dphi_degree_offset}: condition binom(d'+p,p)="
                       f"{binom(s + p, p)} < n+1 holds, but lambda_min(G)={lam:.3g} > floor {sp.floor:.2g} "
                       f"(rank {sp.rank()} of {n})"}


_F2_GRID = {"quick": _f2_grid([1, 2, 3], [2, 3]), "full": _f2_grid([1, 2, 3, 4], [2, 3, 4])}
_F2_HYP = ("phi'(x) = sum_{l=0}^p c_l x^l, d' = dim span{x_i}, binom(d'+p, p) < n+1 (eq. 6); conclusion "
           "lambda_min(G^(0)) = 0 at every width m (an algebraic identity, no probability).")
_F2_EDGES = ("n = binom(d'+p, p), the smallest n the condition admits, and two larger n; random Gaussian "
             "coefficients (no accidental zero), data spanning exactly d' dimensions of R^(d'+2).")

THM_F2 = Claim(
    id="activation/thm-F.2", source=f"{SOURCE} App. F.1, Theorem F.2 (eq. 6) with phi' of degree p-1, as its proof",
    statement="phi'(x) = sum_{l=0}^p c_l x^l, d' = dim span{x_i}: lambda_min(G) = 0 whenever binom(d'+p, p) < n+1",
    kind="identity", check=Predicate(summary_keys=("lambda_min", "floor", "rank", "condition")),
    grid=_F2_GRID, repetitions={"quick": 2, "full": 5},
    measure=lambda point, rng, backend: _measure_f2(point, rng, backend, dphi_degree_offset=1),
    notes="phi' of degree p-1: the proof's expansion sum_{l=1}^p c_{l-1} x^{l-1} and Thm 4.3's restatement",
    reading=Reading(
        hypotheses=_F2_HYP,
        chosen="phi' of degree p-1, the degree the proof expands (sum_{l=1}^p c_{l-1}(w.x)^{l-1}) and Thm 4.3 "
               "restates (phi of degree p); its constraint count binom(d'+p,p)-1 is exact for that degree.",
        alternatives="phi' of degree p as printed: activation/thm-F.2/printed-degree (one more degree, so "
                     "binom(d'+p+1,p+1)-1 constraints: the condition no longer suffices).",
        edges=_F2_EDGES,
        regime="exact statement at every (p, d', n): quick p = 1..3, d' = 2, 3; full p to 4, d' to 4. A false "
               "statement shows as lambda_min above the float64 floor at an admitted point."),
)


@property_for("activation/thm-F.2", expect="holds", args=lambda st, S: {
    "p": st.integers(1, 3), "span": st.integers(1, 3), "extra": st.integers(0, 4),
    "coeffs": st.lists(S.finite_floats(-2.0, 2.0), min_size=4, max_size=4), "seed": S.seeds()})
def _thm_f2(p, span, extra, coeffs, seed):
    """004 Thm F.2 with phi' of degree p-1 (its proof's expansion): n = binom(d'+p, p) + extra, data on a random
    d'-dimensional subspace: lambda_min(G^(0)) must be 0 (at most the float64 floor)."""
    return _f2_property(p, span, extra, coeffs[:p], seed)


@property_for("activation/thm-F.2/printed-degree", expect="fails", args=lambda st, S: {
    "p": st.integers(1, 3), "span": st.integers(1, 3), "extra": st.integers(0, 4),
    "coeffs": st.lists(S.finite_floats(-2.0, 2.0), min_size=4, max_size=4), "seed": S.seeds()})
def _thm_f2_printed(p, span, extra, coeffs, seed):
    """004 Thm F.2 as printed: phi' = sum_{l<=p} c_l x^l, n = binom(d'+p, p) + extra (so binom(d'+p,p) < n+1),
    data on a random d'-dimensional subspace: lambda_min(G^(0)) must be 0 (at most the float64 floor)."""
    return _f2_property(p, span, extra, coeffs[: p + 1], seed)


def _f2_property(p, span, extra, dphi, seed):
    n = binom(span + p, p) + extra
    act = activations.polynomial_from_derivative(dphi)
    rng = np.random.default_rng(seed)
    X = data.low_span(n, span + 2, span, rng)
    sp = g0_spectrum(X, act, _neurons_for(n), rng, None)
    lam, top = sp.lambda_min, float(sp.values[0])
    violated = sp.lambda_min_resolved and certainly_nonzero(lam, sp.floor)
    return not violated, (sp.floor - lam) / (abs(top) or 1.0), {
        "p": p, "span": span, "n": n, "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(),
        "condition": f"binom({span}+{p},{p}) = {binom(span + p, p)} < {n + 1}",
        "explain": f"p={p}, d'={span}, n={n}, phi' coefficients {list(dphi)}: binom(d'+p,p) = "
                   f"{binom(span + p, p)} < n+1 but lambda_min(G) = {lam:.3g} > floor {sp.floor:.2g}"}


THM_F2_PRINTED = Claim(
    id="activation/thm-F.2/printed-degree", source=f"{SOURCE} App. F.1, Theorem F.2 (eq. 6), phi' of degree p as printed",
    statement="phi'(x) = sum_{l=0}^{p} c_l x^l (degree p): lambda_min(G) = 0 whenever binom(d'+p, p) < n+1",
    kind="identity", check=Predicate(summary_keys=("lambda_min", "floor", "rank", "condition")),
    grid=_F2_GRID, repetitions=THM_F2.repetitions,
    measure=lambda point, rng, backend: _measure_f2(point, rng, backend, dphi_degree_offset=0),
    notes="variant: the printed degree; the proof's count fits phi' of degree p-1",
    reading=Reading(
        hypotheses=_F2_HYP,
        chosen="phi' of degree p exactly as the statement prints the sum (l = 0..p).",
        alternatives="the proof's degree p-1: activation/thm-F.2.",
        edges=_F2_EDGES,
        regime="as thm-F.2; a false statement shows as lambda_min above the floor at n = binom(d'+p,p)."),
)


# ---- Theorem F.3 -------------------------------------------------------------------------------

def _f3_grid(ps, spans, strict):
    """From the smallest n the condition admits (strict: C < ceil(n/d'), i.e. n = d'C + 1; else C <= n/d',
    n = d'C) to twice it, C = binom(d'+p, p) - 1."""
    pts = []
    for p in ps:
        for s in spans:
            first = s * (binom(s + p, p) - 1) + (1 if strict else 0)
            pts += [{"p": p, "span": s, "n": n} for n in (first, first + 1, 2 * first)]
    return pts


def _rank_statement(sp, n: int, s: int) -> tuple[bool, bool, float, int]:
    k = math.ceil(n / s)
    lam_k = sp.lambda_k(k)
    holds = not bool(sp.resolved(k - 1))
    return holds, bool(holds or certainly_nonzero(lam_k, sp.floor)), lam_k, k


def _measure_f3(point, rng, backend, dphi_degree_offset, strict):
    p, s, n = point["p"], point["span"], point["n"]
    sp, found = _random_polynomial_g0(point, rng, p - dphi_degree_offset)
    holds, sure, lam_k, k = _rank_statement(sp, n, s)
    c = binom(s + p, p) - 1
    applies = c < math.ceil(n / s) if strict else c <= n / s
    return {**found, "applies": applies, "holds": holds, "certain": sure, "k": k, "constraints": c,
            "lambda_k": lam_k, "floor": sp.floor, "rank": sp.rank(), "max_rank_claimed": k - 1,
            "phi_prime_degree": p - dphi_degree_offset,
            "explain": f"p={p}, d'={s}, n={n}, phi' of degree {p - dphi_degree_offset}: lambda_{k} = {lam_k:.3g} > "
                       f"floor {sp.floor:.2g}; rank {sp.rank()} > ceil(n/d')-1 = {k - 1}"}


_F3_HYP = ("d' <= O(log^0.75 n), phi' = sum_{l=0}^p c_l x^l, p <= O(n^{1/d'}); conclusion lambda_k(G^(0)) = 0 "
           "for all k >= ceil(n/d'). The proof turns the asymptotic hypotheses into a finite condition on C = "
           "binom(d'+p,p)-1 constraints.")
_F3_KEYS = ("k", "constraints", "lambda_k", "floor", "rank", "max_rank_claimed")


def _f3_claim(cid, src, statement, offset, strict, chosen, alternatives, notes):
    return Claim(
        id=cid, source=f"{SOURCE} App. F.1, Theorem F.3 {src}", statement=statement, kind="identity",
        check=Predicate(summary_keys=_F3_KEYS),
        grid={"quick": _f3_grid([1, 2], [2, 3], strict), "full": _f3_grid([1, 2, 3], [2, 3, 4], strict)},
        repetitions={"quick": 2, "full": 5},
        measure=lambda point, rng, backend: _measure_f3(point, rng, backend, offset, strict), notes=notes,
        reading=Reading(
            hypotheses=_F3_HYP, chosen=chosen, alternatives=alternatives,
            edges="the smallest n the finite condition admits (its edge) and two larger n, for each (p, d'); random "
                  "Gaussian coefficients, data spanning exactly d' dimensions.",
            regime="exact at every point: quick p = 1, 2, d' = 2, 3; full p to 3, d' to 4 (the asymptotic "
                   "hypotheses only select which finite (p, d', n) are admitted). A false statement shows as "
                   "lambda_{ceil(n/d')} above the float64 floor."))


_F3_ALL = ("activation/thm-F.3 (phi' degree p-1, C < ceil(n/d'): the proof's first sentence), "
           "activation/thm-F.3/restated-condition (degree p-1, C <= n/d': the proof's restatement), "
           "activation/thm-F.3/printed-degree (degree p as printed, C <= n/d').")

THM_F3 = _f3_claim(
    "activation/thm-F.3", "(the proof's reading: phi' of degree p-1, constraints less than ceil(n/d'))",
    "phi'(x) = sum_{l=0}^p c_l x^l, d' = dim span: lambda_k(G) = 0 for all k >= ceil(n/d') "
    "whenever binom(d'+p, p) - 1 < ceil(n/d')", 1, True,
    "phi' of degree p-1 (the proof expands sum_{l=1}^p c_{l-1}(w.x)^{l-1}) and the proof's condition \"the number "
    "of constraints less than ceil(n/d')\", which is exactly what makes lambda_k = 0 for k >= ceil(n/d').",
    "readings: " + _F3_ALL, "the proof's reading; see the variants for the printed degree and the restated condition")
THM_F3_RESTATED = _f3_claim(
    "activation/thm-F.3/restated-condition", "(phi' of degree p-1, the proof's restated condition C <= n/d')",
    "as Thm F.3 with phi' of degree p-1, whenever binom(d'+p, p) - 1 <= n/d'", 1, False,
    "phi' of degree p-1 with the proof's restated condition binom(d'+p,p) - 1 <= n/d', one weaker than "
    "C < ceil(n/d') exactly at n = d'C.", "readings: " + _F3_ALL, "variant: the restated (non-strict) condition")
THM_F3_PRINTED = _f3_claim(
    "activation/thm-F.3/printed-degree", "(phi' of degree p as printed, condition C <= n/d')",
    "phi'(x) = sum_{l=0}^p c_l x^l (degree p): lambda_k(G) = 0 for all k >= ceil(n/d') whenever "
    "binom(d'+p, p) - 1 <= n/d'", 0, False,
    "phi' of degree p as printed, with the proof's restated condition.", "readings: " + _F3_ALL,
    "variant: the printed degree")


# ---- Theorem 4.3 --------------------------------------------------------------------------------

def _t43_coupled(ps_spans, c):
    """n = c d'^p: d' = (n/c)^{1/p} = O(n^{1/p}) with the constant held fixed while d' (and n) grow."""
    return [{"p": p, "span": s, "n": c * s ** p, "largest": True} for p, spans in ps_spans for s in spans]


def _t43_bounded(ps, spans, factors):
    return [{"p": p, "span": s, "n": f * s ** p, "factor": f, "largest": f == max(factors)}
            for p in ps for s in spans for f in factors]


def _measure_43(point, rng, backend):
    p, s, n = point["p"], point["span"], point["n"]
    sp, found = _random_polynomial_g0(point, rng, p - 1)
    holds_k, sure_k, lam_k, k = _rank_statement(sp, n, s)
    holds_min = not sp.lambda_min_resolved
    holds = holds_k and holds_min
    sure = holds or (certainly_nonzero(lam_k, sp.floor) if not holds_k else certainly_nonzero(sp.lambda_min, sp.floor))
    part = "" if holds else ("lambda_min > floor" if not holds_min else f"lambda_{k} > floor")
    return {**found, "applies": bool(point["largest"]), "holds": holds, "certain": bool(sure), "k": k,
            "lambda_k": lam_k, "lambda_min": sp.lambda_min, "floor": sp.floor, "rank": sp.rank(),
            "constraints": binom(s + p, p) - 1, "max_rank_claimed": k - 1, "failed_part": part,
            "explain": f"p={p}, d'={s}, n={n}: rank {sp.rank()} (at most binom(d'+p,p)-1 = {binom(s + p, p) - 1} "
                       f"constraints), claimed <= ceil(n/d')-1 = {k - 1}; lambda_min {sp.describe()}"}


_T43_HYP = ("phi a degree-p polynomial (phi' = sum_{l=0}^{p-1} c_l x^l), d' = dim span{x_i} = O(n^{1/p}); "
            "conclusion lambda_min(G^(0)) = 0 and lambda_k = 0 for k >= ceil(n/d').")
_T43_KEYS = ("k", "lambda_k", "lambda_min", "floor", "rank", "max_rank_claimed", "failed_part")

THM_43 = Claim(
    id="activation/thm-4.3", source=f"{SOURCE} Sec. 4.2, Theorem 4.3 (restates F.2/F.3)",
    statement="phi a degree-p polynomial (phi' = sum_{l=0}^{p-1} c_l x^l), d' = O(n^{1/p}): "
              "lambda_min(G) = 0 and lambda_k = 0 for k >= ceil(n/d')",
    kind="identity", check=Predicate(summary_keys=_T43_KEYS),
    grid={"quick": _t43_coupled([(2, [2, 3, 4, 5, 6]), (3, [2, 3])], 4),
          "full": _t43_coupled([(2, [2, 3, 4, 5, 6, 8, 10]), (3, [2, 3, 4, 5]), (4, [2, 3])], 4)},
    repetitions={"quick": 2, "full": 5}, measure=_measure_43,
    notes="the coupling d' = (n/4)^{1/p} followed with the constant fixed while d' grows; rank G = binom(d'+p,p)-1 "
          "grows like d'^p/p! while ceil(n/d') - 1 grows like 4 d'^(p-1)",
    reading=Reading(
        hypotheses=_T43_HYP,
        chosen="d' = O(n^{1/p}) as a coupling with the constant held fixed: n = 4 d'^p with d' growing (class-2 rule); "
               "both conclusions are checked at every point.",
        alternatives="d' bounded while n grows (the regime d' <= O(log^0.75 n) that F.3's proof assumes, which the "
                     "printed 4.3 drops): activation/thm-4.3/bounded-span.",
        edges="p = 2 (and 3) with d' from 2 up to where binom(d'+p,p)-1 overtakes ceil(n/d')-1 (p = 2: d' = 5); "
              "random coefficients and data spanning exactly d'.",
        regime="quick: p = 2, d' = 2..6 (n to 144), p = 3, d' = 2, 3; full: p = 2 to d' = 10, p = 3 to 5, p = 4 to 3. "
               "A false statement shows as rank G > ceil(n/d') - 1 at a coupled point."),
)

THM_43_BOUNDED = Claim(
    id="activation/thm-4.3/bounded-span", source=f"{SOURCE} Sec. 4.2, Theorem 4.3 with d' held fixed (F.3's regime)",
    statement="as Thm 4.3, with d' fixed while n grows (n = f d'^p, decided at the largest f)",
    kind="identity", check=Predicate(summary_keys=_T43_KEYS),
    grid={"quick": _t43_bounded([2, 3], [2, 3], [1, 2, 4]), "full": _t43_bounded([2, 3, 4], [2, 3], [1, 2, 4, 8])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_43,
    notes="variant: asymptotic in n at fixed (p, d'); decided at n = 4 d'^p (full 8 d'^p); smaller n are evidence",
    reading=Reading(
        hypotheses=_T43_HYP,
        chosen="d' held fixed while n grows (d' = O(1) is O(n^{1/p}); it is the regime of F.3's proof, d' <= "
               "O(log^0.75 n)); decided at the largest n of each (p, d').",
        alternatives="the coupled reading d' = Θ(n^{1/p}) with the constant fixed: activation/thm-4.3.",
        edges="n = d'^p (where lambda_min = 0 can fail) shown as evidence, n = 4 d'^p (full 8 d'^p) decides.",
        regime="quick: p = 2, 3, d' = 2, 3, n to 108; full: p to 4, n to 8 d'^p. A false statement shows as rank G "
               "> ceil(n/d') - 1 at the largest n."),
)

CLAIMS = [LEMMA_F1, THM_F2, THM_F2_PRINTED, THM_F3, THM_F3_RESTATED, THM_F3_PRINTED, THM_43, THM_43_BOUNDED]
