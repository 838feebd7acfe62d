"""All consistency checks of a report, in the order of domain.md §5.0, as one list of findings.

Each family lives in its own module; run_checks runs them in order, reports every root cause once and
numbers the findings k1, k2, ….
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from core.analysis_budget import check as check_analysis_budget
from core.checks.budget import check_budget
from core.checks.evidence import check_missing_detail, check_report_kind, check_text_layer
from core.checks.expressions import check_expressions
from core.checks.facts import check_facts
from core.checks.figures import check_figures
from core.checks.forms import check_forms
from core.checks.grades import check_grades
from core.checks.model import Finding
from core.checks.parts import check_parts
from core.checks.rules import check_rules
from core.checks.scores import check_score_over_weight, check_subtotals, check_weights
from core.checks.tables import check_tables

__all__ = ["CheckRun", "Finding", "deduplicate", "run_checks"]

_LEADING_NUMBER = re.compile(r"\s*-?\d+(?:\.\d+)?")


# (domain.md §5.0 order) each family and whether it reads the framework and the reviewed result;
# report-only families give the same findings for every edit, so a CheckRun computes them once.
_FAMILIES = (
    (lambda d, e, f, r: check_text_layer(d), False),
    (lambda d, e, f, r: check_report_kind(d, e), False),
    (lambda d, e, f, r: check_expressions(d, e), False),
    (lambda d, e, f, r: check_parts(d, e), False),
    (lambda d, e, f, r: check_tables(d, e), False),
    (lambda d, e, f, r: check_budget(d, e), False),
    (lambda d, e, f, r: check_figures(d, e), False),
    (lambda d, e, f, r: check_forms(d, e), False),
    (lambda d, e, f, r: check_weights(d, e, f), True),
    (lambda d, e, f, r: check_score_over_weight(d, e), False),
    (lambda d, e, f, r: check_subtotals(d, e), False),
    (lambda d, e, f, r: check_rules(d, e, f, r), True),
    (lambda d, e, f, r: check_grades(d, e, f, r), True),
    (lambda d, e, f, r: check_facts(d, e), False),
    (lambda d, e, f, r: check_missing_detail(d, e, f, r), True),
)


class CheckRun:
    """The checks of one report: report-only families run once, the others on every call."""

    def __init__(self, document, extraction) -> None:
        self._document = document
        self._extraction = extraction
        self._report_only: dict[int, list[Finding]] = {}

    def _family(self, index: int, framework, result) -> list[Finding]:
        check_analysis_budget()
        check, reads_review = _FAMILIES[index]
        if reads_review:
            return check(self._document, self._extraction, framework, result)
        if index not in self._report_only:
            self._report_only[index] = check(self._document, self._extraction, None, None)
        return self._report_only[index]

    def findings(self, framework=None, result=None) -> list[Finding]:
        return deduplicate(self._family(i, framework, result) for i in range(len(_FAMILIES)))


def _leading_number(text: str | None) -> Decimal | None:
    match = _LEADING_NUMBER.match((text or "").replace(",", ""))
    return Decimal(match.group()) if match else None


def _difference(finding: Finding) -> tuple[Decimal, Decimal] | None:
    """The (stated, expected) numbers a finding is about, or None when it has no numeric difference."""
    stated, expected = _leading_number(finding.stated), _leading_number(finding.expected)
    return None if stated is None or expected is None else (stated, expected)


def deduplicate(families) -> list[Finding]:
    """Findings of the families in order, each root cause once, numbered k1, k2, ….

    A later finding repeats an earlier one when both are about the same numeric difference (stated and
    expected numbers equal) and their locations overlap.
    """
    kept: list[Finding] = []
    by_difference: dict[tuple[Decimal, Decimal], list[Finding]] = {}
    for family in families:
        fresh = []
        for finding in family:
            check_analysis_budget()
            difference = _difference(finding)
            earlier = by_difference.get(difference, []) if difference else []
            if any(loc.overlaps(other) for e in earlier for loc in finding.locs for other in e.locs):
                continue
            fresh.append((difference, finding))
        for difference, finding in fresh:
            kept.append(finding)
            if difference:
                by_difference.setdefault(difference, []).append(finding)
    return [replace(finding, id=f"k{number}") for number, finding in enumerate(kept, start=1)]


def run_checks(document, extraction, framework=None, result=None) -> list[Finding]:
    """Every finding about `document`; `framework` and `result` add the rule and review-grade checks."""
    return CheckRun(document, extraction).findings(framework, result)
