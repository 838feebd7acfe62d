"""Claim-based checks on the gold claims of every sample, located in each form's text."""

from functools import cache

import pytest

from conftest import FORMS, REPORT_IDS, SCORESHEET_ID, sample
from core.checks.grades import check_grades
from core.checks.scores import check_score_over_weight, check_subtotals, check_weights
from core.documents import load
from gold_extraction import gold, gold_extraction, locate_error, matches_gold

CLAIM_CODES = ("WEIGHT_SUM", "SCORE_OVER_WEIGHT", "SUBTOTAL_MISMATCH", "GRADE_MISMATCH")


def claim_findings(document, extraction):
    return (check_weights(document, extraction) + check_score_over_weight(document, extraction)
            + check_subtotals(document, extraction) + check_grades(document, extraction))


def claim_errors(report_id: str) -> list[dict]:
    return [error for error in gold(report_id)["errors"] if error["code"] in CLAIM_CODES]


ALL_CASES = [(form, rid) for rid in REPORT_IDS + [SCORESHEET_ID] for form in FORMS]
# Only samples whose gold has claim errors: for the others the test would check nothing.
CLAIM_ERROR_CASES = [(form, rid) for form, rid in ALL_CASES if claim_errors(rid)]


@cache
def checked_in(form: str, report_id: str):
    document = load(sample(form, report_id))
    return document, claim_findings(document, gold_extraction(document, report_id))


@pytest.fixture(scope="module", params=ALL_CASES, ids=lambda p: f"{p[1]}-{p[0]}")
def checked(request):
    form, report_id = request.param
    return (report_id, *checked_in(form, report_id))


@pytest.mark.parametrize("form, report_id", CLAIM_ERROR_CASES)
def test_every_gold_error_is_found_where_the_gold_puts_it(form, report_id):
    document, findings = checked_in(form, report_id)
    for error in claim_errors(report_id):
        span = locate_error(document, error)
        found = [f for f in findings if f.code == error["code"] and any(loc.overlaps(span) for loc in f.locs)]
        by_about = [f for f in findings if f.code == error["code"] and f.about == error["about"]]
        assert found or by_about, (error["code"], error["about"])
        assert all(f.severity == "error" for f in found + by_about)


def test_at_most_one_unmatched_error_finding(checked):
    report_id, document, findings = checked
    errors = [(e, locate_error(document, e)) for e in gold(report_id)["errors"]]
    unmatched = [f for f in findings if f.severity == "error"
                 and not any(matches_gold(f, error, span) for error, span in errors)]
    assert len(unmatched) <= 1, [(f.code, f.about) for f in unmatched]


def test_baojing_figures_in_the_findings():
    document = load(sample("txt", "baojing-2019-dept"))
    findings = claim_findings(document, gold_extraction(document, "baojing-2019-dept"))
    summary = {(f.code, f.about): (f.stated, f.expected) for f in findings}
    assert summary == {
        ("WEIGHT_SUM", "预算配置"): ("20分", "7分（3+4）"),
        ("WEIGHT_SUM", "产出及效率"): ("26分", "8分（8）"),
        ("WEIGHT_SUM", "一级指标"): ("113分（投入26、过程61、产出及效率26）", "100分"),
        ("SUBTOTAL_MISMATCH", "过程"): ("53分", "51分（18+33）"),
        ("SUBTOTAL_MISMATCH", "产出及效率"): ("26分", "14分（8+6）"),
        ("GRADE_MISMATCH", "评价等级"): ("92分，优秀", "78分（中）"),
    }
    [outputs] = [f for f in findings if f.code == "SUBTOTAL_MISMATCH" and f.about == "产出及效率"]
    assert "逐项合计为78分" in outputs.message
