"""kernels.lipschitz_hessian: the function pairs of 000 App. C have the Hessians and Hessian Lipschitz constant
they claim (finite differences), and the bound's two sides."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, target
from hypothesis import strategies as st

from kernels import lipschitz_hessian as lh


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


def test_tight_pair_attains_the_bound():
    pair = lh.draw_pair("tight", 4, 1, np.random.default_rng(2))
    for t in (1e-3, 0.4, 7.0):
        lhs, rhs = lh.product_and_bound(pair, lh.along(pair.directions[0], t), pair.hessian_norms())
        assert lhs == pytest.approx(rhs, rel=1e-12)


def test_appc_families_exact_hessian_lipschitz():
    """The L_H used by the App. C claim is a valid Lipschitz constant of the Hessian (difference quotients
    of the gradient's Jacobian, by finite differences), and H(0) is the quadratic part."""
    rng = np.random.default_rng(15)
    for fam in ("cubic", "arctan"):
        pair = lh.draw_pair(fam, 4, 2, rng)

        def hess(w, which=0, h=1e-5):
            return np.stack([(pair.grad(w + h * e)[which] - pair.grad(w - h * e)[which]) / (2 * h) for e in np.eye(4)])
        assert np.allclose(hess(np.zeros(4)), pair.hessians[0], atol=1e-4)
        best = 0.0
        for _ in range(200):
            w1, w2 = rng.standard_normal(4), rng.standard_normal(4)
            best = max(best, np.linalg.norm(hess(w1) - hess(w2), 2) / np.linalg.norm(w1 - w2))
        assert best <= pair.lipschitz * (1 + 1e-3)
    assert lh.PSI3 == pytest.approx(max(abs(-2 * s / (1 + s * s) ** 2) for s in np.linspace(0, 2, 200001)),
                                    rel=1e-9)


def test_probe_points_and_scan():
    rng = np.random.default_rng(5)
    pair = lh.draw_pair("arctan", 6, 2, rng)
    radii = [0.1, 2.0]
    ws = lh.probe_points(pair, 6, radii, 3, rng)
    assert len(ws) == len(radii) * (3 + 2 * len(pair.directions))
    assert np.allclose(sorted({round(float(np.linalg.norm(w)), 12) for w in ws}), radii)
    s = lh.scan(pair, ws, 1e-9)
    ratios = [a / b for a, b in (lh.product_and_bound(pair, w, pair.hessian_norms()) for w in ws)]
    assert s["evaluations"] == len(ws) and s["violations"] == 0 and s["max_ratio"] == max(ratios)
    assert lh.along([0.0, 0.0], 1.0) is None and lh.along([np.inf, 0.0], 1.0) is None
    seeded, drawn = lh.draw_pair("cubic", 3, 1, 7), lh.draw_pair("cubic", 3, 1, np.random.default_rng(7))
    assert np.array_equal(seeded.hessians[0], drawn.hessians[0])
    with pytest.raises(ValueError, match="family"):
        lh.draw_pair("quartic", 3, 1, rng)
