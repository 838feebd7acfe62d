"""What a judged indicator offers the reviewer: its qualitative levels, its checklist items, whether it
counts violations. Read from the rule parameters exactly as the engine reads them."""

from __future__ import annotations

from decimal import Decimal

from core.frameworks.model import Indicator, Rule
from core.rulebook.params import prepare


def qualitative_rule(indicator: Indicator) -> Rule | None:
    """The indicator's qualitative rule: its own, or the one it falls back to without inputs."""
    return _rule_of_type(indicator, "qualitative")


def _rule_of_type(indicator: Indicator, rule_type: str) -> Rule | None:
    return next((r for r in (indicator.rule, indicator.alt_rule) if r is not None and r.type == rule_type), None)


def checklist_params(indicator: Indicator, options: dict) -> dict:
    """The checklist rule's parameters as the engine reads them (mode, items or per_violation); {} if none."""
    rule = _rule_of_type(indicator, "checklist")
    return prepare("checklist", rule.params, indicator.weight, options) if rule is not None else {}


def checklist_items(indicator: Indicator, options: dict) -> list[tuple[str, Decimal]]:
    """(label, points) of an award-form checklist indicator; empty for any other rule."""
    return list(checklist_params(indicator, options).get("items", ()))


def counts_violations(indicator: Indicator, options: dict) -> bool:
    """A deduct-form checklist: the reviewer enters how many non-compliant instances the report shows."""
    return checklist_params(indicator, options).get("mode") == "deduct"


def qualitative_levels(indicator: Indicator, options: dict) -> list[str]:
    """Level names, best first (level 1), as the scoring rule reads them from the framework."""
    rule = qualitative_rule(indicator)
    if rule is None:
        return []
    return [level[0] for level in prepare("qualitative", rule.params, indicator.weight, options)["levels"]]
