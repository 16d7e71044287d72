"""theorems/claims/activation/small_eigenvalues.py: the F.8 bound and p against hand computations, the SVD route
of the measure against the eigenvalues of G, and the nested data of the Thm 4.4 / G.3 n sweep."""
from __future__ import annotations

import math
from itertools import count

import numpy as np
import pytest

from kernels import seeds
from kernels.gmatrix.empirical import g0_spectrum
from theorems.claims.activation import small_eigenvalues as se


def test_largest_p_is_condition_6_by_brute_force():
    for span, n in ((2, 50), (2, 400), (3, 100), (5, 1000)):
        p = next(q for q in count() if math.comb(span + q + 1, q + 1) >= n + 1)
        assert se._largest_p(span, n) == p
        assert math.comb(span + p, p) < n + 1 <= math.comb(span + p + 1, p + 1)


def test_cheb_bound_by_hand():
    n, m, d, span = 400, 300, 5, 2
    p = se._largest_p(span, n)                                    # (p+1)(p+2)/2 < 401: p = 26
    assert p == 26
    r = math.sqrt(math.log(n * m))
    eps = 3 * (4 * math.pi + 6 * r) / (1 + (math.pi / 3) / r) ** p
    assert se._cheb_bound(n, m, d, span, "dzps")[0] == pytest.approx(5 * n * eps ** 2, rel=1e-12)
    rf = math.sqrt(math.log(n * m) / d)
    eps_f = 3 * (4 * math.pi + 6 * rf) / (1 + (math.pi / 3) / rf) ** p
    assert se._cheb_bound(n, m, d, span, "fanin")[0] == pytest.approx(5 * n ** 2 * eps_f ** 2, rel=1e-12)


def test_cheb_measure_interval_agrees_with_eigenvalues_of_g():
    point = {"init": "fanout", "span": 2, "n": 50, "m": 100}
    v = se._measure_cheb(point, np.random.default_rng(4), None)
    rng = np.random.default_rng(4)
    X, _ = se._data(50, 2, rng)
    sp = g0_spectrum(X, "tanh", 100, rng, init="fanout")           # same draws, other route
    assert v["lambda_max"] == pytest.approx(sp.values[0], rel=1e-10)
    assert v["lambda_min_lower"] <= sp.lambda_min + sp.floor and sp.lambda_min - sp.floor <= v["lambda_min_upper"]
    assert v["lambda_min_upper"] < 1e-6 * sp.floor                 # the SVD route resolves far below G's floor
    assert v["applies"] and v["holds"] and v["margin"] > 0 and "inapplicable" not in v


def test_nested_data_across_n_within_one_repetition():
    pts = [{"span": 2, "n": n, "n_pool": 32} for n in (8, 32)]
    X8, _ = se._nested_data("activation/thm-4.4", pts[0], seeds.generator(1, "activation/thm-4.4", "a", 2))
    X32, a32 = se._nested_data("activation/thm-4.4", pts[1], seeds.generator(1, "activation/thm-4.4", "b", 2))
    np.testing.assert_array_equal(X8, X32[:8])
    assert a32["data_span"] == 2
    other, _ = se._nested_data("activation/thm-4.4", pts[0], seeds.generator(1, "activation/thm-4.4", "a", 3))
    assert not np.array_equal(X8, other)


def test_neg_log_only_for_resolved_decay():
    assert se._neg_log(None) is None and se._neg_log(1.5) is None and se._neg_log(math.exp(-3)) == pytest.approx(3)
