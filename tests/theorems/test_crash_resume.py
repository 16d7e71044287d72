"""Interrupted runs resume to the results of an uninterrupted run, record for record.

The fast test interrupts in-process: after a random number of appends the store writes half of the next line
(what a kill mid-write leaves) and the run stops; a fresh store resumes it. The slow test runs
``bench/crash_resume.py``: real SIGKILLs of ``python -m theorems check`` at random moments."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kernels.backend import select
from theorems import registry
from theorems.engine import run_claim
from theorems.store import RESULTS, VERDICTS, RunStore, make_manifest, read_records

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ("activation/lemma-J.4", "activation/fact-C.10", "activation/thm-F.2")
SEED = 20261123
BE = select("numpy")


class Killed(Exception):
    pass


class DyingStore(RunStore):
    """A store whose process "dies" after ``budget`` appends, leaving half of the next line in results.jsonl."""

    def __init__(self, *args, budget: int, **kw):
        super().__init__(*args, **kw)
        self.budget = budget

    def append(self, record):
        if self.budget == 0:
            line = json.dumps(record)
            with open(self.dir / RESULTS, "a", encoding="utf-8") as fh:
                fh.write(line[: len(line) // 2])
            raise Killed
        self.budget -= 1
        super().append(record)


def run_all(store, claims):
    for c in claims:
        run_claim(c, "quick", store, SEED, BE, quiet=True)


def by_key(run: Path) -> dict:
    return {(r["claim"], r["point_key"], r["rep"]): json.dumps(r["values"], sort_keys=True)
            for r in read_records(run / RESULTS, "--out")}


def test_interrupted_between_appends_and_mid_line_resumes_to_the_uninterrupted_results(tmp_path):
    claims = [registry.get(i) for i in CLAIMS]
    ref = tmp_path / "ref"
    run_all(RunStore(ref, make_manifest(SEED, "quick", BE)), claims)
    want = by_key(ref)
    run, rng, interruptions = tmp_path / "run", random.Random(3), 0
    while True:
        store = DyingStore(run, make_manifest(SEED, "quick", BE), budget=rng.randint(0, 40))
        try:
            run_all(store, claims)
            break
        except Killed:
            interruptions += 1
    assert interruptions >= 3
    def parses(line):
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    cut = [x for x in (run / RESULTS).read_text().splitlines() if not parses(x)]
    assert len(cut) == interruptions                      # every cut line is still there, sealed, and ignored
    got = by_key(run)
    assert got == want and len(read_records(run / RESULTS, "--out")) == len(want)     # nothing lost or doubled
    lines = [json.loads(x) for x in (run / VERDICTS).read_text().splitlines()]
    ref_lines = [json.loads(x) for x in (ref / VERDICTS).read_text().splitlines()]
    assert [v["id"] for v in lines] == list(CLAIMS)
    assert [(v["verdict"], v["reason"]) for v in lines] == [(v["verdict"], v["reason"]) for v in ref_lines]


@pytest.mark.slow
def test_sigkill_at_random_moments_resumes_to_the_uninterrupted_results(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "bench" / "crash_resume.py"), "--claims", "activation/lemma-I.1",
                        "activation/thm-4.2", "activation/lemma-J.4", "--kills", "4", "--rng", "2",
                        "--workdir", str(tmp_path), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr
    res = json.loads(p.stdout)
    assert res["ok"] and res["kills"] >= 2 and res["equal"] == res["records"] == res["reference_records"]
    assert res["duplicates"] == 0 and res["verdict_lines"] == 3
