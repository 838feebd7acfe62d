"""The local 自评表 variants of forms.md §1 that no development sample has (tests/variant_forms/specs.yaml,
rendered by tools/variant_forms.py) read as a reviewer reads them, as copied text and as a Word table."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal

import pytest
from conftest import ROOT

from core.documents import load
from core.extraction import extract

_spec = importlib.util.spec_from_file_location("variant_forms", ROOT / "tools" / "variant_forms.py")
variant_forms = sys.modules.setdefault("variant_forms", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(variant_forms)

SPECS = variant_forms.load_specs()
META = ("unit", "year", "kind", "claimed_total", "claimed_grade")


def _number(value):
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("form", ["txt", "docx"])
@pytest.mark.parametrize("spec", SPECS, ids=[s["id"] for s in SPECS])
def test_a_variant_gives_the_reviewers_claims_and_meta(spec, form, tmp_path):
    extraction = extract(load(variant_forms.render(spec, form, tmp_path)))
    want = [(name, _number(weight), _number(score)) for name, weight, score in spec["claims"]]
    assert want
    got = [(c.name, c.weight, c.claimed_score) for c in extraction.claims]
    assert len(got) == len(want)
    for (name, weight, score), (want_name, want_weight, want_score) in zip(got, want):
        assert name in want_name and (weight, score) == (want_weight, want_score)
    meta = {name: getattr(extraction.meta, name) for name in META}
    assert meta == {**spec["meta"], "claimed_total": _number(spec["meta"]["claimed_total"])}
