"""GRADE_MISMATCH (domain.md §5.9): the claimed grade against the claimed total (internal), against the
total the claimed indicator scores add up to (implied), and against the reviewed grade (review)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from core.checks.model import Finding
from core.checks.tree import build_tree, in_form, items_total, sheet_claims
from core.decimals import HUNDRED, fmt
from core.scoring.grades import DEFAULT_BANDS, bands_from_options, grade, normalize_grade, rank


# A total given with its own full marks ("68.94分（满分70分）": indicators not applicable were left out).
_FULL_MARKS_AFTER = re.compile(r"\s*[(（]\s*满分\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def _on_hundred(document, meta, value):
    """`value` on the 100-point scale the grade bands use, where the report gives its total out of other
    full marks."""
    loc = meta.locs.get("claimed_total")
    m = _FULL_MARKS_AFTER.match(document.text, loc.end) if loc is not None and document is not None else None
    if value is None or m is None or Decimal(m.group(1)) in (0, HUNDRED):
        return value
    return value * HUNDRED / Decimal(m.group(1))


def _locs(meta) -> list:
    return [meta.locs[key] for key in ("claimed_total", "claimed_grade") if key in meta.locs]


def _internal(meta, stated: str, bands, on_hundred) -> Finding | None:
    if meta.claimed_total is None or grade(on_hundred(meta.claimed_total), bands) == stated:
        return None
    band = grade(on_hundred(meta.claimed_total), bands)
    return Finding(
        "GRADE_MISMATCH", "error",
        f"自评等级“{meta.claimed_grade}”与自评总分{fmt(meta.claimed_total)}分不符，该分数对应等级为“{band}”。",
        about="评价等级", stated=f"{fmt(meta.claimed_total)}分，{meta.claimed_grade}",
        expected=f"{band}（{fmt(meta.claimed_total)}分）", locs=_locs(meta))


def _implied(meta, extraction, stated: str, bands, on_hundred) -> Finding | None:
    items = items_total(build_tree(sheet_claims(extraction)))
    if items is None or items == meta.claimed_total or grade(on_hundred(items), bands) == stated:
        return None
    band = grade(on_hundred(items), bands)
    basis = f"所报{fmt(meta.claimed_total)}分" if meta.claimed_total is not None else "所报等级"
    return Finding(
        "GRADE_MISMATCH", "error",
        f"自评“{meta.claimed_grade}”依据的{basis}与各指标自评得分逐项合计{fmt(items)}分不符，"
        f"{fmt(items)}分对应等级为“{band}”。",
        about="评价等级",
        stated=(f"{fmt(meta.claimed_total)}分，" if meta.claimed_total is not None else "") + meta.claimed_grade,
        expected=f"{fmt(items)}分（{band}）", locs=_locs(meta))


def _review(meta, result, bands) -> Finding | None:
    stated = normalize_grade(meta.claimed_grade)
    if stated is None and meta.claimed_total is not None:
        stated = grade(meta.claimed_total, bands)
    totals = result.totals
    reviewed = totals.grade_reviewed
    if stated is None or stated == reviewed:
        return None
    claimed = "，".join(x for x in (fmt(meta.claimed_total) + "分" if meta.claimed_total is not None else "",
                                    meta.claimed_grade or "") if x)
    if reviewed is None:
        return _beyond_reach(meta, totals, stated, claimed)
    if _still_within_reach(totals, stated):
        return None
    return Finding(
        "GRADE_MISMATCH", "warning",
        f"自评{claimed}（等级“{stated}”）；复核得分{fmt(totals.reviewed)}分，复核等级为“{reviewed}”。",
        about="评价等级", stated=claimed, expected=f"{fmt(totals.reviewed)}分（{reviewed}）",
        locs=_locs(meta))


def _still_within_reach(totals, stated: str) -> bool:
    """A provisional total below the claimed grade proves nothing while the open indicators, scored in
    full, would still reach it."""
    current, ceiling = normalize_grade(totals.grade_reviewed), normalize_grade(totals.grade_ceiling)
    return (totals.status == "provisional" and current is not None and ceiling is not None
            and rank(ceiling) <= rank(stated) < rank(current))


def _beyond_reach(meta, totals, stated: str, claimed: str) -> Finding | None:
    """While the total is undetermined no reviewed grade is stated, but a claimed grade above anything the
    review can still give (every open indicator at full marks, the execution cap applied) is certain."""
    ceiling = normalize_grade(totals.grade_ceiling)
    if ceiling is None or rank(stated) >= rank(ceiling):
        return None
    why = f"（{totals.cap['note']}）" if totals.cap and totals.cap.get("triggered") else ""
    return Finding(
        "GRADE_MISMATCH", "warning",
        f"自评{claimed}（等级“{stated}”）；即使待补充的指标全部计满分，复核最高{fmt(totals.provisional_max)}分，"
        f"等级最高为“{ceiling}”{why}。",
        about="评价等级", stated=claimed, expected=f"最高{ceiling}", locs=_locs(meta))


def check_grades(document, extraction, framework=None, result=None) -> list[Finding]:
    meta = extraction.meta
    bands = bands_from_options(framework.options) if framework is not None else DEFAULT_BANDS
    stated = normalize_grade(meta.claimed_grade)
    found = []
    # A grade a 自评表 states is checked against that table's total by the forms family (R7).
    if stated is not None and not in_form(extraction, meta.locs.get("claimed_grade")):
        on_hundred = partial(_on_hundred, document, meta)
        found += [_internal(meta, stated, bands, on_hundred), _implied(meta, extraction, stated, bands, on_hundred)]
    if result is not None:
        found.append(_review(meta, result, bands))
    return [finding for finding in found if finding]
