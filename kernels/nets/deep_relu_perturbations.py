"""Perturbations W' of the deep ReLU net (001_8899e8ddccc39226.txt, Sec. 4.2, 8, 10, 14) and what they change.

Builders of W' with spectral norm ω (random: ω G/‖G‖_2; aligned with the top singular pair of W^(0)_ℓ),
adaptive rank-1 adversaries that run inside ``deep_relu.forward`` (a sign-flipping one, behind 001
Lemma 8.2b's count of about m ω^{2/3} flips, and one that merges the sign patterns of two samples), the
forward pass at W^(0) + W' for the merging adversary, and the NTK linearization errors of 001 Theorem 5
at W^(0) + W'.

Array code runs on NumPy or CuPy (the namespace of the net's arrays).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import backend as backends
from ..errors import InputError
from .deep_relu import (
    DeepReLU,
    DenseRandom,
    LowRank,
    back_blocks,
    backward,
    forward,
    gradient_distance2,
    gradient_inner,
    sign_changes,
    vector_norm,
)
from .deep_relu_norms import top_singular


def _check_omega(omega) -> float:
    if not isinstance(omega, (int, float, np.floating)) or not (0.0 <= float(omega) < math.inf):
        raise InputError("omega", f"must be a finite number >= 0 (the spectral norm of W'; got {omega!r})")
    return float(omega)



def random_perturbation(net: DeepReLU, omega: float, rng: np.random.Generator, tol: float = 1e-9) -> dict:
    """W'_ℓ = omega G_ℓ / ub(||G_ℓ||_2) for every layer, G_ℓ standard Gaussian (regenerated from a seed);
    ub = Ritz value + residual, so ||W'_ℓ||_2 <= omega (equal to it within the residual)."""
    omega = _check_omega(omega)
    out = {}
    for layer in range(1, net.L + 1):
        seed = int(rng.integers(0, 2 ** 63 - 1))
        G = backends.standard_normal(np.random.default_rng(seed), (net.m, net.m), net.xp)
        ts = top_singular(lambda V: G @ V, lambda U: G.T @ U, net.m, rng, net.xp, tol=tol)
        out[layer] = DenseRandom(seed, omega / ts.upper, omega)
    return out


def aligned_perturbation(net: DeepReLU, omega: float, rng: np.random.Generator) -> dict:
    """W'_ℓ = omega u_1 v_1ᵀ with (u_1, v_1) the top singular pair of W^(0)_ℓ: ||W'_ℓ||_2 = omega and
    ||W_ℓ||_2 grows by exactly omega (the perturbation aligned with the top singular directions)."""
    omega = _check_omega(omega)
    out = {}
    for layer in range(1, net.L + 1):
        W = net.W0(layer)
        ts = top_singular(lambda V: W @ V, lambda U: W.T @ U, net.m, rng, net.xp, tol=1e-10)
        out[layer] = LowRank(ts.u / vector_norm(ts.u), ts.v / vector_norm(ts.v), omega)
    return out


def _greedy_flips(cost, budget: float, key=None):
    """Knapsack-greedy: indices in ascending ``key`` (default: cost) whose cumulative cost stays within budget."""
    xp = backends.array_namespace(cost)
    order = xp.argsort(cost if key is None else key)
    cum = xp.cumsum(cost[order])
    count = int(xp.sum(cum <= budget))
    return order[:count]


