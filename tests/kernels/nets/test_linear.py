"""kernels.nets.linear: the ghost Gram of a linear network against a naive per-example loop and finite
differences; gradient diversity by its three routes; the batched 2-layer sums against single draws."""
from __future__ import annotations

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import ghost
from kernels.nets import linear as ln


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
    d1 = ln.Diversity.from_gram(G)
    d2 = ln.lnn_diversity(Ws, Wst, X)
    assert d1.delta == pytest.approx(d2.delta, rel=1e-10)
    assert d1.delta == pytest.approx(float(ghost.diversity(G_naive)), rel=1e-10)
    s = grads.sum(axis=0)
    assert d2.sum_sq == pytest.approx(float(np.sum(grads ** 2)), rel=1e-10)
    assert d2.norm_sum_sq == pytest.approx(float(s @ s), rel=1e-10)
    assert d2.cross == pytest.approx(float(s @ s - np.sum(grads ** 2)), rel=1e-8, abs=1e-8 * float(s @ s))
    assert d2.batch_bound == pytest.approx(7 * d2.delta)


def test_diversity_of_vanishing_gradients_is_infinite():
    d = ln.Diversity.from_sums(3, 0.0, 0.0)
    assert d.delta == np.inf and d.batch_bound == np.inf
    assert ln.Diversity.from_gram(np.zeros((3, 3))).delta == np.inf


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


@pytest.mark.parametrize("dist,mean", [("gaussian", 0.0), ("rademacher", 0.0), ("gaussian", 1.0)])
def test_two_layer_batch_bounds_match_single_draws(dist, mean):
    K, d, n, R = 3, 4, 5, 6
    bs = ln.two_layer_lnn_batch_bounds(K, d, n, R, np.random.default_rng(3), dist, mean)
    rng = np.random.default_rng(3)                       # the same stream, drawn in the same order
    W1 = ln.draw(rng, (R, K, d), np, dist, mean)
    w2 = ln.draw(rng, (R, K), np, dist, mean)
    X = ln.draw(rng, (R, n, d), np, dist, mean)
    W1s, w2s = ln.draw(rng, (R, K, d), np, dist, mean), ln.draw(rng, (R, K), np, dist, mean)
    for r in range(R):
        want = ln.Diversity.from_gram(ln.lnn_gram([W1[r], w2[r][None, :]], [W1s[r], w2s[r][None, :]], X[r]))
        assert bs[r] == pytest.approx(want.batch_bound, rel=1e-9)


def test_batch_bound_draws_match_the_gram_route():
    dims, n = (4, 3, 2), 9
    bs = ln.batch_bound_draws(dims, n, 3, np.random.default_rng(4))
    rng = np.random.default_rng(4)
    for b in bs:
        Ws, Wst = ln.init_weights(dims, rng), ln.init_weights(dims, rng)
        G = ln.lnn_gram(Ws, Wst, rng.standard_normal((n, 4)))
        assert b == pytest.approx(n * float(np.trace(G) / G.sum()), rel=1e-10)


def test_shapes_and_parameter_count():
    assert ln.full_widths((5, 3, 2)) == (5, 3, 2, 1)
    assert ln.parameter_count((5, 3, 2)) == 5 * 3 + 3 * 2 + 2
    Ws = ln.init_weights((5, 3, 2), np.random.default_rng(0), scale="fan_in")
    assert [W.shape for W in Ws] == [(3, 5), (2, 3), (1, 2)]
    assert sum(W.size for W in Ws) == ln.parameter_count((5, 3, 2))


def test_bad_input_names_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="dist"):
        ln.init_weights((3, 2), rng, dist="uniform")
    with pytest.raises(InputError, match="scale"):
        ln.init_weights((3, 2), rng, scale="xavier")
    with pytest.raises(InputError, match="dims"):
        ln.check_dims((3, 0))
