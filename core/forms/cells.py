"""One cell of a 自评表 as a `Value`: its text, place and number, with the OCR repairs whose reading is
certain given the cell's column (forms.md §4): IO/lO for 10 and O for 0 in a column of numbers, 2 for ≥
where only a sign can stand (a 指标性质 cell)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from core.documents.model import Loc
from core.forms import vocabulary as vocab
from core.forms.header import fold
from core.forms.model import Value
from core.forms.rows import Field

# Columns that hold a number only (a score, a weight, an amount, a rate).
NUMERIC_ROLES = ("weight", "score", "rate", "budget_start", "budget", "executed")
_SIGNS = "≥≤=<>≧≦═"
_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
# A cell that is one quantity: an optional sign, the number, an optional unit (≥95%, 150万, 10分, 4个).
_QUANTITY = re.compile(rf"^(?P<sign>[{_SIGNS}])?(?P<num>{_NUMBER})(?P<unit>%|[\u4e00-\u9fff]{{1,3}})?$")
# Letters OCR gives for digits; only a cell made of digits and these is repaired.
_OCR_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0"})
_OCR_NUMBER = re.compile(r"^[\dIlO|o]+(?:\.\d+)?$")
_NATURE_OCR = {"2": "≥", "≧": "≥", "≦": "≤", "═": "="}
_AMOUNT_UNITS = ("万元", "万")
_LABEL_END = re.compile(r"[:：]+$")
_GRADE_WITH_BAND = re.compile(vocab.GRADE_WITH_BAND.format(grades="|".join(vocab.GRADES)))

PageOf = Callable[[int], "int | None"]


def loc_of(field: Field, page_of: PageOf) -> Loc:
    """The field's span without the spaces around its text."""
    start = field.start + len(field.text) - len(field.text.lstrip())
    end = field.end - (len(field.text) - len(field.text.rstrip()))
    return Loc(start, max(start, end), page_of(start), field.text.strip())


def number_in(text: str, role: str) -> tuple[Decimal | None, bool]:
    """(number, written with %) of a cell in a column of `role`; None where the cell is not one quantity."""
    folded = fold(text)
    if role in NUMERIC_ROLES and _OCR_NUMBER.match(folded):
        folded = folded.translate(_OCR_DIGITS)
    m = _QUANTITY.match(folded)
    if m is None:
        return None, False
    unit = m.group("unit") or ""
    if role in NUMERIC_ROLES and unit not in ("", "%", "分", *_AMOUNT_UNITS):
        return None, False
    try:
        return Decimal(m.group("num").replace(",", "")), unit == "%"
    except InvalidOperation:
        return None, False


def value_of(field: Field, role: str, page_of: PageOf) -> Value | None:
    """The cell's Value, None for an empty cell."""
    text = field.text.strip()
    if not text:
        return None
    if role == "nature":
        text = _NATURE_OCR.get(fold(text), text)
    number, percent = number_in(text, role)
    return Value(text, loc_of(field, page_of), number, percent)


def grade_word(text: str) -> str | None:
    """The grade a cell states: 优, or 优（90分以上） with its band; None where the cell is no grade."""
    folded = _LABEL_END.sub("", fold(text))
    if folded in vocab.GRADES:
        return folded
    m = _GRADE_WITH_BAND.match(folded)
    return m.group("grade") if m else None


def grade_in(value: Value | None) -> Value | None:
    """The cell's grade as a Value narrowed to the grade word; None where the cell is no grade."""
    word = grade_word(value.text) if value is not None else None
    if word is None:
        return None
    if fold(value.text) == word:
        return value
    at = value.text.find(word)
    start = value.loc.start + max(at, 0)
    return Value(word, Loc(start, start + len(word), value.loc.page, word))


def full_marks(cells: dict[str, Value]) -> None:
    """A score written 满分 is the row's weight."""
    score, weight = cells.get("score"), cells.get("weight")
    if score is not None and score.number is None and weight is not None and weight.number is not None \
            and fold(score.text) in vocab.FULL_MARKS:
        score.number = weight.number
