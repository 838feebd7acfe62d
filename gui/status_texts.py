"""The status bar's texts for a session (claimed → reviewed totals, review progress, open findings) and the
notes shown when a report opens."""

from __future__ import annotations

from core.decimals import fmt
from core.review.progress import open_finding_count, reviewed_count


def totals_text(session) -> str:
    """"自评 92（优秀） → 复核 88.5（良好）", with the most the review can still reach while figures are missing."""
    totals = session.result.totals
    claimed = f"自评 {fmt(totals.claimed)}" if totals.claimed is not None else "自评 —"
    if totals.grade_claimed:
        claimed += f"（{totals.grade_claimed}）"
    if not totals.determined:
        # Less than half the weight is scored: a total or grade now would be a verdict from nothing.
        return f"{claimed} → 复核 待定（{fmt(totals.provisional_min)}–{fmt(totals.provisional_max)}）"
    text = f"{claimed} → 复核 {fmt(totals.reviewed)}（{totals.grade_reviewed}）"
    if totals.provisional_max is not None and totals.provisional_max > totals.reviewed:
        # domain.md §2.10.5: what cannot be verified earns nothing yet; show how far it could go.
        text += f"，补全待录入项后最高 {fmt(totals.provisional_max)}"
    return text


def progress_text(session) -> str:
    """"已复核 n/m": indicators that need neither a figure nor a judgement any more."""
    done, total = reviewed_count(session)
    return f"已复核 {done}/{total}"


def open_findings_text(session) -> str:
    """"待处理问题 n": findings neither accepted nor dismissed."""
    return f"待处理问题 {open_finding_count(session)}"


# Core warnings read "CODE: 说明"; a reviewer gets the sentence, worded where the core's is terse.
WARNING_TEXTS = {"EXTENSION_MISMATCH": "文件扩展名与实际内容不符（{}），已按实际内容读取。"}
# Findings about the file as a whole: without them on opening, an empty table has no explanation.
OPENING_FINDING_CODES = ("NO_TEXT_LAYER", "OCR_TEXT", "NOT_A_REPORT")


def warning_text(warning: str) -> str:
    code, separator, message = warning.partition(": ")
    if not separator or not code.replace("_", "").isalpha() or not code.isupper():
        return warning
    return WARNING_TEXTS.get(code, "{}").format(message)


def opening_notes(session) -> list[str]:
    """What the reviewer must know as the report opens: the session's and the document's warnings, and
    findings that concern the whole file (a scan without text, a file that is no report)."""
    warnings = [warning_text(w) for w in [*session.warnings, *session.document.warnings]]
    return warnings + [f.message for f in session.findings if f.code in OPENING_FINDING_CODES]
