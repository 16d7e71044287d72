"""Tests of kernels.nets.deep_relu_norms against dense references: explicit products and np.linalg.norm(·, 2)
at small sizes (the kernel never forms them), brute force over sparse supports, and the maxima over samples
and blocks taken here by hand.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import deep_relu as dr
from kernels.nets import deep_relu_norms as nrm

from .deep_relu_reference import dense_back, dense_product, small_net


@pytest.mark.parametrize("a,b", [(1, 1), (1, 4), (2, 3), (3, 4)])
def test_top_singular_of_the_masked_product_matches_dense_norm(a, b):
    rng, net, X = small_net(seed=5, m=30, L=4)
    fwd = dr.forward(net, X)
    for i in (0, 3):
        M = dense_product(net, fwd.masks, i, a, b)
        ap, rap = nrm.product_operator(net, fwd, i, a, b)
        V = rng.standard_normal((net.m, 3))
        assert np.allclose(ap(V), M @ V, atol=1e-12)
        assert np.allclose(rap(V), M.T @ V, atol=1e-12)
        ts = nrm.top_singular(ap, rap, net.m, rng, tol=1e-12)
        ref = np.linalg.norm(M, 2)
        assert ts.sigma == pytest.approx(ref, rel=1e-8)
        assert ts.sigma <= ref * (1 + 1e-12) and ts.upper >= ref * (1 - 1e-12)


def test_sparse_search_is_a_true_lower_bound_and_exact_on_its_support():
    rng = np.random.default_rng(6)
    M = rng.standard_normal((7, 11))
    s = 3
    brute = max(np.linalg.norm(M[:, list(S)], 2) for S in itertools.combinations(range(11), s))
    v0 = np.linalg.svd(M)[2][0]
    val, support = nrm.sparse_top_singular(lambda V: M @ V, lambda U: M.T @ U, 11, s, v0)
    assert len(support) == s
    assert val == pytest.approx(np.linalg.norm(M[:, sorted(support)], 2), rel=1e-12)
    assert val <= brute * (1 + 1e-12)
    assert val >= 0.8 * brute



def test_product_operator_rejects_a_bad_range():
    _, net, X = small_net(seed=0, m=8, L=2, d_in=3, d_out=1, n=2)
    with pytest.raises(InputError, match="a/b"):
        nrm.product_operator(net, dr.forward(net, X), 0, 2, 1)


def test_product_norms_are_the_maxima_over_samples_of_dense_norms():
    rng, net, X = small_net(seed=30, m=16, L=3, d_out=1, n=3)
    fwd = dr.forward(net, X)
    s = 4
    pn = nrm.product_norms(net, fwd, 1, 3, s, rng, tol=1e-12)
    dense = [dense_product(net, fwd.masks, i, 1, 3) for i in range(3)]
    assert pn.sigma == pytest.approx(max(np.linalg.norm(M, 2) for M in dense), rel=1e-8)
    supports = list(itertools.combinations(range(net.m), s))
    right = max(np.linalg.norm(M[:, list(S)], 2) for M in dense for S in supports)     # max ‖M v‖, ‖v‖_0 <= s
    left = max(np.linalg.norm(M[list(S), :], 2) for M in dense for S in supports)      # max ‖uᵀ M‖, ‖u‖_0 <= s
    assert 0.5 * right <= pn.sparse_right <= right * (1 + 1e-12)
    assert 0.5 * left <= pn.sparse_left <= left * (1 + 1e-12)
    assert pn.residual >= 0 and pn.iterations >= 1


def test_back_norms_match_dense_backward_matrices():
    _, net, X = small_net(seed=31, m=20, L=3, d_out=2, n=3)
    fwd = dr.forward(net, X)
    norms = {(a, i): np.linalg.norm(dense_back(net, fwd.masks, i, a), 2) for a in range(1, net.L + 2) for i in range(3)}
    s = 3
    bn = nrm.back_norms(net, fwd, s)
    best = max(norms.values())
    assert bn.norm == pytest.approx(best, rel=1e-10)
    assert max(norms[bn.argmax_a, i] for i in range(3)) == pytest.approx(best, rel=1e-10)
    brute = max(np.linalg.norm(dense_back(net, fwd.masks, 0, a)[:, list(S)], 2)
                for a in range(1, net.L + 2) for S in itertools.combinations(range(net.m), s))
    assert 0.5 * brute <= bn.sparse <= brute * (1 + 1e-12)
