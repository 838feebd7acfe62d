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

from core.forms import vocabulary as vocab
from core.forms.align import align
from core.forms.cells import grade_word
from core.forms.header import FUNDS, INDICATORS, clean_heading, is_heading
from core.forms.rows import Field, Row, RowSource
from core.forms.text_header import (
    TextHeader,
    cell_word,
    header_at,
    is_block_word,
    is_column_heading,
    joined,
)
from core.forms.text_runs import (
    Run,
    is_level_cell,
    is_sentence,
    items_of,
    last_named,
    level_follows,
    name_fragments,
    name_index,
    with_cells_between_values,
    without_ordinals,
)
from core.forms.tokens import (
    Token,
    is_placeholder,
    is_value,
    level_weight,
    plain,
    strip_numbering,
    tokenize,
)

MAX_FIELD_TOKENS = 4
AMOUNT_NOTE = "(万元)"  # ends the label of a block of amounts, whatever the block's name (年度预算申请(万元))
LOOK_BEHIND = 10_000  # characters before the grid's header where the title, fields and funds block stand
LOOK_AHEAD = 60_000  # characters after it; a real table is far shorter
MAX_TABLES = 20
HEADER_REACH = 2_000  # characters a header may stretch over (headings one per line, page furniture between)
_SEP = r"[\s|｜]*"
# Where a grid may begin: the heading of its name column, written with any separators between its characters.
_ANCHOR = re.compile("|".join(_SEP.join(map(re.escape, word))
                              for word in ("一级指标",) + vocab.INDICATOR_HEADINGS["level3"]))
_YEAR = re.compile(rf"((?:[1１][9９]|[2２][0０])\d{{2}}){_SEP}年{_SEP}度")  # digits as written, full-width too
_PIPES_AS_SPACES = str.maketrans("|｜", "  ")
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
            if window_end >= end:
                break
            position = max(anchor.end(), window_end - HEADER_REACH)
            continue
        sources.append(source)
        position = max(source.end, anchor.end())
    return sources


def _field(text: str, tokens: list[Token]) -> Field:
    """The tokens as one cell over their span; fragments (年度 | 指标值) joined by a space, whatever stood
    between them (a pipe, an empty cell, &nbsp;)."""
    start, end = tokens[0].start, tokens[-1].end
    return Field(" ".join(text[t.start:t.end] for t in tokens), start, end)


def _empty(at: int) -> Field:
    return Field("", at, at)


def _field_label(text: str) -> str | None:
    """The header field a cell labels (填报单位（盖章）: → 填报单位), or None."""
    label = clean_heading(text.partition(":")[0])
    return label if label in vocab.HEADER_FIELDS else None


def _is_note(word: str) -> bool:
    return any(word.startswith(p + ":") for p in vocab.NOTE_PREFIXES)


def _is_page_field(word: str) -> bool:
    return word.lstrip(_OPEN_BRACKETS).split(":")[0] in vocab.PAGE_FIELDS


