"""An Extraction built from a gold file, located in a loaded Document (test helper for the checks).

Gold quotes are exact substrings of the txt form; docx and pdf texts may break or space them
differently, so a quote is found with whitespace allowed between its characters.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conftest import gold
from core.checks.model import span_loc
from core.documents.model import Document
from core.extraction.model import Claim, Extraction, Loc, Meta

_TOTAL_LEAD = r"(?:得分|结果为|合计|总分|得分为|得分是)[^\d\n]{0,8}\s*"


def quote_pattern(quote: str) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(ch) for ch in quote if not ch.isspace()))


def find_quote(document: Document, quote: str, after: int = 0) -> Loc:
    """The first occurrence of `quote` at or after `after` (else anywhere); AssertionError if absent."""
    pattern = quote_pattern(quote)
    match = pattern.search(document.text, after) or pattern.search(document.text)
    assert match, f"gold quote not in {document.name}: {quote!r}"
    return span_loc(document, match.start(), match.end())


def _number(value) -> str:
    text = format(Decimal(str(value)), "f")
    return re.escape(text.rstrip("0").rstrip(".") if "." in text else text)


def _total_loc(document: Document, total) -> Loc | None:
    match = re.search(_TOTAL_LEAD + _number(total) + r"(?![\d.])", document.text)
    return span_loc(document, match.start(), match.end()) if match else None


def _grade_loc(document: Document, grade: str) -> Loc | None:
    match = re.search(r"(?:为|，|,|等级)\s*(" + re.escape(grade) + ")", document.text)
    return span_loc(document, match.start(1), match.end(1)) if match else None


def gold_meta(document: Document, data: dict) -> Meta:
    meta = data["meta"]
    total = meta["claimed_total"]
    locs = {}
    if total is not None and (loc := _total_loc(document, total)):
        locs["claimed_total"] = loc
    if meta["claimed_grade"] and (loc := _grade_loc(document, meta["claimed_grade"])):
        locs["claimed_grade"] = loc
    return Meta(
        unit=meta["unit"], year=meta["year"], kind=meta["kind"], report_date=meta["report_date"],
        claimed_total=None if total is None else Decimal(str(total)),
        claimed_grade=meta["claimed_grade"], locs=locs,
    )


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def gold_extraction(document: Document, report_id: str) -> Extraction:
    data = gold(report_id)
    claims = []
    position = 0
    for index, item in enumerate(data["claims"], start=1):
        loc = find_quote(document, item["quote"], position)
        position = loc.end
        claims.append(Claim(
            id=f"c{index}", path=list(item["path"]), weight=_decimal(item["weight"]),
            claimed_score=_decimal(item["claimed_score"]), stated_value=item["stated_value"], loc=loc,
        ))
    return Extraction(meta=gold_meta(document, data), claims=claims, figures=[])


def gold_errors(report_id: str, code: str) -> list[dict]:
    return [error for error in gold(report_id)["errors"] if error["code"] == code]


def covers(loc: Loc, span: Loc) -> bool:
    return loc.start <= span.start and span.end <= loc.end


def matches_gold(finding, error: dict, quote_span: Loc | None) -> bool:
    """gold/README.md matching: same code, and the gold `about` in the finding's text or a shared span."""
    if finding.code != error["code"]:
        return False
    text = " ".join([finding.about or "", finding.message, *(loc.quote for loc in finding.locs)])
    return error["about"] in text or (quote_span is not None and any(loc.overlaps(quote_span) for loc in finding.locs))


def locate_error(document: Document, error: dict) -> Loc | None:
    pattern = quote_pattern(error["quote"])
    match = pattern.search(document.text)
    return span_loc(document, match.start(), match.end()) if match else None
