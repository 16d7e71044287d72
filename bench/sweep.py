"""How a sweep scales over workers: measured wall times serial vs Dask, and projected makespans.

    python bench/sweep.py --measure [--scale quick|full] [--claims ID ...] [--workers 2] [--seed S]
    python bench/sweep.py --from RUN_DIR [--from RUN_DIR ...]

--measure runs ``python -m theorems check`` twice on this machine, one after the other, into fresh run
directories: serially, then with ``--executor dask --workers N``; it reports both wall times (cluster start
included), their ratio, and checks that both runs stored the same values record for record.

Projections (from the per-task durations, the records' "seconds", of --from run directories or of the
serial run just measured): the makespan at 8, 64 and 512 workers by LPT list scheduling (longest task
first onto the least loaded worker; within 4/3 of optimal), next to the lower bound max(total / P, longest
task); the critical path (the longest single task) and the claims that dominate it; and every task longer
than --long seconds (default 120), which no number of workers can shorten. Per-task scheduling overhead is
not modelled (the measured ratio shows it at 2 workers).
"""
from __future__ import annotations

import argparse
import heapq
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER_COUNTS = (8, 64, 512)


def durations(run_dirs) -> list[tuple[str, str, int, float]]:
    """(claim, point_key, rep, seconds) of every record of the run directories."""
    out = []
    for d in run_dirs:
        for line in (Path(d) / "results.jsonl").read_text().splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            out.append((r["claim"], r["point_key"], r["rep"], float(r.get("seconds") or 0.0)))
    return out


def lpt_makespan(times, workers: int) -> float:
    """Makespan of LPT list scheduling of ``times`` on ``workers`` identical machines."""
    loads = [0.0] * min(workers, max(1, len(times)))
    heapq.heapify(loads)
    for t in sorted(times, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + t)
    return max(loads) if loads else 0.0


def projections(tasks, long_s: float = 120.0, top: int = 5) -> str:
    times = [t for *_, t in tasks]
    total = sum(times)
    longest = max(tasks, key=lambda x: x[3])
    per_claim = defaultdict(list)
    for c, _, _, t in tasks:
        per_claim[c].append(t)
    lines = [f"tasks: {len(tasks)} in {len(per_claim)} claims; total measured time {total:.1f} s "
             f"(= serial makespan, 1 worker)",
             f"critical path (longest single task): {longest[3]:.2f} s, {longest[0]} point {longest[1]} rep {longest[2]}",
             "", "| workers | LPT makespan (s) | lower bound max(total/P, longest) (s) | speed-up vs 1 |",
             "|---:|---:|---:|---:|"]
    for p in WORKER_COUNTS:
        m = lpt_makespan(times, p)
        lines.append(f"| {p} | {m:.2f} | {max(total / p, longest[3]):.2f} | {total / m:.1f}x |")
    lines += ["", f"claims with the longest single tasks (they bound the makespan at many workers; top {top}):",
              "| claim | tasks | longest task (s) | claim total (s) |", "|---|---:|---:|---:|"]
    for c, ts in sorted(per_claim.items(), key=lambda kv: -max(kv[1]))[:top]:
        lines.append(f"| {c} | {len(ts)} | {max(ts):.2f} | {sum(ts):.1f} |")
    lines += ["", f"claims with the most total time (top {top}):"]
    for c, ts in sorted(per_claim.items(), key=lambda kv: -sum(kv[1]))[:top]:
        lines.append(f"  {c}: {sum(ts):.1f} s in {len(ts)} tasks ({100 * sum(ts) / total:.0f}%)")
    big = [x for x in tasks if x[3] > long_s]
    lines.append("")
    lines.append(f"tasks longer than {long_s:g} s: " + (", ".join(f"{c} {k} rep {r} ({t:.0f} s)" for c, k, r, t in big)
                                                      if big else "none"))
    return "\n".join(lines)


def _check(args_list, out: Path) -> float:
    cmd = [sys.executable, "-m", "theorems", "check", *args_list, "--quiet", "--out", str(out)]
    t = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - t


def _content(run_dir: Path) -> dict:
    out = {}
    for line in (run_dir / "results.jsonl").read_text().splitlines():
        r = json.loads(line)
        out[(r["claim"], r["point_key"], r["rep"])] = json.dumps(r["values"], sort_keys=True)
    return out


def measure(scale: str, claims, workers: int, seed: int) -> tuple[str, Path]:
    base = Path(tempfile.mkdtemp(prefix="nnclaims-sweep-"))
    which = list(claims) if claims else ["--all"]
    common = [*which, "--scale", scale, "--seed", str(seed), "--backend", "numpy"]
    t_serial = _check(common, base / "serial")
    t_dask = _check([*common, "--executor", "dask", "--workers", str(workers)], base / "dask")
    same = _content(base / "serial") == _content(base / "dask")
    text = (f"scale {scale}, claims {' '.join(which)}, seed {seed}, this machine ({_cores()} cores)\n"
            f"serial wall time: {t_serial:.1f} s\n"
            f"dask --workers {workers} wall time: {t_dask:.1f} s (LocalCluster start included)\n"
            f"ratio serial / dask: {t_serial / t_dask:.2f}\n"
            f"records identical (values, keyed by claim, point key, rep): {same}")
    return text, base / "serial"


def _cores() -> int:
    import os  # noqa: PLC0415
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--measure", action="store_true", help="time serial vs --workers N on this machine")
    p.add_argument("--from", dest="from_dirs", action="append", default=[], metavar="RUN_DIR",
                   help="project from the durations of these run directories (repeatable)")
    p.add_argument("--scale", default="quick", choices=("quick", "full"))
    p.add_argument("--claims", nargs="*", default=[], metavar="ID", help="default: every implemented claim")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=20261123)
    p.add_argument("--long", type=float, default=120.0, help="report tasks longer than this many seconds")
    a = p.parse_args(argv)
    if not a.measure and not a.from_dirs:
        p.error("give --measure or --from RUN_DIR")
    dirs = list(a.from_dirs)
    if a.measure:
        text, serial_dir = measure(a.scale, a.claims, a.workers, a.seed)
        print(text + "\n")
        dirs = dirs or [serial_dir]
    print(f"projection from the per-task durations of: {', '.join(map(str, dirs))}")
    print(projections(durations(dirs), long_s=a.long))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
