"""Gradient diversity and width (003): kernels against independent references, and every claim of
``theorems.claims.width`` at quick scale through the engine (evidence present; verdicts are the ledger's job)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from kernels.backend import select
from kernels.errors import InputError
from kernels.nets import linear as ln
from kernels.nets import linear_moments as lm
from theorems.claims.width import all_claims as width
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest
from theorems.verdict import VERDICTS

# ---- networks, per-example Gram, diversity --------------------------------------------------------------

def _flat_grad_fd(Ws, Wstar, x, eps=1e-6):
    """Central finite differences of f = ½(W x − W* x)² w.r.t. every weight (reference)."""
    def f(ws):
        return 0.5 * float(x @ (ln.end_to_end(ws) - ln.end_to_end(Wstar))) ** 2
    out = []
    for a, W in enumerate(Ws):
        g = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            up = [w.copy() for w in Ws]
            dn = [w.copy() for w in Ws]
            up[a][idx] += eps
            dn[a][idx] -= eps
            g[idx] = (f(up) - f(dn)) / (2 * eps)
        out.append(g.reshape(-1))
    return np.concatenate(out)


@pytest.mark.parametrize("dims", [(3,), (4, 3), (3, 5, 2), (2, 4, 1, 3)])
def test_lnn_gram_matches_naive_loop_and_finite_differences(dims):
    rng = np.random.default_rng(1)
    Ws, Wst = ln.init_weights(dims, rng), ln.init_weights(dims, rng)
    X = rng.standard_normal((7, dims[0]))
    grads = np.array(ln.per_example_grads_naive(Ws, Wst, X))
    G_naive = grads @ grads.T
    G = ln.lnn_gram(Ws, Wst, X)
    np.testing.assert_allclose(G, G_naive, rtol=1e-10, atol=1e-10 * np.abs(G_naive).max())
    fd = _flat_grad_fd(Ws, Wst, X[0])
    np.testing.assert_allclose(grads[0], fd, rtol=1e-5, atol=1e-6 * np.abs(fd).max())
    d1 = ln.diversity_from_gram(G)
    d2 = ln.lnn_diversity(Ws, Wst, X)
    assert d1.delta == pytest.approx(d2.delta, rel=1e-10)
    s = grads.sum(axis=0)
    assert d2.sum_sq == pytest.approx(float(np.sum(grads ** 2)), rel=1e-10)
    assert d2.norm_sum_sq == pytest.approx(float(s @ s), rel=1e-10)
    assert d2.batch_bound == pytest.approx(7 * d2.delta)


def test_batched_two_layer_sums_and_copies_match_single_draws():
    rng = np.random.default_rng(2)
    R, K, d, n = 4, 3, 5, 6
    W1, w2 = rng.standard_normal((R, K, d)), rng.standard_normal((R, K))
    W1s, w2s = rng.standard_normal((R, K, d)), rng.standard_normal((R, K))
    X = rng.standard_normal((R, n, d))
    ustar = np.einsum("rkd,rk->rd", W1s, w2s)
    s1, s2 = ln.two_layer_lnn_sums_batched(W1, w2, ustar, X)
    for r in range(R):
        dv = ln.lnn_diversity([W1[r], w2[r][None, :]], [W1s[r], w2s[r][None, :]], X[r])
        assert s1[r] == pytest.approx(dv.sum_sq, rel=1e-10)
        assert s2[r] == pytest.approx(dv.norm_sum_sq, rel=1e-10)
    # copies: (G, ...) weights with given labels
    Xc, y = rng.standard_normal((9, 4)), rng.standard_normal(9)
    Wc = [rng.standard_normal((3, 5, 4)), rng.standard_normal((3, 2, 5)), rng.standard_normal((3, 1, 2))]
    _, bs = ln.lnn_diversity_copies(Wc, Xc, y)
    for g in range(3):
        assert bs[g] == pytest.approx(ln.lnn_diversity([W[g] for W in Wc], None, Xc, y).batch_bound, rel=1e-10)


@pytest.mark.parametrize("act", ["tanh", "arctan", "softsign"])
def test_two_layer_nonlinear_gram_and_expectation_over_top(act):
    rng = np.random.default_rng(3)
    K, d, n = 3, 4, 6
    W1, W1s, X = rng.standard_normal((K, d)), rng.standard_normal((K, d)), rng.standard_normal((n, d))
    w2, w2s = rng.standard_normal(K), rng.standard_normal(K)
    # ghost Gram vs finite-difference per-example gradients
    from kernels import activations
    phi = activations.get(act).phi

    def f_i(i, W1_, w2_):
        return 0.5 * float(phi(X[i] @ W1_.T) @ w2_ - phi(X[i] @ W1s.T) @ w2s) ** 2
    grads = []
    eps = 1e-6
    for i in range(n):
        g = []
        for idx in np.ndindex(W1.shape):
            up, dn = W1.copy(), W1.copy()
            up[idx] += eps
            dn[idx] -= eps
            g.append((f_i(i, up, w2) - f_i(i, dn, w2)) / (2 * eps))
        for k in range(K):
            up, dn = w2.copy(), w2.copy()
            up[k] += eps
            dn[k] -= eps
            g.append((f_i(i, W1, up) - f_i(i, W1, dn)) / (2 * eps))
        grads.append(g)
    grads = np.array(grads)
    G = ln.per_example_gram(*ln.two_layer_signals(W1, w2, W1s, w2s, X, act))
    np.testing.assert_allclose(G, grads @ grads.T, rtol=1e-5, atol=1e-7 * np.abs(G).max())
    # exact expectation over (w2, w2*): two routes agree, and Monte Carlo over w2 agrees
    e1 = ln.two_layer_expected_over_top(W1, W1s, X, act, "gram")
    e2 = ln.two_layer_expected_over_top(W1, W1s, X, act, "aggregate")
    assert e1["E_norm_sum_sq"] == pytest.approx(e2["E_norm_sum_sq"], rel=1e-12)
    R = 40000
    W2, W2s = rng.standard_normal((R, K)), rng.standard_normal((R, K))
    ss, tot = ln.two_layer_sums_over_top_draws(W1, W1s, X, act, W2, W2s)
    for r in range(3):          # the batched draws against the ghost Gram of single draws
        dv = ln.diversity_from_gram(ln.per_example_gram(*ln.two_layer_signals(W1, W2[r], W1s, W2s[r], X, act)))
        assert ss[r] == pytest.approx(dv.sum_sq, rel=1e-10) and tot[r] == pytest.approx(dv.norm_sum_sq, rel=1e-10)
    assert abs(ss.mean() - e1["E_sum_sq"]) < 5 * ss.std() / math.sqrt(R)
    assert abs(tot.mean() - e1["E_norm_sum_sq"]) < 5 * tot.std() / math.sqrt(R)


# ---- exact expectations: recursion vs sympy (Isserlis) vs Monte Carlo --------------------------------------

@pytest.mark.parametrize("dims", [(2,), (2, 2), (3, 2), (2, 3), (4, 3), (2, 2, 2), (3, 2, 2), (2, 3, 2), (2, 2, 2, 2)])
def test_recursion_equals_sympy_isserlis(dims):
    ex = lm.exact_layer_moments(dims)
    coords = lm.symbolic_coordinate_moments(dims)
    for (a, p, q), (dv, cv) in coords.items():          # per coordinate: no exchangeability assumed
        assert Fraction(dv) == ex.coordinate_diag(a), (dims, a, p, q)
        assert Fraction(cv) == ex.coordinate_cross(a), (dims, a, p, q)


def test_closed_forms_at_two_layers():
    """L = 2 by hand: E‖∇f‖² = 4d(d+2)K(K+1), E<∇f_i,∇f_j> = dK(4K+d+3)."""
    for d in (2, 3, 7, 100):
        for K in (1, 2, 5, 64):
            ex = lm.exact_layer_moments((d, K))
            assert ex.diag == 4 * d * (d + 2) * K * (K + 1)
            assert ex.cross == d * K * (4 * K + d + 3)
            assert ex.rho_limit() == Fraction(4 * (d + 2) * (K + 1), 4 * K + d + 3)


@pytest.mark.parametrize("dims", [(3, 4, 2), (5, 3)])
def test_monte_carlo_agrees_with_recursion(dims):
    rng = np.random.default_rng(5)
    ex = lm.exact_layer_moments(dims)
    mc = lm.mc_layer_moments(dims, 60000, rng)
    for a in mc:
        assert abs(mc[a]["diag"].z(ex.layer_diag(a))) < 5
        assert abs(mc[a]["cross"].z(ex.layer_cross(a))) < 5
    pc = lm.mc_layer_moments(dims, 60000, rng, per_coordinate=True)
    for a in pc:
        z = (float(ex.coordinate_diag(a)) - pc[a]["diag_mean"]) / pc[a]["diag_se"]
        assert np.max(np.abs(z)) < 5.5
    tot = lm.mc_total_moments(dims, 60000, rng)
    assert abs(tot["diag"].z(ex.diag)) < 5 and abs(tot["cross"].z(ex.cross)) < 5


def test_rademacher_monte_carlo_agrees_with_sympy():
    rng = np.random.default_rng(6)
    sl = lm.symbolic_layer_moments((2, 3), "rademacher")
    assert sl != lm.symbolic_layer_moments((2, 3), "gaussian")
    mc = lm.mc_layer_moments((2, 3), 100000, rng, dist="rademacher")
    for a, (dv, cv) in sl.items():
        assert abs(mc[a]["diag"].z(dv)) < 5 and abs(mc[a]["cross"].z(cv)) < 5


def test_data_moments_closed_form_equals_sympy():
    """The order-8 Isserlis formulas of two_layer_data_moments against sympy at integer weights."""
    from sympy import QQ
    from sympy.polys.rings import ring

    W1 = np.array([[1.0, -2.0, 0.0], [3.0, 1.0, -1.0]])
    w2 = np.array([2.0, -1.0])
    ustar = np.array([1.0, 0.0, -2.0])
    got = lm.two_layer_data_moments(W1[None], w2[None], ustar[None])
    d = 3
    R, *xs = ring(",".join([f"a{k}" for k in range(d)] + [f"b{k}" for k in range(d)]), QQ)
    xa, xb = xs[:d], xs[d:]
    v = [int(c) for c in W1.T @ w2 - ustar]
    B = (w2 @ w2) * np.eye(d) + W1.T @ W1
    Bi = [[int(B[i, j]) for j in range(d)] for i in range(d)]
    va = sum(v[k] * xa[k] for k in range(d))
    vb = sum(v[k] * xb[k] for k in range(d))
    qa = sum(Bi[i][j] * xa[i] * xa[j] for i in range(d) for j in range(d))
    bab = sum(Bi[i][j] * xa[i] * xb[j] for i in range(d) for j in range(d))
    mom = lm._moment_fn("gaussian")
    E = lambda p: lm._expect(p, mom)  # noqa: E731
    g, h = va ** 2 * qa, va * vb * bab
    Bv = [sum(Bi[i][j] * v[j] for j in range(d)) for i in range(d)]
    h1 = va * sum(Bv[k] * xa[k] for k in range(d))          # E[h | x_a]
    want = (E(g), E(g * g), E(h), E(h1 * h1), E(h * h))
    for x, y in zip(got, want):
        assert float(x[0]) == pytest.approx(float(y), rel=1e-12)


def test_two_layer_variances_against_brute_force():
    rng = np.random.default_rng(8)
    K, d, n, R = 3, 2, 4, 400000
    W1, w2 = rng.standard_normal((R, K, d)), rng.standard_normal((R, K))
    ustar = np.einsum("rkd,rk->rd", rng.standard_normal((R, K, d)), rng.standard_normal((R, K)))
    s1, s2 = ln.two_layer_lnn_sums_batched(W1, w2, ustar, rng.standard_normal((R, n, d)))
    cross = s2 - s1

    def var_se(s):
        dev = (s - s.mean()) ** 2
        return dev.mean(), dev.std() / math.sqrt(s.size)
    v = lm.two_layer_variances_mc(K, d, n, 200000, rng)
    for brute, est in ((var_se(s1), v["var_sum_sq"]), (var_se(cross), v["var_cross"])):
        assert abs(brute[0] - est.mean) < 5 * math.hypot(brute[1], est.se)
    ex = lm.exact_layer_moments((d, K))
    assert abs(v["mean_sum_sq"].z(n * ex.diag)) < 5
    assert abs(v["mean_cross"].z(n * (n - 1) * ex.cross)) < 5


# ---- SGD ------------------------------------------------------------------------------------------------

def test_sgd_full_batch_step_is_gradient_descent():
    rng = np.random.default_rng(9)
    dims = (4, 3, 2)
    Ws = ln.init_weights(dims, rng, scale="fan_in")
    X, y = rng.standard_normal((8, 4)), rng.standard_normal(8)
    out = ln.sgd(Ws, X, y, [0.05, 0.1], 8, rng, steps=1, reduce="mean")
    # reference: the summed per-example gradient (outer products B_a[i] A_{a-1}[i]ᵀ) / n
    A, Bs = ln.lnn_signals(Ws, None, X, y)
    for g, lr in enumerate([0.05, 0.1]):
        for a, (Aa, Ba) in enumerate(zip(A, Bs)):
            want = Ws[a] - lr * sum(np.outer(Ba[i], Aa[i]) for i in range(8)) / 8
            np.testing.assert_allclose(out["weights"][a][g], want, rtol=1e-12)
    assert out["losses"].shape == (2, 2)


def test_sgd_converges_and_flags_divergence():
    rng = np.random.default_rng(10)
    X = rng.standard_normal((64, 4))
    y = X @ rng.standard_normal(4)
    Ws = ln.init_weights((4, 8), rng, scale="fan_in")
    out = ln.sgd(Ws, X, y, [0.05, 100.0], 8, rng, epochs=50, tol=1e-6)
    assert out["reached"][0] > 0 and not out["diverged"][0]
    assert out["diverged"][1]
    rep = ln.sgd(Ws, X, y, np.full(5, 0.01), 2, rng, steps=10, reduce="sum", sampling="replacement")
    w = rep["weights"][0]
    assert not np.allclose(w[0], w[1])          # independent sample paths per copy


def test_bad_input_names_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="dims"):
        lm.exact_layer_moments((3, 0))
    with pytest.raises(InputError, match="dist"):
        ln.init_weights((3, 2), rng, dist="uniform")
    with pytest.raises(InputError, match="batch"):
        ln.sgd(ln.init_weights((2, 2), rng), np.ones((4, 2)), np.ones(4), [0.1], 5, rng, steps=1)
    with pytest.raises(InputError, match="n"):
        lm.two_layer_variances_mc(2, 2, 1, 10, rng)
    with pytest.raises(InputError, match="dims"):
        lm.symbolic_coordinate_moments((5, 5, 5))


# ---- the printed formulas (implemented as printed) ------------------------------------------------------------

def test_printed_formulas_against_exact_values():
    for dims in [(2, 2), (5, 3), (3, 4, 7), (10, 2, 30, 4)]:
        ex = lm.exact_layer_moments(dims)
        L = len(dims)
        d6, c6 = width.printed_thm6(dims, 5)
        assert d6 == 25 * ex.diag and c6 == 20 * ex.cross
        assert all(width.printed_thm7(dims, a) == ex.coordinate_diag(a) for a in range(1, L + 1))
        assert all(width.printed_thm9(dims, a) == ex.coordinate_cross(a) for a in range(1, L + 1))
        assert width.printed_thm8(dims) == ex.diag
        assert width.printed_thm10(dims, corrected=True) == ex.cross
        assert width.printed_thm10(dims) != ex.cross
    assert width.printed_thm8_remark(7, 5) == lm.exact_layer_moments((7, 5)).diag
    # Thm 3 at L = 2: the printed bound 2/(1/d + 4/(d-1)) does not involve K; it fails at K = 2, d = 100
    ex = lm.exact_layer_moments((100, 2))
    assert ex.rho_limit() < width.printed_thm3((100, 2))
    assert ex.rho_limit() >= width.printed_thm3((100, 2), corrected=True)
    assert ex.rho_limit() >= width.printed_thm3_equal(2, 2, 100)


# ---- every claim of the module at quick scale ------------------------------------------------------------------

_NUMERIC_KEYS = {
    "width/thm-1": ["ratio_q10", "B_S_median", "rhs"],
    "width/thm-1/nonzero-mean": ["ratio_q10", "B_S_median"],
    "width/prop-A.1": ["diag_over_K2d2", "cross_over_Kd_K_plus_d"],
    "width/thm-4": ["sum_sq_over_nK2d2", "cross_over_n2_K2d_plus_Kd2"],
    "width/thm-5": ["var_sum_sq", "var_cross", "var_sum_sq_se"],
    "width/thm-2": ["rho_limit_min", "ratio_limit_min", "rho_n_median"],
    "width/thm-3": ["rho_limit", "rhs_general", "slack_general"],
    "width/thm-3/corrected": ["rho_limit", "rhs_general"],
    "width/thm-6": ["rel_discrepancy"], "width/thm-7": ["rel_discrepancy"], "width/thm-8": ["rel_discrepancy"],
    "width/thm-9": ["rel_discrepancy"], "width/thm-10": ["rel_discrepancy"],
    "width/thm-10/corrected": ["rel_discrepancy"],
    "width/lemma-1": ["gamma_times_curvature", "delta"],
    "width/fig-2": ["K", "B_S_init", "B_S_init_gaussian"],
}


def test_every_width_claim_is_covered():
    ids = {c.id for c in width.CLAIMS}
    assert ids == set(_NUMERIC_KEYS)
    catalog = {"width/thm-1", "width/prop-A.1", "width/thm-4", "width/thm-5", "width/thm-2", "width/thm-3",
               "width/thm-6", "width/thm-7", "width/thm-8", "width/thm-9", "width/thm-10", "width/fig-2",
               "width/lemma-1"}
    assert catalog <= ids
    assert all(c.id in catalog or c.id.rsplit("/", 1)[0] in catalog for c in width.CLAIMS)


@pytest.mark.claim
@pytest.mark.parametrize("claim", width.CLAIMS, ids=lambda c: c.id)
def test_width_claim_runs_with_evidence(claim, tmp_path):
    be = select("numpy")
    store = RunStore(tmp_path, make_manifest(20261123, "quick", be))
    v = run_claim(claim, "quick", store, 20261123, be, quiet=True)
    assert v.verdict in VERDICTS
    assert v.reason.strip()
    records = store.records(claim.id)
    assert len(records) == len(claim.points("quick")) * claim.reps("quick")
    for key in _NUMERIC_KEYS[claim.id]:
        vals = [r["values"].get(key) for r in records if r["values"].get("applies", True)]
        assert vals and all(isinstance(x, (int, float)) and math.isfinite(x) for x in vals), (claim.id, key)
    ev = v.as_dict()["evidence"]
    assert ev["scale"] == "quick" and ev["seconds"] >= 0
    if v.verdict == "REFUTED":
        assert v.counterexample is not None
    if claim.kind == "identity":
        assert all("holds" in r["values"] and "methods" in r["values"] for r in records)
