"""Framework files (YAML, format in resources/frameworks/README.md) → Framework objects.

A file may define weight profiles (e.g. dept-hunan-county B and J): a weight written as a mapping
{profile: weight} applies per profile, and a node or indicator without a weight for the chosen profile
is not part of it. The first profile listed is the default; "<id>@<profile>" selects another.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.decimals import to_decimal
from core.frameworks.errors import FrameworkError
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable

FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "resources" / "frameworks"
VARIABLES_FILE = FRAMEWORK_DIR / "_variables.yaml"
_INDICATOR_KEYS = {
    "id",
    "name",
    "synonyms",
    "weight",
    "formula",
    "rule",
    "standard",
    "kind",
    "na_policy",
    "execution",
    "on_zero_zero",
    "on_div_zero",
    "alt_rule",
    "formula_variants",
}


def read_yaml(path: Path) -> dict[str, Any]:
    """Parsed file contents, cached until the file changes; callers must not modify the result."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as err:
        raise FrameworkError([f"无法读取：{err}"], str(path)) from err
    return _read_yaml(str(path.resolve()), stamp)


@lru_cache(maxsize=64)  # keyed by (path, modification stamp): an edited file is read again
def _read_yaml(path: str, stamp: int) -> dict[str, Any]:  # noqa: ARG001 - `stamp` is only the cache key
    import yaml  # lazily: only needed when a file is actually read

    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise FrameworkError([f"无法读取：{err}"], path) from err
    if not isinstance(data, dict):
        raise FrameworkError(["文件内容不是一个映射（键: 值）"], path)
    return data


def parse_variables(entries: Any, problems: list[str]) -> dict[str, Variable]:
    out: dict[str, Variable] = {}
    for i, e in enumerate(entries or [], 1):
        if not isinstance(e, dict) or not e.get("id"):
            problems.append(f"变量表第{i}项缺少 id")
            continue
        default = e.get("default")
        out[str(e["id"])] = Variable(
            id=str(e["id"]),
            label=str(e.get("label", e["id"])),
            unit=str(e.get("unit", "")),
            synonyms=[str(s) for s in e.get("synonyms") or []],
            default=None if default is None else to_decimal(default),
        )
    return out


def profiles_of(data: dict[str, Any]) -> list[str]:
    return [str(p) for p in (data.get("profiles") or {})]


def build(data: dict[str, Any], profile: str | None, shared: dict[str, Variable], source: str) -> Framework:
    """One profile of a parsed file; structural problems raise FrameworkError (validation is separate)."""
    problems: list[str] = []
    profiles = profiles_of(data)
    if profile is not None and profile not in profiles:
        raise FrameworkError([f"没有权重方案“{profile}”（可用：{'、'.join(profiles) or '无'}）"], source)
    chosen = profile or (profiles[0] if profiles else None)
    builder = _TreeBuilder(chosen, problems)
    roots = [n for n in (builder.node(e, ()) for e in data.get("tree") or []) if n is not None]
    variables = dict(shared)
    variables.update(parse_variables(data.get("variables"), problems))
    for key in ("id", "name"):
        if not data.get(key):
            problems.append(f"缺少 {key}")
    if problems:
        raise FrameworkError(problems, source)
    base_id = str(data["id"])
    options = plain_values(dict(data.get("options") or {}))
    name = str(data["name"])
    if chosen is not None:
        options["profile"] = chosen
        name = f"{name}（{data['profiles'][chosen]}）"
    return Framework(
        id=base_id if chosen is None or chosen == profiles[0] else f"{base_id}@{chosen}",
        name=name,
        version=str(data.get("version", "1")),
        kind=str(data.get("kind", "")),
        roots=roots,
        variables=variables,
        options=options,
        description=str(data.get("description", "")).strip(),
    )


class _TreeBuilder:
    def __init__(self, profile: str | None, problems: list[str]) -> None:
        self.profile = profile
        self.problems = problems

    def weight(self, raw: Any, where: str) -> Decimal | None:
        if isinstance(raw, dict):
            if self.profile is None:
                self.problems.append(f"“{where}”按方案给出分值，但文件没有定义 profiles")
                return None
            raw = raw.get(self.profile)
            if raw is None:
                return None  # not part of this profile
        try:
            return to_decimal(raw)
        except (ValueError, InvalidOperation):
            self.problems.append(f"“{where}”的分值“{raw}”不是数字")
            return None

    def node(self, e: Any, parent: tuple[str, ...]) -> Node | Indicator | None:
        if not isinstance(e, dict) or not e.get("name"):
            self.problems.append(f"“{'/'.join(parent) or '顶层'}”下有一项缺少 name")
            return None
        name = str(e["name"])
        weight = self.weight(e.get("weight"), name)
        if weight is None:
            return None
        if "children" not in e:
            return self.indicator(e, parent + (name,), weight)
        children = [c for c in (self.node(c, parent + (name,)) for c in e["children"] or []) if c is not None]
        return Node(name=name, weight=weight, children=children, synonyms=[str(s) for s in e.get("synonyms") or []])

    def indicator(self, e: dict[str, Any], path: tuple[str, ...], weight: Decimal) -> Indicator | None:
        unknown = set(e) - _INDICATOR_KEYS
        if unknown:
            self.problems.append(f"指标“{path[-1]}”有未知字段：{'、'.join(sorted(unknown))}")
        rule = _rule(e.get("rule"))
        if rule is None:
            self.problems.append(f"指标“{path[-1]}”缺少规则 rule.type")
            return None
        formula = e.get("formula")
        return Indicator(
            id=str(e.get("id") or ""),
            name=path[-1],
            weight=weight,
            rule=rule,
            path=path,
            formula=None if formula is None else str(formula),
            standard=str(e.get("standard", "")).strip(),
            kind=str(e.get("kind", "quantitative")),
            synonyms=[str(s) for s in e.get("synonyms") or []],
            na_policy=str(e.get("na_policy", "exclude")),
            execution=bool(e.get("execution", False)),
            on_zero_zero=str(e.get("on_zero_zero", "na")),
            on_div_zero=str(e.get("on_div_zero", "needs_input")),
            alt_rule=_rule(e.get("alt_rule")),
            formula_variants={
                str(k): {str(o): str(f) for o, f in (v or {}).items()}
                for k, v in (e.get("formula_variants") or {}).items()
            },
        )


def _rule(raw: Any) -> Rule | None:
    if isinstance(raw, str):
        return Rule(type=raw)
    if not isinstance(raw, dict) or not raw.get("type"):
        return None
    params = {k: plain_values(v) for k, v in raw.items() if k != "type"}
    return Rule(type=str(raw["type"]), params=params)


def plain_values(value: Any) -> Any:
    """YAML numbers become Decimal (core keeps no floats); strings such as "w/10" or "(0,10]" stay text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return to_decimal(value)
    if isinstance(value, (list, tuple)):
        return [plain_values(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_values(v) for k, v in value.items()}
    return value
