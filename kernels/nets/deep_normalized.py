"""The deep network of 004 App. J (depth helps for tanh), forward pass only, streamed over rows of each layer.

Layers (004 App. J):  x^(0) = x in R^d,  x_k^(l) = (c_phi / sqrt m) phi(w_k^(l) . x^(l-1)),  k in [m], l >= 1,
with W^(1) in R^{m x d}, W^(l) in R^{m x m} (l >= 2), entries N(0, 1), and c_phi = (E_{z ~ N(0,1)} phi(z)^2)^{-1/2}, so
that E ||x^(l)||^2 = 1 for unit inputs (004 App. J; phi(0) = 0, E phi(z) = 0, phi alpha-Lipschitz).

``layer_outputs`` returns x^(1..L-1) for all points, one layer at a time, drawing each layer's weights in blocks of
rows: memory O(n m + block m), never two m x m matrices.
"""
from __future__ import annotations

import math

import numpy as np

from .. import activations as acts
from ..backend import Backend, select, standard_normal, to_numpy
from ..data import as_points
from ..errors import InputError
from ..gmatrix.infinite import expectation

_BLOCK_FLOATS = 1 << 22


def c_phi(activation) -> float:
    """c_phi = (E_{z ~ N(0,1)} phi(z)^2)^{-1/2} (004 App. J), by Gauss quadrature split at kinks."""
    act = acts.get(activation)
    return 1.0 / math.sqrt(expectation(lambda z: act.phi(z) ** 2, act))


def layer_outputs(X, activation, m: int, layers: int, rng: np.random.Generator, backend: Backend | None = None):
    """x_i^(l) for l = 1..``layers`` (a list of (n, m) NumPy arrays), 004 App. J's normalization."""
    act = acts.get(activation)
    X = as_points(X)
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise InputError("m", f"the width must be an integer >= 1 (got {m!r})")
    if isinstance(layers, bool) or not isinstance(layers, (int, np.integer)) or layers < 1:
        raise InputError("layers", f"must be an integer >= 1 (got {layers!r})")
    be = backend or select("numpy")
    xp = be.xp
    scale = c_phi(act) / math.sqrt(m)
    h = xp.asarray(X)                                           # (n, width of the previous layer)
    out = []
    for _ in range(int(layers)):
        fan_in = h.shape[1]
        block = max(1, min(m, _BLOCK_FLOATS // max(1, fan_in)))
        nxt = xp.empty((h.shape[0], m))
        for start in range(0, m, block):
            c = min(block, m - start)
            W = standard_normal(rng, (fan_in, c), xp)           # columns w_k^(l), k in the block
            nxt[:, start:start + c] = scale * act.phi(h @ W)
        h = nxt
        out.append(to_numpy(h))
    return out
