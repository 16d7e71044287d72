"""Pairs of functions minimized at 0 whose Hessians have an exactly known Lipschitz constant (000 App. C).

000 App. C bounds the gradient inner product of f_1, f_2 near their common minimizer 0 by
|<∇f_1(w),∇f_2(w)>| <= ‖w‖²‖H_1‖‖H_2‖ + ½L_H‖w‖³(‖H_1‖+‖H_2‖) + ¼L_H²‖w‖⁴ with H_i = ∇²f_i(0) and
L_H a Lipschitz constant of both Hessians. The families below know L_H exactly:

- ``cubic``: f_i(w) = ½ wᵀH_i w + Σ_k (L_k/6)|u_kᵀw|³, H_i = a_i a_iᵀ (rank r), orthonormal u_k: L_H = max L_k;
- ``arctan``: f_i(w) = Σ_k λ_k ψ(u_kᵀw), ψ(s) = s arctan s − ½ log(1 + s²): ∇f_i = Σ λ_k arctan(s_k) u_k,
  H_i(0) = Σ λ_k u_k u_kᵀ, L_H = max λ_k sup|ψ'''| (ψ''' = −2s/(1+s²)², sup = 3√3/8);
- ``tight``: f_1 = f_2 = ψ(uᵀw), ψ(s) = h s²/2 + L|s|³/6 (ψ'' = h + L|s|, L-Lipschitz): equality along u.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

FAMILIES = ("cubic", "arctan", "tight")
PSI3 = 3 * math.sqrt(3) / 8      # sup |ψ'''| for ψ(s) = s arctan s − ½ log(1 + s²)  (ψ''' = −2s/(1+s²)²)


@dataclass(frozen=True)
class FunctionPair:
    """f_1, f_2 minimized at 0: ``grad(w)`` gives the (2, D) gradients, ``hessians`` H_1(0), H_2(0),
    ``lipschitz`` the exact L_H, ``directions`` the adversarial directions (cubic ridges / Hessian axes)."""
    grad: Callable
    hessians: list
    lipschitz: float
    directions: list

    def hessian_norms(self) -> list[float]:
        """‖H_1(0)‖₂, ‖H_2(0)‖₂."""
        return [float(np.linalg.norm(H, 2)) for H in self.hessians]


def draw_pair(family: str, D: int, r: int, rng: np.random.Generator | int) -> FunctionPair:
    """One pair of ``family`` on R^D with rank-r Hessians at 0 (see module doc); ``rng`` a generator or a seed."""
    rng = np.random.default_rng(rng)
    if family == "cubic":
        Hs, terms = [], []
        for _ in range(2):
            a = rng.standard_normal((D, r)) / math.sqrt(D)
            U, _ = np.linalg.qr(rng.standard_normal((D, r)))
            Lk = rng.uniform(0.2, 2.0, r)
            Hs.append(a @ a.T)
            terms.append((U, Lk))
        LH = max(float(t[1].max()) for t in terms)

        def grad(w):
            out = []
            for H, (U, Lk) in zip(Hs, terms):
                s = w @ U
                out.append(w @ H + (0.5 * Lk * np.abs(s) * s) @ U.T)
            return np.stack(out)
        return FunctionPair(grad, Hs, LH, [terms[0][0][:, 0], terms[1][0][:, 0]])
    if family == "arctan":
        Hs, terms = [], []
        for _ in range(2):
            U, _ = np.linalg.qr(rng.standard_normal((D, r)))
            lam = rng.uniform(0.2, 2.0, r)
            Hs.append((U * lam) @ U.T)
            terms.append((U, lam))
        LH = PSI3 * max(float(t[1].max()) for t in terms)

        def grad(w):
            return np.stack([(lam * np.arctan(w @ U)) @ U.T for U, lam in terms])
        return FunctionPair(grad, Hs, LH, [terms[0][0][:, 0], terms[1][0][:, 0]])
    if family == "tight":
        u = rng.standard_normal(D)
        u /= np.linalg.norm(u)
        h, L = rng.uniform(0.1, 2.0), rng.uniform(0.1, 2.0)
        H = h * np.outer(u, u)

        def grad(w):
            s = w @ u
            g = (h * s + 0.5 * L * abs(s) * s) * u
            return np.stack([g, g])
        return FunctionPair(grad, [H, H], L, [u, u])
    raise ValueError(f"family must be one of {FAMILIES} (got {family!r})")


def product_and_bound(pair: FunctionPair, w, hessian_norms) -> tuple[float, float]:
    """(|<∇f_1(w), ∇f_2(w)>|, ‖w‖²‖H_1‖‖H_2‖ + ½L_H‖w‖³(‖H_1‖+‖H_2‖) + ¼L_H²‖w‖⁴), 000 App. C."""
    g = pair.grad(w)
    nH, LH = hessian_norms, pair.lipschitz
    nw = float(np.linalg.norm(w))
    rhs = nw ** 2 * nH[0] * nH[1] + 0.5 * LH * nw ** 3 * (nH[0] + nH[1]) + 0.25 * LH ** 2 * nw ** 4
    return abs(float(g[0] @ g[1])), rhs


def along(direction, radius: float):
    """The point radius · direction/‖direction‖ (None when the direction is zero or not finite)."""
    v = np.asarray(direction, float)
    nv = float(np.linalg.norm(v))
    if not nv > 0 or not math.isfinite(nv):
        return None
    return radius * v / nv


def probe_points(pair: FunctionPair, D: int, radii, draws: int, rng: np.random.Generator) -> list:
    """Per radius: ``draws`` uniformly random directions, then ± each adversarial direction."""
    ws = []
    for rad in radii:
        for _ in range(draws):
            v = rng.standard_normal(D)
            ws.append(rad * v / np.linalg.norm(v))
        for u in pair.directions:
            ws.extend([rad * u, -rad * u])
    return ws


def scan(pair: FunctionPair, points, rel_tol: float) -> dict:
    """The bound at every point: how many violate it beyond ``rel_tol``, the largest ratio lhs/rhs and
    (‖w‖, lhs, rhs) where it is attained."""
    nH = pair.hessian_norms()
    worst_ratio, worst, viol = 0.0, None, 0
    for w in points:
        lhs, rhs = product_and_bound(pair, w, nH)
        if lhs > rhs * (1 + rel_tol) + 1e-300:
            viol += 1
        ratio = lhs / rhs if rhs > 0 else 0.0
        if ratio >= worst_ratio:
            worst_ratio, worst = ratio, (float(np.linalg.norm(w)), lhs, rhs)
    return {"evaluations": len(points), "violations": viol, "max_ratio": worst_ratio, "at": worst,
            "hessian_norms": nH}
