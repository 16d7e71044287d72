"""Fuzz properties of the activation claims (theorems.fuzz.engine), pending their move into the claim modules
they check."""
from __future__ import annotations

import math

import numpy as np

from ...fuzz.engine import property_for
from . import facts as F


def _from_values(v: dict, slack_key: str = "margin") -> tuple[bool, float, dict]:
    """(holds, slack, details) from a claim module's measurement dict (holds False only when certain)."""
    if not v.get("applies", True):
        return True, 1.0, v
    holds = bool(v["holds"] or not v.get("certain", True))
    s = v.get(slack_key)
    return holds, 0.0 if s is None else float(s), v


def _c2_args(st, S):
    return {"s": S.finite_floats(0.0, 30.0), "mu": S.finite_floats(-10.0, 10.0), "sigma": S.finite_floats(1e-2, 1e2)}


def _c5_args(st, S):
    return {"n": st.integers(1, 10 ** 6), "k": S.finite_floats(0.05, 5.0), "sigma": S.finite_floats(1e-3, 1e3)}


def _c11_args(st, S):
    n = st.shared(S.sizes(1, 6), key="fact-C.11 n")
    return {"A": S.hermitian_matrices(n), "B": S.hermitian_matrices(n)}


def _f5_args(st, S):
    unit = st.one_of(st.sampled_from([-1.0, 1.0]), S.finite_floats(-1.0, 1.0))    # the extremes come up often
    vals = st.lists(unit, min_size=1, max_size=8)
    return {"eps": S.finite_floats(1e-6, 4.0), "f1": vals, "f2": vals, "u1": vals, "u2": vals}


I1_KMAX = 64


@property_for("activation/fact-C.1", args=lambda st, S: {
    "part": st.sampled_from([1, 2]), "s": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    "sigma": S.finite_floats(1e-3, 1e3), "a_frac": S.finite_floats(0.0, 1.0)})
def _fact_c1(part, s, sigma, a_frac):
    """004 Fact C.1, exact: part 1 at t = s sigma; part 2 at t = s sigma / 2, a = a_frac sigma."""
    if part == 1:
        return _from_values(F.c1_values(s * sigma, sigma))
    return _from_values(F.c1_values(s * sigma / 2, sigma, a_frac * sigma))


@property_for("activation/fact-C.2", args=_c2_args, expect="fails")
def _fact_c2(s, mu, sigma):
    """004 Fact C.2 as printed, exact, at t = s sigma >= 0."""
    return _from_values(F.c2_values(s * sigma, mu, sigma))


@property_for("activation/fact-C.2/corrected", args=_c2_args)
def _fact_c2_corrected(s, mu, sigma):
    """004 Fact C.2 with the inequality reversed (the Gaussian tail bound), exact."""
    return _from_values(F.c2_values(s * sigma, mu, sigma, corrected=True))


@property_for("activation/fact-C.3", args=lambda st, S: {
    "family": st.sampled_from(["two-point", "uniform"]),
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=25),
    "widths": st.lists(st.integers(1, 4), min_size=1, max_size=25),
    "t": S.finite_floats(1e-4, 2.0), "scale": S.finite_floats(0.1, 10.0)})
def _fact_c3(family, ps, widths, t, scale):
    """004 Fact C.3 (Hoeffding), exact law: two-point variables of widths scale*w_i, or n = len(ps) uniforms."""
    if family == "uniform":
        return _from_values(F.c3_values("uniform", t, scale=scale, n=len(ps)))
    ws = [widths[i % len(widths)] for i in range(len(ps))]
    return _from_values(F.c3_values("two-point", t, ps=ps, widths=ws, scale=scale))


@property_for("activation/fact-C.4", args=lambda st, S: {
    "ps": st.lists(S.finite_floats(0.0, 1.0), min_size=1, max_size=40),
    "t": S.finite_floats(0.0, 1.0, exclude_min=True, exclude_max=True)})
def _fact_c4(ps, t):
    """004 Fact C.4 as printed (E(x̄) in the exponent), exact Poisson-binomial law."""
    return _from_values(F.c4_values(ps, t))


@property_for("activation/fact-C.5", args=_c5_args, expect="fails")
def _fact_c5(n, k, sigma):
    """004 Fact C.5 as printed, threshold k sqrt(log(n sigma)), independent x_i, exact."""
    return _from_values(F.c5_values(n, k, sigma))


@property_for("activation/fact-C.5/corrected", args=_c5_args)
def _fact_c5_corrected(n, k, sigma):
    """004 Fact C.5 with threshold k sigma sqrt(log n), exact."""
    return _from_values(F.c5_values(n, k, sigma, corrected=True))


