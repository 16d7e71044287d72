"""Results store: a run directory with ``manifest.json`` and an append-only ``results.jsonl``.

Each measurement is one JSON line, flushed to the operating system before the next starts, so a
run killed half way loses at most the line being written; a truncated last line is ignored on
reading. ``fsync`` is called at most once a second (on an append more than a second after the
last one), so a crash of the machine itself can lose the lines written since the last fsync. Re-running with the same ``--out`` resumes: measurements already stored are skipped.
A directory whose manifest disagrees (seed, scale, backend) is refused rather than mixed.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path

from kernels.errors import InputError

from .jsonsafe import json_default

RESULTS = "results.jsonl"
VERDICTS = "verdicts.jsonl"
MANIFEST = "manifest.json"
_IDENTITY_KEYS = ("root_seed", "scale", "backend")


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip() or "unknown"
    except Exception:
        return "unknown"


def make_manifest(root_seed: int, scale: str, backend) -> dict:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415
    try:
        ver = version("nnclaims")
    except PackageNotFoundError:
        ver = "unknown"
    return {"package": "nnclaims", "version": ver, "git_commit": git_commit(), "root_seed": int(root_seed),
            "scale": scale, "backend": backend.name, "device": backend.device, "backend_note": backend.note,
            "python": platform.python_version(), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue      # a line cut by an interruption: dropped, re-measured on resume
    return out


class RunStore:
    def __init__(self, out_dir, manifest: dict):
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        mpath = self.dir / MANIFEST
        if mpath.exists():
            old = json.loads(mpath.read_text())
            clash = {k: (old.get(k), manifest[k]) for k in _IDENTITY_KEYS if old.get(k) != manifest[k]}
            if clash:
                desc = ", ".join(f"{k} {a!r} vs {b!r}" for k, (a, b) in clash.items())
                raise InputError("out", f"{self.dir} holds a run with different settings ({desc}); "
                                        "choose another --out or the same settings to resume")
            self.manifest = old
        else:
            tmp = mpath.with_suffix(".tmp")
            tmp.write_text(json.dumps(manifest, indent=2))
            os.replace(tmp, mpath)
            self.manifest = manifest
        self._last_sync = 0.0
        res = self.dir / RESULTS
        if res.exists() and res.stat().st_size:
            with open(res, "rb+") as fh:          # seal a line cut by an interruption
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    fh.write(b"\n")
        self._done = {(r["claim"], r["point_index"], r["rep"]): r for r in read_jsonl(self.dir / RESULTS)}

    def done(self, claim_id: str, point_index: int, rep: int) -> bool:
        return (claim_id, point_index, rep) in self._done

    def append(self, record: dict) -> None:
        line = json.dumps(record, default=json_default) + "\n"
        with open(self.dir / RESULTS, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()                      # survives a killed process
            now = time.monotonic()
            if now - self._last_sync > 1.0:  # and, at most a second late, a crashed machine
                os.fsync(fh.fileno())
                self._last_sync = now
        self._done[(record["claim"], record["point_index"], record["rep"])] = record

    def records(self, claim_id: str) -> list[dict]:
        return sorted((r for r in self._done.values() if r["claim"] == claim_id),
                      key=lambda r: (r["point_index"], r["rep"]))

    def append_verdict(self, verdict: dict) -> None:
        with open(self.dir / VERDICTS, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(verdict, default=json_default) + "\n")

