"""Data families with validation. Points are the ROWS of an (n, d) float64 NumPy array.

Separation in the sense of 004 Assumption 2: ``||(I - x_i x_i^T) x_j|| = sqrt(1 - <x_i,x_j>^2)``
for unit data. Allen-Zhu's Assumption 2.1 (001) uses ``||x_i - x_j||`` instead.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import InputError

UNIT_TOL = 1e-10


def _check_size(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise InputError(name, f"must be an integer >= {minimum} (got {value!r})")
    return int(value)


def _check_delta(delta) -> float:
    if not isinstance(delta, (int, float, np.floating)) or not (0.0 < float(delta) <= 1.0):
        raise InputError("delta", f"must lie in (0, 1]: the separation ||(I - x_i x_i^T) x_j|| of unit "
                                  f"vectors is at most 1 (got {delta!r})")
    return float(delta)


def as_points(X, name: str = "X") -> np.ndarray:
    """Validate an (n, d) finite float array."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise InputError(name, f"must be a 2-d array of shape (n, d), one point per row (got shape {X.shape})")
    if not np.all(np.isfinite(X)):
        raise InputError(name, "must be finite (found NaN or inf)")
    return X


def require_unit(X, name: str = "X", tol: float = UNIT_TOL) -> np.ndarray:
    """004 Assumption 1: every row has unit norm (within ``tol``)."""
    X = as_points(X, name)
    dev = np.abs(np.linalg.norm(X, axis=1) - 1.0)
    if dev.max() > tol:
        i = int(dev.argmax())
        raise InputError(name, f"rows must be unit vectors (Assumption 1); row {i} has norm "
                               f"{np.linalg.norm(X[i]):.6g} (tolerance {tol:g})")
    return X


SEPARATION_FLOOR = 1e-12     # a separation below this is 0 to float64 (rounding of unit vectors is ~1e-16)


