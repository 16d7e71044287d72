"""The reading record of a claim: how the printed statement was turned into a check.

Every claim states (``Claim.reading``):
- ``hypotheses``: the hypotheses as printed (laws, data, parameter ranges, asymptotic couplings);
- ``chosen``: the reading this id checks, and why (the printed id takes the reading the paper's own proof
  uses; where readings disagree the others get variant ids);
- ``alternatives``: the other readings, with the variant id that checks each (or why none is needed);
- ``edges``: the edges of the hypotheses the grid tries (extreme laws, boundary data, smallest separations);
- ``regime``: the regime the grid reaches at each scale, and what a false statement would look like there.

The record is shown in the report and appended to the module's docstring by the registry
(``theorems.registry.implemented``), so ``help(module)`` and pydoc show it beside the code.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

FIELDS = ("hypotheses", "chosen", "alternatives", "edges", "regime")
TITLES = {"hypotheses": "Hypotheses as printed", "chosen": "Reading checked", "alternatives": "Other readings",
          "edges": "Edges tried", "regime": "Regime reached"}


@dataclass(frozen=True, kw_only=True)
class Reading:
    hypotheses: str
    chosen: str
    alternatives: str
    edges: str
    regime: str

    def __post_init__(self):
        for name in FIELDS:
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValueError(f"Reading: {name} must be a non-empty string")

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self, claim_id: str) -> str:
        """The record as plain text: the id, then one indented paragraph per field."""
        lines = [f"{claim_id}"]
        for name in FIELDS:
            lines.append(f"    {TITLES[name]}: {getattr(self, name)}")
        return "\n".join(lines)


def document(doc: str | None, claims) -> str:
    """``doc`` with a "Reading records" section holding the records of ``claims`` (idempotent)."""
    head = (doc or "").split("\nReading records\n")[0].rstrip()
    body = "\n\n".join(c.reading.text(c.id) for c in claims if c.reading is not None)
    return f"{head}\n\nReading records\n---------------\n{body}\n" if body else head
