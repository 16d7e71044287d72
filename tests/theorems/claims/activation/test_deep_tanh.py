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


def test_deep_ginf_one_layer_is_the_two_layer_ginf_and_relu_recursion_matches_arccos():
    from kernels import data
    from kernels.gmatrix.infinite import infinite_gram
    from theorems.claims.activation.deep_tanh import deep_ginf
    X = data.sphere(6, 3, np.random.default_rng(2))
    assert np.allclose(deep_ginf(X, "tanh", 1), infinite_gram(X, "tanh").matrix, atol=1e-10)
    # ReLU: normalized dual map kappa(rho) = (sqrt(1 - rho^2) + (pi - arccos rho) rho) / pi (Cho & Saul), written here
    X = data.sphere(6, 12, np.random.default_rng(3))
    R = np.clip(X @ X.T, -1, 1)
    off = ~np.eye(6, dtype=bool)
    assert np.max(np.abs(R[off])) < 0.8     # the 80-term series of the kinked relu is accurate away from |rho| = 1
    K1 = (np.sqrt(1 - R ** 2) + (np.pi - np.arccos(R)) * R) / np.pi
    np.fill_diagonal(K1, 1.0)
    ref = (np.pi - np.arccos(np.clip(K1, -1, 1))) / (2 * np.pi) * K1
    got = deep_ginf(X, "relu", 2)
    assert np.allclose(got[off], ref[off], atol=2e-3)
