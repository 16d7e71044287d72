"""Full-batch gradient descent on the deep ReLU network of 001 (Allen-Zhu, Li, Song), hidden layers trained.

Network (001 Sec. 2):  h_{i,0} = φ(A x_i),  h_{i,ℓ} = φ(W_ℓ h_{i,ℓ-1}) (ℓ = 1..L),  output B h_{i,L};  φ = ReLU.
Loss (001 Sec. 2):     F(W) = sum_i F_i(W),  F_i = 1/2 ||B h_{i,L} - y_i*||^2;  A and B fixed, W_1..W_L trained.
Gradient (001 Fact 2.6): ∇_{W_ℓ} F = sum_i (D_{i,ℓ} Back_{i,ℓ+1}^T v_i) h_{i,ℓ-1}^T,  v_i = B h_{i,L} - y_i*,
                        Back_{i,ℓ+1}^T v = W_{ℓ+1}^T D_{i,ℓ+1} ... W_L^T D_{i,L} B^T v (001 Def. 2.5).
GD (001 Thm 1):        W^(t+1) = W^(t) - eta ∇F(W^(t)).
Initialization: 001 Definition 2.3, drawn by ``kernels.nets.deep_relu.init`` (A, W_ℓ ~ N(0, 2/m), B ~ N(0, 1/d_out)).

The weights are dense (L m x m matrices, the parameters themselves); one step is a forward pass and a backward
pass over the n examples at once (row form: the backward signals S_ℓ = D_ℓ ∘ (S_{ℓ+1} W_{ℓ+1}) are n x m).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..backend import to_numpy
from ..errors import InputError
from .deep_relu import init


@dataclass
class LossCurve:
    eta: float
    steps: list = field(default_factory=list)
    losses: list = field(default_factory=list)
    distance_from_init: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"eta": self.eta, "steps": self.steps, "losses": self.losses,
                "distance_from_init": self.distance_from_init}


class DeepReLUGD:
    """GD on the 001 network for inputs ``X`` (n x d_in, 001-normalized rows) and targets ``Y`` (n x d_out)."""

    def __init__(self, X, Y, m: int, L: int, rng: np.random.Generator, xp=np):
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y, dtype=float)
        if Y.ndim == 1:
            Y = Y[:, None]
        if X.ndim != 2 or Y.shape[0] != X.shape[0]:
            raise InputError("Y", f"needs one target row per input row (X {X.shape}, Y {Y.shape})")
        net = init(m, L, X.shape[1], Y.shape[1], rng, xp=xp, cache_bytes=0)
        self.xp = xp
        self.A, self.B = net.A, net.B
        self.W = [xp.asarray(net.W0(layer)).copy() for layer in range(1, L + 1)]
        self.W0 = [w.copy() for w in self.W]
        self.X, self.Y = xp.asarray(X), xp.asarray(Y)
        self.steps = 0

    def _forward(self):
        hs = [self.xp.maximum(self.X @ self.A.T, 0.0)]             # h_0 = φ(A x), rows
        for W in self.W:
            hs.append(self.xp.maximum(hs[-1] @ W.T, 0.0))          # h_ℓ = φ(W_ℓ h_{ℓ-1})
        return hs

    def loss(self) -> float:
        V = self._forward()[-1] @ self.B.T - self.Y
        return 0.5 * float(to_numpy(self.xp.sum(V * V)))

    def gradients(self) -> tuple[list, float]:
        """([∇_{W_1} F, ..., ∇_{W_L} F], F) at the current weights (001 Fact 2.6)."""
        hs = self._forward()
        V = hs[-1] @ self.B.T - self.Y                             # v_i = B h_{i,L} - y_i*
        b = V @ self.B                                             # rows Back_{i,L+1}^T v_i = B^T v_i
        grads = [None] * len(self.W)
        for layer in range(len(self.W), 0, -1):
            S = (hs[layer] > 0) * b                                # D_{i,ℓ} Back_{i,ℓ+1}^T v_i
            grads[layer - 1] = S.T @ hs[layer - 1]
            b = S @ self.W[layer - 1]                              # Back_{i,ℓ}^T v_i = W_ℓ^T (D_{i,ℓ} ...)
        return grads, 0.5 * float(to_numpy(self.xp.sum(V * V)))

    def step(self, eta: float) -> float:
        """One GD step; returns F before the step."""
        grads, F = self.gradients()
        for W, g in zip(self.W, grads):
            W -= eta * g
        self.steps += 1
        return F

    def distance_from_init(self) -> float:
        """||W - W^(0)||_F over all trained layers."""
        return math.sqrt(sum(float(to_numpy(self.xp.sum((W - W0) ** 2))) for W, W0 in zip(self.W, self.W0)))

    def run(self, eta: float, max_steps: int, target: float | None = None, every: int = 1) -> LossCurve:
        """GD at rate ``eta`` until F <= ``target`` or ``max_steps``; the loss every ``every`` steps (and the last)."""
        if not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
            raise InputError("eta", f"the learning rate must be a positive number (got {eta!r})")
        curve = LossCurve(float(eta))
        for _ in range(int(max_steps)):
            F = self.step(eta)
            if (self.steps - 1) % every == 0:
                curve.steps.append(self.steps - 1)
                curve.losses.append(F)
            if not math.isfinite(F) or (target is not None and F <= target):
                break
        F = self.loss()
        curve.steps.append(self.steps)
        curve.losses.append(F)
        curve.distance_from_init.append(self.distance_from_init())
        return curve
