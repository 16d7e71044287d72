"""Claims, one folder per paper (activation/, confusion/, overparam/, width/), one module per claim or
small family. A claim module exposes ``CLAIMS``: a list of Claim (theorems.spec); ``modules()`` finds them."""
from __future__ import annotations

import importlib
import pkgutil

PAPERS = ("activation", "width", "confusion", "overparam")


def modules() -> list[str]:
    """Dotted names of every claim module, paper by paper in PAPERS order, modules sorted by name."""
    out = []
    for paper in PAPERS:
        pkg = importlib.import_module(f"{__name__}.{paper}")
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if not info.name.startswith("_"):
                out.append(f"{pkg.__name__}.{info.name}")
    return out