@property_for("activation/fact-C.6", args=lambda st, S: {"k": st.integers(1, 5000), "t": S.finite_floats(0.0, 300.0)})
def _fact_c6(k, t):
    """004 Fact C.6 (Laurent-Massart), exact chi-square tails."""
    return _from_values(F.c6_values(k, t))


@property_for("activation/fact-C.9", args=lambda st, S: {"A": S.adversarial_matrices()})
def _fact_c9(A):
    """004 Fact C.9 (Rudelson-Vershynin) on a drawn matrix, float64 backward-error tolerance."""
    return _from_values(F.c9_values(A))


@property_for("activation/fact-C.10", args=lambda st, S: {"A": S.square_matrices()},
              examples=({"A": np.ones((4, 4))}, {"A": np.array([[0.0, 1.0], [1.0, 0.0]])}))
def _fact_c10(A):
    """004 Fact C.10 (Gershgorin) on a drawn complex matrix, float64 backward-error tolerance."""
    return _from_values(F.c10_values(A))


@property_for("activation/fact-C.11", args=_c11_args,
              examples=({"A": np.diag([3.0, 1.0, -2.0]), "B": np.diag([2.0, 0.0, -1.0])},))
def _fact_c11(A, B):
    """004 Fact C.11 (Weyl, eigenvalues descending) on drawn Hermitian pairs."""
    return _from_values(F.c11_values(A, B))


@property_for("activation/lemma-F.5", expect="fails", args=_f5_args)
def _lemma_f5(eps, f1, f2, u1, u2):
    """004 Lemma F.5 on functions given by their values at points of I: |f_i| <= 1, g_i = f_i + eps u_i
    (|u_i| <= 1, moved by ulps so that |g_i - f_i| <= eps holds in float64); sup |f1 f2 - g1 g2| <= 3 eps."""
    from .cheb import U, _within  # noqa: PLC0415
    n = min(len(f1), len(f2), len(u1), len(u2))
    f = np.array([f1[:n], f2[:n]], dtype=float)
    g = np.stack([_within(f[i] + eps * np.asarray((u1, u2)[i][:n], float), f[i], eps) for i in range(2)])
    hyp = bool(np.max(np.abs(g - f)) <= eps)
    lhs = float(np.max(np.abs(f[0] * f[1] - g[0] * g[1])))
    rhs = 3 * eps
    floor = 8 * U * (1 + eps) ** 2
    holds = (not hyp) or lhs <= rhs + floor
    return holds, (rhs - lhs) / rhs, {
        "eps": eps, "lhs": lhs, "rhs": rhs, "worst_case": 2 * eps + eps * eps, "hypotheses_hold": hyp,
        "explain": f"eps={eps!r}: sup|f1f2 - g1g2| = {lhs!r} > 3 eps = {rhs!r} (worst case 2eps + eps^2)"}


@property_for("activation/thm-F.2", expect="fails", args=lambda st, S: {
    "p": st.integers(1, 3), "span": st.integers(1, 3), "extra": st.integers(0, 4),
    "coeffs": st.lists(S.finite_floats(-2.0, 2.0), min_size=4, max_size=4), "seed": S.seeds()})
def _thm_f2(p, span, extra, coeffs, seed):
    """004 Thm F.2 as printed: phi' = sum_{l<=p} c_l x^l, n = binom(d'+p, p) + extra (so binom(d'+p,p) < n+1),
    data on a random d'-dimensional subspace: lambda_min(G^(0)) must be 0 (at most the float64 floor)."""
    from math import comb as binom  # noqa: PLC0415

    from kernels import data  # noqa: PLC0415
    from kernels.gmatrix.empirical import g0_spectrum  # noqa: PLC0415
    from kernels.gmatrix.spectrum import certainly_nonzero  # noqa: PLC0415

    from .rank import _m_for, _poly_activation  # noqa: PLC0415
    n = binom(span + p, p) + extra
    act = _poly_activation(coeffs[: p + 1])
    rng = np.random.default_rng(seed)
    X = data.low_span(n, span + 2, span, rng)
    sp = g0_spectrum(X, act, _m_for(n), rng, None)
    lam, top = sp.lambda_min, float(sp.values[0])
    violated = sp.lambda_min_resolved and certainly_nonzero(lam, sp.floor)
    return not violated, (sp.floor - lam) / (abs(top) or 1.0), {
        "p": p, "span": span, "n": n, "lambda_min": lam, "floor": sp.floor, "rank": sp.rank(),
        "condition": f"binom({span}+{p},{p}) = {binom(span + p, p)} < {n + 1}",
        "explain": f"p={p}, d'={span}, n={n}, phi' coefficients {list(coeffs[:p + 1])}: binom(d'+p,p) = "
                   f"{binom(span + p, p)} < n+1 but lambda_min(G) = {lam:.3g} > floor {sp.floor:.2g}"}


