"""自评表 read from copied text whose row structure is lost (forms.md §4, web copies): a token stream keyed
by the header.

The header is found by its vocabulary (`header.match_header`); its columns — how many, and which role each
has — then cut the tokens that follow into rows: a row is its level cells (written once per merged run and
carried down), its name, and its values, placed in the value columns by `align`. Page furniture around the
table is left out; a copy cut where the stored page stops gives an incomplete table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.extraction.model import Loc
from core.forms import vocabulary as vocab
from core.forms.align import align
from core.forms.header import FUNDS, INDICATORS, ColumnMap, block_of, clean_heading, is_heading, match_header
from core.forms.model import FormTable, FundsRow, IndicatorRow, LevelWeight, Value
from core.forms.tokens import (
    Token,
    has_numbering,
    is_level,
    is_placeholder,
    is_value,
    level_weight,
    plain,
    read_number,
    repair_ocr_number,
    strip_numbering,
    tokenize,
)

MAX_JOIN = 4  # fragments of one vocabulary word: 绩 效 指 标
MAX_GAP = 2  # unknown headings (指标解释, 评分标准) inside a header run
MAX_FIELD_TOKENS = 4
LOOK_BEHIND = 20_000  # characters before the grid's header where the title, fields and funds block stand
LOOK_AHEAD = 200_000  # characters after it; a real table is far shorter
MAX_TABLES = 20
NUMERIC_ROLES = frozenset({"weight", "score", "target", "actual", "budget_start", "budget", "executed", "rate"})
_SEP = r"[\s|｜]*"
# Where a grid may begin: the heading of its name column, written with any separators between its characters.
_ANCHOR = re.compile("|".join(_SEP.join(map(re.escape, word))
                              for word in ("一级指标",) + vocab.INDICATOR_HEADINGS["level3"]))
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度")
_SENTENCE = re.compile(r"[，。；,;]")
_OPEN_BRACKETS = "【[〔"


def read_copied_forms(text: str) -> list[FormTable]:
    """Every 自评表 in a copied text, in order."""
    forms: list[FormTable] = []
    position = 0
    while len(forms) < MAX_TABLES and (anchor := _ANCHOR.search(text, position)):
        start = max(position, anchor.start() - LOOK_BEHIND)
        form = _Reader(text, tokenize(text, start, min(len(text), anchor.end() + LOOK_AHEAD))).read()
        if form is None or form.loc is None:
            position = anchor.end()
            continue
        forms.append(form)
        position = max(form.loc.end, anchor.end())
    return forms


@dataclass
class _Header:
    columns: ColumnMap
    first: int  # token indices of the header run
    end: int
    roles: list[str]  # role of every column, "" where the heading is unknown


def _joined(tokens: list[Token], i: int, accept: Callable[[str], bool],
            longest: bool = False) -> tuple[str, int] | None:
    """The shortest (or longest) run of fragments from token i, up to MAX_JOIN, that together make an accepted
    word: headings take the shortest (执行率 | 得分 stay two; 年度 | 指标值 is one), level names the longest
    (满意度 | 指标 is one)."""
    sizes = range(1, min(MAX_JOIN, len(tokens) - i) + 1)
    for k in reversed(sizes) if longest else sizes:
        word = plain("".join(t.text for t in tokens[i:i + k]))
        if accept(word):
            return word, k
    return None


def _is_block(word: str) -> bool:
    return block_of(word) is not None


def _is_column_heading(word: str) -> bool:
    return is_heading(word) and not _is_block(word)


def _header_at(tokens: list[Token], i: int) -> _Header | None:
    cells: list[str] = []
    j = i
    gap: list[str] = []
    while j < len(tokens):
        heading = _joined(tokens, j, _is_column_heading)
        if heading:
            cells += gap + [heading[0]]
            gap = []
            j += heading[1]
        elif cells and len(gap) < MAX_GAP and _unknown_heading(tokens[j].text):
            gap.append(tokens[j].text)
            j += 1
        else:
            break
    j -= len(gap)
    columns = match_header(cells) if len(cells) >= 2 else None
    if columns is None:
        return None
    roles = [""] * len(cells)
    for role, col in columns.roles.items():
        roles[col] = role
    return _Header(columns, i, j, roles)


def _value(text: str, tokens: list[Token], role: str = "") -> Value:
    first, last = tokens[0], tokens[-1]
    loc = Loc(first.start, last.end, None, text[first.start:last.end])
    cell = "".join(t.text for t in tokens)
    if role not in NUMERIC_ROLES:
        return Value(cell, loc)
    reading = read_number(cell)
    return Value(repair_ocr_number(cell), loc, reading.number, reading.percent)


@dataclass
class _Row:
    """Tokens of one row before they are typed: leading text, then values."""

    texts: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)


class _Reader:
    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.levels: dict[str, str] = {}
        self.form = FormTable(kind=None, source="text")

    # -- the table's parts --------------------------------------------------------------------------------

    def read(self) -> FormTable | None:
        headers = self._headers()
        grid = next((h for h in headers if h.columns.kind == INDICATORS), None)
        if grid is None:
            return None
        funds = [h for h in headers if h.columns.kind == FUNDS]
        first = min([grid.first] + [h.first for h in funds])
        start = self._table_start(first)
        self._read_fields(start, first)
        for header in funds:
            self._read_funds(header, self._block_end(header.end))
        end = self._read_grid(grid)
        used = [t for t in self.tokens[start:end]]
        if used:
            self.form.loc = Loc(used[0].start, used[-1].end, None, self.text[used[0].start:used[-1].end])
        return self.form

    def _headers(self) -> list[_Header]:
        headers = []
        i = 0
        while i < len(self.tokens):
            header = _header_at(self.tokens, i)
            if header:
                headers.append(header)
                i = header.end
            else:
                i += 1
        return headers

    def _table_start(self, first_header: int) -> int:
        """The title token nearest before the header, else the first header field, else the header."""
        titles = [i for i in range(first_header) if any(w in self.tokens[i].text for w in vocab.TITLE_WORDS)]
        for i in reversed(titles):
            kind = next((k for word, k in vocab.KINDS if word in self.tokens[i].text), None)
            if kind:
                self.form.kind = kind
                break
        if titles:
            return titles[-1]
        fields = [i for i in range(first_header) if plain(self.tokens[i].text) in vocab.HEADER_FIELDS]
        return fields[0] if fields else first_header

    def _read_fields(self, start: int, end: int) -> None:
        self._read_publisher(start)
        year = _YEAR.search(self.text, self.tokens[start].start, self.tokens[end].start) if end > start else None
        if year:
            self.form.fields["年度"] = Value(year.group(1), Loc(year.start(1), year.end(1), None, year.group(1)),
                                           read_number(year.group(1)).number)
        i = start
        while i < end:
            label = plain(self.tokens[i].text)
            if label not in vocab.HEADER_FIELDS:
                i += 1
                continue
            j = i + 1
            while j < end and j - i <= MAX_FIELD_TOKENS and not self._is_label(self.tokens[j].text):
                j += 1
            if j > i + 1:
                self._set_field(label, self.tokens[i + 1:j])
            i = j

    def _set_field(self, label: str, tokens: list[Token]) -> None:
        value = _value(self.text, tokens)
        self.form.fields.setdefault(label, value)
        if label in vocab.TOTAL_FIELDS:
            self.form.total_score = _value(self.text, tokens, "score")
        elif label in vocab.GRADE_FIELDS and value.text in vocab.GRADES:
            self.form.grade = value

    def _read_publisher(self, start: int) -> None:
        """The page's publisher (发文单位), which names the unit where the table leaves it empty."""
        for i in range(start - 1):
            label, _, rest = self.tokens[i].text.partition(":")
            if label.lstrip(_OPEN_BRACKETS) in vocab.PUBLISHER_FIELDS:
                tokens = [self.tokens[i + 1]] if not rest else []
                if tokens and not self._is_label(tokens[0].text):
                    self.form.fields.setdefault(label, _value(self.text, tokens))

    def _is_label(self, text: str) -> bool:
        word = plain(text)
        return (word in vocab.HEADER_FIELDS or _is_block(word) or is_heading(word)
                or any(w in word for w in vocab.TITLE_WORDS) or _is_page_field(word))

    def _block_end(self, i: int) -> int:
        """Where the funds block stops: the next block label or header."""
        while i < len(self.tokens):
            if _joined(self.tokens, i, _is_block) or _header_at(self.tokens, i) or self._stops(i):
                return i
            i += 1
        return i

    def _stops(self, i: int) -> bool:
        word = plain(self.tokens[i].text)
        return (word in vocab.TOTAL_ROW_LABELS or _is_note(word) or any(w in word for w in vocab.PAGE_END_WORDS)
                or any(w in word for w in vocab.TITLE_WORDS))

    # -- funds block ----------------------------------------------------------------------------------------

    def _read_funds(self, header: _Header, end: int) -> None:
        roles = [r for r in header.roles if r]
        for row in self._rows(header.end, end):
            label = "".join(plain(t.text) for t in row.texts)
            group = next((g for g in vocab.FUNDS_GROUP_LABELS if g in label), None)
            label = label.split(":")[-1].removeprefix(vocab.FUNDS_PART_PREFIX)
            if not label or not row.values:
                continue
            cells = {role: _value(self.text, [cell], role) for role, cell in align(row.values, roles).items()}
            kind = "total" if label in vocab.FUNDS_TOTAL_LABELS else "part"
            tokens = row.texts + row.values
            self.form.funds.append(FundsRow(label, kind, cells, self._loc(tokens), group))

    def _rows(self, i: int, end: int) -> list[_Row]:
        """Runs of text tokens each followed by a run of value tokens."""
        rows = [_Row()]
        for token in self.tokens[i:end]:
            if is_value(token.text):
                rows[-1].values.append(token)
            else:
                if rows[-1].values:
                    rows.append(_Row())
                rows[-1].texts.append(token)
        return rows

    # -- indicator grid -----------------------------------------------------------------------------------

    def _read_grid(self, header: _Header) -> int:
        """Rows from the header to the 总分 row, a note, the page's end or the text's end; the index after."""
        roles = header.roles
        names = [col for col, role in enumerate(roles) if role in ("level1", "level2", "level3")]
        name_col = header.columns.col("level3") if header.columns.col("level3") is not None else max(names)
        value_roles = roles[name_col + 1:]
        level_roles = [r for r in roles[:name_col] if r in ("level1", "level2")]
        i = header.end
        end = i
        rows: list[_Row] = [_Row()]
        while i < len(self.tokens):
            word = plain(self.tokens[i].text)
            if self._stops(i) or _header_at(self.tokens, i):
                end = self._read_closing(i)
                break
            if not _is_page_field(word):
                token = self.tokens[i]
                if is_value(token.text):
                    rows[-1].values.append(token)
                else:
                    if rows[-1].values:
                        rows.append(_Row())
                    rows[-1].texts.append(token)
            i += 1
            end = i
        previous: IndicatorRow | None = None
        for row in rows:
            previous = self._indicator_row(row, level_roles, value_roles, previous) or previous
        return end

    def _indicator_row(self, row: _Row, level_roles: list[str], value_roles: list[str],
                       previous: IndicatorRow | None) -> IndicatorRow | None:
        items = self._items(row.texts)
        while items and _is_sentence(items[0][0]) and previous and "reason" in value_roles:
            previous.cells.setdefault("reason", _value(self.text, items[0][1]))
            items.pop(0)
        name_at = self._name_index(items)
        for word, tokens in items[:name_at if name_at is not None else len(items)]:
            self._enter_level(word, tokens, level_roles)
        if name_at is None or not row.values:
            return None
        word, tokens = items[name_at]
        name = strip_numbering(word)
        values = [t for _, ts in items[name_at + 1:] for t in ts] + row.values
        if is_value(name):  # 指标1:/ — numbering, then the first value
            last = tokens[-1]
            name, values = word[:len(word) - len(name)].rstrip(":："), [Token(last.end - len(name), last.end,
                                                                           name)] + values
        cells = {role: _value(self.text, [cell], role) for role, cell in align(values, value_roles).items()
                 if role}
        not_applicable = any(v.text in vocab.NOT_APPLICABLE for r, v in cells.items() if r in ("weight", "score"))
        path = [self.levels[r] for r in ("level1", "level2") if r in self.levels] + [name]
        indicator = IndicatorRow(path, cells, self._loc(tokens + row.values), not_applicable)
        self.form.indicators.append(indicator)
        return indicator

    def _items(self, texts: list[Token]) -> list[tuple[str, list[Token]]]:
        """Text tokens with the fragments of one level name joined (经济效益 + 指标)."""
        items = []
        i = 0
        while i < len(texts):
            joined = _joined(texts, i, is_level, longest=True)
            k = joined[1] if joined else 1
            items.append(("".join(plain(t.text) for t in texts[i:i + k]), texts[i:i + k]))
            i += k
        return items

    @staticmethod
    def _name_index(items: list[tuple[str, list[Token]]]) -> int | None:
        """The row's name: the last numbered item (指标1:…), else the first after the levels."""
        structural = [n for n, (word, _) in enumerate(items)
                      if is_level(word) or level_weight(word) or is_placeholder(word)]
        numbered = [n for n, (word, _) in enumerate(items) if has_numbering(word) and not is_placeholder(word)]
        if numbered:
            return numbered[-1]
        after = (structural[-1] + 1) if structural else 0
        return after if after < len(items) else None

    def _enter_level(self, word: str, tokens: list[Token], level_roles: list[str]) -> None:
        """A level cell sets the level carried down to the rows under it; a weight on it is a level weight
        (a weight standing alone, whose level name the copy lost, cannot be placed)."""
        weighted = level_weight(word)
        name = weighted[0] if weighted else word
        if not is_level(name):
            return
        role = "level1" if name in vocab.LEVEL1_NAMES or not level_roles else level_roles[-1]
        if role == "level1":
            self.levels.pop("level2", None)
        self.levels[role] = name
        if weighted:
            path = [self.levels[r] for r in ("level1", "level2") if r in self.levels]
            self.form.level_weights.append(LevelWeight(path, weighted[1], self._loc(tokens)))

    def _read_closing(self, i: int) -> int:
        """The 总分 row (weight, score, grade) or a note; the table is complete when it reaches either."""
        word = plain(self.tokens[i].text)
        if _is_note(word):
            line_end = self.text.find("\n", self.tokens[i].start)
            line_end = len(self.text) if line_end < 0 else line_end
            self.form.notes.append(Value(self.text[self.tokens[i].start:line_end],
                                         Loc(self.tokens[i].start, line_end, None,
                                             self.text[self.tokens[i].start:line_end])))
            self.form.complete = True
            return i + 1
        if word not in vocab.TOTAL_ROW_LABELS:
            return i
        j = i + 1
        numbers = []
        while j < len(self.tokens) and is_value(self.tokens[j].text) and len(numbers) < 2:
            numbers.append(self.tokens[j])
            j += 1
        if len(numbers) == 2:
            self.form.total_weight = _value(self.text, numbers[:1], "weight")
        if numbers:
            self.form.total_score = _value(self.text, numbers[-1:], "score")
        if j < len(self.tokens) and plain(self.tokens[j].text) in vocab.GRADES:
            self.form.grade = _value(self.text, [self.tokens[j]])
            j += 1
        self.form.complete = True
        return j

    def _loc(self, tokens: list[Token]) -> Loc:
        start, end = tokens[0].start, tokens[-1].end
        return Loc(start, end, None, self.text[start:end])


def _unknown_heading(text: str) -> bool:
    """A cell that may be a heading the vocabulary does not know (指标解释), not the first cells of a row."""
    return not (is_value(text) or is_level(text) or has_numbering(text) or is_placeholder(text))


def _is_note(word: str) -> bool:
    return any(word.startswith(p + ":") or word.startswith(p + "：") for p in vocab.NOTE_PREFIXES)


def _is_page_field(word: str) -> bool:
    label = word.lstrip(_OPEN_BRACKETS).split(":")[0]
    return label in vocab.PAGE_FIELDS


def _is_sentence(word: str) -> bool:
    return bool(_SENTENCE.search(word))
