"""run_checks on the real extraction of every sample: order, root causes once, ids, speed, gold recall."""

from decimal import Decimal as D

import pytest

from conftest import FORMS, REPORT_IDS, SAMPLES, SCORESHEET_ID, sample
from core.checks import deduplicate, run_checks
from core.checks.model import Finding
from core.documents import load
from core.extraction import extract
from core.extraction.model import Loc
from core.scoring.result import Result, Totals
from gold_extraction import gold, locate_error, matches_gold

OWN_CODES = ("EXPR_MISMATCH", "WEIGHT_SUM", "SCORE_OVER_WEIGHT", "SUBTOTAL_MISMATCH", "RULE_MISMATCH",
             "GRADE_MISMATCH", "MISSING_DETAIL", "NO_TEXT_LAYER", "OCR_TEXT", "NOT_A_REPORT")
ARITHMETIC_OWN = ("EXPR_MISMATCH", "WEIGHT_SUM", "SCORE_OVER_WEIGHT", "SUBTOTAL_MISMATCH", "GRADE_MISMATCH")
# domain.md §6.5, the findings of these codes in §5.0 order
BAOJING = [
    ("EXPR_MISMATCH", "在职人员控制率"), ("EXPR_MISMATCH", "三公经费变动率"), ("EXPR_MISMATCH", "公用经费控制率"),
    ("WEIGHT_SUM", "预算配置"), ("WEIGHT_SUM", "产出及效率"), ("WEIGHT_SUM", "一级指标"),
    ("SUBTOTAL_MISMATCH", "过程"), ("SUBTOTAL_MISMATCH", "产出及效率"),
    ("GRADE_MISMATCH", "评价等级"), ("MISSING_DETAIL", "重点工作实际完成率"),
]


@pytest.fixture(scope="module", params=[(form, rid) for rid in REPORT_IDS + [SCORESHEET_ID] for form in FORMS],
                ids=lambda p: f"{p[1]}-{p[0]}")
def analysed(request):
    form, report_id = request.param
    document = load(sample(form, report_id))
    extraction = extract(document)
    return report_id, document, extraction, run_checks(document, extraction)


def own(findings):
    return [f for f in findings if f.code in OWN_CODES]


def arithmetic_errors(report_id: str) -> list[dict]:
    return [error for error in gold(report_id)["errors"] if error["code"] in ARITHMETIC_OWN]


# Only samples whose gold has errors of these codes: for the others the test would check nothing.
@pytest.mark.parametrize("form, report_id", [(form, rid) for rid in REPORT_IDS + [SCORESHEET_ID] for form in FORMS
                                             if arithmetic_errors(rid)])
def test_gold_errors_of_own_codes_found_at_the_gold_location(form, report_id):
    document = load(sample(form, report_id))
    findings = run_checks(document, extract(document))
    for error in arithmetic_errors(report_id):
        span = locate_error(document, error)
        assert any(f.code == error["code"] and (f.about == error["about"] or any(loc.overlaps(span) for loc in f.locs))
                   for f in findings), (error["code"], error["about"])


def test_no_more_than_one_unmatched_error_of_own_codes(analysed):
    report_id, document, _, findings = analysed
    errors = [(e, locate_error(document, e)) for e in gold(report_id)["errors"]]
    unmatched = [f for f in own(findings) if f.severity == "error"
                 and not any(matches_gold(f, error, span) for error, span in errors)]
    assert len(unmatched) <= 1, [(f.code, f.about) for f in unmatched]


def test_ids_number_the_findings_in_order(analysed):
    findings = analysed[3]
    assert [f.id for f in findings] == [f"k{n}" for n in range(1, len(findings) + 1)]
    assert all(loc.quote == analysed[1].text[loc.start:loc.end] for f in own(findings) for loc in f.locs)


@pytest.mark.parametrize("form", FORMS)
def test_baojing_review_findings_in_order(form):
    document = load(sample(form, "baojing-2019-dept"))
    findings = own(run_checks(document, extract(document)))
    assert [(f.code, f.about) for f in findings] == BAOJING
    by_key = {(f.code, f.about): f for f in findings}
    assert by_key[("SUBTOTAL_MISMATCH", "过程")].expected == "51分（18+33）"
    assert by_key[("SUBTOTAL_MISMATCH", "产出及效率")].expected == "14分（8+6）"
    assert by_key[("WEIGHT_SUM", "预算配置")].expected == "7分（3+4）"
    assert by_key[("EXPR_MISMATCH", "在职人员控制率")].expected == "87.5%"
    assert "不成立" in by_key[("EXPR_MISMATCH", "三公经费变动率")].message


