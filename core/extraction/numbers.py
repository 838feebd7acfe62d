"""Numbers as reports write them (domain.md §1.6): Decimal values, units, qualifiers, signs.

`find_quantities(text)` lists every number mention of a text with its span in that text;
`parse_number(s)` reads one number (a table cell, an expression operand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from core.extraction.normalize import Normalized, fold, normalize_report

TEN_THOUSAND = Decimal(10000)

# written amount unit -> factor to 万元
AMOUNT_UNITS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": TEN_THOUSAND, "千元": Decimal("0.1")}
# written count unit -> canonical unit
COUNT_UNITS = {
    "人次": "人次", "人": "人", "名": "人", "个": "个", "项": "项", "件": "件", "宗": "宗",
    "条": "条", "份": "份", "次": "次", "台": "台", "辆": "辆", "家": "家", "户": "户",
    "笔": "笔", "批": "批", "张": "张", "场": "场", "篇": "篇", "期": "期",
}
OTHER_UNITS = {"%": "%", "百分点": "百分点", "个百分点": "百分点", "分": "分",
               "平方米": "平方米", "㎡": "平方米", "m2": "平方米"}
MULTIPLIERS = {"万": TEN_THOUSAND, "亿": TEN_THOUSAND * TEN_THOUSAND}
AMOUNT = "万元"

_units_alt = "|".join(sorted(
    [re.escape(u) for u in list(COUNT_UNITS) + list(OTHER_UNITS) + ["元", "千元"]],
    key=len, reverse=True))

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万亿"

# Digit runs are bounded: a longer run is an id, a hash or damage, never an amount, and a Decimal of it
# would not round within the default precision.
_ARABIC = r"\d{1,3}(?:,\d{3}){1,5}(?![\d,])|\d{1,18}"
_NUMBER = rf"(?:{_ARABIC})(?:\.\d{{1,12}})?"
NUMBER_PATTERN = _NUMBER  # one Arabic number, for readers of written calculations

QUANTITY_RE = re.compile(
    rf"(?:(?P<sign_word>减少了?|下降了?|降低了?)[ \t]*)?"
    rf"(?:(?P<pre>近|约|超过|逾)[ \t]*)?"
    rf"(?P<minus>(?<![\dA-Za-z)%])-(?=\d))?"
    rf"(?P<num>(?<![\d.])(?:{_NUMBER})(?!\.?\d)(?![xX]{{2}}|\*{{2}}))"
    rf"(?P<q1>多|余)?"
    rf"(?P<mult>[万亿](?!元))?"
    rf"(?P<q2>多|余)?"
    rf"(?:[ \t]*(?P<unit>万元|亿元|{_units_alt}))?"
    rf"(?P<post>以上|以下|左右|以内)?"
)
# Chinese numerals count only in front of a count unit ("三个股室"); elsewhere they are words or numbering.
CN_QUANTITY_RE = re.compile(
    rf"(?P<num>[{CN_CHARS}]+)(?P<unit>{'|'.join(sorted(COUNT_UNITS, key=len, reverse=True))})"
)
# A digit run wrapped onto the next line: the line before has text, the number continues mid-sentence.
WRAPPED_RE = re.compile(r"[^\n\d.][\d.]{1,12}\n(?=[\d.]{1,12}[^\d.\n])")
# A number at the end of a line of text whose unit a line wrap put on the next line ("实际支出1279.56\n万元").
UNIT_WRAPPED_RE = re.compile(r"[^\n\d.][\d.]*\d\n(?=(?:万元|亿元|元|%|人次|人|名)[^\n])")
# A unit a wrap cut in two ("全年支出1,902.36万\n元").
SPLIT_UNIT_RE = re.compile(r"\d[万亿]\n(?=元)")


@dataclass(frozen=True)
class Quantity:
    """One number mention. `value` is in the canonical unit: 万元 for amounts, counts multiplied out."""

    value: Decimal
    unit: str | None  # 万元 | 人 | 人次 | 个 | 项 | 件 | 宗 | 条 … | % | 百分点 | 分 | 平方米 | None
    written: Decimal  # the number as printed, sign applied, before 万/亿 and unit conversion
    written_unit: str | None  # as printed (normalised): 元, 万元, 亿元, 万宗, % …
    decimals: int  # decimals as printed
    qualifier: str | None  # 以上 | 多 | 余 | 近 | 约 | 以下 | 左右 | 以内 | 超过 | 逾
    start: int  # span of the whole mention (sign word to unit) in the searched text
    end: int
    num_start: int  # span of the printed digits
    num_end: int

    @property
    def is_amount(self) -> bool:
        return self.unit == AMOUNT

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS.values()


_MAX_CHINESE_NUMERAL = 10 ** 16


def printed_decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def parse_chinese_int(s: str) -> int | None:
    """十二 = 12, 一百零五 = 105, 两千 = 2000, 三万五千 = 35000; None if `s` is not a numeral."""
    if not s or any(ch not in CN_CHARS for ch in s):
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿 close a section
            section += digit or 0
            total = (total + section) * (10000 if ch == "万" else 100000000)
            section, digit = 0, None
            if total > _MAX_CHINESE_NUMERAL:  # 亿亿亿…: words, not a count
                return None
    return total + section + (digit or 0)


def _arabic(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def parse_number(s: str) -> Decimal | None:
    """A cell or operand holding one number: '4,855.50', '－13.84', '-168.8', '十二', '1.2万'."""
    t = fold(s).strip().replace(" ", "")
    if not t:
        return None
    if re.fullmatch(rf"-?(?:{_NUMBER})", t):
        return _arabic(t)
    m = re.fullmatch(rf"(-?)({_NUMBER})([万亿])", t)
    if m:
        return _arabic(m.group(1) + m.group(2)) * MULTIPLIERS[m.group(3)]
    value = parse_chinese_int(t)
    return Decimal(value) if value is not None else None


@lru_cache(maxsize=8)  # several checks read the same report text
def unwrap_numbers(text: str) -> Normalized:
    """Normalised text with digit runs, and numbers and their units, that a line wrap split joined again
    (offsets still map)."""
    norm = normalize_report(text)
    if "\n" not in norm.text:
        return norm
    cuts = {m.end() - 1 for pattern in (WRAPPED_RE, UNIT_WRAPPED_RE, SPLIT_UNIT_RE) for m in pattern.finditer(norm.text)}
    if not cuts:
        return norm
    keep = [i for i in range(len(norm.text)) if i not in cuts]
    return Normalized("".join(norm.text[i] for i in keep), text, tuple(norm.origins[i] for i in keep))


def _plain(value: Decimal) -> Decimal:
    """A converted value without trailing zeros or exponent (0.1000 -> 0.1, 75000.0 -> 75000)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def to_wan_yuan(value: Decimal, written_unit: str) -> Decimal:
    """An amount written in 元 / 千元 / 万元 / 亿元, in 万元."""
    factor = AMOUNT_UNITS[written_unit]
    return value if factor == 1 else _plain(value * factor)


