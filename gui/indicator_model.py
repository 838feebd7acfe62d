"""The framework as a tree (一级/二级/三级) with the session's result in columns; edits go to the session."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.frameworks.model import Indicator, Node
from core.review.judgement import checklist_items, counts_violations, qualitative_levels, qualitative_rule
from gui.figures_model import parse_value
from gui.roles import NO_PARENT, EditChoicesRole, FixedColumns, number_text

COLUMNS = ("指标", "分值", "评分标准", "输入", "计算值", "自评得分", "复核得分", "差异", "状态", "意见")
(COL_NAME, COL_WEIGHT, COL_STANDARD, COL_INPUT, COL_VALUE, COL_CLAIMED, COL_REVIEWED, COL_DIFF, COL_STATUS,
 COL_COMMENT) = range(len(COLUMNS))

STATUS_TEXT = {"ok": "已评分", "needs_input": "待录入", "not_applicable": "不适用", "unjudged": "待判断",
               "manual": "人工评分"}
NOT_APPLICABLE_CHOICES = ("按规则评分", "不适用")

COLOUR_DIFFERS = QColor(250, 210, 210)
COLOUR_NEEDS_INPUT = QColor(255, 240, 180)
COLOUR_UNJUDGED = QColor(220, 232, 250)
LEGEND = (("复核得分与自评不同", COLOUR_DIFFERS), ("待录入基础数据", COLOUR_NEEDS_INPUT),
          ("待复核人判断", COLOUR_UNJUDGED))

IndicatorIdRole = Qt.ItemDataRole.UserRole + 1


class TreeItem:
    __slots__ = ("children", "node", "parent", "path", "row")

    def __init__(self, node: Node | Indicator | None, parent: TreeItem | None, row: int, path: tuple[str, ...]):
        self.node = node
        self.parent = parent
        self.row = row
        self.path = path
        self.children: list[TreeItem] = []

    @property
    def indicator(self) -> Indicator | None:
        return self.node if isinstance(self.node, Indicator) else None


def build_tree(roots: list[Node]) -> TreeItem:
    root = TreeItem(None, None, 0, ())

    def add(parent: TreeItem, nodes: list) -> None:
        for row, node in enumerate(nodes):
            item = TreeItem(node, parent, row, parent.path + (node.name,))
            parent.children.append(item)
            if isinstance(node, Node):
                add(item, node.children)

    add(root, roots)
    return root


class IndicatorTreeModel(FixedColumns, QAbstractItemModel):
    """Rows are levels and indicators of the session's framework; values come from session.result."""
    COLUMNS = COLUMNS

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = None
        self._root = TreeItem(None, None, 0, ())
        self._by_id: dict[str, TreeItem] = {}
        self._by_path: dict[tuple[str, ...], TreeItem] = {}
        if session is not None:
            self.set_session(session)

    # -- structure ------------------------------------------------------------------------------------
    def set_session(self, session) -> None:
        self.beginResetModel()
        self.session = session
        self._root = build_tree(session.framework.roots) if session else TreeItem(None, None, 0, ())
        self._by_id, self._by_path = {}, {}
        stack = list(self._root.children)
        while stack:
            item = stack.pop()
            self._by_path[item.path] = item
            if item.indicator:
                self._by_id[item.indicator.id] = item
            stack.extend(item.children)
        self.endResetModel()

    def _levels(self, indicator: Indicator) -> list[str]:
        return qualitative_levels(indicator, self.session.framework.options)

    def levels(self, indicator_id: str) -> list[str]:
        """The qualitative level names of an indicator, best first; empty if it is not judged by level."""
        item = self._by_id.get(indicator_id)
        return self._levels(item.indicator) if item is not None else []

    def checklist(self, indicator_id: str) -> list[tuple[str, Decimal]]:
        item = self._by_id.get(indicator_id)
        return checklist_items(item.indicator, self.session.framework.options) if item else []

    def _item(self, index: QModelIndex) -> TreeItem:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._item(parent).children[row])

    def parent(self, index: QModelIndex = NO_PARENT) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)


    def index_of(self, indicator_id: str, column: int = 0) -> QModelIndex:
        item = self._by_id.get(indicator_id)
        return self.createIndex(item.row, column, item) if item else QModelIndex()

    def index_of_path(self, path: tuple[str, ...], column: int = 0) -> QModelIndex:
        item = self._by_path.get(tuple(path))
        return self.createIndex(item.row, column, item) if item else QModelIndex()

    def indicator_ids(self) -> list[str]:
        """Indicator ids in display (depth-first) order."""
        out: list[str] = []

        def walk(item: TreeItem) -> None:
            for child in item.children:
                if child.indicator:
                    out.append(child.indicator.id)
                walk(child)

        walk(self._root)
        return out

    # -- data -----------------------------------------------------------------------------------------
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.session is None:
            return None
        item = index.internalPointer()
        if role == IndicatorIdRole:
            return item.indicator.id if item.indicator else None
        if item.indicator is None:
            return self._level_data(item, index.column(), role)
        return self._indicator_data(item.indicator, index.column(), role)

    def _level_data(self, item: TreeItem, column: int, role):
        level = next((lv for lv in self.session.result.totals.levels if tuple(lv.path) == item.path), None)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_NAME:
            return item.node.name
        if column == COL_WEIGHT:
            return number_text(item.node.weight)
        if level is None:
            return None
        if column == COL_CLAIMED:
            return number_text(level.claimed)
        if column == COL_REVIEWED:
            return number_text(level.reviewed)
        if column == COL_DIFF and level.claimed is not None:
            return number_text(level.reviewed - level.claimed)
        return None

    def _indicator_data(self, indicator: Indicator, column: int, role):
        result = self.session.result.by_id.get(indicator.id)
        if result is None:
            return indicator.name if column == COL_NAME and role == Qt.ItemDataRole.DisplayRole else None
        decision = self.session.decision(indicator.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(indicator, result, decision, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(indicator, result, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(result, column)
        if role == EditChoicesRole:
            if column == COL_INPUT and qualitative_rule(indicator):
                return self._levels(indicator)
            if column == COL_STATUS:
                return list(NOT_APPLICABLE_CHOICES)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_WEIGHT, COL_VALUE, COL_CLAIMED,
                                                                    COL_REVIEWED, COL_DIFF):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, indicator: Indicator, result, decision, column: int, editing: bool):
        if editing and column in (COL_INPUT, COL_REVIEWED, COL_STATUS):
            return self._edit_text(indicator, result, decision, column)
        if column == COL_NAME:
            return indicator.name
        if column == COL_STANDARD:
            return indicator.standard.splitlines()[0] if indicator.standard else ""
        if column == COL_INPUT:
            return self._input_text(indicator, result, decision)
        if column == COL_STATUS:
            return STATUS_TEXT.get(result.status, result.status)
        if column == COL_COMMENT:
            return result.comment or ""
        number = {COL_WEIGHT: indicator.weight, COL_VALUE: result.value, COL_CLAIMED: result.claimed_score,
                  COL_REVIEWED: result.score, COL_DIFF: result.difference}
        return number_text(number[column]) if column in number else None

    def _edit_text(self, indicator: Indicator, result, decision, column: int) -> str:
        """What an editor starts from: the reviewer's own entry, not the computed result."""
        if column == COL_REVIEWED:
            return number_text(decision.manual_score)
        if column == COL_STATUS:
            return NOT_APPLICABLE_CHOICES[1 if decision.not_applicable else 0]
        if counts_violations(indicator, self.session.framework.options):
            return "" if decision.violations is None else str(decision.violations)
        return self._input_text(indicator, result, decision)

    def _input_text(self, indicator: Indicator, result, decision) -> str:
        """The chosen level of a qualitative indicator, else the formula's inputs with their labels."""
        levels = self._levels(indicator)
        if decision.level and 1 <= decision.level <= len(levels):
            return levels[decision.level - 1]
        if decision.violations is not None:
            return f"不符合 {decision.violations} 例"
        if decision.checked is not None:
            return f"要点 {sum(decision.checked)}/{len(decision.checked)}：" + "".join(
                "✓" if ok else "✗" for ok in decision.checked)
        label = self.session.variable_label
        return "，".join(f"{label(var)}={number_text(value) or '？'}" for var, value in result.inputs.items())

    def _tooltip(self, indicator: Indicator, result, column: int) -> str | None:
        if column == COL_STANDARD:
            return indicator.standard or None
        if column in (COL_VALUE, COL_REVIEWED, COL_INPUT):
            return result.explanation or None
        if column == COL_NAME:
            return "／".join(indicator.path or (indicator.name,))
        return None

    def _background(self, result, column: int):
        if result.status == "needs_input":
            return QBrush(COLOUR_NEEDS_INPUT)
        if result.status == "unjudged":
            return QBrush(COLOUR_UNJUDGED)
        if column in (COL_REVIEWED, COL_DIFF) and result.difference not in (None, Decimal(0)):
            return QBrush(COLOUR_DIFFERS)
        return None

    # -- editing --------------------------------------------------------------------------------------
    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        indicator = index.internalPointer().indicator
        if indicator is None:
            return base
        editable = index.column() in (COL_REVIEWED, COL_STATUS, COL_COMMENT) or (
            index.column() == COL_INPUT and (qualitative_rule(indicator) is not None
                                             or counts_violations(indicator, self.session.framework.options)))
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        self.refusal = None
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        indicator = index.internalPointer().indicator
        column = index.column()
        text = "" if value is None else str(value).strip()
        if column == COL_INPUT and counts_violations(indicator, self.session.framework.options):
            count = parse_count(text)
            return count is not False and self.edit(self.session.set_violations, indicator.id, count)
        if column == COL_INPUT:
            levels = self._levels(indicator)
            if text not in levels:
                return False
            return self.set_level(indicator.id, levels.index(text) + 1)
        if column == COL_REVIEWED:
            score = parse_value(text)
            return score is not False and self.edit(self.session.set_manual_score, indicator.id, score)
        if column == COL_STATUS:
            if text not in NOT_APPLICABLE_CHOICES:
                return False
            self.session.set_not_applicable(indicator.id, text == NOT_APPLICABLE_CHOICES[1])
            return True
        self.session.set_comment(indicator.id, text or None)
        return True

    def set_level(self, indicator_id: str, level: int) -> bool:
        """Choose qualitative level `level` (1 = best) for the indicator; False if it has no such level."""
        return indicator_id in self._by_id and self.edit(self.session.set_level, indicator_id, level)

    # -- change notifications -------------------------------------------------------------------------
    def apply_change(self, change) -> None:
        """Repaint exactly the rows the session says changed; a new framework resets the model."""
        if change.framework:
            self.set_session(self.session)
            return
        last = len(COLUMNS) - 1
        for indicator_id in sorted(change.indicators | change.decisions):
            first = self.index_of(indicator_id)
            if first.isValid():
                self.dataChanged.emit(first, first.siblingAtColumn(last))
        for path in sorted(change.levels):
            first = self.index_of_path(path)
            if first.isValid():
                self.dataChanged.emit(first, first.siblingAtColumn(last))


def parse_count(text: str) -> int | None | bool:
    """A typed number of instances: None clears it, False rejects it (not a whole number ≥ 0)."""
    if not text:
        return None
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(text) if text.isdigit() else False
