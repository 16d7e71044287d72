"""The one JSON cleaner of the suite: numpy scalars and arrays to Python, non-finite floats to None.

``json_safe(obj)`` is the copy written as evidence (verdicts, fuzz records); ``json_default`` is the
``json.dumps(default=...)`` hook of the results store, built on it, which converts only what JSON cannot
encode itself (numpy values) and leaves Python floats as they are (a NaN measurement is stored as NaN).
"""
from __future__ import annotations

import math

import numpy as np


def json_safe(obj, *, finite: bool = True):
    """A JSON-safe copy of ``obj``: dict keys to str, tuples to lists, numpy scalars and arrays to Python;
    with ``finite`` (the default) NaN and +-inf become None. Anything else is returned as it is."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v, finite=finite) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v, finite=finite) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_safe(obj.tolist(), finite=finite)
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if math.isfinite(v) or not finite else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


def json_default(o):
    """``json.dumps`` default hook: numpy scalars and arrays to Python (non-finite floats kept, as ``json``
    writes Python floats); anything else is an error."""
    if isinstance(o, (np.integer, np.floating, np.bool_, np.ndarray)):
        return json_safe(o, finite=False)
    raise TypeError(f"not JSON-serializable: {type(o).__name__}")
