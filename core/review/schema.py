"""Checked decoding of untrusted JSON into dataclasses: every field has a declared kind that checks type,
range, size and length, and nothing in the data chooses what is built or run.

A kind is a function (raw JSON value, where) -> decoded value that raises SchemaError naming the field
("values.staff_actual.loc.start") and the reason in Chinese. Tagged forms are the ones codec.encode writes:
{"$d": "7.00"} for a Decimal, {"$t": [...]} for a tuple, {"$type": name, ...} for a dataclass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

Kind = Callable[[Any, str], Any]

MAX_TEXT = 20_000  # comments, notes, standards
MAX_NAME = 1_000  # names, labels, quotes of one figure
MAX_KEY = 200  # ids and keys
MAX_NUMBER_TEXT = 60  # "$d" strings: a 15-digit amount with its decimals fits many times over
MAX_MAGNITUDE = Decimal(10) ** 15
MAX_JSON_DEPTH = 8  # free-form data (rule parameters, options, history details)
MAX_JSON_ITEMS = 10_000


class SchemaError(Exception):
    """A value of the wrong type, size or range at `where`; `why` is Chinese."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}：{why}")
        self.where = where
        self.why = why


def _type_name(raw: Any) -> str:
    return {dict: "对象", list: "列表", str: "文字", bool: "是/否", int: "整数", float: "小数",
            type(None): "空值"}.get(type(raw), type(raw).__name__)


def _expect(raw: Any, expected: type, what: str, where: str) -> None:
    # bool is an int to isinstance, but true is no count and no score.
    if not isinstance(raw, expected) or (isinstance(raw, bool) and expected is not bool):
        raise SchemaError(where, f"应为{what}，实为{_type_name(raw)}")


def optional(kind: Kind) -> Kind:
    return lambda raw, where: None if raw is None else kind(raw, where)


def text(max_len: int = MAX_TEXT) -> Kind:
    def decode(raw: Any, where: str) -> str:
        _expect(raw, str, "文字", where)
        if len(raw) > max_len:
            raise SchemaError(where, f"文字长 {len(raw)} 字，超过上限 {max_len}")
        return raw

    return decode


def boolean(raw: Any, where: str) -> bool:
    _expect(raw, bool, "是/否", where)
    return raw


def integer(lo: int, hi: int) -> Kind:
    def decode(raw: Any, where: str) -> int:
        _expect(raw, int, "整数", where)
        if not lo <= raw <= hi:
            raise SchemaError(where, f"整数 {raw} 不在 {lo}–{hi} 之间")
        return raw

    return decode


def decimal(lo: Decimal = -MAX_MAGNITUDE, hi: Decimal = MAX_MAGNITUDE) -> Kind:
    def decode(raw: Any, where: str) -> Decimal:
        _expect(raw, dict, "数字（{\"$d\": \"…\"}）", where)
        digits = raw.get("$d")
        _expect(digits, str, "数字文字", f"{where}.$d")
        if len(digits) > MAX_NUMBER_TEXT:
            raise SchemaError(where, f"数字文字长 {len(digits)} 字，超过上限 {MAX_NUMBER_TEXT}")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            raise SchemaError(where, f"“{digits}”不是数字") from None
        if not value.is_finite() or not lo <= value <= hi:
            raise SchemaError(where, f"数字 {digits} 超出范围 [{lo}, {hi}]")
        return value

    return decode


def choice(allowed: tuple[str, ...]) -> Kind:
    def decode(raw: Any, where: str) -> str:
        _expect(raw, str, "文字", where)
        if raw not in allowed:
            raise SchemaError(where, f"“{raw[:40]}”不是可用的取值（{'、'.join(allowed)}）")
        return raw

    return decode


def seq(kind: Kind, max_items: int, tagged: bool = False) -> Kind:
    """A list, or with `tagged` a tuple written as {"$t": [...]}."""

    def decode(raw: Any, where: str) -> list | tuple:
        if tagged:
            _expect(raw, dict, "元组（{\"$t\": […]}）", where)
            raw = raw.get("$t")
        _expect(raw, list, "列表", where)
        if len(raw) > max_items:
            raise SchemaError(where, f"列表有 {len(raw)} 项，超过上限 {max_items}")
        items = [kind(item, f"{where}[{i}]") for i, item in enumerate(raw)]
        return tuple(items) if tagged else items

    return decode


