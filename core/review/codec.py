"""The review file's JSON: dataclasses written with type tags (encode), read back by an explicit schema.

Reading trusts nothing in the file: each dataclass below is decoded from the fields declared for it (see
core.review.schema), the framework snapshot is then validated like a framework file, and its formulas
are only ever parsed by the safe parser. Decimals keep their exponent ({"$d": "7.00"}).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from core.extraction.model import Alternative, Loc
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.frameworks.validate import problems as framework_problems
from core.review.schema import (
    MAX_KEY, MAX_NAME, Kind, SchemaError, boolean, choice, decimal, either, integer, mapping, optional,
    json_data, record, seq, text,
)
from core.review.undo import ABSENT, Command
from core.review.values import FINDING_STATUSES, ORIGINS, FindingState, HistoryEntry, VariableValue
from core.rulebook.params import RULE_TYPES
from core.scoring.result import Decision

_ENCODED = (Framework, Node, Indicator, Variable, Rule, Decision, VariableValue, FindingState, Loc, Alternative)
MAX_OFFSET = 10**9  # characters into a document
MAX_TREE_DEPTH = 6  # 一级/二级/三级 nodes and then some
WEIGHT = decimal(Decimal(0), Decimal(1000))


def encode(obj: Any) -> Any:
    """JSON-ready form; Decimals become {"$d": "7.00"} so that exponent and precision survive."""
    if isinstance(obj, Decimal):
        return {"$d": str(obj)}
    if isinstance(obj, tuple):
        return {"$t": [encode(x) for x in obj]}
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): encode(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and isinstance(obj, _ENCODED):
        out = {"$type": type(obj).__name__}
        out.update((f.name, encode(getattr(obj, f.name))) for f in dataclasses.fields(obj))
        return out
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot encode {type(obj).__name__}")


# ---- the schema ---------------------------------------------------------------------------------

def _ordered_span(loc: Loc, where: str) -> None:
    if loc.end < loc.start:
        raise SchemaError(where, f"位置颠倒（起点 {loc.start} 在终点 {loc.end} 之后）")


LOC = record(Loc, {"start": integer(0, MAX_OFFSET), "end": integer(0, MAX_OFFSET),
                   "page": optional(integer(1, 1_000_000)), "quote": text(MAX_NAME)}, _ordered_span)
ALTERNATIVE = record(Alternative, {"value": decimal(), "loc": LOC})


VARIABLE_VALUE = record(VariableValue, {
    "var": text(MAX_KEY), "value": optional(decimal()), "origin": choice(ORIGINS), "loc": optional(LOC),
    "alternatives": seq(ALTERNATIVE, 1_000, tagged=True), "figure_id": optional(text(MAX_KEY)),
    "changed_by": optional(text(MAX_KEY)), "changed_at": optional(text(64)),
})
DECISION = record(Decision, {
    "level": optional(integer(1, 100)), "manual_score": optional(WEIGHT), "not_applicable": boolean,
    "checked": optional(seq(boolean, 200, tagged=True)), "comment": optional(text()),
    "violations": optional(integer(0, 100_000)), "manual_value": optional(decimal()),
})
FINDING_STATE = record(FindingState, {"status": choice(FINDING_STATUSES), "note": optional(text()),
                                      "include_in_opinion": boolean})
HISTORY_ENTRY = record(HistoryEntry, {
    "label": text(2_000), "action": choice(("do", "undo", "redo")), "time": text(64),
    "who": optional(text(MAX_KEY)), "details": seq(json_data(tags=False), 10_000),
})

_NAMES = seq(text(MAX_NAME), 200)
PARAMS = mapping(json_data(tags=True), 200)
RULE = record(Rule, {"type": choice(RULE_TYPES), "params": PARAMS})
VARIABLE = record(Variable, {"id": text(MAX_KEY), "label": text(MAX_NAME), "unit": text(MAX_KEY),
                             "synonyms": _NAMES, "default": optional(decimal())})
INDICATOR = record(Indicator, {
    "id": text(MAX_KEY), "name": text(MAX_NAME), "weight": WEIGHT, "rule": RULE,
    "path": seq(text(MAX_NAME), MAX_TREE_DEPTH + 1, tagged=True), "formula": optional(text(2_000)),
    "standard": text(), "kind": text(MAX_KEY), "synonyms": _NAMES, "na_policy": text(MAX_KEY),
    "execution": boolean, "on_zero_zero": text(MAX_KEY), "on_div_zero": text(MAX_KEY),
    "alt_rule": optional(RULE), "formula_variants": mapping(mapping(text(2_000), 50), 50),
})


def _tree(depth: int) -> Kind:
    """A Node or an Indicator; nodes nest at most MAX_TREE_DEPTH deep (the decoder's recursion is bounded)."""

    def children(raw: Any, where: str) -> list:
        if depth >= MAX_TREE_DEPTH:
            raise SchemaError(where, f"指标层级超过 {MAX_TREE_DEPTH} 级")
        return seq(_tree(depth + 1), 500)(raw, where)

    node = record(Node, {"name": text(MAX_NAME), "weight": WEIGHT, "children": children, "synonyms": _NAMES})
    return either({"Node": node, "Indicator": INDICATOR})


def _misplaced(nodes: list, parent: tuple[str, ...] = ()) -> list[str]:
    """Indicators whose recorded path is not where they stand in the tree (mapping reads the path)."""
    out = []
    for node in nodes:
        path = parent + (node.name,)
        if isinstance(node, Indicator):
            out += [f"指标“{node.name}”的层级路径与所在位置不一致"] if node.path != path else []
        else:
            out += _misplaced(node.children, path)
    return out


def _usable_framework(framework: Framework, where: str) -> None:
    found = framework_problems(framework) + _misplaced(framework.roots)
    if found:
        more = f"等 {len(found)} 处问题" if len(found) > 3 else ""
        raise SchemaError(where, f"指标体系有误：{'；'.join(found[:3])}{more}")


FRAMEWORK = record(Framework, {
    "id": text(MAX_KEY), "name": text(MAX_NAME), "version": text(MAX_KEY), "kind": text(MAX_NAME),
    "roots": seq(_tree(0), 100), "variables": mapping(VARIABLE, 5_000, key_field="id"), "options": PARAMS,
    "description": text(),
}, _usable_framework)


def _summary(field: str, value: Any) -> Any:
    if value is ABSENT:
        return None
    if field == "framework":
        return {"id": value.id, "name": value.name, "version": value.version}
    return encode(value)


def edit_details(command: Command, forward: bool) -> list[dict]:
    """before → after of each edit, as the history in the review file records them."""
    return [
        {"field": e.field, "key": e.key,
         "before": _summary(e.field, e.before if forward else e.after),
         "after": _summary(e.field, e.after if forward else e.before)}
        for e in command.edits
    ]