def signflip_adversary(omega: float, target: int = 0, coherent=None, push: float = 1.0, only: str | None = None):
    """Adaptive rank-1 adversary (used inside ``forward``): at each layer W'_ℓ = omega u ĥᵀ with ĥ the
    unit input of sample ``target``; u mirrors (push = 1: g_k -> -g_k) the pre-activations of smallest
    |g_k| within the budget ||u|| <= 1, i.e. it flips as many signs of D_{target,ℓ} as a spectral norm
    omega allows (~ m omega^{2/3} of them, the count behind 001 Lemma 8.2b).
    ``coherent`` (dict ℓ -> m-vector b) restricts the flips to coordinates with b_k > 0 (e.g. the backward
    signal Back_{ℓ+1}ᵀ e_j at W^(0)), so their effects on y_j add up, and picks them knapsack-greedily by
    g_k^2 / b_k^2 (most gradient change per unit of budget). ``only="off"``
    (``"on"``) flips only active (inactive) units, so that the changes of ‖∇y‖ all have one sign."""
    omega = _check_omega(omega)
    if only not in (None, "off", "on"):
        raise InputError("only", f"must be None, 'off' or 'on' (got {only!r})")

    def adv(layer, Hprev, G, net):
        xp = net.xp
        h, g = Hprev[target], G[target]
        nh = float(vector_norm(h))
        if omega == 0.0 or nh == 0.0:
            return None
        cost = ((1.0 + push) * g) ** 2
        key = None
        if coherent is not None:
            w = coherent[layer]
            cost = xp.where(w > 0, cost, xp.inf)
            key = cost / xp.where(w > 0, w * w, 1.0)
        if only is not None:
            cost = xp.where((g >= 0) == (only == "off"), cost, xp.inf)
            key = cost if key is None else xp.where(xp.isfinite(cost), key, xp.inf)
        idx = _greedy_flips(cost, (omega * nh) ** 2, key)
        u = xp.zeros(net.m)
        if idx.size == 0:
            k = int(xp.argmin(cost if key is None else key))
            if not math.isfinite(float(cost[k])):
                return None
            u[k] = -1.0 if float(g[k]) >= 0 else 1.0
        else:
            u[idx] = -(1.0 + push) * g[idx] / (omega * nh)
        return LowRank(u, h / nh, omega)

    return adv


def merge_adversary(omega: float, i: int, j: int):
    """Adaptive rank-1 adversary against gradient lower bounds: at each layer W'_ℓ = omega u wᵀ with
    w ∝ (I - ĥ_j ĥ_jᵀ) h_i (so W' h_j = 0) and u pushing the cheapest coordinates where D_{i,ℓ} and D_{j,ℓ}
    differ just across zero, making sample i's sign pattern agree with sample j's (within ||u|| <= 1)."""
    omega = _check_omega(omega)

    def adv(layer, Hprev, G, net):
        xp = net.xp
        hi, hj = Hprev[i], Hprev[j]
        nj2 = float(hj @ hj)
        w = hi - (float(hi @ hj) / nj2) * hj if nj2 > 0 else hi
        nw = float(vector_norm(w))
        if omega == 0.0 or nw == 0.0:
            return None
        w = w / nw
        c = omega * float(w @ hi)                       # W' h_i = c u
        gi, gj = G[i], G[j]
        differ = (gi >= 0) != (gj >= 0)
        cost = xp.where(differ, (gi * (1.0 + 1e-9)) ** 2, xp.inf)
        idx = _greedy_flips(cost, c * c)
        if idx.size == 0:
            return None
        u = xp.zeros(net.m)
        u[idx] = -gi[idx] * (1.0 + 1e-6) / c
        nu = float(vector_norm(u))
        if nu > 1.0:
            u = u / nu
        return LowRank(u, w, omega)

    return adv



def merged_forward(net: DeepReLU, X, omega: float, i: int, j: int) -> tuple:
    """(W^(0) + W', its forward pass on X, the number of signs of sample i changed by W') for the rank-1
    ``merge_adversary(omega, i, j)`` that pushes sample i's sign pattern onto sample j's (001 Theorem 3 is
    stated for every W in the ω-ball)."""
    fwd = forward(net, X, adversary=merge_adversary(omega, i, j))
    flips = sign_changes(fwd, forward(net, X), i)
    return net.with_perturbation(fwd.deltas), fwd, flips


