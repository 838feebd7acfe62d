"""Statements that an activity did not happen in the year ("2019年无政府采购", "没有新建楼堂馆所",
"未发生政府采购行为", "政府采购：无"): each names figures that are then 0 (qualifier 无), so the indicator
built on them evaluates 0/0 and is not applicable (domain.md §2.0), scored by the framework's na_policy.

A negation counts only when it governs the activity's name ("有无", "无纸化", "无差错" and "无政府采购违规
行为" do not), and a non-zero amount the same sentence states for the activity outweighs it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.documents.model import Document
from core.extraction.figure_labels import (
    ACTIVITIES,
    Activity,
    Found,
    make_loc,
    unit_of,
    var_of,
)
from core.extraction.model import Figure
from core.extraction.normalize import Normalized
from core.extraction.numbers import find_quantities
from core.extraction.lines import sentence_span

ABSENT = "无"
_ANY_NAME = "|".join(f"(?:{name})" for activity in ACTIVITIES for name in activity.names)
# What may follow the name and still be the activity itself (not "违规", "问题" … about it).
_TAIL = r"(?:行为|事项|项目|支出|活动|业务|情况|工程|费用|经费|资金|预算|建设|计划)?"
_END = r"(?=$|[,，。;；:：、\s)）]|得)"
_BEFORE = re.compile(
    r"(?<![有是否])(?:没有|不涉及|未涉及|不存在|无|未)(?:发生|开展|进行|实施|安排|涉及|产生|组织|有|新建)?(?:任何|相关)?"
    rf"(?P<items>(?:{_ANY_NAME}){_TAIL}(?:(?:、|和|及|与|或)(?:{_ANY_NAME}){_TAIL})*){_END}")
_AFTER = re.compile(rf"(?P<items>(?:{_ANY_NAME})){_TAIL}[:：]?(?:均|都|全部)?(?:为零|为无|无|未发生|没有发生){_END}")
_CLAUSE_BREAK = re.compile(r"[,，。;；:：\n]")


def absent_figures(document: Document, norm: Normalized) -> list[Found]:
    out: list[Found] = []
    for pattern in (_BEFORE, _AFTER):
        for m in pattern.finditer(norm.text):
            sentence = sentence_span(norm.text, m.start())
            for activity in _named(m.group("items")):
                if not _amount_stated(norm, sentence, activity):
                    start, end = norm.span_to_source(m.start(), m.end())
                    out += [_zero(document, label, start, end, sentence) for label in activity.labels]
    return out


def _named(items: str) -> list[Activity]:
    return [a for a in ACTIVITIES if any(re.search(name, items) for name in a.names)]


def _amount_stated(norm: Normalized, sentence: tuple[int, int], activity: Activity) -> bool:
    """A non-zero amount or area in a clause of the sentence that names the activity."""
    source_start, source_end = norm.span_to_source(*sentence)
    for q in find_quantities(norm.source):
        if not (source_start <= q.start < source_end) or not q.value or q.unit not in ("万元", "平方米"):
            continue
        n_start = norm.to_normalized(q.start)
        clause = _CLAUSE_BREAK.split(norm.text[sentence[0]:n_start])[-1]
        if re.search(activity.key, clause):
            return True
    return False


def _zero(document: Document, label: str, start: int, end: int, sentence: tuple[int, int]) -> Found:
    figure = Figure("", var_of(label), label, Decimal(0), unit_of(label), make_loc(document, start, end),
                    qualifier=ABSENT)
    return Found(figure, sentence)
