"""Lemma D.1 (000 App. D.2): gradient bounds for the networks of eq. 4 under Assumption 1.

Printed: for nets of eq. 4 with ‖W_p‖ <= 1 and σ with (P1) |σ| <= 1 and (P2) |σ'|, |σ''| <= 1 on [−1, 1]
(sigmoid, tanh, softmax, ReLU said to qualify), ‖x‖ <= 1, square or logistic loss: ‖∇_{W_p} g_W(x)‖ <= 1,
|ζ| <= 2, ‖∇_x ζ‖ <= ζ_0 and ‖∇_W ζ‖ <= ζ_0 <= 2√β.

Read as: deterministic. (P1)/(P2) by sup norms on [−1, 1] (softmax is not a map R -> R: its vector form);
the four bounds on semi-orthogonal networks (Assumption 1 with equality) with random and constructed
(adversarial) weights and inputs (``kernels.nets.gradient_norms``).
"""
from __future__ import annotations

import math

from kernels.nets import gradient_norms

from ...fuzz.engine import property_for
from ...reading import Reading
from ...spec import Claim, product
from ...verdict import Predicate
from . import APP, MAIN, REL_TOL


def _bounds(depth: int) -> dict:
    """The printed bounds of 000 Lemma D.1, ζ_0 = 2√β."""
    zeta0 = 2 * math.sqrt(depth)
    return {"grad_Wp_g": 1.0, "zeta_square": 2.0, "zeta_logistic": 2.0, "grad_x_zeta_square": zeta0,
            "grad_x_zeta_logistic": zeta0, "grad_W_zeta_square": zeta0, "grad_W_zeta_logistic": zeta0}


def _network(activation, width, depth, d, construction, draws, rng) -> dict:
    worst, arg = gradient_norms.lemma_d1_maxima(activation, width, depth, d, construction, draws, rng)
    bounds = _bounds(depth)
    failed = [k for k in bounds if worst[k] > bounds[k] * (1 + REL_TOL)]
    shown = ("grad_Wp_g", "zeta_square", "grad_x_zeta_square", "grad_W_zeta_square")
    return {"holds": not failed, "certain": True, **{f"max_{k}": v for k, v in worst.items()},
            "bounds": bounds, "failed": failed, "zeta0": 2 * math.sqrt(depth), "at_max": arg.get("grad_Wp_g"),
            "explain": f"{activation}, width {width}, depth {depth}, {construction}: "
                       + "".join(f"FAILS {k} = {worst[k]:.9g} > {bounds[k]:.4g}; " for k in failed)
                       + ", ".join(f"max {k} = {worst[k]:.4g} (bound {bounds[k]:.4g})" for k in shown)}


def _measure(point, rng, backend):
    name = point["activation"]
    if point["part"] == "net":
        return _network(name, point["width"], point["depth"], point["d"], point["construction"], point["draws"], rng)
    if name == "softmax":
        s = gradient_norms.softmax_p1p2(point["width"], rng, 2000)
        holds = s["max_abs"] <= 1 and s["max_jacobian_norm"] <= 1 and s["max_hessian_norm"] <= 1
        return {"holds": bool(holds), "certain": True, **s, "pointwise": False,
                "explain": f"softmax on [-1,1]^{point['width']}: {s}"}
    s = gradient_norms.activation_sup_norms(name)
    holds = all(v <= 1 + REL_TOL for v in s.values())
    return {"holds": bool(holds), "certain": True, **s, "pointwise": True,
            "sigma_at_0": gradient_norms.activation_at_zero(name), "explain": f"{name} on [-1,1]: {s}"}


def _grid(scale, acts=("sigmoid", "tanh", "relu"), softmax=True):
    p12 = [{"part": "P1P2", "activation": a, "width": 1} for a in acts] + \
          ([{"part": "P1P2", "activation": "softmax", "width": k} for k in (2, 5)] if softmax else [])
    widths = [16, 128] if scale == "quick" else [4, 16, 64, 256, 1024]
    draws = 3 if scale == "quick" else 10
    nets = product(part=["net"], activation=list(acts), width=widths, depth=[1, 3], d=[10],
                   construction=list(gradient_norms.CONSTRUCTIONS), draws=[draws])
    return p12 + nets


