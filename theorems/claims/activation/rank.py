"""Rank statements for polynomial activations: 004 App. F.1 (Lemma F.1, Thm F.2, Thm F.3) and Sec. 4.2 (Thm 4.3).

Measured: the numerical rank of G^(0) (004 eq. 2) at finite m, against the float64 floor
(kernels.gmatrix.spectrum). phi' gets random Gaussian power-basis coefficients per repetition, so
no coefficient vanishes by accident; data span a random d'-dimensional subspace of R^(d'+2).

Reading of the printed statements (as printed, not corrected):
- Thm F.2: phi'(x) = sum_{l=0}^{p} c_l x^l (phi' of degree p) and binom(d'+p, p) < n+1
  => lambda_min(G) = 0. Its proof counts constraints for phi' of degree p-1 (the sum runs
  l = 1..p over c_{l-1} x^{l-1}), which is Thm 4.3's convention. ``thm-F.2/corrected`` checks
  the statement with that degree.
- Thm F.3: phi' of degree p, binom(d'+p, p) - 1 <= n/d' => lambda_k = 0 for all k >= ceil(n/d').
- Thm 4.3: phi of degree p (phi' = sum_{l=0}^{p-1}), d' = O(n^{1/p}): lambda_min = 0 and
  lambda_k = 0 for k >= ceil(n/d'). Asymptotic in n: checked at the largest n of each (p, d')
  series, n = 4 d'^p, i.e. d' = (n/4)^{1/p}; smaller n are shown as evidence.
"""
from __future__ import annotations

import math
from math import comb as binom

import numpy as np

from kernels import activations, data
from kernels.gmatrix.empirical import g0_spectrum
from kernels.gmatrix.spectrum import certainly_nonzero

from ...fuzz.engine import property_for
from ...spec import Claim, product
from ...verdict import Predicate

SOURCE = "004_6e6dc5d0f10611ce.txt"


def _neurons_for(n: int) -> int:
    """The width m at which G^(0) is measured for n data points."""
    return max(256, 8 * n)


def _random_polynomial_g0(point, rng, dphi_degree: int):
    """Spectrum of G^(0) for phi' with Gaussian power-basis coefficients of the given degree, on data spanning d'."""
    n, span = point["n"], point["span"]
    act = activations.polynomial_from_derivative(rng.standard_normal(dphi_degree + 1))
    X = data.low_span(n, span + 2, span, rng)
    return g0_spectrum(X, act, _neurons_for(n), rng, None)


# ---- Lemma F.1 -------------------------------------------------------------------------------

def _measure_f1(point, rng, backend):
    n, d = point["n"], point["d"]
    X = data.sphere(n, d, rng)
    sp = g0_spectrum(X, "linear", point["m"], rng, backend)
    zeros = n - sp.rank()
    lam = sp.values[d] if d < n else float("nan")        # the (d+1)-th eigenvalue, must be 0
    holds = zeros >= n - d
    return {"applies": d < n, "holds": bool(holds), "certain": bool(holds or certainly_nonzero(lam, sp.floor)),
            "zero_eigenvalues": zeros, "required_zeros": n - d, "lambda_d_plus_1": float(lam),
            "floor": sp.floor, "explain": f"n={n}, d={d}: {zeros} zero eigenvalues, lemma needs >= {n - d}"}


