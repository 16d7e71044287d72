"""Numerical core of the suite: pure functions on NumPy or CuPy arrays.

Kernels know nothing about claims. Each module holds one concept:
backend (array namespace selection), seeds, activations, data, gram,
spectrum, hermite, stats.
"""
from .errors import InputError

__all__ = ["InputError"]
