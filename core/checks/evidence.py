"""What the review cannot rest on: missing detail (domain.md §5.12), a PDF without text, a file that is not
a performance report."""

from __future__ import annotations

import re

from core.checks.model import Finding, span_loc
from core.checks.tree import block_ends
from core.decimals import fmt
from core.extraction.model import Loc
from core.forms.framework import UNSEEN_ID
from core.rulebook.params import JUDGED_RULES

# A score justified by an outside assessment whose result the report does not give.
_EXTERNAL = re.compile(r"(?:考核|考评|测评|评比|评议)[^。；;\n]{0,16}?(?:分数|结果|成绩|等级|得分)"
                       r"[^。；;\n]{0,6}?(?:折算|换算|为(?:优秀|良好|合格|优|良))")


# A template's instruction left where the result belongs ("包含整体支出绩效自评结论、自评分数和等级…"): a
# sentence that opens by saying what the section should contain, names what a result consists of, and
# states no number.
_TEMPLATE_OPENINGS = ("应包含", "应包括", "主要包括", "包含", "包括", "填写", "简要说明", "说明")
_TEMPLATE_RESULT_WORDS = ("自评结论", "自评分数", "分数和等级", "得分情况", "评价依据", "自评等级")
_SENTENCE = re.compile(r"[^。\n]+")


# --- MISSING_DETAIL --------------------------------------------------------------------------------


def _unsupported_result(extraction) -> Finding | None:
    """(a) A total or grade with no indicator-level scores behind it."""
    meta = extraction.meta
    if any(claim.claimed_score is not None for claim in extraction.claims):
        return None
    if meta.claimed_total is not None:
        what, stated, about = f"总分{fmt(meta.claimed_total)}分", f"{fmt(meta.claimed_total)}分", "评价得分"
        loc = meta.locs.get("claimed_total")
    elif meta.claimed_grade:
        what, stated, about = f"评价等级“{meta.claimed_grade}”", meta.claimed_grade, "评价等级"
        loc = meta.locs.get("claimed_grade")
    else:
        return None
    return Finding(
        "MISSING_DETAIL", "warning",
        f"报告只给出{what}，未列示评价指标及各指标分值、得分，无法复核；需补充评分表（自评表）。",
        about=about, stated=stated, expected="各指标分值和得分", locs=[loc] if loc else [])


def _unfilled_template(document) -> Finding | None:
    """(f) A section that still holds the template's instruction instead of a result."""
    for m in _SENTENCE.finditer(document.text):
        sentence = m.group().strip()
        if (sentence.startswith(_TEMPLATE_OPENINGS) and any(word in sentence for word in _TEMPLATE_RESULT_WORDS)
                and not re.search(r"\d", sentence)):
            start = m.start() + m.group().index(sentence)
            return Finding(
                "MISSING_DETAIL", "info",
                f"报告此处保留了模板的填写说明（“{sentence}”），未填写自评结论、分数和等级。",
                about="自评结果", stated="模板说明文字", expected="自评结论、分数和等级",
                locs=[span_loc(document, start, start + len(sentence))])
    return None


def _external_assessments(document, extraction) -> list[Finding]:
    """(b) Scores converted from an assessment whose result is not given."""
    findings = []
    ends = block_ends(extraction.claims, len(document.text))
    for claim in extraction.claims:
        match = (_EXTERNAL.search(document.text, claim.loc.start, ends[claim.id])
                 if claim.claimed_score is not None else None)
        if match:
            findings.append(Finding(
                "MISSING_DETAIL", "warning",
                f"{claim.name}以考核结果作为评分依据（“{match.group()}”），未附考核分数、等级依据及折算过程，"
                f"自评{fmt(claim.claimed_score)}分无法复核。",
                about=claim.name, stated=f"{fmt(claim.claimed_score)}分", expected="考核分数及折算过程",
                locs=[span_loc(document, match.start(), match.end())]))
    return findings


