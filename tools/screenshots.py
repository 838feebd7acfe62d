"""Screenshots of the review window on two sample reports, for looking at the UI without a desktop.

    python tools/screenshots.py [OUT_DIR]        (default: out/screenshots)

Without a display it re-runs itself under Xvfb (xvfb-run); QT_QPA_PLATFORM=offscreen also works.
Writes start-page.png, window-loading.png (the progress bar half way through reading a PDF), window-pdf.png
(an indicator selected, its source highlighted on the page), window-findings.png (a finding selected and
highlighted), window-docx.png (a report with tables as formatted text, a base figure selected),
menu-edit.png and menu-review.png (the menus with their keys), window-txt.png (a plain-text report), and
for a saved review whose report changed dialog-reanchor.png (the question), dialog-reanchored.png (what could not be re-anchored) and
window-reanchored.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"
PDF_REPORT = SAMPLES / "pdf" / "baojing-2019-dept.pdf"
DOCX_REPORT = SAMPLES / "docx" / "wugang-2020-dept.docx"
TXT_REPORT = SAMPLES / "txt" / "wugang-2020-dept.txt"
WINDOW_SIZE = (1366, 768)


def under_xvfb() -> int:
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, __file__, *sys.argv[1:]]
    env = dict(os.environ, SCREENSHOTS_CHILD="1")
    return subprocess.call(command, env=env)


def wait(condition, timeout: float = 20.0) -> bool:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(50)
    return True


def indicator_with_most_sources(window) -> str | None:
    """The indicator whose claim and figures the report states most often, so the highlight shows."""
    pane = window.review_pane
    ids = pane.indicators.indicator_ids()
    return max(ids, key=lambda i: len(pane.indicator_spans(i)), default=None)


def shoot(window, report: Path, out: Path, select) -> None:
    from PySide6.QtTest import QTest

    window.open_path(str(report))
    previous = window.session
    if not wait(lambda: window.session not in (None, previous)
                and Path(window.session.document.path).name == report.name):
        raise SystemExit(f"打开 {report} 超时")
    select(window)
    view = window.document_pane.view()
    if window.session.document.format == "pdf":
        wait(view.visible_pages_rendered, 10)
    QTest.qWait(300)
    window.grab().save(str(out))
    print(out)


def grab_next_dialog(out: Path, button: str | None = None, then=None) -> None:
    """Save the next modal dialog once it is up, press `button` (by its text) or accept it, then call `then`."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication

    out.unlink(missing_ok=True)

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(100, grab)
            return
        dialog.grab().save(str(out))
        print(out)
        chosen = next((b for b in dialog.findChildren(QAbstractButton) if b.text() == button), None)
        chosen.click() if chosen else dialog.accept()
        if then:
            then()

    QTimer.singleShot(100, grab)


def shoot_menus(window, out_dir: Path) -> None:
    from PySide6.QtTest import QTest

    for title, name in (("编辑(&E)", "menu-edit.png"), ("复核(&R)", "menu-review.png")):
        menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
        menu.popup(window.mapToGlobal(window.rect().center()))
        QTest.qWait(200)
        menu.grab().save(str(out_dir / name))
        menu.hide()
        print(out_dir / name)


def shoot_changed_report(window, out_dir: Path) -> None:
    """Save a review, change its report (a line added, a sentence gone), open the review again."""
    from core.review.files import review_path_for
    from gui.open_flow import REANCHOR

    report = Path(tempfile.mkdtemp()) / TXT_REPORT.name
    shutil.copy(TXT_REPORT, report)
    shoot(window, report, out_dir / "window-txt.png", lambda _window: None)
    window.session.mark_unsaved()
    window.save()
    text = window.session.document.text
    quoted = [window.session.value(v).loc.quote for v in window.session.variable_ids()
              if window.session.value(v) and window.session.value(v).loc]
    window.close_review()
    report.write_text("（修订稿）\n" + text.replace(quoted[0], ""), encoding="utf-8")
    noted = out_dir / "dialog-reanchored.png"
    grab_next_dialog(out_dir / "dialog-reanchor.png", REANCHOR, then=lambda: grab_next_dialog(noted))
    window.open_path(str(review_path_for(report)))
    wait(lambda: noted.exists() and window.session is not None)
    window.grab().save(str(out_dir / "window-reanchored.png"))
    print(out_dir / "window-reanchored.png")
    window.session.mark_saved()


def grab_half_way(window, out: Path) -> None:
    """Save the window once the load has read half of the pages (the status bar shows the stage and bar)."""
    def on_progress(done: int, total: int, _text: str) -> None:
        if total > 1 and done >= total // 2 and not out.exists():
            window.grab().save(str(out))
            print(out)

    out.unlink(missing_ok=True)
    window.jobs.progressChanged.connect(on_progress)


def select_pdf(window) -> None:
    indicator_id = indicator_with_most_sources(window)
    if indicator_id:
        window.review_pane.select_indicator(indicator_id)


def select_finding(window) -> None:
    pane = window.review_pane
    pane.tabs.setCurrentIndex(2)
    group = next((g for g in range(pane.findings.rowCount()) if pane.findings.rowCount(pane.findings.index(g, 0))), 0)
    pane.findings_view.setCurrentIndex(pane.findings.index(0, 0, pane.findings.index(group, 0)))


def select_docx(window) -> None:
    window.review_pane.tabs.setCurrentIndex(1)
    first_with_value = next((r for r in range(window.review_pane.figures.rowCount())
                             if window.review_pane.figures.index(r, 1).data()), 0)
    window.review_pane.figures_view.selectRow(first_with_value)


def main() -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM") \
            and not os.environ.get("SCREENSHOTS_CHILD") and shutil.which("xvfb-run"):
        return under_xvfb()
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "out" / "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from gui.app import create_application
    from gui.main_window import MainWindow

    app = create_application(sys.argv[:1])
    # A saved review next to a sample must not turn the screenshot into a question.
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    settings_file = out_dir / "settings.ini"
    settings_file.unlink(missing_ok=True)  # the same pictures on every run: no recent files from the last
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    wait(lambda: window.isVisible(), 5)
    window.grab().save(str(out_dir / "start-page.png"))
    print(out_dir / "start-page.png")
    grab_half_way(window, out_dir / "window-loading.png")
    shoot(window, PDF_REPORT, out_dir / "window-pdf.png", select_pdf)
    shoot(window, PDF_REPORT, out_dir / "window-findings.png", select_finding)
    shoot(window, DOCX_REPORT, out_dir / "window-docx.png", select_docx)
    shoot_menus(window, out_dir)
    shoot_changed_report(window, out_dir)
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