LEMMA_D1 = Claim(
    id="confusion/lemma-D.1", source=f"{APP} App. D.2, Lemma D.1 (with (P1), (P2) and Assumption 1 of {MAIN} Sec. 4)",
    statement="nets of eq. 4 with ‖W_p‖ <= 1, σ with (P1) |σ| <= 1 and (P2) |σ'|,|σ''| <= 1 on [−1,1] "
              "(sigmoid, tanh, softmax, ReLU said to qualify), ‖x‖ <= 1, square or logistic loss: "
              "‖∇_{W_p} g_W(x)‖ <= 1; |ζ| <= 2, ‖∇_x ζ‖ <= ζ_0, ‖∇_W ζ‖ <= ζ_0 <= 2√β",
    kind="bound",
    check=Predicate(summary_keys=("max_grad_Wp_g", "max_zeta_square", "max_grad_x_zeta_square",
                                  "max_grad_W_zeta_square", "failed", "max_abs", "max_abs_d1", "max_abs_d2",
                                  "max_jacobian_norm", "max_hessian_norm")),
    grid={"quick": _grid("quick"), "full": _grid("full")},
    measure=_measure,
    notes="weights semi-orthogonal (every singular value 1: Assumption 1 with equality); constructions: random, "
          "W_β ⟂ a_{β−1}(x) (largest σ'), and non-negative weights/inputs (ReLU units all active); labels "
          "C = ±1 against the sign of g (|C| <= 1) and, for the square loss, ∇C = −∇g/‖∇g‖",
    reading=Reading(
        hypotheses="Nets of eq. 4 with ‖W_p‖ ≤ 1 (Assumption 1), σ with (P1) |σ| ≤ 1 and (P2) |σ'|, |σ''| ≤ 1 on "
                   "[−1, 1], the paper naming sigmoid, tanh, softmax and ReLU; ‖x‖ ≤ 1; square or logistic loss.",
        chosen="Every activation the printed (P1), (P2) admit, including sigmoid (named by the paper): not the "
               "proof's reading, which bounds ‖∇_{W_p} g‖ by 'Assumption 1 and (P2)', i.e. uses |σ(z)| ≤ |z| "
               "(σ(0) = 0), unstated.",
        alternatives="σ(0) = 0 added (the proof's use): confusion/lemma-D.1/zero-at-zero (tanh, ReLU). Softmax "
                     "is not a map R -> R; only its vector form's (P1), (P2) are checked.",
        edges="Semi-orthogonal weights (‖W_p‖ = 1 exactly, every singular value 1), ‖x‖ = 1, adversarial "
              "constructions (W_β ⟂ a_{β−1}(x), all-active ReLU), labels ±1 against the sign of g.",
        regime="quick: widths 16, 128, depths 1, 3; full: widths 4 to 1024. A false bound shows as a value above "
               "it beyond 1e-9 relative (deterministic); sigmoid's ‖a_{β−1}‖ ~ √ℓ/2 grows with the width."),
)

LEMMA_D1_ZERO = Claim(
    id="confusion/lemma-D.1/zero-at-zero",
    source=f"{APP} App. D.2, Lemma D.1 with σ(0) = 0 (the proof's use of (P2): |σ(z)| ≤ |z|)",
    statement="as confusion/lemma-D.1 for activations with σ(0) = 0 (tanh, ReLU)",
    kind="bound", check=LEMMA_D1.check,
    grid={"quick": _grid("quick", ("tanh", "relu"), False), "full": _grid("full", ("tanh", "relu"), False)},
    measure=_measure,
    notes="variant: the proof of Lemma D.1 part 1 ('a direct consequence of assumption 1 and (P2)') needs "
          "‖σ(W_p a)‖ ≤ ‖W_p a‖, i.e. σ(0) = 0 with |σ'| ≤ 1, which (P1), (P2) do not state",
    reading=Reading(
        hypotheses="As confusion/lemma-D.1 plus σ(0) = 0, which only the proof uses.",
        chosen="tanh and ReLU (σ(0) = 0, |σ'| ≤ 1), on the same networks and constructions.",
        alternatives="All activations (P1), (P2) admit, sigmoid included: confusion/lemma-D.1.",
        edges="As confusion/lemma-D.1: ‖W_p‖ = 1 exactly, ‖x‖ = 1, adversarial constructions.",
        regime="As confusion/lemma-D.1. A false bound shows as a value above it beyond 1e-9 relative."),
)


def d1_at(activation: str, width: int, depth: int, d: int, construction: str, seed: int) -> dict:
    """Lemma D.1's four bounds on one network drawn with ``seed``; ``margin`` is the smallest relative slack
    (bound − value)/bound over the bounds."""
    v = _network(activation, width, depth, d, construction, 1, seed)
    v["margin"] = min((b - v[f"max_{k}"]) / b for k, b in v["bounds"].items())
    return v


@property_for("confusion/lemma-D.1", expect="fails", max_examples=40, args=lambda st, S: {
    "activation": st.sampled_from(["sigmoid", "tanh", "relu"]), "width": st.integers(1, 256),
    "depth": st.integers(1, 3), "d": st.integers(1, 16),
    "construction": st.sampled_from(["random", "orthogonal_last", "positive"]), "seed": S.seeds()})
def _lemma_d1(activation, width, depth, d, construction, seed):
    """000 Lemma D.1 on one network of eq. 4 with semi-orthogonal weights (‖W_p‖ = 1), ‖x‖ = 1, labels ±1:
    ‖∇_{W_p} g‖ <= 1, |ζ| <= 2, ‖∇_x ζ‖ and ‖∇_W ζ‖ <= 2√β (square and logistic loss); slack is the smallest
    relative margin over the bounds."""
    v = d1_at(activation, width, depth, d, construction, seed)
    return bool(v["holds"]), float(v["margin"]), v


CLAIMS = [LEMMA_D1, LEMMA_D1_ZERO]
