"""Shared by the benchmarks: run one route in a fresh interpreter and measure it (peak memory, wall time,
the CPU share other processes took meanwhile), so routes never share a heap or a warm cache; the load
average, and the device synchronization that timings of CuPy routes need."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

RESULT_TAG = "@@BENCH_RESULT "


def maxrss_mib() -> float:
    """Peak resident memory of this process so far, MiB."""
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 2**20 if sys.platform == "darwin" else r / 1024.0    # bytes on macOS, KiB on Linux


def mem_available_bytes() -> float:
    """MemAvailable from /proc/meminfo (Linux), else inf."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return float("inf")


def cpu_busy_s():
    """CPU seconds spent busy by the whole machine since boot (/proc/stat, Linux), else None."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")   # minus idle, iowait
    except (OSError, ValueError, IndexError):
        return None


def loadavg():
    """The 1-minute load average, or None where the platform has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def sync_device(be) -> None:
    """Wait for the device to finish the queued work (CuPy backend); a no-op on NumPy."""
    if be.name == "cupy":
        be.xp.cuda.Stream.null.synchronize()


def _children_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_worker(script: str, route: str, cfg: dict, size_key: str | None = None) -> dict:
    """Run ``script --worker ROUTE --cfg JSON`` and return the dict it printed after RESULT_TAG, with ``wall``
    and ``foreign_cpu`` (other processes' busy share of all CPUs over the run); on failure, an ``error`` entry
    (with ``cfg[size_key]`` copied in, when a size_key is given, for the table row)."""
    cmd = [sys.executable, str(Path(script).resolve()), "--worker", route, "--cfg", json.dumps(cfg)]
    busy0, own0 = cpu_busy_s(), _children_cpu_s()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    busy1, own1 = cpu_busy_s(), _children_cpu_s()
    foreign = None
    if busy0 is not None and busy1 is not None:
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0)) / (wall * (os.cpu_count() or 1))
    for line in reversed(p.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            res = json.loads(line[len(RESULT_TAG):])
            res["wall"], res["foreign_cpu"] = wall, foreign
            return res
    why = f"worker exited with {p.returncode}"
    if p.returncode < 0 or p.returncode == 137:
        why += " (killed: out of memory?)"
    tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
    size = {} if size_key is None else {size_key: cfg[size_key]}
    return {"route": route, **size, "error": why + (": " + " | ".join(tail) if tail else ""), "wall": wall}
