"""theorems/claims/activation/smoothed_data.py: sigma_n(X^{*p}) against the explicit Khatri-Rao power, and the
common noise across the sigma sweep of Lemma I.2."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import seeds
from theorems.claims.activation import smoothed_data as sd


def _khatri_rao_square(X):
    """Rows x_i ⊗ x_i (n, d^2): the columns of X^{*2} of 004 Lemma I.1, built explicitly."""
    return np.einsum("ia,ib->iab", X, X).reshape(X.shape[0], -1)


def test_i2_sigma_n_is_the_smallest_singular_value_of_the_khatri_rao_power(monkeypatch):
    seen = []
    real = sd.data.smoothed
    monkeypatch.setattr(sd.data, "smoothed", lambda *a: seen.append(real(*a)) or seen[-1])
    point = {"n": 10, "span": 6, "p": 2, "sigma": 0.08}
    v = sd._measure_i2(point, seeds.generator(0, sd.LEMMA_I2.id, "k", 0), None)
    ref = np.linalg.svd(_khatri_rao_square(seen[0]), compute_uv=False)[-1]
    assert v["sigma_n"] == pytest.approx(ref, rel=1e-6)
    assert v["applies"] and v["data_span"] == 6 and "inapplicable" not in v


def test_i2_same_noise_across_sigma():
    """Two sigmas of one repetition (different point keys) draw from the generator keyed by (root, claim, the point
    without sigma, rep): the data are kernels.data.smoothed of that generator, so only sigma differs."""
    for sigma, key in ((0.01, "s1"), (0.02, "s2")):
        X = sd._smoothed(sd.LEMMA_I2.id, 10, 6, sigma, seeds.generator(5, sd.LEMMA_I2.id, key, 1), "n=10")[0]
        ref = sd.data.smoothed(10, 8, 6, sigma, seeds.generator(5, sd.LEMMA_I2.id, "crn:n=10", 1))
        np.testing.assert_array_equal(X, ref)
