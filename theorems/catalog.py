"""The claims catalog (ids, sources, printed statements, kinds), parsed from ../shared/CLAIMS.md.

``catalog.json`` is generated from CLAIMS.md by ``python -m theorems.catalog PATH/TO/CLAIMS.md``
and shipped with the package, so ``list`` shows every catalog id, implemented or not.
tests/theorems/test_docs.py (test_catalog_matches_shared_claims_md) checks that it matches CLAIMS.md
when the shared folder is present.
"""
from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

CATALOG = Path(__file__).with_name("catalog.json")
_ROW = re.compile(r"^\|\s*(`[^|]+`)\s*\|([^|]*)\|(.*)\|([^|]*)\|\s*$")


def parse_claims_md(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        ids = re.findall(r"`([a-z]+/[^`]+)`", m.group(1))
        for cid in ids:
            out.append({"id": cid, "source": m.group(2).strip(), "statement": m.group(3).strip(),
                        "kind": m.group(4).strip()})
    return out


@lru_cache(maxsize=1)
def load() -> tuple[dict, ...]:
    return tuple(json.loads(CATALOG.read_text(encoding="utf-8")))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    src = Path(argv[0] if argv else Path(__file__).resolve().parents[2] / "shared" / "CLAIMS.md")
    entries = parse_claims_md(src.read_text(encoding="utf-8"))
    CATALOG.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} claims to {CATALOG}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
