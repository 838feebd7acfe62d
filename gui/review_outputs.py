"""The window's sign-off and outputs: who reviews (asked once, kept in the settings), 复核完成 (edits of a
completed review ask first), the 复核意见's wording (编辑复核意见), and exporting the 复核表, the 复核意见 and
the 批注版报告. Core decides and writes (core.review.session, core.exports); this mixin only asks and shows.
Used by MainWindow."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui.dialogs import ask_name

REVIEWER_KEY = "reviewer/name"
# kind → (menu text, file-dialog filter, suggested name suffix, file extension)
OUTPUTS = {
    "xlsx": ("导出复核表（Excel）…", "Excel 工作簿 (*.xlsx)", "复核表", "xlsx"),
    "docx": ("导出复核意见（Word）…", "Word 文档 (*.docx)", "复核意见", "docx"),
    "pdf": ("导出复核意见（PDF）…", "PDF 文件 (*.pdf)", "复核意见", "pdf"),
    "annotated_pdf": ("导出批注版报告（PDF）…", "PDF 文件 (*.pdf)", "批注版", "pdf"),
}
COMPLETE_TEXT = "标记复核完成"
EDIT_COMPLETED = "本复核已标记为“复核完成”。\n\n确定要修改吗？修改后复核将重新打开，需要再次标记完成。\n\n将要进行的修改：{label}"


class ReviewOutputs:
    """Mixin of MainWindow: needs `settings`, `session`, `_action`, `show_error` and `statusBar`."""

    def _build_output_actions(self) -> None:
        self.export_actions = {
            kind: self._action(text, lambda _=False, k=kind: self.export_output(k), None, f"按当前复核结果{text[:-1]}")
            for kind, (text, *_rest) in OUTPUTS.items()}
        self.opinion_action = self._action("编辑复核意见…", self.edit_opinion, None,
                                           "逐节修改复核意见的文字；导出的复核意见按修改后的文字")
        self.reviewer_action = self._action("设置复核人…", self.change_reviewer, None, "修改写入修改记录和导出文件的复核人姓名")
        self.complete_action = self._action(COMPLETE_TEXT, self.toggle_completed, None,
                                            "标记后再修改需先确认；再次点击取消标记")
        self.complete_action.setCheckable(True)

    def output_actions(self) -> list:
        """For the 复核 menu (the exports are in the 文件 menu), None = separator."""
        return [self.opinion_action, None, self.reviewer_action, self.complete_action]

    def _update_outputs(self) -> None:
        has = self.session is not None
        for action in (*self.export_actions.values(), self.opinion_action, self.complete_action):
            action.setEnabled(has)
        self.complete_action.setChecked(has and self.session.completed)

    # -- reviewer and completion -----------------------------------------------------------------------
    def reviewer_name(self) -> str | None:
        return self.settings.value(REVIEWER_KEY) or None

    def adopt_session(self, session) -> None:
        """A session just opened works under this window's reviewer (asked the first time) and asks
        through this window before editing a completed review."""
        name = self.reviewer_name()
        if name is None:
            name = ask_name(self, session.reviewer)
            if name:
                self.settings.setValue(REVIEWER_KEY, name)
        session.set_reviewer(name or session.reviewer)
        session.edit_guard = self.confirm_edit

    def change_reviewer(self) -> None:
        name = ask_name(self, self.reviewer_name())
        if not name:
            return
        self.settings.setValue(REVIEWER_KEY, name)
        if self.session is not None:
            self.session.set_reviewer(name)
        self.statusBar().showMessage(f"复核人：{name}", 5000)

    def confirm_edit(self, label: str) -> bool:
        reply = QMessageBox.question(self, "复核已完成", EDIT_COMPLETED.format(label=label))
        return reply == QMessageBox.StandardButton.Yes

    def toggle_completed(self) -> None:
        if self.session is not None:
            self.session.set_completed(not self.session.completed)
        self._update_outputs()

    # -- the opinion's wording ---------------------------------------------------------------------------
    def edit_opinion(self) -> None:
        if self.session is None:
            return
        from core.errors import CodedError
        from core.exports.opinion_editing import save_section_texts, section_texts
        from gui.opinion_editor import OpinionEditor

        dialog = OpinionEditor(section_texts(self.session), self)
        if not self.run_opinion_editor(dialog):
            return
        try:
            changed = save_section_texts(self.session, dialog.texts())
        except CodedError as exc:  # a completed review whose reopening the reviewer declined
            self.statusBar().showMessage(exc.message, 8000)
            return
        self.statusBar().showMessage(f"复核意见已修改 {changed} 节" if changed else "复核意见未修改", 5000)

    def run_opinion_editor(self, dialog) -> bool:
        """Modal; one place for the tests to fill the dialog instead of waiting on it."""
        return dialog.exec() == dialog.DialogCode.Accepted

    # -- exports ---------------------------------------------------------------------------------------
    def export_output(self, kind: str) -> None:
        if self.session is None:
            return
        text, file_filter, suffix, extension = OUTPUTS[kind]
        source = Path(self.session.document.path or self.session.document.name)
        suggested = source.with_name(f"{source.stem}-{suffix}.{extension}")
        path, _ = QFileDialog.getSaveFileName(self, text.removesuffix("…"), str(suggested), file_filter)
        if not path:
            return
        path = path if path.lower().endswith(f".{extension}") else f"{path}.{extension}"
        from core.errors import CodedError
        from core.exports.writing import checked_targets, snapshot, write_outputs

        try:
            wanted = checked_targets({kind: path})
        except CodedError as exc:
            self._export_failed(exc)
            return
        snap = snapshot(self.session)  # taken now; rendering runs on the job thread while editing goes on
        self.jobs.start(f"正在导出 {Path(path).name}…", lambda: write_outputs(snap, wanted),
                        lambda _paths: self.statusBar().showMessage(f"已导出 {Path(path).name}", 8000),
                        self._export_failed, uses_pdfium=False)

    def _export_failed(self, exc: Exception) -> None:
        message, code = getattr(exc, "message", str(exc)), getattr(exc, "code", None)
        QMessageBox.critical(self, "无法导出", message + (f"\n（错误代码：{code}）" if code else ""))