LEMMA_F1 = Claim(
    id="activation/lemma-F.1", source=f"{SOURCE} App. F.1, Lemma F.1",
    statement="phi(x) = x and d < n: at least n - d eigenvalues of G are 0",
    kind="identity", check=Predicate(summary_keys=("zero_eigenvalues", "required_zeros", "lambda_d_plus_1", "floor")),
    grid={"quick": product(n=[8, 20, 50], d=[3, 7], m=[64]),
          "full": product(n=[8, 50, 200, 500], d=[3, 20, 100], m=[64, 4096])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_f1,
)


# ---- Theorem F.2 (as printed) and its corrected degree -------------------------------------

def _f2_grid(ps, spans):
    pts = []
    for p in ps:
        for s in spans:
            first = binom(s + p, p)                 # smallest n with binom(d'+p, p) < n + 1
            pts += [{"p": p, "span": s, "n": n} for n in sorted({first, first + 2, 2 * first + 2})]
    return pts


def _measure_f2(point, rng, backend, dphi_degree_offset=0):
    p, s, n = point["p"], point["span"], point["n"]
    sp = _random_polynomial_g0(point, rng, p - dphi_degree_offset)
    applies = binom(s + p, p) < n + 1
    lam = sp.lambda_min
    holds = not sp.lambda_min_resolved
    return {"applies": applies, "holds": holds, "certain": bool(holds or certainly_nonzero(lam, sp.floor)),
            "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(), "condition": f"binom({s}+{p},{p})={binom(s + p, p)} < {n + 1}",
            "explain": f"p={p}, d'={s}, n={n}: condition binom(d'+p,p)={binom(s + p, p)} < n+1 holds, "
                       f"but lambda_min(G)={lam:.3g} > floor {sp.floor:.2g} (rank {sp.rank()} of {n})"}


THM_F2 = Claim(
    id="activation/thm-F.2", source=f"{SOURCE} App. F.1, Theorem F.2 (eq. 6)",
    statement="phi'(x) = sum_{l=0}^p c_l x^l, d' = dim span{x_i}: lambda_min(G) = 0 whenever binom(d'+p, p) < n+1",
    kind="identity", check=Predicate(summary_keys=("lambda_min", "floor", "rank", "condition")),
    grid={"quick": _f2_grid([1, 2], [2, 3]), "full": _f2_grid([1, 2, 3, 4], [2, 3, 4])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_f2,
    notes="phi' of degree p exactly as printed; the proof's constraint count fits phi' of degree p-1",
)


@property_for("activation/thm-F.2", expect="fails", args=lambda st, S: {
    "p": st.integers(1, 3), "span": st.integers(1, 3), "extra": st.integers(0, 4),
    "coeffs": st.lists(S.finite_floats(-2.0, 2.0), min_size=4, max_size=4), "seed": S.seeds()})
def _thm_f2(p, span, extra, coeffs, seed):
    """004 Thm F.2 as printed: phi' = sum_{l<=p} c_l x^l, n = binom(d'+p, p) + extra (so binom(d'+p,p) < n+1),
    data on a random d'-dimensional subspace: lambda_min(G^(0)) must be 0 (at most the float64 floor)."""
    n = binom(span + p, p) + extra
    act = activations.polynomial_from_derivative(coeffs[: p + 1])
    rng = np.random.default_rng(seed)
    X = data.low_span(n, span + 2, span, rng)
    sp = g0_spectrum(X, act, _neurons_for(n), rng, None)
    lam, top = sp.lambda_min, float(sp.values[0])
    violated = sp.lambda_min_resolved and certainly_nonzero(lam, sp.floor)
    return not violated, (sp.floor - lam) / (abs(top) or 1.0), {
        "p": p, "span": span, "n": n, "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(),
        "condition": f"binom({span}+{p},{p}) = {binom(span + p, p)} < {n + 1}",
        "explain": f"p={p}, d'={span}, n={n}, phi' coefficients {list(coeffs[:p + 1])}: binom(d'+p,p) = "
                   f"{binom(span + p, p)} < n+1 but lambda_min(G) = {lam:.3g} > floor {sp.floor:.2g}"}

THM_F2_CORRECTED = Claim(
    id="activation/thm-F.2/corrected", source=f"{SOURCE} App. F.1, Theorem F.2 with phi' of degree p-1 (as in its proof and Thm 4.3)",
    statement="phi'(x) = sum_{l=0}^{p-1} c_l x^l (phi of degree p): lambda_min(G) = 0 whenever binom(d'+p, p) < n+1",
    kind="identity", check=Predicate(summary_keys=("lambda_min", "floor", "rank", "condition")),
    grid=THM_F2.grid, repetitions=THM_F2.repetitions,
    measure=lambda point, rng, backend: _measure_f2(point, rng, backend, dphi_degree_offset=1),
    notes="variant, not in the catalog: the degree convention of the proof of F.2 and of Thm 4.3",
)


# ---- Theorem F.3 -------------------------------------------------------------------------------

def _f3_grid(ps, spans):
    pts = []
    for p in ps:
        for s in spans:
            first = s * (binom(s + p, p) - 1)       # smallest n with binom(d'+p,p) - 1 <= n/d'
            pts += [{"p": p, "span": s, "n": n} for n in (first, 2 * first)]
    return pts


def _rank_statement(sp, n: int, s: int) -> tuple[bool, bool, float, int]:
    k = math.ceil(n / s)
    lam_k = sp.lambda_k(k)
    holds = not bool(sp.resolved(k - 1))
    return holds, bool(holds or certainly_nonzero(lam_k, sp.floor)), lam_k, k


def _measure_f3(point, rng, backend):
    p, s, n = point["p"], point["span"], point["n"]
    sp = _random_polynomial_g0(point, rng, p)
    holds, sure, lam_k, k = _rank_statement(sp, n, s)
    return {"applies": binom(s + p, p) - 1 <= n / s, "holds": holds, "certain": sure, "k": k,
            "lambda_k": lam_k, "floor": sp.floor, "rank": sp.rank(), "max_rank_claimed": k - 1,
            "explain": f"p={p}, d'={s}, n={n}: lambda_{k} = {lam_k:.3g} > floor {sp.floor:.2g}; "
                       f"rank {sp.rank()} > ceil(n/d')-1 = {k - 1}"}


THM_F3 = Claim(
    id="activation/thm-F.3", source=f"{SOURCE} App. F.1, Theorem F.3 (finite condition of its proof)",
    statement="phi'(x) = sum_{l=0}^p c_l x^l, d' = dim span: lambda_k(G) = 0 for all k >= ceil(n/d') "
              "whenever binom(d'+p, p) - 1 <= n/d'",
    kind="identity", check=Predicate(summary_keys=("k", "lambda_k", "floor", "rank", "max_rank_claimed")),
    grid={"quick": _f3_grid([1, 2], [2, 3]), "full": _f3_grid([1, 2, 3], [2, 3, 4])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_f3,
)


# ---- Theorem 4.3 --------------------------------------------------------------------------------

def _t43_grid(ps, spans, factors):
    return [{"p": p, "span": s, "n": f * s ** p, "factor": f, "largest": f == max(factors)}
            for p in ps for s in spans for f in factors]


def _measure_43(point, rng, backend):
    p, s, n = point["p"], point["span"], point["n"]
    sp = _random_polynomial_g0(point, rng, p - 1)
    holds_k, sure_k, lam_k, k = _rank_statement(sp, n, s)
    holds_min = not sp.lambda_min_resolved
    holds = holds_k and holds_min
    sure = holds or (certainly_nonzero(lam_k, sp.floor) if not holds_k else certainly_nonzero(sp.lambda_min, sp.floor))
    return {"applies": bool(point["largest"]), "holds": holds, "certain": bool(sure), "k": k,
            "lambda_k": lam_k, "lambda_min": sp.lambda_min, "floor": sp.floor, "rank": sp.rank(),
            "max_rank_claimed": k - 1,
            "explain": f"p={p}, d'={s}, n={n}: rank {sp.rank()}, claimed <= {k - 1}, lambda_min {sp.describe()}"}


THM_43 = Claim(
    id="activation/thm-4.3", source=f"{SOURCE} Sec. 4.2, Theorem 4.3 (restates F.2/F.3)",
    statement="phi a degree-p polynomial (phi' = sum_{l=0}^{p-1} c_l x^l), d' = O(n^{1/p}): "
              "lambda_min(G) = 0 and lambda_k = 0 for k >= ceil(n/d')",
    kind="identity", check=Predicate(summary_keys=("k", "lambda_k", "lambda_min", "floor", "rank", "max_rank_claimed")),
    grid={"quick": _t43_grid([2, 3], [2, 3], [1, 2, 4]), "full": _t43_grid([2, 3, 4], [2, 3], [1, 2, 4, 8])},
    repetitions={"quick": 2, "full": 5}, measure=_measure_43,
    notes="asymptotic in n at fixed (p, d'): decided at n = 4 d'^p (full: 8 d'^p); smaller n shown as evidence",
)

CLAIMS = [LEMMA_F1, THM_F2, THM_F2_CORRECTED, THM_F3, THM_43]
