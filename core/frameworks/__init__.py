"""Indicator frameworks as data: list, load (cached) and validate the YAML files in resources/frameworks/.

Loaded Framework objects are shared between callers: treat them as read-only and derive variants with
`variants.with_options` / `variants.with_rows` (which return copies).
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.frameworks.errors import FrameworkError
from core.frameworks.loader import (
    FRAMEWORK_DIR,
    VARIABLES_FILE,
    build,
    parse_variables,
    profiles_of,
    read_yaml,
)
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.frameworks.validate import problems as validation_problems
from core.frameworks.variants import Row, with_indicator, with_options, with_rows

__all__ = [
    "Framework",
    "FrameworkError",
    "Indicator",
    "Node",
    "Row",
    "Rule",
    "Variable",
    "list_frameworks",
    "load_framework",
    "shared_variables",
    "validate",
    "with_indicator",
    "with_options",
    "with_rows",
]

_cache: dict[tuple[str, str | None, float, float], Framework] = {}
_lock = threading.Lock()


def _framework_files() -> list[Path]:
    return sorted(p for p in FRAMEWORK_DIR.glob("*.yaml") if not p.name.startswith("_"))


def list_frameworks() -> list[tuple[str, str]]:
    """(id, name) of every built-in framework and weight profile; "<id>@<profile>" for non-default profiles."""
    out = []
    for path in _framework_files():
        data = read_yaml(path)
        profiles = profiles_of(data)
        if not profiles:
            out.append((str(data["id"]), str(data["name"])))
        for i, profile in enumerate(profiles):
            fid = str(data["id"]) if i == 0 else f"{data['id']}@{profile}"
            out.append((fid, f"{data['name']}（{data['profiles'][profile]}）"))
    return out


def shared_variables() -> dict[str, Variable]:
    """The variable catalogue of domain.md §3 that every framework includes."""
    problems: list[str] = []
    variables = parse_variables(read_yaml(VARIABLES_FILE).get("variables"), problems)
    if problems:
        raise FrameworkError(problems, str(VARIABLES_FILE))
    return variables


def validate(framework: Framework) -> None:
    """Raise FrameworkError listing every problem (weights, formulas, rule parameters)."""
    found = validation_problems(framework)
    if found:
        raise FrameworkError(found, framework.id)


def _resolve(id_or_path: str | Path) -> tuple[Path, str | None]:
    text = str(id_or_path)
    candidate = Path(text)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.is_file():
        return candidate, None
    base, _, profile = text.partition("@")
    for path in _framework_files():
        if path.stem == base or str(read_yaml(path).get("id")) == base:
            return path, profile or None
    known = "、".join(fid for fid, _ in list_frameworks())
    raise FrameworkError([f"找不到指标体系“{text}”（可用：{known}）"])


def load_framework(id_or_path: str | Path) -> Framework:
    """A built-in id ("dept-hunan-county", "dept-hunan-county@J") or a YAML path → validated Framework."""
    path, profile = _resolve(id_or_path)
    try:
        key = (str(path.resolve()), profile, path.stat().st_mtime, VARIABLES_FILE.stat().st_mtime)
    except OSError as err:
        raise FrameworkError([f"无法读取：{err}"], str(path)) from err
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    framework = build(read_yaml(path), profile, shared_variables(), str(path))
    validate(framework)
    with _lock:
        _cache[key] = framework
    return framework
