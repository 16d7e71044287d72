"""Run one claim at quick scale into a fresh run directory (the path every claim test takes)."""
from __future__ import annotations

from kernels.backend import select
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest


def run_quick(claim, run_dir, seed: int = 20261123):
    """The claim's verdict at quick scale on NumPy, measured into ``run_dir`` with root seed ``seed``,
    and the run store holding its records."""
    be = select("numpy")
    store = RunStore(run_dir, make_manifest(seed, "quick", be))
    return run_claim(claim, "quick", store, seed, be, quiet=True), store
