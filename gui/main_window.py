"""The main window: document | review splitter, menus, toolbar, status bar, saving, framework files and edits
(opening a report or review is gui.open_flow, the status texts gui.status_texts)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
)

from core import APP_NAME
from core.decimals import fmt
from core.review.files import REVIEW_SUFFIX
from gui.dialogs import choose, problems_box
from gui.document_pane import ZOOM_STEP, DocumentPane
from gui.icons import icon
from gui.open_flow import OpenFlow
from gui.review_pane import ReviewPane
from gui.start_page import StartPage
from gui.status_texts import open_findings_text, progress_text, totals_text
from gui.workers import JobRunner

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
RECENT_MAX = 10
AUTOSAVE_MS = 60_000
JOB_WAIT_ON_CLOSE_MS = 3000  # closing waits this long for the job thread to stop before Qt objects go
MINIMUM_SIZE = (1000, 600)  # fits a 1366×768 screen with the taskbar
TOOLBAR_ICON_SIZE = 24  # the icons' own grid: 2 px strokes land on whole pixels at 100 % and 150 %
STATUS_FIELD_STYLE = "padding: 0 8px;"  # the status fields read apart without rules between them
# The close prompt words its buttons as Word and WPS do; the last one cancels.
SAVE, DONT_SAVE, CANCEL_CLOSE = "保存", "不保存", "取消"
SAVE_CHOICES = (SAVE, DONT_SAVE, CANCEL_CLOSE)
UNDO_TEXT_CHARS = 24  # a longer undo label (a framework's full name) pushed the toolbar's buttons off screen


def elided(text: str, limit: int = UNDO_TEXT_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class MainWindow(OpenFlow, QMainWindow):
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings()
        self.session = None
        self._unsubscribe = None
        self.imported_frameworks: dict[str, tuple] = {}  # combo key → (Framework, label), for this run
        self.problems_box = None  # the last import's problem list, kept while it is shown
        self.batch_dialog = None
        self._full_texts: dict = {}  # action → its whole text where the shown one is elided (undo / redo)
        self.jobs = JobRunner(self)
        self.jobs.busyChanged.connect(self._on_busy)
        self.jobs.progressChanged.connect(self._on_progress)
        self.jobs.cancelled.connect(self._on_cancelled)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(1280, 760)
        self.setAcceptDrops(True)
        self.document_pane = DocumentPane()
        self.review_pane = ReviewPane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.document_pane)
        self.splitter.addWidget(self.review_pane)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.start_page = StartPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self._restore_settings()
        self._update_all()
        self._update_recent()
        self._warmed_up = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._warmed_up:
            # On the job thread once the window is up: start-up does not pay for it, and all core imports
            # stay on one thread (concurrent imports of a package with import cycles can see half a module).
            self._warmed_up = True
            self.jobs.preload(warm_up_core)

    # -- construction ---------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
        """`shortcut`: a key sequence, or a list of them (the first is the one menus show)."""
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(key) for key in shortcuts])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pane = self.document_pane
        self.open_action = self._action("打开…", self.open_dialog, "Ctrl+O", "打开自评报告或复核文件")
        self.save_action = self._action("保存复核", self.save, "Ctrl+S", "保存复核文件（报告文件名.jxfh）")
        self.save_as_action = self._action("复核另存为…", self.save_as, "Ctrl+Shift+S", "把复核保存到另一个文件")
        self.close_action = self._action("关闭", self.close_review, "Ctrl+W", "关闭当前报告的复核")
        self.batch_action = self._action("批量预审…", self.open_batch, "Ctrl+B",
                                         "分析一个文件夹中的全部报告，生成汇总表与复核文件")
        self.cancel_action = self._action("取消当前任务", self.jobs.cancel, None, "停止正在进行的打开、导入或导出")
        self.quit_action = self._action("退出", self.close, "Ctrl+Q")
        self.undo_action = self._action("撤销", self.undo, "Ctrl+Z", "撤销上一步修改")
        self.redo_action = self._action("重做", self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], "重做撤销的修改")
        self.find_action = self._action("查找…", pane.open_search, "Ctrl+F", "在报告中查找文字")
        self.find_next_action = self._action("查找下一个", lambda: pane.find_again(True), "F3", "查找下一处")
        self.find_previous_action = self._action("查找上一个", lambda: pane.find_again(False), "Shift+F3",
                                                 "查找上一处")
        self.assign_action = self._action("设为当前基础数据的值", self.assign_selection_to_current, "Ctrl+E",
                                          "把报告中选中的数字设为“基础数据”中当前行的值")
        self.next_action = self._action("下一个待处理项", lambda: self.step_unresolved(True), "F8",
                                        "转到下一个待处理的指标或问题")
        self.previous_action = self._action("上一个待处理项", lambda: self.step_unresolved(False), "Shift+F8",
                                            "转到上一个待处理的指标或问题")
        self.export_framework_action = self._action("导出指标体系到 Excel…", self.export_framework, None,
                                                    "把当前指标体系保存为 Excel 工作簿")
        self.import_framework_action = self._action("导入指标体系…", self.import_framework, None,
                                                    "从 Excel 工作簿读入指标体系并用它评分")
        self.zoom_in_action = self._action("放大", lambda: pane.zoom_by(ZOOM_STEP), ["Ctrl+=", "Ctrl++"], "放大页面")
        self.zoom_out_action = self._action("缩小", lambda: pane.zoom_by(1 / ZOOM_STEP), "Ctrl+-", "缩小页面")
        self.fit_width_action = self._action("适合宽度", pane.pdf_view.fit_width, "Ctrl+0", "页面宽度适合窗口")
        self.about_action = self._action("关于", self._about, "F1")
        self.cancel_action.setEnabled(False)
        self._set_icons()

    def _set_icons(self) -> None:
        """Menus and the toolbar show these beside the text."""
        for action, name in ((self.open_action, "open"), (self.save_action, "save"), (self.undo_action, "undo"),
                             (self.redo_action, "redo"), (self.find_action, "find"),
                             (self.previous_action, "previous-pending"), (self.next_action, "next-pending"),
                             (self.zoom_in_action, "zoom-in"), (self.zoom_out_action, "zoom-out"),
                             (self.fit_width_action, "fit-width"), (self.export_framework_action, "export"),
                             (self.import_framework_action, "import"), (self.cancel_action, "cancel")):
            action.setIcon(icon(name))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("最近打开")
        self._fill_menu(file_menu, self.batch_action, None, self.save_action, self.save_as_action,
                        self.close_action, None, self.cancel_action, None, self.quit_action)
        self.edit_menu = bar.addMenu("编辑(&E)")
        self._fill_menu(self.edit_menu, self.undo_action, self.redo_action, None, self.find_action,
                        self.find_next_action, self.find_previous_action, None, self.assign_action)
        self._fill_menu(bar.addMenu("复核(&R)"), self.next_action, self.previous_action, None,
                        self.export_framework_action, self.import_framework_action)
        self._fill_menu(bar.addMenu("视图(&V)"), self.zoom_in_action, self.zoom_out_action, self.fit_width_action)
        self._fill_menu(bar.addMenu("帮助(&H)"), self.about_action)

    @staticmethod
    def _fill_menu(menu, *actions) -> None:
        """Add the actions in order; None is a separator."""
        for action in actions:
            menu.addSeparator() if action is None else menu.addAction(action)

    def _build_toolbar(self) -> None:
        self.toolbar = self.addToolBar("常用")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(TOOLBAR_ICON_SIZE, TOOLBAR_ICON_SIZE))
        self._fill_menu(self.toolbar, self.open_action, self.save_action, None, self.undo_action, self.redo_action,
                        None, self.find_action, self.previous_action, self.next_action)

    def _update_tooltips(self) -> None:
        """Toolbar buttons say what they do and their key ("撤销 修改 …（Ctrl+Z）"); undo/redo change text."""
        for action in self.toolbar.actions():
            if not action.isSeparator():
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                text = self._full_texts.get(action, action.text().removesuffix("…"))
                action.setToolTip(f"{text}（{key}）" if key else text)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.total_label = QLabel()
        self.progress_label = QLabel()
        self.findings_label = QLabel()
        self.busy_bar = QProgressBar(maximumWidth=160, textVisible=False)
        self.busy_label = QLabel()
        self.cancel_button = QPushButton(icon("cancel"), "取消")
        self.cancel_button.clicked.connect(self.jobs.cancel)
        for widget in (self.busy_label, self.busy_bar, self.cancel_button):
            status.addWidget(widget)
            widget.hide()
        for label in (self.total_label, self.progress_label, self.findings_label):
            label.setStyleSheet(STATUS_FIELD_STYLE)
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        self.start_page.openRequested.connect(self.open_dialog)
        self.start_page.pathChosen.connect(self.open_path)
        self.review_pane.spansRequested.connect(self.document_pane.show_spans)
        self.review_pane.frameworkChosen.connect(self.switch_framework)
        self.review_pane.messageRequested.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.review_pane.framework_key = self.framework_key
        self.document_pane.contextMenuRequested.connect(self.extend_document_menu)

    # -- settings -------------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([560, 720])

    def _save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if Path(p).exists()]

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        paths = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", paths[:RECENT_MAX])
        self._update_recent()

    def _update_recent(self) -> None:
        paths = self.recent_files()
        self.recent_menu.clear()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(paths))
        self.start_page.set_recent(paths)

    def set_session(self, session) -> None:
        self._drop_session()
        self.session = session
        self._unsubscribe = session.subscribe(self._on_change)
        if self.document_pane.document is not session.document:
            self.document_pane.set_document(session.document)
        self.review_pane.set_session(session, self.frameworks())
        self.stack.setCurrentWidget(self.splitter)
        self._update_all()

    def frameworks(self) -> list[tuple[str, str]]:
        """(combo key, name): the built-in frameworks, then those imported in this run."""
        from core.frameworks import list_frameworks

        return list_frameworks() + [(key, label) for key, (_framework, label) in self.imported_frameworks.items()]

    def framework_key(self, framework) -> str:
        return next((key for key, (known, _label) in self.imported_frameworks.items() if known is framework),
                    framework.id)

    def show_error(self, exc: Exception) -> None:
        """Load, review-file and framework errors carry a Chinese message; anything else is a bug."""
        message = getattr(exc, "message", None) or str(exc)
        code = getattr(exc, "code", None)
        title = "无法打开文件" if code else "出现错误"
        QMessageBox.critical(self, title, f"{message}" + (f"\n（错误代码：{code}）" if code else ""))
        self.statusBar().showMessage(message, 8000)

    def close_review(self) -> bool:
        if not self.maybe_save():
            return False
        self._back_to_start()
        return True

    def _drop_session(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
        self.session = self._unsubscribe = None
        self.review_pane.set_session(None, [])

    def _back_to_start(self) -> None:
        self._drop_session()
        self.document_pane.clear()
        self.stack.setCurrentWidget(self.start_page)
        self._update_all()

    # -- drag and drop --------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # -- saving ---------------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.session is None:
            return False
        return self._save_to(None)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "复核另存为", str(self.session.review_path),
                                              f"复核文件 (*{REVIEW_SUFFIX})")
        if not path:
            return False
        # The dialog has asked about replacing an existing file.
        return self._save_to(path if path.lower().endswith(REVIEW_SUFFIX) else path + REVIEW_SUFFIX, True)

    def _save_to(self, path: str | None, overwrite: bool = False) -> bool:
        from core.review.storage import ReviewFileError

        try:
            saved = self.session.save(path, overwrite)
        except ReviewFileError as exc:  # CHANGED_ON_DISK: another program saved it since it was opened
            question = f"{exc.message}\n\n是否仍然保存并覆盖？"
            return self._ask("复核文件已被修改", question) and self._save_to(path, True)
        except OSError as exc:
            QMessageBox.critical(self, "保存失败", f"无法写入复核文件：{exc.strerror or exc}")
            return False
        self._remember(str(saved))
        self.statusBar().showMessage(f"已保存 {saved.name}", 5000)
        self._update_all()
        return True

    def autosave(self) -> None:
        if self.session is not None:
            try:
                self.session.autosave()
            except OSError as exc:
                self.statusBar().showMessage(f"自动保存失败：{exc.strerror or exc}", 8000)

    def maybe_save(self) -> bool:
        """Ask to save a changed review; False if the user cancelled."""
        if self.session is None or not self.session.dirty:
            return True
        answer = choose(self, "保存复核", "复核内容已修改，是否保存？", SAVE_CHOICES)
        if answer == SAVE:
            return self.save()
        return answer == DONT_SAVE

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.jobs.cancel()
        self.jobs.wait(JOB_WAIT_ON_CLOSE_MS)  # a cancelled load stops at its next page
        self.document_pane.pdf_view.shutdown()
        self._save_settings()
        event.accept()

    # -- editing --------------------------------------------------------------------------------------
    def undo(self) -> None:
        if self.session is not None:
            self.session.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.redo()

    def switch_framework(self, key: str) -> None:
        if self.session is None or key == self.framework_key(self.session.framework):
            return
        from core.review.opening import framework_by_key

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            imported = self.imported_frameworks.get(key)
            self.session.set_framework(imported[0] if imported else framework_by_key(self.session.extraction, key))
        except (ValueError, OSError) as exc:  # a broken framework file must not take the window down
            self.show_error(exc)
        finally:
            QApplication.restoreOverrideCursor()

    def export_framework(self) -> None:
        """Write the session's framework to a workbook (core.frameworks.xlsx) on the job thread."""
        if self.session is None:
            return
        framework = self.session.framework
        suggested = Path(self.session.document.path).with_name(f"{framework.name}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出指标体系到 Excel", str(suggested), XLSX_FILTER)
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"

        def job():
            from core.frameworks.xlsx import export_xlsx

            export_xlsx(framework, path)

        self.jobs.start(f"正在导出 {Path(path).name}…", job,
                        lambda _none: self.statusBar().showMessage(f"已导出指标体系到 {Path(path).name}", 8000),
                        self.show_error, uses_pdfium=False)

    def import_framework(self) -> None:
        """Read a workbook on the job thread; the session then scores with it (undoable)."""
        if self.session is None:
            return
        start = str(Path(self.session.document.path).parent)
        path, _ = QFileDialog.getOpenFileName(self, "导入指标体系", start, XLSX_FILTER)
        if not path:
            return

        def job():
            from core.frameworks.xlsx import import_xlsx

            return import_xlsx(path)

        self.jobs.start(f"正在导入 {Path(path).name}…", job, lambda framework: self._imported(framework, path),
                        lambda exc: self._import_failed(exc, path), uses_pdfium=False)

    def _imported(self, framework, path: str) -> None:
        if self.session is None:
            return
        key = f"xlsx:{Path(path).resolve()}"
        self.imported_frameworks[key] = (framework, f"{framework.name}（导入自 {Path(path).name}）")
        self.review_pane.set_frameworks(self.frameworks())
        self.session.set_framework(framework)

    def _import_failed(self, exc: Exception, path: str) -> None:
        problems = getattr(exc, "problems", None)  # a FrameworkError lists what is wrong, row by row
        if not problems:
            self.show_error(exc)
            return
        head = f"无法导入 {Path(path).name}：发现 {len(problems)} 处问题，请在 Excel 中修改后重新导入。"
        self.problems_box = problems_box(self, "导入指标体系失败", head, problems)

    def selected_number(self):
        """The first number in the document selection (core.review.assign.SelectedNumber) or None."""
        from core.review.assign import selected_number

        span = self.document_pane.number_span()
        return selected_number(self.session.document.text, *span) if span else None

    def assign_selection(self, var: str):
        """Set `var` to the number selected in the document, recording where it was read (so the
        highlight follows the new source); returns the session's Change or None. A number whose unit does
        not fit the figure's is stored only once the reviewer confirms it."""
        from core.extraction.model import Loc
        from core.review.assign import unit_warning

        number = self.selected_number()
        if number is None:
            self.statusBar().showMessage("选中的文字里没有数字", 5000)
            return None
        question = unit_warning(self.session, var, number)
        if question and QMessageBox.question(self, "单位不符", question) != QMessageBox.StandardButton.Yes:
            return None
        document = self.session.document
        loc = Loc(number.start, number.end, document.page_of(number.start),
                  document.text[number.start:number.end])
        return self.session.set_value(var, number.value, loc=loc)

    def assign_selection_to_current(self) -> None:
        if self.session is None:
            return
        var = self.review_pane.current_variable()
        if var is None:
            ranked = self._ranked_variables()
            if not ranked:
                self.statusBar().showMessage("选中的文字里没有数字", 5000)
                return
            labels = [self._proposal_text(p) for p in ranked]
            label, ok = QInputDialog.getItem(self, "设为…的值", "选择基础数据：", labels, 0, False)
            if not ok:
                return
            var = ranked[labels.index(label)].var
        self.assign_selection(var)

    def _ranked_variables(self) -> list:
        from core.review.assign import proposals

        number = self.selected_number()
        return proposals(self.session, number) if number else []

    @staticmethod
    def _proposal_text(proposal) -> str:
        return proposal.label + ("（单位不符）" if proposal.fits is False else "")

    def extend_document_menu(self, menu: QMenu) -> None:
        if self.session is None:
            return
        number = self.selected_number()
        submenu = menu.addMenu(f"设为…的值（{fmt(number.value)}）" if number else "设为…的值")
        submenu.setEnabled(number is not None)
        current = self.review_pane.current_variable()
        if current is not None:  # the figure being corrected, without a search through the whole list
            self._add_assign_action(submenu, current, f"{self.session.variable_label(current)}（当前行）")
            submenu.addSeparator()
        for proposal in self._ranked_variables():
            self._add_assign_action(submenu, proposal.var, self._proposal_text(proposal))

    def _add_assign_action(self, menu: QMenu, var: str, text: str) -> None:
        menu.addAction(text).triggered.connect(lambda _=False: self.assign_selection(var))

    def step_unresolved(self, forward: bool) -> None:
        if self.session is not None and self.review_pane.step_unresolved(forward) is None:
            self.statusBar().showMessage("没有待处理项", 4000)

    # -- reacting to the session ------------------------------------------------------------------------
    def _on_change(self, change) -> None:
        self.review_pane.apply_change(change)
        self._update_all()
        self.statusBar().showMessage(
            {"undo": "已撤销：", "redo": "已重做："}.get(change.action, "") + change.label, 5000)

    def _update_all(self) -> None:
        session = self.session
        has = session is not None
        for action in (self.save_action, self.save_as_action, self.close_action, self.find_action,
                       self.find_next_action, self.find_previous_action, self.assign_action, self.next_action,
                       self.previous_action, self.export_framework_action, self.import_framework_action,
                       self.zoom_in_action, self.zoom_out_action, self.fit_width_action):
            action.setEnabled(has)
        self.undo_action.setEnabled(has and session.can_undo)
        self.redo_action.setEnabled(has and session.can_redo)
        self._full_texts = {
            self.undo_action: f"撤销 {session.undo_label}" if has and session.can_undo else "撤销",
            self.redo_action: f"重做 {session.redo_label}" if has and session.can_redo else "重做"}
        for action, text in self._full_texts.items():
            action.setText(elided(text))
        self._update_title()
        self._update_totals()
        self._update_tooltips()

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{self.session.document.name}[*] — {self.session.framework.name} — {APP_NAME}")
        self.setWindowModified(self.session.dirty)

    def status_texts(self) -> tuple[str, str]:
        """(totals, progress) as the status bar shows them."""
        if self.session is None:
            return "", ""
        return totals_text(self.session), progress_text(self.session)

    def _update_totals(self) -> None:
        total, progress = self.status_texts()
        self.total_label.setText(total)
        self.progress_label.setText(progress)
        self.findings_label.setText(open_findings_text(self.session) if self.session else "")

    def _on_busy(self, label: str) -> None:
        busy = bool(label)
        self.cancel_action.setEnabled(busy)
        for widget in (self.busy_label, self.busy_bar, self.cancel_button):
            widget.setVisible(busy)
        self.busy_label.setText(label)
        # Until a job reports steps the bar stands still: a busy animation would repaint all the time.
        self.busy_bar.setRange(0, 1)
        self.busy_bar.setValue(0)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.busy_bar.setRange(0, max(total, 1))
        self.busy_bar.setValue(done)
        if text:
            self.busy_label.setText(text)

    def open_batch(self) -> None:
        """The batch dialog stays open beside the window, so that its reports can be opened one by one."""
        from gui.batch_dialog import BatchDialog

        if self.batch_dialog is None:
            recent = self.recent_files()
            self.batch_dialog = BatchDialog(self, str(Path(recent[0]).parent) if recent else "")
            self.batch_dialog.openRequested.connect(self.open_path)
        self.batch_dialog.show()
        self.batch_dialog.raise_()

    def _about(self) -> None:
        from core import __version__

        QMessageBox.about(self, f"关于{APP_NAME}", f"{APP_NAME} {__version__}\n预算绩效自评报告复核工具")


def warm_up_core() -> None:
    from core.analysis import warm_up

    warm_up()
