"""RULE_MISMATCH (domain.md §5.8): a claimed score is not what the framework's rule gives on the report's
own figure. Qualitative, checklist and manual indicators are reviewer decisions, not findings; the rows of
a 自评表 are checked by the forms family (R2, R9)."""

from __future__ import annotations

from core.checks.model import Finding
from core.checks.tree import Level, block_ends, score_statement, sheet_claims
from core.decimals import SCORE_SLACK, fmt
from core.rulebook.params import JUDGED_RULES


def _reports_figure(claim, indicator, extraction) -> bool:
    """The value rests on what the report states: its own result, or base figures it gives."""
    if claim.stated_value:
        return True
    stated_vars = {figure.var for figure in extraction.figures if figure.var}
    given = [var for var, value in indicator.inputs.items() if value is not None]
    return bool(given) and all(var in stated_vars for var in given)


def _finding(document, claim, indicator, block_end: int) -> Finding:
    level = Level(tuple(claim.path), claim.weight, claim.claimed_score, [claim])
    statement = score_statement(document, level, block_end)
    locs = [claim.loc] + ([statement] if statement and statement != claim.loc else [])
    excess = claim.claimed_score - indicator.score
    direction = "多计" if excess > 0 else "少计"
    return Finding(
        "RULE_MISMATCH", "error",
        f"{claim.name}：{indicator.explanation}，按评分规则应得{fmt(indicator.score)}分，"
        f"自评{fmt(claim.claimed_score)}分（{direction}{fmt(abs(excess))}分）。",
        about=claim.name, stated=f"{fmt(claim.claimed_score)}分", expected=f"{fmt(indicator.score)}分",
        locs=locs)


def check_rules(document, extraction, framework=None, result=None) -> list[Finding]:
    if framework is None or result is None:
        return []
    findings = []
    ends = block_ends(extraction.claims, len(document.text))
    for claim in sheet_claims(extraction):  # a 自评表's rows: the forms family's R2/R9
        indicator = result.by_id.get(claim.indicator) if claim.indicator else None
        if (indicator is None or claim.claimed_score is None or indicator.score is None
                or indicator.status != "ok" or indicator.rule in JUDGED_RULES or indicator.value is None):
            continue
        if abs(claim.claimed_score - indicator.score) > SCORE_SLACK and _reports_figure(claim, indicator, extraction):
            findings.append(_finding(document, claim, indicator, ends[claim.id]))
    return findings
