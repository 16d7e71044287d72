"""Candidate closed forms for the gradient moments of linear networks, compared with independent references
(003 App. C, Theorems 6-10).

A candidate value (a printed formula evaluated in exact arithmetic) is compared with the exact integer recursion
``linear_moments.exact_layer_moments`` by equality of rationals. Two further routes check the recursion itself:
sympy's brute-force Isserlis expansion (``symbolic_coordinate_moments``; small sizes, coordinate by coordinate, so
no exchangeability is assumed) and Rao-Blackwellized Monte Carlo (``mc_layer_moments`` / ``mc_total_moments``;
z-scores against its standard errors). ``Comparison.agree`` says whether the references agree with the recursion,
``Comparison.evidence`` records how (JSON-ready; "printed" names the candidate).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .linear import full_widths
from .linear_moments import (
    LayerMoments,
    exact_layer_moments,
    mc_layer_moments,
    mc_total_moments,
    symbolic_coordinate_moments,
    symbolic_layer_moments,
    to_float,
)

KINDS = ("diag", "cross")    # E‖·‖² of one example's gradient, E<·,·> of two examples' gradients (i ≠ j)


def rel_discrepancy(candidate, exact) -> float:
    """|candidate − exact| / |exact| in exact arithmetic, reported as a float."""
    if exact == 0:
        return 0.0 if candidate == 0 else math.inf
    return to_float(abs(Fraction(candidate) - Fraction(exact)) / abs(Fraction(exact)))


def exact_str(x) -> str:
    """An exact value as text: the exact form when short, else 12 significant digits."""
    s = str(x)
    return s if len(s) <= 60 else f"{to_float(x):.12g}"


@dataclass(frozen=True)
class Comparison:
    """Candidate values against the exact ones (same order), and whether the reference methods agree."""
    candidate: tuple
    exact: tuple
    agree: bool
    evidence: dict

    @property
    def holds(self) -> bool:
        """candidate == exact everywhere (rational arithmetic)."""
        return all(c == e for c, e in zip(self.candidate, self.exact))

    @property
    def rel_discrepancy(self) -> float:
        return max(rel_discrepancy(c, e) for c, e in zip(self.candidate, self.exact))

    @property
    def first_mismatch(self) -> int | None:
        return next((k for k, (c, e) in enumerate(zip(self.candidate, self.exact)) if c != e), None)


@dataclass(frozen=True)
class References:
    exact: LayerMoments
    coordinates: dict | None      # sympy, per coordinate (a, p, q) -> (diag, cross)
    mc: dict | None               # Monte Carlo: per layer (per coordinate) or totals
    evidence: dict                # {"methods": [...], "sympy_equals_recursion": bool}
    agree: bool


def references(dims, *, sympy: bool, mc_draws: int, rng, per_coordinate: bool) -> References:
    """The exact recursion, optionally sympy's brute force and Monte Carlo; ``agree``: sympy = recursion per layer."""
    ex = exact_layer_moments(dims)
    evidence = {"methods": ["recursion"]}
    agree = True
    coords = None
    if sympy:
        coords = symbolic_coordinate_moments(dims)
        evidence["methods"].append("sympy")
        sl = symbolic_layer_moments(dims)
        sym_ok = all(sl[a] == (ex.layer_diag(a), ex.layer_cross(a)) for a in sl)
        evidence["sympy_equals_recursion"] = sym_ok
        agree &= sym_ok
    mc = None
    if mc_draws:
        evidence["methods"].append("monte_carlo")
        mc = (mc_layer_moments(dims, mc_draws, rng, per_coordinate=True) if per_coordinate
              else mc_total_moments(dims, mc_draws, rng))
    return References(ex, coords, mc, evidence, agree)


