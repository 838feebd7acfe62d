"""FACT_CONTRADICTION (domain.md §5.10): an assertion in the text that the report's own figures falsify.

Checked: 三公经费 kept within budget, total spending kept within budget, staff kept within the
establishment, no balance left while a year-end balance is stated, a change on the year before
(较上年减少/增加/持平) against the two years' figures (errors), and unpaid or cross-year payments while
the accounts show no balance left (a warning: the unpaid amount may sit elsewhere). Each is one finding however often it is repeated.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.checks.figure_terms import FigureIndex, differs, show
from core.checks.model import Finding, span_loc
from core.decimals import HUNDRED, round_half_up
from core.documents.model import Document
from core.extraction.lines import sentence_span
from core.extraction.model import Extraction, Figure
from core.extraction.numbers import unwrap_numbers

_WITHIN = r"(?:以内|之内|范围内|内)"
SANGONG_CLAIM = re.compile(rf"三公[”\"]?经费[^。；;]{{0,20}}?"
                           rf"(?:控制在(?:年初)?预算(?:总额|范围)?{_WITHIN}|未超(?:过)?(?:本年)?预算)")
SPENDING_CLAIM = re.compile(rf"支出(?:总额|总体)?控制在预算(?:总额|范围)?{_WITHIN}"
                            rf"|(?:支出)?无超预算|支出未超(?:过)?预算")
UNPAID_CLAIM = re.compile(r"未完全支付|跨年度支付")
NO_BALANCE_CLAIM = re.compile(r"无(?:结转)?结余|结余(?:资金)?为?0(?:元|万元)?(?![\d.])|资金(?:已)?全部支出|全部支出完毕")
CHANGE_CLAIM = re.compile(r"较上年(?:度|同期)?(?:相比)?(?P<dir>减少|下降|降低|压减|持平|增加|增长|上升)")
CHANGE_DIRECTION = {"减少": -1, "下降": -1, "降低": -1, "压减": -1, "持平": 0, "增加": 1, "增长": 1, "上升": 1}
# What a change claim compares: the subject its clause names, this year's figure and last year's; the first
# subject the clause names wins.
CHANGE_SUBJECTS = (
    (re.compile(r"三公[^。；;]{0,12}预算"), "三公经费预算数", "上年三公经费预算数"),
    (re.compile(r"三公"), "三公经费实际支出", "上年三公经费实际支出"),
)
STAFF_CLAIM = re.compile(rf"控制在(?:核定|预算)?(?:人员)?编制(?:职数)?(?:范围)?{_WITHIN}|未超编|在职人员控制率为?100%")


def check_facts(document: Document, extraction: Extraction) -> list[Finding]:
    index = FigureIndex(extraction)
    norm = unwrap_numbers(document.text)
    findings = []
    judges = ((SANGONG_CLAIM, _sangong), (SPENDING_CLAIM, _spending), (STAFF_CLAIM, _staff), (UNPAID_CLAIM, _unpaid),
              (NO_BALANCE_CLAIM, _balance_left))
    for pattern, judge in judges:
        spans = [norm.span_to_source(m.start(), m.end()) for m in pattern.finditer(norm.text)
                 if pattern is not SPENDING_CLAIM or "三公" not in _clause_before(norm.text, m.start())]
        if not spans:
            continue
        finding = judge(index)
        if finding:
            stated = document.text[spans[0][0]:spans[0][1]]
            finding.stated = stated
            finding.message = f"报告称“{stated}”，{finding.message}"
            finding.locs = [span_loc(document, s, e) for s, e in spans] + finding.locs
            findings.append(finding)
    return findings + _changes(document, norm, index)


def _changes(document: Document, norm, index: FigureIndex) -> list[Finding]:
    """"较上年减少" where this year's figure is above last year's (and the other directions), once per figure."""
    found: dict[str, Finding] = {}
    for m in CHANGE_CLAIM.finditer(norm.text):
        subject = _change_subject(_clause_before(norm.text, m.start(), ",")) or _change_subject(
            _clause_before(norm.text, m.start()))
        if subject is None or subject[0] in found:
            continue
        now, before = (index.one(label) for label in subject)
        if now is None or before is None:
            continue
        finding = _change_finding(now, before, m.group("dir"))
        if finding is not None:
            start, end = norm.span_to_source(m.start(), m.end())
            finding.locs.insert(0, span_loc(document, start, end))
            found[subject[0]] = finding
    return list(found.values())


def _change_finding(now: Figure, before: Figure, word: str) -> Finding | None:
    change = now.value - before.value
    actual = 0 if not differs(now.value, before.value, 1, now.unit) else (1 if change > 0 else -1)
    if actual == CHANGE_DIRECTION[word]:
        return None
    moved = "持平" if actual == 0 else f"{'增加' if change > 0 else '减少'}{show(abs(change))}"
    finding = _finding(f"{now.label}较上年{word}",
                       f"但{now.label}{show(now.value)}、上年{show(before.value)}，实际较上年{moved}。",
                       f"{moved}（{show(now.value)}－{show(before.value)}）", [now, before])
    finding.stated = f"较上年{word}"
    finding.message = f"报告称“较上年{word}”，{finding.message}"
    return finding


def _change_subject(clause: str) -> tuple[str, str] | None:
    return next(((now, before) for pattern, now, before in CHANGE_SUBJECTS if pattern.search(clause)), None)


def _clause_before(text: str, pos: int, marks: str = "") -> str:
    """The words from the last full stop or semicolon (or one of `marks`) up to `pos` (what the assertion
    is about)."""
    return text[sentence_span(text, pos, "。；;\n" + marks)[0]:pos]


def _over(actual: Figure, limit: Figure | Decimal) -> bool:
    value = limit.value if isinstance(limit, Figure) else limit
    return actual.value > value and differs(actual.value, value, 1, actual.unit)


def _finding(about: str, message: str, expected: str, figures: list[Figure]) -> Finding:
    return Finding(code="FACT_CONTRADICTION", severity="error", message=message, about=about,
                   expected=expected, locs=[f.loc for f in figures])


def _sangong(index: FigureIndex) -> Finding | None:
    budget, actual = index.one("三公经费预算数"), index.one("三公经费实际支出")
    if budget is None or actual is None or not _over(actual, budget):
        return None
    rate = f"，控制率{show(round_half_up(actual.value / budget.value * HUNDRED, 0), '%')}" if budget.value else ""
    excess = show(actual.value - budget.value)
    message = f"但三公经费实际支出{show(actual.value)}超过预算{show(budget.value)}（超{excess}{rate}）。"
    return _finding("三公经费", message,
                    f"{show(actual.value)}＞{show(budget.value)}（超预算{excess}）", [actual, budget])


def _spending(index: FigureIndex) -> Finding | None:
    expense = index.one("本年支出", "财政拨款") or index.one("本年支出", any_scope=True)
    budget = _budget(index)
    if expense is None or budget is None or not _over(expense, budget[0]):
        return None
    amount, label, figures = budget
    excess = show(expense.value - amount)
    return _finding("支出总额控制在预算总额以内",
                    f"但本年支出{show(expense.value)}超过{label}{show(amount)}（超{excess}）。",
                    f"{show(expense.value)}＞{show(amount)}（超{excess}）", [expense, *figures])


def _budget(index: FigureIndex) -> tuple[Decimal, str, list[Figure]] | None:
    """The year's budget: the adjusted budget if stated, else 上年结转 + 年初预算 + 本年追加, else 可用."""
    adjusted = index.one("调整后预算数", any_scope=True)
    if adjusted is not None:
        return adjusted.value, "预算金额", [adjusted]
    terms = [index.one(label, any_scope=True) for label in ("上年结转", "年初预算", "本年追加")]
    if None not in terms:
        return sum((f.value for f in terms), Decimal(0)), "可用预算（上年结转＋年初预算＋本年追加）", terms
    available = index.one("本年可用预算", any_scope=True)
    return (available.value, "本年可用预算", [available]) if available else None