def test_review_grade_follows_the_internal_findings():
    document = load(sample("txt", "baojing-2019-dept"))
    totals = Totals(max=D(100), claimed=D(92), reviewed=D(81), difference=D(-11), grade_claimed="优秀",
                    grade_reviewed="良", levels=[])
    findings = run_checks(document, extract(document), framework=None, result=Result([], totals))
    grades = [(f.severity, f.expected) for f in findings if f.code == "GRADE_MISMATCH"]
    assert grades == [("error", "78分（中）"), ("warning", "81分（良）")]


def test_scans_say_so_and_nothing_else_about_the_missing_text(monkeypatch):
    monkeypatch.setattr("core.documents.ocr.available", lambda: False)  # as on a Python without the OCR wheel
    scanned = load(SAMPLES / "scanned" / "baojing-2019-dept-scanned.pdf")
    [finding] = run_checks(scanned, extract(scanned))
    assert (finding.id, finding.code) == ("k1", "NO_TEXT_LAYER")
    mixed = load(SAMPLES / "scanned" / "wugang-2020-dept-mixed.pdf")
    first = run_checks(mixed, extract(mixed))[0]
    assert first.code == "NO_TEXT_LAYER" and [loc.page for loc in first.locs] == [2, 3]


def test_recognised_scans_come_first_as_a_warning_to_check_against_the_scan():
    mixed = load(SAMPLES / "scanned" / "wugang-2020-dept-mixed.pdf")
    first = run_checks(mixed, extract(mixed))[0]
    assert (first.id, first.code) == ("k1", "OCR_TEXT") and [loc.page for loc in first.locs] == [2, 3]


def test_a_shopping_list_is_not_a_report():
    document = load(SAMPLES / "bad" / "not-a-report.txt")
    assert [f.code for f in run_checks(document, extract(document))] == ["NOT_A_REPORT"]


def test_the_same_difference_is_reported_once():
    expr = Finding("EXPR_MISMATCH", "error", "m", stated="100%", expected="87.5%", locs=[Loc(10, 40)])
    repeat = Finding("FIGURE_CONFLICT", "error", "m", stated="100%", expected="87.50%（7/8）", locs=[Loc(30, 34)])
    elsewhere = Finding("FIGURE_CONFLICT", "error", "m", stated="100%", expected="87.5%", locs=[Loc(50, 60)])
    other = Finding("SUBTOTAL_MISMATCH", "error", "m", stated="100%", expected="91分", locs=[Loc(30, 34)])
    kept = deduplicate([[expr], [repeat, elsewhere, other]])
    assert [(f.code, f.locs) for f in kept] == [(x.code, x.locs) for x in (expr, elsewhere, other)]
    assert [f.id for f in kept] == ["k1", "k2", "k3"]
    assert expr.id == ""  # the inputs are left as they were: cached report-only findings are shared


def test_a_template_instruction_left_in_place_of_the_result():
    from conftest import text_document

    text = ("四、自评结论\n（一）自评结果\n包含整体支出绩效自评结论、自评分数和等级，对应评价指标的得分情况及评价依据。\n"
            "（二）存在问题\n包括进驻事项未达目标等2个问题。\n")
    document = text_document(text)
    [finding] = [f for f in run_checks(document, extract(document)) if f.code == "MISSING_DETAIL"]
    assert (finding.severity, finding.about) == ("info", "自评结果")
    assert finding.locs[0].quote == "包含整体支出绩效自评结论、自评分数和等级，对应评价指标的得分情况及评价依据"


def test_a_total_out_of_other_full_marks_is_graded_on_its_share():
    from conftest import text_document

    text = "某项目支出绩效自评报告\n三、自评结论\n本项目自评得分为68.94分（满分70分），自评等级为优。\n"
    document = text_document(text)
    assert [f for f in run_checks(document, extract(document)) if f.code == "GRADE_MISMATCH"] == []
    wrong = text_document(text.replace("等级为优", "等级为中"))
    [finding] = [f for f in run_checks(wrong, extract(wrong)) if f.code == "GRADE_MISMATCH"]
    assert finding.severity == "error" and "“优”" in finding.message
