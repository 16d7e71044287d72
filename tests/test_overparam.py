"""Tests of kernels.nets.deep_relu against independent references, and the overparam claims end to end.

References: dense NumPy products and np.linalg.norm(·, 2) at small sizes (the kernel never forms them),
central finite differences for gradients, brute force over pairs and sparse supports, mpmath quadrature
for the Gaussian expectation of Claim 7.6 (and a seeded Monte Carlo), scipy.stats for the χ² mixture.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats as sps

from kernels import backend as backends
from kernels import data
from kernels.errors import InputError
from kernels.nets import deep_relu as dr
from theorems.claims.overparam import all_claims as op
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest

SEED = 20261123


# --------------------------------------------------------------------------- dense references

def _dense(net):
    return net.A, [net.weight(layer) for layer in range(1, net.L + 1)], net.B


def _dense_forward(net, X):
    A, Ws, _ = _dense(net)
    H = np.maximum(X @ A.T, 0.0)
    hs, masks = [H], [X @ A.T >= 0]
    for W in Ws:
        G = H @ W.T
        masks.append(G >= 0)
        H = np.maximum(G, 0.0)
        hs.append(H)
    return np.array(hs), np.array(masks)


def _dense_product(net, masks, i, a, b):
    """W_b D_{i,b-1} W_{b-1} ... D_{i,a} W_a as an explicit m x m matrix."""
    _, Ws, _ = _dense(net)
    M = Ws[a - 1]
    for layer in range(a, b):
        M = Ws[layer] @ (masks[layer, i][:, None] * M)
    return M


def _small(seed=0, m=14, L=4, d_in=6, d_out=3, n=5, delta=0.3):
    rng = np.random.default_rng(seed)
    net = dr.init(m, L, d_in, d_out, rng)
    X = dr.allen_zhu_arc(n, d_in, delta, rng)
    return rng, net, X


# --------------------------------------------------------------------------- data

@pytest.mark.parametrize("n,delta", [(2, 0.01), (5, 0.3), (12, 0.2)])
def test_allen_zhu_arc_has_the_normalization_and_exact_separation(n, delta):
    X = dr.allen_zhu_arc(n, 8, delta, np.random.default_rng(1))
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-14)
    assert np.allclose(X[:, -1], 1 / math.sqrt(2), atol=1e-15)
    D = np.linalg.norm(X[:, None] - X[None], axis=2)
    np.fill_diagonal(D, np.inf)
    assert D.min() == pytest.approx(delta, rel=1e-12)
    assert data.euclidean_separation(X) == pytest.approx(delta, rel=1e-9)


def test_allen_zhu_pairs_separation_is_exactly_delta():
    X = dr.allen_zhu_pairs(6, 8, 0.05, np.random.default_rng(2))
    assert X.shape == (12, 8)
    dr.check_allen_zhu(X)
    assert np.linalg.norm(X[0::2] - X[1::2], axis=1) == pytest.approx(np.full(6, 0.05), rel=1e-12)
    assert data.euclidean_separation(X) == pytest.approx(0.05, rel=1e-9)


def test_bad_inputs_name_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="delta"):
        dr.allen_zhu_arc(50, 8, 0.5, rng)
    with pytest.raises(InputError, match="m"):
        dr.init(0, 2, 3, 1, rng)
    net = dr.init(8, 2, 3, 1, rng)
    fwd = dr.forward(net, dr.allen_zhu_arc(2, 3, 0.3, rng))
    with pytest.raises(InputError, match="a/b"):
        dr.product_operator(net, fwd, 0, 2, 1)
    with pytest.raises(InputError, match="omega"):
        dr.random_perturbation(net, -1.0, rng)
    with pytest.raises(InputError, match="X"):
        dr.forward(net, np.ones((2, 5)))
    with pytest.raises(InputError, match="X"):
        dr.check_allen_zhu(np.ones((2, 3)))


# --------------------------------------------------------------------------- forward / initialization

def test_initialization_variances_match_definition_2_3():
    rng = np.random.default_rng(3)
    net = dr.init(400, 2, 50, 5, rng)
    m = net.m
    assert np.var(net.A) == pytest.approx(2 / m, rel=0.05)
    assert np.var(net.W0(1)) == pytest.approx(2 / m, rel=0.02)
    assert np.var(net.B) == pytest.approx(1 / 5, rel=0.05)
    assert np.array_equal(net.W0(2), dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=0).W0(2))


def test_forward_matches_dense_reference_with_and_without_cache():
    _, net, X = _small()
    hs, masks = _dense_forward(net, X)
    for cache in (dr.DEFAULT_CACHE_BYTES, 0):
        net_c = dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=cache)
        fwd = dr.forward(net_c, X, keep_h=True)
        assert np.array_equal(fwd.masks, masks)
        assert np.allclose(fwd.hs, hs, atol=1e-13)
        assert np.allclose(fwd.norms, np.linalg.norm(hs, axis=2), atol=1e-13)
        assert np.allclose(fwd.grams, hs @ hs.transpose(0, 2, 1), atol=1e-12)
        assert np.allclose(fwd.y, hs[-1] @ net.B.T, atol=1e-13)
    assert len(dr.DeepReLU(net.A, net.B, net.seeds, np, cache_bytes=0)._cache) == 0


def test_pairwise_separation_matches_brute_force():
    rng = np.random.default_rng(4)
    H = np.abs(rng.standard_normal((9, 7)))
    best = min((np.linalg.norm(H[j] - (H[i] @ H[j]) / (H[i] @ H[i]) * H[i]), i, j)
               for i in range(9) for j in range(9) if i != j)
    val, i, j = dr.pairwise_separation(H, block=4)
    assert val == pytest.approx(best[0], rel=1e-12)
    assert (i, j) == best[1:]


def test_forward_separation_profile_matches_hs():
    _, net, X = _small(n=4, delta=0.2)
    fwd = dr.forward(net, X, keep_h=True, separation=True)
    for layer, (val, i, j) in enumerate(fwd.sep):
        H = fwd.hs[layer]
        ref = min(np.linalg.norm(H[b] - (H[a] @ H[b]) / (H[a] @ H[a]) * H[a]) for a in range(4) for b in range(4) if a != b)
        assert val == pytest.approx(ref, rel=1e-10)
    assert fwd.sep_input[0] == pytest.approx(math.sqrt(1 - (1 - 0.2 ** 2 / 2) ** 2), rel=1e-10)


# --------------------------------------------------------------------------- products and spectral norms

@pytest.mark.parametrize("a,b", [(1, 1), (1, 4), (2, 3), (3, 4)])
def test_top_singular_of_the_masked_product_matches_dense_norm(a, b):
    rng, net, X = _small(seed=5, m=30, L=4)
    fwd = dr.forward(net, X)
    for i in (0, 3):
        M = _dense_product(net, fwd.masks, i, a, b)
        ap, rap = dr.product_operator(net, fwd, i, a, b)
        V = rng.standard_normal((net.m, 3))
        assert np.allclose(ap(V), M @ V, atol=1e-12)
        assert np.allclose(rap(V), M.T @ V, atol=1e-12)
        ts = dr.top_singular(ap, rap, net.m, rng, tol=1e-12)
        ref = np.linalg.norm(M, 2)
        assert ts.sigma == pytest.approx(ref, rel=1e-8)
        assert ts.sigma <= ref * (1 + 1e-12) and ts.upper >= ref * (1 - 1e-12)


def test_sparse_search_is_a_true_lower_bound_and_exact_on_its_support():
    rng = np.random.default_rng(6)
    M = rng.standard_normal((7, 11))
    s = 3
    brute = max(np.linalg.norm(M[:, list(S)], 2) for S in itertools.combinations(range(11), s))
    v0 = np.linalg.svd(M)[2][0]
    val, support = dr.sparse_top_singular(lambda V: M @ V, lambda U: M.T @ U, 11, s, v0)
    assert len(support) == s
    assert val == pytest.approx(np.linalg.norm(M[:, sorted(support)], 2), rel=1e-12)
    assert val <= brute * (1 + 1e-12)
    assert val >= 0.8 * brute


def test_back_blocks_match_dense_backward_matrices():
    _, net, X = _small(seed=7)
    fwd = dr.forward(net, X)
    _, Ws, B = _dense(net)
    for a, back in dr.back_blocks(net, fwd):
        for i in range(X.shape[0]):
            ref = B
            for layer in range(net.L, a - 1, -1):
                ref = (ref * fwd.masks[layer, i][None, :]) @ Ws[layer - 1]
            assert np.allclose(back[i], ref, atol=1e-12)


# --------------------------------------------------------------------------- gradients

def _fake_objective(net, X, V, layer, Wl):
    A, Ws, B = _dense(net)
    H = np.maximum(X @ A.T, 0.0)
    for k, W in enumerate(Ws, 1):
        H = np.maximum(H @ (Wl if k == layer else W).T, 0.0)
    return float(np.sum(V * (H @ B.T)))


def test_gradient_matches_central_finite_differences():
    rng, net, X = _small(seed=8, m=10, L=3)
    V = rng.standard_normal((X.shape[0], net.d_out))
    fwd = dr.forward(net, X, keep_h=True)
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    eps = 1e-6
    checked = 0
    for layer in range(1, net.L + 1):
        G = dr.gradient(net, fwd, bwd, layer)
        W = net.weight(layer)
        big = np.argwhere(np.abs(G) > 1e-3)
        picks = np.vstack([big[rng.permutation(len(big))[:4]], rng.integers(0, net.m, size=(3, 2))])
        for r, c in picks:
            E = np.zeros_like(W)
            E[r, c] = eps
            fd = (_fake_objective(net, X, V, layer, W + E) - _fake_objective(net, X, V, layer, W - E)) / (2 * eps)
            assert G[r, c] == pytest.approx(fd, abs=1e-7)
            checked += abs(fd) > 1e-3
    assert checked >= 8


def test_square_loss_gradient_is_the_fake_loss_gradient_with_v_the_loss():
    """001 Remark 9.2: with v_i = B h_{i,L} - y*_i the fake-loss gradient is ∇F of F = ½Σ‖B h_{i,L} - y*_i‖²."""
    rng, net, X = _small(seed=9, m=9, L=2)
    ystar = rng.standard_normal((X.shape[0], net.d_out))
    fwd = dr.forward(net, X, keep_h=True)
    V = fwd.y - ystar
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    A, Ws, B = _dense(net)

    def F(layer, Wl):
        H = np.maximum(X @ A.T, 0.0)
        for k, W in enumerate(Ws, 1):
            H = np.maximum(H @ (Wl if k == layer else W).T, 0.0)
        return 0.5 * float(np.sum((H @ B.T - ystar) ** 2))

    G = dr.gradient(net, fwd, bwd, 2)
    E = np.zeros((net.m, net.m))
    r, c = np.unravel_index(np.argmax(np.abs(G)), G.shape)
    E[r, c] = 1e-6
    fd = (F(2, Ws[1] + E) - F(2, Ws[1] - E)) / 2e-6
    assert G[r, c] == pytest.approx(fd, rel=1e-5)


def test_gram_form_norms_match_dense_gradients_and_the_ntk_gram():
    rng, net, X = _small(seed=10, m=12, L=3, d_out=2, n=4)
    V = rng.standard_normal((4, 2))
    fwd = dr.forward(net, X, keep_h=True)
    bwd = dr.backward(net, fwd, V, keep_signals=True)
    for layer in range(1, net.L + 1):
        G = dr.gradient(net, fwd, bwd, layer)
        assert bwd.fro2[layer - 1] == pytest.approx(np.sum(G * G), rel=1e-12)
        for i in range(4):
            Gi = np.outer(bwd.signals[layer - 1][i], fwd.hs[layer - 1][i])
            assert bwd.fro2_each[layer - 1, i] == pytest.approx(np.sum(Gi * Gi), rel=1e-12)
    # NTK Gram from flattened per-(sample, output) gradients, each a separate backward pass
    feats = []
    for i in range(4):
        for a in range(2):
            Va = np.zeros((4, 2))
            Va[i, a] = 1.0
            b = dr.backward(net, fwd, Va, keep_signals=True)
            feats.append(np.concatenate([dr.gradient(net, fwd, b, layer).ravel() for layer in range(1, net.L + 1)]))
    feats = np.array(feats)
    K, K_last = dr.ntk_gram(net, fwd)
    assert np.allclose(K, feats @ feats.T, rtol=1e-11, atol=1e-11)
    v = V.ravel()
    assert v @ K @ v == pytest.approx(bwd.fro2.sum(), rel=1e-11)
    assert v @ K_last @ v == pytest.approx(bwd.fro2[-1], rel=1e-11)


# --------------------------------------------------------------------------- perturbations

def test_random_and_aligned_perturbations_have_spectral_norm_omega():
    rng, net, X = _small(seed=11, m=25, L=3)
    for layer, d in dr.random_perturbation(net, 0.07, rng).items():
        nrm = np.linalg.norm(d.dense(net.m, np), 2)
        assert 0.07 * (1 - 1e-4) <= nrm <= 0.07 * (1 + 1e-12)
    for layer, d in dr.aligned_perturbation(net, 0.05, rng).items():
        W0 = net.W0(layer)
        assert np.linalg.norm(d.dense(net.m, np), 2) == pytest.approx(0.05, rel=1e-10)
        assert np.linalg.norm(W0 + d.dense(net.m, np), 2) - np.linalg.norm(W0, 2) == pytest.approx(0.05, rel=1e-6)
    pert = net.with_perturbation(dr.random_perturbation(net, 0.07, rng))
    assert pert.perturbation_norm() == 0.07
    assert np.allclose(pert.weight(1), net.W0(1) + pert.deltas[1].dense(net.m, np))


def test_signflip_adversary_flips_signs_within_the_budget_and_replays():
    rng = np.random.default_rng(12)
    net = dr.init(400, 3, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.5, rng)
    f0 = dr.forward(net, X)
    f1 = dr.forward(net, X, adversary=dr.signflip_adversary(0.02, 0))
    assert set(f1.deltas) == {1, 2, 3}
    for layer, d in f1.deltas.items():
        assert np.linalg.norm(d.dense(net.m, np), 2) <= 0.02 * (1 + 1e-12)
    flips = int(np.sum(f0.masks[1:, 0] != f1.masks[1:, 0]))
    assert flips >= 3
    replay = dr.forward(net.with_perturbation(f1.deltas), X)
    assert np.array_equal(replay.masks, f1.masks)
    assert np.allclose(replay.y, f1.y, atol=1e-13)
    off = dr.forward(net, X, adversary=dr.signflip_adversary(0.02, 0, only="off"))
    changed = f0.masks[1, 0] != off.masks[1, 0]
    assert changed.any() and np.all(f0.masks[1, 0][changed])        # only active units were switched off


def test_merge_adversary_leaves_the_partner_untouched_and_merges_signs():
    rng = np.random.default_rng(13)
    net = dr.init(300, 1, 8, 1, rng)
    X = dr.allen_zhu_arc(2, 8, 0.05, rng)
    f0 = dr.forward(net, X)
    f1 = dr.forward(net, X, adversary=dr.merge_adversary(0.05, 0, 1))
    d = f1.deltas[1]
    h1 = np.maximum(X @ net.A.T, 0.0)[1]
    assert np.allclose(d.dense(net.m, np) @ h1, 0.0, atol=1e-15)       # W' h_j = 0
    assert np.array_equal(f1.masks[1, 1], f0.masks[1, 1])
    before = np.sum(f0.masks[1, 0] != f0.masks[1, 1])
    after = np.sum(f1.masks[1, 0] != f1.masks[1, 1])
    assert after < before


# --------------------------------------------------------------------------- Claim 7.6 and Fact 7.2 references

@pytest.mark.parametrize("alpha,delta", [(1.0, 0.1), (0.5, 1 / 6), (-1.0, 0.1), (1.2, 0.05), (3.0, 1 / 6),
                                         (0.0, 0.1), (1.0, 0.0), (-0.3, 0.0), (0.9, 1e-4)])
def test_claim76_closed_form_matches_mpmath_quadrature(alpha, delta):
    val, err = dr.relu_pair_expectation_mp(alpha, delta, dps=30)
    assert float(err) < 1e-20
    assert dr.relu_pair_expectation(alpha, delta) == pytest.approx(float(val), rel=1e-13, abs=1e-16)


def test_claim76_closed_form_matches_monte_carlo():
    rng = np.random.default_rng(14)
    g1, g2 = math.sqrt(2) * rng.standard_normal((2, 2_000_000))
    for alpha, delta in [(1.0, 0.1), (-1.0, 0.1), (0.7, 1 / 6)]:
        x = (np.maximum(g1, 0) - np.maximum(alpha * g1 + delta * g2, 0)) ** 2
        se = x.std() / math.sqrt(x.size)
        assert abs(x.mean() - dr.relu_pair_expectation(alpha, delta)) < 5 * se


def test_claim76_conditional_quadrature_and_the_printed_formulas():
    """The printed f(g_1 < 0) is right; f(g_1 >= 0) misses g_1² P(α g_1 + δ g_2 < 0); the printed arctan form,
    bracket form and series agree with each other (the algebra after f is right) but not with E."""
    for g1, a, d in [(0.4, 1.0, 0.1), (1.7, 0.5, 1 / 6), (-1.3, 1.2, 0.05), (0.01, -0.7, 0.1)]:
        ref = float(dr.relu_pair_conditional_mp(g1, a, d)[0])
        if g1 < 0:
            assert op.printed_f_neg(g1, a, d) == pytest.approx(ref, rel=1e-12)
        else:
            assert op.corrected_f_pos(g1, a, d) == pytest.approx(ref, rel=1e-12)
            missing = g1 * g1 * 0.5 * math.erfc(a * g1 / (2 * d))
            assert op.printed_f_pos(g1, a, d) == pytest.approx(ref - missing, rel=1e-12, abs=1e-15)
    for a, d in [(1.0, 0.1), (0.75, 1 / 6), (2.0, 0.05)]:
        assert op.printed_arctan(a, d) == pytest.approx(op.printed_bracket(a, d), rel=1e-12)
        assert op.printed_series(a, d) == pytest.approx(op.printed_arctan(a, d), rel=1e-12)
        assert op.corrected_series(a, d) == pytest.approx(dr.relu_pair_expectation(a, d), rel=1e-12)
    assert op.printed_arctan(1e-12, 0.1) == pytest.approx(dr.relu_pair_expectation(0.0, 0.1) - 0.5, abs=1e-9)


def test_chi_square_mixture_cdf_against_direct_sums():
    t = np.array([0.0, 0.3, 1.0, 4.0, 30.0])
    assert op._mixture_cdf(t, 1) == pytest.approx(0.5 + 0.5 * sps.chi2.cdf(t, 1), abs=1e-15)
    m = 6
    ref = sum(math.comb(m, w) / 2 ** m * (1.0 if w == 0 else sps.chi2.cdf(t, w)) for w in range(m + 1))
    assert op._mixture_cdf(t, m) == pytest.approx(ref, abs=1e-14)
    rng = np.random.default_rng(15)
    w = rng.binomial(m, 0.5, size=200_000)
    samples = rng.chisquare(np.maximum(w, 1)) * (w > 0)
    assert sps.kstest(np.where(samples > 0, op._mixture_cdf(samples, m),
                               rng.uniform(size=samples.size) * 0.5 ** m), "uniform").pvalue > 1e-3


def test_arccos_angle_recursion_matches_the_arc_cosine_kernel():
    """One ReLU layer at infinite width maps the angle θ to arccos((sin θ + (π-θ) cos θ)/π) (Cho & Saul)."""
    rng = np.random.default_rng(16)
    theta = 0.4
    x, y = np.array([1.0, 0.0]), np.array([math.cos(theta), math.sin(theta)])
    W = rng.standard_normal((400_000, 2))
    hx, hy = np.maximum(W @ x, 0), np.maximum(W @ y, 0)
    cos_mc = hx @ hy / math.sqrt((hx @ hx) * (hy @ hy))
    assert math.acos(cos_mc) == pytest.approx(op._arccos_angle(theta), abs=2e-3)


# --------------------------------------------------------------------------- the claims, end to end

@pytest.mark.parametrize("claim", op.CLAIMS, ids=[c.id for c in op.CLAIMS])
def test_claim_runs_at_quick_scale_with_evidence(claim, tmp_path):
    be = backends.select("numpy")
    store = RunStore(tmp_path, make_manifest(SEED, "quick", be))
    v = run_claim(claim, "quick", store, SEED, be, quiet=True)
    assert v.verdict in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert v.reason.strip()
    records = store.records(claim.id)
    assert len(records) == sum(1 for _ in claim.points("quick")) * claim.reps("quick")
    numeric = [val for r in records for val in r["values"].values()
               if isinstance(val, (int, float)) and not isinstance(val, bool)]
    assert numeric and all(math.isfinite(x) for x in numeric)
    ev = v.evidence
    assert ev["scale"] == "quick" and ev["root_seed"] == SEED
    flat = repr(ev)
    assert any(key in flat for key in ("fit", "rate_ci95", "rows")), "evidence must carry fits, rates or rows"
    if v.verdict == "REFUTED":
        assert v.counterexample is not None


def test_every_overparam_id_is_in_the_catalog_or_a_named_variant():
    from theorems import catalog
    known = {e["id"] for e in catalog.load()}
    for c in op.CLAIMS:
        assert c.id in known or c.id.rsplit("/", 1)[0] in known, c.id
    listed = {e["id"] for e in catalog.load() if e["id"].startswith("overparam/")}
    assert listed - {c.id for c in op.CLAIMS} == {"overparam/thm-1"}     # Theorem 1 (training) is not in this issue


@pytest.mark.gpu
def test_cupy_forward_matches_numpy():
    try:
        be = backends.select("cupy")
    except InputError:
        pytest.skip("no usable CuPy device")
    rng = np.random.default_rng(17)
    X = dr.allen_zhu_arc(3, 6, 0.2, rng)
    net_c = dr.init(64, 3, 6, 2, np.random.default_rng(5), be.xp)
    f = dr.forward(net_c, X, separation=True)
    Wd = [backends.to_numpy(net_c.weight(k)) for k in (1, 2, 3)]
    H = np.maximum(X @ backends.to_numpy(net_c.A).T, 0)
    for W in Wd:
        H = np.maximum(H @ W.T, 0)
    assert np.allclose(backends.to_numpy(f.y), H @ backends.to_numpy(net_c.B).T, atol=1e-12)
