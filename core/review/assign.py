"""Which base figure a number the reviewer selected in the report is likely to be (设为…的值).

Variables whose label (or a synonym) stands just before the number in the same sentence or table row come
first, then the others; within each, those whose unit fits the number's (万元 amounts to amounts, 人 to
head counts, % to rates) before those whose unit does not. A unit that does not fit is not refused — a
report may print an amount without its unit — but the reviewer is asked before it is stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from core.extraction.figure_labels import SPECS
from core.extraction.numbers import AMOUNT, COUNT_UNITS, find_quantities

NEAR_CHARS = 40  # how far before the number a label still names it
UNIT_CHARS = 6  # a selection of the digits alone still takes the unit printed after them
_BREAK = re.compile(r"[。；;\n]")
_PLAIN = re.compile(r"[“”\"'‘’\s]")
# Variable units and the number units that fit them (a count of 项 is also written 个, 件, 条 …).
_COUNT_LIKE = frozenset(COUNT_UNITS.values()) - {"人", "人次"}
FITTING = {AMOUNT: {AMOUNT}, "人": {"人"}, "%": {"%"}, "m²": {"平方米"}, "项": _COUNT_LIKE, "天": {"天"}}


# The phrases extraction reads each variable by (domain.md §3 vocabulary), besides the framework's synonyms.
PHRASES: dict[str, tuple[str, ...]] = {}
for _spec in SPECS:
    if _spec.var and not _spec.context:  # a phrase that needs its context (预算 of 三公) says too little alone
        PHRASES[_spec.var] = PHRASES.get(_spec.var, ()) + _spec.phrases


@dataclass(frozen=True)
class SelectedNumber:
    value: Decimal  # in the canonical unit (万元 for amounts)
    unit: str | None  # as find_quantities gives it: 万元 | 人 | % | 项 … | None for a bare number
    start: int  # the mention's span in Document.text, cut to the selection (but never short of the digits)
    end: int


@dataclass(frozen=True)
class Proposal:
    var: str
    label: str
    unit: str
    fits: bool | None  # None: the number has no unit (or the variable none), so nothing to compare
    distance: int | None  # characters between the label and the number; None if not near
    named_by: int = 0  # length of the label found near it: 年初预算 names the number better than 预算


def selected_number(text: str, start: int, end: int) -> SelectedNumber | None:
    """The first number beginning inside text[start:end] (a selection), with the unit printed after it
    (a double-click selects the digits only)."""
    found = [q for q in find_quantities(text[start:end + UNIT_CHARS]) if q.num_start < end - start]
    if not found:
        return None
    q = found[0]
    return SelectedNumber(q.value, q.unit, start + q.start, max(start + q.num_end, min(start + q.end, end)))


def unit_fits(variable_unit: str | None, number_unit: str | None) -> bool | None:
    if not variable_unit or number_unit is None:
        return None
    return number_unit in FITTING.get(variable_unit, {variable_unit})


def proposals(session, number: SelectedNumber) -> list[Proposal]:
    """The session's variables, most likely first."""
    window = _window_before(session.document.text, number.start)
    out = []
    for var in session.variable_ids():
        variable = session.framework.variables.get(var)
        label = session.variable_label(var)
        unit = variable.unit if variable else ""
        names = [label, *(variable.synonyms if variable else []), *PHRASES.get(var, ())]
        distance, named_by = _distance(window, names)
        out.append(Proposal(var, label, unit, unit_fits(unit, number.unit), distance, named_by))
    order = {p.var: i for i, p in enumerate(out)}
    return sorted(out, key=lambda p: (p.distance is None, p.fits is False, p.distance or 0, -p.named_by,
                                      p.fits is None, order[p.var]))


def unit_warning(session, var: str, number: SelectedNumber) -> str | None:
    """The question to ask before storing `number` as `var` when their units differ, else None."""
    variable = session.framework.variables.get(var)
    unit = variable.unit if variable else ""
    if unit_fits(unit, number.unit) is not False:
        return None
    return (f"选中的数字单位为“{number.unit}”，而“{session.variable_label(var)}”的单位是“{unit}”。"
            f"仍要把 {number.value} 设为“{session.variable_label(var)}”的值吗？")


def _window_before(text: str, start: int) -> str:
    window = text[max(0, start - NEAR_CHARS):start]
    breaks = list(_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    return _PLAIN.sub("", unicodedata.normalize("NFKC", window))


def _distance(window: str, names: list[str]) -> tuple[int | None, int]:
    """(characters between the nearest name and the number, that name's length); (None, 0) if none."""
    best: tuple[int, int] | None = None
    for name in names:
        name = _PLAIN.sub("", unicodedata.normalize("NFKC", name))
        at = window.rfind(name) if name else -1
        if at >= 0:
            found = (len(window) - (at + len(name)), -len(name))
            best = found if best is None else min(best, found)
    return (best[0], -best[1]) if best else (None, 0)
