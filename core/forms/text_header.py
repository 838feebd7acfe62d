"""The header of a 自评表 found in a stream of copied cells (`tokens`): a run of vocabulary headings, whose
fragments are joined (年度 | 指标值), and whose two rows a copy may run together (… 得分 | 指标性质 | 指标值 |
度量单位); `header.match_header` gives its columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from core.forms import vocabulary as vocab
from core.forms.header import (
    FUNDS,
    INDICATORS,
    ColumnMap,
    block_of,
    clean_heading,
    is_heading,
    is_money_heading,
    is_source,
    match_header,
    under,
)
from core.forms.tokens import (
    Token,
    has_numbering,
    is_level,
    is_placeholder,
    is_value,
    plain,
)

MAX_JOIN = 4  # fragments of one vocabulary word: 绩 效 指 标
MAX_COLUMNS = 16  # a header run is cut there: a 自评表 has about ten columns
MAX_GAP = 2  # unknown headings (指标解释, 评分标准) inside a header run
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


@dataclass
class TextHeader:
    columns: ColumnMap
    first: int  # token indices of the header run
    end: int
    cells: list[list[Token]]  # the tokens of each column's heading
    label: list[Token]  # a block label in front (项目资金(万元))

    @property
    def roles(self) -> list[str]:
        """The role of every column, "" where the heading is none the vocabulary knows (指标解释)."""
        by_col = {col: role for role, col in self.columns.roles.items()}
        return [by_col.get(col, "") for col in range(len(self.cells))]


def joined(tokens: list[Token], i: int, accept: Callable[[str], bool],
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
def is_block_word(word: str) -> bool:
    return block_of(word) is not None


@lru_cache(maxsize=4096)
def is_column_heading(word: str) -> bool:
    return is_heading(word) and not is_block_word(word)


def _unknown_heading(text: str) -> bool:
    """A cell that may be a heading the vocabulary does not know (指标解释), not the first cells of a row."""
    return not (is_value(text) or is_level(text) or has_numbering(text) or is_placeholder(text))


def header_at(tokens: list[Token], i: int, heading_at: Callable[[int], tuple[str, int] | None]) -> TextHeader | int:
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
    if cells and i >= 2 and is_heading(tokens[i - 1].text) and is_block_word(plain(tokens[i - 1].text)) \
            and is_block_word(plain(tokens[i - 2].text)):  # 资金情况(万元) | 预算资金 | …: a label, then a heading
        cells, i = [[tokens[i - 1]]] + cells, i - 1
    cells = _with_sub_header(cells)
    scored = any(clean_heading(cell_word(cell)) in _SCORING for cell in cells)  # match_header needs one; cheap first
    columns = match_header([cell_word(cell) for cell in cells]) if len(cells) >= 2 and scored else None
    if columns is None:
        return max(i + 1, j)
    if columns.kind == FUNDS:
        cells, j = _split_by_sources(tokens, cells, j)
        columns = match_header([cell_word(cell) for cell in cells]) or columns
    label = joined(tokens, i - 1, is_block_word) if i else None
    return TextHeader(columns, i, j, cells, [tokens[i - 1]] if label and label[1] == 1 else [])


def _split_by_sources(tokens: list[Token], cells: list[list[Token]], j: int) -> tuple[list[list[Token]], int]:
    """A funds header whose amount headings split by source, the sources' row copied after it (全年预算数 |
    全年执行数 … 合计 | 财政拨款 | 其他资金 | 合计 | …): each amount heading becomes its run of source columns
    (the runs repeat one list), the sources' total keeping the heading's role; the token index after the
    sources."""
    end = j
    while end < len(tokens) and is_source(tokens[end].text) and not (  # a row's label: values follow it
            end + 1 < len(tokens) and is_value(tokens[end + 1].text)):
        end += 1
    words = [t.text for t in tokens[j:end]]
    width = next((k for k in range(1, len(words)) if words[k] in words[:k]), len(words))
    money = [cell for cell in cells if is_money_heading(cell_word(cell))]
    if width < 2 or not money or len(words) < width * len(money):
        return cells, j
    out: list[list[Token]] = []
    at = j
    for cell in cells:
        if cell not in money:
            out.append(cell)
            continue
        for token in tokens[at:at + width]:
            out.append(cell if under(cell_word(cell), token.text) == cell_word(cell) else [token])
        at += width
    return out, at


def cell_word(cell: list[Token]) -> str:
    return plain("".join(t.text for t in cell))


def _with_sub_header(cells: list[list[Token]]) -> list[list[Token]]:
    """A two-row header copied as one run: where a name or target heading follows the number headings (… 得分 |
    指标性质, or … 自评得分 | 一级指标) the lower row begins. Its headings of a kind take the place of the upper
    heading of that kind spanning them — the one naming a role they name (年度指标值 over 指标性质 | 指标值 |
    度量单位; 指标值 over 年度指标值 | 实际完成值); lower names with no upper one (under a block label) go first."""
    roles = [_role_of_cell(cell) for cell in cells]
    known = [(k, _ORDER[role]) for k, role in enumerate(roles) if role is not None]
    split = next((k for (_, before), (k, rank) in pairwise(known) if rank <= _TARGETS < before), None)
    if split is None:
        return cells
    lower = [(cell, role) for cell, role in zip(cells[split:], roles[split:]) if role is not None]
    upper_ranks = {_ORDER[role] for role in roles[:split] if role is not None}
    if any(_ORDER[role] not in upper_ranks | {0} for _, role in lower):
        return cells  # a heading no upper one can span (分值 | 年度指标值 | 实际完成值 | 得分): one row, own order
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


def _role_of_cell(cell: list[Token]) -> str | None:
    word = clean_heading(cell_word(cell))
    return next((role for role, words in vocab.INDICATOR_HEADINGS.items() if word in words), None)
