"""Content-keyed seeds and resume: a point's draws and records follow its parameters, not its grid position;
a resume after a grid edit re-measures exactly the new points and never mixes; verdicts.jsonl holds one line
per claim; the run seconds are the total measurement time of the records."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from kernels.backend import select
from kernels.errors import InputError
from theorems.engine import run_claim
from theorems.spec import Claim, canonical_json, grid_hash, point_key, point_keys, product
from theorems.store import MANIFEST, RESULTS, VERDICTS, RunStore, make_manifest
from theorems.verdict import Predicate

BE = select("numpy")
SEED = 11


def toy(grid, cid="toy/draws", calls=None, reps=2):
    """A claim whose measurement is its generator's first draws (and which counts its calls)."""
    def measure(point, rng, backend):
        if calls is not None:
            calls.append(dict(point))
        return {"u": rng.random(3).tolist(), "holds": True}
    return Claim(id=cid, source="test", statement="draws", kind="identity", check=Predicate(),
                 grid={"quick": grid, "full": grid}, measure=measure, repetitions={"quick": reps, "full": reps})


def measure_into(run_dir, claim, seed=SEED):
    store = RunStore(run_dir, make_manifest(seed, "quick", BE))
    v = run_claim(claim, "quick", store, seed, BE, quiet=True)
    return v, store


def by_key(records):
    return {(r["point_key"], r["rep"]): r["values"]["u"] for r in records}


# ---------------------------------------------------------------- point keys

def test_point_key_is_sha256_of_the_canonical_json():
    assert canonical_json({"b": 0.1, "a": 1, "dims": (2, 3)}) == '{"a":1,"b":0.1,"dims":[2,3]}'
    text = b'{"a":1,"b":0.1,"dims":[2,3]}'
    assert point_key({"b": 0.1, "a": 1, "dims": [2, 3]}) == hashlib.sha256(text).hexdigest()[:32]
    assert point_key({"a": 1, "b": 0.1}) == point_key({"b": 0.1, "a": 1})                 # key order does not matter
    assert point_key({"n": np.int64(3), "x": np.float64(0.25)}) == point_key({"n": 3, "x": 0.25})
    assert point_key({"x": 0.1}) != point_key({"x": float(np.nextafter(0.1, 1))})     # exact float repr
    assert point_key({"dims": [2, 3]}) != point_key({"dims": [3, 2]})
    assert point_key({"x": 1}) != point_key({"x": 1.0}) != point_key({"x": True})
    with pytest.raises(TypeError, match="JSON data"):
        point_key({"f": object()})


def test_identical_points_are_told_apart_by_occurrence():
    p, q = {"dims": [100, 2, 2]}, {"dims": [10, 2, 2]}
    keys = point_keys([p, q, dict(p), p])
    assert keys == [point_key(p), point_key(q), point_key(p) + "-1", point_key(p) + "-2"]
    assert len(set(keys)) == 4
    assert grid_hash(keys, 2) != grid_hash(keys, 3) and grid_hash(keys, 2) != grid_hash(keys[::-1], 2)


def test_the_real_grid_with_a_duplicate_point_gets_distinct_keys():
    from theorems import registry
    c = registry.get("width/thm-3")
    pts, keys = c.points("quick"), c.point_keys("quick")
    assert len({canonical_json(p) for p in pts}) < len(pts) and len(set(keys)) == len(pts)


# ---------------------------------------------------------------- draws follow the point's content

def test_same_point_same_draws_wherever_it_sits_in_the_grid(tmp_path):
    grid = product(n=[1, 2, 3], s=["a", "b"])
    _, s1 = measure_into(tmp_path / "a", toy(grid))
    _, s2 = measure_into(tmp_path / "b", toy(grid[::-1]))
    assert by_key(s1.records("toy/draws")) == by_key(s2.records("toy/draws"))
    # positions differ, the draws of a point do not
    r1 = {r["point_key"]: r for r in s1.records("toy/draws") if r["rep"] == 0}
    r2 = {r["point_key"]: r for r in s2.records("toy/draws") if r["rep"] == 0}
    assert all(r1[k]["point_index"] == len(grid) - 1 - r2[k]["point_index"] for k in r1)


def test_inserting_a_point_leaves_every_other_points_draws_unchanged(tmp_path):
    grid = product(n=[1, 2, 3])
    _, s1 = measure_into(tmp_path / "a", toy(grid))
    _, s2 = measure_into(tmp_path / "b", toy([{"n": 0}] + grid))
    old, new = by_key(s1.records("toy/draws")), by_key(s2.records("toy/draws"))
    assert set(old) < set(new) and all(new[k] == old[k] for k in old)


