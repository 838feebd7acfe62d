"""The narrative reports written blind (tests/unseen_reports): claims, meta, figures and arithmetic errors
against each report's gold, scored by the rules of tools/evaluate.py (samples/gold/README)."""

import json
import sys
from functools import cache

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import evaluate_unseen  # noqa: E402  (tools/ is not a package)

GOLD = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in evaluate_unseen.UNSEEN_SET.gold}
MIN_CLAIMS_F1 = 0.9
MIN_META = 0.8
MIN_FIGURE_RECALL = 0.8


@cache
def scored() -> dict:
    return evaluate_unseen.evaluate_unseen(None)["unseen_reports/txt"]["samples"]


def with_gold(section: str) -> list[str]:
    return sorted(report_id for report_id, gold in GOLD.items() if gold[section])


def test_the_set_has_its_reports():
    assert len(GOLD) >= 8
    assert set(scored()) == set(GOLD)


@pytest.mark.parametrize("report_id", with_gold("claims"))
def test_claims(report_id):
    row = scored()[report_id]
    assert row["claims_f1"] >= MIN_CLAIMS_F1, row["misses"]
    assert row["weight_accuracy"] == 1.0 and row["score_accuracy"] == 1.0, row["misses"]


def test_a_report_without_scores_has_no_claims():
    no_claims = [report_id for report_id, gold in GOLD.items() if not gold["claims"]]
    assert no_claims
    for report_id in no_claims:
        assert scored()[report_id]["claims_precision"] == 1.0, scored()[report_id]["misses"]


@pytest.mark.parametrize("report_id", sorted(GOLD))
def test_meta(report_id):
    row = scored()[report_id]
    assert row["meta_accuracy"] >= MIN_META, row["misses"]


@pytest.mark.parametrize("report_id", with_gold("figures"))
def test_figures(report_id):
    row = scored()[report_id]
    assert row["figure_recall"] >= MIN_FIGURE_RECALL, row["misses"]


@pytest.mark.parametrize("report_id", [i for i in sorted(GOLD) if any(e["arithmetic"] for e in GOLD[i]["errors"])])
def test_every_arithmetic_error_caught_and_none_false(report_id):
    row = scored()[report_id]
    caught, wanted = map(int, row["errors_caught"].split("/"))
    assert wanted == sum(e["arithmetic"] for e in GOLD[report_id]["errors"]) > 0
    assert caught == wanted, row["misses"]
    assert row["false_errors"] == 0, row["misses"]
