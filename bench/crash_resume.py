"""Crash test: kill a claims run with SIGKILL at random moments, resume it each time, and compare the final
results with an uninterrupted run of the same seed, record for record.

    python bench/crash_resume.py [--claims ID ...] [--kills 6] [--seed 20261123] [--rng 1]
                                 [--workdir DIR] [--json]

What it does:

  1. ``python -m theorems check CLAIMS --out WORK/reference`` runs once, uninterrupted (its wall time T).
  2. ``python -m theorems check CLAIMS --out WORK/killed`` is started and killed with SIGKILL at a random
     moment (``--rng`` seeds them): once it has stored a random number of further records (uniform
     among those still missing; 0: during start-up), plus a random fraction of a second, so kills land in
     imports, in measurements, between claims, and while a verdict is written. It is started again and
     killed ``--kills`` times (an attempt that finishes before its kill counts as "finished", not a kill).
  3. The same command runs once more to the end.
  4. The two results.jsonl are compared by (claim, point_key, rep): the values must be equal (as canonical
     JSON; "seconds" is ignored), no key may be stored twice, none missing or extra; verdicts.jsonl must
     hold one line per claim, with the reference's verdict and reason.

The runs use a snapshot of the ``kernels`` and ``theorems`` packages copied into the work directory, so
an edit of the working tree while it runs cannot change the code fingerprint between a kill and its resume
(a resume by other code is refused). Prints the counts (kills, records, equal, cut lines sealed, verdict
lines) and exits 0 when everything matches, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLAIMS = ("activation/lemma-I.1", "activation/thm-K.1", "activation/thm-4.1", "activation/thm-4.2",
                  "activation/lemma-J.4", "activation/fact-C.10")


CODE = ROOT          # where ``python -m theorems`` runs: the snapshot once ``snapshot`` made it


def snapshot(work: Path) -> Path:
    """Copy the two packages (data files included, caches not) to ``work/code``; the runs import them from there."""
    global CODE
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for pkg in ("kernels", "theorems"):
        shutil.copytree(ROOT / pkg, code / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    CODE = code
    return code


def command(claims, out: Path, seed: int) -> list[str]:
    return [sys.executable, "-m", "theorems", "check", *claims, "--out", str(out.resolve()), "--seed", str(seed),
            "--backend", "numpy", "--quiet"]


def run_to_end(claims, out: Path, seed: int) -> float:
    t0 = time.monotonic()
    p = subprocess.run(command(claims, out, seed), cwd=CODE, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"the run into {out} failed (exit {p.returncode}):\n{p.stderr[-2000:]}")
    return time.monotonic() - t0


def records(path: Path) -> tuple[dict, int, int]:
    """({(claim, point_key, rep): canonical JSON of the values}, duplicate keys, unreadable (cut) lines)."""
    out, dups, cut = {}, 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except ValueError:
            cut += 1
            continue
        key = (r["claim"], r["point_key"], r["rep"])
        dups += key in out
        out[key] = json.dumps(r["values"], sort_keys=True)
    return out, dups, cut


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def verdicts(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def crash_resume(claims, kills: int, seed: int, rng_seed: int, work: Path) -> dict:
    ref, test = work / "reference", work / "killed"
    snapshot(work)
    for d in (ref, test):
        shutil.rmtree(d, ignore_errors=True)
    t_ref = run_to_end(claims, ref, seed)
    ref_recs, _, _ = records(ref / "results.jsonl")
    rng = random.Random(rng_seed)
    killed, finished, moments = 0, 0, []
    for _ in range(kills):
        done = len(records(test / "results.jsonl")[0]) if (test / "results.jsonl").exists() else 0
        left = len(ref_recs) - done
        # the moment: after `target` more records (0: during start-up), then a random fraction of a second
        target = rng.randint(0, max(0, left - 1))
        extra = rng.uniform(0.0, 0.3) if target else rng.uniform(0.05, 1.5)
        p = subprocess.Popen(command(claims, test, seed), cwd=CODE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        while p.poll() is None and _lines(test / "results.jsonl") < done + target:
            time.sleep(0.005)
        try:
            p.wait(timeout=extra)
            finished += 1            # it ended before the kill: nothing to resume from this attempt
        except subprocess.TimeoutExpired:
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            killed += 1
            moments.append(f"+{target} records +{extra:.2f}s")
    stored_before_final = len(records(test / "results.jsonl")[0]) if (test / "results.jsonl").exists() else 0
    run_to_end(claims, test, seed)
    got, dups, cut = records(test / "results.jsonl")
    equal = sum(1 for k, v in ref_recs.items() if got.get(k) == v)
    v_ref, v_got = verdicts(ref / "verdicts.jsonl"), verdicts(test / "verdicts.jsonl")
    same_verdicts = [(v["id"], v["verdict"], v["reason"]) for v in v_ref] == \
        [(v["id"], v["verdict"], v["reason"]) for v in v_got]
    ok = (equal == len(ref_recs) == len(got) and dups == 0 and len(v_got) == len(claims)
          and len({v["id"] for v in v_got}) == len(claims) and same_verdicts)
    return {"claims": list(claims), "kills": killed, "finished_before_kill": finished, "kill_moments": moments,
            "reference_seconds": round(t_ref, 2), "records_before_final_resume": stored_before_final,
            "records": len(got), "reference_records": len(ref_recs), "equal": equal, "duplicates": dups,
            "cut_lines_sealed": cut, "verdict_lines": len(v_got), "verdicts_equal": same_verdicts, "ok": ok}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", nargs="+", default=list(DEFAULT_CLAIMS))
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--seed", type=int, default=20261123, help="the run's root seed")
    ap.add_argument("--rng", type=int, default=1, help="seed of the kill delays")
    ap.add_argument("--workdir", default=None, help="where the two run directories go (default: a temp dir)")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args(argv)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="crash_resume-"))
    res = crash_resume(args.claims, args.kills, args.seed, args.rng, work)
    if args.json:
        print(json.dumps(res))
    else:
        print(f"claims {len(res['claims'])}, kills {res['kills']} ({', '.join(res['kill_moments'])}; "
              f"{res['finished_before_kill']} attempts finished first), records {res['records']} "
              f"(reference {res['reference_records']}, {res['records_before_final_resume']} stored before the "
              f"final resume), equal {res['equal']}, duplicates {res['duplicates']}, cut lines sealed "
              f"{res['cut_lines_sealed']}, verdict lines {res['verdict_lines']}, verdicts equal "
              f"{res['verdicts_equal']}: {'OK' if res['ok'] else 'MISMATCH'} ({work})")
    return 0 if res["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
