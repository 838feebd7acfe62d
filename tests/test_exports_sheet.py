"""复核表 xlsx: the live formulas, recalculated by LibreOffice, give the app's subtotals, total and grade —
for baojing, a not-applicable row (rescaled), the execution-rate cap (grade and total modes) and a 待定
total — and the sheet carries every indicator, the base figures and the findings."""

from decimal import Decimal as D
from io import BytesIO

import openpyxl
import pytest

from conftest import sample
from core.exports import wording
from core.exports.facts import review_facts
from core.exports.sheet import PARAMS, SHEET, sheet_bytes
from libreoffice import recalculate
from review_helpers import make_framework, make_session


def _baojing():
    from core.analysis import open_report

    return open_report(sample("pdf", "baojing-2019-dept"), reviewer="张三")


def _rescaled():
    session = make_session()
    session.set_not_applicable("staff_rate", True)  # na_policy exclude: dropped, total rescaled
    return session


def _toy(framework):
    from core.review.session import ReviewSession
    from review_helpers import make_document, make_extraction, toy_checker

    return ReviewSession(make_document(), make_extraction(), framework, checker=toy_checker)


def _capped(mode: str):
    def build():
        framework = make_framework()  # options are read once per framework: set them before scoring
        framework.options["execution_cap"] = {"enabled": True, "tiers": [[90, "良"]], "cap_mode": mode}
        session = _toy(framework)
        session.set_value("expense_total", D(340))  # 85 % execution, total 94 → grade at most 良
        return session
    return build


def _redistributed():
    framework = make_framework()
    framework.options["na_mode"] = "redistribute"  # the excluded weight goes to the siblings (§2.10.2)
    session = _toy(framework)
    session.set_not_applicable("mgmt_rules", True)
    return session


def _undetermined():
    return _toy(make_framework(weights=(D(10), D(20), D(70))))  # the unjudged qualitative row weighs 70