@dataclass(frozen=True)
class Linearization:
    """At x = X[0] (and x~ = X[1]) for W = W^(0) + W', single output: ``gradient_change2`` = Σ_ℓ ‖∇_{W_ℓ} y(W; x)
    - ∇_{W_ℓ} y(W^(0); x)‖_F², ``gradient2`` = ‖∇y(W^(0); x)‖_F² over W_1..W_L, ``y_change`` = y(W; x) - y(W^(0); x),
    ``y_ntk`` = <∇y(W^(0); x), W'>; ``kernel_cross`` = (<∇y(x), ∇y(x~)> at W^(0), at W), ``kernel_diag`` =
    (<∇y(x), ∇y(x)>, <∇y(x~), ∇y(x~)>) at W^(0), ``kernel_diag_perturbed`` = <∇y(x), ∇y(x)> at W;
    ``sign_changes`` of x over all layers; ``perturbation_norm`` = ‖W'‖_2 (an upper bound for random W');
    ``deltas`` the W'_ℓ by layer."""
    gradient_change2: float
    gradient2: float
    y_change: float
    y_ntk: float
    kernel_cross: tuple
    kernel_diag: tuple
    kernel_diag_perturbed: float
    sign_changes: int
    perturbation_norm: float
    deltas: dict


def linearization(net: DeepReLU, X, omega: float, kind: str, rng: np.random.Generator,
                  tol: float = 1e-4) -> Linearization:
    """001 Theorem 5's quantities for W' of spectral norm omega: ``kind="random"`` (ω G/‖G‖_2 per layer, from
    rng) or ``"adversarial"`` (``signflip_adversary`` flipping only active units of x = X[0] where the
    backward signal Back_{ℓ+1}ᵀ e_1 at W^(0) is positive, so their effects on y add up)."""
    if kind not in ("random", "adversarial"):
        raise InputError("kind", f"must be 'random' or 'adversarial' (got {kind!r})")
    ones = net.xp.asarray(np.ones((X.shape[0], net.d_out)))
    f0 = forward(net, X)
    b0 = backward(net, f0, ones, keep_signals=True)
    if kind == "random":
        pert = net.with_perturbation(random_perturbation(net, omega, rng, tol=tol))
        f1 = forward(pert, X)
    else:
        coherent = {a - 1: back[0][0] for a, back in back_blocks(net, f0) if a >= 2}   # layer ℓ = a-1
        f1 = forward(net, X, adversary=signflip_adversary(omega, 0, coherent, only="off"))
        pert = net.with_perturbation(f1.deltas)
    b1 = backward(pert, f1, ones, keep_signals=True)
    change2, base2, y_ntk = 0.0, 0.0, 0.0
    for layer in range(1, net.L + 1):
        s0, h0 = b0.signals[layer - 1][0], f0.hs[layer - 1][0]
        s1, h1 = b1.signals[layer - 1][0], f1.hs[layer - 1][0]
        change2 += gradient_distance2(s0, h0, s1, h1)
        base2 += gradient_inner(s0, h0, s0, h0)
        y_ntk += perturbation_inner(s0, h0, pert.deltas[layer], net)
    y0, y1 = (float(backends.to_numpy(f.y[0, 0])) for f in (f0, f1))
    return Linearization(change2, base2, y1 - y0, y_ntk, (b0.gram_entry(0, 1), b1.gram_entry(0, 1)),
                         (b0.gram_entry(0, 0), b0.gram_entry(1, 1)), b1.gram_entry(0, 0),
                         sign_changes(f0, f1, 0), pert.perturbation_norm(), dict(pert.deltas))


def perturbation_inner(s, h, delta, net: DeepReLU) -> float:
    """<s hᵀ, W'_ℓ> = sᵀ W'_ℓ h: the change of y along W'_ℓ to first order, for the layer gradient s hᵀ
    (001 Fact 2.6); in closed form ω (s·u)(v·h) for a rank-1 W'_ℓ = ω u vᵀ."""
    if isinstance(delta, LowRank):
        return delta.omega * float(s @ delta.u) * float(delta.v @ h)
    return float(s @ (delta.dense(net.m, net.xp) @ h))
