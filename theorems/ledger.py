"""The ledger: the reviewed, expected quick-scale verdict of every implemented claim.

``ledger.json`` (beside this file) maps claim id -> {"verdict", "reason"}. pytest fails when a
fresh verdict differs from it, in either direction. Edit it by hand, after review, with a reason.
"""
from __future__ import annotations

import json
from pathlib import Path

LEDGER = Path(__file__).with_name("ledger.json")


def load() -> dict:
    return json.loads(LEDGER.read_text(encoding="utf-8"))
