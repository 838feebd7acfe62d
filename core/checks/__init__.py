"""All consistency checks of a report, in the order of domain.md §5.0, as one list of findings.

Each family lives in its own module; run_checks runs them in order, reports every root cause once and
numbers the findings k1, k2, ….
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.checks.budget import check_budget
from core.checks.evidence import check_missing_detail, check_report_kind, check_text_layer
from core.checks.expressions import check_expressions
from core.checks.facts import check_facts
from core.checks.figures import check_figures
from core.checks.grades import check_grades
from core.checks.model import Finding
from core.checks.parts import check_parts
from core.checks.rules import check_rules
from core.checks.scores import check_score_over_weight, check_subtotals, check_weights
from core.checks.tables import check_tables

__all__ = ["Finding", "deduplicate", "run_checks"]

_LEADING_NUMBER = re.compile(r"\s*-?\d+(?:\.\d+)?")


def _families(document, extraction, framework, result):
    """(domain.md §5.0 order) each family's findings, produced lazily in turn."""
    yield check_text_layer(document)
    yield check_report_kind(document, extraction)
    yield check_expressions(document, extraction)
    yield check_parts(document, extraction)
    yield check_tables(document, extraction)
    yield check_budget(document, extraction)
    yield check_figures(document, extraction)
    yield check_weights(document, extraction, framework)
    yield check_score_over_weight(document, extraction)
    yield check_subtotals(document, extraction)
    yield check_rules(document, extraction, framework, result)
    yield check_grades(document, extraction, framework, result)
    yield check_facts(document, extraction)
    yield check_missing_detail(document, extraction, framework, result)


def _leading_number(text: str | None) -> Decimal | None:
    match = _LEADING_NUMBER.match((text or "").replace(",", ""))
    return Decimal(match.group()) if match else None


def _repeats(finding: Finding, earlier: Finding) -> bool:
    """The same difference at the same place: stated and expected numbers equal, locations overlapping."""
    stated, expected = _leading_number(finding.stated), _leading_number(finding.expected)
    return (stated is not None and expected is not None
            and stated == _leading_number(earlier.stated) and expected == _leading_number(earlier.expected)
            and any(loc.overlaps(other) for loc in finding.locs for other in earlier.locs))


def deduplicate(families) -> list[Finding]:
    """Findings of the families in order, each root cause once, numbered k1, k2, …."""
    kept: list[Finding] = []
    for family in families:
        kept += [finding for finding in family if not any(_repeats(finding, earlier) for earlier in kept)]
    for number, finding in enumerate(kept, start=1):
        finding.id = f"k{number}"
    return kept


def run_checks(document, extraction, framework=None, result=None) -> list[Finding]:
    """Every finding about `document`; `framework` and `result` add the rule and review-grade checks."""
    return deduplicate(_families(document, extraction, framework, result))
