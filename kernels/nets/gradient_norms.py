"""The quantities bounded by 000 Lemma D.1 (App. D.2) on networks of 002 eq. 4 under Assumption 1.

(P1) |σ| <= 1 and (P2) |σ'|, |σ''| <= 1 on [−1, 1] (002 Sec. 4): sup norms on a fine grid for a scalar σ,
and for softmax as a map R^k -> R^k (p = softmax(z), J = diag p − ppᵀ, ∇²p_i = p_i[(e_i − p)(e_i − p)ᵀ − J]).
Per network: ‖∇_{W_p} g‖ (largest over layers), |ζ|, ‖∇_x ζ‖, ‖∇_W ζ‖ for the square and the logistic loss,
on semi-orthogonal weights (‖W_p‖₂ = 1) and unit inputs, with adversarial constructions (``CONSTRUCTIONS``).
"""
from __future__ import annotations

import numpy as np

from .. import activations as acts
from . import mlp

CONSTRUCTIONS = ("random", "orthogonal_last", "positive")
KEYS = ("grad_Wp_g", "zeta_square", "zeta_logistic", "grad_x_zeta_square", "grad_x_zeta_logistic",
        "grad_W_zeta_square", "grad_W_zeta_logistic")


def activation_sup_norms(activation, points: int = 200001) -> dict:
    """max |σ|, |σ'|, |σ''| over ``points`` equispaced points of [−1, 1] ((P1), (P2))."""
    act = acts.get(activation)
    x = np.linspace(-1, 1, points)
    return {"max_abs": float(np.max(np.abs(act.phi(x)))), "max_abs_d1": float(np.max(np.abs(act.dphi(x)))),
            "max_abs_d2": float(np.max(np.abs(act.ddphi(x))))}


def activation_at_zero(activation) -> float:
    """σ(0)."""
    return float(acts.get(activation).phi(np.zeros(1))[0])


def softmax_p1p2(k: int, rng: np.random.Generator, draws: int) -> dict:
    """Softmax as a map R^k -> R^k on [−1,1]^k (``draws`` uniform points, a vertex e_1 and ±(1,...,1)):
    max |p_i|, max ‖J‖₂ (J = diag p − ppᵀ), max ‖∇²p_i‖₂ (over the first 200 points)."""
    Z = rng.uniform(-1, 1, (draws, k))
    Z = np.concatenate([Z, np.eye(k)[None, 0] * 1.0, -np.ones((1, k)), np.ones((1, k))])
    e = np.exp(Z - Z.max(1, keepdims=True))
    P = e / e.sum(1, keepdims=True)
    J = np.einsum("ni,ij->nij", P, np.eye(k)) - P[:, :, None] * P[:, None, :]
    jn = np.linalg.norm(J, 2, axis=(1, 2))
    hmax = 0.0
    for p in P[: min(len(P), 200)]:
        Jp = np.diag(p) - np.outer(p, p)
        for i in range(k):
            v = np.eye(k)[i] - p
            Hi = p[i] * (np.outer(v, v) - Jp)            # ∇²p_i = p_i[(e_i − p)(e_i − p)ᵀ − J]
            hmax = max(hmax, float(np.linalg.norm(Hi, 2)))
    return {"max_abs": float(P.max()), "max_jacobian_norm": float(jn.max()), "max_hessian_norm": hmax}


def _construct(net, x, construction: str, rng):
    """Apply ``construction`` to a drawn (net, x): ``positive`` takes |x| and |W_p| rescaled to norm 1 (ReLU
    units all active); ``orthogonal_last`` sets W_β ⟂ a_{β−1}(x) (σ'(0) is the largest slope of sigmoid / tanh),
    ``positive`` also W_β ∥ a_{β−1}(x). Returns the unit input."""
    if construction == "positive":
        x = np.abs(x)
        net.weights = [np.abs(W) / np.linalg.norm(np.abs(W), 2) for W in net.weights]
    x = x / np.linalg.norm(x)
    if construction in ("orthogonal_last", "positive"):
        _, A, _ = mlp.forward(net, x[None, :])
        a = A[-1][0]
        v = rng.standard_normal(a.size)
        if construction == "orthogonal_last":
            if a @ a > 0:
                v -= (v @ a) / (a @ a) * a
        elif a @ a > 0:
            v = a.copy()
        net.weights[-1] = (v / np.linalg.norm(v))[None, :]
    return x


def lemma_d1_maxima(activation, width: int, depth: int, d: int, construction: str, draws: int,
                    rng: np.random.Generator | int) -> tuple[dict, dict]:
    """Over ``draws`` networks of eq. 4 with semi-orthogonal weights and unit inputs under ``construction``:
    the largest value of each quantity of ``KEYS`` and, per quantity, the network's g, ‖a_{β−1}‖ and per-layer
    ‖∇_{W_p} g‖ where it was attained (``rng`` a generator or a seed). Labels C = ±1 against the sign of g
    (|C| <= 1); for the square loss
    C(x') = C − uᵀ(x' − x) near x with u = ∇g/‖∇g‖ (‖∇C‖ = 1, against ∇g)."""
    act = acts.get(activation)
    rng = np.random.default_rng(rng)
    worst = dict.fromkeys(KEYS, 0.0)
    arg = {}
    for _ in range(draws):
        net = mlp.init_mlp(d, width, depth, act, rng, scheme="orthogonal")     # ‖W_p‖₂ = 1: Assumption 1
        x = _construct(net, rng.standard_normal(d), construction, rng)
        X = x[None, :]
        g, A, Z = mlp.forward(net, X)
        gv = float(g[0])
        gx = mlp.input_gradient(net, X)[0]                         # ∇_x g
        norms, _, _ = mlp.layer_grad_norms(net, X)
        per_layer = norms[:, 0]
        gW = float(np.sqrt(np.sum(per_layer ** 2)))                 # ‖∇_W g‖ over all β+1 layers
        c_val = -1.0 if gv >= 0 else 1.0                            # label against the sign of g, |C| <= 1
        u = gx / (np.linalg.norm(gx) or 1.0)
        # square loss: ζ = g − C, ∇_x ζ = ∇g − ∇C = ∇g + u
        vals = {"grad_Wp_g": float(per_layer.max()), "zeta_square": abs(gv - c_val),
                "grad_x_zeta_square": float(np.linalg.norm(gx + u)), "grad_W_zeta_square": gW}
        # logistic loss with ±1 labels: ζ = −C/(1 + e^{Cg}), ∇ζ = ζ'(g) ∇g
        z = float(mlp.loss_zeta("logistic", np.array(gv), np.array(c_val)))
        dz = float(mlp.loss_dzeta("logistic", np.array(gv), np.array(c_val)))
        vals.update({"zeta_logistic": abs(z), "grad_x_zeta_logistic": abs(dz) * float(np.linalg.norm(gx)),
                     "grad_W_zeta_logistic": abs(dz) * gW})
        for k, v in vals.items():
            if v > worst[k]:
                worst[k] = v
                arg[k] = {"g": gv, "a_last_norm": float(np.linalg.norm(A[-1][0])), "per_layer": per_layer.tolist()}
    return worst, arg
