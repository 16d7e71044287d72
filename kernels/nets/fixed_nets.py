"""Fixed networks and fixed labels for statements about one fixed W (000 Thm 5.1, Cor. 5.1; 002 Thm 4.1).

000 Thm 5.1 is a statement for one fixed W, the probability being over the data, so W and C are chosen by a
seed (``net_seed``, independent of a run's root seed) and are the same for every input dimension d:
W_0 = Q[:, :d] for one ℓ×ℓ orthogonal Q (orthonormal columns, ‖W_0 x‖ = ‖x‖), the other layers fixed and
semi-orthogonal (Assumption 1 with equality, 002 Sec. 4); data x ∈ S^{d−1} thus fill a d-dimensional great
sphere of one fixed network's input space. Labels (002 Sec. 4 (a): |C| <= 1, ‖∇C‖ <= 1): a realizable
teacher (width 16, depth 2, ‖W*_p‖ = 1, W*_0 restricted to the same d coordinates: a column block of a
matrix with orthonormal rows has norm <= 1) or the random Lipschitz function Σ_k c_k sin(v_kᵀx/‖v_k‖ + φ_k)
with v_k the first d coordinates of fixed v_k ∈ R^ℓ.

The full networks on R^ℓ are cached per array namespace (the same for every d and repetition).
"""
from __future__ import annotations

import functools

import numpy as np

from .. import data
from ..backend import Backend, select, to_numpy
from ..errors import InputError
from . import ghost, mlp

NET_SEED = 0xC0F          # the root of every fixed network's seed
LIPSCHITZ_TERMS = 8


@functools.lru_cache(maxsize=32)
def full_nets(net_seed: int, ell: int, beta: int, act: str, xp):
    """The fixed student (ℓ → width ℓ, depth β) and teacher (ℓ → width 16, depth 2) on R^ℓ, both
    semi-orthogonal, and the Lipschitz-label parameters (V (terms, ℓ), c, φ) of ``fixed_network``."""
    rng = np.random.default_rng(np.random.SeedSequence([NET_SEED, net_seed]))
    full = mlp.init_mlp(ell, ell, beta, act, rng, scheme="orthogonal", xp=xp)
    tfull = mlp.init_mlp(ell, 16, 2, "tanh", rng, scheme="orthogonal", xp=xp)
    terms = LIPSCHITZ_TERMS
    lip = (rng.standard_normal((terms, ell)), rng.standard_normal(terms), rng.uniform(0, 2 * np.pi, terms))
    return full, tfull, lip


def fixed_network(net_seed: int, d: int, width: int, depth: int, labels: str, activation: str = "tanh",
                  backend: Backend | None = None):
    """(net, C): the fixed network ``net_seed`` restricted to inputs in R^d (d <= width) and the fixed labels
    ``labels`` ("teacher" or "lipschitz") as a function of X (..., n, d) (see module doc)."""
    xp = (backend or select("numpy")).xp
    if d > width:
        raise InputError("d", "must be <= width (W_0 = Q[:, :d])")
    full, tfull, (Vf, c, ph) = full_nets(int(net_seed), width, depth, activation, xp)
    net = full.with_weights([full.weights[0][:, :d]] + full.weights[1:])
    if labels == "teacher":
        tnet = tfull.with_weights([tfull.weights[0][:, :d]] + tfull.weights[1:])
        return net, (lambda X: mlp.forward(tnet, X)[0])
    V = Vf[:, :d]
    V = xp.asarray(V / np.linalg.norm(V, axis=1, keepdims=True))
    cx = xp.asarray(c / np.abs(c).sum())
    phx = xp.asarray(ph)
    return net, (lambda X: xp.sin(xp.matmul(X, V.T) + phx) @ cx)


def fixed_lipschitz_labels(d: int, label_seed: int, backend: Backend | None = None) -> mlp.Labels:
    """A random Lipschitz labeling function on R^d fixed by ``label_seed`` (``mlp.random_lipschitz``)."""
    rng = np.random.default_rng(np.random.SeedSequence([NET_SEED, 2, label_seed]))
    return mlp.random_lipschitz(d, rng, xp=(backend or select("numpy")).xp)


def confusion_scale(net_seed: int, labels: str, width: int, depth: int, N: int, d_ref: int, loss: str = "square",
                    backend: Backend | None = None) -> float:
    """s(W, C): the median over 500 calibration data sets (N uniform points of S^{d_ref−1}, drawn from a fixed
    seed) of −min_{i≠j} <∇f_i,∇f_j> for the fixed network and labels at d = d_ref. Thresholds η = k·s keep a
    failure rate P(min_{i≠j} <∇f_i,∇f_j> < −η) resolvable for every fixed network. Cached."""
    return _confusion_scale(int(net_seed), labels, width, depth, N, d_ref, loss, backend or select("numpy"))


@functools.lru_cache(maxsize=64)
def _confusion_scale(net_seed: int, labels: str, ell: int, beta: int, N: int, d_ref: int, loss: str,
                     backend: Backend) -> float:
    xp = backend.xp
    net, C = fixed_network(net_seed, d_ref, ell, beta, labels, backend=backend)
    rng = np.random.default_rng(np.random.SeedSequence([NET_SEED, net_seed, 1]))
    X = xp.asarray(data.sphere(N, d_ref, rng, batch=(500,)))
    m = to_numpy(ghost.min_offdiag(ghost.gradient_gram(net, X, C(X), loss)))
    return float(np.median(-m))