def _pair_blocks(n: int, d: int):
    """Row blocks of an n x n pairwise computation holding at most ~2^22 floats of n x d differences."""
    rows = max(1, min(n, (1 << 22) // max(1, n * d)))
    return range(0, n, rows), rows


def separation(X) -> float:
    """Actual delta of 004 Assumption 2: min over i != j of ||(I - x_i x_i^T) x_j|| = sqrt(1 - <x_i,x_j>^2), unit rows.

    Computed as ||x_i - x_j|| ||x_i + x_j|| / 2 (the same number for unit vectors), from differences taken
    directly, so an antipodal or repeated pair gives ~1e-16, not the ~1e-8 that 1 - <x_i,x_j>^2 leaves."""
    X = require_unit(X)
    n, d = X.shape
    if n < 2:
        return 1.0
    best = 1.0
    starts, rows = _pair_blocks(n, d)
    for start in starts:
        blk = X[start:start + rows]
        minus = np.linalg.norm(blk[:, None, :] - X[None, :, :], axis=2)
        plus = np.linalg.norm(blk[:, None, :] + X[None, :, :], axis=2)
        s = minus * plus / 2
        idx = np.arange(start, start + len(blk))
        s[idx - start, idx] = np.inf
        best = min(best, float(s.min()))
    return best


def euclidean_separation(X) -> float:
    """min over i != j of ||x_i - x_j|| (001 Assumption 2.1), from differences taken directly."""
    X = as_points(X)
    n, d = X.shape
    if n < 2:
        return float("inf")
    best = float("inf")
    starts, rows = _pair_blocks(n, d)
    for start in starts:
        blk = X[start:start + rows]
        dist = np.linalg.norm(blk[:, None, :] - X[None, :, :], axis=2)
        idx = np.arange(start, start + len(blk))
        dist[idx - start, idx] = np.inf
        best = min(best, float(dist.min()))
    return best


@dataclass(frozen=True)
class AssumptionReport:
    unit_norm_max_deviation: float
    delta: float            # actual separation (Assumption 2 sense)
    span_dimension: int     # numerical rank of X
    holds: bool             # Assumption 1 holds, and Assumption 2 with the requested delta (if any)


def check_assumptions(X, delta: float | None = None, tol: float = UNIT_TOL) -> AssumptionReport:
    """004 Assumptions 1 and 2: report the actual numbers rather than a bare yes/no."""
    X = as_points(X)
    dev = float(np.max(np.abs(np.linalg.norm(X, axis=1) - 1.0)))
    act = separation(X) if dev <= tol else float("nan")
    rank = span_dimension(X)
    ok = dev <= tol and (delta is None or act >= delta)
    return AssumptionReport(dev, act, rank, bool(ok))


def assumption_values(X, *, delta: float | None = None, sense: str = "subspace", unit: bool = True,
                      min_span: int | None = None, tol: float = UNIT_TOL) -> dict:
    """The data assumptions of a claim, checked on the data it is fed, as record values.

    ``sense``: "subspace" (004 Assumption 2, ||(I - x_i x_i^T) x_j|| >= delta) or "euclidean" (001 Assumption 2.1,
    ||x_i - x_j|| >= delta). ``delta``: the separation the claim assumes (None: any delta > 0, i.e. above
    ``SEPARATION_FLOOR``). ``unit``: rows must have unit norm (004 Assumption 1). ``min_span``: the dimension the
    claim needs span{x_i} to reach. Returns ``data_separation``, ``data_unit_error``, ``data_span`` and, when an
    assumption fails, ``inapplicable`` (the reason), which the verdict engine uses to leave the point out."""
    if sense not in ("subspace", "euclidean"):
        raise InputError("sense", f"must be 'subspace' (004 Assumption 2) or 'euclidean' (001 Assumption 2.1) "
                                  f"(got {sense!r})")
    X = as_points(X)
    dev = float(np.max(np.abs(np.linalg.norm(X, axis=1) - 1.0)))
    out = {"data_unit_error": dev, "data_span": span_dimension(X)}
    why = []
    if unit and dev > tol:
        why.append(f"rows are not unit vectors (max | ||x_i|| - 1 | = {dev:.3g}; Assumption 1)")
        sep = euclidean_separation(X) if sense == "euclidean" else float("nan")
    else:
        sep = separation(X) if sense == "subspace" else euclidean_separation(X)
    out["data_separation"] = sep
    need = SEPARATION_FLOOR if delta is None else float(delta)
    what = "||(I - x_i x_i^T) x_j||" if sense == "subspace" else "||x_i - x_j||"
    if math.isfinite(sep) and sep < need:
        zero = sep < SEPARATION_FLOOR
        why.append(f"min {what} = {'0 (to float64)' if zero else f'{sep:.3g}'} < "
                   f"{'delta > 0' if delta is None else f'delta = {delta:g}'}"
                   f"{' (an antipodal or repeated pair)' if zero and sense == 'subspace' else ''}")
    if min_span is not None and out["data_span"] < min_span:
        why.append(f"span{{x_i}} has dimension {out['data_span']} < {min_span}")
    if why:
        out["inapplicable"] = "data violate the assumptions: " + "; ".join(why)
    return out


def span_dimension(X, rtol: float | None = None) -> int:
    """Numerical dimension of span{x_i}: singular values above rtol * s_max (default max(n,d) eps)."""
    X = as_points(X)
    s = np.linalg.svd(X, compute_uv=False)
    if rtol is None:
        rtol = max(X.shape) * np.finfo(float).eps
    return int(np.sum(s > rtol * s[0])) if s[0] > 0 else 0


def _orthonormal_frame(d: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random d x k matrix with orthonormal columns (QR of a Gaussian, sign-fixed)."""
    Q, R = np.linalg.qr(rng.standard_normal((d, k)))
    return Q * np.sign(np.diag(R))


def sphere(n: int, d: int, rng: np.random.Generator, batch: tuple = ()) -> np.ndarray:
    """n i.i.d. points uniform on S^{d-1}, shape (n, d); with ``batch`` a stack of independent sets,
    shape (*batch, n, d), drawn in one call (the same stream as drawing the sets one after another)."""
    n, d = _check_size("n", n), _check_size("d", d)
    batch = tuple(_check_size("batch", b) for b in batch)
    X = rng.standard_normal((*batch, n, d))
    return X / np.linalg.norm(X, axis=-1, keepdims=True)


def low_span(n: int, d: int, span: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniform on the unit sphere of a random span-dimensional subspace of R^d."""
    n, d, span = _check_size("n", n), _check_size("d", d), _check_size("span", span)
    if span > d:
        raise InputError("span", f"the span dimension d' must be <= d={d} (got {span})")
    Z = sphere(n, span, rng)
    return Z @ _orthonormal_frame(d, span, rng).T


def smoothed(n: int, d: int, span: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Smoothed data of 004 Assumption 3 from the adversarial start: every initial sample x'_i equal (the first
    unit vector of a random span-dimensional subspace V' of R^d), plus N(0, sigma^2 I) noise inside V', each
    row renormalized to unit norm. Draws the frame of V' first, then the (n, span) noise."""
    n, d, span = _check_size("n", n), _check_size("d", d), _check_size("span", span)
    if span > d:
        raise InputError("span", f"the span dimension d' must be <= d={d} (got {span})")
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.floating)) or not (
            math.isfinite(sigma) and sigma > 0):
        raise InputError("sigma", f"the noise scale must be a finite number > 0 (got {sigma!r})")
    V = _orthonormal_frame(d, span, rng)
    base = np.zeros(span)
    base[0] = 1.0
    Z = base + sigma * rng.standard_normal((n, span))
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    return Z @ V.T


def separated(n: int, d: int, delta: float, rng: np.random.Generator, max_draws: int = 200_000) -> np.ndarray:
    """n random unit vectors in R^d with separation >= delta (sequential rejection sampling)."""
    n, d, delta = _check_size("n", n), _check_size("d", d, 2), _check_delta(delta)
    if delta >= 1.0 and n > d:
        raise InputError("delta", f"separation 1 needs pairwise orthogonal points: n={n} > d={d} is impossible")
    pts = np.empty((n, d))
    k, draws = 0, 0
    while k < n:
        batch = sphere(256, d, rng)
        draws += 256
        for x in batch:
            if k == 0 or np.max((pts[:k] @ x) ** 2) <= 1.0 - delta * delta:
                pts[k] = x
                k += 1
                if k == n:
                    break
        if draws > max_draws and k < n:
            raise InputError("delta", f"could not place n={n} points in R^{d} with separation >= {delta:g} "
                                      f"in {max_draws} random draws (placed {k}); lower delta or n, or raise d")
    return pts


def extremal(n: int, d: int, delta: float, rng: np.random.Generator) -> np.ndarray:
    """A delta-separated set whose separation is exactly delta: one pair sits at the limit."""
    pts = separated(n, d, delta, rng)
    if n < 2:
        return pts
    for _ in range(1000):
        u = rng.standard_normal(d)
        u -= (u @ pts[1]) * pts[1]
        u /= np.linalg.norm(u)
        cand = math.sqrt(1 - delta * delta) * pts[1] + delta * u   # ||(I - x1 x1^T) x0|| = delta
        others = np.delete(pts, [0, 1], axis=0)
        if others.size == 0 or np.max((others @ cand) ** 2) <= 1 - delta * delta:
            pts[0] = cand
            return pts
    raise InputError("delta", f"could not build an extremal set with n={n}, d={d}, delta={delta:g}")


def arc(n: int, delta: float, d: int, rng: np.random.Generator) -> np.ndarray:
    """n points on a great circle, consecutive angle arcsin(delta): separation exactly delta.

    Needs n * arcsin(delta) <= pi (otherwise two points come within delta of antipodal).
    """
    n, d, delta = _check_size("n", n), _check_size("d", d, 2), _check_delta(delta)
    theta = math.asin(delta)
    if n * theta > math.pi + 1e-12:
        raise InputError("delta", f"n={n} points on a great circle with separation {delta:g} need "
                                  f"n*arcsin(delta) <= pi; largest allowed n is {int(math.pi // theta)}")
    ang = theta * np.arange(n)
    circle = np.stack([np.cos(ang), np.sin(ang)], axis=1)
    return circle @ _orthonormal_frame(d, 2, rng).T


def circle_lifted(n: int, rng: np.random.Generator, d: int = 10) -> np.ndarray:
    """004 Sec. 7: n equally spaced points on S^1, randomly lifted to S^{d-1} (paper: S^9)."""
    n, d = _check_size("n", n), _check_size("d", d, 2)
    ang = 2 * math.pi * np.arange(n) / n
    circle = np.stack([np.cos(ang), np.sin(ang)], axis=1)
    return circle @ _orthonormal_frame(d, 2, rng).T


def allen_zhu_normalize(X) -> np.ndarray:
    """004 Sec. 2 / 001 footnote: scale to norm <= 1/sqrt2, pad to norm 1/sqrt2, append 1/sqrt2."""
    X = as_points(X)
    norms = np.linalg.norm(X, axis=1)
    scale = norms.max() * math.sqrt(2) if norms.max() > 0 else 1.0
    Y = X / scale
    pad = np.sqrt(np.maximum(0.0, 0.5 - np.sum(Y * Y, axis=1)))
    return np.column_stack([Y, pad, np.full(len(Y), 1 / math.sqrt(2))])
