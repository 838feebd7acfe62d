"""Score-sheet arithmetic of the report's own claims (domain.md §5.5–5.7).

WEIGHT_SUM: children's stated weights vs their parent's, and the top-level weights vs 100.
SCORE_OVER_WEIGHT: a claimed score above its weight or below zero.
SUBTOTAL_MISMATCH: a claimed level score or total vs the sum of its children's scores (a level without
its own score counts as the sum of its children; the total built on a wrong subtotal is mentioned in that
subtotal's message, not reported again).
"""

from __future__ import annotations

from decimal import Decimal

from core.checks.model import Finding
from core.checks.tree import (
    FULL_MARKS, Level, build_tree, covers_whole, items_total, score_statement, score_tolerance, sheet_claims,
    sheet_total,
)
from core.decimals import SCORE_SLACK, fmt
from core.extraction.model import Loc



def _sum_text(values: list[Decimal]) -> str:
    return "+".join(fmt(value) for value in values)


def _unique(locs: list[Loc | None]) -> list[Loc]:
    """Locs in order, dropping None and any that overlaps one already kept."""
    kept: list[Loc] = []
    for loc in locs:
        if loc is not None and not any(loc.overlaps(k) for k in kept):
            kept.append(loc)
    return kept


def _weight_locs(level: Level) -> list[Loc]:
    with_weight = [claim.loc for claim in level.claims if claim.weight is not None]
    return _unique(with_weight + level.locs)


# --- WEIGHT_SUM ------------------------------------------------------------------------------------


def _children_weight(level: Level) -> tuple[Decimal, list[Decimal], list[str]] | None:
    """(Σ of the children's weights, those weights, names of children without one); None if none has one."""
    weights = [(child, child.weight_or_implied()) for child in level.children]
    stated = [weight for _, weight in weights if weight is not None]
    if not stated:
        return None
    missing = [child.name for child, weight in weights if weight is None]
    return sum(stated, Decimal(0)), stated, missing


def _level_weight_finding(level: Level) -> Finding | None:
    if level.weight is None:
        return None
    children = _children_weight(level)
    if children is None or children[0] == level.weight:
        return None
    total, weights, missing = children
    message = (f"{level.name}标注{fmt(level.weight)}分，下设指标所标分值合计{fmt(total)}分"
               f"（{_sum_text(weights)}），相差{fmt(level.weight - total)}分")
    if missing:
        message += f"；{'、'.join(missing)}未标注分值，其余分值的指标构成未说明"
    expected = f"{fmt(total)}分（{_sum_text(weights)}）"
    return Finding("WEIGHT_SUM", "error", message + "。", about=level.name, stated=f"{fmt(level.weight)}分",
                   expected=expected, locs=_weight_locs(level))


def _stated_tops(level: Level):
    """The levels whose stated weights make up `level`'s weight: itself if stated, else its descendants'."""
    if level.weight is not None:
        yield level
    else:
        for child in level.children:
            yield from _stated_tops(child)


def _top_weight_finding(roots: list[Level], inconsistent: list[Level]) -> Finding | None:
    weights = [root.weight_or_implied() for root in roots]
    if len(roots) < 2 or None in weights:
        return None
    total = sum(weights, Decimal(0))
    if total == FULL_MARKS:
        return None
    parts = "、".join(f"{root.name}{fmt(weight)}" for root, weight in zip(roots, weights))
    message = f"一级指标分值合计{fmt(total)}分（{parts}），不等于{fmt(FULL_MARKS)}分"
    tops = [level for root in roots for level in _stated_tops(root)]
    # Levels whose fully weighted children disagree with them: would their children's sum make 100?
    correctable = [(level, children[0]) for level in inconsistent if level in tops
                   and (children := _children_weight(level)) and not children[2]]
    if correctable and total - sum(level.weight - children_sum for level, children_sum in correctable) == FULL_MARKS:
        names = "、".join(level.name for level, _ in correctable)
        message += f"（{names}按其下设指标分值计则合计为{fmt(FULL_MARKS)}分）"
    # Short of 100 may mean a top level the report names without any weight: the unit must explain.
    severity = "error" if total > FULL_MARKS else "warning"
    locs = _unique([loc for level in tops for loc in _weight_locs(level)])
    return Finding("WEIGHT_SUM", severity, message + "。", about="一级指标", stated=f"{fmt(total)}分（{parts}）",
                   expected=f"{fmt(FULL_MARKS)}分", locs=locs)


def _framework_weight_finding(extraction, framework) -> Finding | None:
    """Stated weights that differ from the framework's: the unit may have used another version (warning)."""
    weights = {indicator.id: indicator.weight for indicator in framework.indicators()}
    differing = [claim for claim in extraction.claims if claim.weight is not None
                 and claim.indicator in weights and claim.weight != weights[claim.indicator]]
    if not differing:
        return None
    listed = "、".join(f"{claim.name}{fmt(claim.weight)}分（指标体系{fmt(weights[claim.indicator])}分）"
                      for claim in differing)
    return Finding("WEIGHT_SUM", "warning",
                   f"报告所标分值与指标体系“{framework.name}”不同：{listed}；请核实所用指标体系版本。",
                   about="指标分值", stated="、".join(f"{fmt(c.weight)}分" for c in differing),
                   expected="、".join(f"{fmt(weights[c.indicator])}分" for c in differing),
                   locs=[claim.loc for claim in differing])


