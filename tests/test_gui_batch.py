"""批量预审 in the window: the dialog runs core.batch on its thread, shows the summary sorted by the numbers,
and a double-click opens the report with its review."""

import shutil

import pytest
from conftest import SAMPLES
from gui_window_helpers import errors_shown
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui
REPORTS = ("baojing-2019-dept.txt", "wuhua-2019-project.txt", "bazhong-2022-dept.txt")


@pytest.fixture
def season(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in REPORTS:
        shutil.copy(SAMPLES / "txt" / name, folder)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    return folder


def run_dialog(qtbot, window, folder, stop: bool = False):
    """Start 批量预审 on `folder` (and press 停止 at once when `stop`); wait until its thread ends."""
    window.open_batch()
    dialog = window.batch_dialog
    dialog.folder_edit.setText(str(folder))
    dialog.summary_edit.setText(str(folder.parent / "汇总.xlsx"))
    dialog.jobs_spin.setValue(1)
    dialog.start()
    if stop:
        dialog.cancel()
    qtbot.waitUntil(lambda: dialog.thread is None, timeout=60000)
    return dialog


def test_batch_dialog_shows_sorted_summary_and_opens_a_review(qtbot, window, season):
    dialog = run_dialog(qtbot, window, season)
    assert dialog.result is not None and not dialog.result.interrupted
    assert (season.parent / "汇总.xlsx").is_file()
    proxy = dialog.proxy
    assert proxy.rowCount() == len(REPORTS) + 1
    names = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert set(names) == set(REPORTS) | {"broken.docx"}
    errors_column = 8
    dialog.table.sortByColumn(errors_column, Qt.SortOrder.DescendingOrder)
    errors = [proxy.index(r, errors_column).data() for r in range(proxy.rowCount())]
    counts = [int(e) for e in errors if e]
    assert counts == sorted(counts, reverse=True) and len(counts) == len(REPORTS)  # by number, not text
    failed = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "broken.docx")
    assert proxy.index(failed, 10).data().startswith("错误[")
    target = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == "wuhua-2019-project.txt")
    dialog.table.doubleClicked.emit(proxy.index(target, 1))
    qtbot.waitUntil(lambda: window.session is not None, timeout=20000)
    assert errors_shown() == []
    assert window.session.document.name == "wuhua-2019-project.txt"
    assert window.session.review_path.parent.name == "汇总_复核文件"


def test_batch_dialog_stops_and_keeps_what_finished(qtbot, window, season):
    dialog = run_dialog(qtbot, window, season, stop=True)
    assert dialog.result.interrupted and dialog.proxy.rowCount() < len(REPORTS) + 1
    assert "已停止" in dialog.status.text()
