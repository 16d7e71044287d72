"""Symbolic (sympy) forms of the registered activations, and mpmath callables of any derivative.

Every activation is phi = phi_left on x < alpha, phi_right on x >= alpha (smooth ones have one
piece). The high-precision kernels (Hermite, Chebyshev, G∞ in mpmath) evaluate these, so the
float64 lambdas of ``kernels.activations`` are never the source of a high-precision digit.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import activations as acts
from .errors import InputError

X = sp.Symbol("x", real=True)


@dataclass(frozen=True)
class Pieces:
    left: sp.Expr
    right: sp.Expr
    breakpoint: float | None      # None: one analytic piece (left == right)


def _smooth(expr) -> Pieces:
    return Pieces(expr, expr, None)


def pieces(activation) -> Pieces:
    """The sympy pieces of phi (004 App. B definitions; SELU/ELU in their standard form)."""
    act = acts.get(activation)
    base = act.name.split(":")[0]
    x = X
    if base == "relu":
        return Pieces(sp.Integer(0), x, 0.0)
    if base == "leaky_relu":
        return Pieces(sp.nsimplify(act.params["slope"]) * x, x, 0.0)
    if base == "selu":
        lam, al = sp.Float(acts.SELU_LAMBDA, 30), sp.Float(acts.SELU_ALPHA, 30)
        return Pieces(lam * al * (sp.exp(x) - 1), lam * x, 0.0)
    if base == "elu":
        return Pieces(sp.exp(x) - 1, x, 0.0)
    if base == "linear":
        return _smooth(x)
    if base == "tanh":
        return _smooth(sp.tanh(x))
    if base == "sigmoid":
        return _smooth(1 / (1 + sp.exp(-x)))
    if base == "swish":
        return _smooth(x / (1 + sp.exp(-x)))
    if base == "softsign":
        return Pieces(x / (1 - x), x / (1 + x), 0.0)
    if base == "arctan":
        return _smooth(sp.atan(x))
    if base == "poly":
        return _smooth(sum(sp.nsimplify(c) * x ** k for k, c in enumerate(act.params["coefficients"])))
    if "phi1" in act.params:
        return Pieces(sp.sympify(act.params["phi1"], locals={"x": x}),
                      sp.sympify(act.params["phi2"], locals={"x": x}), float(act.params["alpha"]))
    raise InputError("activation", f"no symbolic form for {act.name}")


_MP_CACHE: dict = {}


def _mp_cached(act, derivative: int):
    key = (act.name, derivative)
    if key not in _MP_CACHE:
        _MP_CACHE[key] = _mp_build(act, derivative)
    return _MP_CACHE[key]


def _mp_build(act, derivative: int):
    p = pieces(act)
    fl = sp.lambdify(X, sp.diff(p.left, X, derivative), "mpmath")
    if p.breakpoint is None:
        return fl, None
    fr = sp.lambdify(X, sp.diff(p.right, X, derivative), "mpmath")
    return fl, (fr, p.breakpoint)


_SINGULARITY = {"tanh": 0.5, "sigmoid": 1.0, "swish": 1.0, "arctan": 1.0 / 3.141592653589793}


def singularity_distance(activation) -> float | None:
    """Distance from the real axis of the nearest complex singularity of phi (and of its derivatives).

    tanh: poles at i pi/2; sigmoid and swish: at i pi; arctan: branch points at +-i.
    Polynomials and linear: entire (inf). Unknown (user-supplied, kinked): None.
    """
    act = acts.get(activation)
    base = act.name.split(":")[0]
    if base in ("linear", "poly"):
        return float("inf")
    if base in _SINGULARITY:
        return _SINGULARITY[base] * 3.141592653589793
    return None


def mp_function(activation, derivative: int = 1):
    """An mpmath callable of phi^(derivative) (derivative 0, 1, 2, ...), at the current mp precision.

    Returns (f, breakpoint): breakpoint is None for analytic functions, else the kink location;
    at x = breakpoint the right piece is used.
    """
    if isinstance(derivative, bool) or not isinstance(derivative, int) or derivative < 0:
        raise InputError("derivative", f"must be a non-negative integer (got {derivative!r})")
    act = acts.get(activation)
    fl, right = _mp_cached(act, derivative)
    if right is None:
        return fl, None
    fr, bp = right

    def f(x):
        return fl(x) if x < bp else fr(x)
    return f, bp



def gaussian_density(x: sp.Symbol, sigma) -> sp.Expr:
    """The N(0, sigma^2) density in x, exactly (004 App. F.3: mu(x; sigma))."""
    return sp.exp(-x ** 2 / (2 * sigma ** 2)) / (sigma * sp.sqrt(2 * sp.pi))


def gaussian_inner_product(f: sp.Expr, g: sp.Expr, x: sp.Symbol, sigma) -> sp.Expr:
    """int_R f(x) g(x) mu(x; sigma) dx in closed form (sympy), simplified."""
    return sp.simplify(sp.integrate(sp.expand(f * g) * gaussian_density(x, sigma), (x, -sp.oo, sp.oo)))
