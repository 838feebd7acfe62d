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
from functools import lru_cache
from itertools import pairwise

from core.forms import vocabulary as vocab
from core.forms.align import align
from core.forms.header import (
    FUNDS,
    INDICATORS,
    ColumnMap,
    block_of,
    clean_heading,
    is_heading,
    match_header,
)
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
MAX_COLUMNS = 16  # a header run is cut there: a 自评表 has about ten columns
MAX_GAP = 2  # unknown headings (指标解释, 评分标准) inside a header run
MAX_FIELD_TOKENS = 4
AMOUNT_NOTE = "(万元)"  # ends the label of a block of amounts, whatever the block's name (年度预算申请(万元))
MAX_QUALITATIVE = 6  # 有效提升, 基本达成: a qualitative value is short
NUMBER_ROLES = frozenset({"weight", "score", "target", "actual", "rate"})
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
# The grid's column kinds in their order: names, target and result, weight, score, reason.
_ORDER = {"level1": 0, "level2": 0, "level3": 0, "nature": 1, "target": 1, "unit": 1, "actual": 1, "weight": 2,
          "score": 3, "reason": 4}
_TARGETS = 1
# Headings only one of the two headers has: the grid's names, targets and reasons; the funds block's amounts.
_GRID_ONLY = {w for role, words in vocab.INDICATOR_HEADINGS.items() if role not in ("weight", "score") for w in words}
_FUNDS_ONLY = {w for role, words in vocab.FUNDS_HEADINGS.items() if role not in ("weight", "score") for w in words}
_HEADING_KINDS = {**{w: INDICATORS for w in _GRID_ONLY - _FUNDS_ONLY}, **{w: FUNDS for w in _FUNDS_ONLY - _GRID_ONLY}}
# Headings of which a header has at least one: a weight, a score or a rate.
_SCORING = frozenset(vocab.INDICATOR_HEADINGS["weight"] + vocab.INDICATOR_HEADINGS["score"]
                     + vocab.FUNDS_HEADINGS["weight"] + vocab.FUNDS_HEADINGS["score"] + vocab.FUNDS_HEADINGS["rate"])
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
            if window_end >= end:
                break
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


@lru_cache(maxsize=4096)  # a page repeats its words; every token is tried as the start of a header
def _is_block(word: str) -> bool:
    return block_of(word) is not None


@lru_cache(maxsize=4096)
def _is_column_heading(word: str) -> bool:
    return is_heading(word) and not _is_block(word)


def _unknown_heading(text: str) -> bool:
    """A cell that may be a heading the vocabulary does not know (指标解释), not the first cells of a row."""
    return not (is_value(text) or is_level(text) or has_numbering(text) or is_placeholder(text))


def _header_at(tokens: list[Token], i: int, heading_at: Callable[[int], tuple[str, int] | None]) -> _Header | int:
    """The header run starting at token i, else the token index after the run of headings that is none (a
    run inside it is none either); `heading_at(j)` is the heading starting at token j."""
    cells: list[list[Token]] = []
    gap: list[list[Token]] = []
    j = i
    kinds: set[str] = set()
    while j < len(tokens) and len(cells) < MAX_COLUMNS:
        heading = heading_at(j)
        kind = _HEADING_KINDS.get(clean_heading(heading[0])) if heading else None
        if kind and kinds and kind not in kinds:
            break  # a funds heading after grid headings (预算执行率 naming a row) is none of this header's
        if heading:
            kinds |= {kind} if kind else set()
            cells += gap + [tokens[j:j + heading[1]]]
            gap = []
            j += heading[1]
        elif cells and len(gap) < MAX_GAP and _unknown_heading(tokens[j].text):
            gap.append([tokens[j]])
            j += 1
        else:
            break
    j -= len(gap)
    if cells and i and plain(tokens[i - 1].text) in vocab.ORDINAL_HEADINGS:
        cells, i = [[tokens[i - 1]]] + cells, i - 1
    cells = _with_sub_header(cells)
    scored = any(clean_heading(_word(cell)) in _SCORING for cell in cells)  # match_header needs one; cheap first
    columns = match_header([_word(cell) for cell in cells]) if len(cells) >= 2 and scored else None
    if columns is None:
        return max(i + 1, j)
    label = _joined(tokens, i - 1, _is_block) if i else None
    return _Header(columns, i, j, cells, [tokens[i - 1]] if label and label[1] == 1 else [])


def _word(cell: list[Token]) -> str:
    return plain("".join(t.text for t in cell))


