"""The one 自评表 reader: rows of fields (`rows`) in, `FormTable`s out (forms.md §1–§2).

A header row (or two) found by `header.match_header` opens a block — the funds block or the indicator grid,
in either order — and keys the rows under it by column role. Level cells merged down (or left empty) carry
the level above; a level cell's weight (产出指标(50分)) is a `LevelWeight`; placeholder rows (指标2:, ……)
and goal text are skipped; the 总分/合计 row, and 自评得分 / 评价等级 in the header block, give the total and
the grade; a note under the table may fix the level weights. Header fields (项目名称, 实施单位 …), the title
(kind) and the year come from the rows above the blocks.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from core.documents.model import Loc
from core.forms import vocabulary as vocab
from core.forms.cells import PageOf, full_marks, grade_in, loc_of, number_in, value_of
from core.forms.fields import is_field, names_a_table, read_context, read_fields
from core.forms.header import FUNDS, INDICATORS, MONEY_ROLES, ColumnMap, block_of, fold, is_heading, is_sub_header, match_header, \
    merge_header_rows, weight_in_heading
from core.forms.model import FormTable, FundsRow, IndicatorRow, LevelWeight, Value
from core.forms.rows import CONTEXT_LINES, NOTE_LINES, Field, Row, RowSource, join_broken_row, join_lines, non_empty, \
    row_span

_LABEL_END = re.compile(r"[:：]+$")
_WEIGHT_IN_LEVEL = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_NUMBERING = re.compile(vocab.NAME_NUMBERING)
_LIST_NUMBERING = re.compile(vocab.LIST_NUMBERING)
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
_PLACEHOLDER = re.compile(rf"^{vocab.PLACEHOLDER}$")
_NOTE_WEIGHT = re.compile(r"^(?:.*[:：])?([\u4e00-\u9fff]{2,16}?)\s*(\d+(?:\.\d+)?)\s*分$")
_NOTE_SPLIT = re.compile(r"[、,，;；。]")
_AMOUNT_UNIT = re.compile(r"[(（](?:单位[:：])?(万元|元|千元|亿元)[)）]|单位[:：](万元|元|千元|亿元)")
LEVEL_ROLES = ("level1", "level2", "level3")
MAX_HEADER_LINES = 12  # lines a copied header row may be broken over (one per broken heading)
MAX_GAP_ROWS = 6  # rows that are no part of a table before an open form is closed (copied text)


@dataclass
class _PendingTotal:
    """A 总分/合计 row just read, with what the form stated before it: a row of the grid after it makes it the
    sum of the 一级 under way instead."""

    before: tuple[Value | None, Value | None, Value | None]  # the form's total weight, score and grade
    label: Field
    weight: Value | None
    score: Value | None


@dataclass
class _State:
    form: FormTable | None = None
    columns: ColumnMap | None = None
    weight_heading: Field | None = None  # a funds heading stating the block's weight: 得分(20分*执行率)
    last_row: tuple[Row, IndicatorRow] | None = None  # the indicator row just read, with its fields
    levels: list[str] = field(default_factory=list)
    group: str | None = None  # the funds half under way (按收入性质分)
    closed: bool = False  # after the 总分 row: only notes follow
    gap: int = 0
    pending_total: _PendingTotal | None = None
    level_rows: dict[tuple[str, ...], IndicatorRow] = field(default_factory=dict)  # scored rows above the leaf


class FormReader:
    def __init__(self, source: RowSource, page_of: PageOf):
        self.source = source
        self.page_of = page_of
        self.forms: list[FormTable] = []
        self.context: deque[Row] = deque(maxlen=CONTEXT_LINES)
        self.state = _State()

    def read(self) -> list[FormTable]:
        for line in self.source.before:
            self.context.append([line])
        rows = self.source.rows
        i = 0
        while i < len(rows):
            i = self._row(rows, i)
        for line in self.source.after:
            self._after(Row([line]))
        self._close()
        return self.forms

    # --- dispatch --------------------------------------------------------------------------------------
    def _row(self, rows: list[Row], i: int) -> int:
        header = self._header_at(i)
        if header is not None:
            columns, header_rows, used = header
            self._open_block(columns, header_rows)
            return i + used
        state = self.state
        if state.columns is not None and self.source.text:  # copied text: a row may be broken over lines
            row, nxt = join_broken_row(self.source, i, state.columns.width, self._continues)
        else:
            row, nxt = rows[i], i + 1
        if state.form is not None and (state.form.funds or state.form.indicators) and names_a_table(row):
            self._close()  # the next table's header fields: this one's rows are over
            state = self.state
        if state.form is None:
            self.context.append(row)
            return nxt
        if state.closed and self._reopens(row):
            return nxt
        if state.closed:
            self._after(row)
            state.gap += 1
            if state.gap > NOTE_LINES:  # the note is over: what follows is no part of this table
                self._close()
            return nxt
        if not self._in_block(row):
            self._outside(row)
        return nxt

    def _header_at(self, i: int) -> tuple[ColumnMap, list[Row], int] | None:
        """The header starting at row i: (columns, its rows, rows used), or None."""
        rows = self.source.rows
        if len(non_empty(rows[i])) < 2:
            return None
        for row, used in self._header_lines(i):
            texts = [f.text for f in row]
            lower = rows[i + used] if i + used < len(rows) else None
            # a row of headings under a header row refines it; under a data row it is a header of its own
            if lower is not None and any(is_heading(t) for t in texts) and is_sub_header([f.text for f in lower]) \
                    and len(lower) >= len(row) and not _two_headers(texts, [f.text for f in lower]):
                merged = match_header(merge_header_rows(texts, [f.text for f in lower]))
                if merged is not None:
                    return merged, [row, lower], used + 1
            columns = match_header(texts)
            if columns is not None:
                return columns, [row], used
        return None

    def _header_lines(self, i: int):
        """Row i, then (in copied text) row i joined with the lines after it, where a heading of several
        paragraphs (年度 / 指标值) broke the header row: every cell of the joined row is a heading or a
        block label, so no goal text or data row is taken in."""
        yield self.source.rows[i], 1
        if not self.source.text or not any(is_heading(f.text) or block_of(f.text) is not None
                                           for f in self.source.rows[i]):
            return
        for count in range(2, min(MAX_HEADER_LINES, len(self.source.rows) - i) + 1):
            row = join_lines(self.source, i, count)
            if all(is_heading(f.text) or block_of(f.text) is not None for f in row if f.folded):
                yield row, count

    def _open_block(self, columns: ColumnMap, header_rows: list[Row]) -> None:
        if self.state.columns == columns and not self.state.closed:
            return  # the header repeated where the table breaks across pages: the block goes on
        form = self.state.form
        taken = form is not None and (form.indicators if columns.kind == INDICATORS else form.funds)
        if form is None or taken or self.state.closed:
            self._close()
            self._new_form(header_rows[0])
        headings = [f for row in header_rows for f in row if f.folded]
        self.state.columns, self.state.levels, self.state.group, self.state.gap = columns, [], None, 0
        self.state.weight_heading = next((f for f in headings if weight_in_heading(f.text)), None)
        unit = next((m.group(1) or m.group(2) for f in headings if (m := _AMOUNT_UNIT.search(f.folded))), None)
        if columns.kind == FUNDS and unit is not None:
            self.state.form.amount_unit = unit

    def _new_form(self, row: Row) -> None:
        form = FormTable(kind=None, source=self.source.source)
        start = row_span(row)[0]
        for context_row in self.context:
            if read_context(form, context_row, self.page_of):
                start = min(start, row_span(context_row)[0])
        self.context.clear()
        form.loc = Loc(start, start, self.page_of(start))
        self.state = _State(form=form)

    def _close(self) -> None:
        form = self.state.form
        if form is not None and form.kind is None:
            form.kind = next((kind for name, kind in vocab.KIND_FIELDS if name in form.fields), None)
        if form is not None and (form.indicators or form.funds):
            values = [form.total_score, form.total_weight, form.grade, *form.notes]
            end = max([r.loc.end for r in form.indicators] + [r.loc.end for r in form.funds]
                      + [v.loc.end for v in values if v is not None] + [form.loc.end])
            form.loc = Loc(form.loc.start, end, form.loc.page)
            self.forms.append(form)
        self.state = _State()

    # --- rows of a block -------------------------------------------------------------------------------
    def _in_block(self, row: Row) -> bool:
        """Reads a row of the block under way; False where the row belongs to none."""
        state = self.state
        filled = non_empty(row)
        if not filled or state.columns is None:
            return bool(filled) is False
        first = filled[0]
        if state.columns.kind == INDICATORS and self._sums_a_level(first.folded):
            depth = self._label_depth(row, first)
            if _fold_label(first.folded) in vocab.SUBTOTAL_ROW_LABELS or (depth or 0) > 0:
                self._subtotal_row(row, filled, depth)
            else:  # a funds 合计 is its total row
                self._total_row(row, filled)
            return True
        if row[0].folded and block_of(row[0].text) in vocab.TEXT_BLOCKS:  # a block label in the first column
            state.columns = None
            return True
        if len(row) < state.columns.width:
            row = _padded(row, state.columns)
        if row is None or len(row) != state.columns.width:
            return False
        if state.columns.kind == FUNDS:
            return self._funds_row(row)
        self._indicator_row(row)
        return True

    def _funds_row(self, row: Row) -> bool:
        columns = self.state.columns
        labels = [f for f in row[:columns.first_value_col] if f.folded and block_of(f.text) is None]
        names = [_fund_label(f) for f in labels] or self._unlabelled_total(row)
        if not names:
            return not any(row[c].folded for c in columns.roles.values())
        self.state.group = next((n for n in names if n in vocab.FUNDS_GROUP_LABELS), self.state.group)
        label = names[-1]
        cells = {role: v for role, col in columns.roles.items() if (v := value_of(row[col], role, self.page_of))}
        if not cells:
            return label in vocab.FUNDS_GROUP_LABELS
        full_marks(cells)
        kind = "total" if label in vocab.FUNDS_TOTAL_LABELS else "part"
        heading = self.state.weight_heading
        if kind == "total" and "weight" not in cells and heading is not None:
            weight = weight_in_heading(heading.text)
            cells["weight"] = Value(weight, loc_of(heading, self.page_of), number_in(weight, "weight")[0])
        start, end = labels[-1].start if labels else min(v.loc.start for v in cells.values()), row_span(row)[1]
        self.state.form.funds.append(FundsRow(label, kind, cells, Loc(start, end, self.page_of(start)),
                                              self.state.group))
        return True

    def _unlabelled_total(self, row: Row) -> list[str]:
        """A block's first row giving amounts under no label (资金情况 | 185.00 | 179.45 | 97% …): the total."""
        columns = self.state.columns
        amounts = [value_of(row[c], r, self.page_of) for r in MONEY_ROLES if (c := columns.col(r)) is not None]
        first = not any(r.kind == "total" for r in self.state.form.funds)
        return [vocab.FUNDS_TOTAL_LABELS[0]] if first and any(v and v.number is not None for v in amounts) else []

    def _indicator_row(self, row: Row) -> None:
        state, columns = self.state, self.state.columns
        if self._rest_of_split_row(row):
            self._extend_split_row(row)
            return
        state.last_row = None
        own = None
        for depth, role in enumerate(r for r in LEVEL_ROLES if r in columns.roles):
            cell = row[columns.roles[role]]
            if not cell.folded:
                continue
            name = _name(cell.text)
            state.levels = state.levels[:depth] + [""] * (depth - len(state.levels)) + [name]
            own = (depth, cell, name)
            weight = _WEIGHT_IN_LEVEL.search(fold(cell.text))
            if weight and role != _leaf_role(columns):
                state.form.level_weights.append(
                    LevelWeight([n for n in state.levels if n], number_in(weight.group(1), "weight")[0],
                                loc_of(cell, self.page_of)))
        cells = {role: v for role, col in columns.roles.items()
                 if role not in LEVEL_ROLES and (v := value_of(row[col], role, self.page_of))}
        full_marks(cells)
        if own is None or not own[2] or _PLACEHOLDER.match(own[2]):
            return
        depth, cell, name = own
        leaf = depth == len([r for r in LEVEL_ROLES if r in columns.roles]) - 1
        if not (leaf or "weight" in cells or "score" in cells) or not cells:
            return
        start, end = cell.start, row_span(row)[1]
        indicator = IndicatorRow([n for n in state.levels[:depth + 1] if n], cells,
                                 Loc(start, end, self.page_of(start)), _not_applicable(cells))
        self._level_rows_above(indicator)
        state.form.indicators.append(indicator)
        state.last_row = (row, indicator)
        if not leaf:
            state.level_rows[tuple(indicator.path)] = indicator

    def _level_rows_above(self, indicator: IndicatorRow) -> None:
        """A scored row whose level path the new row extends was the level's own row (决策 | | | 20 | 19 above
        its items): the level's weight and score, not an item."""
        form, rows = self.state.form, self.state.level_rows
        above = [rows.pop(key) for k in range(1, len(indicator.path)) if (key := tuple(indicator.path[:k])) in rows]
        for row in above:
            if row.number("weight") is None:
                continue
            form.indicators.remove(row)
            score = row.cells.get("score")
            form.level_weights.append(LevelWeight(row.path, row.number("weight"), row.loc,
                                                  score if score is not None and score.number is not None else None))

    def _rest_of_split_row(self, row: Row) -> bool:
        """The part of the row above that a page break split off (a PDF whose rows may break across pages):
        the first row of a page holding only text, each piece under a filled cell of that row, no score or
        weight, no numbering of its own (指标2 opens a row)."""
        if self.state.last_row is None:
            return False
        above, _ = self.state.last_row
        filled = [(k, f) for k, f in enumerate(row) if f.folded]
        pages = self.page_of(row_span(above)[0]), self.page_of(filled[0][1].start) if filled else None
        if not filled or None in pages or pages[0] == pages[1]:
            return False
        points = {self.state.columns.col(r) for r in ("weight", "score")}
        return all(k not in points and above[k].folded and not _NUMBERING.match(f.folded)
                   and not _PLACEHOLDER.match(f.folded) for k, f in filled)

    def _extend_split_row(self, row: Row) -> None:
        above, indicator = self.state.last_row
        roles = {col: role for role, col in self.state.columns.roles.items()}
        joined = [Field(up.text + low.text, up.start, low.end) if low.folded else up for up, low in zip(above, row)]
        for k, f in enumerate(joined):
            role = roles.get(k)
            if not row[k].folded or role is None:
                continue
            if role == _leaf_role(self.state.columns):
                indicator.path[-1] = self.state.levels[-1] = _name(f.text)
            elif role not in LEVEL_ROLES:
                indicator.cells[role] = value_of(f, role, self.page_of)
        indicator.loc = Loc(indicator.loc.start, max(indicator.loc.end, row_span(row)[1]), indicator.loc.page)
        self.state.last_row = (joined, indicator)

    def _label_depth(self, row: Row, label: Field) -> int | None:
        """The depth of the level column a sum's label stands in (0 一级, 1 二级 …), where the row's columns
        are certain; None where they are not (a web copy keeps no empty cells)."""
        columns = self.state.columns
        placed = _placed(row, columns)
        if placed is None:
            return None
        at = next((k for k, f in enumerate(placed) if f is label or f.start == label.start and f.folded), None)
        levels = [columns.roles[r] for r in LEVEL_ROLES if r in columns.roles]
        return levels.index(at) if at in levels else None

    def _subtotal_row(self, row: Row, filled: list[Field], depth: int | None) -> None:
        """小计 under a 二级, 合计 under a 一级: the weight and score of the level it closes (the one its label
        stands under; a 小计 whose column is unknown closes the level above the last row's name)."""
        levels = [n for n in self.state.levels if n]
        path = levels[:depth] if depth else levels[:-1]
        weight, score = self._total_cells(row, filled)
        self._add_level_sum(path, weight, score, filled[0])

    def _add_level_sum(self, path: list[str], weight: Value | None, score: Value | None, label: Field) -> None:
        if path and weight is not None and weight.number is not None:
            self.state.form.level_weights.append(LevelWeight(path, weight.number, loc_of(label, self.page_of),
                                                             score if score and score.number is not None else None))

    def _reopens(self, row: Row) -> bool:
        """A scored indicator row, or another total, after the 总分 row just read (a web copy, whose empty
        cells are gone, cannot show that a 合计 stood under its 一级): that 合计 summed the 一级 under way, and
        the grid goes on."""
        state = self.state
        filled = non_empty(row)
        pending = state.pending_total
        if pending is None or not filled or not (self._is_total(filled[0].folded) or self._scored_row(row)):
            return False
        form = state.form
        form.total_weight, form.total_score, form.grade = pending.before
        form.complete, state.closed, state.gap, state.pending_total = False, False, 0, None
        self._add_level_sum([n for n in state.levels if n][:1], pending.weight, pending.score, pending.label)
        self._in_block(row)
        return True

    def _scored_row(self, row: Row) -> bool:
        columns = self.state.columns
        if columns is None or columns.kind != INDICATORS:
            return False
        placed = _placed(row, columns)
        if placed is None:
            return False
        names = [placed[columns.roles[r]] for r in LEVEL_ROLES if r in columns.roles]
        points = [value_of(placed[c], r, self.page_of) for r in ("weight", "score") if (c := columns.col(r)) is not None]
        return any(f.folded for f in names) and any(v is not None and v.number is not None for v in points)

    def _total_row(self, row: Row, filled: list[Field]) -> None:
        """总分 | … | 100 | 93.4 | 优: by column where the row is as wide as the header; a copied row whose
        label spans the left columns has its cells under the header's last columns; else its numbers in
        order (分值, 得分)."""
        form = self.state.form
        weight, score = self._total_cells(row, filled)
        self.state.pending_total = _PendingTotal((form.total_weight, form.total_score, form.grade), filled[0], weight,
                                                 score)
        form.total_weight = weight if weight and weight.number is not None else form.total_weight
        form.total_score = score if score and score.number is not None else form.total_score
        grade = next((g for f in filled[1:] if (g := grade_in(value_of(f, "grade", self.page_of)))), None)
        if grade is not None:
            form.grade = grade
        form.complete = True
        self.state.closed, self.state.gap = True, 0

    def _total_cells(self, row: Row, filled: list[Field]) -> tuple[Value | None, Value | None]:
        columns = self.state.columns
        label_at = next(k for k, f in enumerate(row) if f.folded)
        rest = row[label_at + 1:]
        if len(row) <= columns.width:
            offset = 0 if len(row) == columns.width else columns.width - len(rest) - label_at - 1
            placed = {role: row[col - offset] for role in ("weight", "score")
                      if (col := columns.col(role)) is not None and label_at < col - offset < len(row)}
            cells = {role: value_of(f, role, self.page_of) for role, f in placed.items()}
            others = [f for f in row[label_at + 1:] if f.folded and f not in placed.values()]
            if all(v is None or v.number is not None for v in cells.values()) and not any(
                    number_in(f.text, "score")[0] is not None for f in others):
                return cells.get("weight"), cells.get("score")
        numbers = [v for f in filled[1:] if (v := value_of(f, "score", self.page_of)) and v.number is not None]
        return (numbers[0], numbers[1]) if len(numbers) >= 2 else (None, numbers[0] if numbers else None)

    def _continues(self, line: Field) -> bool:
        """A line that can only be a further paragraph of the cell above: no note, total, block or field."""
        row = Row([line])
        return not (_is_note(row) or self._is_total(line.folded) or block_of(line.text) is not None
                    or is_field(line.text)
                    or any(word in line.folded for word in vocab.TITLE_WORDS))

    def _is_total(self, folded: str) -> bool:
        return _fold_label(folded) in vocab.TOTAL_ROW_LABELS

    def _sums_a_level(self, folded: str) -> bool:
        return self._is_total(folded) or _fold_label(folded) in vocab.SUBTOTAL_ROW_LABELS

    # --- rows outside the blocks -----------------------------------------------------------------------
    def _outside(self, row: Row) -> None:
        """A row no block reads: a header field, goal text, a note; a long run of them ends the form."""
        state = self.state
        if read_fields(state.form, row, self.page_of) or state.columns is None:
            return
        if _is_note(row):
            self._after(row)
            return
        state.gap += 1
        if state.gap > MAX_GAP_ROWS:
            self._close()

    def _after(self, row: Row) -> None:
        form = self.state.form or (self.forms[-1] if self.forms else None)
        if form is None:
            return
        if read_fields(form, row, self.page_of):
            return
        add_notes(form, [row], self.page_of)


