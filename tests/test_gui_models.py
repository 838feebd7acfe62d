"""The Qt models over a review session: Qt's model contract, and that edits go through the session."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import sample
from PySide6.QtCore import Qt

from core.analysis import open_report
from core.checks.model import SEVERITIES, Finding
from core.decimals import fmt
from core.extraction.model import Loc
from core.review.values import FindingState
from gui.figures_model import COL_ORIGIN, COL_VALUE, FiguresModel, parse_value
from gui.findings_model import COL_NOTE, COL_OPINION, COL_STATUS, FindingsModel, finding_details
from gui.indicator_model import COL_COMMENT, COL_REVIEWED, IndicatorTreeModel
from gui.indicator_model import COL_STATUS as IND_STATUS
from gui.roles import EditChoicesRole

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def session_factory():
    return lambda form="pdf": open_report(sample(form, "baojing-2019-dept"))


@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
@pytest.mark.parametrize("model_class", [IndicatorTreeModel, FiguresModel, FindingsModel])
def test_models_keep_the_qt_model_contract(qtmodeltester, session_factory, model_class, force_py):
    """Checked on a fresh session and again after an edit and a framework swap were applied."""
    session = session_factory()
    model = model_class(session)
    qtmodeltester.check(model, force_py=force_py)
    session.subscribe(model.apply_change)
    session.set_value("staff_actual", Decimal(9))
    session.set_framework(session.framework)
    top_rows = {IndicatorTreeModel: len(session.framework.roots), FiguresModel: len(session.variable_ids()),
                FindingsModel: len(SEVERITIES)}
    assert model.rowCount() == top_rows[model_class] > 0
    qtmodeltester.check(model, force_py=force_py)


def test_indicator_edits_become_session_decisions_and_reject_bad_input(session_factory):
    session = session_factory("txt")
    model = IndicatorTreeModel(session)
    session.subscribe(model.apply_change)
    index = model.index_of("staff_control_rate", COL_REVIEWED)
    weight = session.indicator("staff_control_rate").weight
    assert not model.setData(index, str(weight + 1))  # the session refuses a score above the weight
    assert "不能超过分值" in model.refusal  # its reason, for the editor's tooltip
    assert not model.setData(index, "-1")
    assert not model.setData(index, "abc")
    assert model.refusal is None  # not a number: refused before the session saw it
    assert session.decision("staff_control_rate").manual_score is None
    assert model.setData(index, "1.5")
    assert session.decision("staff_control_rate").manual_score == Decimal("1.5")
    assert index.data() == "1.5"
    assert model.setData(index.siblingAtColumn(IND_STATUS), "不适用")
    assert session.decision("staff_control_rate").not_applicable
    assert index.siblingAtColumn(IND_STATUS).data() == "不适用"
    assert model.setData(index.siblingAtColumn(COL_COMMENT), "  依据不足 ")
    assert session.decision("staff_control_rate").comment == "依据不足"
    assert session.undo_label == "修改 在职人员控制率 扣分原因"
    assert not model.flags(model.index(0, COL_REVIEWED)) & Qt.ItemFlag.ItemIsEditable  # level rows


def test_figure_edits_choose_alternatives_and_mark_the_origin(session_factory):
    session = session_factory("pdf")
    model = FiguresModel(session)
    session.subscribe(model.apply_change)
    with_alternatives = [v for v in session.variable_ids() if session.value(v) and session.value(v).alternatives]
    if with_alternatives:
        var = with_alternatives[0]
        alternative = session.value(var).alternatives[0]
        index = model.index(model.row_of(var), COL_VALUE)
        choices = index.data(EditChoicesRole)
        assert choices[0] == fmt(session.value(var).value) and fmt(alternative.value) in choices
        assert model.setData(index, str(alternative.value))
        assert session.value(var).value == alternative.value
        assert session.value(var).loc == alternative.loc
    index = model.index(model.row_of("staff_actual"), COL_VALUE)
    assert not model.setData(index, "七")
    assert model.setData(index, "１２")
    assert session.value("staff_actual").value == Decimal(12)
    assert index.siblingAtColumn(COL_ORIGIN).data() == "更正"


def test_findings_verdicts_and_opinion_flags_go_to_the_session(session_factory):
    session = session_factory("pdf")
    model = FindingsModel(session)
    session.subscribe(model.apply_change)
    group = next(g for g in range(model.rowCount()) if model.rowCount(model.index(g, 0)))
    index = model.index(0, COL_OPINION, model.index(group, 0))
    key = model.key_at(index)
    included = session.finding_state(key).include_in_opinion
    assert model.setData(index, (Qt.CheckState.Unchecked if included else Qt.CheckState.Checked).value,
                         Qt.ItemDataRole.CheckStateRole)
    assert session.finding_state(key).include_in_opinion is not included
    assert model.setData(index.siblingAtColumn(COL_NOTE), "已与单位核实")
    assert index.siblingAtColumn(COL_NOTE).data() == "已与单位核实"
    session.set_finding_state(key, status="dismissed")
    assert index.siblingAtColumn(COL_STATUS).data() == "已驳回"


def test_finding_details_give_the_whole_message_figures_locations_and_verdict():
    message = "在职人员控制率报告为100%，按在职人数9人、编制数8人计算应为112.5%，与报告所述不一致，请核实。"
    finding = Finding("EXPR_MISMATCH", "error", message, about="在职人员控制率", stated="100%",
                      expected="112.5%", locs=[Loc(10, 30, 3, "在职人员\n控制率  100%"), Loc(50, 52, None, "")])
    assert finding_details(finding, FindingState("dismissed", "已与单位核实")).split("\n") == [
        "【错误】EXPR_MISMATCH　在职人员控制率",
        message,
        "报告所写：100%　　核算应为：112.5%",
        "原文位置：第 3 页“在职人员 控制率 100%”；第 50 字处",
        "处理：已驳回　备注：已与单位核实",
    ]
    bare = Finding("NO_TEXT_LAYER", "info", "没有文字层。")
    assert finding_details(bare, FindingState()).split("\n") == ["【提示】NO_TEXT_LAYER", "没有文字层。",
                                                                  "原文位置：无", "处理：待处理"]


def test_typed_numbers_are_parsed_strictly():
    assert parse_value("1,234.50") == Decimal("1234.50")
    assert parse_value("－３．５") == Decimal("-3.5")
    assert parse_value("") is None
    assert parse_value("约5") is False


def test_deduct_form_checklists_take_a_count_of_violations(session_factory):
    from core.review.judgement import counts_violations
    from gui.indicator_model import COL_INPUT

    session = session_factory("txt")
    model = IndicatorTreeModel(session)
    session.subscribe(model.apply_change)
    options = session.framework.options
    indicator = next(i for i in session.framework.indicators() if counts_violations(i, options))
    index = model.index_of(indicator.id, COL_INPUT)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "一例")
    assert not model.setData(index, "-1")
    assert model.setData(index, "2")
    assert session.decision(indicator.id).violations == 2
    assert index.data() == "不符合 2 例"
    assert index.data(Qt.ItemDataRole.EditRole) == "2"
    per = Decimal(str(indicator.rule.params["per_violation"]))
    assert session.result.by_id[indicator.id].score == max(Decimal(0), indicator.weight - 2 * per)


def test_typed_figures_are_read_by_core():
    from core.frameworks import load_framework
    from gui.figures_model import parse_value

    staff = load_framework("dept-hunan-county").variables["staff_actual"]
    assert parse_value("７人", staff) == Decimal(7)
    assert parse_value("1,234.5") == Decimal("1234.5")
    assert parse_value("  ") is None
    assert parse_value("七个") is False
    assert parse_value("２.5") == Decimal("2.5")
