"""Copied text cut into cell tokens, each an exact span of Document.text (forms.md §4: web copies).

A page copy joins cells by `|` (then spaces inside a cell are its own) or by whitespace and line breaks (then a
cell may come in fragments, rejoined where the joined words are vocabulary: 年度 + 指标值). What a token is —
a value, a placeholder, a level weight — is decided on its folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from core.forms import vocabulary as vocab
from core.forms.cells import number_in
from core.forms.header import fold

PIPES = "|｜"
_PIPE_SEPARATOR = re.compile(r"[|｜\r\n\t]+")
_SPACE_SEPARATOR = re.compile(r"[\s|｜]+")
_HTML_SPACE = re.compile(r"(?:&nbsp;|&#160;|&#12288;|&emsp;|&ensp;)+")
# Two numbers a page glued together: 100%83.5%.
_GLUED = re.compile(r"(?<=%)(?=[-\d≥≤=<>])")
# A target range (85%-95%): the dash joins two rising percentages, which no glued pair is.
_RANGE = re.compile(r"(\d+(?:\.\d+)?)%-(\d+(?:\.\d+)?)%")
COMPARATORS = "≥≤=<>≧≦═"
_COMPARATOR = re.compile(rf"^[{COMPARATORS}]+")
NOT_APPLICABLE = frozenset(fold(w) for w in vocab.NOT_APPLICABLE) | {"——", "--", "–"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_VALUE_CJK = 4  # 9月前, 2019年底前: a value carries a few characters; a name carries more
MAX_VALUE_LEN = 16  # a cell longer than this is text (a reason, a goal), whatever it starts with
UNIT_WORDS = frozenset(vocab.UNIT_WORDS)
NATURES = frozenset(vocab.NATURE_WORDS)
FULL_MARKS = frozenset(vocab.FULL_MARKS)
# A unit written with a multiplier or an area/volume word (万平方米, 万人次, 立方米): made of unit characters only.
_UNIT_CHARS = frozenset("".join(UNIT_WORDS) + "万千亿百平方立公里米克微升斤")
MAX_UNIT_LEN = 5
# A number then its unit (33微克/立方米, 1425元/亩): a value however many characters its unit has.
_NUMBER_THEN = re.compile(rf"^[{COMPARATORS}]*-?\d+(?:\.\d+)?(?P<unit>.+)$")
_LIST_NUMBER = re.compile(r"^\d{1,2}[、.．]\s*[\u4e00-\u9fff]")
_CODED_NAME = re.compile(r"^\d+[A-Za-z]+[\u4e00-\u9fff]")
_LEVEL_WEIGHT = re.compile(vocab.LEVEL_WEIGHT)
_NUMBERING = re.compile(vocab.NAME_NUMBERING)
_PLACEHOLDER = re.compile(vocab.PLACEHOLDER)


@dataclass(frozen=True)
class Token:
    start: int  # span in Document.text
    end: int
    text: str  # folded: NFKC, no whitespace

    def __repr__(self) -> str:
        return f"Token({self.text!r}@{self.start})"


def uses_pipes(text: str) -> bool:
    """Cells joined by pipes: at least one pipe for every second line break."""
    pipes = sum(text.count(p) for p in PIPES)
    return pipes >= 4 and pipes * 2 >= text.count("\n")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The non-empty cells of text[start:end], in order."""
    end = len(text) if end is None else end
    separator = _PIPE_SEPARATOR if uses_pipes(text[start:end]) else _SPACE_SEPARATOR
    tokens = []
    position = start
    for gap in separator.finditer(text, start, end):
        tokens.extend(_cell_tokens(text, position, gap.start()))
        position = gap.end()
    tokens.extend(_cell_tokens(text, position, end))
    return tokens


def _cell_tokens(text: str, start: int, end: int) -> list[Token]:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped or _HTML_SPACE.fullmatch(stripped):  # an empty cell, or one a page left as &nbsp;
        return []
    start += len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    folded = fold(stripped)
    if "%" not in folded or not _GLUED.search(folded) or len(folded) != len(stripped):
        return [Token(start, end, folded)]
    ranges = {m.start(2) - 1 for m in _RANGE.finditer(folded) if Decimal(m.group(1)) < Decimal(m.group(2))}
    cuts = [0] + [m.start() for m in _GLUED.finditer(folded) if m.start() not in ranges] + [len(folded)]
    return [Token(start + a, start + b, folded[a:b]) for a, b in pairwise(cuts)]


def is_not_applicable(text: str) -> bool:
    return text in NOT_APPLICABLE


def is_comparator(text: str) -> bool:
    return bool(text) and all(c in COMPARATORS for c in text)


def is_unit(text: str) -> bool:
    """A 度量单位 cell: %, 个, 万平方米, or a rate of two (微克/立方米, 元/人)."""
    parts = text.split("/")
    return len(parts) <= 2 and all(_unit_word(part) for part in parts)


def _unit_word(text: str) -> bool:
    return text in UNIT_WORDS or (0 < len(text) <= MAX_UNIT_LEN and all(c in _UNIT_CHARS for c in text))


@lru_cache(maxsize=4096)  # every token is asked, and a table repeats its values
def is_value(text: str) -> bool:
    """A cell of a value column: a number (OCR damage repaired where certain: IO), a number with a comparator
    or a few characters of unit (≥95%, 150万, 9月前), a unit or a nature alone, a not-applicable mark, or a
    score written 满分."""
    if (is_not_applicable(text) or is_comparator(text) or is_unit(text) or text in NATURES or text in FULL_MARKS
            or number_in(text, "score")[0] is not None):
        return True
    then = _NUMBER_THEN.match(text)
    if then is not None and is_unit(then.group("unit")):
        return True
    bare = _COMPARATOR.sub("", text)
    if _LIST_NUMBER.match(bare) or _CODED_NAME.match(bare):  # 1.满意度, 2、办件量, 5G基站数: names
        return False
    return (bool(bare) and (bare[0].isdigit() or (bare[0] == "-" and bare[1:2].isdigit()))
            and len(bare) <= MAX_VALUE_LEN and len(_CJK.findall(bare)) <= MAX_VALUE_CJK)


def level_weight(text: str) -> tuple[str, Decimal] | None:
    """(level name or "", weight) of a level cell written with its weight: 产出指标(50分), (50分)."""
    match = _LEVEL_WEIGHT.search(text)
    if not match:
        return None
    return text[:match.start()], Decimal(match.group(1))


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text)


def is_placeholder(text: str) -> bool:
    """A template row left unfilled (指标2:, ……), or numbering with nothing named after it."""
    return bool(_PLACEHOLDER.fullmatch(text)) or not strip_numbering(text)


def has_numbering(text: str) -> bool:
    return bool(_NUMBERING.match(text))


@lru_cache(maxsize=4096)
def is_level(text: str) -> bool:
    name = level_weight(text)[0] if level_weight(text) else text
    return name in vocab.LEVEL_NAMES


@lru_cache(maxsize=8192)  # labels are asked many times over, and a page repeats them
def plain(text: str) -> str:
    """A label as the vocabulary spells it (`header.fold`: OCR damage repaired), trailing colon dropped."""
    return fold(text).rstrip(":：")
