"""Helpers for tests that read evidence."""
from __future__ import annotations

import math


def finite_numbers(obj) -> list[float]:
    """Every finite number in a nested evidence structure."""
    if isinstance(obj, bool):
        return []
    if isinstance(obj, (int, float)):
        return [float(obj)] if math.isfinite(obj) else []
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in finite_numbers(v)]
    if isinstance(obj, (list, tuple)):
        return [x for v in obj for x in finite_numbers(v)]
    return []