def _two_headers(upper: list[str], lower: list[str]) -> bool:
    """A funds header straight above the grid's (a block of no rows), or a row of fields stating numbers
    (自评得分 | 92 | 评价等级 | 优) above a header: two rows that are no header of two rows."""
    if any(number_in(text, "score")[0] is not None for text in upper):
        return True
    kinds = [columns.kind if (columns := match_header(texts)) else None for texts in (upper, lower)]
    return None not in kinds and kinds[0] != kinds[1]


def _fold_label(folded: str) -> str:
    return _LABEL_END.sub("", folded)


def _fund_label(f: Field) -> str:
    """年度资金总额: → 年度资金总额; 其中：本年财政拨款 → 本年财政拨款; 1.当年财政拨款 → 当年财政拨款."""
    label = _LABEL_END.sub("", fold(_LIST_NUMBERING.sub("", f.text)))
    if label.startswith(vocab.FUNDS_PART_PREFIX):
        label = _LABEL_END.sub("", label[len(vocab.FUNDS_PART_PREFIX):].lstrip(":："))
    return label


def _padded(row: Row, columns: ColumnMap) -> Row | None:
    """A copied row short of the header's width because a name or label cell spans two columns (Word gives
    it once): empty fields put back after it, so the values stand under their headings; None where the
    row names nothing there."""
    missing = columns.width - len(row)
    named = [k for k, f in enumerate(row[:max(0, columns.first_value_col - missing)]) if f.folded]
    if not named:
        return None
    at = named[-1] + 1
    gap = row[at - 1].end
    return row[:at] + [Field("", gap, gap)] * missing + row[at:]


