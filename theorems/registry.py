"""The claim registry: every implemented Claim by id, and the catalog of every claim id."""
from __future__ import annotations

import fnmatch
import importlib
from functools import lru_cache

from kernels.errors import InputError

from . import catalog
from .claims import modules
from .reading import document
from .spec import Claim


@lru_cache(maxsize=1)
def implemented() -> dict[str, Claim]:
    out: dict[str, Claim] = {}
    for name in modules():
        mod = importlib.import_module(name)
        claims = getattr(mod, "CLAIMS", ())
        for c in claims:
            if c.id in out:
                raise RuntimeError(f"claim id {c.id} registered twice")
            out[c.id] = c
        mod.__doc__ = document(mod.__doc__, claims)      # the reading records join the module's docstring
    return out


def get(claim_id: str) -> Claim:
    impl = implemented()
    if claim_id in impl:
        return impl[claim_id]
    known = {e["id"] for e in catalog.load()}
    if claim_id in known:
        raise InputError("ID", f"{claim_id} is in the catalog but not implemented yet "
                               f"(implemented: {len(impl)}; see `list`)")
    raise InputError("ID", f"unknown claim id {claim_id!r}; `python -m theorems list` shows every id")


def families() -> list[str]:
    """The paper families of the implemented claims (the part of an id before the first "/")."""
    return sorted({cid.split("/", 1)[0] for cid in implemented()})


def select(patterns) -> list[Claim]:
    """The implemented claims named by ``patterns``, in registry order, each once. A pattern is an exact id
    (``activation/thm-4.4``), a family (``activation``: every claim of that paper) or a shell glob over ids
    (``activation/*``, ``*/thm-4.*``, ``width/thm-1*`` for an id and its variants). A pattern that names nothing
    is bad input (``InputError`` naming ``ID``), as is an exact id that is catalogued but not implemented."""
    impl = implemented()
    chosen: set[str] = set()
    fams = families()
    for pat in patterns:
        if pat in impl:
            chosen.add(pat)
        elif pat in fams:
            chosen.update(cid for cid in impl if cid.split("/", 1)[0] == pat)
        elif any(ch in pat for ch in "*?["):
            hits = fnmatch.filter(impl, pat)
            if not hits:
                raise InputError("ID", f"the pattern {pat!r} matches no implemented claim id; families: "
                                       f"{', '.join(fams)} (`python -m theorems list` shows every id)")
            chosen.update(hits)
        else:
            get(pat)                                    # raises the unknown / not-implemented error
    return [c for cid, c in impl.items() if cid in chosen]


def entries() -> list[dict]:
    """Catalog entries plus implementation status (variants like .../corrected are appended)."""
    impl = implemented()
    rows = []
    seen = set()
    for e in catalog.load():
        c = impl.get(e["id"])
        rows.append({**e, "implemented": c is not None, "module": _module_of(c)})
        seen.add(e["id"])
    for cid, c in impl.items():
        if cid not in seen:
            rows.append({"id": cid, "source": c.source, "statement": c.statement, "kind": c.kind,
                         "implemented": True, "module": _module_of(c), "variant": True})
    return rows


def _module_of(c) -> str | None:
    if c is None:
        return None
    return c.measure.__module__ if hasattr(c.measure, "__module__") else None
