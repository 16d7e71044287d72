"""Failure probabilities of gradient confusion from batched trials (000 Thm 5.1, Cor. 5.1, Thm 4.1).

The theorems bound P(min_{i≠j} <∇f_i, ∇f_j> < −η) (002 Def. 2.1: the confusion bound η fails) over N data
points uniform on S^{d−1} (and, for Thm 4.1, over the weights of Strategy 4.1). Each trial draws the data
(and weights) and records min_{i≠j} G_ij of the per-example gradient Gram (``ghost.gradient_gram``), trials
drawn in batches (``chunk_sizes``) in the order: per batch, weights (if drawn) then data. Results come back
as NumPy arrays in a ``TrialMinima``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import data
from ..backend import Backend, chunk_sizes, select, to_numpy
from . import adversary, ghost, mlp


@dataclass(frozen=True)
class TrialMinima:
    """Per trial: min_{i≠j} G_ij (``min_offdiag``) and min_{i≠j} cos (``min_cosine``); for ball trials the
    value at the centre W (``center_min_offdiag``); for Strategy 4.1 trials every ‖∇f_i‖² (``grad_norm2``) and
    ‖W_0‖₂ of the first networks (``opnorm_W0``)."""
    min_offdiag: np.ndarray
    min_cosine: np.ndarray | None = None
    center_min_offdiag: np.ndarray | None = None
    grad_norm2: np.ndarray | None = None
    opnorm_W0: np.ndarray | None = None

    @property
    def trials(self) -> int:
        return int(self.min_offdiag.size)

    def failures(self, eta: float, at_center: bool = False) -> int:
        """How many trials have min_{i≠j} G_ij < −η (at the centre W instead, for ball trials)."""
        m = self.center_min_offdiag if at_center else self.min_offdiag
        return int(np.sum(m < -eta))

    def median(self) -> float:
        return float(np.median(self.min_offdiag))

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.min_offdiag, q))

    def median_cosine(self) -> float:
        return float(np.nanmedian(self.min_cosine))

    def median_grad_norm2(self) -> float:
        return float(np.median(self.grad_norm2))

    def median_opnorm_W0(self) -> float:
        return float(np.median(self.opnorm_W0))

    def median_drop_in_ball(self) -> float:
        """The median of (value at W) − (smallest value found in the ball)."""
        return float(np.median(self.center_min_offdiag - self.min_offdiag))


def fixed_net_trials(net: mlp.MLP, labels, trials: int, N: int, d: int, loss: str, rng: np.random.Generator,
                     backend: Backend | None = None) -> TrialMinima:
    """One fixed network and labeling function, ``trials`` data sets of N uniform points on S^{d−1}."""
    xp = (backend or select("numpy")).xp
    ms, cs = [], []
    for c in chunk_sizes(trials, 4 * N * (net.width * (net.depth + 2) + d)):
        X = xp.asarray(data.sphere(N, d, rng, batch=(c,)))
        G = ghost.gradient_gram(net, X, labels(X), loss)
        ms.append(to_numpy(ghost.min_offdiag(G)))
        cs.append(to_numpy(ghost.min_cosine(G)))
    return TrialMinima(np.concatenate(ms), np.concatenate(cs))


def ball_trials(net: mlp.MLP, labels, trials: int, N: int, d: int, r: float, steps: int,
                rng: np.random.Generator, backend: Backend | None = None) -> TrialMinima:
    """As ``fixed_net_trials`` (square loss), the minimum taken over the ball B_r(W) by ``adversary.ball_min``."""
    xp = (backend or select("numpy")).xp
    m0s, ws = [], []
    for c in chunk_sizes(trials, 12 * net.n_params, 6e6):
        X = xp.asarray(data.sphere(N, d, rng, batch=(c,)))
        m0, worst = adversary.ball_min(net, X, labels(X), r, steps)
        m0s.append(to_numpy(m0))
        ws.append(to_numpy(worst))
    return TrialMinima(np.concatenate(ws), center_min_offdiag=np.concatenate(m0s))


def strategy41_trials(d: int, width: int, depth: int, kappa: float, labels, trials: int, N: int,
                      rng: np.random.Generator, backend: Backend | None = None) -> TrialMinima:
    """Fresh tanh weights of 002 Strategy 4.1 and fresh data (N uniform points on S^{d−1}) per trial, one fixed
    labeling function, square loss."""
    xp = (backend or select("numpy")).xp
    ms, cs, g2, W0n = [], [], [], None
    for c in chunk_sizes(trials, 2 * (width * d + width * width * depth + width)):
        net = mlp.init_mlp(d, width, depth, "tanh", rng, scheme="strategy4.1", kappa=kappa, batch=(c,), xp=xp)
        X = xp.asarray(data.sphere(N, d, rng, batch=(c,)))
        G = ghost.gradient_gram(net, X, labels(X), "square")
        ms.append(to_numpy(ghost.min_offdiag(G)))
        cs.append(to_numpy(ghost.min_cosine(G)))
        g2.append(to_numpy(xp.diagonal(G, axis1=-2, axis2=-1)).ravel())
        if W0n is None:
            W0n = to_numpy(mlp.spectral_norms(net.weights[0][:20]))
    return TrialMinima(np.concatenate(ms), np.concatenate(cs), grad_norm2=np.concatenate(g2), opnorm_W0=W0n)


def strategy41_fixed_data(d: int, width: int, depth: int, kappa: float, rng: np.random.Generator,
                          backend: Backend | None = None) -> dict:
    """One tanh network of 002 Strategy 4.1 on the fixed data {x, −x, y, −y} (orthonormal x, y: ‖x_i‖ <= 1)
    with labels C ≡ 1 (∇C = 0), square loss: min_{i≠j} G_ij, min cosine, ‖W_0‖₂ and ‖∇f_x‖²."""
    xp = (backend or select("numpy")).xp
    X = xp.asarray(np.concatenate([np.eye(d)[:2], -np.eye(d)[:2]]))
    net = mlp.init_mlp(d, width, depth, "tanh", rng, scheme="strategy4.1", kappa=kappa, xp=xp)
    G = ghost.gradient_gram(net, X, xp.ones(4), "square")
    return {"min_offdiag": float(to_numpy(ghost.min_offdiag(G))),
            "opnorm_W0": float(to_numpy(mlp.spectral_norms(net.weights[0]))),
            "min_cosine": float(to_numpy(ghost.min_cosine(G))), "grad_norm2_x": float(to_numpy(G[0, 0]))}
