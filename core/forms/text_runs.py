"""The rows of a grid copied without its row structure, as runs of cells: text cells (levels, the name),
then values. Runs the copy split are put back together — text cells that stand between a row's values, a
name broken over lines — and the 序号 that opens each row is taken off the row above."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from core.forms.align import align
from core.forms.text_header import joined
from core.forms.tokens import (
    Token,
    has_numbering,
    is_level,
    is_placeholder,
    level_weight,
    plain,
)

MAX_QUALITATIVE = 6  # 有效提升, 基本达成: a qualitative value is short
NUMBER_ROLES = frozenset({"weight", "score", "target", "actual", "rate"})
_SENTENCE = re.compile(r"[，。；,;]")


@dataclass
class Run:
    """Text tokens, then the value tokens after them: one row before it is typed."""

    texts: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)


def is_sentence(word: str) -> bool:
    return bool(_SENTENCE.search(word))


def is_level_cell(word: str) -> bool:
    weighted = level_weight(word)
    return is_level(weighted[0] if weighted else word)


def without_ordinals(runs: list[Run]) -> list[Run]:
    """Runs without the 序号 that opens each row (copied after the row above's last value): 1, 2, 3 …, counted
    from the first (a part of the grid after a 合计 row goes on with 3). A run of text and that one number
    after a scored row is the row's reason, then the next 序号."""
    first = runs[0].values[0].text if runs and not runs[0].texts and len(runs[0].values) == 1 else "1"
    expected = int(first) if first.isdigit() else 1
    scored = 0  # values of the row under way before this run
    for run, after in pairwise(runs):
        if (run.values and after.texts and run.values[-1].text == str(expected)
                and (len(run.values) > 1 or not run.texts or scored >= 2)):  # a named row keeps its value
            run.values.pop()
            expected += 1
            scored = 0
        else:
            scored += len(run.values)
    return runs


def with_cells_between_values(runs: list[Run], value_roles: list[str]) -> list[Run]:
    """Runs with the text cells that stand between a row's values taken as its values, where the row has
    columns left for them: short qualitative values (定性 | 好 | 好 | 100), and, in a layout with text columns
    between its number columns (指标分值 | 指标解释 | 评分标准 | 自评得分), any cell text."""
    inner_text = any(role in ("", "reason") and any(r in NUMBER_ROLES for r in value_roles[k + 1:])
                     for k, role in enumerate(value_roles))
    out: list[Run] = []
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
    return not (is_level_cell(text) or has_numbering(text) or is_placeholder(text))


def _qualitative(text: str) -> bool:
    return len(text) <= MAX_QUALITATIVE and _cell_text(text) and not is_sentence(text)


def level_follows(items: list[tuple[str, list[Token]]]) -> bool:
    """Text before a level cell ends the row above (its 偏差原因): a row starts with its levels."""
    return not is_level_cell(items[0][0]) and any(is_level_cell(word) for word, _ in items[1:])


def name_fragments(name: list[Token], texts: list[Token], values: list[Token],
                   roles: list[str]) -> tuple[list[Token], list[Token]]:
    """A name the page broke over lines (完成农村户用卫生厕所 | 改造数量): the text cells after it are its
    fragments where the values then fit their columns better than with those cells among them (a qualitative
    target and result, 明显提升 | 明显提升, fit best as values)."""
    best = max(range(len(texts) + 1), key=lambda k: (align(texts[k:] + values, roles).fit, -k))
    return name + texts[:best], texts[best:]


def last_named(items: list[tuple[str, list[Token]]]) -> int | None:
    """The row's name where a number column follows it (no text value can): the last item."""
    named = [n for n, (word, _) in enumerate(items) if not is_placeholder(word)]
    return named[-1] if named else None


def name_index(items: list[tuple[str, list[Token]]]) -> int | None:
    """The row's name: the last numbered item (指标1:…), else the first after the levels."""
    structural = [n for n, (word, _) in enumerate(items)
                  if is_level_cell(word) or level_weight(word) or is_placeholder(word)]
    numbered = [n for n, (word, _) in enumerate(items) if has_numbering(word) and not is_placeholder(word)]
    if numbered:
        return numbered[-1]
    after = (structural[-1] + 1) if structural else 0
    return after if after < len(items) else None


def items_of(texts: list[Token]) -> list[tuple[str, list[Token]]]:
    """A run's text cells, the fragments of one level name joined (经济效益 | 指标)."""
    items = []
    i = 0
    while i < len(texts):
        level = joined(texts, i, is_level_cell, longest=True)
        k = level[1] if level else 1
        items.append(("".join(plain(t.text) for t in texts[i:i + k]), texts[i:i + k]))
        i += k
    return items