def _explained_below(level: Level, inconsistent: list[Level]) -> bool:
    """The level's children add up to it once a child whose own children disagree with it counts as their sum:
    that child's finding is the root cause, reported once (domain.md §5.0)."""
    wrong = {id(other) for other in inconsistent}
    total = Decimal(0)
    for child in level.children:
        weight = child.weight_or_implied()
        children = _children_weight(child) if id(child) in wrong else None
        if children is not None and not children[2]:
            weight = children[0]
        if weight is None:
            return False
        total += weight
    return any(id(child) in wrong for child in level.children) and total == level.weight


def check_weights(document, extraction, framework=None) -> list[Finding]:
    roots = build_tree(sheet_claims(extraction))
    found_at = [(level, finding) for root in roots for level in root.walk()
                if (finding := _level_weight_finding(level)) is not None]
    inconsistent = [level for level, _ in found_at]
    findings = [finding for level, finding in found_at if not _explained_below(level, inconsistent)]
    found = findings + [_top_weight_finding(roots, inconsistent)]
    if framework is not None:
        found.append(_framework_weight_finding(extraction, framework))
    return [finding for finding in found if finding]


# --- SCORE_OVER_WEIGHT -----------------------------------------------------------------------------


def _over_weight_finding(document, level: Level) -> Finding | None:
    claimed = level.claimed
    if claimed is None:
        return None
    if claimed < 0:
        message, expected = f"{level.name}自评得分{fmt(claimed)}分为负数", "0–分值之间"
    elif level.weight is not None and claimed > level.weight + SCORE_SLACK:
        message = f"{level.name}自评得分{fmt(claimed)}分，超过其分值{fmt(level.weight)}分"
        expected = f"≤{fmt(level.weight)}分"
    else:
        return None
    return Finding("SCORE_OVER_WEIGHT", "error", message + "。", about=level.name, stated=f"{fmt(claimed)}分",
                   expected=expected, locs=_unique([score_statement(document, level), *level.locs]))


def _total_over_finding(extraction) -> Finding | None:
    total = sheet_total(extraction)
    if total is None or total <= FULL_MARKS + SCORE_SLACK:
        return None
    loc = extraction.meta.locs.get("claimed_total")
    return Finding("SCORE_OVER_WEIGHT", "error", f"总分{fmt(total)}分超过满分{fmt(FULL_MARKS)}分。",
                   about="总分", stated=f"{fmt(total)}分", expected=f"≤{fmt(FULL_MARKS)}分",
                   locs=[loc] if loc else [])


def check_score_over_weight(document, extraction) -> list[Finding]:
    findings = [f for root in build_tree(sheet_claims(extraction)) for level in root.walk()
                if (f := _over_weight_finding(document, level))]
    total = _total_over_finding(extraction)
    return findings + ([total] if total else [])


# --- SUBTOTAL_MISMATCH -----------------------------------------------------------------------------


def _mismatch(claimed: Decimal, children: list[Level]) -> tuple[Decimal, list[Decimal]] | None:
    """(Σ children, the children's scores) when they differ from `claimed` beyond tolerance."""
    scores = [s for s in (child.score() for child in children) if s is not None]
    if not scores:
        return None
    total = sum(scores, Decimal(0))
    if abs(claimed - total) <= score_tolerance(claimed, scores):
        return None
    return total, scores


def _subtotal_message(name: str, claimed: Decimal, total: Decimal, children: list[Level]) -> str:
    listed = "、".join(f"{child.name}{fmt(child.score())}分" for child in children if child.score() is not None)
    message = (f"{name}自评{fmt(claimed)}分，但所列下级得分为{listed}，合计{fmt(total)}分，"
               f"相差{fmt(claimed - total)}分")
    unscored = [child.name for child in children if child.score() is None]
    if unscored:
        message += f"；{'、'.join(unscored)}未列得分"
    return message


def _level_subtotal_finding(document, level: Level) -> Finding | None:
    if level.claimed is None:
        return None
    mismatch = _mismatch(level.claimed, level.children)
    if mismatch is None:
        return None
    total, scores = mismatch
    return Finding("SUBTOTAL_MISMATCH", "error", _subtotal_message(level.name, level.claimed, total, level.children),
                   about=level.name, stated=f"{fmt(level.claimed)}分",
                   expected=f"{fmt(total)}分（{_sum_text(scores)}）",
                   locs=_unique([score_statement(document, level), *level.locs]))


def _total_subtotal_finding(extraction, roots: list[Level]) -> Finding | None:
    claimed = sheet_total(extraction)
    if claimed is None:
        return None
    mismatch = _mismatch(claimed, roots)
    if mismatch is None:
        return None
    total, scores = mismatch
    loc = extraction.meta.locs.get("claimed_total")
    return Finding("SUBTOTAL_MISMATCH", "error", _subtotal_message("总分（合计）", claimed, total, roots),
                   about="合计", stated=f"{fmt(claimed)}分", expected=f"{fmt(total)}分（{_sum_text(scores)}）",
                   locs=[loc] if loc else [])


def _consequence(extraction, roots: list[Level]) -> str:
    """The claimed total rests on the wrong subtotals: say what the items add up to."""
    claimed, items = sheet_total(extraction), items_total(roots)
    if claimed is None or items is None or items == claimed:
        return ""
    return f"；所报总分{fmt(claimed)}分据此得出，各指标自评得分逐项合计为{fmt(items)}分"


def check_subtotals(document, extraction) -> list[Finding]:
    roots = build_tree(sheet_claims(extraction))
    findings = [f for root in roots for level in root.walk() if (f := _level_subtotal_finding(document, level))]
    total = _total_subtotal_finding(extraction, roots) if covers_whole(roots) else None
    if total:
        findings.append(total)
    elif findings:
        findings[-1].message += _consequence(extraction, roots)
    for finding in findings:
        finding.message += "。"
    return findings
