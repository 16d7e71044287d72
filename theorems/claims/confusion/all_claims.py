"""Gradient confusion (Sankararaman et al.): 000 (ICML appendix, clean) and 002 (ICLR main text, OCR'd).

Gradient confusion (002 Def. 2.1): the set {f_i} has confusion bound η when <∇f_i, ∇f_j> >= −η for
all i ≠ j. Every inner product below comes from the per-example gradient Gram of
``kernels.nets.ghost`` (never from materialized per-example gradients, except in the small ball
search of Cor. 5.1, where one gradient per trial is needed as a direction).

Claims (ids of ../shared/CLAIMS.md, section "confusion"):

- lemma-B.1 (000 App. B), tail with explicit constants: the pair probability P[|xᵀy| >= ν] in
  closed form (xᵀy)² ~ Beta(1/2, (d−1)/2), checked against √(π/2) e^{−(d−1)ν²/2} on a (d, ν)
  grid; the N-point event by Monte Carlo with Clopper–Pearson intervals against N²√(π/8)e^{…}.
- thm-3.1, thm-3.2 (000 App. D.1 = 002 Sec. 3), bounds with explicit constants, checked exactly on
  problems with known L, μ, η, F* (``_sgd``), at step sizes up to 0.999·2/(NL) and horizons 1..T.
  thm-3.2 as printed has ρ(F(w_1) − F*)/T; its proof gives (ρ/α)(F(w_1) − F*)/T, checked as
  ``confusion/thm-3.2/corrected``.
- app-C (000 App. C), deterministic: |<∇f_i,∇f_j>| <= ‖w‖²‖H_i‖‖H_j‖ + ½L_H‖w‖³(‖H_i‖+‖H_j‖)
  + ¼L_H²‖w‖⁴ over functions minimized at 0 with L_H-Lipschitz Hessians whose L_H is exact.
- lemma-D.1 (000 App. D.2), deterministic: the four bounds for nets of eq. 4 under Assumption 1,
  for the activations the paper names (sigmoid, tanh, ReLU; softmax is not a map R -> R: its
  vector form is checked for (P1)/(P2) only), with random and constructed (adversarial) weights.
- thm-5.1 (000 App. D.3 = 002 Thm 4.1), cor-5.1 (000 App. D.3.1 = 002 Cor 4.1), thm-4.1
  (000 App. D.4 = 002 Thm 4.2): unspecified constants. We estimate the failure probability
  P(min_{i≠j} <∇f_i,∇f_j> < −η) from batched trials (exact binomial intervals are recorded) and fit
  the slope of log P against the variable the printed exponent names (d·η²; ℓd + ℓ²β). The
  printed bound P <= N² exp(−c·t) allows any negative slope and no positive one: ``Scaling`` with
  exponent 0, bound "upper", strict (CONFIRMED needs a slope CI below 0), tolerance 0.
  thm-4.1 part 1 (fixed data, η > 4) promises success w.p. -> 1 as ℓ grows: a HighProbabilityBound
  along ℓ (REFUTED when the failure rate's lower 95% bound exceeds 1/2 at the largest ℓ).
  thm-5.1 / cor-5.1 are statements for one fixed W: W and C are fixed per grid group (seeded by the claim)
  and η = k·s(W, C), with s a calibration scale of that network, so that the rates stay resolvable.
- fig-1 (002 Sec. 2, Fig. 1): linear regression, N = 100 Gaussian samples, d = 120 vs 80: after the
  same SGD budget the training loss, the confusion η and −min cosine at the end are lower for d = 120.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy import stats as sps

from kernels import activations as acts
from kernels.backend import select, to_numpy
from kernels.nets import ghost, mlp
from kernels.nets import sgd as _sgd
from kernels.stats import clopper_pearson

from ...spec import Claim, product
from ...verdict import AllOf, HighProbabilityBound, Predicate, Scaling

APP = "000_faae19e659337a38.txt"
MAIN = "002_a26379e51a4bac06.txt"
REL_TOL = 1e-9          # relative slack granted to deterministic inequalities (float64 rounding)


def _be(backend):
    return backend or select("numpy")


def _f(x) -> float:
    return float(to_numpy(x)) if not isinstance(x, (int, float)) else float(x)


def _cp(k: int, n: int) -> list:
    ci = clopper_pearson(int(k), int(n))
    return [ci.lo, ci.hi]


def _chunks(total: int, per_item: float, budget: float = 2e7):
    """Split ``total`` trials into chunks of about ``budget / per_item`` (floats of working memory per trial)."""
    size = max(1, int(budget // max(per_item, 1.0)))
    return [min(size, total - s) for s in range(0, total, size)]


def _sphere(rng, shape, xp):
    """Uniform points on S^{d−1}, shape (..., d), drawn in NumPy from ``rng`` (backend-independent)."""
    X = rng.standard_normal(shape)
    X /= np.linalg.norm(X, axis=-1, keepdims=True)
    return xp.asarray(X)


# =============================================================================== lemma B.1

def _pair_tail(d: int, nu):
    """P[|xᵀy| >= ν] for independent uniform x, y on S^{d−1}: (xᵀy)² ~ Beta(1/2, (d−1)/2)."""
    return sps.beta.sf(np.asarray(nu, float) ** 2, 0.5, (d - 1) / 2)


def _measure_b1(point, rng, backend):
    d = point["d"]
    if point["part"] == "pair":
        nu = np.array([0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999])
        logp = sps.beta.logsf(nu ** 2, 0.5, (d - 1) / 2)                    # in logs: no underflow at large d
        logb = 0.5 * math.log(math.pi / 2) - (d - 1) * nu ** 2 / 2          # 000 App. B eq. (5)
        k = int(np.argmax(logp - logb))
        holds = bool(np.all(logp <= logb + REL_TOL))
        nv = logb < 0                                                       # where the bound is below 1
        r_nv = float(np.exp(np.max((logp - logb)[nv]))) if np.any(nv) else None
        return {"holds": holds, "certain": True, "max_ratio_p_over_bound": float(np.exp(logp[k] - logb[k])),
                "max_ratio_where_bound_below_1": r_nv,
                "worst_nu": float(nu[k]), "log_p_exact_at_worst": float(logp[k]), "log_bound_at_worst": float(logb[k]),
                "explain": f"d={d}: log P[|x.y|>={nu[k]:g}] = {logp[k]:.6g} vs log bound {logb[k]:.6g}"}
    N, T = point["N"], point["trials"]
    # ν with printed bound N²√(π/8) e^{−(d−1)ν²/2} = target (a non-vacuous bound)
    target = point["bound"]
    nu = math.sqrt(2 * math.log(N * N * math.sqrt(math.pi / 8) / target) / (d - 1))
    k = 0
    for c in _chunks(T, N * (d + N)):
        X = rng.standard_normal((c, N, d))
        X /= np.linalg.norm(X, axis=-1, keepdims=True)
        Gm = np.abs(ghost.offdiag(X @ np.swapaxes(X, -1, -2)))
        k += int(np.sum(Gm.max(axis=-1) > nu))
    lo, hi = _cp(k, T)
    exact_pairs = N * (N - 1) / 2 * float(_pair_tail(d, nu))                 # union bound, exact per pair
    return {"holds": not lo > target, "certain": True, "applies": nu < 1, "nu": nu, "p_hat": k / T, "cp95": [lo, hi],
            "bound": target, "union_of_exact_pairs": exact_pairs, "ratio_p_over_bound": (k / T) / target,
            "explain": f"N={N}, d={d}, nu={nu:.4g}: P = {k}/{T} (95% CI [{lo:.3g}, {hi:.3g}]) vs bound {target:g}"}


LEMMA_B1 = Claim(
    id="confusion/lemma-B.1", source=f"{APP} App. B, Lemma B.1 and eq. (5)",
    statement="N i.i.d. uniform unit vectors in R^d: P[∃i≠j |x_iᵀx_j| > ν] <= N² √(π/8) exp(−(d−1)ν²/2); "
              "single pair (eq. 5): P[|xᵀy| >= ν] <= √(π/2) exp(−(d−1)ν²/2)",
    kind="tail",
    check=Predicate(summary_keys=("max_ratio_p_over_bound", "max_ratio_where_bound_below_1", "worst_nu", "p_hat", "cp95", "bound", "nu")),
    grid={"quick": [{"part": "pair", "d": d} for d in (2, 3, 5, 10, 30, 100, 1000, 10000)]
          + product(part=["union"], N=[5, 20], d=[30, 300], bound=[0.1, 0.5], trials=[4000]),
          "full": [{"part": "pair", "d": d} for d in (2, 3, 4, 5, 7, 10, 20, 30, 50, 100, 300, 1000, 3000, 10000, 10 ** 5)]
          + product(part=["union"], N=[2, 5, 20, 50], d=[10, 30, 100, 300], bound=[0.05, 0.2, 0.5, 0.9],
                    trials=[10000])},
    measure=_measure_b1,
    notes="pair part exact (regularized incomplete beta); union part: a violation needs the Clopper-Pearson "
          "lower bound above the printed bound",
)


# =============================================================================== Theorems 3.1, 3.2

def _horizons(T):
    return sorted({1, 2, 5, 10, 30, 100, 300, 1000, 3000, T} & set(range(1, T + 1)))


def _measure_sgd(point, rng, backend, which: str):
    P = _sgd.make_problem(point["family"], point["N"], rng)
    N, L, mu, eta = P.N, P.L, P.mu, P.eta
    alpha = point["alpha_frac"] * 2 / (N * L)                  # α < 2/(NL) (000 Thm 3.1/3.2)
    T = point["T"]
    gap, grad2 = _sgd.exact_moments(P, alpha, T)
    hs = _horizons(T)
    rows, worst = [], None
    if which == "3.1":
        rho = 1 - (2 * mu / N) * (alpha - N * L * alpha ** 2 / 2)
        for t in hs:
            lhs = gap[t]
            rhs = rho ** t * P.F0 + alpha * eta / (1 - rho)
            rows.append((t, lhs, rhs))
    else:
        rho = 2 * N / (2 - N * L * alpha)
        for t in hs:
            lhs = float(np.min(grad2[:t]))                      # min over k = 1..t; w_1 = the initial point
            lead = rho * P.F0 / t if which == "3.2" else (rho / alpha) * P.F0 / t
            rows.append((t, lhs, lead + rho * eta))
    viol = [(t, lhs, rhs) for t, lhs, rhs in rows if lhs > rhs * (1 + REL_TOL) + 1e-300]
    worst = max(rows, key=lambda r: r[1] / r[2] if r[2] > 0 else math.inf)
    mc_at = (hs[-1],) if which == "3.1" else (hs[0], hs[-1])
    mc = _sgd.monte_carlo(P, alpha, hs[-1], point["runs"], rng, at=mc_at if which == "3.1" else (0, hs[-1] - 1))
    mc_key = "gap" if which == "3.1" else "grad2"
    k_last = hs[-1] if which == "3.1" else hs[-1] - 1
    exact_last = gap[hs[-1]] if which == "3.1" else grad2[hs[-1] - 1]
    ci = mc[k_last][mc_key]
    t0, l0, r0 = (viol[0] if viol else worst)
    return {"holds": not viol, "certain": True, "problem": P.describe(), "alpha": alpha, "rho": rho,
            "horizons": [r[0] for r in rows], "lhs": [r[1] for r in rows], "rhs": [r[2] for r in rows],
            "max_ratio_lhs_over_rhs": max(r[1] / r[2] for r in rows if r[2] > 0),
            "violations": len(viol), "first_violation_T": viol[0][0] if viol else None,
            "mc_check": {"step": k_last, "exact": exact_last, "mc_mean_ci95": ci, "runs": point["runs"],
                         "agrees": bool(ci[1] - 1e-12 <= exact_last <= ci[2] + 1e-12)},
            "explain": f"{point['family']} N={N} alpha={alpha:.4g} ({point['alpha_frac']} x 2/(NL)), T={t0}: "
                       f"lhs {l0:.6g} vs rhs {r0:.6g}"}


def _sgd_grid(scale):
    if scale == "quick":
        return product(family=list(_sgd.FAMILIES), N=[5, 20], alpha_frac=[0.01, 0.3, 0.9, 0.999], T=[1000],
                       runs=[400])
    return product(family=list(_sgd.FAMILIES), N=[2, 5, 20, 50], alpha_frac=[0.001, 0.01, 0.1, 0.5, 0.9, 0.999],
                   T=[2000], runs=[1000])


_SGD_KEYS = ("max_ratio_lhs_over_rhs", "first_violation_T", "alpha", "mc_check")

THM_31 = Claim(
    id="confusion/thm-3.1", source=f"{APP} App. D.1, Theorem 3.1 (= {MAIN} Thm 3.1)",
    statement="(A1) L-smooth, (A2) PL with μ per component, confusion η, SGD with α < 2/(NL): "
              "E[F(w_T) − F*] <= ρ^T (F(w_0) − F*) + αη/(1−ρ), ρ = 1 − (2μ/N)(α − NLα²/2)",
    kind="bound", check=Predicate(summary_keys=_SGD_KEYS),
    grid={"quick": _sgd_grid("quick"), "full": _sgd_grid("full")},
    measure=lambda p, rng, be: _measure_sgd(p, rng, be, "3.1"),
    notes="expectations exact (second-moment recursion), checked against seeded SGD runs (mc_check)",
)

THM_32 = Claim(
    id="confusion/thm-3.2", source=f"{APP} App. D.1, Theorem 3.2 (= {MAIN} Thm 3.2)",
    statement="(A1), confusion η, α < 2/(NL): min_{k<=T} E‖∇F(w_k)‖² <= ρ(F(w_1) − F*)/T + ρη, ρ = 2N/(2 − NLα)",
    kind="bound", check=Predicate(summary_keys=_SGD_KEYS),
    grid={"quick": _sgd_grid("quick"), "full": _sgd_grid("full")},
    measure=lambda p, rng, be: _measure_sgd(p, rng, be, "3.2"),
    notes="w_1 is the initial point (the proof telescopes F(w_1) − F(w_{T+1}))",
)

THM_32C = Claim(
    id="confusion/thm-3.2/corrected", source=f"{APP} App. D.1, proof of Theorem 3.2 (last display)",
    statement="(A1), confusion η, α < 2/(NL): min_{k<=T} E‖∇F(w_k)‖² <= (ρ/α)(F(w_1) − F*)/T + ρη, "
              "ρ = 2N/(2 − NLα) (the proof's 2N/(2α − NLα²) = ρ/α)",
    kind="bound", check=Predicate(summary_keys=_SGD_KEYS),
    grid={"quick": _sgd_grid("quick"), "full": _sgd_grid("full")},
    measure=lambda p, rng, be: _measure_sgd(p, rng, be, "3.2c"),
)


# =============================================================================== App. C

PSI3 = 3 * math.sqrt(3) / 8      # sup |ψ'''| for ψ(s) = s arctan s − ½ log(1 + s²)  (ψ''' = −2s/(1+s²)²)


def _appc_family(family: str, D: int, r: int, rng):
    """(grad(w) -> (2, D) gradients of f_1, f_2; H_1(0), H_2(0); L_H exact; adversarial directions)."""
    if family == "cubic":
        # f_i(w) = ½ wᵀH_i w + Σ_k (L_k/6)|u_kᵀw|³, H_i = a_i a_iᵀ (rank r), orthonormal u_k: L_H = max L_k
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
        dirs = [terms[0][0][:, 0], terms[1][0][:, 0]]
        return grad, Hs, LH, dirs
    if family == "arctan":
        # f_i(w) = Σ_k λ_k ψ(u_kᵀw): ∇ = Σ λ_k arctan(s_k) u_k, H(0) = Σ λ_k u_k u_kᵀ, L_H = max λ_k sup|ψ'''|
        Hs, terms = [], []
        for _ in range(2):
            U, _ = np.linalg.qr(rng.standard_normal((D, r)))
            lam = rng.uniform(0.2, 2.0, r)
            Hs.append((U * lam) @ U.T)
            terms.append((U, lam))
        LH = PSI3 * max(float(t[1].max()) for t in terms)

        def grad(w):
            return np.stack([(lam * np.arctan(w @ U)) @ U.T for U, lam in terms])
        dirs = [terms[0][0][:, 0], terms[1][0][:, 0]]
        return grad, Hs, LH, dirs
    if family == "tight":
        # f_1 = f_2 = ψ(uᵀw), ψ(s) = h s²/2 + L|s|³/6 (ψ'' = h + L|s|: L-Lipschitz): equality along u
        u = rng.standard_normal(D)
        u /= np.linalg.norm(u)
        h, L = rng.uniform(0.1, 2.0), rng.uniform(0.1, 2.0)
        H = h * np.outer(u, u)

        def grad(w):
            s = w @ u
            g = (h * s + 0.5 * L * abs(s) * s) * u
            return np.stack([g, g])
        return grad, [H, H], L, [u, u]
    raise ValueError(family)


def _appc_sides(grad, w, nH, LH) -> tuple[float, float]:
    """(|<∇f_1(w), ∇f_2(w)>|, the printed bound) at one w (000 App. C)."""
    g = grad(w)
    nw = float(np.linalg.norm(w))
    rhs = nw ** 2 * nH[0] * nH[1] + 0.5 * LH * nw ** 3 * (nH[0] + nH[1]) + 0.25 * LH ** 2 * nw ** 4
    return abs(float(g[0] @ g[1])), rhs


def appc_at(family: str, D: int, rank: int, seed: int, radius: float, direction=None) -> dict:
    """App. C at one point w = radius · direction/‖direction‖ of one drawn pair (f_1, f_2) of ``family``
    (the family's adversarial direction when ``direction`` is None or zero). Used by the fuzz property."""
    grad, Hs, LH, dirs = _appc_family(family, D, rank, np.random.default_rng(seed))
    v = dirs[0] if direction is None else np.asarray(direction, float)
    nv = float(np.linalg.norm(v))
    if not nv > 0 or not math.isfinite(nv):
        v, nv = dirs[0], float(np.linalg.norm(dirs[0]))
    nH = [float(np.linalg.norm(H, 2)) for H in Hs]
    lhs, rhs = _appc_sides(grad, radius * v / nv, nH, LH)
    holds = lhs <= rhs * (1 + REL_TOL) + 1e-300
    return {"holds": holds, "certain": True, "lhs": lhs, "rhs": rhs, "L_H": LH, "H_norms": nH,
            "margin": (rhs - lhs) / rhs if rhs > 0 else 0.0,
            "explain": f"{family}, D={D}, rank={rank}, |w|={radius:.3g}: |<g1,g2>| = {lhs:.17g} > bound {rhs:.17g}"}


def _measure_appc(point, rng, backend):
    D, r = point["D"], point["rank"]
    grad, Hs, LH, dirs = _appc_family(point["family"], D, r, rng)
    nH = [float(np.linalg.norm(H, 2)) for H in Hs]
    worst_ratio, worst = 0.0, None
    viol = 0
    ws = []
    for rad in point["radii"]:
        for _ in range(point["draws"]):
            v = rng.standard_normal(D)
            ws.append(rad * v / np.linalg.norm(v))
        for u in dirs:                                      # adversarial: along the cubic / Hessian directions
            ws.extend([rad * u, -rad * u])
    for w in ws:
        lhs, rhs = _appc_sides(grad, w, nH, LH)
        if lhs > rhs * (1 + REL_TOL) + 1e-300:
            viol += 1
        ratio = lhs / rhs if rhs > 0 else 0.0
        if ratio >= worst_ratio:
            worst_ratio, worst = ratio, (float(np.linalg.norm(w)), lhs, rhs)
    return {"holds": viol == 0, "certain": True, "evaluations": len(ws), "violations": viol,
            "max_ratio_lhs_over_rhs": worst_ratio, "L_H": LH, "H_norms": nH,
            "explain": f"{point['family']}: |<g1,g2>| = {worst[1]:.6g} vs bound {worst[2]:.6g} at |w| = {worst[0]:.3g}"}


APP_C = Claim(
    id="confusion/app-C", source=f"{APP} App. C (= {MAIN} Sec. 2, 'low-rank Hessians')",
    statement="each f_i minimized at 0 with L_H-Lipschitz Hessian: |<∇f_i,∇f_j>| <= ‖w‖²‖H_i‖‖H_j‖ "
              "+ ½L_H‖w‖³(‖H_i‖+‖H_j‖) + ¼L_H²‖w‖⁴ (H_i = H_i(0))",
    kind="bound", check=Predicate(summary_keys=("max_ratio_lhs_over_rhs", "violations", "evaluations")),
    grid={"quick": product(family=["cubic", "arctan", "tight"], D=[3, 50], rank=[1, 3], draws=[30],
                           radii=[[1e-4, 1e-2, 0.3, 1.0, 3.0, 30.0]]),
          "full": [p for p in product(family=["cubic", "arctan", "tight"], D=[2, 3, 10, 50, 200], rank=[1, 2, 5],
                                      draws=[300], radii=[[1e-6, 1e-4, 1e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0]])
                   if p["rank"] <= p["D"]]},
    measure=_measure_appc,
    notes="classes with exact L_H: quadratic + cubic ridges |u_kᵀw|³ (orthonormal u_k), arctan ridges "
          "(sup|ψ'''| = 3√3/8), and a one-dimensional pair that attains equality; the proof writes one error "
          "term e for both functions, but the final bound also holds with e_i ≠ e_j",
)


# =============================================================================== Lemma D.1

def _softmax_p1p2(k: int, rng, draws: int) -> dict:
    """Softmax as a map R^k -> R^k on [−1,1]^k: max |p_i|, max ‖J‖₂ (J = diag p − ppᵀ), max ‖∇²p_i‖₂."""
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


def _measure_d1(point, rng, backend):
    if point["part"] == "P1P2":
        name = point["activation"]
        if name == "softmax":
            s = _softmax_p1p2(point["width"], rng, 2000)
            holds = s["max_abs"] <= 1 and s["max_jacobian_norm"] <= 1 and s["max_hessian_norm"] <= 1
            return {"holds": bool(holds), "certain": True, **s, "pointwise": False,
                    "explain": f"softmax on [-1,1]^{point['width']}: {s}"}
        act = acts.get(name)
        x = np.linspace(-1, 1, 200001)
        s = {"max_abs": float(np.max(np.abs(act.phi(x)))), "max_abs_d1": float(np.max(np.abs(act.dphi(x)))),
             "max_abs_d2": float(np.max(np.abs(act.ddphi(x))))}
        holds = all(v <= 1 + REL_TOL for v in s.values())
        return {"holds": bool(holds), "certain": True, **s, "pointwise": True, "sigma_at_0": float(act.phi(np.zeros(1))[0]),
                "explain": f"{name} on [-1,1]: {s}"}
    return _d1_network(point, rng)


def _d1_network(point, rng):
    act = acts.get(point["activation"])
    ell, beta, d = point["width"], point["depth"], point["d"]
    construction = point["construction"]
    zeta0 = 2 * math.sqrt(beta)                                      # 000 Lemma D.1: ζ_0 = 2√β
    keys = ("grad_Wp_g", "zeta_square", "zeta_logistic", "grad_x_zeta_square", "grad_x_zeta_logistic",
            "grad_W_zeta_square", "grad_W_zeta_logistic")
    worst = dict.fromkeys(keys, 0.0)
    arg = {}
    for _ in range(point["draws"]):
        net = mlp.init_mlp(d, ell, beta, act, rng, scheme="orthogonal")     # ‖W_p‖₂ = 1: Assumption 1
        x = rng.standard_normal(d)
        if construction == "positive":                               # keeps ReLU units active
            x = np.abs(x)
            net.weights = [np.abs(W) / np.linalg.norm(np.abs(W), 2) for W in net.weights]
        x = x / np.linalg.norm(x)
        X = x[None, :]
        if construction in ("orthogonal_last", "positive"):
            # adversarial last layer: W_β ⟂ a_{β−1}(x) (σ'(0) is the largest slope of sigmoid / tanh) or, for
            # "positive", W_β ∥ a_{β−1}(x) (all units active)
            _, A, _ = mlp.forward(net, X)
            a = A[-1][0]
            v = rng.standard_normal(a.size)
            if construction == "orthogonal_last":
                if a @ a > 0:
                    v -= (v @ a) / (a @ a) * a
            elif a @ a > 0:
                v = a.copy()
            net.weights[-1] = (v / np.linalg.norm(v))[None, :]
        g, A, Z = mlp.forward(net, X)
        gv = float(g[0])
        gx = mlp.input_gradient(net, X)[0]                         # ∇_x g
        norms, _, _ = mlp.layer_grad_norms(net, X)
        per_layer = norms[:, 0]
        gW = float(np.sqrt(np.sum(per_layer ** 2)))                 # ‖∇_W g‖ over all β+1 layers
        c_val = -1.0 if gv >= 0 else 1.0                            # label against the sign of g, |C| <= 1
        u = gx / (np.linalg.norm(gx) or 1.0)
        # square loss: ζ = g − C; C(x') = c_val − uᵀ(x' − x) near x (‖∇C‖ = 1, pointing against ∇g)
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
    bounds = {"grad_Wp_g": 1.0, "zeta_square": 2.0, "zeta_logistic": 2.0, "grad_x_zeta_square": zeta0,
              "grad_x_zeta_logistic": zeta0, "grad_W_zeta_square": zeta0, "grad_W_zeta_logistic": zeta0}
    failed = [k for k in bounds if worst[k] > bounds[k] * (1 + REL_TOL)]
    shown = ("grad_Wp_g", "zeta_square", "grad_x_zeta_square", "grad_W_zeta_square")
    return {"holds": not failed, "certain": True, **{f"max_{k}": v for k, v in worst.items()},
            "bounds": bounds, "failed": failed, "zeta0": zeta0, "at_max": arg.get("grad_Wp_g"),
            "explain": f"{act.name}, width {ell}, depth {beta}, {construction}: "
                       + "".join(f"FAILS {k} = {worst[k]:.9g} > {bounds[k]:.4g}; " for k in failed)
                       + ", ".join(f"max {k} = {worst[k]:.4g} (bound {bounds[k]:.4g})" for k in shown)}


def d1_at(activation: str, width: int, depth: int, d: int, construction: str, seed: int) -> dict:
    """Lemma D.1's four bounds on one network drawn with ``seed`` (one draw of ``_d1_network``); ``margin`` is
    the smallest relative slack (bound − value)/bound over the bounds. Used by the fuzz property."""
    v = _d1_network({"activation": activation, "width": width, "depth": depth, "d": d,
                     "construction": construction, "draws": 1}, np.random.default_rng(seed))
    v["margin"] = min((b - v[f"max_{k}"]) / b for k, b in v["bounds"].items())
    return v


def _d1_grid(scale):
    p12 = [{"part": "P1P2", "activation": a, "width": 1} for a in ("sigmoid", "tanh", "relu")] + \
          [{"part": "P1P2", "activation": "softmax", "width": k} for k in (2, 5)]
    widths = [16, 128] if scale == "quick" else [4, 16, 64, 256, 1024]
    draws = 3 if scale == "quick" else 10
    nets_ = product(part=["net"], activation=["sigmoid", "tanh", "relu"], width=widths, depth=[1, 3], d=[10],
                    construction=["random", "orthogonal_last", "positive"], draws=[draws])
    return p12 + nets_


LEMMA_D1 = Claim(
    id="confusion/lemma-D.1", source=f"{APP} App. D.2, Lemma D.1 (with (P1), (P2) and Assumption 1 of {MAIN} Sec. 4)",
    statement="nets of eq. 4 with ‖W_p‖ <= 1, σ with (P1) |σ| <= 1 and (P2) |σ'|,|σ''| <= 1 on [−1,1] "
              "(sigmoid, tanh, softmax, ReLU said to qualify), ‖x‖ <= 1, square or logistic loss: "
              "‖∇_{W_p} g_W(x)‖ <= 1; |ζ| <= 2, ‖∇_x ζ‖ <= ζ_0, ‖∇_W ζ‖ <= ζ_0 <= 2√β",
    kind="bound",
    check=Predicate(summary_keys=("max_grad_Wp_g", "max_zeta_square", "max_grad_x_zeta_square", "max_grad_W_zeta_square", "failed", "max_abs", "max_abs_d1", "max_abs_d2", "max_jacobian_norm", "max_hessian_norm")),
    grid={"quick": _d1_grid("quick"), "full": _d1_grid("full")},
    measure=_measure_d1,
    notes="weights semi-orthogonal (every singular value 1: Assumption 1 with equality); constructions: random, "
          "W_β ⟂ a_{β−1}(x) (largest σ'), and non-negative weights/inputs (ReLU units all active); labels "
          "C = ±1 against the sign of g (|C| <= 1) and, for the square loss, ∇C = −∇g/‖∇g‖",
)


# =============================================================================== Theorem 5.1 and Corollary 5.1

NET_SEED = 0xC0F


@functools.lru_cache(maxsize=32)
def _full_nets(net_seed: int, ell: int, beta: int, act: str, xp):
    """The fixed student and teacher on R^ℓ and the Lipschitz-label parameters of ``_fixed_net``
    (cached: the same for every d and repetition)."""
    rng = np.random.default_rng(np.random.SeedSequence([NET_SEED, net_seed]))
    full = mlp.init_mlp(ell, ell, beta, act, rng, scheme="orthogonal", xp=xp)
    tfull = mlp.init_mlp(ell, 16, 2, "tanh", rng, scheme="orthogonal", xp=xp)
    terms = 8
    lip = (rng.standard_normal((terms, ell)), rng.standard_normal(terms), rng.uniform(0, 2 * np.pi, terms))
    return full, tfull, lip


def _fixed_net(point, xp):
    """A fixed network satisfying Assumption 1 with equality, and fixed labels C, both living on R^ℓ.

    000 Thm 5.1 is a statement for one fixed W, the probability being over the data, so W and C are part of
    the grid point (``net``: a seed of the claim, independent of the run's root seed) and the same across d:
    W_0 = Q[:, :d] for one ℓ×ℓ orthogonal Q (orthonormal columns, ‖W_0 x‖ = ‖x‖), the other layers fixed;
    data x ∈ S^{d−1} thus fill a d-dimensional great sphere of one fixed network's input space.
    Labels: a realizable teacher (width 16, depth 2, ‖W*_p‖ = 1, W*_0 restricted to the same d
    coordinates: a column block of a matrix with orthonormal rows has norm <= 1) or the random Lipschitz
    function Σ_k c_k sin(v_kᵀx/‖v_k‖ + φ_k) with v_k the first d coordinates of fixed v_k ∈ R^ℓ.
    """
    d, ell, beta = point["d"], point["width"], point["depth"]
    if d > ell:
        raise ValueError("d must be <= width (W_0 = Q[:, :d])")
    full, tfull, (Vf, c, ph) = _full_nets(int(point["net"]), ell, beta, point.get("activation", "tanh"), xp)
    net = full.with_weights([full.weights[0][:, :d]] + full.weights[1:])
    if point["labels"] == "teacher":
        tnet = tfull.with_weights([tfull.weights[0][:, :d]] + tfull.weights[1:])
        return net, (lambda X: mlp.forward(tnet, X)[0])
    V = Vf[:, :d]
    V = xp.asarray(V / np.linalg.norm(V, axis=1, keepdims=True))
    cx = xp.asarray(c / np.abs(c).sum())
    phx = xp.asarray(ph)
    return net, (lambda X: xp.sin(xp.matmul(X, V.T) + phx) @ cx)


@functools.lru_cache(maxsize=64)
def _confusion_scale(net_seed: int, labels: str, ell: int, beta: int, N: int, d_ref: int, loss: str, xp) -> float:
    """s(W, C): the median of −min_{i≠j} <∇f_i,∇f_j> at d = d_ref over 500 calibration data sets drawn from a
    fixed seed. The thresholds are η = k·s (k from the grid), so that the failure rate is resolvable
    (between 0 and 1) for every fixed network; the theorem holds for every η, so η may depend on W."""
    point = {"d": d_ref, "width": ell, "depth": beta, "net": net_seed, "labels": labels}
    net, C = _fixed_net(point, xp)
    rng = np.random.default_rng(np.random.SeedSequence([NET_SEED, net_seed, 1]))
    X = _sphere(rng, (500, N, d_ref), xp)
    m = to_numpy(ghost.min_offdiag(ghost.gradient_gram(net, X, C(X), loss)))
    return float(np.median(-m))


def _eta(point, k: float, xp) -> float:
    return k * _confusion_scale(int(point["net"]), point["labels"], point["width"], point["depth"], point["N"],
                                point["d_ref"], point.get("loss", "square"), xp)


def _measure_51(point, rng, backend):
    be = _be(backend)
    xp = be.xp
    net, C = _fixed_net(point, xp)
    T, N, d = point["trials"], point["N"], point["d"]
    ms, cs = [], []
    for c in _chunks(T, 4 * N * (point["width"] * (point["depth"] + 2) + d)):
        X = _sphere(rng, (c, N, d), xp)
        G = ghost.gradient_gram(net, X, C(X), point["loss"])
        ms.append(to_numpy(ghost.min_offdiag(G)))
        cs.append(to_numpy(ghost.min_cosine(G)))
    m, mc = np.concatenate(ms), np.concatenate(cs)
    out = {"trials": T, "median_min_offdiag": float(np.median(m)), "q01_min_offdiag": float(np.quantile(m, 0.01)),
           "median_min_offdiag_x_sqrt_d": float(np.median(m)) * math.sqrt(d),
           "median_min_cosine": float(np.nanmedian(mc))}
    for tag in ("a", "b"):                          # two thresholds η from the same trials
        eta = _eta(point, point[f"k_{tag}"], xp)
        k = int(np.sum(m < -eta))
        out.update({f"p_fail_{tag}": k / T, f"failures_{tag}": k, f"cp95_{tag}": _cp(k, T), f"eta_{tag}": eta,
                    f"d_eta2_{tag}": d * eta ** 2})
    return out


def _t_dk2(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k"] ** 2


def _t_dk2_a(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k_a"] ** 2


def _t_dk2_b(x, group):
    """d·k², η = k·s(W,C)"""
    return x * group["k_b"] ** 2


RISE = 0.1     # a contradicting rise of log P must exceed 0.1 (10%) over the swept range of t


def _rate_check(y, x, t, group_by, t_span: float, where=None):
    """log P against the printed variable t: any negative slope is allowed, a positive one contradicts.

    The tolerance is RISE / t_span (t_span: the smallest range of t over the groups), so a flat stretch of the
    failure rate (a change of log P far below 10% across the range) never reads as a rise."""
    return Scaling(y=y, x=x, printed=0.0, direction="upper_bound", limit="inf", group_by=group_by, transform=t,
                   strict=True, tolerance=RISE / t_span, max_ci_width=math.inf, where=where)


def _span(grid, x, t, keys) -> float:
    """The smallest range of t(x, group) over the groups of ``grid`` (for ``_rate_check``)."""
    groups = {}
    for p in grid:
        groups.setdefault(tuple(p[k] for k in keys), []).append(p)
    out = math.inf
    for key, pts in groups.items():
        g = dict(zip(keys, key))
        ts = [t(p[x], g) for p in pts]
        out = min(out, max(ts) - min(ts))
    return out


def _grid_51(scale, trials):
    ds = [16, 32, 64, 128] if scale == "quick" else [16, 32, 64, 128, 256]
    width = 128 if scale == "quick" else 256
    nets_ = (0, 1) if scale == "quick" else (0, 1, 2)
    losses = ("square",) if scale == "quick" else ("square", "logistic")
    # thresholds η = k·s(W,C): at full scale the Lipschitz-label failure rates fall below 1/trials past d ~ 64
    # at k = 1, so smaller k there (the statement holds for every η)
    ks = {"lipschitz": (1.0, 1.5), "teacher": (1.0, 1.5)} if scale == "quick" else \
        {"lipschitz": (0.5, 0.75), "teacher": (1.0, 1.5)}
    return [dict(labels=lab, net=net, loss=loss, k_a=ks[lab][0], k_b=ks[lab][1], d_ref=ds[0], d=d, width=width,
                 depth=2, N=6, trials=trials) for loss in losses for lab in ("lipschitz", "teacher") for net in nets_
            for d in ds]


_G51 = ("labels", "net", "loss", "k_a", "k_b")

THM_51 = Claim(
    id="confusion/thm-5.1", source=f"{APP} App. D.3, Theorem 5.1 (= {MAIN} Thm 4.1)",
    statement="‖W_p‖ <= 1 for all p, data uniform on the sphere, square or logistic loss: the confusion bound η "
              "holds w.p. >= 1 − N² exp(−c d η² / (16 ζ_0⁴ (β+2)⁴))",
    kind="scaling",
    check=AllOf(checks=(_rate_check("p_fail_a", "d", _t_dk2_a, _G51, _span(_grid_51("quick", 0), "d", _t_dk2_a, _G51)),
                        _rate_check("p_fail_b", "d", _t_dk2_b, _G51, _span(_grid_51("quick", 0), "d", _t_dk2_b, _G51)))),
    grid={"quick": _grid_51("quick", 1000), "full": _grid_51("full", 8000)},
    repetitions={"quick": 3, "full": 4}, measure=_measure_51,
    notes="tanh, width 128 (>= d, so W_0 x keeps the norm of x), depth 2, N = 6; W and C drawn per seed and held "
          "fixed over the trials (the probability is over the data). The printed exponent's depth factor "
          "(ζ_0 = 2√β) is fixed by the grid; the fit is of log P against d·η² in each (labels, η) group",
)


def _measure_c51(point, rng, backend):
    """Failure anywhere in the ball B_r(W), r = η/(4ζ_0²): the trial's worst pair (i, j) is pushed down by a
    projected ascent step along −∇_W <∇f_i, ∇f_j> = −(H_i ∇f_j + H_j ∇f_i) (Hessian-vector products by
    central differences of per-example gradients), then every pair is re-evaluated at W + Δ."""
    be = _be(backend)
    xp = be.xp
    net, C = _fixed_net(point, xp)
    T, N, d, beta = point["trials"], point["N"], point["d"], point["depth"]
    eta = _eta(point, point["k"], xp)
    zeta0 = 2 * math.sqrt(beta)
    r = eta / (4 * zeta0 ** 2)                                  # the edge of the corollary's first case
    P = net.n_params
    m0s, ws = [], []
    for c in _chunks(T, 12 * P, 6e6):
        X = _sphere(rng, (c, N, d), xp)
        m0, worst = _ball_min(net, X, C(X), r, point["steps"], xp)
        m0s.append(to_numpy(m0))
        ws.append(to_numpy(worst))
    m0n, wn = np.concatenate(m0s), np.concatenate(ws)
    k0, k = int(np.sum(m0n < -eta)), int(np.sum(wn < -eta))
    K = 64 * zeta0 ** 4 * (beta + 2) ** 4
    return {"p_fail": k / T, "failures": k, "trials": T, "cp95": _cp(k, T), "p_fail_at_center": k0 / T,
            "radius": r, "eta": eta, "d_eta2": d * eta ** 2,
            "median_drop_in_ball": float(np.median(m0n - wn)),
            "case2_exponent_at_case_boundary_per_d": f"c η²/{K:.3g} − 2 (vacuous unless c > {2 * K / eta ** 2:.3g})"}


def _ball_min(net, X, y, r, steps, xp):
    """(min_{i≠j} G_ij at W, the smallest value found in B_r(W)) per trial of X (T, N, d): projected ascent on
    the trial's worst pair along −∇_W <∇f_i, ∇f_j> = −(H_i ∇f_j + H_j ∇f_i), Hessian-vector products by
    central differences of per-example gradients."""
    T, N = X.shape[0], X.shape[1]
    m0 = ghost.min_offdiag(ghost.gradient_gram(net, X, y, "square"))
    worst = m0
    base = mlp.MLP([xp.broadcast_to(W, (T,) + W.shape) * 1.0 for W in net.weights], net.activation)
    cur, delta = base, None
    iu = np.triu_indices(N, 1)
    t = xp.arange(T)
    for _ in range(steps):
        G = ghost.gradient_gram(cur, X, y, "square")
        k = to_numpy(xp.argmin(G[:, iu[0], iu[1]], axis=1))
        ii, jj = xp.asarray(iu[0][k]), xp.asarray(iu[1][k])
        Xi, Xj = X[t, ii][:, None, :], X[t, jj][:, None, :]
        yi, yj = y[t, ii][:, None], y[t, jj][:, None]
        gi = ghost.per_example_gradients(cur, Xi, yi, "square")[:, 0]
        gj = ghost.per_example_gradients(cur, Xj, yj, "square")[:, 0]
        h = 1e-5
        hv = []
        for (Xa, ya), v in (((Xi, yi), gj), ((Xj, yj), gi)):
            nv = xp.linalg.norm(v, axis=1, keepdims=True)
            vn = v / xp.maximum(nv, 1e-300)
            gp = ghost.per_example_gradients(_shift(cur, vn * h, xp), Xa, ya, "square")[:, 0]
            gm = ghost.per_example_gradients(_shift(cur, -vn * h, xp), Xa, ya, "square")[:, 0]
            hv.append((gp - gm) / (2 * h) * nv)
        grad_h = hv[0] + hv[1]                                   # ∇_W <∇f_i, ∇f_j>
        step = -grad_h / xp.maximum(xp.linalg.norm(grad_h, axis=1, keepdims=True), 1e-300) * r
        delta = step if delta is None else delta + step
        nrm = xp.linalg.norm(delta, axis=1, keepdims=True)
        delta = delta * xp.minimum(1.0, r / xp.maximum(nrm, 1e-300))   # stay in B_r
        cur = _shift(base, delta, xp)
        worst = xp.minimum(worst, ghost.min_offdiag(ghost.gradient_gram(cur, X, y, "square")))
    return m0, worst


def _shift(net, flat, xp):
    """net with parameters W + Δ, Δ given flat (T, P) in the order of per_example_gradients."""
    Ws, k = [], 0
    for W in net.weights:
        size = int(W.shape[-1] * W.shape[-2])
        Ws.append(W + flat[:, k:k + size].reshape(W.shape))
        k += size
    return mlp.MLP(Ws, net.activation)


def _grid_c51(scale, trials):
    if scale == "quick":
        return product(labels=["lipschitz"], net=[0], k=[1.0], d_ref=[8], d=[8, 16, 32, 64], width=[64], depth=[2],
                       N=[6], trials=[trials], steps=[1])
    return product(labels=["lipschitz", "teacher"], net=[0, 1], k=[1.0], d_ref=[8], d=[8, 16, 32, 64, 128],
                   width=[128], depth=[2], N=[6], trials=[trials], steps=[2])


COR_51 = Claim(
    id="confusion/cor-5.1", source=f"{APP} App. D.3.1, Corollary 5.1 (= {MAIN} Cor 4.1)",
    statement="W with ‖W_p‖ <= 1, data uniform on the sphere: the confusion bound holds uniformly on the ball B_r(W) "
              "w.p. >= 1 − N² exp(−c d η² / (64 ζ_0⁴ (β+2)⁴)) if r <= η/(4ζ_0²), else "
              ">= 1 − N² exp(−c d η²/(64 ζ_0⁴ (β+2)⁴) + 8 d ζ_0² r / η)",
    kind="scaling",
    check=_rate_check("p_fail", "d", _t_dk2, ("labels", "net", "k"),
                      _span(_grid_c51("quick", 0), "d", _t_dk2, ("labels", "net", "k"))),
    grid={"quick": _grid_c51("quick", 500), "full": _grid_c51("full", 2000)},
    repetitions={"quick": 3, "full": 4}, measure=_measure_c51,
    notes="first case at its edge r = η/(4ζ_0²); the sup over the ball is approached from below by projected "
          "ascent on the worst pair, so the measured failure rate is a lower bound on the true one. The second "
          "case is vacuous at the case boundary unless c > 2·64ζ_0⁴(β+2)⁴/η² (recorded per point)",
)


# =============================================================================== Theorem 4.1 (Strategy 4.1)

def _measure_41(point, rng, backend):
    be = _be(backend)
    xp = be.xp
    beta, ell, kappa, eta = point["depth"], point["width"], point["kappa"], point["eta"]
    if point["part"] == "fixed":
        # a fixed data set with ‖x_i‖ <= 1: x, −x, y, −y (orthonormal x, y) and labels C ≡ 1 (∇C = 0)
        d = point["d"]
        X = xp.asarray(np.concatenate([np.eye(d)[:2], -np.eye(d)[:2]]))
        net = mlp.init_mlp(d, ell, beta, "tanh", rng, scheme="strategy4.1", kappa=kappa, xp=xp)
        G = ghost.gradient_gram(net, X, xp.ones(4), "square")
        m = _f(ghost.min_offdiag(G))
        w0 = _f(mlp.spectral_norms(net.weights[0]))             # W_0 ∈ R^{ℓ×d}: ‖W_0‖ ≈ (√ℓ + √d)/√(κd)
        return {"min_offdiag": m, "minus_eta": -eta, "failed": m < -eta, "opnorm_W0": w0,
                "W0_satisfies_assumption1": w0 <= 1.0, "min_cosine": _f(ghost.min_cosine(G)),
                "grad_norm2_x": _f(G[0, 0])}
    T, N, d = point["trials"], point["N"], point["d"]
    # one fixed labeling function per grid group (the same at every width): only weights and data vary
    C = mlp.random_lipschitz(d, np.random.default_rng(np.random.SeedSequence([NET_SEED, 2, point["cseed"]])), xp=xp)
    ms, cs, g2, W0n = [], [], [], None
    for c in _chunks(T, 2 * (ell * d + ell * ell * beta + ell)):
        net = mlp.init_mlp(d, ell, beta, "tanh", rng, scheme="strategy4.1", kappa=kappa, batch=(c,), xp=xp)
        X = _sphere(rng, (c, N, d), xp)
        G = ghost.gradient_gram(net, X, C(X), "square")
        ms.append(to_numpy(ghost.min_offdiag(G)))
        cs.append(to_numpy(ghost.min_cosine(G)))
        g2.append(to_numpy(xp.diagonal(G, axis1=-2, axis2=-1)).ravel())
        if W0n is None:
            W0n = to_numpy(mlp.spectral_norms(net.weights[0][:20]))
    m = np.concatenate(ms)
    k = int(np.sum(m < -eta))
    return {"p_fail": k / T, "failures": k, "trials": T, "cp95": _cp(k, T),
            "x_printed": ell * d + ell ** 2 * beta, "median_min_offdiag": float(np.median(m)),
            "median_min_cosine": float(np.nanmedian(np.concatenate(cs))),
            "median_opnorm_W0": float(np.median(W0n)), "median_grad_norm2": float(np.median(np.concatenate(g2)))}


def _t_41(x, group):
    """(ℓd + ℓ²β)/1000"""
    return (x * group["d"] + x * x * group["depth"]) / 1000.0


_G41 = ("kappa", "depth", "d", "eta", "cseed")


def _grid_41(scale):
    if scale == "quick":
        fixed = product(part=["fixed"], kappa=[1.0], depth=[2], d=[4], eta=[5.0], width=[8, 32, 128],
                        trial=list(range(15)))
        fixed += product(part=["fixed"], kappa=[4.0], depth=[1], d=[4], eta=[5.0], width=[8, 32, 128],
                         trial=list(range(15)))
        sphere = product(part=["sphere"], kappa=[1.0], depth=[2], d=[8], eta=[0.25], N=[4], cseed=[0],
                         width=[32, 64, 128, 256], trials=[500])
    else:
        fixed = product(part=["fixed"], kappa=[1.0, 4.0, 16.0], depth=[1, 2, 4], d=[4], eta=[5.0],
                        width=[8, 32, 128, 512], trial=list(range(25)))
        sphere = product(part=["sphere"], kappa=[1.0, 4.0], depth=[1, 2, 4], d=[8, 32], eta=[0.25], N=[4],
                         cseed=[0], width=[32, 64, 128, 256], trials=[1000])
    return fixed + sphere


THM_41 = Claim(
    id="confusion/thm-4.1", source=f"{APP} App. D.4, Theorem 4.1 (= {MAIN} Thm 4.2, Strategy 4.1)",
    statement="Strategy 4.1 init (W_0 ~ N(0, 1/(κd)), W_p ~ N(0, 1/(κℓ))). Part 1 (fixed data, ‖x_i‖ <= 1, η > 4): "
              "confusion bound holds w.p. >= 1 − β e^{−c_1κ²ℓ²} − N² e^{−cℓ²β(η−4)²/(64ζ_0⁴(β+2)⁴)}. "
              "Part 2 (sphere data, η > 0): w.p. >= 1 − β e^{−c_1κ²ℓ²} − N² e^{−c_2(ℓd + ℓ²β)η²/(16ζ_0⁴(β+2)⁴)}",
    kind="scaling",
    check=AllOf(checks=(HighProbabilityBound(lhs="min_offdiag", rhs="minus_eta", sense=">=", along="width",
                                             group_by=("kappa", "depth"), where={"part": "fixed"}),
                        _rate_check("p_fail", "width", _t_41, _G41,
                                    _span([p for p in _grid_41("quick") if p["part"] == "sphere"], "width", _t_41, _G41),
                                    where={"part": "sphere"}))),
    grid={"quick": _grid_41("quick"), "full": _grid_41("full")},
    repetitions={"quick": 4, "full": 4}, measure=_measure_41,
    notes="tanh, square loss. Part 1: fixed data {x, −x, y, −y} with C ≡ 1 (allowed: |C| <= 1, ∇C = 0), one draw "
          "of the weights per record. Part 2: failure rate from batched weight+data draws, fitted in the printed "
          "variable ℓd + ℓ²β. W_0's variance 1/(κd) (κ applied to W_0 too; the OCR of 002 is garbled there)",
)


# =============================================================================== Figure 1

def _measure_fig1(point, rng, backend):
    """Linear regression f_i = ½(a_iᵀw − y_i)², a_i ~ N(0, I_d/d), y_i ~ N(0, 1), SGD with batch 1 from w = 0."""
    N, d, epochs = point["N"], point["d"], point["epochs"]
    A = rng.standard_normal((N, d)) / math.sqrt(d)
    y = rng.standard_normal(N)
    L = float(np.max(np.sum(A * A, axis=1)))
    alpha = point["lr_times_L"] / L
    w_ls = np.linalg.lstsq(A, y, rcond=None)[0]
    Fstar = 0.5 * float(np.mean((A @ w_ls - y) ** 2))
    w = np.zeros(d)

    def F(w):
        return 0.5 * float(np.mean((A @ w - y) ** 2))

    AA = A @ A.T

    def conf(w):
        r = A @ w - y
        G = AA * np.outer(r, r)                          # <∇f_i, ∇f_j> = r_i r_j a_iᵀa_j
        return float(ghost.min_offdiag(G)), float(ghost.min_cosine(G))
    F0, Fw0 = F(w) - Fstar, F(w)
    m_start, c_start = conf(w)
    worst_cos = c_start
    idx = rng.integers(0, N, size=epochs * N)
    rows = list(A)
    for k, i in enumerate(idx.tolist()):
        a = rows[i]
        w -= (alpha * (float(a @ w) - y[i])) * a
        if (k + 1) % N == 0:
            worst_cos = min(worst_cos, conf(w)[1])
    m_end, c_end = conf(w)
    gap = F(w) - Fstar
    return {"loss_ratio": F(w) / Fw0, "excess_loss_ratio": gap / F0, "excess_loss": gap, "Fstar": Fstar,
            "confusion_end": max(-m_end, 0.0), "confusion_start": max(-m_start, 0.0),
            "neg_min_cosine_end": -c_end, "min_cosine_path": worst_cos, "alpha": alpha}


def _fig1_check(y):
    return Scaling(y=y, x="d", printed=0.0, direction="upper_bound", strict=True, tolerance=0.0,
                   max_ci_width=math.inf)


FIG_1 = Claim(
    id="confusion/fig-1", source=f"{MAIN} Sec. 2, Figure 1",
    statement="linear regression, N = 100 Gaussian samples, d = 120 (over-parameterized) vs d = 80: faster SGD "
              "convergence and lower gradient confusion for d = 120",
    kind="scaling",
    check=AllOf(checks=(_fig1_check("loss_ratio"),
                        _fig1_check("confusion_end"),
                        _fig1_check("neg_min_cosine_end"))),
    grid={"quick": product(N=[100], d=[80, 120], epochs=[50], lr_times_L=[0.5]),
          "full": product(N=[100], d=[80, 120], epochs=[200], lr_times_L=[0.5])},
    repetitions={"quick": 5, "full": 20}, measure=_measure_fig1,
    notes="the paper averages 3 runs; labels y_i ~ N(0,1) (not realizable for d = 80), step 0.5/max‖a_i‖². "
          "'Faster' = smaller training loss F(w_T)/F(w_0) after the same number of SGD steps (the excess "
          "(F(w_T) − F*)/(F(w_0) − F*) is recorded: at this budget it is not clearly smaller for d = 120, whose "
          "smallest Marchenko-Pastur eigenvalue (1 − √(100/120))² is small); 'lower confusion' = smaller η and "
          "smaller −min cosine over all pairs at the end of training",
)


CLAIMS = [LEMMA_B1, THM_31, THM_32, THM_32C, APP_C, LEMMA_D1, THM_51, COR_51, THM_41, FIG_1]
