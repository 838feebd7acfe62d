"""The right pane: indicator table, base figures and findings, each a view over a session model."""

from __future__ import annotations


from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.review.judgement import qualitative_levels
from core.review.progress import WorkItem, step, work_queue
from gui.checklist_dialog import ChecklistDialog
from gui.delegates import ChoiceOrNumberDelegate
from gui.figures_model import COL_LABEL as FIG_COL_LABEL
from gui.figures_model import COL_ORIGIN as FIG_COL_ORIGIN
from gui.figures_model import COL_UNIT as FIG_COL_UNIT
from gui.figures_model import COL_VALUE as FIG_COL_VALUE
from gui.figures_model import FiguresModel, SpanRole
from gui.findings_model import FindingsModel, finding_details
from gui.indicator_model import (
    COL_CLAIMED,
    COL_COMMENT,
    COL_DIFF,
    COL_INPUT,
    COL_NAME,
    COL_REVIEWED,
    COL_STANDARD,
    COL_STATUS,
    COL_VALUE,
    COL_WEIGHT,
    LEGEND,
    IndicatorIdRole,
    IndicatorTreeModel,
)

# Fits the table into the right half of a 1366-pixel screen; 意见 takes what is left. The name column
# holds a three-level-deep name of 12 characters whole (the full path is the tooltip); the shallow
# indentation leaves the text most of it.
INDICATOR_COLUMN_WIDTHS = {COL_NAME: 214, COL_WEIGHT: 38, COL_STANDARD: 76, COL_INPUT: 110, COL_VALUE: 56,
                           COL_CLAIMED: 54, COL_REVIEWED: 54, COL_DIFF: 40, COL_STATUS: 56, COL_COMMENT: 48}
TREE_INDENTATION = 12
FIGURE_COLUMN_WIDTHS = {FIG_COL_LABEL: 150, FIG_COL_VALUE: 150, FIG_COL_UNIT: 50, FIG_COL_ORIGIN: 80}
FINDING_COLUMN_WIDTHS = (330, 150, 60, 120)  # 问题, 代码, 处理, 备注; 写入意见 takes the rest
COMPACT_ROW_HEIGHT = 24
# List over details at 1366×768: the details box holds a long message (three lines at this width), the
# figures, the locations and the verdict without scrolling; the splitter gives the rest to the list.
FINDING_SPLIT = (330, 130)
NO_FINDING_DETAILS = "选择一个问题，这里显示它的完整说明、数值与原文位置。"
FINDINGS_TAB = 2


def report_summary(meta) -> str:
    """被评价单位 · 年度 · 评价对象, as far as the report states them."""
    parts = [meta.unit or "（未识别被评价单位）", f"{meta.year}年度" if meta.year else "", meta.kind or ""]
    return "报告：" + " · ".join(p for p in parts if p)


def legend_widget() -> QWidget:
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(4, 0, 4, 0)
    layout.addWidget(QLabel("图例："))
    for text, colour in LEGEND:
        swatch = QLabel("　　")
        swatch.setAutoFillBackground(True)
        palette = swatch.palette()
        palette.setColor(QPalette.ColorRole.Window, colour)
        swatch.setPalette(palette)
        layout.addWidget(swatch)
        layout.addWidget(QLabel(text))
    layout.addStretch(1)
    return widget


class IndicatorTreeView(QTreeView):
    """Keys 1–4 choose the qualitative level of the current row (unless an editor is open)."""

    levelKeyPressed = Signal(str, int)  # indicator id, level

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if (Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and not event.modifiers()
                and self.state() != QAbstractItemView.State.EditingState):
            indicator_id = self.currentIndex().data(IndicatorIdRole)
            if indicator_id:
                self.levelKeyPressed.emit(indicator_id, key - Qt.Key.Key_0)
                event.accept()
                return
        super().keyPressEvent(event)


