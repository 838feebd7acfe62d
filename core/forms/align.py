"""Which column each cell of a copied row belongs to, when the copy dropped the empty cells.

A page copied with spaces gives `指标1:工程质量合格 10 10` for a row whose 年度指标值 and 实际完成值 are empty:
the cells are placed in the header's columns, in order, where they fit their column's role best (a weight is
a plain number up to 100, a rate is a percentage, a nature is ≥/≤/=); ties go to the leftmost columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from core.forms.cells import number_in
from core.forms.tokens import (
    COMPARATORS,
    FULL_MARKS,
    NATURES,
    Token,
    is_comparator,
    is_not_applicable,
    is_unit,
    is_value,
)

MAX_POINTS = Decimal(100)
UNFIT = -100
MONEY = ("budget_start", "budget", "executed")
POINTS = ("weight", "score")
OCR_GREATER_EQUAL = "2"
MAX_CHOICES = 5000  # combinations tried for one row; a longer run is cut to the header's width first


def _fit(role: str, text: str) -> int:
    """How well a cell fits a column role: higher is better, UNFIT where it cannot stand there."""
    if is_not_applicable(text):
        # the 其中 rows of the funds block mark 分值 and 得分 "—" (forms.md §1)
        return 1 if role in POINTS + ("target", "actual", "reason") else 0 if role in MONEY + ("rate",) else UNFIT
    if role == "nature":  # 2 is ≥ as OCR reads it, where only a sign can stand (cells.value_of repairs it)
        return 3 if is_comparator(text) or text in NATURES else 2 if text == OCR_GREATER_EQUAL else UNFIT
    if role == "unit":
        return 3 if is_unit(text) else UNFIT
    if text in FULL_MARKS:  # a score written 满分
        return 3 if role == "score" else UNFIT
    if role == "reason":
        return 1 if is_value(text) else 2
    if not role:  # a column the vocabulary does not know (指标解释, 评分标准): text
        return 0 if is_value(text) else 1
    if not is_value(text) or is_comparator(text):
        return 1 if role in ("target", "actual") else UNFIT
    number, percent = number_in(text, role)
    compared = text[0] in COMPARATORS
    if role in POINTS:
        plain = number is not None and not percent and not compared
        return 3 if plain and 0 <= number <= MAX_POINTS else 0
    if role in MONEY:
        return 3 if number is not None and not percent and not compared else 0
    if role == "rate":
        return 3 if percent else 1
    return 2 if role == "target" and compared else 1


@dataclass(frozen=True)
class Placement:
    cells: dict[str, Token]  # role → cell
    fit: int  # how well the cells fit their columns, summed


def align(cells: list[Token], roles: list[str]) -> Placement:
    """The cells of a run placed over the header's value columns (in column order)."""
    cells = _signs_and_units_joined(cells, roles)[:len(roles)]
    fits = [[_fit(role, cell.text) for role in roles] for cell in cells]
    best: tuple[int, ...] | None = None
    best_score = UNFIT * (len(cells) + 1)
    for tried, columns in enumerate(combinations(range(len(roles)), len(cells))):
        if tried >= MAX_CHOICES:
            break
        score = sum(fits[i][col] for i, col in enumerate(columns))
        if score > best_score:
            best, best_score = columns, score
    if best is None:
        return Placement({}, best_score)
    return Placement({roles[col]: cells[i] for i, col in enumerate(best) if fits[i][col] > UNFIT}, best_score)


def _signs_and_units_joined(cells: list[Token], roles: list[str]) -> list[Token]:
    """A sign or a % the copy cut off its number (≥ | 95%, 83.5 | %) joined back to it, where the header has no
    指标性质 or 度量单位 column for it to stand in."""
    out: list[Token] = []
    for cell in cells:
        last = out[-1] if out else None
        if last is not None and (
                (is_comparator(last.text) and "nature" not in roles and not is_comparator(cell.text)
                 and is_value(cell.text) and not is_not_applicable(cell.text))
                or (cell.text == "%" and "unit" not in roles and number_in(last.text, "target")[0] is not None
                    and not last.text.endswith("%"))):
            out[-1] = Token(last.start, cell.end, last.text + cell.text)
        else:
            out.append(cell)
    return out
