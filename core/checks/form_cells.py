"""What the 自评表 checks share: cells compared at their printed precision, the locations of cells, and
whether the table states the rule it used (which makes a rule finding an error, forms.md §3)."""

from __future__ import annotations

import re
from decimal import Decimal

from core.decimals import cut_to, round_half_up
from core.extraction.model import Loc
from core.extraction.numbers import printed_decimals
from core.forms.model import FormTable, Value

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# The table states how it scores execution: a header 得分(20分*执行率), a note 按执行率×分值计分.
EXECUTION_RULE = re.compile(r"(\d+\s*分?\s*[*×xX]\s*(?:预算)?执行率|执行率\s*[*×xX]\s*(?:分值|权重|\d+))")
# A note fixing the weights: 一级指标分值统一设置为:产出指标50分、效益指标30分 …
WEIGHTS_RULE = re.compile(r"(?:分值|权重)[^。]{0,8}(?:统一)?设置为")
# … and the weights it names.
NOTED_WEIGHT = re.compile(r"(产出指标|效益指标|满意度指标|预算资金执行率|预算执行率|执行率)\s*(\d+(?:\.\d+)?)\s*分")
# A note or header stating the target rule (完成值/指标值×分值).
TARGET_RULE = re.compile(r"完成值\s*/\s*指标值|指标值\s*/\s*完成值|实际完成值[^。]{0,6}[×*]\s*(?:分值|权重)")


def decimals(value: Value) -> int:
    """Decimals printed in the cell's number (`86%` → 0, `102.59%` → 2)."""
    match = _DIGITS.search(value.text.replace(",", ""))
    return printed_decimals(match.group()) if match else 0


def same_at_print(computed: Decimal, value: Value) -> bool:
    """The printed cell equals the computed number at the cell's own decimals, rounded half up or cut off
    (86.26 % typed as 86.2 % is within the last printed digit, not wrong arithmetic)."""
    if value.number is None:
        return False
    places = decimals(value)
    return value.number in (round_half_up(computed, places), cut_to(computed, places))


def locs(*values: Value | None) -> list[Loc]:
    """The cells' locations in order, each once."""
    kept: list[Loc] = []
    for value in values:
        if value is not None and value.loc not in kept:
            kept.append(value.loc)
    return kept


def stated_texts(form: FormTable) -> str:
    """The table's own words about its rules: notes under it and any header field."""
    return "\n".join([note.text for note in form.notes] + [value.text for value in form.fields.values()])


def states(form: FormTable, rule: re.Pattern) -> bool:
    return bool(rule.search(stated_texts(form)))


def severity(form: FormTable, rule: re.Pattern, *cells: Value | None) -> str:
    """R2, R5, R9, R11 are errors only where the table states the rule it scores by (forms.md §3): in a
    note, a header field, or the heading a cell was read from (a weight from 得分(20分*执行率))."""
    in_cells = any(cell is not None and rule.search(cell.loc.quote) for cell in cells)
    return "error" if in_cells or states(form, rule) else "warning"


def sum_severity(form: FormTable, short: bool) -> str:
    """A sum that falls short on copied text may be a row the copy lost (forms.md §4): a warning there,
    since a doubtful reading never becomes an error; an excess, or a short sum in a grid, is proven."""
    return "warning" if short and form.source == "text" else "error"