def test_duplicates_reps_claims_and_roots_give_distinct_streams(tmp_path):
    grid = [{"n": 1}, {"n": 1}, {"n": 2}]
    _, s = measure_into(tmp_path / "a", toy(grid))
    _, s_other_claim = measure_into(tmp_path / "b", toy(grid, cid="toy/other"))
    _, s_other_root = measure_into(tmp_path / "c", toy(grid), seed=SEED + 1)
    streams = [tuple(u) for u in by_key(s.records("toy/draws")).values()]
    streams += [tuple(u) for u in by_key(s_other_claim.records("toy/other")).values()]
    streams += [tuple(u) for u in by_key(s_other_root.records("toy/draws")).values()]
    assert len(streams) == 3 * 3 * 2 and len(set(streams)) == len(streams)


# ---------------------------------------------------------------- resume after a grid edit

def test_resume_after_a_grid_edit_measures_only_new_points_and_never_mixes(tmp_path):
    run = tmp_path / "run"
    grid = product(n=[1, 2, 3, 4])
    _, s1 = measure_into(run, toy(grid))
    first = by_key(s1.records("toy/draws"))
    edited = [{"n": 0}, {"n": 2}, {"n": 4}, {"n": 5}]            # 1 and 3 removed, 0 and 5 new
    calls = []
    v, s2 = measure_into(run, toy(edited, calls=calls))
    assert sorted(c["n"] for c in calls) == [0, 0, 5, 5]          # only the new points, each repetition
    recs = s2.records("toy/draws")
    assert [r["point"]["n"] for r in recs] == [0, 0, 2, 2, 4, 4, 5, 5]
    assert [r["point_index"] for r in recs] == [0, 0, 1, 1, 2, 2, 3, 3]         # positions of the current grid
    again = by_key(recs)
    assert all(again[k] == first[k] for k in again if k in first)                   # unchanged points reused
    assert v.verdict == "CONFIRMED" and v.check_evidence.checked == len(edited) * 2      # judged on the new grid only
    manifest = json.loads((run / MANIFEST).read_text())
    assert manifest["claims"]["toy/draws"] == {"grid_hash": grid_hash(point_keys(edited), 2), "points": 4, "reps": 2}
    # a fresh run of the edited grid gives the same records
    _, s3 = measure_into(tmp_path / "fresh", toy(edited))
    assert by_key(s3.records("toy/draws")) == again


def test_fewer_repetitions_on_resume_ignore_the_extra_ones(tmp_path):
    run = tmp_path / "run"
    measure_into(run, toy(product(n=[1, 2]), reps=3))
    calls = []
    _, s = measure_into(run, toy(product(n=[1, 2]), reps=2, calls=calls))
    assert calls == [] and [r["rep"] for r in s.records("toy/draws")] == [0, 1, 0, 1]


# ---------------------------------------------------------------- verdicts and seconds on resume

def test_verdicts_hold_one_line_per_claim_after_resumes(tmp_path):
    run = tmp_path / "run"
    for _ in range(3):
        measure_into(run, toy(product(n=[1, 2])))
        measure_into(run, toy(product(n=[1, 2]), cid="toy/other"))
    lines = [json.loads(x) for x in (run / VERDICTS).read_text().splitlines()]
    assert [v["id"] for v in lines] == ["toy/draws", "toy/other"]
    assert not list(run.glob("*.tmp"))


def test_run_seconds_are_the_total_of_the_records_not_of_the_resumed_part(tmp_path):
    run = tmp_path / "run"
    measure_into(run, toy(product(n=[1, 2, 3, 4])))
    lines = (run / RESULTS).read_text().splitlines()
    # give the stored records large seconds, then drop the last two and resume
    recs = [json.loads(x) for x in lines]
    for r in recs:
        r["seconds"] = 100.0
    (run / RESULTS).write_text("".join(json.dumps(r) + "\n" for r in recs[:-2]))
    v, store = measure_into(run, toy(product(n=[1, 2, 3, 4])))
    total = round(sum(r["seconds"] for r in store.records("toy/draws")), 2)
    assert v.run.seconds == total and total >= 600
    (line,) = [json.loads(x) for x in (run / VERDICTS).read_text().splitlines()]
    assert line["evidence"]["seconds"] == total


# ---------------------------------------------------------------- refusals

def test_other_code_fingerprint_is_refused(tmp_path):
    run = tmp_path / "run"
    measure_into(run, toy(product(n=[1])))
    m = json.loads((run / MANIFEST).read_text())
    m["code_fingerprint"] = "0" * 64
    (run / MANIFEST).write_text(json.dumps(m))
    with pytest.raises(InputError) as exc:
        measure_into(run, toy(product(n=[1])))
    assert exc.value.parameter == "--out" and "other code" in str(exc.value) and "000000000000" in str(exc.value)


def test_a_run_of_an_older_version_is_refused(tmp_path):
    run = tmp_path / "run"
    measure_into(run, toy(product(n=[1])))
    m = json.loads((run / MANIFEST).read_text())
    del m["code_fingerprint"], m["claims"]
    (run / MANIFEST).write_text(json.dumps(m))
    with pytest.raises(InputError, match="older version") as exc:
        RunStore(run, make_manifest(SEED, "quick", BE), flag="--run-dir")
    assert exc.value.parameter == "--run-dir"
