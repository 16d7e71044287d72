"""kernels.activations.polynomial_from_derivative: phi(0) = 0 and phi' has the given power-basis coefficients."""
from __future__ import annotations

import numpy as np

from kernels import activations


def test_derivative_has_the_given_coefficients():
    act = activations.polynomial_from_derivative([1.5, -2.0, 0.75])        # phi' = 1.5 - 2x + 0.75x^2
    z = np.linspace(-2, 2, 9)
    assert np.allclose(act.dphi(z), 1.5 - 2 * z + 0.75 * z ** 2, rtol=1e-14, atol=1e-14)
    assert np.allclose(act.phi(z), 1.5 * z - z ** 2 + 0.25 * z ** 3, rtol=1e-14, atol=1e-14)
    assert act.phi(np.zeros(1))[0] == 0.0
    assert act.dphi_poly == (1.5, -2.0, 0.75)
