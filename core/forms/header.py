"""Which column of a 自评表 row holds what: the header row (or two) matched against `vocabulary`.

`match_header(cells)` takes the texts of one header row in column order (a two-row header first joined by
`merge_header_rows`) and gives a `ColumnMap` — the grid of indicators or the funds block — or None when
the row is not such a header. Column order is free; unknown columns are left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.forms import vocabulary as vocab

INDICATORS = "indicators"
FUNDS = "funds"

_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[:：;；,，。]+$")
_FUNDS_WEIGHT_IN_SCORE = re.compile(vocab.FUNDS_WEIGHT_IN_SCORE)
NAME_ROLES = ("level1", "level2", "level3")
MONEY_ROLES = ("budget_start", "budget", "executed")


@lru_cache(maxsize=8192)  # a table repeats its cells' texts (level names, 10, —)
def fold(text: str) -> str:
    """NFKC without spaces, OCR damage of vocabulary words repaired where certain (项Fl → 项目): how every
    cell is compared with the vocabulary."""
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
    for damaged, word in vocab.OCR_WORD_REPAIRS.items():
        folded = folded.replace(damaged, word)
    return folded


@lru_cache(maxsize=8192)
def clean_heading(text: str) -> str:
    """A heading without its bracketed notes ((万元), (分), (B/A)); a heading that is only a note ((A))
    keeps the note."""
    folded = fold(text)
    bare = _TRAILING_PUNCT.sub("", _BRACKETED.sub("", folded))
    if bare:
        return bare
    inner = _BRACKETED.findall(folded)
    return inner[0] if inner else folded


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    """heading → (role, rank): rank is the word's place in its role's list (lower = preferred)."""
    return {word: (role, rank) for role, words in table.items() for rank, word in enumerate(words)}


_INDICATOR_INDEX = _index(vocab.INDICATOR_HEADINGS)
_FUNDS_INDEX = _index(vocab.FUNDS_HEADINGS)
_SOURCES = frozenset(vocab.FUNDS_TOTAL_LABELS + vocab.FUNDS_PART_LABELS)


def block_of(text: str) -> str | None:
    """The block a first-column label opens (funds, goals, indicators), or None."""
    heading = clean_heading(text)
    return next((block for block, words in vocab.BLOCK_LABELS.items() if heading in words), None)


@dataclass(frozen=True)
class ColumnMap:
    """Roles of the columns of a header: `roles[role]` is the column index; `kind` is indicators|funds."""

    kind: str
    roles: dict[str, int]
    width: int  # columns of the header row (data rows of the block have as many)

    def col(self, role: str) -> int | None:
        return self.roles.get(role)

    @property
    def first_value_col(self) -> int:
        """The first column after the name or label columns."""
        names = [self.roles[r] for r in NAME_ROLES if r in self.roles]
        if self.kind == FUNDS:
            return min(self.roles[r] for r in self.roles)
        return max(names) + 1 if names else 0


def _assign(cells: list[str], index: dict[str, tuple[str, int]]) -> dict[str, int]:
    """role → column; where two columns name one role, the preferred word wins (调整指标值 over 年初指标值)."""
    best: dict[str, tuple[int, int]] = {}
    for col, text in enumerate(cells):
        found = index.get(clean_heading(text))
        if found is not None and (found[0] not in best or found[1] < best[found[0]][1]):
            best[found[0]] = (col, found[1])
    return {role: col for role, (col, _) in best.items()}


def weight_in_heading(text: str) -> str | None:
    """20 in a funds score heading 得分(20分*执行率) (Hubei tables): the block's weight."""
    m = _FUNDS_WEIGHT_IN_SCORE.search(fold(text))
    return m.group(1) if m else None


def match_header(cells: list[str]) -> ColumnMap | None:
    """The column map of a header row, or None. An indicator header names an indicator (a level or the
    name) and a weight or a score; a funds header names a budget or executed column and a rate, weight or
    score."""
    funds = _assign(cells, _FUNDS_INDEX)
    if any(r in funds for r in MONEY_ROLES) and any(r in funds for r in ("rate", "weight", "score")):
        return ColumnMap(FUNDS, funds, len(cells))
    roles = _assign(cells, _INDICATOR_INDEX)
    reason = next((col for col, c in enumerate(cells)
                   if col not in roles.values() and any(m in clean_heading(c) for m in vocab.REASON_MARKERS)), None)
    if "reason" not in roles and reason is not None:
        roles["reason"] = reason
    if any(r in roles for r in NAME_ROLES) and ("weight" in roles or "score" in roles):
        return ColumnMap(INDICATORS, roles, len(cells))
    return None


def is_heading(text: str) -> bool:
    """A cell that is a known column heading of either block."""
    heading = clean_heading(text)
    return bool(heading) and (heading in _INDICATOR_INDEX or heading in _FUNDS_INDEX)


def is_sub_header(cells: list[str]) -> bool:
    """A second header row: every non-empty cell is a column heading (指标性质 | 指标值 | 度量单位), or the
    sources a money heading splits into (全年预算数 over 合计 | 财政拨款 | 其他资金)."""
    own = [c for c in cells if fold(c)]
    sources = [c for c in own if is_source(c)]
    return bool(own) and all(is_heading(c) or is_source(c) for c in own) and (
        len(sources) != 1 or len(own) > 1 and not all(map(is_source, own)))


def is_source(text: str) -> bool:
    """A fund source or their total as a sub-heading (合计, 财政拨款, 其他资金)."""
    return clean_heading(text) in _SOURCES


def is_money_heading(text: str) -> bool:
    """A funds heading of amounts (全年预算数, 全年执行数), which a table may split by source."""
    return _FUNDS_INDEX.get(clean_heading(text), ("",))[0] in MONEY_ROLES


def under(up: str, low: str) -> str:
    """The heading of a column of a two-row header: the lower cell, except that a money heading split by
    source keeps its own role over the sources' total (全年预算数 over 合计) and leaves the parts nameless
    roles of their own."""
    if not fold(low):
        return up
    if is_source(low) and is_money_heading(up):
        return up if clean_heading(low) in vocab.FUNDS_TOTAL_LABELS else low
    return low


def merge_header_rows(upper: list[str], lower: list[str]) -> list[str]:
    """One header from two rows, as a table copied row by row gives them: a cell spanning both rows leaves
    an empty cell below it, and a cell spanning several columns (年度指标值 over 指标性质 | 指标值 |
    度量单位) stands once above its run of lower cells; a run ends where a heading comes again (合计 |
    财政拨款 under 全年预算数, then 合计 | 财政拨款 under 全年执行数). Where the rows are as wide, column by
    column."""
    if len(upper) == len(lower):
        return [under(up, low) for up, low in zip(upper, lower)]
    out: list[str] = []
    j = 0
    for up in upper:
        if j >= len(lower) or not fold(lower[j]):
            out.append(up)
            j += 1
            continue
        run: set[str] = set()
        while j < len(lower) and fold(lower[j]) and fold(lower[j]) not in run:
            run.add(fold(lower[j]))
            out.append(under(up, lower[j]))
            j += 1
    return out + list(lower[j:])
