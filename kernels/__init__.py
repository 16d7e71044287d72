"""Numerical core of the suite: pure functions on NumPy or CuPy arrays. Kernels know nothing about claims.

Top level: backend (array namespace, device, memory chunks), errors, seeds, stats (fits with confidence
intervals, binomial intervals), activations (registry), symbolic (sympy/mpmath forms), data (data families
and the papers' assumptions), matrices, lipschitz_hessian, cli (``python -m kernels``). Packages by concept:

- gmatrix/      the G-matrix of 004 eq. 2: empirical (streamed over neurons), infinite (G∞), spectrum
                (eigenvalues with a float64 floor), spectrum_mp (high precision)
- series/       Hermite (float64 and mpmath), Chebyshev, bivariate normal, correlation map, approximation targets
- nets/         networks and their gradients: ghost (the one per-example gradient Gram and what derives from
                it), mlp, deep_relu, linear, linear_moments, sgd, training and trial loops, adversaries
- probability/  exact laws and tails (no Monte Carlo)
"""
from .errors import InputError

__all__ = ["InputError"]
