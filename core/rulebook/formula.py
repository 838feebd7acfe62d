"""Safe arithmetic formulas over variable ids: tokenizer, recursive-descent parser, Decimal evaluator.

Grammar:  expr := term (('+'|'-') term)* ;  term := unary (('*'|'/') unary)* ;
          unary := '-' unary | atom ;  atom := number | name | '(' expr ')'
A formula is compiled once (cached by its text) into nested closures, so evaluating it is a handful of
Decimal operations and never touches `eval`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
# Characters people type in spreadsheets; mapped so that a formula copied from a 评分表 still parses.
_ALIASES = str.maketrans({"×": "*", "÷": "/", "（": "(", "）": ")", "－": "-", "＋": "+", "＊": "*", "／": "/"})

# Bounds on what a file may hold: parsing and evaluation recurse only into brackets and unary minuses
# (a chain a + b + … is evaluated in a loop), so the depth keeps both far from Python's recursion limit;
# the length bounds the work. Real formulas are one line with two or three levels of brackets; a sum
# rewritten from a workbook cell may list hundreds of numbers.
MAX_LENGTH = 50_000
MAX_DEPTH = 32

Evaluator = Callable[[Mapping[str, Decimal]], Decimal]
Operation = Callable[[Decimal, Decimal], Decimal]


class FormulaError(ValueError):
    """A formula that cannot be parsed; the message is Chinese and names the position."""


class _ZeroDivision(Exception):
    def __init__(self, numerator_zero: bool) -> None:
        self.numerator_zero = numerator_zero


@dataclass(frozen=True)
class Outcome:
    """Result of evaluating a formula: ok (value set), missing, zero_zero (0/0) or div_zero (x/0, x ≠ 0)."""

    status: str
    value: Decimal | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    text: str
    variables: tuple[str, ...]  # in order of first appearance
    _fn: Evaluator

    def evaluate(self, values: Mapping[str, Decimal | None]) -> Outcome:
        missing = tuple(v for v in self.variables if values.get(v) is None)
        if missing:
            return Outcome("missing", missing=missing)
        try:
            return Outcome("ok", self._fn(values))  # type: ignore[arg-type]
        except _ZeroDivision as zd:
            return Outcome("zero_zero" if zd.numerator_zero else "div_zero")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    text = text.translate(_ALIASES).rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any character
        number, name, op = m.groups()
        start = m.start(m.lastindex or 0)
        if number is not None:
            out.append(("num", number, start))
        elif name is not None:
            out.append(("name", name, start))
        elif op in "+-*/()":
            out.append(("op", op, start))
        else:
            raise FormulaError(f"公式“{text}”第{start + 1}个字符“{op}”无法识别")
        pos = m.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.names: list[str] = []
        self.depth = 0  # brackets and unary minuses open around the current token

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, what: str) -> FormulaError:
        _, value, pos = self.peek()
        found = f"“{value}”" if value else "结尾"
        return FormulaError(f"公式“{self.text}”第{pos + 1}个字符处应为{what}，实为{found}")

    def parse(self) -> Evaluator:
        fn = self.expr()
        if self.peek()[0] != "end":
            raise self.fail("运算符")
        return fn

    def binary(self, operand: Callable[[], Evaluator], ops: dict[str, Operation]) -> Evaluator:
        """Left-associative chain of `operand`s joined by the operators in `ops`."""
        first = operand()
        rest: list[tuple[Operation, Evaluator]] = []
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            rest.append((ops[self.take()[1]], operand()))
        return _chain(first, tuple(rest)) if rest else first

    def expr(self) -> Evaluator:
        return self.binary(self.term, _ADDITIVE)

    def term(self) -> Evaluator:
        return self.binary(self.unary, _MULTIPLICATIVE)

    def nested(self, parse: Callable[[], Evaluator]) -> Evaluator:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"公式“{self.text[:40]}…”嵌套超过 {MAX_DEPTH} 层")
        fn = parse()
        self.depth -= 1
        return fn

    def unary(self) -> Evaluator:
        if self.peek()[:2] == ("op", "-"):
            self.take()
            return _neg(self.nested(self.unary))
        return self.atom()

    def atom(self) -> Evaluator:
        kind, value, _ = self.peek()
        if kind == "num":
            self.take()
            const = Decimal(value)
            return lambda env: const
        if kind == "name":
            self.take()
            if value not in self.names:
                self.names.append(value)
            return lambda env: env[value]
        if (kind, value) == ("op", "("):
            self.take()
            fn = self.nested(self.expr)
            if self.peek()[:2] != ("op", ")"):
                raise self.fail("“)”")
            self.take()
            return fn
        raise self.fail("数字、变量或“(”")


def _chain(first: Evaluator, rest: tuple[tuple[Operation, Evaluator], ...]) -> Evaluator:
    def evaluate_chain(env: Mapping[str, Decimal]) -> Decimal:
        value = first(env)
        for operation, operand in rest:
            value = operation(value, operand(env))
        return value

    return evaluate_chain


def _neg(a: Evaluator) -> Evaluator:
    return lambda env: -a(env)


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator == 0:
        raise _ZeroDivision(numerator == 0)
    return numerator / denominator


_ADDITIVE: dict[str, Operation] = {"+": operator.add, "-": operator.sub}
_MULTIPLICATIVE: dict[str, Operation] = {"*": operator.mul, "/": _divide}


@lru_cache(maxsize=1024)
def compile_formula(text: str) -> Formula:
    """Parse `text` once; raises FormulaError on a syntax error."""
    if not text or not text.strip():
        raise FormulaError("公式为空")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式长 {len(text)} 个字符，超过上限 {MAX_LENGTH}")
    parser = _Parser(text)
    fn = parser.parse()
    return Formula(text, tuple(parser.names), fn)


def evaluate(text: str, values: Mapping[str, Decimal | None]) -> Outcome:
    """Convenience for one-off use; the engine keeps compiled formulas instead."""
    return compile_formula(text).evaluate(values)
