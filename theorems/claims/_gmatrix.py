"""Shared measurement helpers for G-matrix claims (004 eq. 2)."""
from __future__ import annotations

import math

import numpy as np

from kernels import gram, spectrum

EPS = float(np.finfo(float).eps)


def g0_spectrum(X, act, m: int, rng, backend, init: str = "dzps") -> spectrum.Spectrum:
    """Spectrum of the empirical G^(0); the floor adds the accumulation error eps*sqrt(m)*max|G|."""
    G = gram.empirical_gram(X, act, m, rng, init=init, backend=backend)
    return spectrum.spectrum(G, error_bound=EPS * math.sqrt(m) * float(np.abs(G).max()))


def ginf_spectrum(X, act) -> tuple[spectrum.Spectrum, str]:
    gi = gram.infinite_gram(X, act)
    return spectrum.spectrum(gi.matrix, gi.error_bound), gi.method


def certain(value: float, floor: float, factor: float = 1e3) -> bool:
    """A nonzero eigenvalue counts as certainly nonzero when it exceeds the floor by ``factor``."""
    return abs(value) > factor * floor


def binom(a: int, b: int) -> int:
    return math.comb(int(a), int(b))