def _with_sub_header(cells: list[list[Token]]) -> list[list[Token]]:
    """A two-row header copied as one run: where a name or target heading follows the number headings (… 得分 |
    指标性质, or … 自评得分 | 一级指标) the lower row begins. Its headings of a kind take the place of the upper
    heading of that kind spanning them — the one naming a role they name (年度指标值 over 指标性质 | 指标值 |
    度量单位; 指标值 over 年度指标值 | 实际完成值); lower names with no upper one (under a block label) go first."""
    roles = [_role_word(cell) for cell in cells]
    known = [(k, _ORDER[role]) for k, role in enumerate(roles) if role is not None]
    split = next((k for (_, before), (k, rank) in pairwise(known) if rank <= _TARGETS < before), None)
    if split is None:
        return cells
    lower = [(cell, role) for cell, role in zip(cells[split:], roles[split:]) if role is not None]
    spanned: dict[int, list[list[Token]]] = {}
    for rank in {_ORDER[role] for _, role in lower}:
        group = [cell for cell, role in lower if _ORDER[role] == rank]
        kin = [k for k in range(split) if roles[k] is not None and _ORDER[roles[k]] == rank]
        named = [k for k in kin if roles[k] in {role for _, role in lower}]
        if named or kin:
            spanned[(named or kin)[0]] = group
        elif rank == 0:
            spanned[-1] = group
    merged = list(spanned.get(-1, []))
    for k, cell in enumerate(cells[:split]):
        merged += spanned.get(k, [cell])
    return merged


def _role_word(cell: list[Token]) -> str | None:
    word = clean_heading(_word(cell))
    return next((role for role, words in vocab.INDICATOR_HEADINGS.items() if word in words), None)


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


def _is_sentence(word: str) -> bool:
    return bool(_SENTENCE.search(word))


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
        funds = [h for h in headers if h is not grid and h.first < grid.first]
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
            self.headings[i] = _joined(self.tokens, i, _is_column_heading)
        return self.headings[i]

    def _headers(self) -> list[_Header]:
        """The headers up to the grid's, and the one after it (where the grid stops)."""
        headers: list[_Header] = []
        i = 0
        while i < len(self.tokens):
            header = _header_at(self.tokens, i, self._heading_at)
            if not isinstance(header, _Header):
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
        return (word in vocab.HEADER_FIELDS or _is_block(word) or is_heading(word) or _is_page_field(word)
                or word.endswith(AMOUNT_NOTE) or any(w in word for w in vocab.TITLE_WORDS))

    # -- funds block --------------------------------------------------------------------------------------

    def _block_end(self, i: int) -> int:
        """Where the funds block stops: the next block label, header or closing row (a 合计 row of amounts is
        the block's own)."""
        while i < len(self.tokens):
            if i in self.header_starts or _joined(self.tokens, i, _is_block) or (
                    self._stops(i) and plain(self.tokens[i].text) not in vocab.FUNDS_TOTAL_LABELS):
                return i
            i += 1
        return i

    def _funds(self, header: _Header, end: int) -> None:
        heads = [_field(self.text, cell) for cell in header.cells]
        label = _field(self.text, header.label) if header.label else _empty(heads[0].start)
        self.rows.append([label] + heads)
        roles = [header.role_of(col) for col in range(len(header.cells))]
        for run in self._runs(header.end, end):
            texts = run.texts
            if texts and plain(texts[0].text) in vocab.FUNDS_GROUP_LABELS:  # 按收入性质分: a row of its own
                self.rows.append([_field(self.text, texts[:1])] + [_empty(texts[0].end) for _ in roles])
                texts = texts[1:]
            if texts and run.values:
                self.rows.append([_field(self.text, texts)] + self._placed(run.values, roles))

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

    def _runs(self, i: int, end: int) -> list[_Run]:
        runs = [_Run()]
        for index in range(i, end):
            token = self.tokens[index]
            if index in self.repeated or _is_page_field(plain(token.text)):
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
        while end < len(self.tokens) and not (end in self.header_starts or self._stops(end)):
            end += 1
        previous: Row | None = None
        runs = self._runs(header.end, end)
        if roles[0] == "" and _word(header.cells[0]) in vocab.ORDINAL_HEADINGS:
            runs = _without_ordinals(runs)
        for run in _with_cells_between_values(runs, roles[name_col + 1:]):
            previous = self._indicator(run, roles, name_col, previous) or previous
        return self._closing(end)

    def _indicator(self, run: _Run, roles: list[str], name_col: int, previous: Row | None) -> Row | None:
        items = self._items(run.texts)
        reason = roles.index("reason") if "reason" in roles else None
        while (items and previous and reason is not None and not previous[reason].text
               and (_is_sentence(items[0][0]) or _level_follows(items))):
            previous[reason] = _field(self.text, items.pop(0)[1])
        by_column = roles[name_col + 1:name_col + 2] == ["weight"]  # no text value can follow the name
        name_at = _last_named(items) if by_column else _name_index(items)
        if name_at is None and run.values and items and not is_placeholder(items[-1][0]):
            name_at = len(items) - 1  # a name that is also a level word (满意度)
        levels = [(word, tokens) for word, tokens in items[:name_at if name_at is not None else len(items)]
                  if by_column or _is_level_cell(word)]
        if name_at is None or not run.values:
            if levels:  # a level whose rows are empty or cut off: the rows after it are under it
                self.rows.append(self._level_row(levels, roles, name_col, levels[-1][1][0].start))
            return None
        word, tokens = items[name_at]
        tokens, texts = _name_fragments(tokens, [t for _, ts in items[name_at + 1:] for t in ts], run.values,
                                        roles[name_col + 1:])
        word = "".join(plain(t.text) for t in tokens)
        name = strip_numbering(word)
        values = texts + run.values
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


