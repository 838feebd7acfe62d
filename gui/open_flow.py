"""The window's side of opening a report or a review, on the UI thread: the file dialog, the questions
(continue, recover, locate a moved report, re-anchor in a changed one) and handing each step to the job
thread (gui.open_jobs)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from core import APP_NAME
from gui.dialogs import ask_password, choose
from gui.open_jobs import ReviewRequest, analyse_document, open_review_job, page_reporter
from gui.status_texts import opening_notes

OPEN_FILTER = "自评报告或复核文件 (*.pdf *.docx *.xlsx *.xls *.txt *.jxfh *.json);;所有文件 (*)"
REPORT_FILTER = "自评报告 (*.pdf *.docx *.xlsx *.xls *.txt);;所有文件 (*)"
REANCHOR, LOCATE, CANCEL = "重新定位", "查找报告…", "取消"


class OpenFlow:
    """Mixin of MainWindow: uses its `jobs`, `stack`/`splitter`, `document_pane`, `show_error`, `maybe_save`,
    `recent_files`/`_remember` and the session methods `set_session`/`_drop_session`/`_back_to_start`."""

    def open_dialog(self) -> None:
        recent = self.recent_files()
        start = recent[0] if recent else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "打开自评报告或复核文件", str(Path(start).parent), OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open a report or a review file; offers to continue a saved review or recover an autosave."""
        if self.maybe_save():
            self.jobs.start(f"正在打开 {Path(path).name}…", lambda: _plan_open(path), self._continue_open,
                            self.show_error)

    def _continue_open(self, plan) -> None:
        """`plan`: a core.review.opening.OpenPlan."""
        name = plan.path.name
        report = None if plan.is_review else str(plan.path)
        if plan.recoverable and self._ask("恢复未保存的复核",
                                          f"发现 {name} 上次未保存的复核内容（自动保存）。\n是否恢复？"):
            self._open_review(ReviewRequest(plan.review, report, str(plan.path), use_autosave=True))
        elif plan.is_review:
            self._open_review(ReviewRequest(plan.review, None, str(plan.path)))
        elif plan.saved_review and self._ask(
                "继续复核", f"{name} 旁边有已保存的复核文件：\n{plan.review.name}\n是否继续上次的复核？"):
            self._open_review(ReviewRequest(plan.review, report, str(plan.path)))
        else:
            self._load_report(str(plan.path))

    def _load_report(self, path: str, password: str | None = None) -> None:
        """Read the report page by page (the bar counts pages; 取消 stops at the next one)."""
        from core.documents import load

        name = Path(path).name

        def job(report):
            return load(path, password=password, progress=page_reporter(report, name))

        def failed(exc: Exception) -> None:
            self._retry_with_password(exc, name, password, lambda typed: self._load_report(path, typed))

        self.jobs.start(f"正在读取 {name}…", job, lambda doc: self._analyse(doc, path), failed,
                        reports_progress=True)

    def _retry_with_password(self, exc: Exception, name: str, tried: str | None, retry) -> None:
        """An encrypted file asks for its password and opens again with it, asking again after a wrong
        one; cancelling leaves the window as it was. Any other failure is shown."""
        if getattr(exc, "code", None) != "ENCRYPTED":
            self.show_error(exc)
            return
        password = ask_password(self, name, wrong=bool(tried))
        if password is not None:
            retry(password)

    def _analyse(self, document, path: str) -> None:
        """Show the pages at once, then extract and score while they render."""
        self._drop_session()
        self.stack.setCurrentWidget(self.splitter)
        self.document_pane.set_document(document)
        self.jobs.start(f"正在分析 {document.name}…", lambda report: analyse_document(document, report),
                        lambda session: self._opened(session, path), self._analysis_failed, uses_pdfium=False,
                        reports_progress=True)

    def _analysis_failed(self, exc: Exception) -> None:
        self._back_to_start()
        self.show_error(exc)

    def _on_cancelled(self) -> None:
        if self.session is None:
            self._back_to_start()

    def _open_review(self, request: ReviewRequest) -> None:
        """Read the report page by page and apply the review (取消 stops between pages and stages)."""
        def failed(exc: Exception) -> None:
            self._retry_with_password(exc, request.review.name, request.password,
                                      lambda typed: self._open_review(replace(request, password=typed)))

        self.jobs.start(f"正在打开复核 {request.review.name}…", lambda report: open_review_job(request, report),
                        lambda outcome: self._opened_review(outcome, request), failed, reports_progress=True)

    def _ask(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(self, title, text, buttons.Yes | buttons.No) == buttons.Yes

    def _opened_review(self, outcome, request: ReviewRequest) -> None:
        """An OpenOutcome of core.review.opening.open_review: opened, or the report is missing or changed."""
        if outcome.status == "source_missing":
            self._locate_report(outcome, request)
        elif outcome.session is None:
            self._ask_reanchor(outcome, request)
        else:
            self._opened(outcome.session, request.remembered, self.reanchor_notes(outcome))

    def _locate_report(self, outcome, request: ReviewRequest) -> None:
        name = outcome.review.source.get("name") or "（未记录）"
        recorded = outcome.review.source.get("path")
        text = (f"找不到复核文件 {request.review.name} 对应的报告：{name}"
                + (f"\n原位置：{recorded}" if recorded else "") + "\n\n请找到这份报告，或取消打开。")
        if choose(self, "找不到报告", text, (LOCATE, CANCEL)) != LOCATE:
            return
        path, _ = QFileDialog.getOpenFileName(self, f"查找报告 {name}", str(request.review.parent), REPORT_FILTER)
        if path:
            self._open_review(replace(request, report=path))

    def _ask_reanchor(self, outcome, request: ReviewRequest) -> None:
        count = len(outcome.review.values)
        text = (f"报告内容已变化：{outcome.source_path.name} 与保存复核时的内容不同（可能已被修改或替换）。\n\n"
                f"是否在新内容中重新定位保存的数值（{count} 个）？\n无法定位的数值将在打开后列出。")
        if choose(self, "报告内容已变化", text, (REANCHOR, CANCEL)) == REANCHOR:
            self._open_review(replace(request, document=outcome.document, reanchor=True))

    def reanchor_notes(self, outcome) -> list[str]:
        """What the reviewer should know after a review was re-anchored in a changed report."""
        if outcome.status != "source_changed":
            return []
        if not outcome.unanchored:
            return [f"已在新内容中重新定位全部 {len(outcome.review.values)} 个保存的数值。"]
        labels = "\n".join(f"· {outcome.session.variable_label(v)}" for v in outcome.unanchored)
        return [f"已在新内容中重新定位保存的数值；以下 {len(outcome.unanchored)} 个未能定位，请核对：\n{labels}"]

    def _opened(self, session, remembered: str, notes: list[str] | None = None) -> None:
        self.set_session(session)
        self._remember(remembered)
        notes = (notes or []) + opening_notes(session)
        if notes:
            QMessageBox.information(self, APP_NAME, "\n".join(notes))


def _plan_open(path: str):
    from core.review.opening import plan_open

    return plan_open(path)
