"""Claims as data: what a reader of the paper wants to see, in a few declarative lines.

A Claim holds the catalog id (../shared/CLAIMS.md), the source, the statement as printed,
the kind of check, the grid per scale, the repetitions per scale, and ``measure(point, rng,
backend) -> dict`` returning named JSON-serializable quantities, and its reading record (``theorems.reading``:
the hypotheses as printed, the reading chosen, the alternatives, the edges and the regime the grid reaches). The verdict engine
(``theorems.verdict``) turns the measurements into a verdict; claims never assign one.

A grid point is identified by its content, not its position: ``point_key`` is the sha256 of the point's
canonical JSON (sorted keys, exact float repr), with the occurrence number among identical points of the
grid appended for the second and later copies. The key names the point's records in a run directory
and seeds its random streams (``kernels.seeds.generator``), so editing a grid leaves the draws and the
stored measurements of every other point as they were.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from .reading import Reading

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
    reading: Reading | None = None         # how the printed statement became this check (theorems.reading)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind must be one of {KINDS}")
        if not all(callable(getattr(self.check, m, None)) for m in ("evaluate", "read_evidence")):
            raise ValueError(f"{self.id}: check must be a check of theorems.verdict (got {type(self.check).__name__})")
        if self.reading is not None and not isinstance(self.reading, Reading):
            raise ValueError(f"{self.id}: reading must be a theorems.reading.Reading")
        for s in SCALES:
            if s not in self.grid:
                raise ValueError(f"{self.id}: grid lacks scale {s!r}")

    def points(self, scale: str) -> list[dict]:
        return list(self.grid[scale])

    def reps(self, scale: str) -> int:
        return int(self.repetitions.get(scale, 1))

    def point_keys(self, scale: str) -> list[str]:
        """The content keys of the grid's points at ``scale``, in grid order (see ``point_keys``)."""
        return point_keys(self.points(scale))

    def grid_hash(self, scale: str) -> str:
        """The hash of the grid at ``scale``: its point keys and its repetition count."""
        return grid_hash(self.point_keys(scale), self.reps(scale))


def _canonical(x):
    """``x`` as plain JSON data: dict keys must be strings, tuples become lists, numpy scalars Python numbers."""
    if isinstance(x, dict):
        if not all(isinstance(k, str) for k in x):
            raise TypeError(f"grid point keys must be strings (got {list(x)!r})")
        return {k: _canonical(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_canonical(v) for v in x]
    if x is None or isinstance(x, (str, bool)):
        return x
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    item = getattr(x, "item", None)               # numpy scalars, without importing numpy here
    if callable(item) and getattr(x, "shape", None) == ():
        return _canonical(item())
    raise TypeError(f"a grid point holds only JSON data (str, int, float, bool, None, lists, dicts); "
                    f"got {type(x).__name__}")


def canonical_json(point: dict) -> str:
    """The canonical JSON text of a grid point: sorted keys, no spaces, floats as their exact ``repr``
    (so 0.1 and 0.1000000000000001 differ), NaN/inf allowed, non-ASCII kept."""
    return json.dumps(_canonical(point), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=True)


def point_key(point: dict, occurrence: int = 0) -> str:
    """The content key of a grid point: 32 hex digits of sha256(canonical JSON); the ``occurrence``-th copy
    (0 for the first) of a point that a grid holds several times gets ``-<occurrence>`` appended."""
    digest = hashlib.sha256(canonical_json(point).encode("utf-8")).hexdigest()[:32]
    return digest if occurrence == 0 else f"{digest}-{int(occurrence)}"


def point_keys(points) -> list[str]:
    """The keys of a grid's points in order; identical points are told apart by their occurrence number,
    so each gets its own random streams and records."""
    seen: Counter = Counter()
    out = []
    for p in points:
        text = canonical_json(p)
        out.append(point_key(p, seen[text]))
        seen[text] += 1
    return out


def grid_hash(keys, reps: int) -> str:
    """sha256 of the canonical list of point keys and the repetition count."""
    return hashlib.sha256(json.dumps({"points": list(keys), "reps": int(reps)}).encode()).hexdigest()


def product(**axes) -> list[dict]:
    """All combinations of the axes, as point dicts (declaration order kept)."""
    keys = list(axes)
    return [dict(zip(keys, combo)) for combo in itertools.product(*(axes[k] for k in keys))]
