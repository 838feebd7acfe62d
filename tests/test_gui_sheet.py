"""xlsx reports in the window: sheets as grids, merged cells spanned, highlights on cells, Ctrl+E on a cell."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
import shiboken6
from conftest import SAMPLES
from PySide6.QtCore import Qt

from gui.figures_model import COL_LOC
from gui_window_helpers import first_finding_with_locs, open_and_wait

pytestmark = pytest.mark.gui

FORM = SAMPLES / "forms" / "xlsx" / "tianchang-shuili-2022-project-form.xlsx"
# A table that stops early: its findings (weights against the principle, missing reasons) point at cells.
WITH_FINDINGS = SAMPLES / "forms" / "xlsx" / "ezhou-2021-project-form.xlsx"


def _open(qtbot, window, tmp_path, form):
    target = shutil.copy(form, tmp_path / form.name)
    open_and_wait(qtbot, window, target)
    return window


@pytest.fixture
def opened(qtbot, window, tmp_path):
    return _open(qtbot, window, tmp_path, FORM)


@pytest.fixture
def opened_with_findings(qtbot, window, tmp_path):
    return _open(qtbot, window, tmp_path, WITH_FINDINGS)


def grid_index(window, ref: str):
    """The model index of an Excel reference such as "自评表!F7" in its sheet's grid."""
    from openpyxl.utils.cell import coordinate_to_tuple

    sheet, coordinate = ref.split("!")
    view = window.document_pane.sheet_view
    grid = next(g for g in view.grids.values() if g.model().table.sheet == sheet)
    row, col = coordinate_to_tuple(coordinate)
    table = grid.model().table
    return grid, grid.model().index(row - table.origin[0], col - table.origin[1])


def test_a_workbook_opens_as_sheet_tabs_with_excel_headings_and_merged_spans(opened):
    pane = opened.document_pane
    view = pane.sheet_view
    assert pane.stack.currentWidget() is view
    assert [view.tabText(i) for i in range(view.count())] == ["自评表", "填报说明"]
    grid, index = grid_index(opened, "自评表!A12")
    assert index.data() == "年度绩效指标完成情况"
    assert (grid.rowSpan(index.row(), 0), grid.columnSpan(index.row(), 0)) == (28, 1)
    model = grid.model()
    assert model.headerData(8, Qt.Orientation.Horizontal) == "I"
    assert model.headerData(39, Qt.Orientation.Vertical) == "40"
    assert grid_index(opened, "自评表!H40")[1].data() == "100"  # the 总分 SUM's cached value


def test_selecting_a_finding_highlights_its_cells_and_scrolls_to_them(opened_with_findings, qtbot):
    opened = opened_with_findings
    document = opened.session.document
    index, finding = first_finding_with_locs(opened)
    opened.review_pane.findings_view.setCurrentIndex(index)
    view = opened.document_pane.sheet_view
    expected = [ref for loc in finding.locs for _, cell in document.sheet_cells(loc.start, loc.end)
                for ref in [document.cell_ref(cell.start, cell.end)]]
    assert expected and sorted(view.highlighted_cells()) == sorted(set(expected))
    grid, cell_index = grid_index(opened, document.cell_ref(finding.locs[0].start, finding.locs[0].end))
    assert view.currentWidget() is grid
    assert grid.viewport().rect().intersects(grid.visualRect(cell_index))
    assert grid.model().data(cell_index, Qt.ItemDataRole.BackgroundRole) is not None
    details = opened.review_pane.finding_details.toPlainText()
    assert f"原文位置：{document.cell_ref(finding.locs[0].start, finding.locs[0].end)} “" in details


def test_the_sheet_model_keeps_qt_s_model_contract(opened, qtmodeltester):
    for grid in opened.document_pane.sheet_view.grids.values():
        qtmodeltester.check(grid.model(), force_py=True)


def test_selecting_a_cell_and_ctrl_e_sets_the_value_from_that_cell(opened, qtbot):
    grid, index = grid_index(opened, "自评表!F6")  # 全年执行数(B) of 年度资金总额
    view = opened.document_pane.sheet_view
    view.setCurrentWidget(grid)
    grid.selectionModel().select(index, grid.selectionModel().SelectionFlag.ClearAndSelect)
    document = opened.session.document
    start, end = opened.document_pane.selected_span()
    assert document.text[start:end] == "880" and document.cell_ref(start, end) == "自评表!F6"
    opened.review_pane.select_variable("project_actual")
    opened.assign_action.trigger()
    value = opened.session.value("project_actual")
    assert value.value == Decimal(880) and document.cell_ref(value.loc.start, value.loc.end) == "自评表!F6"
    figures = opened.review_pane.figures
    assert figures.index(figures.row_of("project_actual"), COL_LOC).data() == "自评表!F6 880"


def test_search_selects_the_cell_of_the_match(opened):
    pane = opened.document_pane
    assert pane.find_text("服务对象满意度") is not None
    grid = pane.sheet_view.currentWidget()
    (selected,) = {grid.model().cell(i).text for i in grid.selectionModel().selectedIndexes()}
    assert selected.startswith("服务对象满意度")



def test_opening_another_workbook_replaces_the_tabs_and_zoom_grows_the_grid(opened, qtbot, tmp_path):
    view = opened.document_pane.sheet_view
    old = list(view.grids.values())
    target = shutil.copy(SAMPLES / "forms" / "xlsx" / "langfang-spgcxx-2019-project-form.xlsx", tmp_path / "l.xlsx")
    open_and_wait(qtbot, opened, target)
    assert [view.tabText(i) for i in range(view.count())] == ["Sheet1", "Sheet2", "Sheet3"]
    qtbot.waitUntil(lambda: all(not shiboken6.isValid(grid) for grid in old), timeout=5000)
    grid = view.currentWidget()
    size = grid.font().pointSizeF()
    opened.document_pane.zoom_by(1.2)
    assert grid.font().pointSizeF() == size + 1


def test_a_hidden_sheet_has_its_tab_marked(qtbot, tmp_path):
    import openpyxl

    from core.documents import load
    from gui.sheet_view import SheetView

    workbook = openpyxl.Workbook()
    workbook.active.title = "自评表"
    workbook.active["B2"] = "得分"
    hidden = workbook.create_sheet("底稿")
    hidden["A1"] = 98
    hidden.sheet_state = "hidden"
    workbook.create_sheet("空表")
    workbook.save(tmp_path / "h.xlsx")
    view = SheetView()
    qtbot.addWidget(view)
    view.set_document(load(tmp_path / "h.xlsx"))
    assert [view.tabText(i) for i in range(view.count())] == ["自评表", "底稿（隐藏）", "空表"]
    assert view.widget(2).text() == "（空工作表）"
