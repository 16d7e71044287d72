"""kernels.series.chebyshev against independent references, and the claims of theorems/claims/activation/cheb.py.

References: e^x has c_0 = I_0(1), c_k = 2 I_k(1) on [-1, 1] (modified Bessel; Mason & Handscomb 2002,
Sec. 5.2), all positive, so sup |e^x - S_p| = sum_{k>p} 2 I_k(1) (attained at x = 1); the Runge function
1/(1 + 25 x^2) has poles +-i/5, Bernstein rho = (1 + sqrt 26)/5; x^3 = (3/4) T_1 + (1/4) T_3, whose best
degree-2 approximation error is exactly 1/4 (equioscillation of T_3 / 4).
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from kernels import backend as backends
from kernels.errors import InputError
from kernels.series import chebyshev as ch
from theorems.claims.activation import cheb as activation_cheb
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest


def _bessel_coeffs(kmax: int, scale=1):
    with mpmath.workdps(40):
        return [scale * (mpmath.besseli(0, 1) if k == 0 else 2 * mpmath.besseli(k, 1)) for k in range(kmax + 1)]


def test_exp_coefficients_match_bessel():
    s = ch.coefficients(mpmath.exp, -1, 1, dps=30)
    assert s.happy and 15 <= s.degree <= 30
    ref = _bessel_coeffs(s.degree)
    assert max(abs(c - r) for c, r in zip(s.coeffs, ref)) < 1e-28


def test_mapped_interval_coefficients():
    # e^x on [0, 2]: x = 1 + t, so e^x = e * e^t and c_k = e * (2) I_k(1)
    s = ch.coefficients(mpmath.exp, 0, 2, dps=30)
    ref = _bessel_coeffs(s.degree, scale=mpmath.e)
    assert max(abs(c - r) for c, r in zip(s.coeffs, ref)) < 1e-27
    with mpmath.workdps(30):
        assert abs(s(mpmath.mpf("0.3")) - mpmath.exp(mpmath.mpf("0.3"))) < 1e-27


@pytest.mark.parametrize("eps", [1e-3, 1e-8, 1e-12])
def test_degree_for_exp_matches_exact_tails(eps):
    ref = _bessel_coeffs(60)
    with mpmath.workdps(40):
        tails = [float(mpmath.fsum(ref[p + 1:])) for p in range(40)]      # exact sup |e^x - S_p|
    expected = next(p for p in range(40) if tails[p] <= eps)
    res = ch.degree_for(mpmath.exp, -1, 1, eps)
    assert res.degree == expected == res.degree_grid
    assert res.error == pytest.approx(tails[expected], rel=1e-9)          # x = 1 is a grid point
    assert res.error_upper >= tails[expected]
    assert res.error_below > eps                                           # degree - 1 certainly fails
    assert res.errors.lower[expected - 1] <= tails[expected - 1] <= res.errors.upper[expected - 1]


def test_runge_rate_matches_bernstein():
    rho = ch.bernstein_rate([0.2j, -0.2j])
    assert rho == pytest.approx((1 + math.sqrt(26)) / 5, rel=1e-14)
    s = ch.coefficients(lambda x: 1 / (1 + 25 * x * x), -1, 1, dps=30)
    fit = ch.geometric_rate(s)
    assert fit.plateau and fit.points > 50
    # the CI covers log rho up to the bias of the last kept coefficients (within 1e3 of the 1e-30 noise)
    assert fit.lo - 1e-6 <= math.log(rho) <= fit.hi + 1e-6
    assert fit.rho == pytest.approx(rho, rel=1e-6)


def test_bernstein_rate_mapping_and_real_singularity():
    assert ch.bernstein_rate(2j) == pytest.approx(2 + math.sqrt(5), rel=1e-14)
    assert ch.bernstein_rate(1 + 2j, 0, 2) == pytest.approx(2 + math.sqrt(5), rel=1e-14)
    assert ch.bernstein_rate(-2.0) == pytest.approx(2 + math.sqrt(3), rel=1e-14)
    assert ch.bernstein_rate([3.0, 0.5j, 2j]) == ch.bernstein_rate(0.5j)


def test_geometric_rate_of_plain_geometric_sequence():
    c = [0.5 ** k for k in range(60)] + [1e-17 * (-1) ** k for k in range(40)]
    fit = ch.geometric_rate(c)
    assert fit.plateau and fit.k_last < 60
    assert fit.rate == pytest.approx(math.log(2), rel=1e-6)


def test_standard_chop():
    c = [10.0 ** (-k / 2) for k in range(40)] + [1e-18 * (1 + 0.1 * (k % 3)) for k in range(60)]
    cut = ch.standard_chop(c, 1e-16)
    assert 28 <= cut <= 38                          # the coefficients reach 1e-16 at k = 32
    assert ch.standard_chop(c[:10]) == 10           # too short to judge: keep all
    assert ch.standard_chop([1.0] + [0.0] * 30) == 1
    assert ch.standard_chop([1.0 / (k + 1) for k in range(100)]) == 100   # no plateau


def test_vallee_poussin_on_x_cubed():
    # S_2 x^3 = S_1 x^3 = (3/4) x; the error T_3 / 4 equioscillates: E_2(x^3) = 1/4 exactly
    s = ch.coefficients(lambda x: x ** 3, -1, 1, dps=30)
    te = ch.truncation_errors(s)
    assert te.at(2)["grid"] == pytest.approx(0.25, rel=1e-12)
    lb = te.best_lower_bound(2)
    # the 65-point grid misses the interior extrema of T_3 by < pi/128: a valid bound, within 2e-3 of E_2
    assert 0.25 * (1 - 2e-3) <= lb["lower_bound"] <= 0.25 and lb["alternation_points"] == 4
    assert ch.degree_for(lambda x: x ** 3, -1, 1, 0.3, series=s).degree == 1
    assert ch.vallee_poussin_bound([1.0, -1.0, 1.0], 2) == (0.0, [])      # too few alternations


def test_kink_series_is_unhappy_but_usable():
    s = ch.coefficients(lambda x: abs(x) ** 3, -1, 1, dps=20, max_degree=256)
    assert not s.happy and s.degree == 256
    te = ch.truncation_errors(s, oversample=4)
    assert te.at(8)["grid"] > te.at(32)["grid"] > te.at(128)["grid"]


@pytest.mark.parametrize("call, parameter", [
    (lambda: ch.coefficients(mpmath.exp, 1, 0), "b"),
    (lambda: ch.coefficients(mpmath.exp, -1, float("inf")), "a/b"),
    (lambda: ch.coefficients(mpmath.exp, dps=10), "dps"),
    (lambda: ch.coefficients(mpmath.exp, tol=0.0), "tol"),
    (lambda: ch.coefficients(mpmath.exp, max_degree=8), "max_degree"),
    (lambda: ch.coefficients("exp"), "f"),
    (lambda: ch.coefficients(lambda x: mpmath.sqrt(x), -1, 1), "f"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, 0.0), "eps"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, -1e-3), "eps"),
    (lambda: ch.degree_for(mpmath.exp, -1, 1, 1e-40, dps=20), "eps"),
    (lambda: ch.bernstein_rate(0.5), "singularity"),
    (lambda: ch.bernstein_rate(2j, 1, 1), "b"),
    (lambda: ch.geometric_rate([1.0, 0.5]), "coeffs"),
    (lambda: ch.standard_chop([1.0] * 20, tol=2.0), "tol"),
    (lambda: ch.truncation_errors("not a series"), "series"),
])
def test_bad_inputs_name_the_parameter(call, parameter):
    with pytest.raises(InputError) as exc:
        call()
    assert exc.value.parameter == parameter


def test_printed_degrees():
    # 004 Thm F.4 at k = 1, eps = 1e-8: ceil(log((4 pi + 2)/(pi^2 1e-8)) / log(1 + pi)) = 14
    assert activation_cheb.printed_degree_f4(1.0, 1e-8) == 14
    assert activation_cheb.printed_degree_f4(0.0, 0.5) == 0
    assert activation_cheb.printed_degree_eq8(16.0, 1e-8) == 112
    assert activation_cheb.printed_degree_g1(4.0, 1e-4) == math.ceil(
        math.log((16 * math.pi + 32) / (math.pi ** 2 * 1e-4)) / math.log(1 + math.pi / 4))


_NUMBERS = {
    "activation/thm-F.4": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/eq-8": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/eq-8/corrected": ("printed_degree", "measured_degree", "error_at_printed"),
    "activation/thm-G.1": ("printed_degree", "measured_degree", "error_at_printed", "best_error_lower_bound"),
    "activation/lemma-F.5": ("lhs", "rhs", "worst_case"),
    "activation/lemma-F.5/corrected": ("lhs", "rhs", "worst_case"),
}


@pytest.mark.parametrize("claim", activation_cheb.CLAIMS, ids=lambda c: c.id)
def test_claim_runs_at_quick_scale(claim, tmp_path):
    be = backends.select("numpy")
    store = RunStore(tmp_path, make_manifest(7, "quick", be))
    v = run_claim(claim, "quick", store, 7, be, quiet=True)
    assert v.verdict in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert v.reason
    if claim.id in _NUMBERS:
        rows = v.evidence["rows"]
        assert len(rows) == len(claim.points("quick")) * claim.reps("quick")
        for row in rows:
            for key in _NUMBERS[claim.id]:
                assert isinstance(row[key], (int, float)) and math.isfinite(row[key]), (key, row)
        if "measured_degree" in _NUMBERS[claim.id]:
            for row in rows:            # the verified degree reaches eps; the one before does not
                assert row["measured_degree"] >= 0
    else:                               # Thm H.1: rate fits against the Bernstein rate, exponent fits
        part = v.evidence["part1"]
        assert set(part) == {"k=1.0", "k=4.0"}
        for g in part.values():
            assert math.isfinite(g["decay_rate"]) and g["ci"][0] <= g["decay_rate"] <= g["ci"][1]
            assert g["bernstein_log_rho"] > 0 and g["unresolved"] == 0
        for key in ("part4", "part5"):
            fit = v.evidence[key]["all"]["fit"]
            assert math.isfinite(fit["slope"]) and fit["lo"] <= fit["slope"] <= fit["hi"]


def test_lemma_f5_worst_case_is_hit():
    # the aligned family attains 2 eps + eps^2, the exact supremum under the lemma's hypotheses
    rng = np.random.default_rng(0)
    for eps in (0.25, 1.0, 2.0):
        out = activation_cheb._measure_f5({"eps": eps, "family": "aligned", "grid_size": 33}, rng, None)
        assert out["hypotheses_hold"]
        assert out["lhs"] == pytest.approx(2 * eps + eps * eps, rel=1e-14)
