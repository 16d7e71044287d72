"""Hypothesis strategies for the suite's objects, shared by the property tests and ``theorems.fuzz``.

Hypothesis is a test extra (``pip install -e '.[test]'``); importing this module without it fails
with a message that says so.

- numbers: ``finite_floats`` (bounded, no NaN/inf/subnormals), ``sizes``, ``seeds``;
- activations (kernels.activations): ``registered_activations`` (the named ones, leaky ReLU with a drawn
  slope), ``polynomial_activations``, ``jr_piecewise`` (random J_r functions, 004 Def. K.1), ``activations``;
- data (rows are unit vectors; built from a drawn seed through kernels.data, so shrinking acts on the
  seed and the sizes): ``unit_vectors``, ``separated_data``, ``low_span_data``, ``float_unit_vectors``
  (coordinates drawn directly, so ``target()`` can steer them), ``datasets``;
- matrices: ``matrices``, ``adversarial_matrices``, ``square_matrices``, ``hermitian_matrices``.

Every strategy draws values that ``theorems.fuzz.engine.encode`` can store as JSON and ``decode`` rebuilds exactly.
"""
from __future__ import annotations

import math

import numpy as np

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as exc:  # pragma: no cover - exercised only without the test extra
    raise ImportError("theorems.fuzz.strategies needs Hypothesis, a test extra: pip install -e '.[test]' "
                      f"(import failed: {exc})") from exc

from kernels import activations as acts
from kernels import data
from kernels.errors import InputError

__all__ = ["finite_floats", "sizes", "seeds", "registered_activations", "polynomial_activations", "jr_piecewise",
           "activations", "unit_vectors", "separated_data", "low_span_data", "float_unit_vectors", "datasets",
           "matrices", "adversarial_matrices", "square_matrices", "hermitian_matrices", "FIXED_ACTIVATIONS"]

FIXED_ACTIVATIONS = tuple(n for n in acts.NAMES if n not in ("leaky_relu", "poly"))


def finite_floats(min_value: float, max_value: float, **kw) -> st.SearchStrategy[float]:
    """Bounded floats without NaN, infinities or subnormals (extra keywords go to ``st.floats``)."""
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False, **kw)


def sizes(min_value: int = 1, max_value: int = 12) -> st.SearchStrategy[int]:
    return st.integers(min_value, max_value)


def seeds() -> st.SearchStrategy[int]:
    """Seeds for numpy.random.default_rng: shrink toward 0."""
    return st.integers(0, 2 ** 32 - 1)


def _strategy(v) -> st.SearchStrategy:
    return v if isinstance(v, st.SearchStrategy) else st.just(v)


# ---- activations ---------------------------------------------------------------------------------------

def registered_activations() -> st.SearchStrategy[acts.Activation]:
    """The named activations of kernels.activations, and leaky ReLU with a drawn slope in [0, 1)."""
    slope = finite_floats(0.0, 0.99)
    return st.one_of(st.sampled_from(FIXED_ACTIVATIONS).map(acts.get),
                     slope.map(lambda s: acts.get(f"leaky_relu:{s!r}")))


def polynomial_activations(max_degree: int = 4, bound: float = 2.0) -> st.SearchStrategy[acts.Activation]:
    """phi(x) = sum_k c_k x^k with c_k in [-bound, bound], degree <= max_degree."""
    return st.lists(finite_floats(-bound, bound), min_size=1, max_size=max_degree + 1).map(acts.polynomial)


def _rational(num: int, den: int) -> str:
    return f"({num}/{den})"


