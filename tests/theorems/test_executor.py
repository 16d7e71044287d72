"""The Dask executor: a 2-process LocalCluster measures exactly what the serial run measures, record for record,
whatever the completion order; a worker killed mid-run loses nothing and the retry is recorded; resume works;
the serial default never imports Dask."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kernels import backend as backends
from kernels.errors import InputError
from theorems import executor, registry
from theorems.store import RESULTS, VERDICTS, RunStore, make_manifest

ROOT = Path(__file__).resolve().parents[2]
# Fast at quick scale (under a second or two each), and together dozens of tasks.
IDS = ("confusion/thm-3.1", "width/thm-6", "activation/fact-C.4")
SEED = 11
BE = backends.select("numpy")


def _content(run_dir: Path) -> dict:
    """(claim, point_key, rep) -> (point, values) of every stored record; the seconds and attempts left out."""
    out = {}
    for line in (run_dir / RESULTS).read_text().splitlines():
        r = json.loads(line)
        key = (r["claim"], r["point_key"], r["rep"])
        assert key not in out, f"{key} stored twice"
        out[key] = json.dumps({"point": r["point"], "values": r["values"], "scale": r["scale"]}, sort_keys=True)
    return out


def _timeless(x):
    """``x`` without its "seconds" (the measured run time, in the verdict's run info and evidence)."""
    if isinstance(x, dict):
        return {k: _timeless(v) for k, v in x.items() if k != "seconds"}
    if isinstance(x, list):
        return [_timeless(v) for v in x]
    return x


def _verdicts(run_dir: Path) -> dict:
    out = {}
    for line in (run_dir / VERDICTS).read_text().splitlines():
        v = _timeless(json.loads(line))
        out[v["id"]] = json.dumps(v, sort_keys=True)
    return out


def _run(run_dir: Path, executor_name: str, **opts):
    store = RunStore(run_dir, make_manifest(SEED, "quick", BE))
    claims = [registry.get(i) for i in IDS]
    dask = executor.DaskOptions(**opts) if executor_name == "dask" else None
    vs = executor.run_claims(claims, "quick", store, SEED, BE, executor=executor_name, dask=dask, quiet=True)
    return store, vs


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "run"
    _run(out, "serial")
    return out


@pytest.fixture(scope="module")
def client():
    dd = pytest.importorskip("dask.distributed")
    with dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with dd.Client(cluster) as c:
            yield c


def test_two_workers_store_exactly_the_serial_records(serial, client, tmp_path):
    store, vs = _run(tmp_path / "dask", "dask", client=client)
    assert [v.id for v in vs] == list(IDS)
    assert _content(tmp_path / "dask") == _content(serial)
    assert _verdicts(tmp_path / "dask") == _verdicts(serial)
    recs = [json.loads(x) for x in (tmp_path / "dask" / RESULTS).read_text().splitlines()]
    assert all(r["attempts"] == 1 for r in recs)             # nothing was lost, nothing retried
    (entry,) = store.manifest["executions"]
    assert entry["tasks"] == len(recs) and entry["retried_tasks"] == 0


def test_a_worker_killed_mid_task_loses_nothing_and_the_retry_is_recorded(serial, client, tmp_path):
    claim = registry.get("width/thm-6")
    target = (claim.id, claim.point_keys("quick")[1], 0)
    marker = str(tmp_path / "killed-once")

    def arm(dask_worker=None):                               # a closure: pickled by value onto the workers
        import os

        from theorems import engine
        measure = getattr(engine, "_unarmed_measure_one", engine.measure_one)
        engine._unarmed_measure_one = measure

        def dying(c, point, key, rep, *args):
            if (c.id, key, rep) == target:
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    pass
                else:
                    os._exit(1)                              # the worker process dies mid-task
            return measure(c, point, key, rep, *args)
        engine.measure_one = dying

    client.run(arm)
    store, _ = _run(tmp_path / "dask", "dask", client=client)
    assert Path(marker).exists()                             # a worker did die
    assert _content(tmp_path / "dask") == _content(serial)
    assert _verdicts(tmp_path / "dask") == _verdicts(serial)
    recs = {(r["claim"], r["point_key"], r["rep"]): r for r in
            map(json.loads, (tmp_path / "dask" / RESULTS).read_text().splitlines())}
    assert recs[target]["attempts"] >= 2
    assert store.manifest["executions"][-1]["retried_tasks"] >= 1


def test_resume_measures_only_what_is_missing(serial, client, tmp_path):
    out = tmp_path / "resumed"
    out.mkdir()
    shutil.copy(serial / "manifest.json", out / "manifest.json")
    lines = (serial / RESULTS).read_text().splitlines(keepends=True)
    (out / RESULTS).write_text("".join(lines[::2]))          # every other measurement already stored
    store, _ = _run(out, "dask", client=client)
    assert store.manifest["executions"][-1]["tasks"] == len(lines) - len(lines[::2])
    assert _content(out) == _content(serial)
    assert _verdicts(out) == _verdicts(serial)


def test_an_unreachable_scheduler_is_bad_input_naming_the_flag(tmp_path):
    pytest.importorskip("dask.distributed")
    opts = executor.DaskOptions(scheduler="tcp://127.0.0.1:9", connect_timeout="1s")
    with pytest.raises(InputError) as err:
        executor._connect(executor.require_dask(), opts)
    assert err.value.parameter == "--scheduler"


def test_task_keys_are_deterministic_and_distinct():
    a = executor.task_key("width/thm-6", "abc", 0, 1, "quick", "numpy")
    assert a == executor.task_key("width/thm-6", "abc", 0, 1, "quick", "numpy")
    assert len({a, executor.task_key("width/thm-6", "abc", 1, 1, "quick", "numpy"),
                executor.task_key("width/thm-6", "abc", 0, 2, "quick", "numpy"),
                executor.task_key("width/thm-6", "abd", 0, 1, "quick", "numpy")}) == 4


def test_the_serial_default_never_imports_dask(tmp_path):
    code = ("import sys; from theorems.cli import main; "
            f"rc = main(['check', 'activation/lemma-F.1', '--quiet', '--out', {str(tmp_path / 'run')!r}]); "
            "assert rc == 0; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "[]"
