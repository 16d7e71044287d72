"""Pairs of functions bounded by 1, given by their values on a grid of points, and perturbations of them within
eps in the sup norm: the instances of 004 App. F.2, Lemma F.5 (|f_i| <= 1, sup |f_i - g_i| <= eps).

Arrays have shape (2, n): row i holds f_i (or g_i) at the n points. Perturbed values are moved by ulps toward
f until |g - f| <= eps holds exactly in float64, so the lemma's hypothesis is met by the numbers themselves.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import InputError

UNIT_ROUNDOFF = 2.0 ** -52
FAMILIES = ("uniform", "extreme", "aligned", "smooth")


def nudge_within(g: np.ndarray, f: np.ndarray, eps: float) -> np.ndarray:
    """Move g toward f by ulps (in place, at most 4 steps) until |g - f| <= eps holds in float64; returns g."""
    for _ in range(4):
        bad = np.abs(g - f) > eps
        if not bad.any():
            break
        g[bad] = np.nextafter(g[bad], f[bad])
    return g


def perturbed_pair(family: str, n: int, eps: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(f, g), each of shape (2, n), with |f| <= 1 and |g - f| <= eps, from a family of instances:
    "uniform" (independent uniform values and perturbations), "extreme" (f = +-1, perturbations +-eps, random
    signs), "aligned" (f_1 = f_2 = s = +-1 and g_i = s (1 + eps): the worst case 2 eps + eps^2 of the product),
    "smooth" (random trigonometric polynomials on [-1, 1], sup-normalized)."""
    if family == "uniform":
        f = rng.uniform(-1, 1, (2, n))
        d = rng.uniform(-eps, eps, (2, n))
    elif family == "extreme":
        f = rng.choice([-1.0, 1.0], (2, n))
        d = eps * rng.choice([-1.0, 1.0], (2, n))
    elif family == "aligned":
        s = rng.choice([-1.0, 1.0], n)
        f = np.stack([s, s])
        d = eps * np.stack([s, s])
    elif family == "smooth":
        x = np.linspace(-1, 1, n)

        def trig(scale):
            a = rng.standard_normal((6, 1))
            ph = rng.uniform(0, 2 * math.pi, (6, 1))
            v = (a * np.cos(np.arange(1, 7)[:, None] * math.pi * x[None, :] + ph)).sum(axis=0)
            return scale * v / np.max(np.abs(v))
        f = np.stack([trig(1.0), trig(1.0)])
        d = np.stack([trig(eps), trig(eps)])
    else:
        raise InputError("family", f"must be one of {', '.join(FAMILIES)} (got {family!r})")
    f = np.clip(f, -1.0, 1.0)
    g = np.stack([nudge_within(f[i] + d[i], f[i], eps) for i in range(2)])
    return f, g


def pair_from_values(eps: float, f1, f2, u1, u2) -> tuple[np.ndarray, np.ndarray]:
    """(f, g) from given values: f_i = f_i values, g_i = f_i + eps u_i nudged to |g_i - f_i| <= eps; all lists are
    cut to the shortest length. Values of f are taken as given (the caller checks |f_i| <= 1)."""
    n = min(len(f1), len(f2), len(u1), len(u2))
    f = np.array([f1[:n], f2[:n]], dtype=float)
    g = np.stack([nudge_within(f[i] + eps * np.asarray((u1, u2)[i][:n], float), f[i], eps) for i in range(2)])
    return f, g


def sup_abs(a) -> float:
    """max |a| over all entries."""
    return float(np.max(np.abs(a)))


def product_gap(f: np.ndarray, g: np.ndarray) -> float:
    """sup over the points of |f_1 f_2 - g_1 g_2| (004 Lemma F.5's left side)."""
    return float(np.max(np.abs(f[0] * f[1] - g[0] * g[1])))


def product_gap_floor(eps: float) -> float:
    """Rounding bound of product_gap when |f| <= 1, |g| <= 1 + eps: two products and a difference, 8 u (1 + eps)^2."""
    return 8 * UNIT_ROUNDOFF * (1 + eps) ** 2


def sup_distance(a, b) -> float:
    """max |a - b| over all entries."""
    return float(np.max(np.abs(a - b)))
