"""kernels.probability.sphere_tails: the exact pair tail of uniform points on the sphere against Monte Carlo and closed forms,
and the Monte Carlo count of 000 Lemma B.1's union event against an explicit loop."""
from __future__ import annotations

import math

import numpy as np
import pytest

from kernels import data
from kernels.probability import sphere_tails


def test_pair_tail_closed_form_against_monte_carlo():
    rng = np.random.default_rng(14)
    for d in (2, 3, 10):
        X = rng.standard_normal((200000, d))
        Y = rng.standard_normal((200000, d))
        t = np.abs(np.sum(X * Y, axis=1) / np.linalg.norm(X, axis=1) / np.linalg.norm(Y, axis=1))
        for nu in (0.1, 0.5, 0.9):
            p = float(sphere_tails.pair_tail(d, nu))
            assert np.mean(t >= nu) == pytest.approx(p, abs=4e-3)
    # d = 2: the angle is uniform, P[|cos θ| >= ν] = 2 arccos(ν)/π; d = 3: xᵀy is uniform on [−1, 1]
    assert float(sphere_tails.pair_tail(2, 0.5)) == pytest.approx(2 * math.acos(0.5) / math.pi, rel=1e-12)
    assert float(sphere_tails.pair_tail(3, 0.3)) == pytest.approx(0.7, rel=1e-12)


def test_log_pair_tail_and_bound():
    nu = np.array([0.01, 0.3, 0.9])
    for d in (3, 30):
        assert np.allclose(sphere_tails.log_pair_tail(d, nu), np.log(sphere_tails.pair_tail(d, nu)), rtol=1e-12)
        ref = [math.log(math.sqrt(math.pi / 2) * math.exp(-(d - 1) * v * v / 2)) for v in nu]
        assert np.allclose(sphere_tails.log_pair_bound(d, nu), ref, rtol=1e-13)
    assert sphere_tails.log_pair_tail(5000, 0.5) == pytest.approx(math.log(float(sphere_tails.pair_tail(5000, 0.5))),
                                                                 rel=1e-6)    # near the double-precision floor


def test_pair_tail_against_bound():
    s = sphere_tails.pair_tail_against_bound(3, [0.3, 0.9], 1e-9)     # d = 3: P = 1 − ν
    b = [math.sqrt(math.pi / 2) * math.exp(-v * v) for v in (0.3, 0.9)]     # the first above 1, the second below
    assert s["holds"] and s["worst_nu"] == 0.3
    assert s["max_ratio_p_over_bound"] == pytest.approx(0.7 / b[0], rel=1e-12)
    assert s["max_ratio_where_bound_below_1"] == pytest.approx(0.1 / b[1], rel=1e-12)
    assert sphere_tails.pair_tail_against_bound(2, [0.01], 1e-9)["max_ratio_where_bound_below_1"] is None


def test_count_exceeding_sets_against_a_loop():
    N, d, nu, T = 4, 5, 0.8, 300
    k = sphere_tails.count_exceeding_sets(N, d, nu, T, np.random.default_rng(3))
    X = data.sphere(N, d, np.random.default_rng(3), batch=(T,))
    ref = sum(any(abs(float(x[i] @ x[j])) > nu for i in range(N) for j in range(i + 1, N)) for x in X)
    assert k == ref


def test_count_exceeding_sets_two_points_is_the_pair_tail():
    d, nu, T = 6, 0.5, 40000
    k = sphere_tails.count_exceeding_sets(2, d, nu, T, np.random.default_rng(4))
    assert k / T == pytest.approx(float(sphere_tails.pair_tail(d, nu)), abs=4 * math.sqrt(0.25 / T))