@property_for("activation/lemma-I.1", max_examples=20, args=lambda st, S: {
    "act": S.activations(), "r": st.integers(0, 6), "X": S.datasets(n=S.sizes(2, 8), d=S.sizes(2, 6))})
def _lemma_i1(act, r, X):
    """004 Lemma I.1: lambda_min(G∞) >= c̄_r(phi')^2 lambda_min((X X^T)^{⊙(r+1)}); G∞ by closed form or a
    Hermite series of I1_KMAX terms whose truncation and quadrature errors enter the floor."""
    from kernels.gmatrix import infinite, spectrum  # noqa: PLC0415
    gi = infinite.infinite_gram(X, act, kmax=I1_KMAX)
    lhs = spectrum.spectrum(gi.matrix, gi.error_bound)
    c, _, _ = infinite.hermite_coefficients_of_derivative(act, max(r, 10))
    K = np.clip(X @ X.T, -1, 1) ** (r + 1)
    rsp = spectrum.spectrum(K)
    rhs = float(c[r] ** 2) * rsp.lambda_min
    margin = lhs.lambda_min - rhs
    tol = lhs.floor + float(c[r] ** 2) * rsp.floor
    scale = abs(lhs.lambda_min) + abs(rhs) + tol
    return bool(margin >= -tol), margin / scale if scale > 0 else 0.0, {
        "activation": act.name, "r": r, "n": X.shape[0], "lambda_min_ginf": lhs.lambda_min, "floor": lhs.floor,
        "rhs": rhs, "margin": margin, "method": gi.method,
        "explain": f"{act.name}, r={r}, n={X.shape[0]}: lambda_min(G∞) = {lhs.describe()} < c̄_r^2 lambda_min = {rhs:.3g}"}


@property_for("activation/thm-F.4", max_examples=15, args=lambda st, S: {
    "k": S.finite_floats(0.0, 12.0), "eps": S.finite_floats(1e-10, 1.0)})
def _thm_f4(k, eps):
    """004 Thm F.4: the printed degree p(k, eps) reaches eps for sigma(kx) on [-1, 1] (Chebyshev truncation in
    34 digits; a violation is certain only through the de la Vallee Poussin lower bound)."""
    from .cheb import _degree_measure, printed_degree_f4  # noqa: PLC0415
    v = _degree_measure("sigmoid(kx)", printed_degree_f4, "k")({"k": k, "eps": eps}, None, None)
    err = v["error_at_printed_upper"]
    slack = 20.0 if err <= 0 else max(-20.0, min(20.0, math.log10(eps / err)))
    holds, _, v = _from_values(v)
    return holds, slack, v


@property_for("activation/lemma-J.4", args=lambda st, S: {
    "a": S.finite_floats(0.0, 0.5, exclude_min=True, exclude_max=True),
    "log10_inv_delta": S.finite_floats(1e-6, 300.0),
    "log10_inv_eps": S.finite_floats(1e-6, 300.0),
    "b": S.finite_floats(1e-4, 0.25)})
def _lemma_j4(a, log10_inv_delta, log10_inv_eps, b):
    """004 Lemma J.4 with the constants of its proof: from 1 − δ, f(ρ) = aρ + (1−a)ρ² reaches ε within
    ⌈(2/(1−a)) ln(b/δ)⌉ + ⌈(1/(b(1−a))) ln((1−b)/ε)⌉ steps for a small constant b (drawn in [1e-4, ¼]); each phase
    counted in whole steps (a phase already done counts 0). The count is exact (two-chart float64 iteration)."""
    from kernels.series.correlation_map import proof_bound, steps_to_reach  # noqa: PLC0415
    delta, eps = 10.0 ** -log10_inv_delta, 10.0 ** -log10_inv_eps
    n = steps_to_reach(a, delta, eps)
    p1, p2 = proof_bound(a, delta, eps, b)
    bound = math.ceil(p1) + math.ceil(p2)
    return n <= bound, (bound - n) / max(bound, 1), {
        "a": a, "delta": delta, "eps": eps, "b": b, "steps": n, "bound": bound, "phase1": p1, "phase2": p2,
        "explain": f"a={a!r}, delta={delta!r}, eps={eps!r}, b={b!r}: {n} steps > proof bound {bound}"}
