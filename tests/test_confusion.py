"""Gradient-confusion kernels (kernels.nets, kernels.nets.ghost, kernels.nets.sgd) against independent
references, and every confusion/* claim at quick scale through the claim engine."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, target
from hypothesis import strategies as st

from kernels import backend as backends
from kernels.errors import InputError
from kernels.nets import ghost, mlp
from kernels.nets import sgd as _sgd
from theorems.claims.confusion import all_claims as confusion
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest
from theorems.verdict import VERDICTS

SEED = 20261123


# ------------------------------------------------------------------ an independent per-example reference

def _loop_gradients(net, X, y, loss):
    """Per-example gradients by an explicit loop over examples and layers (plain chain rule, no batching):
    a second implementation of backprop, independent of kernels.mlp.backward_signals."""
    act = net.activation
    out = []
    for x, t in zip(X, y):
        hs, zs = [x], []
        for p, W in enumerate(net.weights):
            z = W @ hs[-1] + (net.biases[p] if net.biases is not None else 0.0)
            zs.append(z)
            last = p == len(net.weights) - 1
            hs.append(act.phi(z) if (not last or net.output_activation) else z)
        g = float(hs[-1][0])
        if loss == "square":
            dg = g - t
        elif loss == "logistic":
            dg = -t / (1.0 + math.exp(t * g))
        else:
            dg = 1.0
        delta = np.array([dg]) * (act.dphi(zs[-1]) if net.output_activation else 1.0)
        grads = [None] * len(net.weights)
        for p in range(len(net.weights) - 1, -1, -1):
            gW = np.outer(delta, hs[p])
            grads[p] = (gW, delta.copy())
            if p:
                delta = (net.weights[p].T @ delta) * act.dphi(zs[p - 1])
        flat = []
        for gW, gb in grads:
            flat.append(gW.ravel())
            if net.biases is not None:
                flat.append(gb)
        out.append(np.concatenate(flat))
    return np.array(out)


def _tiny(act="tanh", bias=False, depth=2, width=5, d=4, rng=None, output_activation=True):
    rng = rng or np.random.default_rng(0)
    net = mlp.init_mlp(d, width, depth, act, rng, scheme="he", bias=bias, output_activation=output_activation)
    if bias:
        net.biases = [rng.standard_normal(b.shape) * 0.3 for b in net.biases]
    return net


# ------------------------------------------------------------------ nets

def test_layer_shapes_eq4():
    assert mlp.layer_shapes(7, 5, 3) == [(5, 7), (5, 5), (5, 5), (1, 5)]
    assert mlp.layer_shapes(7, 5, 0) == [(1, 7)]
    with pytest.raises(InputError, match="depth"):
        mlp.layer_shapes(7, 5, -1)


@pytest.mark.parametrize("scheme,var", [("strategy4.1", lambda fi, fo, k, p, d: 1 / (k * fi)),
                                        ("he", lambda fi, fo, k, p, d: 2 / fi),
                                        ("glorot", lambda fi, fo, k, p, d: 2 / (fi + fo)),
                                        ("lecun", lambda fi, fo, k, p, d: 1 / fi)])
def test_init_variances(scheme, var):
    rng = np.random.default_rng(1)
    kappa = 3.0
    net = mlp.init_mlp(60, 80, 2, "tanh", rng, scheme=scheme, kappa=kappa, batch=(40,))
    for p, W in enumerate(net.weights):
        fo, fi = W.shape[-2:]
        v = var(fi, fo, kappa, p, 60)
        assert np.var(W) == pytest.approx(v, rel=0.05), (scheme, p)


def test_strategy41_literal_w0_reading():
    rng = np.random.default_rng(2)
    net = mlp.init_mlp(50, 400, 1, "tanh", rng, kappa=4.0, kappa0=1.0, batch=(20,))
    assert np.var(net.weights[0]) == pytest.approx(1 / 50, rel=0.05)
    assert np.var(net.weights[1]) == pytest.approx(1 / (4 * 400), rel=0.05)


def test_opnorm_rescaling_and_semi_orthogonal():
    rng = np.random.default_rng(3)
    W = rng.standard_normal((6, 30, 20)) * rng.uniform(0.01, 1, (6, 1, 1))
    ref = np.array([np.linalg.norm(w, 2) for w in W])
    assert np.allclose(mlp.spectral_norms(W), ref, rtol=1e-12)
    clipped = mlp.rescale_opnorm(W, "clip")
    assert np.allclose([np.linalg.norm(w, 2) for w in clipped], np.minimum(ref, 1.0), rtol=1e-12)
    assert np.allclose([np.linalg.norm(w, 2) for w in mlp.rescale_opnorm(W, "unit")], 1.0, rtol=1e-12)
    for shape in ((7, 3), (3, 7), (5, 5)):
        Q = mlp.semi_orthogonal(rng, shape)
        assert np.allclose(np.linalg.svd(Q, compute_uv=False), 1.0, atol=1e-12)
    with pytest.raises(InputError, match="opnorm"):
        mlp.rescale_opnorm(W, "bad")


def test_labels_bounds():
    """|C| <= 1 and ‖∇C‖ <= 1 on the unit ball (002 Sec. 4 (a)), by central differences."""
    rng = np.random.default_rng(4)
    d = 6
    X = rng.standard_normal((200, d))
    X /= np.maximum(1.0, np.linalg.norm(X, axis=1, keepdims=True))
    for C in (mlp.teacher(d, 8, 2, rng), mlp.random_lipschitz(d, rng), mlp.constant_labels(-0.5)):
        v = C(X)
        assert np.all(np.abs(v) <= 1 + 1e-12)
        h = 1e-6
        grad = np.stack([(C(X + h * e) - C(X - h * e)) / (2 * h) for e in np.eye(d)], axis=1)
        assert np.all(np.linalg.norm(grad, axis=1) <= 1 + 1e-6), C.kind


def test_loss_zeta_matches_derivative():
    g = np.linspace(-3, 3, 13)
    for loss in ("square", "logistic"):
        for y in (-1.0, 0.3, 1.0):
            h = 1e-6
            num = (mlp.loss_value(loss, g + h, y) - mlp.loss_value(loss, g - h, y)) / (2 * h)
            assert np.allclose(mlp.loss_zeta(loss, g, y), num, atol=1e-8)
            num2 = (mlp.loss_zeta(loss, g + h, y) - mlp.loss_zeta(loss, g - h, y)) / (2 * h)
            assert np.allclose(mlp.loss_dzeta(loss, g, y), num2, atol=1e-7)


def test_input_gradient_finite_differences():
    net = _tiny("tanh", depth=3)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 4))
    gx = mlp.input_gradient(net, X)
    h = 1e-6
    num = np.stack([(mlp.forward(net, X + h * e)[0] - mlp.forward(net, X - h * e)[0]) / (2 * h)
                    for e in np.eye(4)], axis=1)
    assert np.allclose(gx, num, atol=1e-8)


# ------------------------------------------------------------------ per-example gradient Gram

@pytest.mark.parametrize("act", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("loss", ["square", "logistic", None])
def test_gram_against_loop_and_finite_differences(act, bias, loss):
    rng = np.random.default_rng(6)
    net = _tiny(act, bias=bias, rng=rng)
    X = rng.standard_normal((7, 4))
    y = rng.uniform(-1, 1, 7)
    J_loop = _loop_gradients(net, X, y, loss)
    G = ghost.gradient_gram(net, X, y, loss)
    assert np.allclose(G, J_loop @ J_loop.T, rtol=1e-12, atol=1e-12)
    assert np.allclose(ghost.per_example_gradients(net, X, y, loss), J_loop, atol=1e-13)
    J_fd = ghost.finite_difference_gradients(net, X, y, loss)
    tol = 1e-5 if act == "relu" else 1e-7          # a ReLU kink can sit within h of a pre-activation
    assert np.max(np.abs(J_fd - J_loop)) < tol * max(1.0, np.max(np.abs(J_loop)))


def test_gram_linear_output_closed_form():
    """depth 0, linear output: ∇f_i = ζ_i x_i, so G = (ζζᵀ) ⊙ XXᵀ (002 Sec. 2, the logistic-regression example)."""
    rng = np.random.default_rng(7)
    net = mlp.init_mlp(5, 1, 0, "tanh", rng, scheme="lecun", output_activation=False)
    X = rng.standard_normal((9, 5))
    y = np.sign(rng.standard_normal(9))
    g = X @ net.weights[0][0]
    zeta = -y / (1 + np.exp(y * g))
    G = ghost.gradient_gram(net, X, y, "logistic")
    assert np.allclose(G, np.outer(zeta, zeta) * (X @ X.T), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("block,cache", [(1, True), (3, True), (4, False), (10, True), (64, True)])
def test_gram_streamed_equals_direct(block, cache):
    rng = np.random.default_rng(8)
    net = _tiny("tanh", bias=True, depth=3, width=6, rng=rng)
    X = rng.standard_normal((23, 4))
    y = rng.uniform(-1, 1, 23)
    G = ghost.gradient_gram(net, X, y)
    Gs = ghost.gradient_gram(net, X, y, block=block, cache_bytes=2**30 if cache else 0)
    assert np.allclose(G, Gs, rtol=1e-13, atol=1e-14)
    assert np.array_equal(Gs, Gs.T)


def test_gram_batched_equals_per_network():
    rng = np.random.default_rng(9)
    nb = mlp.init_mlp(4, 5, 2, "tanh", rng, scheme="he", batch=(3,))
    X = rng.standard_normal((3, 6, 4))
    y = rng.uniform(-1, 1, (3, 6))
    G = ghost.gradient_gram(nb, X, y)
    for t in range(3):
        single = nb.with_weights([W[t] for W in nb.weights])
        assert np.allclose(G[t], ghost.gradient_gram(single, X[t], y[t]), rtol=1e-13)
    shared = nb.with_weights([W[0] for W in nb.weights])         # one net, batched data
    G2 = ghost.gradient_gram(shared, X, y)
    assert np.allclose(G2[2], ghost.gradient_gram(shared, X[2], y[2]), rtol=1e-13)


def test_gram_statistics_match_definitions():
    rng = np.random.default_rng(10)
    net = _tiny("tanh", rng=rng)
    X = rng.standard_normal((8, 4))
    y = rng.uniform(-1, 1, 8)
    J = _loop_gradients(net, X, y, "square")
    G = ghost.gradient_gram(net, X, y)
    pairs = [(i, j) for i in range(8) for j in range(8) if i != j]
    ip = [J[i] @ J[j] for i, j in pairs]
    cs = [J[i] @ J[j] / np.linalg.norm(J[i]) / np.linalg.norm(J[j]) for i, j in pairs]
    assert ghost.min_offdiag(G) == pytest.approx(min(ip), rel=1e-12)
    assert ghost.confusion(G) == pytest.approx(max(0.0, -min(ip)), rel=1e-12)
    assert ghost.min_cosine(G) == pytest.approx(min(cs), rel=1e-12)
    div = np.sum(J * J) / np.sum(J.sum(0) ** 2)                # 003 Def. 1
    assert ghost.diversity(G) == pytest.approx(div, rel=1e-12)


def test_gram_rejects_bad_block():
    net = _tiny()
    with pytest.raises(InputError, match="block"):
        ghost.gradient_gram(net, np.ones((3, 4)), np.ones(3), block=0)
    with pytest.raises(InputError, match="y"):
        ghost.gradient_gram(net, np.ones((3, 4)), None, "square")


# ------------------------------------------------------------------ SGD problems of Theorems 3.1 / 3.2

def test_sgd_orthogonal_closed_form():
    """Orthogonal a_i: each residual shrinks by (1 − α s_i²) when i is drawn, so
    E F(w_k) = (1/N) Σ_i ½ r_i² (1 − (2α s_i² − α² s_i⁴)/N)^k exactly."""
    rng = np.random.default_rng(11)
    P = _sgd.make_problem("orthogonal", 6, rng)
    alpha = 0.7 * 2 / (P.N * P.L)
    gap, _ = _sgd.exact_moments(P, alpha, 50)
    s2 = np.sum(P.A * P.A, axis=1)
    r0 = P.A @ P.e0
    k = np.arange(51)[:, None]
    ref = np.mean(0.5 * r0 ** 2 * (1 - (2 * alpha * s2 - alpha ** 2 * s2 ** 2) / P.N) ** k, axis=1)
    assert np.allclose(gap, ref, rtol=1e-12)


@pytest.mark.parametrize("family", _sgd.FAMILIES)
def test_sgd_exact_moments_match_monte_carlo(family):
    rng = np.random.default_rng(12)
    P = _sgd.make_problem(family, 5, rng)
    alpha = 0.5 * 2 / (P.N * P.L)
    gap, grad2 = _sgd.exact_moments(P, alpha, 40)
    mc = _sgd.monte_carlo(P, alpha, 40, 20000, rng, at=(5, 40))
    for k in (5, 40):
        m, lo, hi = mc[k]["gap"]
        assert abs(gap[k] - m) <= 2 * (hi - lo), (family, k)
        m, lo, hi = mc[k]["grad2"]
        assert abs(grad2[k] - m) <= 2 * (hi - lo), (family, k)


def test_sgd_confusion_bounds_are_valid_and_tight():
    rng = np.random.default_rng(13)
    P = _sgd.make_problem("centers", 4, rng)
    C = P.C
    # attained at w = (c_i + c_j)/2 for the farthest pair; never exceeded at random w
    d2 = np.sum((C[:, None] - C[None]) ** 2, axis=-1)
    i, j = np.unravel_index(np.argmax(d2), d2.shape)
    w = (C[i] + C[j]) / 2
    assert (w - C[i]) @ (w - C[j]) == pytest.approx(-P.eta, rel=1e-12)
    W = rng.standard_normal((2000, P.D)) * 3
    for a in range(4):
        for b in range(a + 1, 4):
            assert np.all(np.sum((W - C[a]) * (W - C[b]), axis=1) >= -P.eta * (1 + 1e-12))
    G = _sgd.make_problem("gaussian", 5, rng)
    R = np.linalg.norm(G.e0)
    E = rng.standard_normal((20000, G.D))
    E *= R * rng.uniform(0, 1, (20000, 1)) ** (1 / G.D) / np.linalg.norm(E, axis=1, keepdims=True)
    worst = 0.0
    for a in range(5):
        for b in range(a + 1, 5):
            ip = (G.A[a] @ G.A[b]) * (E @ G.A[a]) * (E @ G.A[b])
            worst = min(worst, ip.min())
    assert worst >= -G.eta * (1 + 1e-12)


# ------------------------------------------------------------------ lemma B.1 and App. C references

def test_pair_tail_closed_form_against_monte_carlo():
    rng = np.random.default_rng(14)
    for d in (2, 3, 10):
        X = rng.standard_normal((200000, d))
        Y = rng.standard_normal((200000, d))
        t = np.abs(np.sum(X * Y, axis=1) / np.linalg.norm(X, axis=1) / np.linalg.norm(Y, axis=1))
        for nu in (0.1, 0.5, 0.9):
            p = float(confusion._pair_tail(d, nu))
            assert np.mean(t >= nu) == pytest.approx(p, abs=4e-3)
    assert float(confusion._pair_tail(2, 0.5)) == pytest.approx(2 * math.acos(0.5) / math.pi, rel=1e-12)


@given(h=st.floats(0.01, 10, allow_nan=False, allow_subnormal=False),
       L=st.floats(0.01, 10, allow_nan=False, allow_subnormal=False),
       t=st.floats(-100, 100, allow_nan=False, allow_subnormal=False))
def test_appc_one_dimensional_equality(h, L, t):
    """f_1 = f_2 = h s²/2 + L|s|³/6 along a unit u attains the App. C bound with equality at w = t u."""
    g = h * t + 0.5 * L * abs(t) * t
    rhs = t * t * h * h + 0.5 * L * abs(t) ** 3 * 2 * h + 0.25 * L * L * t ** 4
    target(g * g / rhs if rhs else 0.0)
    assert g * g <= rhs * (1 + 1e-12) + 1e-300
    assert g * g == pytest.approx(rhs, rel=1e-12)


def test_appc_families_exact_hessian_lipschitz():
    """The L_H used by the App. C claim is a valid Lipschitz constant of the Hessian (difference quotients
    of the gradient's Jacobian, by finite differences), and H(0) is the quadratic part."""
    rng = np.random.default_rng(15)
    for fam in ("cubic", "arctan"):
        grad, Hs, LH, dirs = confusion._appc_family(fam, 4, 2, rng)

        def hess(w, which=0, h=1e-5):
            return np.stack([(grad(w + h * e)[which] - grad(w - h * e)[which]) / (2 * h) for e in np.eye(4)])
        assert np.allclose(hess(np.zeros(4)), Hs[0], atol=1e-4)
        best = 0.0
        for _ in range(200):
            w1, w2 = rng.standard_normal(4), rng.standard_normal(4)
            best = max(best, np.linalg.norm(hess(w1) - hess(w2), 2) / np.linalg.norm(w1 - w2))
        assert best <= LH * (1 + 1e-3)


# ------------------------------------------------------------------ every claim at quick scale

@pytest.mark.parametrize("claim", confusion.CLAIMS, ids=lambda c: c.id)
def test_confusion_claim_quick(claim, tmp_path):
    be = backends.select("numpy")
    store = RunStore(tmp_path, make_manifest(SEED, "quick", be))
    v = run_claim(claim, "quick", store, SEED, be, quiet=True)
    assert v.verdict in VERDICTS
    assert v.reason.strip()
    recs = store.records(claim.id)
    assert len(recs) == len(claim.points("quick")) * claim.reps("quick")
    ev = v.evidence
    assert ev["scale"] == "quick" and ev["backend"] == "numpy"
    if claim.kind in ("bound", "tail"):                  # Predicate: one row per record, with its numbers
        assert ev["checked"] > 0 and len(ev["rows"]) == len(recs)
        nums = [val for r in ev["rows"] for val in r.values() if isinstance(val, float)]
        assert nums and all(math.isfinite(x) for x in nums)
    else:                                                # scaling: fitted slopes with intervals
        fits = []

        def walk(o):
            if isinstance(o, dict):
                if "fit" in o and isinstance(o["fit"], dict):
                    fits.append(o["fit"])
                for val in o.values():
                    walk(val)
        walk(ev)
        hp_rows = [row for part in ev.values() if isinstance(part, dict) for rows in part.values()
                   if isinstance(rows, list) for row in rows if isinstance(row, dict) and "rate_ci95" in row]
        assert fits or hp_rows
        for f in fits:
            assert math.isfinite(f["slope"]) and f["lo"] <= f["slope"] <= f["hi"]
    if v.verdict == "REFUTED":
        assert v.counterexample is not None