def _staff(index: FigureIndex) -> Finding | None:
    quota, actual = index.one("编制数"), index.one("在职人数")
    if quota is None or actual is None or actual.value <= quota.value:
        return None
    return _finding("在职人员控制在编制以内",
                    f"但在职人数{show(actual.value, '人')}超过编制数{show(quota.value, '人')}。",
                    f"{show(actual.value, '人')}＞{show(quota.value, '人')}", [actual, quota])


def _balance_left(index: FigureIndex) -> Finding | None:
    """"无结余", "资金全部支出" while the report states a year-end balance above 0."""
    left = next((f for f in index.by_label.get("年末结转", []) if f.value > 0 and f.qualifier is None), None)
    if left is None:
        return None
    return _finding("无结余", f"但报告列示年末结转{show(left.value)}。", f"年末结转{show(left.value)}", [left])


def _unpaid(index: FigureIndex) -> Finding | None:
    """"资金未完全支付" while everything received was spent and no year-end balance is stated."""
    expense = index.one("本年支出", any_scope=True)
    received = index.one("收入总计", any_scope=True)
    if received is None:
        prev, income = index.one("上年结转", any_scope=True), index.one("本年收入", any_scope=True)
        received = (prev.value + income.value, [prev, income]) if prev and income else None
    else:
        received = (received.value, [received])
    end = index.by_label.get("年末结转", [])
    if expense is None or received is None or any(f.value for f in end) or differs(received[0], expense.value, 2):
        return None
    finding = _finding("未完全支付", f"但收入{show(received[0])}与支出{show(expense.value)}相抵无结余，"
                       "未支付资金在何处反映需说明。", "说明未支付资金的去向", [expense, *received[1]])
    finding.severity = "warning"
    return finding
