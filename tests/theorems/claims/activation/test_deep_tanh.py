"""activation/lemma-J.1 and lemma-J.2: the constants and the dual map against independent quadrature."""
from __future__ import annotations

import math

import numpy as np
import pytest

from theorems.claims.activation.deep_tanh import _c_ratio, _measure_j2

Z, W = np.polynomial.hermite_e.hermegauss(120)
W = W / math.sqrt(2 * math.pi)


def test_c_ratio_of_tanh_from_parseval():
    c1 = float(np.sum(W * Z * np.tanh(Z)))                  # c̄_1 = E[z tanh z]
    energy = float(np.sum(W * np.tanh(Z) ** 2))              # sum_a c̄_a^2 = E tanh^2 (c̄_0 = 0: tanh is odd)
    c, _ = _c_ratio("tanh")
    assert c == pytest.approx(c1 ** 2 / energy, rel=1e-9)


@pytest.mark.parametrize("rho", [0.0, 0.3, 0.75, -0.6])
def test_dual_map_matches_two_dimensional_quadrature(rho):
    u = Z[:, None]
    v = rho * Z[:, None] + math.sqrt(1 - rho * rho) * Z[None, :]
    ref = float(np.sum(W[:, None] * W[None, :] * np.tanh(u) * np.tanh(v)) / np.sum(W * np.tanh(Z) ** 2))
    out = _measure_j2({"rho": rho, "n": 4, "delta": 0.25, "activation": "tanh", "m": 10}, np.random.default_rng(0), None)
    assert out["kappa_inf"] == pytest.approx(ref, abs=1e-10)
    assert out["margin_inf"] >= 0                           # |kappa| <= h(|rho|): the algebra of Lemma J.2 at m = inf