class _Cutter:
    """One table of a token window cut into rows."""

    def __init__(self, text: str, tokens: list[Token]):
        self.text = text
        self.tokens = tokens
        self.rows: list[Row] = []
        self.headings: dict[int, tuple[str, int] | None] = {}
        self.header_starts: set[int] = set()
        self.repeated: set[int] = set()  # tokens of the grid's header repeated where the page broke the table

    def cut(self) -> RowSource | None:
        headers = self._headers()
        grid = next((h for h in headers if h.columns.kind == INDICATORS), None)
        if grid is None:
            return None
        # the funds block nearest the grid is its table's: one further up heads another list (a 汇总 sheet)
        funds = [h for h in headers if h is not grid and h.first < grid.first][-1:]
        first = min([grid.first] + [h.first for h in funds])
        start = self._context(first)
        for header in funds:
            self._funds(header, self._block_end(header.end))
        end = self._grid(grid)
        below = next((h for h in headers if h.columns.kind == FUNDS and h.first == end), None)
        if below is not None:  # a funds block under the grid
            end = self._block_end(below.end)
            self._funds(below, end)
        start_at = self.tokens[start].start
        return RowSource(self.rows, "text", [], [], start_at, self.tokens[end - 1].end)

    def _heading_at(self, i: int) -> tuple[str, int] | None:
        if i not in self.headings:
            self.headings[i] = joined(self.tokens, i, is_column_heading)
        return self.headings[i]

    def _headers(self) -> list[TextHeader]:
        """The headers up to the grid's, and the one after it (where the grid stops)."""
        headers: list[TextHeader] = []
        i = 0
        while i < len(self.tokens):
            header = header_at(self.tokens, i, self._heading_at)
            if not isinstance(header, TextHeader):
                i = header
                continue
            grid = next((h for h in headers if h.columns.kind == INDICATORS), None)
            if grid is not None and header.columns.roles == grid.columns.roles:
                self.repeated.update(range(header.first, header.end))  # the header again after a page break
                i = header.end
                continue
            headers.append(header)
            if grid is not None:
                break
            i = header.end
        self.header_starts = {h.first for h in headers}
        return headers

    # -- above the blocks: title, year, header fields ------------------------------------------------------

    def _context(self, first: int) -> int:
        """Rows for the title, the year and the header fields; the token index where the table starts."""
        titles = [i for i in range(first) if any(w in self.tokens[i].text for w in vocab.TITLE_WORDS)]
        fields = [i for i in range(first) if _field_label(self.tokens[i].text)]
        start = titles[-1] if titles else (fields[0] if fields else first)
        self.rows += [[_field(self.text, [self.tokens[i]])] for i in titles[-2:]]
        year = _YEAR.search(self.text, self.tokens[start].start, self.tokens[first].start) if first > start else None
        if year:
            self.rows.append([Field(year.group(0).translate(_PIPES_AS_SPACES), year.start(), year.end())])
        row: Row = []
        for i in fields:
            token = self.tokens[i]
            if ":" in token.text.rstrip(":"):  # 单位名称:某县… in one cell (the reader reads notes in it too)
                row.append(_field(self.text, [token]))
                continue
            values: list[Token] = []
            for value in self.tokens[i + 1:min(first, i + 1 + MAX_FIELD_TOKENS)]:
                if self._is_label(value.text) or (values and "\n" in self.text[values[-1].end:value.start]):
                    break  # a value's fragments stand on one line
                values.append(value)
            if values:  # the label as the vocabulary has it (填报单位 for 填报单位（盖章）)
                row += [Field(_field_label(token.text), token.start, token.end), _field(self.text, values)]
        if row:
            self.rows.append(row)
        return start

    def _is_label(self, text: str) -> bool:
        word = plain(text)
        return (word in vocab.HEADER_FIELDS or is_block_word(word) or is_heading(word) or _is_page_field(word)
                or word.endswith(AMOUNT_NOTE) or any(w in word for w in vocab.TITLE_WORDS))

    # -- funds block --------------------------------------------------------------------------------------

    def _block_end(self, i: int) -> int:
        """Where the funds block stops: the next block label, header or closing row (a 合计 row of amounts is
        the block's own)."""
        while i < len(self.tokens):
            if i in self.header_starts or joined(self.tokens, i, is_block_word) or (
                    self._stops(i) and plain(self.tokens[i].text) not in vocab.FUNDS_TOTAL_LABELS):
                return i
            i += 1
        return i

    def _funds(self, header: TextHeader, end: int) -> None:
        heads = [_field(self.text, cell) for cell in header.cells]
        label = _field(self.text, header.label) if header.label else _empty(heads[0].start)
        self.rows.append([label] + heads)
        roles = header.roles
        for index, run in enumerate(with_cells_between_values(self._runs(header.end, end), roles)):
            texts = run.texts
            if texts and plain(texts[0].text) in vocab.FUNDS_GROUP_LABELS:  # 按收入性质分: a row of its own
                self.rows.append([_field(self.text, texts[:1])] + [_empty(texts[0].end) for _ in roles])
                texts = texts[1:]
            if run.values and (texts or index == 0):  # amounts right under the header, unlabelled: the total
                label = _field(self.text, texts) if texts else _empty(run.values[0].start)
                self.rows.append([label] + self._placed(run.values, roles))

    def _placed(self, values: list[Token], roles: list[str]) -> Row:
        """One field per column: the aligned value, or an empty field."""
        placed = align(values, roles).cells
        at = values[0].start
        row = []
        for role in roles:
            token = placed.get(role) if role else None
            row.append(_field(self.text, [token]) if token else _empty(at))
            at = token.end if token else at
        return row

    def _runs(self, i: int, end: int) -> list[Run]:
        runs = [Run()]
        for index in range(i, end):
            token = self.tokens[index]
            if index in self.repeated or _is_page_field(plain(token.text)):
                continue
            if is_value(token.text):
                runs[-1].values.append(token)
            else:
                if runs[-1].values:
                    runs.append(Run())
                runs[-1].texts.append(token)
        return runs

    # -- indicator grid -----------------------------------------------------------------------------------

    def _grid(self, header: TextHeader) -> int:
        """The header and its rows, up to the 总分 row, a note, the page's end or the window's end; the token
        index after the table. A 合计 row followed by a 一级 (or by the 总分 row) summed the 一级 above it:
        the grid goes on."""
        self.rows.append([_field(self.text, cell) for cell in header.cells])
        roles = header.roles
        names = [col for col, role in enumerate(roles) if role in ("level1", "level2", "level3")]
        name_col = header.columns.col("level3")
        name_col = max(names) if name_col is None else name_col
        previous: Row | None = None
        start = header.end
        while True:
            end = start
            while end < len(self.tokens) and not (end in self.header_starts or self._stops(end)):
                end += 1
            runs = self._runs(start, end)
            ordinal = roles[0] == "" and cell_word(header.cells[0]) in vocab.ORDINAL_HEADINGS
            if ordinal:
                runs = without_ordinals(runs)
            for run in with_cells_between_values(runs, roles[name_col + 1:]):
                previous = self._indicator(run, roles, name_col, previous) or previous
            after = self._closing(end)
            if after == end or not self._grid_goes_on(after, ordinal):
                return after
            start = after

    def _grid_goes_on(self, i: int, ordinal: bool) -> bool:
        """After a 合计 row: a 一级, another total, or (in a sheet numbering its rows) a 序号 then a name."""
        if i >= len(self.tokens) or i in self.header_starts:
            return False
        word = plain(self.tokens[i].text)
        numbered = ordinal and word.isdigit() and i + 1 < len(self.tokens) and not is_value(self.tokens[i + 1].text)
        return is_level_cell(word) or word in vocab.TOTAL_ROW_LABELS or numbered

    def _indicator(self, run: Run, roles: list[str], name_col: int, previous: Row | None) -> Row | None:
        items = items_of(run.texts)
        reason = roles.index("reason") if "reason" in roles else None
        subtotal = next((k for k, (word, _) in enumerate(items) if word in vocab.SUBTOTAL_ROW_LABELS), None)
        if subtotal and previous and reason is not None and not previous[reason].text:
            # text before a 小计 is the reason of the row above: a subtotal row names nothing else
            previous[reason] = _field(self.text, [t for _, ts in items[:subtotal] for t in ts])
            items = items[subtotal:]
        while (items and previous and reason is not None and not previous[reason].text
               and (is_sentence(items[0][0]) or level_follows(items))):
            previous[reason] = _field(self.text, items.pop(0)[1])
        by_column = roles[name_col + 1:name_col + 2] == ["weight"]  # no text value can follow the name
        name_at = last_named(items) if by_column else name_index(items)
        if name_at is None and run.values and items and not is_placeholder(items[-1][0]):
            name_at = len(items) - 1  # a name that is also a level word (满意度)
        levels = [(word, tokens) for word, tokens in items[:name_at if name_at is not None else len(items)]
                  if by_column or is_level_cell(word)]
        if name_at is None or not run.values:
            if levels:  # a level whose rows are empty or cut off: the rows after it are under it
                self.rows.append(self._level_row(levels, roles, name_col, levels[-1][1][0].start))
            return None
        word, tokens = items[name_at]
        tokens, texts = name_fragments(tokens, [t for _, ts in items[name_at + 1:] for t in ts], run.values,
                                        roles[name_col + 1:])
        word = "".join(plain(t.text) for t in tokens)
        name = strip_numbering(word)
        values = texts + run.values
        if is_value(name):  # 指标1:/ — numbering, then the first value
            last = tokens[-1]
            values = [Token(last.end - len(name), last.end, name)] + values
            tokens = [Token(last.start, last.end - len(name), word[:len(word) - len(name)])]
        row = self._level_row(levels, roles, name_col, tokens[0].start)
        if levels or name not in vocab.LEVEL1_NAMES or "level1" not in roles[:name_col]:
            row[name_col] = _field(self.text, tokens)
        else:  # a 一级 row scoring its level (决策 | 20 | 19 above its items): in the level's column
            row = self._level_row([(name, tokens)], roles, name_col, tokens[0].start)
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
        if j < len(self.tokens) and grade_word(self.tokens[j].text):
            j += 1
        self.rows.append([_field(self.text, [t]) for t in self.tokens[i:j]])
        if j + 1 < len(self.tokens) and _field_label(self.tokens[j].text) in vocab.GRADE_FIELDS \
                and grade_word(self.tokens[j + 1].text):  # 评价等级 | 优 on a row under the total
            self.rows.append([_field(self.text, [t]) for t in self.tokens[j:j + 2]])
            j += 2
        return self._closing(j) if j < len(self.tokens) and _is_note(plain(self.tokens[j].text)) else j

    def _stops(self, i: int) -> bool:
        word = plain(self.tokens[i].text)
        return (word in vocab.TOTAL_ROW_LABELS or _is_note(word) or any(w in word for w in vocab.PAGE_END_WORDS)
                or any(w in word for w in vocab.TITLE_WORDS))


