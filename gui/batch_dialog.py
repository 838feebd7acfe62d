"""批量预审: a folder of reports analysed by core.batch on a worker thread, with progress and cancel, and
the summary as a sortable table; double-clicking a report opens it with its review in the main window."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.batch_model import BatchSortProxy, BatchTableModel, ReviewRole

SUMMARY_NAME = "批量预审汇总.xlsx"


class BatchThread(QThread):
    """Runs run_batch; `cancel()` stops it after the reports being analysed (their rows are kept)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)  # BatchResult
    failed = Signal(object)  # the exception

    def __init__(self, options, parent=None):
        super().__init__(parent)
        self.options = options
        self.stop = threading.Event()

    def run(self) -> None:
        from core.batch import run_batch

        try:
            result = run_batch(self.options, progress=self.progressed.emit, cancel=self.stop)
        except Exception as exc:  # noqa: BLE001 -- shown in the dialog, never lost on the thread
            self.failed.emit(exc)
            return
        self.succeeded.emit(result)

    def cancel(self) -> None:
        self.stop.set()


class BatchDialog(QDialog):
    openRequested = Signal(str)  # a review file (or a report without one) for the main window to open

    def __init__(self, parent=None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle("批量预审")
        self.resize(1100, 640)
        self.thread: BatchThread | None = None
        self.result = None
        self.model = BatchTableModel(self)
        self.proxy = BatchSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build(folder)

    def _build(self, folder: str) -> None:
        self.folder_edit = QLineEdit(folder)
        self.summary_edit = QLineEdit(str(Path(folder).parent / SUMMARY_NAME) if folder else "")
        self.jobs_spin = QSpinBox(minimum=1, maximum=max(1, QThread.idealThreadCount()),
                                  value=max(1, QThread.idealThreadCount()))
        self.sample_spin = QSpinBox(minimum=0, maximum=10000, specialValueText="不抽查")
        form = QFormLayout()
        form.addRow("报告文件夹：", self._with_button(self.folder_edit, "选择…", self._choose_folder))
        form.addRow("汇总表：", self._with_button(self.summary_edit, "另存为…", self._choose_summary))
        form.addRow("并行进程数：", self.jobs_spin)
        form.addRow("随机抽查份数：", self.sample_spin)
        self.progress = QProgressBar()
        self.status = QLabel("选择存放自评报告的文件夹（含子文件夹），汇总表与复核文件夹将写在汇总表旁边。")
        self.status.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_row)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("开始", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("停止", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_summary_button = buttons.addButton("打开汇总表", QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_summary_button.clicked.connect(self._open_summary)
        close.clicked.connect(self.reject)
        self.cancel_button.setEnabled(False)
        self.open_summary_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _with_button(self, edit: QLineEdit, text: str, slot) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择报告文件夹", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)
            if not self.summary_edit.text():
                self.summary_edit.setText(str(Path(folder).parent / SUMMARY_NAME))

    def _choose_summary(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "汇总表另存为", self.summary_edit.text(), "Excel 工作簿 (*.xlsx)")
        if path:
            self.summary_edit.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def start(self) -> None:
        from core.batch import BatchOptions

        if self.thread is not None or not self.folder_edit.text().strip():
            return
        sample = self.sample_spin.value() or None
        options = BatchOptions([self.folder_edit.text().strip()], Path(self.summary_edit.text().strip()),
                               jobs=self.jobs_spin.value(), sample=sample)
        self.thread = BatchThread(options, self)
        self.thread.progressed.connect(self._on_progress)
        self.thread.succeeded.connect(self._on_done)
        self.thread.failed.connect(self._on_failed)
        self.thread.finished.connect(self._on_thread_finished)
        self._set_running(True)
        self.status.setText("正在启动分析进程…")
        self.thread.start()

    def cancel(self) -> None:
        if self.thread is not None:
            self.thread.cancel()
            self.status.setText("正在停止：等待正在分析的报告完成…")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if name:
            self.status.setText(f"已完成 {done}/{total}：{name}")

    def _on_done(self, result) -> None:
        self.result = result
        self.model.set_result(result)
        self.table.resizeColumnsToContents()
        self.open_summary_button.setEnabled(True)
        failed = sum(1 for row in result.rows if row.failed)
        head = "已停止，汇总表只含已完成的报告" if result.interrupted else "已完成"
        self.status.setText(f"{head}：本次分析 {result.analysed} 份，沿用上次结果 {result.reused} 份，"
                            f"读取失败 {failed} 份。汇总表：{result.summary}　双击一行打开该报告的复核。")

    def _on_failed(self, exc: Exception) -> None:
        self.status.setText(f"批量预审未能进行：{exc}")

    def _on_thread_finished(self) -> None:
        self.thread = None
        self._set_running(False)

    def _open_row(self, index) -> None:
        review = self.proxy.data(index, ReviewRole)
        if review:
            self.openRequested.emit(review)

    def _open_summary(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.summary)))

    def reject(self) -> None:
        self.cancel()
        if self.thread is not None:
            self.thread.wait()
        super().reject()
