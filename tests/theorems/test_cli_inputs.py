"""``python -m theorems``: every parameter of list, check, fuzz and report, given a bad value, exits 2 with one line
on stderr that names the flag as the user typed it, never a traceback; report shows its progress."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from theorems import cli
from theorems.cli import main

from ..cli_errors import assert_one_line_error

ROOT = Path(__file__).resolve().parents[2]
FAST = "activation/lemma-F.1"          # measured in a fraction of a second; has no fuzz property
FUZZ = "activation/fact-C.2"           # has a fuzz property
LINUX_PROC = Path("/proc/self").exists()


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("good") / "run"
    assert main(["check", FAST, "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture
def paths(tmp_path, good_run):
    """Named paths for the table: '@name' in an argv is replaced by paths[name]."""
    p = {"good": str(good_run), "missing": str(tmp_path / "missing" / "dir"), "proc": "/proc/nnclaims-test/run"}
    (tmp_path / "file.txt").write_text("not a directory\n")
    p["file"] = str(tmp_path / "file.txt")
    p["under_file"] = str(tmp_path / "file.txt" / "sub")                 # a directory that cannot be created
    cut = tmp_path / "cut"
    shutil.copytree(good_run, cut)
    text = (cut / "manifest.json").read_text()
    (cut / "manifest.json").write_text(text[: len(text) // 2])           # truncated manifest.json
    p["cut"] = str(cut)
    keyless = tmp_path / "keyless"
    shutil.copytree(good_run, keyless)
    with open(keyless / "results.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"claim": FAST, "note": "valid JSON, not a record"}) + "\n")
    p["keyless"] = str(keyless)
    other = tmp_path / "other-seed"
    shutil.copytree(good_run, other)
    p["other"] = str(other)
    cx = tmp_path / "cx"
    cx.mkdir()
    (cx / "counterexamples.jsonl").write_text(json.dumps({"claim": FUZZ, "values": {}}) + "\n")
    p["cx"] = str(cx)
    p["empty_dir"] = str(tmp_path / "empty")
    Path(p["empty_dir"]).mkdir()
    return p


# (argv, the flag the error line must name). Paths: '@name' -> paths[name].
CASES = [
    ([], "COMMAND"),
    (["frobnicate"], "COMMAND"),
    # list
    (["list", "--json", "--markdown"], "--markdown"),
    (["list", "--json=1"], "--json"),
    (["list", "--markdown=yes"], "--markdown"),
    (["list", "extra"], "ID"),                       # not an id, family or glob
    (["list", "--family", "activations"], "--family"),
    (["list", "nope/*"], "ID"),                      # a glob that matches nothing
    # check ID / --all
    (["check"], "ID"),
    (["check", "nope/claim"], "ID"),
    (["check", FAST, "--all"], "ID"),
    (["check", "--family", "activation", "--all"], "ID"),
    (["check", "--family", ""], "--family"),
    (["check", "--all=1"], "--all"),
    # check --scale, --backend, --seed
    (["check", FAST, "--scale", "huge"], "--scale"),
    (["check", FAST, "--backend", "tpu"], "--backend"),
    (["check", FAST, "--seed", "x"], "--seed"),
    (["check", FAST, "--seed", "-1"], "--seed"),
    (["check", FAST, "--seed", "1.5"], "--seed"),
    (["check", FAST, "--seed"], "--seed"),
    # check --out
    (["check", FAST, "--out", "@proc"], "--out"),                         # the issue: under /proc
    (["check", FAST, "--out", "@file"], "--out"),                         # the issue: an existing file
    (["check", FAST, "--out", "@under_file"], "--out"),
    (["check", FAST, "--out", "@cut"], "--out"),                          # the issue: truncated manifest.json
    (["check", FAST, "--out", "@keyless"], "--out"),                      # the issue: a line without the keys
    (["check", FAST, "--out", "@other", "--seed", "7"], "--out"),         # a run with another seed
    # check --json / --quiet
    (["check", FAST, "--json=1"], "--json"),
    (["check", FAST, "--quiet=1"], "--quiet"),
    # check --replay
    (["check", FUZZ, "--replay", "--out", "@missing"], "--out"),          # the issue: not INCONCLUSIVE
    (["check", FUZZ, "--replay", "--out", "@file"], "--out"),
    (["check", FUZZ, "--replay", "--out", "@cx"], "--out"),               # a record without its arguments
    (["check", "--replay", "--all"], "ID"),
    (["check", "--replay"], "ID"),
    (["check", FAST, "--replay", "--out", "@empty_dir"], "ID"),           # no fuzz property
    (["check", FUZZ, "--replay=1"], "--replay"),
    # check --executor, --workers, --scheduler (checked before anything is measured)
    (["check", FAST, "--executor", "bogus"], "--executor"),
    (["check", FAST, "--executor", "dask", "--workers", "0"], "--workers"),
    (["check", FAST, "--executor", "dask", "--workers", "x"], "--workers"),
    (["check", FAST, "--workers", "2"], "--workers"),                     # without --executor dask
    (["check", FAST, "--executor", "dask", "--workers", "2", "--scheduler", "tcp://h:8786"], "--workers"),
    (["check", FAST, "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler"),  # without --executor dask
    (["check", FAST, "--executor", "dask", "--scheduler", ""], "--scheduler"),
    # fuzz
    (["fuzz"], "ID"),
    (["fuzz", "nope/x"], "ID"),
    (["fuzz", FAST], "ID"),                                               # implemented, no fuzz property
    (["fuzz", FUZZ, "--examples", "0"], "--examples"),
    (["fuzz", FUZZ, "--examples", "x"], "--examples"),
    (["fuzz", FUZZ, "--seconds", "-1"], "--seconds"),
    (["fuzz", FUZZ, "--seconds", "soon"], "--seconds"),
    (["fuzz", FUZZ, "--seconds", "inf"], "--seconds"),
    (["fuzz", FUZZ, "--seed", "-1"], "--seed"),
    (["fuzz", FUZZ, "--seed", "x"], "--seed"),
    (["fuzz", FUZZ, "--out", "@proc"], "--out"),
    (["fuzz", FUZZ, "--out", "@file"], "--out"),
    (["fuzz", FUZZ, "--json=1"], "--json"),
    # report ID / --all
    (["report"], "ID"),
    (["report", "nope/x"], "ID"),
    (["report", FAST, "--all"], "ID"),
    (["report", "--family", "Width"], "--family"),
    (["report", "--all=1"], "--all"),
    # report --scale, --backend, --seed (checked before anything is measured)
    (["report", FAST, "--scale", "huge"], "--scale"),
    (["report", FAST, "--backend", "tpu"], "--backend"),
    (["report", FAST, "--seed", "-1"], "--seed"),
    (["report", FAST, "--seed", "x"], "--seed"),
    # report --from
    (["report", "--from", "@missing"], "--from"),
    (["report", "--from", "@file"], "--from"),
    (["report", "--from", "@empty_dir"], "--from"),
    (["report", "--from", "@cut"], "--from"),                             # the issue: truncated manifest.json
    (["report", "--from", "@keyless"], "--from"),                         # the issue: a line without the keys
    (["report", "--from", "@good", "--run-dir", "@empty_dir"], "--run-dir"),
    # report --out (checked before measuring)
    (["report", "--from", "@good", "--out", "@proc"], "--out"),           # the issue: unwritable
    (["report", "--from", "@good", "--out", "@file"], "--out"),
    (["report", FAST, "--out", "@under_file"], "--out"),
    # report --run-dir
    (["report", FAST, "--run-dir", "@proc"], "--run-dir"),
    (["report", FAST, "--run-dir", "@file"], "--run-dir"),
    (["report", FAST, "--run-dir", "@cut"], "--run-dir"),
    (["report", FAST, "--run-dir", "@other", "--seed", "7"], "--run-dir"),
    # report --quiet
    (["report", FAST, "--quiet=1"], "--quiet"),
    # report --executor, --workers, --scheduler
    (["report", FAST, "--executor", "bogus"], "--executor"),
    (["report", FAST, "--executor", "dask", "--workers", "0"], "--workers"),
    (["report", FAST, "--workers", "x"], "--workers"),
    (["report", FAST, "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler"),
    (["report", "--from", "@good", "--executor", "dask"], "--executor"),  # nothing is measured with --from
    (["report", "--from", "@good", "--workers", "2"], "--workers"),
]
if not LINUX_PROC:
    CASES = [c for c in CASES if "@proc" not in c[0]]


def _args(argv, paths):
    return [paths[a[1:]] if a.startswith("@") else a for a in argv]


@pytest.mark.parametrize("argv, flag", CASES, ids=[" ".join(a) or "(none)" for a, _ in CASES])
def test_bad_input_exits_2_with_one_line_naming_the_flag(argv, flag, paths, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                       # default output directories land in tmp_path
    assert main(_args(argv, paths)) == 2
    assert_one_line_error(capsys.readouterr(), flag)


def test_the_table_covers_every_parameter():
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    named = {(argv[0] if argv else "", flag) for argv, flag in CASES}
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.dest == "help":
                continue
            label = action.option_strings[0] if action.option_strings else action.metavar
            assert (name, label) in named, f"{name} {label} has no bad-input case"


@pytest.mark.parametrize("command", ["check", "report"])
def test_executor_dask_without_dask_installed_is_one_line_naming_executor(command, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("dask", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)             # import fails as if not installed
    assert main([command, FAST, "--executor", "dask", "--workers", "2"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --executor: ") and "pip install" in lines[0]
    assert not (tmp_path / "reports").exists()                     # refused before measuring


def test_replay_into_a_missing_directory_says_so(paths, capsys):
    assert main(["check", FUZZ, "--replay", "--out", paths["missing"]]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "INCONCLUSIVE" not in err


def test_a_refused_report_out_is_refused_before_measuring(paths, capsys, tmp_path):
    run_dir = tmp_path / "never"
    assert main(["report", FAST, "--run-dir", str(run_dir), "--out", paths["under_file"]]) == 2
    assert not run_dir.exists()                       # nothing was measured


@pytest.mark.parametrize("argv", [["check", FAST, "--out", "@file"], ["report", "--from", "@keyless"]])
def test_subprocess_has_no_traceback(argv, paths):
    p = subprocess.run([sys.executable, "-m", "theorems", *_args(argv, paths)], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert len(p.stderr.splitlines()) == 1 and p.stderr.startswith("error: --")


def test_report_shows_progress_of_claims_and_is_quiet_with_quiet(tmp_path, capsys, monkeypatch):
    from theorems import engine
    clock = iter(float(t) for t in range(0, 10_000, 3))            # every call is 3 s later than the last
    monkeypatch.setattr(engine.time, "monotonic", lambda: next(clock))
    argv = ["report", FAST, "--run-dir", str(tmp_path / "run"), "--out", str(tmp_path / "rep")]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "[report: measuring]" in err and "claims" in err and FAST in err
    assert "1/1 claims" in err
    assert main(argv + ["--quiet"]) == 0
    cap = capsys.readouterr()
    assert cap.err == "" and "report:" in cap.out