def _without_ordinals(runs: list[_Run]) -> list[_Run]:
    """Runs without the 序号 that opens each row (copied after the row above's last value): 1, 2, 3 …"""
    expected = 1
    for run, after in pairwise(runs):
        if (run.values and after.texts and run.values[-1].text == str(expected)
                and (len(run.values) > 1 or not run.texts)):  # a named row keeps a value of its own
            run.values.pop()
            expected += 1
    return runs


def _with_cells_between_values(runs: list[_Run], value_roles: list[str]) -> list[_Run]:
    """Runs with the text cells that stand between a row's values taken as its values, where the row has
    columns left for them: short qualitative values (定性 | 好 | 好 | 100), and, in a layout with text columns
    between its number columns (指标分值 | 指标解释 | 评分标准 | 自评得分), any cell text."""
    inner_text = any(role in ("", "reason") and any(r in NUMBER_ROLES for r in value_roles[k + 1:])
                     for k, role in enumerate(value_roles))
    out: list[_Run] = []
    for run in runs:
        last = out[-1] if out else None
        if (last is not None and last.texts and last.values and run.values
                and all(_qualitative(t.text) or (inner_text and _cell_text(t.text)) for t in run.texts)
                and len(last.values) + len(run.texts) + len(run.values) <= len(value_roles)):
            last.values += run.texts + run.values
        else:
            out.append(run)
    return out


def _cell_text(text: str) -> bool:
    return not (_is_level_cell(text) or has_numbering(text) or is_placeholder(text))


def _qualitative(text: str) -> bool:
    return len(text) <= MAX_QUALITATIVE and _cell_text(text) and not _is_sentence(text)


def _level_follows(items: list[tuple[str, list[Token]]]) -> bool:
    """Text before a level cell ends the row above (its 偏差原因): a row starts with its levels."""
    return not _is_level_cell(items[0][0]) and any(_is_level_cell(word) for word, _ in items[1:])


def _name_fragments(name: list[Token], texts: list[Token], values: list[Token],
                    roles: list[str]) -> tuple[list[Token], list[Token]]:
    """A name the page broke over lines (完成农村户用卫生厕所 | 改造数量): the text cells after it are its
    fragments where the values then fit their columns better than with those cells among them (a qualitative
    target and result, 明显提升 | 明显提升, fit best as values)."""
    best = max(range(len(texts) + 1), key=lambda k: (align(texts[k:] + values, roles).fit, -k))
    return name + texts[:best], texts[best:]


def _last_named(items: list[tuple[str, list[Token]]]) -> int | None:
    """The row's name where a number column follows it (no text value can): the last item."""
    named = [n for n, (word, _) in enumerate(items) if not is_placeholder(word)]
    return named[-1] if named else None


def _name_index(items: list[tuple[str, list[Token]]]) -> int | None:
    """The row's name: the last numbered item (指标1:…), else the first after the levels."""
    structural = [n for n, (word, _) in enumerate(items)
                  if _is_level_cell(word) or level_weight(word) or is_placeholder(word)]
    numbered = [n for n, (word, _) in enumerate(items) if has_numbering(word) and not is_placeholder(word)]
    if numbered:
        return numbered[-1]
    after = (structural[-1] + 1) if structural else 0
    return after if after < len(items) else None
