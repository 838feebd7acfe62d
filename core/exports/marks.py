"""What the annotated report marks: every finding the reviewer has not dismissed, numbered as in the 复核意见's
问题清单 (附件2), and every figure the reviewer corrected; each as spans of Document.text and a note."""

from __future__ import annotations

from dataclasses import dataclass

from core.exports import wording
from core.exports.facts import ReviewFacts, score_text

CORRECTED = "corrected"  # a Mark's kind besides the findings' severities (error | warning | info)
CORRECTION_PREFIX = "更正"


@dataclass(frozen=True)
class Mark:
    label: str  # "3" (问题清单 number) or "更正1"
    kind: str  # error | warning | info | corrected: the highlight's colour
    note: str  # the annotation's text, shown by any reader as the note's contents
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets into Document.text


def marks_for(session, facts: ReviewFacts) -> tuple[Mark, ...]:
    """Taken on the thread that owns the session; the result is immutable, so rendering may run elsewhere."""
    return (*_finding_marks(session, facts), *_correction_marks(session, facts))


def _finding_marks(session, facts: ReviewFacts) -> list[Mark]:
    marks = []
    for finding, row in zip(session.findings, facts.findings, strict=True):
        spans = tuple((loc.start, loc.end) for loc in finding.locs if loc.end > loc.start)
        if row.decision == wording.DECISION["dismissed"] or not spans:
            continue
        lines = [f"{row.number}. [{row.severity}] {row.message}", f"整改建议：{row.advice}。"]
        if row.note:
            lines.append(f"复核备注：{row.note}")
        marks.append(Mark(str(row.number), finding.severity, "\n".join(lines), spans))
    return marks


def _correction_marks(session, facts: ReviewFacts) -> list[Mark]:
    marks = []
    # facts.figures lists the variables that have a value, in variable_ids order.
    values = [session.value(v) for v in session.variable_ids() if session.value(v) is not None]
    for figure, value in zip(facts.figures, values, strict=True):
        if figure.corrected_from is None or value.loc is None or value.loc.end <= value.loc.start:
            continue
        label = f"{CORRECTION_PREFIX}{len(marks) + 1}"
        note = (f"{label}. {figure.label}：报告为 {score_text(figure.corrected_from)}，"
                f"复核更正为 {score_text(figure.value)}{figure.unit}")
        if figure.changed_by:
            note += f"（{figure.changed_by}）"
        marks.append(Mark(label, CORRECTED, note, ((value.loc.start, value.loc.end),)))
    return marks