def _convert(number: Decimal, mult: str | None, unit: str | None) -> tuple[Decimal, str | None, str | None]:
    """(value in canonical unit, canonical unit, written unit)."""
    value, canonical, written_unit = _convert_raw(number, mult, unit)
    return (value if value is number else _plain(value)), canonical, written_unit


def _convert_raw(number: Decimal, mult: str | None, unit: str | None) -> tuple[Decimal, str | None, str | None]:
    factor = MULTIPLIERS[mult] if mult else Decimal(1)
    written_unit = (mult or "") + (unit or "") or None
    if unit in AMOUNT_UNITS:
        # 万 before 元 (possibly split by a tab) is the 万元 unit, not a multiplier
        if mult == "万" or unit == "万元":
            return number, AMOUNT, written_unit
        return number * factor * AMOUNT_UNITS[unit], AMOUNT, written_unit
    canonical = (COUNT_UNITS.get(unit) or OTHER_UNITS.get(unit)) if unit else None
    return (number * factor if mult else number), canonical, written_unit


def find_quantities(text: str | Normalized) -> list[Quantity]:
    """All number mentions of `text`, spans as offsets into the source text."""
    return _find(text) if isinstance(text, Normalized) else list(_quantities_in(text))


@lru_cache(maxsize=8)  # figures and several checks read the same report text
def _quantities_in(text: str) -> tuple[Quantity, ...]:
    return tuple(_find(unwrap_numbers(text)))


def _find(norm: Normalized) -> list[Quantity]:
    out = [_arabic_quantity(m, norm) for m in QUANTITY_RE.finditer(norm.text)]
    taken = {i for q in out for i in range(q.start, q.end)}
    out += [q for m in CN_QUANTITY_RE.finditer(norm.text)
            if (q := _chinese_quantity(m, norm)) and not taken.intersection(range(q.start, q.end))]
    out.sort(key=lambda q: q.start)
    return out


def _arabic_quantity(m: re.Match, norm: Normalized) -> Quantity:
    digits = m.group("num")
    number = _arabic(digits)
    if m.group("minus") or m.group("sign_word"):
        number = -number
    value, unit, written_unit = _convert(number, m.group("mult"), m.group("unit"))
    qualifier = m.group("pre") or m.group("q1") or m.group("q2") or m.group("post")
    start, end = norm.span_to_source(m.start(), m.end())
    num_start, num_end = norm.span_to_source(m.start("num"), m.end("num"))
    if m.group("minus"):
        num_start = norm.to_source(m.start("minus"))
    return Quantity(value, unit, number, written_unit, printed_decimals(digits), qualifier,
                    start, end, num_start, num_end)


def _chinese_quantity(m: re.Match, norm: Normalized) -> Quantity | None:
    value = parse_chinese_int(m.group("num"))
    before = norm.text[m.start() - 1] if m.start() > 0 else ""
    # 十人 is ten; a bare 百 or 千 (百人, 千人计划) is a word, not a count
    spelled = m.group("num") == "十" or any(ch in CN_DIGITS for ch in m.group("num"))
    if value is None or not spelled or before.isdigit() or before == "第":
        return None
    start, end = norm.span_to_source(m.start(), m.end())
    num_end = norm.to_source(m.end("num") - 1) + 1
    unit = m.group("unit")
    return Quantity(Decimal(value), COUNT_UNITS[unit], Decimal(value), unit, 0, None,
                    start, end, start, num_end)
