"""Typed evidence: what each check of ``theorems.verdict`` found, as records that the report reads by name.

Each check writes one record: ``Predicate`` a ``PredicateSummary``, ``HighProbabilityBound`` a
``BoundEvidence`` (a ``RateGroup`` of ``RateRow`` per group), ``Scaling`` a ``ScalingEvidence`` (a
``ScalingFit`` per group), ``GeometricRate`` a ``GeometricRateEvidence`` (a ``GeometricFit`` per group),
``Trend`` a ``TrendEvidence``, ``AllOf`` an ``AllOfEvidence`` (its parts, in order), ``fuzz.engine.ReplayCheck`` a ``ReplaySummary``; a group
whose fit failed is a ``FitError``. ``RunInfo`` is what the engine adds about the run (scale, seed, backend,
seconds).

``as_dict()`` is the JSON form stored in ``verdicts.jsonl`` (raw values; ``Verdict.as_dict`` cleans them
with ``jsonsafe.json_safe``). The stored JSON does not name its kind, the claim's check does: read it back
with ``check.read_evidence(d)`` (or ``Verdict.from_dict(d, check)``), which calls the ``from_dict`` here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterator


class CheckEvidence:
    """Base of the evidence records: ``as_dict()`` and ``leaves()`` (the records of the single checks, in order)."""
    kind: ClassVar[str] = ""

    def as_dict(self) -> dict:
        raise NotImplementedError

    def leaves(self) -> Iterator[CheckEvidence]:
        yield self


@dataclass(frozen=True)
class FitError:
    """A group whose fit raised: the error message."""
    label: str
    error: str

    def as_dict(self) -> dict:
        return {"error": self.error}

    @classmethod
    def from_dict(cls, label: str, d: dict) -> FitError:
        return cls(label, d["error"])


# ---------------------------------------------------------------- Predicate

@dataclass(frozen=True)
class PredicateSummary(CheckEvidence):
    """Per-record rows (point, rep, holds, certain and the claim's summary keys); ``checked`` and ``violations``
    are None when no grid point was applicable (then only the rows are stored)."""
    kind: ClassVar[str] = "predicate"
    rows: tuple
    checked: int | None = None
    violations: int | None = None

    def as_dict(self) -> dict:
        if self.checked is None:
            return {"rows": list(self.rows)}
        return {"checked": self.checked, "violations": self.violations, "rows": list(self.rows)}

    @classmethod
    def from_dict(cls, d: dict) -> PredicateSummary:
        return cls(tuple(d["rows"]), d.get("checked"), d.get("violations"))


# ---------------------------------------------------------------- HighProbabilityBound

@dataclass(frozen=True)
class RateRow:
    """Violations of the bound at one value ``x`` of the ``along`` axis, with the 95% Clopper-Pearson interval
    of the rate and the smallest slack (lhs - rhs) seen there."""
    along: str
    x: object
    violations: int
    trials: int
    rate_ci95: tuple
    min_slack: float

    def as_dict(self) -> dict:
        return {self.along: self.x, "violations": self.violations, "trials": self.trials,
                "rate_ci95": list(self.rate_ci95), "min_slack": self.min_slack}

    @classmethod
    def from_dict(cls, along: str, d: dict) -> RateRow:
        return cls(along, d[along], d["violations"], d["trials"], tuple(d["rate_ci95"]), d["min_slack"])

    @property
    def rate(self) -> float:
        return self.violations / self.trials


@dataclass(frozen=True)
class RateGroup:
    label: str
    rows: tuple          # RateRow, by increasing x

    def as_dict(self) -> list:
        return [r.as_dict() for r in self.rows]


@dataclass(frozen=True)
class BoundEvidence(CheckEvidence):
    kind: ClassVar[str] = "high_probability_bound"
    along: str
    groups: tuple        # RateGroup

    def as_dict(self) -> dict:
        return {g.label: g.as_dict() for g in self.groups}

    @classmethod
    def from_dict(cls, d: dict, along: str) -> BoundEvidence:
        return cls(along, tuple(RateGroup(label, tuple(RateRow.from_dict(along, r) for r in rows))
                                for label, rows in d.items()))


# ---------------------------------------------------------------- Scaling

@dataclass(frozen=True)
class ScalingFit:
    """The fitted exponent of one group: ``fit`` is ``kernels.stats.Fit.as_dict()`` (slope, lo, hi, intercept,
    half-range slopes, ...), beside the printed exponent, the x values, the geometric mean of y over seeds at
    each x (None where no value is positive), the count of unresolved values and the slope on the half of the
    range nearest the limit."""
    label: str
    fit: dict
    printed_exponent: float
    x: list
    y_geomean: list
    unresolved: int
    slope_near_limit_half: float | None

    def as_dict(self) -> dict:
        return {"fit": self.fit, "printed_exponent": self.printed_exponent, "x": self.x, "y_geomean": self.y_geomean,
                "unresolved": self.unresolved, "slope_near_limit_half": self.slope_near_limit_half}

    @classmethod
    def from_dict(cls, label: str, d: dict) -> ScalingFit:
        return cls(label, d["fit"], d["printed_exponent"], d["x"], d["y_geomean"], d["unresolved"],
                   d["slope_near_limit_half"])

    @property
    def slope(self) -> float | None:
        return self.fit.get("slope")

    @property
    def lo(self) -> float | None:
        return self.fit.get("lo")

    @property
    def hi(self) -> float | None:
        return self.fit.get("hi")

    @property
    def intercept(self) -> float | None:
        return self.fit.get("intercept")


@dataclass(frozen=True)
class ScalingEvidence(CheckEvidence):
    kind: ClassVar[str] = "scaling"
    groups: tuple        # ScalingFit | FitError, one per group with at least two x values

    def as_dict(self) -> dict:
        return {g.label: g.as_dict() for g in self.groups}

    @classmethod
    def from_dict(cls, d: dict) -> ScalingEvidence:
        return cls(tuple(FitError.from_dict(k, g) if "error" in g else ScalingFit.from_dict(k, g)
                         for k, g in d.items()))

    def fits(self) -> list[ScalingFit]:
        return [g for g in self.groups if isinstance(g, ScalingFit)]


# ---------------------------------------------------------------- Trend

@dataclass(frozen=True)
class TrendEvidence(CheckEvidence):
    """A Trend check's rank correlation of ``y`` with ``x``: ``fit`` is ``kernels.stats.RankTrend.as_dict()`` (None
    when it could not be computed, then ``error`` says why); ``pairs`` are the (x, y, rep) behind it."""
    kind: ClassVar[str] = "trend"
    x: str
    y: str
    sign: int
    fit: dict | None
    pairs: tuple
    error: str = ""

    def as_dict(self) -> dict:
        out = {"x": self.x, "y": self.y, "sign": self.sign, "fit": self.fit, "pairs": [list(p) for p in self.pairs]}
        if self.error:
            out["error"] = self.error
        return out

    @classmethod
    def from_dict(cls, d: dict) -> TrendEvidence:
        return cls(d["x"], d["y"], d["sign"], d.get("fit"), tuple(tuple(p) for p in d.get("pairs", ())),
                   d.get("error", ""))


# ---------------------------------------------------------------- GeometricRate

@dataclass(frozen=True)
class GeometricFit:
    """The geometric decay rate of one group against the Bernstein-ellipse rate log rho. ``fit`` is the slope fit
    (``kernels.stats.Fit.as_dict()``) or, when ``precomputed``, the RateFit dict read from the records; only a
    fitted (not precomputed) group carries ``x``, the mean ``y`` and the fit ``with_power_factor``."""
    label: str
    fit: dict
    decay_rate: float
    ci: tuple
    near_limit_half: float | None
    bernstein_log_rho: float
    bernstein_rho: float
    measured_rho: float
    ratio_to_bernstein: float
    unresolved: int
    precomputed: bool = False
    x: list | None = None
    y: list | None = None
    with_power_factor: dict | None = None

    def as_dict(self) -> dict:
        out = {"fit": self.fit}
        if not self.precomputed:
            out.update({"x": self.x, "y": self.y, "with_power_factor": self.with_power_factor})
        out.update({"decay_rate": self.decay_rate, "ci": list(self.ci), "near_limit_half": self.near_limit_half,
                    "bernstein_log_rho": self.bernstein_log_rho, "bernstein_rho": self.bernstein_rho,
                    "measured_rho": self.measured_rho, "ratio_to_bernstein": self.ratio_to_bernstein,
                    "unresolved": self.unresolved})
        return out

    @classmethod
    def from_dict(cls, label: str, d: dict) -> GeometricFit:
        pre = "x" not in d
        return cls(label, d["fit"], d["decay_rate"], tuple(d["ci"]), d["near_limit_half"], d["bernstein_log_rho"],
                   d["bernstein_rho"], d["measured_rho"], d["ratio_to_bernstein"], d["unresolved"], pre,
                   None if pre else d["x"], None if pre else d["y"], None if pre else d["with_power_factor"])


@dataclass(frozen=True)
class GeometricRateEvidence(CheckEvidence):
    kind: ClassVar[str] = "geometric_rate"
    groups: tuple        # GeometricFit | FitError

    def as_dict(self) -> dict:
        return {g.label: g.as_dict() for g in self.groups}

    @classmethod
    def from_dict(cls, d: dict) -> GeometricRateEvidence:
        return cls(tuple(FitError.from_dict(k, g) if "error" in g else GeometricFit.from_dict(k, g)
                         for k, g in d.items()))

    def fits(self) -> list[GeometricFit]:
        return [g for g in self.groups if isinstance(g, GeometricFit)]


# ---------------------------------------------------------------- AllOf

@dataclass(frozen=True)
class AllOfEvidence(CheckEvidence):
    kind: ClassVar[str] = "all_of"
    parts: tuple         # CheckEvidence, in the order of the checks

    def as_dict(self) -> dict:
        return {f"part{i + 1}": p.as_dict() for i, p in enumerate(self.parts)}

    def leaves(self) -> Iterator[CheckEvidence]:
        for p in self.parts:
            yield from p.leaves()


# ---------------------------------------------------------------- fuzz replay

@dataclass(frozen=True)
class ReplaySummary(CheckEvidence):
    """Replayed fuzz counterexamples: how many, how many still violate, the file, per-example rows
    (counterexample, hypothesis_seed, holds, slack, recorded_slack) and the smallest fresh slack."""
    kind: ClassVar[str] = "replay"
    replayed: int
    reproduced: int
    source: str
    rows: tuple
    min_slack: float | None

    def as_dict(self) -> dict:
        return {"replayed": self.replayed, "reproduced": self.reproduced, "source": self.source,
                "rows": list(self.rows), "min_slack": self.min_slack}

    @classmethod
    def from_dict(cls, d: dict) -> ReplaySummary:
        return cls(d["replayed"], d["reproduced"], d["source"], tuple(d["rows"]), d["min_slack"])


# ---------------------------------------------------------------- the run

@dataclass(frozen=True)
class RunInfo:
    """What ``theorems.engine.run_claim`` adds in front of a check's evidence."""
    scale: str
    root_seed: int
    backend: str
    seconds: float

    KEYS: ClassVar[tuple] = ("scale", "root_seed", "backend", "seconds")

    def as_dict(self) -> dict:
        return {"scale": self.scale, "root_seed": self.root_seed, "backend": self.backend, "seconds": self.seconds}

    @classmethod
    def split(cls, d: dict) -> tuple[RunInfo | None, dict]:
        """(the run info, the rest) of a stored evidence dict; None when it carries no run info."""
        if not all(k in d for k in cls.KEYS):
            return None, dict(d)
        return cls(*(d[k] for k in cls.KEYS)), {k: v for k, v in d.items() if k not in cls.KEYS}
