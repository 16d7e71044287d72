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

    def __init__(self, label: str, total: int, stream=None, quiet: bool = False):
        self.label, self.total, self.stream, self.quiet = label, total, stream or sys.stderr, quiet
        self.t0 = time.monotonic()
        self.last = 0.0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.shown = -1

    def update(self, done: int) -> None:
        now = time.monotonic()
        if self.quiet or done == self.shown or now - self.t0 < 2.0 or (
                now - self.last < (0.5 if self.tty else 10.0) and done < self.total):
            return
        self.last, self.shown = now, done
        msg = f"[{self.label}] {done}/{self.total} measurements, {now - self.t0:.0f}s"
        if self.tty:
            self.stream.write("\r" + msg + ("\n" if done >= self.total else ""))
        else:
            self.stream.write(msg + "\n")
        self.stream.flush()


def run_claim(claim: Claim, scale: str, store: RunStore, root_seed: int, backend,
              quiet: bool = False) -> Verdict:
    points = claim.points(scale)
    reps = claim.reps(scale)
    prog = Progress(claim.id, len(points) * reps, quiet=quiet)
    t0 = time.monotonic()
    count = 0
    for i, point in enumerate(points):
        for r in range(reps):
            count += 1
            if store.done(claim.id, i, r):
                continue
            rng = seeds.generator(root_seed, claim.id, i, r)
            t = time.monotonic()
            values = claim.measure(dict(point), rng, backend)
            store.append({"claim": claim.id, "scale": scale, "point_index": i, "point": point, "rep": r,
                          "values": values, "seconds": round(time.monotonic() - t, 4)})
            prog.update(count)
    prog.update(len(points) * reps)
    verdict = claim.check.evaluate(claim.id, store.records(claim.id))
    verdict.run = RunInfo(scale, root_seed, backend.name, round(time.monotonic() - t0, 2))
    store.append_verdict({**verdict.as_dict(), "scale": scale})
    return verdict