def _unscored_indicators(extraction, framework) -> list[Finding]:
    """(c) Framework indicators the report does not score, grouped under their parent level. The rows a
    自评表 cut short does not show are the forms family's (it says the table is incomplete)."""
    mapped = {claim.indicator for claim in extraction.claims if claim.indicator and claim.claimed_score is not None}
    if framework is None or not mapped:
        return []
    by_parent: dict[tuple[str, ...], list[str]] = {}
    for indicator in framework.indicators():
        if indicator.id not in mapped and indicator.id != UNSEEN_ID:
            by_parent.setdefault(tuple(indicator.path[:-1]), []).append(indicator.name)
    return [Finding(
        "MISSING_DETAIL", "warning",
        f"{'/'.join(parent) or '指标'}：{'、'.join(names)}未评分，报告中无对应得分及佐证。",
        about=parent[-1] if parent else names[0], stated="未评分", expected="、".join(names))
        for parent, names in by_parent.items()]


def _missing_inputs(extraction, framework, result, already: set[str]) -> list[Finding]:
    """(b) A scored quantitative indicator whose base figures the report does not give (its value, if
    stated, cannot be verified). Indicators in `already` have a MISSING_DETAIL of their own."""
    if framework is None or result is None:
        return []
    findings = []
    for claim in extraction.claims:
        indicator = result.by_id.get(claim.indicator) if claim.indicator else None
        if (indicator is None or claim.claimed_score is None or claim.name in already
                or indicator.status not in ("ok", "needs_input") or indicator.rule in JUDGED_RULES):
            continue
        missing = [framework.variables[var].label if var in framework.variables else var
                   for var, value in indicator.inputs.items() if value is None]
        if missing:
            shown = f"只给出结果{claim.stated_value}，" if claim.stated_value else ""
            findings.append(Finding(
                "MISSING_DETAIL", "warning",
                f"{claim.name}自评{fmt(claim.claimed_score)}分，{shown}报告未给出计算所需的{'、'.join(missing)}，"
                "无法复核。",
                about=claim.name, stated=f"{fmt(claim.claimed_score)}分", expected="、".join(missing),
                locs=[claim.loc]))
    return findings


def check_missing_detail(document, extraction, framework=None, result=None) -> list[Finding]:
    unsupported = _unsupported_result(extraction)
    template = _unfilled_template(document)
    external = _external_assessments(document, extraction)
    already = {finding.about for finding in external}
    return ([f for f in (unsupported, template) if f] + external
            + _missing_inputs(extraction, framework, result, already) + _unscored_indicators(extraction, framework))


# --- the document itself ---------------------------------------------------------------------------


def check_text_layer(document) -> list[Finding]:
    """NO_TEXT_LAYER: a scanned PDF, or scanned pages inside one, that OCR could not read are not checked;
    OCR_TEXT: pages whose text OCR recognised are checked, but a figure may be misread."""
    if document.format != "pdf":
        return []
    if not document.text_layer:
        return [Finding("NO_TEXT_LAYER", "warning",
                        "该PDF没有文字层（扫描件），无法自动提取指标、得分和数据，请人工录入后复核。",
                        about="文字层")]
    findings = []
    if document.ocr_pages:
        numbers = _page_numbers(document.ocr_pages)
        # Pointing at each page without covering it: a page-wide mark would hide the marks of real findings.
        findings.append(Finding("OCR_TEXT", "warning",
                                f"第{numbers}页为扫描页，文字由OCR自动识别后参与提取和检查；"
                                "识别可能有误，所引数字和得分请对照原件核对。",
                                about=f"第{numbers}页", locs=_page_locs(document, document.ocr_pages, cover=False)))
    if document.pages_without_text:
        numbers = _page_numbers(document.pages_without_text)
        findings.append(Finding("NO_TEXT_LAYER", "warning",
                                f"第{numbers}页没有文字层（扫描页），其内容未参与自动提取和检查，请人工核对。",
                                about=f"第{numbers}页", locs=_page_locs(document, document.pages_without_text)))
    return findings


def _page_numbers(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)


def _page_locs(document, numbers: list[int], cover: bool = True) -> list[Loc]:
    wanted = set(numbers)
    return [Loc(page.start, page.end if cover else page.start, page.number, "")
            for page in document.pages if page.number in wanted]


def check_report_kind(document, extraction) -> list[Finding]:
    """NOT_A_REPORT: nothing in the file looks like a performance self-evaluation (a scan says why itself)."""
    if extraction.meta.looks_like_report or not document.text_layer:
        return []
    return [Finding("NOT_A_REPORT", "warning",
                    "文件内容不像绩效自评报告：未找到指标、分值、得分或评价等级，请确认所选文件。",
                    about="文件内容")]
