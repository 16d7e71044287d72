"""The ledger: the reviewed, expected quick-scale verdict of every implemented claim.

``ledger.json`` (beside this file) maps claim id -> {"verdict", "reason"} at quick scale, plus
``"full": {"verdict", "reason"}`` where the full-scale verdict differs. pytest fails when a fresh quick verdict
differs from it, in either direction, and when the committed full-scale report (reports/full) disagrees with the
full-scale verdict. Edit it by hand, after review, with a reason.
"""
from __future__ import annotations

import json
from pathlib import Path

LEDGER = Path(__file__).with_name("ledger.json")


def load() -> dict:
    return json.loads(LEDGER.read_text(encoding="utf-8"))


def full_scale_verdict(entry: dict) -> str:
    """The full-scale verdict of a ledger entry: its "full" verdict where one is recorded, else the quick one."""
    return (entry.get("full") or entry)["verdict"]