class ReviewPane(QWidget):
    """Tabs 指标评分 / 基础数据 / 问题清单; tells the window which document spans to highlight."""

    spansRequested = Signal(list)  # [(start, end)] to highlight in the document
    frameworkChosen = Signal(str)  # framework id
    messageRequested = Signal(str)  # a short hint for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self._last_step: int | None = None  # position in the work queue of the last F8 step
        self.indicators = IndicatorTreeModel(parent=self)
        self.figures = FiguresModel(parent=self)
        self.findings = FindingsModel(parent=self)
        self.framework_combo = QComboBox()
        # The combo's key of a framework: its id, unless the window lists it under another key (an imported
        # workbook may carry a built-in framework's id).
        self.framework_key = lambda framework: framework.id
        self.framework_combo.activated.connect(
            lambda i: self.frameworkChosen.emit(self.framework_combo.itemData(i)))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._indicator_tab(), "指标评分")
        self.tabs.addTab(self._figures_tab(), "基础数据")
        self.tabs.addTab(self._findings_tab(), "问题清单")
        top = QHBoxLayout()
        top.addWidget(QLabel("指标体系："))
        top.addWidget(self.framework_combo, 1)
        self.report_label = QLabel()
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.report_label)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # -- tabs -----------------------------------------------------------------------------------------
    def _indicator_tab(self) -> QWidget:
        self.indicator_view = IndicatorTreeView()
        self.indicator_view.setModel(self.indicators)
        self.indicator_view.setAlternatingRowColors(True)
        self.indicator_view.setUniformRowHeights(True)
        self.indicator_view.setIndentation(TREE_INDENTATION)
        self.indicator_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                            | QAbstractItemView.EditTrigger.EditKeyPressed
                                            | QAbstractItemView.EditTrigger.SelectedClicked)
        self.indicator_view.setItemDelegate(
            ChoiceOrNumberDelegate({COL_REVIEWED, COL_INPUT}, {COL_INPUT, COL_STATUS}, self))
        header = self.indicator_view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in INDICATOR_COLUMN_WIDTHS.items():
            self.indicator_view.setColumnWidth(column, width)
        self.indicator_view.selectionModel().currentRowChanged.connect(self._on_indicator_current)
        self.indicator_view.levelKeyPressed.connect(self._on_level_key)
        self.indicator_view.doubleClicked.connect(self._on_indicator_double_clicked)
        self.indicator_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.indicator_view.customContextMenuRequested.connect(self._indicator_menu)
        return self._with_legend(self.indicator_view)

    def _on_level_key(self, indicator_id: str, level: int) -> None:
        """A key that chooses no level says why, instead of doing nothing."""
        if self.indicators.set_level(indicator_id, level):
            return
        name = self.session.indicator(indicator_id).name
        levels = self.indicators.levels(indicator_id)
        if levels:
            hint = f"“{name}”只有 {len(levels)} 个等级，请按 1–{len(levels)}"
        elif self.indicators.checklist(indicator_id):
            hint = f"“{name}”按评分要点评定：双击“输入”列逐项勾选"
        else:
            hint = f"“{name}”不是定性指标，不能按等级评定；可在“复核得分”列填写人工得分"
        self.messageRequested.emit(hint)

    def _on_indicator_double_clicked(self, index: QModelIndex) -> None:
        indicator_id = index.data(IndicatorIdRole)
        if index.column() == COL_INPUT and indicator_id and self.indicators.checklist(indicator_id):
            self.open_checklist(indicator_id)

    def open_checklist(self, indicator_id: str) -> None:
        items = self.indicators.checklist(indicator_id)
        dialog = ChecklistDialog(self.session.indicator(indicator_id).name, items,
                                 self.session.decision(indicator_id).checked, self)
        if dialog.exec():
            self.session.set_checked(indicator_id, dialog.checked())

    def _indicator_menu(self, pos) -> None:
        indicator_id = self.indicator_view.indexAt(pos).data(IndicatorIdRole)
        if not indicator_id or self.session is None:
            return
        session, menu = self.session, QMenu(self)
        decision = session.decision(indicator_id)
        if self.indicators.checklist(indicator_id):
            menu.addAction("评分要点…", lambda: self.open_checklist(indicator_id))
            if decision.checked is not None:
                menu.addAction("清除评分要点", lambda: session.set_checked(indicator_id, None))
        levels = qualitative_levels(session.indicator(indicator_id), session.framework.options)
        if levels:
            submenu = menu.addMenu("等级")
            for number, name in enumerate(levels, start=1):
                submenu.addAction(f"{number} {name}", lambda n=number: session.set_level(indicator_id, n))
            if decision.level is not None:
                submenu.addAction("取消等级", lambda: session.set_level(indicator_id, None))
        if decision.manual_score is not None:
            menu.addAction("清除人工复核得分", lambda: session.set_manual_score(indicator_id, None))
        flag = not decision.not_applicable
        menu.addAction("设为不适用" if flag else "取消不适用", lambda: session.set_not_applicable(indicator_id, flag))
        menu.exec(self.indicator_view.viewport().mapToGlobal(pos))

    @staticmethod
    def _with_legend(view: QWidget) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        layout.addWidget(legend_widget())
        return widget

    def _figures_tab(self) -> QWidget:
        self.figures_view = QTableView()
        self.figures_view.setModel(self.figures)
        self.figures_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.figures_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.figures_view.setItemDelegate(ChoiceOrNumberDelegate({FIG_COL_VALUE}, set(), self))
        self.figures_view.horizontalHeader().setStretchLastSection(True)
        self.figures_view.verticalHeader().hide()
        self.figures_view.verticalHeader().setDefaultSectionSize(COMPACT_ROW_HEIGHT)
        for column, width in FIGURE_COLUMN_WIDTHS.items():
            self.figures_view.setColumnWidth(column, width)
        self.figures_view.selectionModel().currentRowChanged.connect(self._on_figure_current)
        self.figures_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.figures_view.customContextMenuRequested.connect(self._figure_menu)
        return self.figures_view

    def _figure_menu(self, pos) -> None:
        var = self.figures.var_at(self.figures_view.indexAt(pos).row())
        if var is None or self.session is None:
            return
        menu = QMenu(self)
        restore = menu.addAction("恢复提取值", lambda: self.session.restore_extracted(var))
        restore.setEnabled(self.session.value(var) != self.session.extracted_value(var))
        menu.addAction("清空（改为待录入）", lambda: self.session.set_value(var, None))
        menu.exec(self.figures_view.viewport().mapToGlobal(pos))

    def _findings_tab(self) -> QWidget:
        self.findings_view = QTreeView()
        self.findings_view.setModel(self.findings)
        for column, width in enumerate(FINDING_COLUMN_WIDTHS):
            self.findings_view.setColumnWidth(column, width)
        self.findings_view.setWordWrap(True)
        self.findings_view.selectionModel().currentRowChanged.connect(self._on_finding_current)
        buttons = QHBoxLayout()
        for text, handler in (("跳转到原文", self._jump_to_finding), ("采纳", lambda: self._verdict("accepted")),
                              ("驳回…", lambda: self._verdict("dismissed")),
                              ("重新打开", lambda: self._verdict("open")), ("加入意见", self._toggle_opinion)):
            button = QPushButton(text)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.finding_details = QPlainTextEdit(readOnly=True, placeholderText=NO_FINDING_DETAILS)
        split = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        split.addWidget(self.findings_view)
        split.addWidget(self.finding_details)
        split.setStretchFactor(0, 1)
        split.setSizes(list(FINDING_SPLIT))
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        return widget

    def _show_finding_details(self) -> None:
        """The current finding in full (its message, figures, locations and verdict), or the placeholder."""
        index = self.findings_view.currentIndex()
        finding = self.findings.finding_at(index)
        key = self.findings.key_at(index)
        text = (finding_details(finding, self.session.finding_state(key), self.session.document)
                if finding is not None else "")
        self.finding_details.setPlainText(text)

    # -- session --------------------------------------------------------------------------------------
    def set_session(self, session, frameworks: list[tuple[str, str]]) -> None:
        self.session = session
        self._last_step = None
        for model in (self.indicators, self.figures, self.findings):
            model.set_session(session)
        self.report_label.setText(report_summary(session.extraction.meta) if session else "")
        self.set_frameworks(frameworks)
        self._show_finding_details()
        if session is not None:
            self.indicator_view.expandAll()
            self.findings_view.expandAll()

    def set_frameworks(self, frameworks: list[tuple[str, str]]) -> None:
        """List (key, name) in the combo and show the session's framework (added if not listed)."""
        self.framework_combo.clear()
        if self.session is None:
            return
        for key, name in frameworks:
            self.framework_combo.addItem(name, key)
        self._show_current_framework()

    def _show_current_framework(self) -> None:
        framework = self.session.framework
        position = self.framework_combo.findData(self.framework_key(framework))
        if position < 0:
            self.framework_combo.addItem(framework.name, self.framework_key(framework))
            position = self.framework_combo.count() - 1
        self.framework_combo.setCurrentIndex(position)

    def apply_change(self, change) -> None:
        for model in (self.indicators, self.figures, self.findings):
            model.apply_change(change)
        if change.framework:
            self.indicator_view.expandAll()
            self._show_current_framework()
        if change.findings or change.framework:
            self.findings_view.expandAll()
        if change.findings or change.framework or change.finding_states:
            self._show_finding_details()

    # -- selection → document spans -------------------------------------------------------------------
    def indicator_spans(self, indicator_id: str) -> list[tuple[int, int]]:
        from core.review.evidence import indicator_spans

        return indicator_spans(self.session, indicator_id)

    def _on_indicator_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        indicator_id = current.data(IndicatorIdRole)
        if indicator_id and self.session:
            self.spansRequested.emit(self.indicator_spans(indicator_id))

    def _on_figure_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        span = current.data(SpanRole)
        if span:
            self.spansRequested.emit([span])

    def _on_finding_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_finding_details()
        finding = self.findings.finding_at(current)
        if finding is not None:
            self.spansRequested.emit([(loc.start, loc.end) for loc in finding.locs])

    def _jump_to_finding(self) -> None:
        self._on_finding_current(self.findings_view.currentIndex(), QModelIndex())

    def _current_finding_key(self) -> str | None:
        return self.findings.key_at(self.findings_view.currentIndex().siblingAtColumn(0))

    def _verdict(self, status: str) -> None:
        key = self._current_finding_key()
        if key is None:
            return
        note = None
        if status == "dismissed":
            note, ok = QInputDialog.getText(self, "驳回问题", "驳回理由（写入备注）：",
                                            text=self.session.finding_state(key).note or "")
            if not ok:
                return
        self.session.set_finding_state(key, status=status, note=note)

    def _toggle_opinion(self) -> None:
        key = self._current_finding_key()
        if key is not None:
            state = self.session.finding_state(key)
            self.session.set_finding_state(key, include_in_opinion=not state.include_in_opinion)

    # -- navigation -----------------------------------------------------------------------------------
    def current_variable(self) -> str | None:
        return self.figures.var_at(self.figures_view.currentIndex().row())

    def select_variable(self, var: str) -> None:
        row = self.figures.row_of(var)
        if row >= 0:
            self.tabs.setCurrentIndex(1)
            self.figures_view.setCurrentIndex(self.figures.index(row, FIG_COL_VALUE))

    def select_indicator(self, indicator_id: str) -> None:
        index = self.indicators.index_of(indicator_id)
        if index.isValid():
            self.tabs.setCurrentIndex(0)
            already = self.indicator_view.currentIndex().siblingAtColumn(0) == index
            self.indicator_view.setCurrentIndex(index)
            self.indicator_view.scrollTo(index)
            if already:  # no currentRowChanged: show its sources again (another selection may have replaced them)
                self._on_indicator_current(index, QModelIndex())

    def select_finding(self, finding_id: str) -> None:
        self._select_finding_index(self.findings.index_of(finding_id))

    def select_finding_key(self, key: str) -> None:
        self._select_finding_index(self.findings.index_of_key(key))

    def _select_finding_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tabs.setCurrentIndex(FINDINGS_TAB)
            already = self.findings_view.currentIndex().siblingAtColumn(0) == index
            self.findings_view.setCurrentIndex(index)
            self.findings_view.scrollTo(index)
            if already:
                self._on_finding_current(index, QModelIndex())

    def _current_item(self) -> tuple[str, str | None]:
        if self.tabs.currentIndex() == FINDINGS_TAB:
            return "finding", self._current_finding_key()
        return "indicator", self.indicator_view.currentIndex().siblingAtColumn(0).data(IndicatorIdRole)

    def step_unresolved(self, forward: bool) -> WorkItem | None:
        """Select the next (or previous) item of the session's work queue after the current one, wrapping
        around; when the current item was just resolved, the step continues from where it stood."""
        queue = work_queue(self.session)
        index = step(queue, WorkItem(*self._current_item()), self._last_step, forward)
        if index is None:
            return None
        self._last_step, item = index, queue[index]
        if item.kind == "indicator":
            self.select_indicator(item.key)
        else:
            self.select_finding_key(item.key)
        return item
