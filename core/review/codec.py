"""Exact JSON round trip of the review's dataclasses (Decimal, tuple and type tags are kept)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from core.extraction.model import Alternative, Loc
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.review.signoff import SignOff
from core.review.undo import ABSENT, Command
from core.review.values import FindingState, VariableValue
from core.scoring.result import Decision

_TYPES = {cls.__name__: cls for cls in (
    Framework, Node, Indicator, Variable, Rule, Decision, VariableValue, FindingState, Loc, Alternative, SignOff)}


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
    if dataclasses.is_dataclass(obj) and type(obj).__name__ in _TYPES:
        out = {"$type": type(obj).__name__}
        out.update((f.name, encode(getattr(obj, f.name))) for f in dataclasses.fields(obj))
        return out
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot encode {type(obj).__name__}")


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(x) for x in data]
    if not isinstance(data, dict):
        return data
    if "$d" in data:
        return Decimal(data["$d"])
    if "$t" in data:
        return tuple(decode(x) for x in data["$t"])
    if "$type" in data:
        cls = _TYPES[data["$type"]]
        names = {f.name for f in dataclasses.fields(cls)}
        # Fields a newer version added are dropped; fields this one added take their defaults.
        return cls(**{k: decode(v) for k, v in data.items() if k in names})
    return {k: decode(v) for k, v in data.items()}


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
