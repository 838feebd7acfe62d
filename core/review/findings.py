"""Findings of a session: stable keys for the reviewer's verdicts, numbering, and when to re-run checks."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from core.checks.model import Finding

Checker = Callable[..., list[Finding]]


def default_checker(document, extraction) -> Checker:
    from core.checks import CheckRun  # checks pull in heavy modules; load them on first use

    run = CheckRun(document, extraction)
    return lambda _document, _extraction, framework, result: run.findings(framework, result)


# Warnings about how the app read the file, for the reviewer: nothing the unit is asked to correct.
READING_NOTES = ("OCR_TEXT",)


def opinion_default(finding: Finding | None) -> bool:
    """Whether a finding the reviewer has not ticked goes into the 复核意见: errors and warnings do, but for the
    notes on how the file was read."""
    return finding is not None and finding.severity in ("error", "warning") and finding.code not in READING_NOTES


def finding_keys(findings: list[Finding]) -> list[str]:
    """A key per finding that survives recomputation and re-anchoring (ids k1… and offsets do not)."""
    seen: dict[str, int] = {}
    keys = []
    for finding in findings:
        base = f"{finding.code}|{finding.about or ''}|{finding.stated or ''}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


class FindingSource:
    """Runs the checks for a (framework, result) pair and numbers the findings k1, k2, …"""

    def __init__(self, document, extraction, checker: Checker | None = None) -> None:
        self._document = document
        self._extraction = extraction
        self._check = checker or default_checker(document, extraction)

    def findings(self, framework, result) -> list[Finding]:
        found = self._check(self._document, self._extraction, framework, result)
        return [replace(f, id=f"k{i}") for i, f in enumerate(found, start=1)]
