"""kernels.activations against finite differences, scipy's expit, the published SELU constants and a
scalar optimizer (swish's Lipschitz constant)."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import activations as acts
from kernels.errors import InputError

from ._helpers import ACTIVATION_SPECS, SELU_ALPHA_PUBLISHED, SELU_LAMBDA_PUBLISHED


@pytest.mark.parametrize("spec", ACTIVATION_SPECS)
def test_activation_finite_differences(spec):
    act = acts.get(spec)
    x = np.concatenate([np.linspace(-4, -0.05, 40), np.linspace(0.05, 4, 40)])
    h = 1e-5
    fd1 = (act.phi(x + h) - act.phi(x - h)) / (2 * h)
    fd2 = (act.dphi(x + h) - act.dphi(x - h)) / (2 * h)
    assert np.allclose(fd1, act.dphi(x), rtol=1e-7, atol=1e-8)
    assert np.allclose(fd2, act.ddphi(x), rtol=1e-7, atol=1e-8)


def test_activation_values_independent():
    from scipy.special import expit  # noqa: PLC0415
    x = np.linspace(-6, 6, 49)
    assert np.allclose(acts.get("sigmoid").phi(x), expit(x), atol=1e-15, rtol=0)
    assert np.allclose(acts.get("swish").phi(x), x * expit(x), atol=1e-14, rtol=0)
    assert np.allclose(acts.get("relu").phi(x), np.maximum(x, 0), rtol=0)
    assert np.allclose(acts.get("leaky_relu:0.2").phi(x), np.where(x > 0, x, 0.2 * x), rtol=0)
    selu_ref = SELU_LAMBDA_PUBLISHED * np.where(x > 0, x, SELU_ALPHA_PUBLISHED * np.expm1(x))
    assert np.allclose(acts.get("selu").phi(x), selu_ref, rtol=1e-15, atol=1e-15)
    assert np.allclose(acts.get("elu").phi(x), np.where(x > 0, x, np.expm1(x)), atol=1e-15, rtol=0)
    assert np.allclose(acts.get("poly:0,1,0.5").phi(x), x + 0.5 * x * x, atol=1e-13, rtol=0)
    # swish's Lipschitz constant = max swish' (found by a scalar optimizer)
    from scipy.optimize import minimize_scalar  # noqa: PLC0415
    res = minimize_scalar(lambda z: -float(acts.get("swish").dphi(np.array([z]))[0]), bounds=(0, 5),
                          method="bounded", options={"xatol": 1e-10})
    assert abs(-res.fun - acts.get("swish").lipschitz) < 1e-9


def test_piecewise_activations():
    relu_like = acts.piecewise("0", "x", 0.0)
    assert relu_like.kink_order == 1
    x = np.concatenate([np.linspace(-3, -0.01, 20), np.linspace(0.01, 3, 20)])
    assert np.allclose(relu_like.phi(x), np.maximum(x, 0), rtol=0)
    assert np.allclose(relu_like.dphi(x), (x > 0).astype(float), rtol=0)
    q = acts.piecewise("x**2/2", "x**2", 0.0)
    assert q.kink_order == 2
    assert np.allclose(q.dphi(x), np.where(x < 0, x, 2 * x), rtol=0)
    assert np.allclose(q.ddphi(x), np.where(x < 0, 1.0, 2.0), rtol=0)
    with pytest.raises(InputError):
        acts.piecewise("0", "x+1", 0.0)
