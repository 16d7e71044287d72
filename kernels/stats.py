"""Statistics for verdicts: exponent fits with confidence intervals, exact binomial intervals.

Exponent fits resample over seeds, not grid points: each repetition r gives a slope b_r of
log y against log x (or against a transformed x); the estimate is mean(b_r) with a Student-t
interval over repetitions. With a single repetition we fall back to the OLS t-interval over
grid points. The fit is also repeated on the upper half of the x range to show how the rate
moves with the fit range (finite-size terms).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats as sps

from .errors import InputError


@dataclass(frozen=True)
class Fit:
    slope: float
    lo: float
    hi: float
    confidence: float
    method: str
    repetitions: int
    points: int
    slope_upper_half: float | None = None    # same fit on the upper half of the x range
    intercept: float = float("nan")
    slope_lower_half: float | None = None    # same fit on the lower half of the x range
    upper_half_ci: tuple | None = None       # t-interval of the upper-half slope over seeds (None: one seed)
    lower_half_ci: tuple | None = None       # t-interval of the lower-half slope over seeds

    def as_dict(self) -> dict:
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in asdict(self).items()}


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """slope, intercept, standard error of the slope."""
    xm, ym = x.mean(), y.mean()
    sxx = float(np.sum((x - xm) ** 2))
    b = float(np.sum((x - xm) * (y - ym)) / sxx)
    a = ym - b * xm
    dof = len(x) - 2
    se = math.sqrt(float(np.sum((y - a - b * x) ** 2)) / dof / sxx) if dof > 0 else float("inf")
    return b, float(a), se


def fit_slope(x, Y, confidence: float = 0.95) -> Fit:
    """Slope of Y against x. ``Y`` has shape (repetitions, len(x)); pass already-transformed values
    (e.g. log x, log y). NaN entries are dropped per repetition."""
    x = np.asarray(x, dtype=float)
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    if x.ndim != 1 or Y.shape[1] != x.size:
        raise InputError("Y", f"must have shape (repetitions, {x.size}) (got {Y.shape})")
    if np.unique(x).size < 2:
        raise InputError("x", "needs at least two distinct grid values to fit a slope")
    slopes, inters = [], []
    for row in Y:
        ok = np.isfinite(row)
        if np.unique(x[ok]).size >= 2:
            b, a, _ = _ols(x[ok], row[ok])
            slopes.append(b)
            inters.append(a)
    if not slopes:
        raise InputError("Y", "no repetition has two finite values to fit")
    slopes = np.asarray(slopes)
    upper, upper_ci = _half_slope(x, Y, x >= np.median(x), confidence)
    lower, lower_ci = _half_slope(x, Y, x <= np.median(x), confidence)
    if slopes.size >= 2:
        s = float(slopes.mean())
        se = float(slopes.std(ddof=1) / math.sqrt(slopes.size))
        t = float(sps.t.ppf(0.5 + confidence / 2, slopes.size - 1))
        return Fit(s, s - t * se, s + t * se, confidence, "mean of per-seed OLS slopes, t-interval over seeds",
                   int(slopes.size), int(x.size), upper, float(np.mean(inters)), lower, upper_ci, lower_ci)
    ok = np.isfinite(Y[0])
    b, a, se = _ols(x[ok], Y[0][ok])
    dof = int(ok.sum()) - 2
    t = float(sps.t.ppf(0.5 + confidence / 2, dof)) if dof > 0 else float("inf")
    return Fit(b, b - t * se, b + t * se, confidence, "OLS over grid points, t-interval (one seed)",
               1, int(x.size), upper, a, lower, upper_ci, lower_ci)


def _half_slope(x, Y, sel, confidence: float = 0.95) -> tuple[float | None, tuple | None]:
    """Mean per-seed slope on a sub-range (how the rate moves with the fit range) and its t-interval over
    seeds (None with fewer than two seeds)."""
    sub = []
    for r in Y:
        ok = sel & np.isfinite(r)
        if np.unique(x[ok]).size >= 2:
            sub.append(_ols(x[ok], r[ok])[0])
    if not sub:
        return None, None
    m = float(np.mean(sub))
    if len(sub) < 2:
        return m, None
    half = float(sps.t.ppf(0.5 + confidence / 2, len(sub) - 1)) * float(np.std(sub, ddof=1)) / math.sqrt(len(sub))
    return m, (m - half, m + half)


def fit_power_law(x, Y, confidence: float = 0.95) -> Fit:
    """Exponent a in y ~ C x^a: slope of mean-of-logs (log y per seed, then fit)."""
    x = np.asarray(x, dtype=float)
    Y = np.asarray(Y, dtype=float)
    if np.any(x <= 0):
        raise InputError("x", "must be positive for a power-law fit")
    with np.errstate(divide="ignore", invalid="ignore"):
        logY = np.where(Y > 0, np.log(np.where(Y > 0, Y, 1.0)), np.nan)
    return fit_slope(np.log(x), logY, confidence)


@dataclass(frozen=True)
class BinomialInterval:
    successes: int
    trials: int
    estimate: float
    lo: float
    hi: float
    confidence: float


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> BinomialInterval:
    """Exact (Clopper-Pearson) two-sided interval for a binomial proportion."""
    if n < 1 or not 0 <= k <= n:
        raise InputError("k/n", f"need 0 <= k <= n and n >= 1 (got k={k}, n={n})")
    alpha = 1 - confidence
    lo = 0.0 if k == 0 else float(sps.beta.ppf(alpha / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(sps.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return BinomialInterval(k, n, k / n, lo, hi, confidence)


def geometric_rate_with_power_factor(x: np.ndarray, ly: np.ndarray) -> dict | None:
    """Evidence only: log y = c - a x + q log x by OLS (the N^q factor of a pole of order q + 1 removed),
    with a 95% t-interval on a. Not used for the verdict (it assumes the form of the prefactor)."""
    ok = np.isfinite(ly)
    x, ly = x[ok], ly[ok]
    if x.size < 5 or np.any(x <= 0):
        return None
    X = np.column_stack([np.ones_like(x), x, np.log(x)])
    beta = np.linalg.lstsq(X, ly, rcond=None)[0]
    res = ly - X @ beta
    cov = float(res @ res) / (x.size - 3) * np.linalg.inv(X.T @ X)
    half = float(sps.t.ppf(0.975, x.size - 3) * math.sqrt(cov[1, 1]))
    return {"rate": float(-beta[1]), "ci": [float(-beta[1] - half), float(-beta[1] + half)], "q": float(beta[2])}


def clopper_pearson_bounds(k: int, n: int, confidence: float = 0.95) -> list[float]:
    """[lo, hi] of the exact binomial interval ``clopper_pearson(k, n)`` (the JSON form stored with a rate)."""
    ci = clopper_pearson(int(k), int(n), confidence)
    return [ci.lo, ci.hi]


@dataclass(frozen=True)
class RankTrend:
    """Spearman's rank correlation ``rho`` of y with x and its percentile-bootstrap interval [lo, hi] over
    clusters (``rank_trend``); ``resamples_used`` leaves out resamples in which x or y was constant."""
    rho: float
    lo: float
    hi: float
    confidence: float
    records: int
    clusters: int
    resamples_used: int

    def as_dict(self) -> dict:
        return asdict(self)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho: Pearson's correlation of the average ranks (ties share their mean rank)."""
    rx, ry = sps.rankdata(x), sps.rankdata(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = math.sqrt(float(np.sum(rx * rx) * np.sum(ry * ry)))
    return float(np.sum(rx * ry) / den) if den > 0 else math.nan


def rank_trend(x, y, clusters, confidence: float = 0.95, resamples: int = 2000, seed: int = 0) -> RankTrend:
    """Does y rise (or fall) with x? Spearman's rho over all records, with a percentile-bootstrap interval that
    resamples whole clusters with replacement (records of one repetition share their data, so a repetition is the
    independent unit). Deterministic for given inputs (``seed``). Raises InputError when x or y takes a single
    value (no ranking to correlate) or when there are fewer than two clusters."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    clusters = np.asarray(clusters)
    if not (x.shape == y.shape == clusters.shape) or x.ndim != 1:
        raise InputError("x, y, clusters", f"must be 1-d arrays of one length (got {x.shape}, {y.shape}, "
                                           f"{clusters.shape})")
    for name, v in (("x", x), ("y", y)):
        if np.unique(v).size < 2:
            raise InputError(name, "takes a single value over the records: no trend can be measured")
    labels = np.unique(clusters)
    if labels.size < 2:
        raise InputError("clusters", "needs at least two clusters (repetitions) for an interval")
    members = [np.flatnonzero(clusters == c) for c in labels]
    rng = np.random.default_rng(seed)
    boot = []
    for _ in range(resamples):
        idx = np.concatenate([members[i] for i in rng.integers(0, labels.size, labels.size)])
        r = _spearman(x[idx], y[idx])
        if math.isfinite(r):
            boot.append(r)
    alpha = (1 - confidence) / 2
    lo, hi = (float(np.quantile(boot, alpha)), float(np.quantile(boot, 1 - alpha))) if boot else (-1.0, 1.0)
    return RankTrend(_spearman(x, y), lo, hi, confidence, int(x.size), int(labels.size), len(boot))
