"""Copied text whose row structure is lost (a 自评表 copied from a web page, forms.md §4), cut back into the
rows the one reader (`reader.read_forms`) reads.

The tokens are keyed by the header: found by its vocabulary (`header.match_header`), its columns — how many,
and which role each has — cut the tokens after it into rows. A row is its level cells (written once per
merged run; the reader carries them down), its name, and its values, placed in the value columns by
`align`. Title, year and header fields above the blocks become the reader's context rows; page furniture is
left out; a copy cut where the stored page stops just ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.forms import vocabulary as vocab
from core.forms.align import align
from core.forms.header import INDICATORS, ColumnMap, block_of, is_heading, match_header
from core.forms.rows import Field, Row, RowSource
from core.forms.tokens import (
    Token,
    has_numbering,
    is_level,
    is_placeholder,
    is_value,
    level_weight,
    plain,
    strip_numbering,
    tokenize,
)

MAX_JOIN = 4  # fragments of one vocabulary word: 绩 效 指 标
MAX_GAP = 2  # unknown headings (指标解释, 评分标准) inside a header run
MAX_FIELD_TOKENS = 4
LOOK_BEHIND = 20_000  # characters before the grid's header where the title, fields and funds block stand
LOOK_AHEAD = 200_000  # characters after it; a real table is far shorter
MAX_TABLES = 20
HEADER_REACH = 2_000  # characters a header may stretch over (headings one per line, page furniture between)
_SEP = r"[\s|｜]*"
# Where a grid may begin: the heading of its name column, written with any separators between its characters.
_ANCHOR = re.compile("|".join(_SEP.join(map(re.escape, word))
                              for word in ("一级指标",) + vocab.INDICATOR_HEADINGS["level3"]))
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度")
_SENTENCE = re.compile(r"[，。；,;]")
_OPEN_BRACKETS = "【[〔"


def copied_sources(text: str, start: int = 0, end: int | None = None) -> list[RowSource]:
    """The rows of every 自评表 in text[start:end], one source per table, in order."""
    end = len(text) if end is None else end
    sources: list[RowSource] = []
    position = start
    while len(sources) < MAX_TABLES and (anchor := _ANCHOR.search(text, position, end)):
        window = max(position, anchor.start() - LOOK_BEHIND)
        window_end = min(end, anchor.end() + LOOK_AHEAD)
        source = _Cutter(text, tokenize(text, window, window_end)).cut()
        if source is None:  # no grid header in the window: none starts before its last stretch either
            position = max(anchor.end(), window_end - HEADER_REACH)
            continue
        sources.append(source)
        position = max(source.end, anchor.end())
    return sources


@dataclass
class _Header:
    columns: ColumnMap
    first: int  # token indices of the header run
    end: int
    cells: list[list[Token]]  # the tokens of each column's heading
    label: list[Token]  # a block label in front (项目资金(万元))

    def role_of(self, col: int) -> str:
        return next((role for role, c in self.columns.roles.items() if c == col), "")


@dataclass
class _Run:
    """Text tokens, then the value tokens after them: one row before it is typed."""

    texts: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)


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


def _unknown_heading(text: str) -> bool:
    """A cell that may be a heading the vocabulary does not know (指标解释), not the first cells of a row."""
    return not (is_value(text) or is_level(text) or has_numbering(text) or is_placeholder(text))


def _header_at(tokens: list[Token], i: int) -> _Header | None:
    cells: list[list[Token]] = []
    gap: list[list[Token]] = []
    j = i
    while j < len(tokens):
        heading = _joined(tokens, j, _is_column_heading)
        if heading:
            cells += gap + [tokens[j:j + heading[1]]]
            gap = []
            j += heading[1]
        elif cells and len(gap) < MAX_GAP and _unknown_heading(tokens[j].text):
            gap.append([tokens[j]])
            j += 1
        else:
            break
    j -= len(gap)
    columns = match_header([plain("".join(t.text for t in cell)) for cell in cells]) if len(cells) >= 2 else None
    if columns is None:
        return None
    label = _joined(tokens, i - 1, _is_block) if i else None
    return _Header(columns, i, j, cells, [tokens[i - 1]] if label and label[1] == 1 else [])


def _field(text: str, tokens: list[Token]) -> Field:
    start, end = tokens[0].start, tokens[-1].end
    return Field(text[start:end], start, end)


def _empty(at: int) -> Field:
    return Field("", at, at)


def _is_note(word: str) -> bool:
    return any(word.startswith(p + ":") for p in vocab.NOTE_PREFIXES)


def _is_page_field(word: str) -> bool:
    return word.lstrip(_OPEN_BRACKETS).split(":")[0] in vocab.PAGE_FIELDS


def _is_sentence(word: str) -> bool:
    return bool(_SENTENCE.search(word))


class _Cutter:
    """One table of a token window cut into rows."""

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.rows: list[Row] = []

    def cut(self) -> RowSource | None:
        headers = self._headers()
        grid = next((h for h in headers if h.columns.kind == INDICATORS), None)
        if grid is None:
            return None
        funds = [h for h in headers if h is not grid and h.first < grid.first]
        first = min([grid.first] + [h.first for h in funds])
        start = self._context(first)
        for header in funds:
            self._funds(header, self._block_end(header.end))
        end = self._grid(grid)
        start_at = self.tokens[start].start
        return RowSource(self.rows, "text", [], [], start_at, self.tokens[end - 1].end)

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

    # -- above the blocks: title, year, header fields ------------------------------------------------------

    def _context(self, first: int) -> int:
        """Rows for the title, the year and the header fields; the token index where the table starts."""
        titles = [i for i in range(first) if any(w in self.tokens[i].text for w in vocab.TITLE_WORDS)]
        fields = [i for i in range(first) if plain(self.tokens[i].text) in vocab.HEADER_FIELDS]
        start = titles[-1] if titles else (fields[0] if fields else first)
        self.rows += [[_field(self.text, [self.tokens[i]])] for i in titles[-2:]]
        year = _YEAR.search(self.text, self.tokens[start].start, self.tokens[first].start) if first > start else None
        if year:
            self.rows.append([Field(year.group(0), year.start(), year.end())])
        row: Row = []
        for i in fields:
            values = []
            for token in self.tokens[i + 1:min(first, i + 1 + MAX_FIELD_TOKENS)]:
                if self._is_label(token.text):
                    break
                values.append(token)
            if values:
                row += [_field(self.text, [self.tokens[i]]), _field(self.text, values)]
        if row:
            self.rows.append(row)
        return start

    def _is_label(self, text: str) -> bool:
        word = plain(text)
        return (word in vocab.HEADER_FIELDS or _is_block(word) or is_heading(word) or _is_page_field(word)
                or any(w in word for w in vocab.TITLE_WORDS))

    # -- funds block --------------------------------------------------------------------------------------

    def _block_end(self, i: int) -> int:
        """Where the funds block stops: the next block label, header or closing row."""
        while i < len(self.tokens):
            if _joined(self.tokens, i, _is_block) or _header_at(self.tokens, i) or self._stops(i):
                return i
            i += 1
        return i

    def _funds(self, header: _Header, end: int) -> None:
        heads = [_field(self.text, cell) for cell in header.cells]
        label = _field(self.text, header.label) if header.label else _empty(heads[0].start)
        self.rows.append([label] + heads)
        roles = [header.role_of(col) for col in range(len(header.cells))]
        for run in self._runs(header.end, end):
            if run.texts and run.values:
                self.rows.append([_field(self.text, run.texts)] + self._placed(run.values, roles))

    def _placed(self, values: list[Token], roles: list[str]) -> Row:
        """One field per column: the aligned value, or an empty field."""
        placed = align(values, roles)
        at = values[0].start
        row = []
        for role in roles:
            token = placed.get(role) if role else None
            row.append(_field(self.text, [token]) if token else _empty(at))
            at = token.end if token else at
        return row

    def _runs(self, i: int, end: int) -> list[_Run]:
        runs = [_Run()]
        for token in self.tokens[i:end]:
            if _is_page_field(plain(token.text)):
                continue
            if is_value(token.text):
                runs[-1].values.append(token)
            else:
                if runs[-1].values:
                    runs.append(_Run())
                runs[-1].texts.append(token)
        return runs

    # -- indicator grid -----------------------------------------------------------------------------------

    def _grid(self, header: _Header) -> int:
        """The header and its rows, up to the 总分 row, a note, the page's end or the window's end; the token
        index after the table."""
        self.rows.append([_field(self.text, cell) for cell in header.cells])
        roles = [header.role_of(col) for col in range(len(header.cells))]
        names = [col for col, role in enumerate(roles) if role in ("level1", "level2", "level3")]
        name_col = header.columns.col("level3")
        name_col = max(names) if name_col is None else name_col
        end = header.end
        while end < len(self.tokens) and not (self._stops(end) or _header_at(self.tokens, end)):
            end += 1
        previous: Row | None = None
        for run in self._runs(header.end, end):
            previous = self._indicator(run, roles, name_col, previous) or previous
        return self._closing(end)

    def _indicator(self, run: _Run, roles: list[str], name_col: int, previous: Row | None) -> Row | None:
        items = self._items(run.texts)
        reason = roles.index("reason") if "reason" in roles else None
        while items and _is_sentence(items[0][0]) and previous and reason is not None and not previous[reason].text:
            previous[reason] = _field(self.text, items.pop(0)[1])
        name_at = _name_index(items)
        levels = [(word, tokens) for word, tokens in items[:name_at if name_at is not None else len(items)]
                  if _is_level_cell(word)]
        if name_at is None or not run.values:
            if levels:  # a level whose rows are empty or cut off: the rows after it are under it
                self.rows.append(self._level_row(levels, roles, name_col, levels[-1][1][0].start))
            return None
        word, tokens = items[name_at]
        name = strip_numbering(word)
        values = [t for _, ts in items[name_at + 1:] for t in ts] + run.values
        if is_value(name):  # 指标1:/ — numbering, then the first value
            last = tokens[-1]
            values = [Token(last.end - len(name), last.end, name)] + values
            tokens = [Token(last.start, last.end - len(name), word[:len(word) - len(name)])]
        row = self._level_row(levels, roles, name_col, tokens[0].start)
        row[name_col] = _field(self.text, tokens)
        row[name_col + 1:] = self._placed(values, roles[name_col + 1:])
        self.rows.append(row)
        return row

    def _level_row(self, levels: list[tuple[str, list[Token]]], roles: list[str], name_col: int, at: int) -> Row:
        """A row with the level cells stated on it, the rest empty: the last level stated is a 一级 where the
        vocabulary knows it as one (效益指标), else the deepest level column's; the one before it goes left."""
        row = [_empty(at) for _ in roles]
        level_cols = [col for col in range(name_col) if roles[col] in ("level1", "level2")]
        if not levels or not level_cols:
            return row
        word, tokens = levels[-1]
        weighted = level_weight(word)
        if (weighted[0] if weighted else word) in vocab.LEVEL1_NAMES:
            row[level_cols[0]] = _field(self.text, tokens)
            return row
        row[level_cols[-1]] = _field(self.text, tokens)
        if len(levels) > 1 and len(level_cols) > 1 and levels[-2][0] not in vocab.LEVEL2_NAMES:
            row[level_cols[-2]] = _field(self.text, levels[-2][1])
        return row

    def _items(self, texts: list[Token]) -> list[tuple[str, list[Token]]]:
        """Text tokens with the fragments of one level name joined (经济效益 + 指标)."""
        items = []
        i = 0
        while i < len(texts):
            joined = _joined(texts, i, _is_level_cell, longest=True)
            k = joined[1] if joined else 1
            items.append(("".join(plain(t.text) for t in texts[i:i + k]), texts[i:i + k]))
            i += k
        return items

    def _closing(self, i: int) -> int:
        """The 总分 row (weight, score, grade) or a note; the token index after what the table used."""
        if i >= len(self.tokens):
            return i
        word = plain(self.tokens[i].text)
        if _is_note(word):
            line_end = self.text.find("\n", self.tokens[i].start)
            line_end = len(self.text) if line_end < 0 else line_end
            self.rows.append([Field(self.text[self.tokens[i].start:line_end], self.tokens[i].start, line_end)])
            return i + 1
        if word not in vocab.TOTAL_ROW_LABELS:
            return i
        j = i + 1
        while j < len(self.tokens) and j - i <= 2 and is_value(self.tokens[j].text):
            j += 1
        if j < len(self.tokens) and plain(self.tokens[j].text) in vocab.GRADES:
            j += 1
        self.rows.append([_field(self.text, [t]) for t in self.tokens[i:j]])
        return self._closing(j) if j < len(self.tokens) and _is_note(plain(self.tokens[j].text)) else j

    def _stops(self, i: int) -> bool:
        word = plain(self.tokens[i].text)
        return (word in vocab.TOTAL_ROW_LABELS or _is_note(word) or any(w in word for w in vocab.PAGE_END_WORDS)
                or any(w in word for w in vocab.TITLE_WORDS))


def _is_level_cell(word: str) -> bool:
    weighted = level_weight(word)
    return is_level(weighted[0] if weighted else word)


def _name_index(items: list[tuple[str, list[Token]]]) -> int | None:
    """The row's name: the last numbered item (指标1:…), else the first after the levels."""
    structural = [n for n, (word, _) in enumerate(items)
                  if _is_level_cell(word) or level_weight(word) or is_placeholder(word)]
    numbered = [n for n, (word, _) in enumerate(items) if has_numbering(word) and not is_placeholder(word)]
    if numbered:
        return numbered[-1]
    after = (structural[-1] + 1) if structural else 0
    return after if after < len(items) else None