CASES = {"baojing": _baojing, "rescaled": _rescaled, "redistributed": _redistributed, "cap-grade": _capped("grade"),
         "cap-total": _capped("total"), "undetermined": _undetermined}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Each case: (facts, cell map, formula workbook, recalculated workbook), LibreOffice run once for all."""
    work = tmp_path_factory.mktemp("sheets")
    built = {}
    for name, make in CASES.items():
        facts = review_facts(make())
        data, cells = sheet_bytes(facts)
        path = work / f"{name}.xlsx"
        path.write_bytes(data)
        built[name] = (facts, cells, path)
    copies = recalculate([path for _, _, path in built.values()], work)
    return {name: (facts, cells, openpyxl.load_workbook(path),
                   openpyxl.load_workbook(copies[path], data_only=True))
            for name, (facts, cells, path) in built.items()}


def _close(value, expected) -> bool:
    return value is not None and abs(D(str(value)) - expected) < D("0.005")


def test_cases_are_what_they_claim(recalculated):
    assert recalculated["rescaled"][0].totals.reviewed == D("94.29")  # 66 / 70 × 100
    assert recalculated["cap-grade"][0].totals.cap["changed"] and recalculated["cap-grade"][0].grade == "良"
    assert recalculated["cap-total"][0].totals.reviewed == D("89.99")
    assert recalculated["undetermined"][0].status == "undetermined"
    assert recalculated["baojing"][0].status == "provisional"


@pytest.mark.parametrize("case", list(CASES))
def test_every_formula_cell_got_a_value(recalculated, case):
    _, _, formulas, values = recalculated[case]
    checked = 0
    for row in formulas[SHEET].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                got = values[SHEET][cell.coordinate].value
                # A formula may rightly give the empty text (a difference without a claimed score).
                assert got is not None or '""' in cell.value, f"{case} {cell.coordinate} {cell.value}"
                checked += 1
    assert checked > 30


@pytest.mark.parametrize("case", list(CASES))
def test_recalculated_totals_equal_the_app(recalculated, case):
    facts, cells, _, values = recalculated[case]
    ws = values[SHEET]
    totals = facts.totals
    assert _close(ws[cells.total].value, totals.reviewed), ws[cells.total].value
    assert ws[cells.grade].value == facts.grade
    assert ws[cells.status].value == wording.TOTAL_STATUS[facts.status]
    assert _close(ws[cells.best_total].value, totals.provisional_max)
    if totals.difference is not None:
        assert _close(ws[cells.difference].value, totals.difference)
    verdict = wording.PENDING_GRADE if facts.status == "undetermined" else totals.deviation["verdict"]
    assert ws[cells.verdict].value == verdict
    for level in facts.levels:
        assert _close(ws[cells.levels[tuple(level.path)]].value, level.reviewed), level.path


def test_baojing_sheet_rows_and_subtotals(recalculated):
    facts, cells, formulas, values = recalculated["baojing"]
    ws = values[SHEET]
    assert len(cells.rows) == len(facts.rows) == 18
    for row in facts.rows:
        n = cells.rows[row.indicator_id]
        assert ws.cell(n, 3).value == row.name
        assert _close(ws.cell(n, 6).value, row.weight)
    execution = cells.rows["budget_completion_rate"]
    assert (ws.cell(execution, 8).value, ws.cell(execution, 10).value, ws.cell(execution, 11).value) == (5, 1, -4)
    assert [_close(ws[cells.levels[(p,)]].value, D(v)) for p, v in (("投入", 13), ("过程", 48), ("产出及效率", 20))] \
        == [True] * 3
    assert (ws[cells.total].value, ws[cells.grade].value, ws[cells.verdict].value) == (81, "良", "偏差较大")
    merged = {str(r) for r in formulas[SHEET].merged_cells.ranges}
    assert f"A{cells.rows['goal_reasonableness']}:A{cells.rows['sangong_change_rate']}" in merged  # 投入
    setup = formulas[SHEET].page_setup
    assert (setup.orientation, setup.paperSize, formulas[SHEET].freeze_panes) == ("landscape", 9, "D5")
    assert formulas[SHEET].print_title_rows == "$4:$4"


def test_a_score_edited_in_the_sheet_moves_the_total(tmp_path):
    """What a reviewer does in Excel: change one score; subtotals, total and grade follow."""
    facts = review_facts(_baojing())
    data, cells = sheet_bytes(facts)
    book = openpyxl.load_workbook(BytesIO(data))
    book[SHEET].cell(cells.rows["duty_effect"], 10).value = 6  # 履职效果 documented later: full marks
    path = tmp_path / "edited.xlsx"
    book.save(path)
    ws = openpyxl.load_workbook(recalculate([path], tmp_path)[path], data_only=True)[SHEET]
    assert (ws[cells.total].value, ws[cells.grade].value) == (87, "良")  # domain.md §6.4


def test_the_parameters_sheet_drives_cap_and_verdict(tmp_path):
    """Lower the cap tier to 80 % and the execution rate of 85 % no longer caps 94 points: 优 again."""
    facts = review_facts(_capped("grade")())
    data, cells = sheet_bytes(facts)
    book = openpyxl.load_workbook(BytesIO(data))
    params = book[PARAMS]
    tier = next(row for row in params.iter_rows() if row[0].value == 90 and row[1].value == "良")
    tier[0].value = 80
    path = tmp_path / "params.xlsx"
    book.save(path)
    ws = openpyxl.load_workbook(recalculate([path], tmp_path)[path], data_only=True)[SHEET]
    assert (ws[cells.total].value, ws[cells.grade].value, ws[cells.verdict].value) == (94, "优", "基本一致")


def test_base_figures_and_findings_sheets():
    session = _baojing()
    session.set_value("staff_actual", D(8))
    facts = review_facts(session)
    book = openpyxl.load_workbook(BytesIO(sheet_bytes(facts)[0]))
    figures = {row[0]: row for row in book["基础数据"].iter_rows(min_row=2, values_only=True)}
    assert figures["在职人数"][1:4] == (8, "人", "复核更正")
    assert figures["在职人数"][5:7] == (7, "张三")
    assert figures["编制数"][3:5] == ("报告正文", "第1页 “参公编制8人”")
    findings = list(book["问题清单"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(session.findings)
    assert {f[2] for f in findings} >= {"EXPR_MISMATCH", "PARTS_SUM", "SUBTOTAL_MISMATCH", "RULE_MISMATCH"}
    assert all(f[5] for f in findings) and findings[0][4].startswith("第4页")
