"""kernels.nets.linear_moments: the exact recursion against sympy's brute-force Isserlis expansion, closed forms
worked by hand and Monte Carlo; the 2-layer data moments against sympy; the variances against brute force."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from kernels.errors import InputError
from kernels.nets import linear as ln
from kernels.nets import linear_moments as lm


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


@pytest.mark.parametrize("dims", [(2, 2), (100, 2), (3, 4, 7), (1024, 2, 2)])
def test_smallest_n_is_the_first_n_where_rho_reaches_the_bound(dims):
    ex = lm.exact_layer_moments(dims)
    lim = ex.rho_limit()
    for bound in (Fraction(1), lim / 2, lim * Fraction(99, 100), lim, lim + 1):
        n = ex.smallest_n(bound)
        if bound >= lim:
            assert n is None
            continue
        assert ex.sums(n)["rho"] >= bound                   # rho(n) increases in n: a search from 1
        assert n == 1 or ex.sums(n - 1)["rho"] < bound


def test_to_float_overflows_to_inf():
    assert lm.to_float(Fraction(1, 3)) == 1 / 3
    assert lm.to_float(10 ** 400) == math.inf
    assert lm.to_float(Fraction(10 ** 400, 3)) == math.inf


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


def test_two_layer_expectations_exact_and_monte_carlo():
    rng = np.random.default_rng(7)
    g = lm.two_layer_expectations(3, 2, "gaussian", 10, rng)
    assert g["method"] == "exact" and g["diag_se"] == 0.0
    assert g["diag"] == 4 * 3 * 5 * 2 * 3 and g["cross"] == 3 * 2 * (8 + 3 + 3)
    r = lm.two_layer_expectations(2, 3, "rademacher", 100000, rng)
    sl = lm.symbolic_layer_moments((2, 3), "rademacher")
    diag, cross = sum(v[0] for v in sl.values()), sum(v[1] for v in sl.values())
    assert abs(r["diag"] - diag) < 5 * r["diag_se"] and abs(r["cross"] - cross) < 5 * r["cross_se"]
    assert r["method"].startswith("monte_carlo (100000")


def test_mc_estimate_is_mean_and_standard_error():
    x = np.array([1.0, 2.0, 4.0, 7.0])
    est = lm.mc_estimate(x)
    assert est.mean == 3.5 and est.draws == 4
    assert est.se == pytest.approx(math.sqrt(sum((v - 3.5) ** 2 for v in x) / 3 / 4), rel=1e-14)
    assert est.z(3.5) == 0.0


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
    mom = lm.standard_moments("gaussian")
    E = lambda p: lm.polynomial_expectation(p, mom)  # noqa: E731
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


def test_bad_input_names_the_parameter():
    rng = np.random.default_rng(0)
    with pytest.raises(InputError, match="dims"):
        lm.exact_layer_moments((3, 0))
    with pytest.raises(InputError, match="n"):
        lm.two_layer_variances_mc(2, 2, 1, 10, rng)
    with pytest.raises(InputError, match="dims"):
        lm.symbolic_coordinate_moments((5, 5, 5))
    with pytest.raises(InputError, match="dist"):
        lm.standard_moments("uniform")
