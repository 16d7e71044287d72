"""activation/claim-K.2: the norm of f_zeta against a direct sum, and the probability against a closed form."""
from __future__ import annotations

import math

import numpy as np

from kernels import activations, stats
from theorems.claims.activation.anticoncentration import _norms


def test_norms_match_the_direct_sum():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    W = rng.standard_normal((7, 3))
    zeta = rng.standard_normal(5)
    zeta /= np.linalg.norm(zeta)
    act = activations.get("relu")
    direct = [np.linalg.norm(sum(zeta[i] * act.dphi(w @ X[i]) * X[i] for i in range(5))) for w in W]
    assert np.allclose(_norms(zeta, act.dphi(W @ X.T), X @ X.T), direct, rtol=1e-12)


def test_probability_for_a_close_pair_is_the_angle_over_pi():
    """Two unit points at angle theta, ReLU, zeta = (1, -1)/sqrt 2: f = (x0 [w.x0 > 0] - x1 [w.x1 > 0])/sqrt 2 has
    norm 1/sqrt 2 when the signs differ (probability theta/pi), else at most ||x0 - x1||/sqrt 2 < 0.1 here."""
    theta = 0.05
    X = np.array([[1.0, 0.0, 0.0], [math.cos(theta), math.sin(theta), 0.0]])
    W = np.random.default_rng(1).standard_normal((200_000, 3))
    zeta = np.array([1.0, -1.0]) / math.sqrt(2)
    hits = int(np.sum(_norms(zeta, activations.get("relu").dphi(W @ X.T), X @ X.T) >= 0.1))
    ci = stats.clopper_pearson(hits, len(W), confidence=0.999)
    assert ci.lo <= theta / math.pi <= ci.hi
