"""The claims of theorems/claims/activation/hermite_decay.py: the readings behind the verdicts.

- eq. 34 fails under Boyd's physicists' reading too: the orthonormal Hermite-function coefficients of sech^2
  (computed here by a three-term recurrence and the trapezoidal rule, independent of kernels.series) decay like
  exp(-b sqrt(2k+1)) with b well above pi/4.
- the literal h_p (from k = 1) leaves c̄_0 = E[tanh'(z)] in E_p: the variant's energy never falls below c̄_0^2.
- the checks can refute: a synthetic coefficient law slower than printed is REFUTED, faster is CONFIRMED.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

from theorems.claims.activation import hermite_decay as hd
from theorems.verdict import CONFIRMED, REFUTED


def _hermite_function_coefficients(f, kmax: int) -> np.ndarray:
    x = np.linspace(-40, 40, 160001)
    h = x[1] - x[0]
    fx = f(x)
    prev, cur = np.pi ** -0.25 * np.exp(-x * x / 2), None
    cur = math.sqrt(2) * x * prev
    out = [np.sum(fx * prev) * h, np.sum(fx * cur) * h]
    for k in range(1, kmax):
        prev, cur = cur, math.sqrt(2 / (k + 1)) * x * cur - math.sqrt(k / (k + 1)) * prev
        out.append(np.sum(fx * cur) * h)
    return np.array(out)


def test_eq34_fails_under_the_physicists_reading_too():
    a = _hermite_function_coefficients(lambda x: 1 / np.cosh(x) ** 2, 200)
    ks = np.arange(40, 200, 2)
    slope = np.polyfit(np.sqrt(2 * ks + 1), np.log(np.abs(a[ks]) * (2 * ks + 1) ** 0.25), 1)[0]
    assert slope < -1.2          # the strip half-width of sech^2 is pi/2; eq. 34 prints pi/4 = 0.785


def test_literal_h_p_keeps_the_constant_term():
    c0 = integrate.quad(lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi) / math.cosh(z) ** 2, -40, 40)[0]
    for p in (4, 64):
        out = hd.COR_F72_LIT.measure({"p": p, "kmax": 300}, None, None)
        assert out["lhs"] >= c0 * c0 * (1 - 1e-9)
        tail = hd.COR_F72.measure({"p": p, "kmax": 300}, None, None)
        assert out["lhs"] == pytest.approx(c0 * c0 + tail["lhs"], rel=1e-8)


def _records(y, xs, fn):
    return [{"point": {"k": x}, "point_index": i, "rep": 0, "values": {y: fn(x)}} for i, x in enumerate(xs)]


def test_decay_check_direction():
    xs = (10, 20, 40, 80, 160, 300)
    slow = _records("abs_c", xs, lambda k: math.exp(-0.5 * math.sqrt(k)))       # slower than e^{-pi sqrt(k)/4}
    fast = _records("abs_c", xs, lambda k: math.exp(-1.5 * math.sqrt(k)))
    assert hd.COR_F71.check.evaluate(hd.COR_F71.id, slow).verdict == REFUTED
    assert hd.COR_F71.check.evaluate(hd.COR_F71.id, fast).verdict == CONFIRMED


@pytest.mark.parametrize("claim", hd.CLAIMS, ids=lambda c: c.id)
def test_every_claim_has_a_reading(claim):
    assert claim.reading is not None and claim.reading.alternatives
