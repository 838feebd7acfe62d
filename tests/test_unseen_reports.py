"""The narrative reports written blind (tests/unseen_reports, tests/unseen_reports2), in every rendition a
folder holds (txt, docx, pdf): claims, meta, figures and arithmetic errors against each report's gold, scored
by the rules of tools/evaluate.py (samples/gold/README)."""

import json
import sys
from functools import cache

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import evaluate_unseen  # noqa: E402  (tools/ is not a package)

FOLDERS = (ROOT / "tests" / "unseen_reports", ROOT / "tests" / "unseen_reports2")
GOLD = {(folder.name, path.stem): json.loads(path.read_text(encoding="utf-8"))
        for folder in FOLDERS for path in evaluate_unseen.unseen_set(folder).gold}
MIN_CLAIMS_F1 = 0.9
MIN_META = 0.8
MIN_FIGURE_RECALL = 0.8


@cache
def scored() -> dict[tuple[str, str, str], dict]:
    """(folder, rendition, report id) → the report's row."""
    rows = {}
    for folder in FOLDERS:
        for key, data in evaluate_unseen.evaluate_unseen(None, folder).items():
            name, form = key.split("/")
            rows.update({(name, form, report_id): row for report_id, row in data["samples"].items()})
    return rows


def renditions(section: str | None = None) -> list[tuple[str, str, str]]:
    """Every (folder, rendition, id) scored, only those whose gold has entries in `section` if given."""
    return sorted(key for key in scored() if section is None or GOLD[key[0], key[2]][section])


def test_the_sets_have_their_reports_in_every_rendition():
    assert len(GOLD) >= 28
    assert {(folder, report_id) for folder, form, report_id in scored() if form == "txt"} == set(GOLD)
    forms = {form for folder, form, _ in scored() if folder == "unseen_reports2"}
    assert forms == {"txt", "docx", "pdf"}
    assert sum(form == "docx" for _, form, _ in scored()) >= 5
    assert sum(form == "pdf" for _, form, _ in scored()) >= 3


@pytest.mark.parametrize("key", renditions("claims"), ids="/".join)
def test_claims(key):
    row = scored()[key]
    assert row["claims_f1"] >= MIN_CLAIMS_F1, row["misses"]
    assert row["weight_accuracy"] == 1.0 and row["score_accuracy"] == 1.0, row["misses"]


def test_a_report_without_scores_has_no_claims():
    no_claims = [key for key in scored() if not GOLD[key[0], key[2]]["claims"]]
    assert no_claims
    for key in no_claims:
        assert scored()[key]["claims_precision"] == 1.0, scored()[key]["misses"]


@pytest.mark.parametrize("key", renditions(), ids="/".join)
def test_meta(key):
    row = scored()[key]
    assert row["meta_accuracy"] >= MIN_META, row["misses"]


@pytest.mark.parametrize("key", renditions("figures"), ids="/".join)
def test_figures(key):
    row = scored()[key]
    assert row["figure_recall"] >= MIN_FIGURE_RECALL, row["misses"]


@pytest.mark.parametrize("key", [k for k in renditions() if any(e["arithmetic"] for e in GOLD[k[0], k[2]]["errors"])],
                         ids="/".join)
def test_every_arithmetic_error_caught_and_none_false(key):
    row = scored()[key]
    caught, wanted = map(int, row["errors_caught"].split("/"))
    assert wanted == sum(e["arithmetic"] for e in GOLD[key[0], key[2]]["errors"]) > 0
    assert caught == wanted, row["misses"]
    assert row["false_errors"] == 0, row["misses"]
