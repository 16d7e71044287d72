"""Every implemented claim runs at the chosen scale; its verdict must match the reviewed ledger."""
from __future__ import annotations

import pytest

from kernels import backend as backends
from theorems import ledger, registry
from theorems.engine import run_claim
from theorems.store import RunStore, make_manifest

from ..conftest import CLAIM_RESULTS

IDS = sorted(registry.implemented())
SEED = 20261123


def test_ledger_covers_exactly_the_implemented_claims():
    led = ledger.load()
    assert sorted(led) == IDS, "ledger.json and the registry disagree: review and update the ledger"
    for cid, entry in led.items():
        assert entry["verdict"] in ("CONFIRMED", "REFUTED", "INCONCLUSIVE", "NOT_CHECKABLE"), cid
        assert entry["reason"].strip(), f"{cid}: the ledger needs a one-line reason"


def test_every_claim_id_is_in_the_catalog_or_a_named_variant():
    from theorems import catalog
    known = {e["id"] for e in catalog.load()}
    for cid in IDS:
        assert cid in known or cid.rsplit("/", 1)[0] in known, f"{cid} is not a catalog id"


def test_every_claim_has_a_reading_record_in_its_module_docstring():
    import importlib
    for cid, claim in registry.implemented().items():
        assert claim.reading is not None, f"{cid} has no reading record (theorems.reading.Reading)"
        doc = importlib.import_module(claim.measure.__module__).__doc__ or ""
        assert f"\n{cid}\n    Hypotheses as printed: " in doc, f"{cid}: the reading is missing from its module docstring"


@pytest.mark.claim
@pytest.mark.parametrize("claim_id", IDS)
def test_claim_verdict_matches_ledger(claim_id, tmp_path, request):
    scale = request.config.getoption("--scale")
    claim = registry.get(claim_id)
    be = backends.select("numpy")
    store = RunStore(tmp_path, make_manifest(SEED, scale, be))
    v = run_claim(claim, scale, store, SEED, be, quiet=True)
    expected = ledger.load()[claim_id]
    CLAIM_RESULTS.append((claim_id, v.verdict, expected["verdict"]))
    if v.verdict == "CONFIRMED":           # every CONFIRMED states what the same records would have refuted
        assert v.power and v.power.get("sentence") and v.as_dict()["evidence"]["power"] == v.power, claim_id
    if scale != "quick":
        return  # the ledger records quick-scale verdicts; full runs report, they do not gate
    assert v.verdict == expected["verdict"], (
        f"\n  claim:          {claim_id}\n  ledger verdict: {expected['verdict']} ({expected['reason']})"
        f"\n  fresh verdict:  {v.verdict}\n  evidence:       {v.reason}")
