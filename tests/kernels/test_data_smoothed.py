"""kernels.data.smoothed (004 Assumption 3): unit rows in a span-dimensional subspace, noise of the given scale,
validated inputs, and the documented draw order (frame, then noise)."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import data
from kernels.errors import InputError


def test_rows_are_unit_and_span_the_subspace():
    X = data.smoothed(30, 8, 5, 0.1, np.random.default_rng(0))
    assert X.shape == (30, 8)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-14)
    assert data.span_dimension(X) == 5


def test_small_noise_keeps_every_row_near_the_common_start():
    X = data.smoothed(20, 6, 3, 1e-4, np.random.default_rng(1))
    G = X @ X.T
    assert np.min(G) > 1 - 1e-6                    # all x_i close to the common x'


def test_draw_order_is_frame_then_noise():
    rng = np.random.default_rng(2)
    n, d, span, sigma = 7, 5, 3, 0.3
    Q, R = np.linalg.qr(rng.standard_normal((d, span)))          # independent re-implementation
    V = Q * np.sign(np.diag(R))
    Z = np.eye(span)[0] + sigma * rng.standard_normal((n, span))
    ref = (Z / np.linalg.norm(Z, axis=1, keepdims=True)) @ V.T
    assert np.array_equal(data.smoothed(n, d, span, sigma, np.random.default_rng(2)), ref)


@pytest.mark.parametrize("kwargs, parameter", [
    ({"n": 0}, "n"), ({"span": 9}, "span"), ({"sigma": 0.0}, "sigma"), ({"sigma": float("nan")}, "sigma"),
    ({"sigma": True}, "sigma")])
def test_bad_inputs_name_the_parameter(kwargs, parameter):
    args = {"n": 4, "d": 5, "span": 3, "sigma": 0.1, **kwargs}
    with pytest.raises(InputError) as exc:
        data.smoothed(args["n"], args["d"], args["span"], args["sigma"], np.random.default_rng(0))
    assert exc.value.parameter == parameter
