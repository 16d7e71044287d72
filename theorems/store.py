"""Results store: a run directory with ``manifest.json``, an append-only ``results.jsonl`` and ``verdicts.jsonl``.

Each measurement is one JSON line, flushed to the operating system before the next starts, so a
run killed half way loses at most the line being written; a cut line is sealed and ignored on
reading. ``fsync`` is called at most once a second (on an append more than a second after the
last one), so a crash of the machine itself can lose the lines written since the last fsync.

A record is keyed by (claim, point_key, rep): ``point_key`` is the content hash of the grid point
(``theorems.spec.point_key``), so a record names what was measured, not where it sat in the grid.
Re-running with the same ``--out`` resumes: measurements already stored are skipped.

What a resume accepts (it never mixes):

- the manifest's seed, scale and backend must be the run's (else refused);
- the code fingerprint (sha256 of every ``.py`` file of the measuring code: kernels, claims, spec, engine)
  must be the run's (else refused: other code may measure other numbers);
- a claim whose grid changed since it was measured (the manifest keeps each claim's grid hash) is
  re-measured where needed: records of points no longer in the grid are ignored, new points are
  measured, unchanged points reused;
- a run directory written before content keys (no fingerprint in its manifest) is refused.

``verdicts.jsonl`` holds one line per claim, rewritten atomically when a claim's verdict is stored.
Bad run directories (a manifest that is not a JSON object, a record without its keys, a path that is a
file or cannot be written) raise ``InputError`` naming the user's flag (``--out``, ``--from``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import subprocess
import time
from pathlib import Path

from kernels.errors import InputError

from .jsonsafe import json_default
from .spec import grid_hash

RESULTS = "results.jsonl"
VERDICTS = "verdicts.jsonl"
MANIFEST = "manifest.json"
_IDENTITY_KEYS = ("root_seed", "scale", "backend")
RECORD_KEYS = ("claim", "point", "point_key", "rep", "values")
_RECORD_TYPES = {"claim": (str,), "point": (dict,), "point_key": (str,), "rep": (int,), "values": (dict,)}
# The code that MEASURES (what a record depends on): the kernels, the claims (grids and measure functions), the
# claim spec (point keys) and the engine (seeding). Verdict, report, store and CLI code re-derive their output
# from the records, so changing them never invalidates a run.
FINGERPRINT_PATHS = ("kernels", "theorems/claims", "theorems/spec.py", "theorems/engine.py")


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip() or "unknown"
    except Exception:
        return "unknown"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the sorted relative paths and the contents of every ``.py`` file of the measuring code
    (FINGERPRINT_PATHS; works without git)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    files = sorted(q for rel in FINGERPRINT_PATHS for q in ([root / rel] if rel.endswith(".py")
                                                              else (root / rel).rglob("*.py")))
    for p in files:
        rel = p.relative_to(root).as_posix()
        h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def make_manifest(root_seed: int, scale: str, backend) -> dict:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415
    try:
        ver = version("nnclaims")
    except PackageNotFoundError:
        ver = "unknown"
    return {"package": "nnclaims", "version": ver, "git_commit": git_commit(),
            "code_fingerprint": code_fingerprint(), "root_seed": int(root_seed),
            "scale": scale, "backend": backend.name, "device": backend.device, "backend_note": backend.note,
            "python": platform.python_version(), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "claims": {}}


def read_jsonl(path: Path) -> list[dict]:
    """The JSON lines of ``path`` (none when it does not exist); lines cut by an interruption are dropped."""
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


# ---------------------------------------------------------------- reading a run directory, checked

def read_manifest(run_dir, flag: str) -> dict:
    """The manifest of a run directory, checked: a JSON object with the run's identity and a code fingerprint.
    Anything else is an ``InputError`` naming ``flag``."""
    path = Path(run_dir) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(flag, f"{run_dir} is not a run directory (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(flag, f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError:
        manifest = None
    if not isinstance(manifest, dict):
        raise InputError(flag, f"{path} is not a JSON object (truncated or edited?); "
                               "choose another run directory, or delete it to measure again")
    missing = [k for k in _IDENTITY_KEYS if k not in manifest]
    if missing:
        raise InputError(flag, f"{path} is not a run manifest (it lacks {', '.join(missing)}); "
                               "choose another run directory")
    if "code_fingerprint" not in manifest:
        raise InputError(flag, f"{run_dir} was written by an older version of nnclaims (records keyed by grid "
                               "position, no code fingerprint) and cannot be resumed or read; measure again "
                               "into another run directory")
    if not isinstance(manifest.get("claims", {}), dict):
        raise InputError(flag, f"{path}: 'claims' must be a JSON object; choose another run directory")
    manifest.setdefault("claims", {})
    return manifest


def _bad_record(rec) -> str | None:
    """Why a parsed results line is not a record (None when it is one)."""
    if not isinstance(rec, dict):
        return f"is a JSON {type(rec).__name__}, not an object"
    missing = [k for k in RECORD_KEYS if k not in rec]
    if missing:
        return f"lacks the key(s) {', '.join(missing)}"
    wrong = [k for k, types in _RECORD_TYPES.items() if not isinstance(rec[k], types) or isinstance(rec[k], bool)]
    if wrong:
        return f"has the wrong type for {', '.join(wrong)}"
    return None


def read_records(path, flag: str) -> list[dict]:
    """The records of a ``results.jsonl``, checked: a line that is not JSON is a line cut by an interruption
    (dropped: it is re-measured on resume); a JSON line that is not a record is an ``InputError`` naming
    ``flag`` and the line number."""
    path = Path(path)
    if not path.exists():
        return []
    out = []
    try:
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw)
                except ValueError:           # JSONDecodeError, or a multi-byte character cut in two
                    continue
                why = _bad_record(rec)
                if why:
                    raise InputError(flag, f"{path} line {n} {why}; a record has the keys "
                                           f"{', '.join(RECORD_KEYS)}; remove the line or choose another run "
                                           "directory")
                out.append(rec)
    except OSError as exc:
        raise InputError(flag, f"cannot read {path}: {exc.strerror or exc}") from None
    return out


def read_run(run_dir, flag: str = "--from") -> tuple[dict, list[dict]]:
    """(manifest, records) of a stored run directory, checked; every problem an ``InputError`` naming ``flag``."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        what = "does not exist" if not run_dir.exists() else "is not a directory"
        raise InputError(flag, f"{run_dir} {what}; give a run directory written by `python -m theorems check`")
    return read_manifest(run_dir, flag), read_records(run_dir / RESULTS, flag)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _short(h) -> str:
    return f"{str(h)[:12]}…"


