"""Word automatic numbering (w:numPr) rendered as the text a reader sees, e.g. "（一）" or "2.1"."""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word allows list levels 0-8 and list counters far below this; larger values are damage, read as absent.
_MAX_LEVEL = 8
_MAX_COUNTER = 10 ** 6
# Letter numbering repeats the letter past z (aa, bbb, …): beyond this the label would be a line of letters.
_MAX_LETTER_COUNTER = 26 * 4

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"


@dataclass
class Numbering:
    """Numbering definitions of one docx and the running counters while paragraphs are read in order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> Level
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    start_overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    _started_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_part(cls, root) -> "Numbering":
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                ilvl = to_int(lvl.get(f"{W}ilvl"), 0, 0, _MAX_LEVEL)
                levels[ilvl] = Level(
                    fmt=_val(lvl, "numFmt", "decimal"),
                    text=_val(lvl, "lvlText", ""),
                    start=to_int(_val(lvl, "start", "1"), 1, 0, _MAX_COUNTER),
                    suffix=_val(lvl, "suff", "tab"),
                )
            numbering.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            numbering.abstract_of[num_id] = _val(num, "abstractNumId", "")
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    level = to_int(override.get(f"{W}ilvl"), 0, 0, _MAX_LEVEL)
                    numbering.start_overrides[(num_id, level)] = to_int(start.get(f"{W}val"), 1, 0, _MAX_COUNTER)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (num_id, ilvl) and return the rendered label with its suffix."""
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self._started_nums:
            # A num with start overrides restarts the shared list of its abstract definition.
            self._started_nums.add(num_id)
            for (override_num, level), start in self.start_overrides.items():
                if override_num == num_id:
                    counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for level in range(ilvl + 1):
            if f"%{level + 1}" in text:
                value = counters.get(level, levels.get(level, Level()).start)
                text = text.replace(f"%{level + 1}", format_number(value, levels.get(level, Level()).fmt))
        if levels[ilvl].fmt == "none":
            text = ""
        return text + {"tab": " ", "space": " "}.get(levels[ilvl].suffix, "") if text else ""


def to_int(raw: str | None, default: int, low: int, high: int) -> int:
    """A numeric attribute as Word reads it: absent, non-numeric or out of [low, high] gives `default`."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def _val(element, tag: str, default: str) -> str:
    child = element.find(f"{W}{tag}")
    return child.get(f"{W}val", default) if child is not None else default


def format_number(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_numeral(value, _CN_DIGITS)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(value, _CN_LEGAL)
    if fmt == "ideographTraditional" and 1 <= value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= _MAX_LETTER_COUNTER:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and value >= 1:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def chinese_numeral(value: int, digits: str) -> str:
    """Chinese counting numerals below 10000: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    out = ""
    pending_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit:
            out += (digits[0] if pending_zero else "") + digits[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out
