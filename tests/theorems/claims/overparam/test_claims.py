"""Every overparam claim runs end to end at quick scale with evidence, every id is in the catalog, and the
fuzz property of Claim 7.6 sits beside its claim."""
from __future__ import annotations

import importlib
import math
import pkgutil

import pytest

from theorems.claims import overparam

from ..quick_run import run_quick

SEED = 20261123
MODULES = [importlib.import_module(f"{overparam.__name__}.{m.name}") for m in pkgutil.iter_modules(overparam.__path__)]
CLAIMS = [c for mod in MODULES for c in getattr(mod, "CLAIMS", ())]


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_runs_at_quick_scale_with_evidence(claim, tmp_path):
    v, store = run_quick(claim, tmp_path, SEED)
    assert v.verdict in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE")
    assert v.reason.strip()
    records = store.records(claim.id)
    assert len(records) == sum(1 for _ in claim.points("quick")) * claim.reps("quick")
    numeric = [val for r in records for val in r["values"].values()
               if isinstance(val, (int, float)) and not isinstance(val, bool)]
    assert numeric and all(math.isfinite(x) for x in numeric)
    ev = v.evidence
    assert ev["scale"] == "quick" and ev["root_seed"] == SEED
    flat = repr(ev)
    assert any(key in flat for key in ("fit", "rate_ci95", "rows")), "evidence must carry fits, rates or rows"
    if v.verdict == "REFUTED":
        assert v.counterexample is not None


def test_every_overparam_id_is_in_the_catalog_or_a_named_variant():
    from theorems import catalog
    known = {e["id"] for e in catalog.load()}
    for c in CLAIMS:
        assert c.id in known or c.id.rsplit("/", 1)[0] in known, c.id
    listed = {e["id"] for e in catalog.load() if e["id"].startswith("overparam/")}
    assert listed <= {c.id for c in CLAIMS}                            # every overparam catalog id is implemented


def test_the_claim_76_property_is_registered_beside_its_claim():
    from theorems.fuzz.engine import properties
    prop = properties()["overparam/claim-7.6"]
    assert prop.fn.__module__ == "theorems.claims.overparam.relu_pair_bound"
    ok, margin, _ = prop.fn(1.0, 1.0 / 6.0)
    assert ok and margin > 0