@st.composite
def _smooth_piece(draw) -> str:
    """A sympy-parsable smooth function of x: 1-3 terms with small rational coefficients (|derivatives| modest)."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        a = _rational(draw(st.integers(-4, 4)), 8)
        b = _rational(draw(st.integers(1, 8)), 8)
        c = _rational(draw(st.integers(-8, 8)), 8)
        kind = draw(st.sampled_from(("x", "sin", "cos", "tanh", "atan", "gauss")))
        terms.append({"x": f"{a}*x", "sin": f"{a}*sin({b}*x + {c})", "cos": f"{a}*cos({b}*x + {c})",
                      "tanh": f"{a}*tanh({b}*x)", "atan": f"{a}*atan({b}*x)",
                      "gauss": f"{a}*exp(-{b}*x**2)"}[kind])
    return " + ".join(terms)


@st.composite
def jr_piecewise(draw, r=None) -> acts.Activation:
    """A random J_r activation (004 Def. K.1): phi = phi1 on x < alpha, phi2 on x >= alpha, with
    phi2 = phi1 + s sin(x - alpha)^r / r! + c sin(x - alpha)^(r+1), s = +-1: derivatives agree below order r and
    the r-th jumps by exactly 1 at alpha in (-1, 1) (a multiple of 1/8). phi1 is a random smooth piece; the
    derivative bound of Def. K.1 is not enforced. ``r``: an int or a strategy (default 1..3)."""
    r = draw(_strategy(r) if r is not None else st.integers(1, 3))
    alpha_num = draw(st.integers(-7, 7))
    alpha = alpha_num / 8
    phi1 = draw(_smooth_piece())
    s = draw(st.sampled_from((1, -1)))
    c = _rational(draw(st.integers(-4, 4)), 8)
    y = f"(x - ({alpha_num}/8))"
    phi2 = f"{phi1} + ({s}/{math.factorial(r)})*sin{y}**{r} + {c}*sin{y}**{r + 1}"
    act = acts.piecewise(phi1, phi2, alpha)
    if act.kink_order != r:          # cannot happen by construction; a guard against sympy surprises
        raise AssertionError(f"J_{r} construction gave kink order {act.kink_order}: {phi1} | {phi2}")
    return act


def activations(pieces: bool = True) -> st.SearchStrategy[acts.Activation]:
    """Any activation: registered, random polynomial, and (``pieces``) random J_r piecewise."""
    parts = [registered_activations(), polynomial_activations()]
    if pieces:
        parts.append(jr_piecewise())
    return st.one_of(*parts)


# ---- data sets -------------------------------------------------------------------------------------------

def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


@st.composite
def unit_vectors(draw, n=None, d=None) -> np.ndarray:
    """n points uniform on S^{d-1} (kernels.data.sphere) from a drawn seed. n, d: ints or strategies."""
    n = draw(_strategy(n) if n is not None else sizes(1, 12))
    d = draw(_strategy(d) if d is not None else sizes(2, 8))
    return data.sphere(n, d, _rng(draw(seeds())))


@st.composite
def separated_data(draw, n=None, d=None, delta=None, family=None) -> np.ndarray:
    """A delta-separated set (004 Assumption 2) from kernels.data: random (``separated``), one pair exactly
    at delta (``extremal``) or a great-circle arc of consecutive separation delta (``arc``)."""
    n = draw(_strategy(n) if n is not None else sizes(2, 10))
    d = draw(_strategy(d) if d is not None else sizes(3, 8))
    delta = draw(_strategy(delta) if delta is not None else finite_floats(0.05, 0.5))
    fam = draw(_strategy(family) if family is not None else st.sampled_from(("separated", "extremal", "arc")))
    rng = _rng(draw(seeds()))
    try:
        if fam == "arc":
            return data.arc(n, min(delta, 0.9 * math.sin(math.pi / n)), d, rng)
        return (data.extremal if fam == "extremal" else data.separated)(n, d, delta, rng)
    except InputError:
        assume(False)            # infeasible (n, d, delta): rare with the default ranges


@st.composite
def low_span_data(draw, n=None, d=None, span=None) -> np.ndarray:
    """n unit vectors spanning a random span-dimensional subspace of R^d (kernels.data.low_span)."""
    n = draw(_strategy(n) if n is not None else sizes(2, 12))
    span = draw(_strategy(span) if span is not None else sizes(1, 3))
    d = draw(_strategy(d) if d is not None else st.integers(span, span + 4))
    return data.low_span(n, max(d, span), span, _rng(draw(seeds())))


@st.composite
def float_unit_vectors(draw, n=None, d=None) -> np.ndarray:
    """Rows drawn coordinate by coordinate (so ``target()`` can steer them) and normalized; a zero row becomes e_1."""
    n = draw(_strategy(n) if n is not None else sizes(1, 10))
    d = draw(_strategy(d) if d is not None else sizes(2, 6))
    X = draw(hnp.arrays(np.float64, (n, d), elements=finite_floats(-1.0, 1.0)))
    big = np.max(np.abs(X), axis=1)
    X[big == 0, 0] = 1.0
    X = X / np.max(np.abs(X), axis=1, keepdims=True)       # scale first: tiny coordinates would underflow
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def datasets(n=None, d=None) -> st.SearchStrategy[np.ndarray]:
    """Any unit-vector data set: sphere, delta-separated (incl. extremal and arc), low-span, coordinate-drawn."""
    return st.one_of(unit_vectors(n, d), separated_data(n, d), low_span_data(n, None), float_unit_vectors(n, d))


# ---- matrices -------------------------------------------------------------------------------------------

def _elements(bound: float):
    return finite_floats(-bound, bound)


@st.composite
def matrices(draw, n=None, m=None, bound: float = 10.0) -> np.ndarray:
    """A real n x m matrix with entries in [-bound, bound]."""
    n = draw(_strategy(n) if n is not None else sizes(1, 6))
    m = draw(_strategy(m) if m is not None else sizes(1, 6))
    return draw(hnp.arrays(np.float64, (n, m), elements=_elements(bound)))


@st.composite
def adversarial_matrices(draw, n=None, m=None) -> np.ndarray:
    """Plain, low-rank, duplicated-column, nearly dependent and badly scaled matrices (real, n x m)."""
    n = draw(_strategy(n) if n is not None else sizes(1, 6))
    m = draw(_strategy(m) if m is not None else sizes(1, 6))
    A = draw(matrices(n, m))
    kind = draw(st.sampled_from(("plain", "low_rank", "duplicate", "near_dependent", "scaled")))
    if kind == "low_rank":
        k = draw(st.integers(1, max(1, min(n, m) - 1)))
        U = draw(matrices(n, k, 3.0))
        V = draw(matrices(k, m, 3.0))
        A = U @ V
    elif kind == "duplicate" and m >= 2:
        A[:, -1] = A[:, 0]
    elif kind == "near_dependent":
        base = draw(matrices(n, 1, 3.0))
        A = base + 10.0 ** draw(st.integers(-8, -1)) * A
    elif kind == "scaled":
        j = draw(st.integers(0, m - 1))
        A[:, j] *= 10.0 ** draw(st.integers(-8, 8))
    return A


@st.composite
def square_matrices(draw, n=None, complex_values: bool = True, bound: float = 10.0) -> np.ndarray:
    """An n x n matrix, complex (real and imaginary parts drawn) when ``complex_values``; sometimes structured
    (all-ones, circulant, triangular) so boundary cases come up."""
    n = draw(_strategy(n) if n is not None else sizes(1, 6))
    A = draw(hnp.arrays(np.float64, (n, n), elements=_elements(bound)))
    if complex_values and draw(st.booleans()):
        A = A + 1j * draw(hnp.arrays(np.float64, (n, n), elements=_elements(bound)))
    kind = draw(st.sampled_from(("plain", "plain", "ones", "circulant", "triangular")))
    if kind == "ones":
        A = np.ones((n, n)) * A[0, 0]
    elif kind == "circulant":
        A = A[0, 0] * np.eye(n) + A[0, -1] * np.roll(np.eye(n), 1, axis=1)
    elif kind == "triangular":
        A = np.triu(A)
    return A


@st.composite
def hermitian_matrices(draw, n=None, complex_values: bool = True, bound: float = 10.0) -> np.ndarray:
    """(M + M^H)/2 for a drawn M; sometimes diagonal or rank one (equality cases of Weyl's inequalities)."""
    n = draw(_strategy(n) if n is not None else sizes(1, 6))
    M = draw(square_matrices(n, complex_values, bound))
    kind = draw(st.sampled_from(("plain", "plain", "diagonal", "rank_one")))
    if kind == "diagonal":
        return np.diag(np.real(np.diag(M))).astype(M.dtype)
    if kind == "rank_one":
        v = M[:, :1]
        return v @ v.conj().T
    return (M + M.conj().T) / 2