class RunStore:
    """A run directory being measured into (and resumed): see the module docstring for what it accepts.
    ``flag`` is the command-line flag that named the directory, for the error messages."""

    def __init__(self, out_dir, manifest: dict, flag: str = "--out"):
        self.dir = Path(out_dir)
        self.flag = flag
        if self.dir.exists() and not self.dir.is_dir():
            raise InputError(flag, f"{self.dir} is a file; give a directory (new, or a run to resume)")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(flag, f"cannot create the run directory {self.dir}: {exc.strerror or exc}") from None
        mpath = self.dir / MANIFEST
        if mpath.exists():
            old = read_manifest(self.dir, flag)
            clash = {k: (old.get(k), manifest[k]) for k in _IDENTITY_KEYS if old.get(k) != manifest[k]}
            if clash:
                desc = ", ".join(f"{k} {a!r} vs {b!r}" for k, (a, b) in clash.items())
                raise InputError(flag, f"{self.dir} holds a run with different settings ({desc}); "
                                       f"choose another {flag} or the same settings to resume")
            if old["code_fingerprint"] != manifest["code_fingerprint"]:
                raise InputError(flag, f"{self.dir} was measured by other code (fingerprint "
                                       f"{_short(old['code_fingerprint'])} vs {_short(manifest['code_fingerprint'])} "
                                       f"now); resume only with the same code, or choose another {flag}")
            self.manifest = old
        else:
            self.manifest = {**manifest, "claims": dict(manifest.get("claims") or {})}
            self._write_manifest()
        self._last_sync = 0.0
        res = self.dir / RESULTS
        try:
            if res.exists() and res.stat().st_size:
                with open(res, "rb+") as fh:          # seal a line cut by an interruption
                    fh.seek(-1, os.SEEK_END)
                    if fh.read(1) != b"\n":
                        fh.write(b"\n")
        except OSError as exc:
            raise InputError(flag, f"cannot write {res}: {exc.strerror or exc}") from None
        self._done = {(r["claim"], r["point_key"], r["rep"]): r for r in read_records(res, flag)}
        self._grids: dict[str, tuple[dict, int]] = {}

    def _write_manifest(self) -> None:
        try:
            _write_atomic(self.dir / MANIFEST, json.dumps(self.manifest, indent=2))
        except OSError as exc:
            raise InputError(self.flag, f"cannot write to {self.dir}: {exc.strerror or exc}") from None

    def begin_claim(self, claim_id: str, point_keys: list[str], reps: int) -> None:
        """Declare the grid a claim is measured on: records the grid hash in the manifest, and from now on
        ``records`` and ``done`` see only the records of these points and repetitions."""
        entry = {"grid_hash": grid_hash(point_keys, reps), "points": len(point_keys), "reps": int(reps)}
        if self.manifest["claims"].get(claim_id) != entry:
            self.manifest["claims"][claim_id] = entry
            self._write_manifest()
        self._grids[claim_id] = ({k: i for i, k in enumerate(point_keys)}, int(reps))

    def done(self, claim_id: str, point_key: str, rep: int) -> bool:
        return (claim_id, point_key, rep) in self._done

    def append(self, record: dict) -> None:
        line = json.dumps(record, default=json_default) + "\n"
        with open(self.dir / RESULTS, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()                      # survives a killed process
            now = time.monotonic()
            if now - self._last_sync > 1.0:  # and, at most a second late, a crashed machine
                os.fsync(fh.fileno())
                self._last_sync = now
        self._done[(record["claim"], record["point_key"], record["rep"])] = record

    def records(self, claim_id: str) -> list[dict]:
        """The claim's records in grid order. Once ``begin_claim`` declared its grid, only the records of that
        grid, each with ``point_index`` its position in the current grid."""
        recs = [r for r in self._done.values() if r["claim"] == claim_id]
        if claim_id not in self._grids:
            return sorted(recs, key=lambda r: (r.get("point_index", 0), r["rep"]))
        return current_records(recs, *self._grids[claim_id])

    def put_verdict(self, verdict: dict) -> None:
        """Store a claim's verdict: one line per claim in ``verdicts.jsonl``, replaced (atomically) on a resume."""
        path = self.dir / VERDICTS
        lines = [v for v in read_jsonl(path) if isinstance(v, dict) and v.get("id") != verdict["id"]]
        lines.append(verdict)
        try:
            _write_atomic(path, "".join(json.dumps(v, default=json_default) + "\n" for v in lines))
        except OSError as exc:
            raise InputError(self.flag, f"cannot write {path}: {exc.strerror or exc}") from None


def current_records(records: list[dict], index: dict, reps: int) -> list[dict]:
    """The records of the grid whose point keys map to positions by ``index`` and ``reps`` repetitions, in grid
    order, each a copy with ``point_index`` set to its current position; records of other points are left out."""
    out = [{**r, "point_index": index[r["point_key"]]} for r in records
           if r["point_key"] in index and 0 <= r["rep"] < reps]
    return sorted(out, key=lambda r: (r["point_index"], r["rep"]))
