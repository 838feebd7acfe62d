"""Grades (等级) from totals, grade-word synonyms, the execution-rate cap and the self-evaluation verdict.

Grades are handled internally in their canonical one-character form 优/良/中/差 (domain.md §2.10.1);
reports' wordings are mapped on input and the framework option `grade_words` only changes the display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any

from core.decimals import CENT, to_decimal

GRADES = ("优", "良", "中", "差")  # best first
DEFAULT_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)
_SYNONYMS = {
    "优": "优",
    "优秀": "优",
    "良": "良",
    "良好": "良",
    "较好": "良",
    "中": "中",
    "中等": "中",
    "合格": "中",
    "一般": "中",
    "及格": "中",
    "差": "差",
    "较差": "差",
    "不合格": "差",
    "不及格": "差",
}


def normalize_grade(word: str | None) -> str | None:
    """优秀 → 优, 合格 → 中 …; None for anything that is not a grade word."""
    if word is None:
        return None
    return _SYNONYMS.get(word.strip().strip("“”\"'「」"))


def bands_from_options(options: Mapping[str, Any]) -> tuple[tuple[Decimal, str], ...]:
    raw = options.get("grade_bands")
    if not raw:
        return DEFAULT_BANDS
    bands = tuple((to_decimal(lo), normalize_grade(str(word)) or str(word)) for lo, word in raw)
    return tuple(sorted(bands, key=lambda b: b[0], reverse=True))


def grade(total: Decimal, bands: Iterable[tuple[Decimal, str]] = DEFAULT_BANDS) -> str:
    """Lower bounds inclusive: 90.00 → 优, 89.99 → 良."""
    ordered = sorted(bands, key=lambda b: b[0], reverse=True)
    for lower, word in ordered:
        if total >= lower:
            return word
    return ordered[-1][1]


def display_grade(canonical: str, options: Mapping[str, Any]) -> str:
    words: Sequence[str] = options.get("grade_words") or GRADES
    return words[GRADES.index(canonical)] if canonical in GRADES and len(words) == len(GRADES) else canonical


def rank(word: str) -> int:
    """0 for 优 … 3 for 差; unknown words rank below every grade."""
    return GRADES.index(word) if word in GRADES else len(GRADES)


def upper_total(word: str, bands: Iterable[tuple[Decimal, str]]) -> Decimal | None:
    """Highest total still in grade `word` (89.99 for 良 under the default bands); None for the top grade."""
    ordered = sorted(bands, key=lambda b: b[0])
    for (_, w), (next_lower, _) in pairwise(ordered):
        if w == word:
            return next_lower - CENT
    return None


def self_eval_quality(
    claimed_total: Decimal | None,
    claimed_grade: str | None,
    reviewed_total: Decimal,
    reviewed_grade: str,
    bands: Iterable[tuple[Decimal, str]] = DEFAULT_BANDS,
    n: Decimal = Decimal(10),
    m: Decimal = Decimal(5),
) -> str:
    """domain.md §2.10.4: 基本一致 / 存在偏差 / 偏差较大 (or 自评结果缺失)."""
    claimed = normalize_grade(claimed_grade)
    if claimed_total is None and claimed is None:
        return "自评结果缺失"
    if claimed is None:
        claimed = grade(claimed_total, bands)  # type: ignore[arg-type]
    if claimed_total is None:
        return "基本一致" if claimed == reviewed_grade else "偏差较大"
    delta = abs(reviewed_total - claimed_total)
    if claimed != reviewed_grade or delta > n:
        return "偏差较大"
    if delta > m:
        return "存在偏差"
    return "基本一致"