def _placed(row: Row, columns: ColumnMap) -> Row | None:
    """The row as wide as the header (padded where a copy gave a spanning cell once), or None."""
    if len(row) == columns.width:
        return row
    return _padded(row, columns) if len(row) < columns.width else None


def _leaf_role(columns: ColumnMap) -> str:
    return [r for r in LEVEL_ROLES if r in columns.roles][-1]


def _name(text: str) -> str:
    """A level or indicator name as claims write it: no numbering (指标1:, 1., ①), weight ((50分)),
    quotation marks or spaces. List numbers go before folding, which turns ① into a plain 1."""
    name = _QUOTES.sub("", _NUMBERING.sub("", fold(_LIST_NUMBERING.sub("", text))))
    return _WEIGHT_IN_LEVEL.sub("", name).strip(":：")


def _not_applicable(cells: dict[str, Value]) -> bool:
    marks = [fold(cells[r].text) for r in ("weight", "score", "actual") if r in cells]
    return bool(marks) and all(m in vocab.NOT_APPLICABLE for m in marks)


def _is_note(row: Row) -> bool:
    filled = non_empty(row)
    return len(filled) == 1 and any(filled[0].folded.startswith(p) for p in vocab.NOTE_PREFIXES)


def _note_weights(note: Value) -> list[LevelWeight]:
    """产出指标50分、效益指标30分 … in a note fixing the weights."""
    out = []
    for part in _NOTE_SPLIT.split(fold(note.text)):
        m = _NOTE_WEIGHT.match(part)
        if m:
            out.append(LevelWeight([m.group(1)], number_in(m.group(2), "weight")[0], note.loc))
    return out


def read_forms(source: RowSource, page_of: PageOf) -> list[FormTable]:
    return FormReader(source, page_of).read()


def add_notes(form: FormTable, rows: list[Row], page_of: PageOf) -> None:
    """The notes among `rows` are the form's (under the table, or on a workbook's 填报说明 sheet after the
    table's): they may fix its level weights."""
    for row in rows:
        if _is_note(row):
            note = value_of(non_empty(row)[0], "note", page_of)
            form.notes.append(note)
            form.level_weights += _note_weights(note)