def compare_coordinates(dims, candidate, kind: str, *, sympy: bool = False, mc_draws: int = 0, rng=None,
                        z_band: float = 6.0) -> Comparison:
    """Per-coordinate E(∂f_i/∂W_{a,p,q})² (``kind`` "diag") or E(∂f_i/∂W_{a,p,q})(∂f_j/∂W_{a,p,q}) ("cross"):
    ``candidate[a-1]`` for every layer a = 1..L. Monte Carlo agrees when the largest |z| over all coordinates is
    within ``z_band`` + sqrt(2 log #coordinates)."""
    dims = tuple(dims)
    K, L = full_widths(dims), len(dims)
    ref = references(dims, sympy=sympy, mc_draws=mc_draws, rng=rng, per_coordinate=True)
    idx = KINDS.index(kind)
    ex, agree, evidence = ref.exact, ref.agree, dict(ref.evidence)
    exact = [ex.coordinate_diag(a) if kind == "diag" else ex.coordinate_cross(a) for a in range(1, L + 1)]
    if ref.coordinates is not None:
        bad = [(k, v[idx]) for k, v in ref.coordinates.items() if Fraction(v[idx]) != exact[k[0] - 1]]
        evidence["sympy_coordinates_equal_recursion"] = not bad
        agree &= not bad
        evidence["sympy_coordinates_equal_printed"] = all(Fraction(v[idx]) == candidate[k[0] - 1]
                                                          for k, v in ref.coordinates.items())
    if ref.mc is not None:
        zs_e, zs_c = [], []
        for a in range(1, L + 1):
            m, s = ref.mc[a][f"{kind}_mean"], ref.mc[a][f"{kind}_se"]
            zs_e.append(float(np.max(np.abs((to_float(exact[a - 1]) - m) / s))))
            zs_c.append(float(np.max(np.abs((to_float(candidate[a - 1]) - m) / s))))
        evidence["mc_draws"] = mc_draws
        evidence["mc_max_abs_z_exact"] = max(zs_e)
        evidence["mc_max_abs_z_printed"] = max(zs_c)
        evidence["mc_coordinates"] = int(sum(K[a] * K[a - 1] for a in range(1, L + 1)))
        agree &= max(zs_e) <= z_band + math.sqrt(2 * math.log(evidence["mc_coordinates"]))
    return Comparison(tuple(candidate), tuple(exact), bool(agree), evidence)


def compare_total(dims, candidate, kind: str, *, sympy: bool = False, mc_draws: int = 0, rng=None,
                  z_band: float = 6.0) -> Comparison:
    """The layer-summed E‖∇f_i‖² (``kind`` "diag") or E<∇f_i,∇f_j>, i ≠ j ("cross") against one candidate value."""
    dims = tuple(dims)
    ref = references(dims, sympy=sympy, mc_draws=mc_draws, rng=rng, per_coordinate=False)
    idx = KINDS.index(kind)
    agree, evidence = ref.agree, dict(ref.evidence)
    exact = ref.exact.diag if kind == "diag" else ref.exact.cross
    if ref.coordinates is not None:
        evidence["sympy_value"] = exact_str(sum(v[idx] for v in symbolic_layer_moments(dims).values()))
    if ref.mc is not None:
        est = ref.mc[kind]
        evidence.update({"mc_draws": mc_draws, "mc": est.as_dict(), "mc_z_exact": est.z(to_float(exact)),
                         "mc_z_printed": est.z(to_float(candidate))})
        agree &= abs(est.z(to_float(exact))) <= z_band
    return Comparison((candidate,), (exact,), bool(agree), evidence)


def compare_batch_sums(dims, ns, candidate, *, sympy: bool = False, mc_draws: int = 0, rng=None,
                       z_band: float = 6.0) -> Comparison:
    """E[nΣ_i‖∇f_i‖²] and E[Σ_{i≠j}<∇f_i,∇f_j>] for each n of ``ns``: ``candidate`` = [diag(n_1), cross(n_1), diag(n_2),
    …]. Monte Carlo checks the per-example totals behind them."""
    dims = tuple(dims)
    ref = references(dims, sympy=sympy, mc_draws=mc_draws, rng=rng, per_coordinate=False)
    ex, agree, evidence = ref.exact, ref.agree, dict(ref.evidence)
    exact = []
    for n in ns:
        s = ex.sums(n)
        exact += [n * s["E_sum_sq"], s["E_cross"]]
    if ref.mc is not None:
        evidence.update({"mc_draws": mc_draws, "mc_z_exact_diag": ref.mc["diag"].z(to_float(ex.diag)),
                         "mc_z_exact_cross": ref.mc["cross"].z(to_float(ex.cross))})
        agree &= max(abs(evidence["mc_z_exact_diag"]), abs(evidence["mc_z_exact_cross"])) <= z_band
    return Comparison(tuple(candidate), tuple(exact), bool(agree), evidence)
