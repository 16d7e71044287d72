"""Runs a claim over its grid: seeds, resume, progress, then the verdict engine."""
from __future__ import annotations

import sys
import time

from kernels import seeds

from .evidence import RunInfo
from .spec import Claim
from .store import RunStore
from .verdict import Verdict


class Progress:
    """A one-line progress indicator on stderr for anything that takes more than a few seconds."""

    def __init__(self, label: str, total: int, stream=None, quiet: bool = False, unit: str = "measurements"):
        self.label, self.total, self.stream, self.quiet = label, total, stream or sys.stderr, quiet
        self.unit = unit
        self.t0 = time.monotonic()
        self.last = 0.0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = -1
        self.width = 0

    def update(self, done: int, current: str = "") -> None:
        """Show ``done`` of the total (and what is ``current``ly under way), at most every 0.5 s on a terminal,
        every 10 s otherwise, nothing in the first 2 s."""
        now = time.monotonic()
        if self.quiet or done == self.shown or now - self.t0 < 2.0 or (
                now - self.last < (0.5 if self.tty else 10.0) and done < self.total):
            return
        self.last, self.shown = now, done
        msg = f"[{self.label}] {done}/{self.total} {self.unit}, {now - self.t0:.0f}s"
        msg += f", {current}" if current else ""
        if self.tty:
            pad = " " * max(0, self.width - len(msg))      # clear what a longer previous line left
            self.width = len(msg)
            self.stream.write("\r" + msg + pad + ("\n" if done >= self.total else ""))
        else:
            self.stream.write(msg + "\n")
        self.stream.flush()


def run_claim(claim: Claim, scale: str, store: RunStore, root_seed: int, backend,
              quiet: bool = False) -> Verdict:
    """Measure the claim's grid at ``scale`` into ``store`` (skipping what it holds), then judge it.

    Each measurement's generator and its record are keyed by the point's content key (``Claim.point_keys``),
    so a resume after a grid edit reuses exactly the unchanged points. The verdict's run seconds are the
    total measurement time of its records, resumed or not."""
    points = claim.points(scale)
    keys = claim.point_keys(scale)
    reps = claim.reps(scale)
    store.begin_claim(claim.id, keys, reps)
    prog = Progress(claim.id, len(points) * reps, quiet=quiet)
    count = 0
    for i, (point, key) in enumerate(zip(points, keys)):
        for r in range(reps):
            count += 1
            if store.done(claim.id, key, r):
                continue
            values, secs = measure_one(claim, point, key, r, root_seed, backend)
            store.append(make_record(claim.id, scale, i, key, point, r, values, secs))
            prog.update(count)
    prog.update(len(points) * reps)
    return judge_claim(claim, scale, store, root_seed, backend.name)


def measure_one(claim: Claim, point: dict, point_key: str, rep: int, root_seed: int, backend) -> tuple[dict, float]:
    """One measurement: ``claim.measure`` on the point with its content-keyed generator; (values, seconds).
    The serial loop and the Dask workers (``theorems.executor``) both call this, so they measure alike."""
    rng = seeds.generator(root_seed, claim.id, point_key, rep)
    t = time.monotonic()
    values = claim.measure(dict(point), rng, backend)
    return values, round(time.monotonic() - t, 4)


def make_record(claim_id: str, scale: str, point_index: int, point_key: str, point: dict, rep: int,
                values: dict, seconds: float, **extra) -> dict:
    """The stored record of one measurement (``extra``: fields an executor adds, e.g. ``attempts``)."""
    return {"claim": claim_id, "scale": scale, "point_index": point_index, "point_key": point_key, "point": point,
            "rep": rep, "values": values, "seconds": seconds, **extra}


def judge_claim(claim: Claim, scale: str, store: RunStore, root_seed: int, backend_name: str) -> Verdict:
    """The verdict of a claim whose grid is measured into ``store`` (after ``store.begin_claim``): evaluated from
    its records in grid order, stored in ``verdicts.jsonl`` and returned."""
    records = store.records(claim.id)
    verdict = claim.check.evaluate(claim.id, records)
    verdict.run = RunInfo(scale, root_seed, backend_name, measured_seconds(records))
    store.put_verdict({**verdict.as_dict(), "scale": scale})
    return verdict


def measured_seconds(records) -> float:
    """The total measurement time of the records (their "seconds"), rounded to 0.01 s."""
    return round(sum(float(r.get("seconds") or 0) for r in records), 2)
