"""EXPR_MISMATCH: a calculation written in the text does not give the result written after `=`.

domain.md §5.1: numbers are taken as written (`×100%` is ×100 shown as %, `*1%` is ×0.01), the stated
result is compared at its printed precision (half up), and a trailing comparison (`=100%≦0`) is
evaluated with the printed result.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from core.analysis_budget import check as check_analysis_budget
from core.checks.model import Finding, span_loc
from core.decimals import fmt, round_half_up
from core.extraction.numbers import printed_decimals, unwrap_numbers

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?")
# The digits after a thousands separator (12,690,480.00): inside a number, where no expression begins.
_THOUSANDS_GROUP = re.compile(r"\d{3}(?![\d,])|\d{3},\d{3}")
_SCALE = {"%": Decimal("0.01"), "‰": Decimal("0.001")}
_UNITS = re.compile(r"万元|亿元|元|人次|人|名|个|件|项|次|宗|条|天|户|家|平方米|m2")
_MONEY = {"万元", "亿元", "元"}
_POINTS = ("个百分点", "百分点")  # a difference of rates, in percent units
_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}(?=\d)")
_INLINE_SPACE = " \t\u3000\n"
_OPERATORS = "+-*/"
_COMPARISONS = ("<=", ">=", "≤", "≥", "<", ">")
_COMPARE = {
    "<=": lambda a, b: a <= b, "≤": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b, "≥": lambda a, b: a >= b,
    "<": lambda a, b: a < b, ">": lambda a, b: a > b,
}
# Characters that end the clause holding an expression; the label before `=` stops at them.
_CLAUSE_END = set(",.;:!?。;、\n()") | {"="}
_LABEL_MAX = 25
_CANDIDATE = re.compile(r"[\d(-]")
_REACH = 200  # characters from an expression's start to its `=`
_QUOTES = str.maketrans("", "", "“”‘’\"' ")


class _NotAnExpression(Exception):
    pass


def _divide(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        raise _NotAnExpression  # 0/0 and x/0 are undefined, not a written result to check
    return a / b


_APPLY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide}


@dataclass
class _Term:
    """One side of `a = b = c`: its value, span and, for a bare number, its printed decimals."""

    value: Decimal
    start: int
    end: int
    operators: int
    percent: bool  # written with a % sign somewhere
    decimals: int = 0  # printed decimals, for a bare number


@dataclass
class _Parser:
    text: str
    pos: int
    operators: int = 0
    percent: bool = False
    money_units: frozenset = frozenset()

    def skip_space(self) -> None:
        newlines = 0
        while self.pos < len(self.text) and self.text[self.pos] in _INLINE_SPACE:
            newlines += self.text[self.pos] == "\n"
            if newlines > 1:  # a blank line ends any expression
                raise _NotAnExpression
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expression(self) -> Decimal:
        return self.chained(self.term, ("+", "-"))

    def term(self) -> Decimal:
        return self.chained(self.factor, ("*", "/"))

    def chained(self, operand, operators: tuple[str, ...]) -> Decimal:
        """operand (op operand)*, left to right, for one precedence level."""
        value = operand()
        while self.peek() in operators:
            op = self.text[self.pos]
            self.pos += 1
            self.operators += 1
            value = _APPLY[op](value, operand())
        return value

    def factor(self) -> Decimal:
        char = self.peek()
        if char == "-":
            self.pos += 1
            return -self.factor()
        if char == "(":
            self.pos += 1
            value = self.expression()
            if self.peek() != ")":
                raise _NotAnExpression
            self.pos += 1
            return self.scaled(value)
        return self.operand()

    def operand(self) -> Decimal:
        label = _LABEL.match(self.text, self.pos)  # 在职4人/编制10人: a label before the number
        if label:
            self.pos = label.end()
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise _NotAnExpression
        self.pos = match.end()
        value = Decimal(match.group().replace(",", ""))
        unit = _UNITS.match(self.text, self.after_blanks())
        if unit:
            self.pos = unit.end()
            if unit.group() in _MONEY:
                self.money_units |= {unit.group()}
        return self.scaled(value)

    def after_blanks(self) -> int:
        """Where the unit of the number just read starts: typesetters put spaces in "7 人", "100 %"."""
        pos = self.pos
        while pos < len(self.text) and self.text[pos] in " \t":
            pos += 1
        return pos

    def scaled(self, value: Decimal) -> Decimal:
        at = self.after_blanks()
        char = self.text[at] if at < len(self.text) else ""
        if char in _SCALE:
            self.pos = at + 1
            self.percent = True
            return value * _SCALE[char]
        points = next((word for word in _POINTS if self.text.startswith(word, at)), None)
        if points:
            self.pos = at + len(points)
            self.percent = True
            return value * _SCALE["%"]
        return value


def _parse_term(text: str, pos: int) -> _Term:
    parser = _Parser(text, pos)
    value = parser.expression()
    if len(parser.money_units) > 1:  # 元 against 万元: not comparable as written
        raise _NotAnExpression
    decimals = 0
    if parser.operators == 0:
        number = _NUMBER.search(text, pos, parser.pos)
        decimals = printed_decimals(number.group()) if number else 0
    return _Term(value, pos, parser.pos, parser.operators, parser.percent, decimals)


@dataclass
class Written:
    """One written calculation `expr = result [op bound]`, as found in the normalised text."""

    start: int  # span in the normalised text, label before `=` included
    end: int
    expression: _Term
    result: _Term
    comparison: tuple[str, _Term] | None
    label: str


def _at_start(text: str, pos: int) -> bool:
    """True where an expression may begin: not inside a number or after an operator or bracket."""
    if pos == 0:
        return True
    before = text[pos - 1]
    if before == "," and pos >= 2 and text[pos - 2].isdigit() and _THOUSANDS_GROUP.match(text, pos):
        return False
    return not (before.isdigit() or before in ".%)" + _OPERATORS or before.isascii() and before.isalpha())


def _comparison(text: str, pos: int) -> tuple[str, _Term] | None:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    for op in _COMPARISONS:
        if text.startswith(op, pos):
            try:
                bound = _parse_term(text, pos + len(op))
            except (_NotAnExpression, InvalidOperation):
                return None
            return (op, bound) if bound.operators == 0 else None
    return None


def _label_start(text: str, pos: int) -> int:
    """Start of the label the expression is written for (`在职人员控制率＝…`, `在职4人/…`)."""
    start = pos
    if start > 0 and text[start - 1] == "=":
        start -= 1
    while start > 0 and pos - start < _LABEL_MAX and text[start - 1] not in _CLAUSE_END:
        start -= 1
    return start if _has_cjk(text[start:pos]) else pos


def _about(text: str, label_start: int, pos: int) -> str:
    """What the expression computes: the label before `=`, else the item named before a colon."""
    label = text[label_start:pos]
    if not label.endswith("=") and label_start > 0 and text[label_start - 1] in ":=":
        # 在职人员控制率:在职4人/…, 预算执行率=实际支出482.3万元÷…: the item is named before the operand's label
        label = text[_label_start(text, label_start - 1):label_start - 1]
    return label.rstrip("=").translate(_QUOTES).strip()


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _chain(text: str, pos: int) -> Written | None:
    """The chain `expr = r [= r2] [op bound]` starting at `pos`, or None."""
    try:
        terms = [_parse_term(text, pos)]
        end = terms[0].end
        while True:
            cursor = end
            while cursor < len(text) and text[cursor] in " \t":
                cursor += 1
            if cursor >= len(text) or text[cursor] != "=":
                break
            terms.append(_parse_term(text, cursor + 1))
            end = terms[-1].end
    except (_NotAnExpression, InvalidOperation):
        return None
    if len(terms) < 2 or terms[0].operators == 0 or terms[-1].operators != 0:
        return None
    comparison = _comparison(text, end)
    if comparison:
        end = comparison[1].end
    start = _label_start(text, pos)
    if "=" not in text[start:pos]:  # 在职4人/…: the label belongs to the first operand
        terms[0].start = start
    return Written(start, end, terms[0], terms[-1], comparison, _about(text, start, pos))


def find_written(text: str) -> list[Written]:
    """Every written calculation in normalised `text`, left to right."""
    equals = [match.start() for match in re.finditer("=", text)]
    found: list[Written] = []
    pos = 0
    with localcontext(prec=28):  # whatever the caller's context: quotients to 28 digits
        while equals and (match := _CANDIDATE.search(text, pos)):
            check_analysis_budget()
            start = match.start()
            next_equal = bisect_left(equals, start)
            if next_equal == len(equals):
                break
            if equals[next_equal] - start > _REACH:  # no `=` close ahead: jump towards the next one
                pos = equals[next_equal] - _REACH
                continue
            written = _chain(text, start) if _at_start(text, start) else None
            if written:
                found.append(written)
            pos = written.end if written else start + 1
    return found


def _in_units_of(value: Decimal, result: _Term) -> Decimal:
    """`value` expressed in the printed unit of `result` (percent when the result carries %)."""
    return value * 100 if result.percent else value


def result_matches(written: Written) -> bool:
    """The stated result equals the computed one at its printed precision."""
    printed = _in_units_of(written.result.value, written.result)
    value = written.expression.value
    readings = [_in_units_of(value, written.result)]
    # A % on one side only is a label, not a factor: `7/8×100=87.5%`, `(7/8)×100%=87.5`.
    if written.result.percent and not written.expression.percent:
        readings.append(value)
    if written.expression.percent and not written.result.percent:
        readings.append(value * 100)
    return any(round_half_up(value, written.result.decimals) == printed for value in readings)


def comparison_holds(written: Written) -> bool:
    if written.comparison is None:
        return True
    op, bound = written.comparison
    return _COMPARE[op](written.result.value, bound.value)


def _expected_text(written: Written) -> str:
    value = _in_units_of(written.expression.value, written.result)
    decimals = max(2, written.result.decimals)
    return fmt(round_half_up(value, decimals)) + ("%" if written.result.percent else "")


def _message(about: str, expression: str, stated: str, expected: str, comparison: str | None) -> str:
    problems = []
    if expected:
        problems.append(f"“{expression}”按所写计算结果为{expected}，报告写作{stated}")
    if comparison:
        problems.append(f"所写比较“{comparison}”不成立")
    return f"{about or '算式'}计算有误：" + "；且".join(problems) + "。"


def _source(document, norm, start: int, end: int) -> str:
    """The report's own wording of normalised text[start:end]."""
    source_start, source_end = norm.span_to_source(start, end)
    return document.text[source_start:source_end].strip()


def check_expressions(document, extraction=None) -> list[Finding]:
    """One EXPR_MISMATCH finding per written calculation whose result or comparison is wrong."""
    norm = unwrap_numbers(document.text)
    findings = []
    for written in find_written(norm.text):
        value_ok = result_matches(written)
        compare_ok = comparison_holds(written)
        if value_ok and compare_ok:
            continue
        stated = _source(document, norm, written.result.start, written.result.end)
        expected = _expected_text(written)
        expression = _source(document, norm, written.expression.start, written.expression.end)
        comparison = None if compare_ok else _source(document, norm, written.result.start, written.end)
        findings.append(Finding(
            code="EXPR_MISMATCH",
            severity="error",
            message=_message(written.label, expression, stated, "" if value_ok else expected, comparison),
            about=written.label or None,
            stated=stated,
            expected=expected,
            locs=[span_loc(document, *norm.span_to_source(written.start, written.end))],
        ))
    return findings
