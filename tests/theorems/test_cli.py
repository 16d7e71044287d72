"""The CLI: listing, JSON verdicts, bad input (exit 2, one line), resume after an interruption."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from theorems.cli import main

FAST = "activation/lemma-F.1"


def run(*args):
    return subprocess.run([sys.executable, "-m", "theorems", *args], capture_output=True, text=True)


def test_list_json_has_every_catalog_id():
    p = run("list", "--json")
    assert p.returncode == 0
    rows = json.loads(p.stdout)
    ids = {r["id"] for r in rows}
    assert "activation/thm-F.2" in ids and "confusion/thm-3.1" in ids
    assert all(r["implemented"] for r in rows)              # every catalog id has an implementation (77 of 77)


def test_check_json_prints_verdict_and_evidence(tmp_path):
    p = run("check", "activation/thm-F.2", "--json", "--out", str(tmp_path / "r"), "--quiet")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out[0]["id"] == "activation/thm-F.2"
    assert out[0]["verdict"] in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert out[0]["evidence"]["rows"] and "lambda_min" in out[0]["evidence"]["rows"][0]
    assert (tmp_path / "r" / "manifest.json").exists() and (tmp_path / "r" / "summary.md").exists()


@pytest.mark.parametrize("args, parameter", [
    (["check", "nope/claim"], "ID"),
    (["check", FAST, "--scale", "huge"], "--scale"),
    (["check", FAST, "--backend", "tpu"], "backend"),
    (["check", FAST, "--seed", "x"], "--seed"),
    (["check"], "ID"),
    (["frobnicate"], "COMMAND"),
])
def test_bad_input_exits_2_with_one_line(args, parameter, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and parameter in err and "\n" not in err


def test_a_catalogued_but_unimplemented_id_is_bad_input(monkeypatch, capsys):
    from theorems import catalog
    rows = catalog.load()
    monkeypatch.setattr(catalog, "load", lambda: [*rows, {"id": "overparam/thm-99", "source": "001", "kind": "bound",
                                                         "statement": "not implemented"}])
    assert main(["check", "overparam/thm-99"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ID:") and "in the catalog but not implemented" in err


def test_resume_skips_stored_measurements_and_remeasures_a_cut_line(tmp_path):
    out = tmp_path / "run"
    assert main(["check", FAST, "--out", str(out), "--quiet"]) == 0
    lines = (out / "results.jsonl").read_text().splitlines()
    # simulate a kill mid-write: drop the last two records and leave half a line behind
    (out / "results.jsonl").write_text("\n".join(lines[:-2]) + "\n" + lines[-1][: len(lines[-1]) // 2])
    assert main(["check", FAST, "--out", str(out), "--quiet"]) == 0
    again = []
    for x in (out / "results.jsonl").read_text().splitlines():
        try:
            again.append(json.loads(x))
        except json.JSONDecodeError:
            assert x == lines[-1][: len(lines[-1]) // 2]   # only the cut line may be unreadable
    keys = [(r["point_index"], r["rep"]) for r in again]
    assert len(keys) == len(set(keys)) == len(lines)
    assert sorted(set(keys)) == sorted({(json.loads(x)["point_index"], json.loads(x)["rep"]) for x in lines})
    # the re-measured records equal the originals (same seeds)
    orig = {(json.loads(x)["point_index"], json.loads(x)["rep"]): json.loads(x)["values"] for x in lines}
    for r in again:
        assert r["values"] == orig[(r["point_index"], r["rep"])]


def test_out_dir_with_other_seed_is_refused(tmp_path, capsys):
    out = str(tmp_path / "run")
    assert main(["check", FAST, "--out", out, "--quiet", "--seed", "1"]) == 0
    assert main(["check", FAST, "--out", out, "--quiet", "--seed", "2"]) == 2
    err = capsys.readouterr().err
    assert "out:" in err and "root_seed" in err


def test_fuzz_records_a_counterexample_and_replay_refutes(tmp_path, capsys):
    out = str(tmp_path / "fz")
    assert main(["fuzz", "activation/fact-C.2", "--examples", "30", "--seconds", "10", "--out", out]) == 0
    assert "VIOLATION" in capsys.readouterr().out
    assert main(["check", "activation/fact-C.2", "--replay", "--out", out, "--json"]) == 0
    v = json.loads(capsys.readouterr().out)[0]
    assert v["verdict"] == "REFUTED" and v["counterexample"]


def test_fuzz_unknown_id_is_bad_input(capsys):
    assert main(["fuzz", "nope/x"]) == 2
    assert capsys.readouterr().err.startswith("error: ID")


def test_families_and_globs_select_the_claims_they_name(capsys):
    from theorems import registry
    ids = list(registry.implemented())
    width = sorted(i for i in ids if i.startswith("width/"))
    assert sorted(c.id for c in registry.select(["width"])) == width
    assert [c.id for c in registry.select(["width/*"])] == [c.id for c in registry.select(["width"])]
    thm1 = sorted(c.id for c in registry.select(["width/thm-1*"]))
    assert thm1 and all(i == "width/thm-1" or i.startswith("width/thm-1/") or i.startswith("width/thm-1")
                        for i in thm1) and "width/thm-1" in thm1
    assert [c.id for c in registry.select([FAST, "activation/lemma-F.*"])].count(FAST) == 1
    assert main(["list", "--family", "overparam"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("overparam/")]
    assert sorted(listed) == sorted(i for i in ids if i.startswith("overparam/"))
    for args, flag in ((["list", "--family", "nope"], "--family"), (["check", "'nope/*'"], "ID"),
                       (["check", "nope/*"], "ID"), (["check", "width", "--all"], "ID")):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {flag}:") and err.count("\n") == 1


def test_check_of_several_claims_ends_with_a_tally_and_full_reasons(tmp_path, capsys):
    from theorems import ledger
    ids = ["activation/thm-F.2", "activation/thm-F.2/printed-degree"]       # CONFIRMED and REFUTED in the ledger
    assert main(["check", *ids, "--out", str(tmp_path / "r"), "--quiet"]) == 0
    out = capsys.readouterr().out
    verdict_lines = [line for line in out.splitlines() if line.split()[:1] and line.split()[0] in
                     ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")]
    assert len(verdict_lines) == 2
    assert verdict_lines[0].index(ids[0]) == verdict_lines[1].index(ids[1])        # aligned columns
    tally = out[out.index("tally:"):]
    led = {i: ledger.load()[i]["verdict"] for i in ids}
    for v in set(led.values()):
        assert f"{list(led.values()).count(v)} {v}" in tally.splitlines()[0]
    refuted = [i for i in ids if led[i] == "REFUTED"]
    import json as _json
    stored = [_json.loads(line) for line in (tmp_path / "r" / "verdicts.jsonl").read_text().splitlines()]
    for i in refuted:
        reason = next(d["reason"] for d in stored if d["id"] == i)
        assert f"  {i}: {reason}" in tally            # the reason in full, not cut


def test_help_has_examples_and_verdict_meanings_without_markup():
    for args in ((), ("check",), ("report",), ("list",)):
        p = run(*args, "--help")
        assert p.returncode == 0
        assert "examples:" in p.stdout and "``" not in p.stdout
    text = run("check", "--help").stdout
    for v in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE"):
        assert v in text