def mapping(kind: Kind, max_items: int, key_len: int = MAX_KEY, key_field: str | None = None) -> Kind:
    """A JSON object; with `key_field`, each decoded value's field of that name must equal its key."""

    def decode(raw: Any, where: str) -> dict:
        _expect(raw, dict, "对象", where)
        if len(raw) > max_items:
            raise SchemaError(where, f"对象有 {len(raw)} 项，超过上限 {max_items}")
        out = {}
        for key, value in raw.items():
            if len(key) > key_len:
                raise SchemaError(where, f"键长 {len(key)} 字，超过上限 {key_len}")
            out[key] = kind(value, f"{where}.{key}")
            if key_field is not None and getattr(out[key], key_field) != key:
                raise SchemaError(f"{where}.{key}", f"{key_field} 与所在的键不一致")
        return out

    return decode


def record(cls: type, fields: dict[str, Kind], check: Callable[[Any, str], None] | None = None) -> Kind:
    """A dataclass from its fields. Fields the class has a default for may be missing (files of an older
    version); keys the schema does not name are ignored (files of a newer version). Every field of the
    class must have a kind here: a field added to a dataclass without one would be dropped on every read."""
    undeclared = sorted({f.name for f in dataclasses.fields(cls)} - fields.keys())
    if undeclared:
        raise TypeError(f"the schema of {cls.__name__} does not say how to read {', '.join(undeclared)}")
    required = {f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}

    def decode(raw: Any, where: str) -> Any:
        _expect(raw, dict, "对象", where)
        tag = raw.get("$type", cls.__name__)
        if tag != cls.__name__:
            raise SchemaError(where, f"类型应为 {cls.__name__}，实为“{str(tag)[:40]}”")
        missing = sorted(required - raw.keys())
        if missing:
            raise SchemaError(where, f"缺少字段 {'、'.join(missing)}")
        obj = cls(**{name: kind(raw[name], f"{where}.{name}") for name, kind in fields.items() if name in raw})
        if check is not None:
            check(obj, where)
        return obj

    return decode


def either(kinds: dict[str, Kind]) -> Kind:
    """One of several records, chosen by the "$type" the writer put (among the names allowed here)."""

    def decode(raw: Any, where: str) -> Any:
        _expect(raw, dict, "对象", where)
        tag = raw.get("$type")
        kind = kinds.get(tag) if isinstance(tag, str) else None
        if kind is None:
            raise SchemaError(where, f"类型应为 {'或'.join(kinds)}")
        return kind(raw, where)

    return decode


def json_data(tags: bool) -> Kind:
    """Free-form data bounded in depth, size and magnitude. With `tags`, {"$d"} and {"$t"} become Decimals
    and tuples (rule parameters, options); without, the data stays as written (history details)."""

    def decode(raw: Any, where: str, depth: int = 0) -> Any:
        if depth > MAX_JSON_DEPTH:
            raise SchemaError(where, f"嵌套超过 {MAX_JSON_DEPTH} 层")
        if raw is None or isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)):
            if abs(raw) >= MAX_MAGNITUDE:
                raise SchemaError(where, f"数字 {raw} 超出范围")
            return raw
        if isinstance(raw, str):
            return text()(raw, where)
        if isinstance(raw, list):
            if len(raw) > MAX_JSON_ITEMS:
                raise SchemaError(where, f"列表有 {len(raw)} 项，超过上限 {MAX_JSON_ITEMS}")
            return [decode(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(raw)]
        if tags and "$d" in raw:
            return decimal()(raw, where)
        if tags and "$t" in raw:
            _expect(raw["$t"], list, "列表", where)
            return tuple(decode(raw["$t"], where, depth + 1))
        return mapping(lambda value, at: decode(value, at, depth + 1), MAX_JSON_ITEMS)(raw, where)

    return decode
