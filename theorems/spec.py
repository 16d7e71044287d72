"""Claims as data: what a reader of the paper wants to see, in a few declarative lines.

A Claim holds the catalog id (../shared/CLAIMS.md), the source, the statement as printed,
the kind of check, the grid per scale, the repetitions per scale, and ``measure(point, rng,
backend) -> dict`` returning named JSON-serializable quantities. The verdict engine
(``theorems.verdict``) turns the measurements into a verdict; claims never assign one.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable

SCALES = ("quick", "full")
KINDS = ("identity", "bound", "scaling", "tail")


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    statement: str
    kind: str
    check: object                          # a check from theorems.verdict (evaluate + read_evidence)
    grid: dict                             # scale -> list of point dicts
    measure: Callable                      # (point: dict, rng, backend) -> dict
    repetitions: dict = field(default_factory=lambda: {"quick": 1, "full": 1})
    notes: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind must be one of {KINDS}")
        if not all(callable(getattr(self.check, m, None)) for m in ("evaluate", "read_evidence")):
            raise ValueError(f"{self.id}: check must be a check of theorems.verdict (got {type(self.check).__name__})")
        for s in SCALES:
            if s not in self.grid:
                raise ValueError(f"{self.id}: grid lacks scale {s!r}")

    def points(self, scale: str) -> list[dict]:
        return list(self.grid[scale])

    def reps(self, scale: str) -> int:
        return int(self.repetitions.get(scale, 1))


def product(**axes) -> list[dict]:
    """All combinations of the axes, as point dicts (declaration order kept)."""
    keys = list(axes)
    return [dict(zip(keys, combo)) for combo in itertools.product(*(axes[k] for k in keys))]
