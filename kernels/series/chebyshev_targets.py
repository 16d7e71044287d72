"""The functions that 004 approximates by polynomials in the sup norm (App. F.2, G, H), in mpmath, with
the poles that set their Bernstein rate, and their Chebyshev analysis (kernels.series.chebyshev) computed once.

Targets (``kind``, parameter ``k``):
- "sigmoid(kx)": sigma(kx) on [-1, 1] (004 Thm F.4), poles at kx = +-i pi;
- "tanh on [-tau,tau]": tanh on [-k, k] (004 eq. 8), poles at +-i pi/2;
- "swish'": swish'(t) on [-k, k] (004 Thm G.1), poles of sigma at +-i pi;
- "tanh'(kx)": tanh'(kx) = sech^2(kx) on [-1, 1] (004 Thm H.1), double poles at kx = +-i pi/2;
- "|x|^e": |x|^e on [-1, 1] (e from the name; 004 Thm H.1, finite smoothness), no poles.
"""
from __future__ import annotations

import math
from functools import lru_cache

import mpmath

from ..errors import InputError
from ..symbolic import mp_function
from . import chebyshev as ch

KINDS = ("sigmoid(kx)", "tanh on [-tau,tau]", "swish'", "tanh'(kx)", "|x|^e")
DPS = 34             # default working digits of the analysis
ABSTOL = 1e-18       # default chopping tolerance
PI = math.pi


def _mp(name: str, derivative: int):
    return mp_function(name, derivative)[0]


def target(kind: str, k: float):
    """(f, a, b, singularities): the mpmath function, its interval [a, b] and the complex singularities nearest
    to it (for ch.bernstein_rate; empty for |x|^e and for sigmoid(kx) at k = 0)."""
    K = mpmath.mpf(k)
    if kind == "sigmoid(kx)":
        s = _mp("sigmoid", 0)
        return (lambda x: s(K * x)), -1, 1, ([1j * PI / k] if k > 0 else [])
    if kind == "tanh on [-tau,tau]":
        t = _mp("tanh", 0)
        return t, -k, k, [1j * PI / 2]
    if kind == "swish'":
        s1 = _mp("swish", 1)
        return s1, -k, k, [1j * PI]
    if kind == "tanh'(kx)":
        d = _mp("tanh", 1)
        return (lambda x: d(K * x)), -1, 1, [1j * PI / (2 * k)]
    if kind.startswith("|x|^"):
        e = mpmath.mpf(kind[4:])
        return (lambda x: abs(x) ** e), -1, 1, []
    raise InputError("kind", f"must be one of {', '.join(KINDS)} (got {kind!r})")


@lru_cache(maxsize=64)
def analysis(kind: str, k: float, dps: int = DPS, abstol: float | None = ABSTOL, degree: int | None = None,
             oversample: int = 8) -> tuple[ch.ChebSeries, ch.TruncationErrors]:
    """Chebyshev coefficients of a target and the sup errors of its truncations, computed once per arguments.

    ``degree=None``: coefficients chopped at ``abstol`` (up to degree 8192); else exactly ``degree`` + 1
    coefficients, unchopped (algebraic decay has no plateau to chop at)."""
    f, a, b, _ = target(kind, k)
    if degree is None:
        s = ch.coefficients(f, a, b, dps=dps, abstol=abstol, max_degree=8192)
    else:
        s = ch.coefficients(f, a, b, dps=dps, min_degree=degree, max_degree=degree)
    return s, ch.truncation_errors(s, f, oversample)


def log_rho(kind: str, k: float) -> float | None:
    """log of the Bernstein-ellipse parameter rho set by the target's nearest singularity (None if none)."""
    _, a, b, sing = target(kind, k)
    return math.log(ch.bernstein_rate(sing, a, b)) if sing else None
