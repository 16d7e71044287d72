"""kernels.nets.two_layer_nonlinear: ghost signals against finite-difference per-example gradients, the exact
expectation over the top layers by two routes and against Monte Carlo, and Theorem 2's ratios per draw."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import activations
from kernels.nets import ghost
from kernels.nets import linear as ln
from kernels.nets import two_layer_nonlinear as tl


@pytest.mark.parametrize("act", ["tanh", "arctan", "softsign"])
def test_two_layer_nonlinear_gram_and_expectation_over_top(act):
    rng = np.random.default_rng(3)
    K, d, n = 3, 4, 6
    W1, W1s, X = rng.standard_normal((K, d)), rng.standard_normal((K, d)), rng.standard_normal((n, d))
    w2, w2s = rng.standard_normal(K), rng.standard_normal(K)
    # ghost Gram vs finite-difference per-example gradients
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
    G = ghost.signal_gram(tl.two_layer_signals(W1, w2, W1s, w2s, X, act))
    np.testing.assert_allclose(G, grads @ grads.T, rtol=1e-5, atol=1e-7 * np.abs(G).max())
    # exact expectation over (w2, w2*): two routes agree, and Monte Carlo over w2 agrees
    e1 = tl.two_layer_expected_over_top(W1, W1s, X, act, "gram")
    e2 = tl.two_layer_expected_over_top(W1, W1s, X, act, "aggregate")
    assert e1["E_norm_sum_sq"] == pytest.approx(e2["E_norm_sum_sq"], rel=1e-12)
    R = 40000
    W2, W2s = rng.standard_normal((R, K)), rng.standard_normal((R, K))
    ss, tot = tl.two_layer_sums_over_top_draws(W1, W1s, X, act, W2, W2s)
    for r in range(3):          # the batched draws against the ghost Gram of single draws
        dv = ln.Diversity.from_gram(ghost.signal_gram(tl.two_layer_signals(W1, W2[r], W1s, W2s[r], X, act)))
        assert ss[r] == pytest.approx(dv.sum_sq, rel=1e-10) and tot[r] == pytest.approx(dv.norm_sum_sq, rel=1e-10)
    assert abs(ss.mean() - e1["E_sum_sq"]) < 5 * ss.std() / math.sqrt(R)
    assert abs(tot.mean() - e1["E_norm_sum_sq"]) < 5 * tot.std() / math.sqrt(R)


def test_ratios_over_top_per_draw():
    K, d, n = 2, 5, 7
    lim, fin, est = tl.ratios_over_top(K, d, n, 3, "tanh", np.random.default_rng(11), ratio_draws=50)
    rng = np.random.default_rng(11)
    for r in range(3):
        W1, W1s, X = rng.standard_normal((K, d)), rng.standard_normal((K, d)), rng.standard_normal((n, d))
        e = tl.two_layer_expected_over_top(W1, W1s, X, "tanh", "gram")
        a, c = e["E_sum_sq"] / n, (e["E_norm_sum_sq"] - e["E_sum_sq"]) / (n * (n - 1))
        assert lim[r] == pytest.approx(a / c, rel=1e-10)
        assert fin[r] == pytest.approx(n * a / (a + (n - 1) * c), rel=1e-10)    # ρ(n) = n a/(a + (n−1)c)
        if r == 0:
            s1, s2 = tl.two_layer_sums_over_top_draws(W1, W1s, X, "tanh", rng.standard_normal((50, K)),
                                                      rng.standard_normal((50, K)))
            assert est.mean == pytest.approx(float(np.mean(n * s1 / s2)), rel=1e-12) and est.draws == 50
    assert tl.ratios_over_top(K, d, n, 1, "tanh", np.random.default_rng(0))[2] is None
