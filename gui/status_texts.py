"""The status bar's texts for a session: claimed → reviewed totals, review progress, open findings."""

from __future__ import annotations

from core.scoring.numfmt import fmt
from gui.indicator_model import UNRESOLVED


def totals_text(session) -> str:
    """"自评 92（优秀） → 复核 88.5（良好）", with the most the review can still reach while figures are missing."""
    totals = session.result.totals
    claimed = f"自评 {fmt(totals.claimed)}" if totals.claimed is not None else "自评 —"
    if totals.grade_claimed:
        claimed += f"（{totals.grade_claimed}）"
    text = f"{claimed} → 复核 {fmt(totals.reviewed)}（{totals.grade_reviewed}）"
    if totals.provisional_max is not None and totals.provisional_max > totals.reviewed:
        # domain.md §2.10.5: what cannot be verified earns nothing yet; show how far it could go.
        text += f"，补全待录入项后最高 {fmt(totals.provisional_max)}"
    return text


def progress_text(session) -> str:
    """"已复核 n/m": indicators that need neither a figure nor a judgement any more."""
    results = session.result.indicators
    unresolved = sum(r.status in UNRESOLVED for r in results)
    return f"已复核 {len(results) - unresolved}/{len(results)}"


def open_findings_text(session) -> str:
    """"待处理问题 n": findings neither accepted nor dismissed. Reads the stored states directly: the
    session's finding_state() searches the findings for each key it has no state for."""
    states = session.finding_states
    count = sum(1 for key in session.finding_keys if key not in states or states[key].status == "open")
    return f"待处理问题 {count}"
