"""Base figures read from a written ratio whose terms are named: by the words of the formula written just
before it (预算执行率=实际支出÷调整后预算×100%=2,846.30÷3,120.00×100%) or by the indicator it computes
(在职人员控制率=106/113×100%, `figure_labels.RATIO_TERMS`). Such an operand is the report's own statement of
the figure: where it differs from the figure stated in words, that is a FIGURE_CONFLICT (domain.md §5.11).
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.documents.model import Document
from core.extraction.figure_labels import QUOTES, RATIO_TERMS, UNIT_OF_KIND, Found, LabelSpec, make_loc
from core.extraction.model import Figure
from core.extraction.normalize import Normalized
from core.extraction.numbers import NUMBER_PATTERN, parse_number

_TERM = r"[\u4e00-\u9fff“”\"]{2,16}"
_OPERANDS = rf"\(?\s*(?P<a>{NUMBER_PATTERN})\s*/\s*(?P<b>{NUMBER_PATTERN})\s*\)?"
# 实际支出÷调整后预算×100%=2,846.30÷3,120.00×100%: the words, then the numbers in their places.
WORDED_RATIO_RE = re.compile(
    rf"=\s*\(?\s*(?P<wa>{_TERM})\s*/\s*(?P<wb>{_TERM})\s*\)?\s*(?:\*\s*100\s*%)?\s*=\s*{_OPERANDS}")
# 在职人员控制率=106/113×100%: the indicator names its terms.
NAMED_RATIO_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff“”\"]{{2,16}}率)\s*=\s*{_OPERANDS}")
YUAN_PER_WAN = Decimal(10000)


def formula_figures(document: Document, norm: Normalized, stated: list[Found],
                    specs: tuple[LabelSpec, ...]) -> list[Found]:
    out: list[Found] = []
    for m in WORDED_RATIO_RE.finditer(norm.text):
        labels = (_label_of(m.group("wa"), specs), _label_of(m.group("wb"), specs))
        out += _operands(document, norm, m, labels, stated)
    for m in NAMED_RATIO_RE.finditer(norm.text):
        terms = RATIO_TERMS.get(QUOTES.sub("", m.group("name")))
        if terms is not None:
            out += _operands(document, norm, m, terms, stated)
    return out


def _label_of(words: str, specs: tuple[LabelSpec, ...]) -> str | None:
    """The label a formula's term names: a phrase of a spec that needs no context, the whole term."""
    words = QUOTES.sub("", words)
    return next((spec.label for spec in specs if not spec.context and words in spec.phrases), None)


def _operands(document: Document, norm: Normalized, m: re.Match, labels, stated: list[Found]) -> list[Found]:
    out = []
    for group, label in zip(("a", "b"), labels, strict=True):
        value = parse_number(m.group(group)) if label else None
        if value is None or _already_stated(label, value, stated):
            continue
        start, end = norm.span_to_source(m.start(group), m.end(group))
        unit = next((f.figure.unit for f in stated if f.figure.label == label), None)
        if unit is None:
            continue  # a term the report states nowhere else: its unit is unknown
        figure = Figure("", None, label, value, unit, make_loc(document, start, end), None, "extracted")
        figure.var = next((f.figure.var for f in stated if f.figure.label == label), None)
        out.append(Found(figure, (m.start(), m.end())))
    return out


def _already_stated(label: str, value: Decimal, stated: list[Found]) -> bool:
    """The operand repeats a figure stated in words, in its unit or in 元 when that is 万元."""
    for found in stated:
        figure = found.figure
        if figure.label != label:
            continue
        if value == figure.value or (figure.unit == UNIT_OF_KIND["amount"] and value == figure.value * YUAN_PER_WAN):
            return True
    return False
