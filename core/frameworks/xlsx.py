"""A framework as an Excel workbook, for people who maintain indicator tables in a spreadsheet.

Sheet 指标: one row per level (三级指标 empty: the row gives the level's 分值) and one per indicator.
Sheet 变量: the variables formulas may use. Sheet 说明: id, name, version, kind, description, options.
Rule parameters and options are JSON. Import reports every problem with its row number.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.decimals import to_decimal
from core.frameworks.errors import FrameworkError
from core.frameworks.loader import plain_values
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.frameworks.validate import problems as validation_problems

COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "计算公式",
    "评分标准",
    "规则类型",
    "规则参数",
    "指标编号",
    "类型",
    "不适用处理",
    "执行率指标",
    "同义词",
    "0/0处理",
    "除零处理",
    "备用规则",
    "公式方案",
)
VARIABLE_COLUMNS = ("变量编号", "名称", "单位", "同义词", "默认值")
INFO_KEYS = (
    ("编号", "id"),
    ("名称", "name"),
    ("版本", "version"),
    ("类型", "kind"),
    ("说明", "description"),
    ("选项", "options"),
)
_SEPARATOR = "；"
_QUOTED = re.compile(r"“([^”]+)”")


def _json(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _parse_json(text: Any) -> Any:
    return plain_values(json.loads(str(text), parse_float=Decimal, parse_int=Decimal))


# ---------------------------------------------------------------- export


def export_xlsx(framework: Framework, path: str | Path) -> None:
    from openpyxl import Workbook  # lazily: heavy

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    sheet.append(COLUMNS)
    for root in framework.roots:
        _export_node(sheet, root, ())
    variables = book.create_sheet("变量")
    variables.append(VARIABLE_COLUMNS)
    for v in framework.variables.values():
        _append(variables, [v.id, v.label, v.unit, _SEPARATOR.join(v.synonyms), v.default])
    info = book.create_sheet("说明")
    values = {
        "id": framework.id,
        "name": framework.name,
        "version": framework.version,
        "kind": framework.kind,
        "description": framework.description,
        "options": _json(framework.options),
    }
    for label, key in INFO_KEYS:
        _append(info, [label, values[key]])
    book.save(str(path))


def _export_node(sheet: Any, node: Node | Indicator, parents: tuple[str, ...]) -> None:
    if isinstance(node, Indicator):
        _append(sheet, _indicator_row(node, parents))
        return
    levels = parents + (node.name,)
    if len(levels) > 2:
        raise FrameworkError([f"“{'/'.join(levels)}”超过三级，无法导出为一、二、三级指标表"])
    _append(sheet, [*levels, *([""] * (3 - len(levels))), node.weight, *([""] * 8), _SEPARATOR.join(node.synonyms)])
    for child in node.children:
        _export_node(sheet, child, levels)


def _indicator_row(ind: Indicator, parents: tuple[str, ...]) -> list[Any]:
    alt = _json({"type": ind.alt_rule.type, **ind.alt_rule.params}) if ind.alt_rule else ""
    return [
        parents[0] if parents else "",
        parents[1] if len(parents) > 1 else "",
        ind.name,
        ind.weight,
        ind.formula or "",
        ind.standard,
        ind.rule.type,
        _json(ind.rule.params),
        ind.id,
        ind.kind,
        ind.na_policy,
        "是" if ind.execution else "",
        _SEPARATOR.join(ind.synonyms),
        ind.on_zero_zero,
        ind.on_div_zero,
        alt,
        _json(ind.formula_variants) if ind.formula_variants else "",
    ]


def _append(sheet: Any, row: list[Any]) -> None:
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text such as "=0计5分" is not an Excel formula


# ---------------------------------------------------------------- import


def import_xlsx(path: str | Path) -> Framework:
    """Read a workbook written by export_xlsx (or filled in by hand); FrameworkError lists row-numbered problems."""
    from openpyxl import load_workbook  # lazily: heavy

    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged or foreign file
        raise FrameworkError([f"无法读取 Excel 文件：{err}"], str(path)) from err
    problems: list[str] = []
    if "指标" not in book.sheetnames:
        raise FrameworkError(["缺少工作表“指标”"], str(path))
    info = _read_info(book, problems)
    variables = _read_variables(book, problems)
    reader = _SheetReader(problems)
    roots = reader.read(list(book["指标"].iter_rows(values_only=True)))
    book.close()
    if problems:
        raise FrameworkError(problems, str(path))
    framework = Framework(
        id=str(info.get("id") or Path(path).stem),
        name=str(info.get("name") or Path(path).stem),
        version=str(info.get("version") or "1"),
        kind=str(info.get("kind") or ""),
        roots=roots,
        variables=variables,
        options=info.get("options") or {},
        description=str(info.get("description") or ""),
    )
    found = [reader.locate(p) for p in validation_problems(framework)]
    if found:
        raise FrameworkError(found, str(path))
    return framework


def _read_info(book: Any, problems: list[str]) -> dict[str, Any]:
    if "说明" not in book.sheetnames:
        return {}
    labels = dict(INFO_KEYS)
    info: dict[str, Any] = {}
    for row in book["说明"].iter_rows(values_only=True):
        if row and row[0] in labels:
            info[labels[row[0]]] = row[1] if len(row) > 1 else None
    if info.get("options"):
        try:
            info["options"] = _parse_json(info["options"])
        except ValueError:
            problems.append("说明表：选项不是有效的 JSON")
    return info


def _read_variables(book: Any, problems: list[str]) -> dict[str, Variable]:
    out: dict[str, Variable] = {}
    if "变量" not in book.sheetnames:
        return out
    for n, row in enumerate(book["变量"].iter_rows(min_row=2, values_only=True), 2):
        cells = list(row) + [None] * (len(VARIABLE_COLUMNS) - len(row))
        if not any(cells):
            continue
        vid, label, unit, synonyms, default = cells[:5]
        if not vid:
            problems.append(f"变量表第{n}行：缺少变量编号")
            continue
        try:
            value = None if default in (None, "") else to_decimal(default)
        except (ValueError, InvalidOperation):
            problems.append(f"变量表第{n}行：默认值“{default}”不是数字")
            value = None
        out[str(vid)] = Variable(str(vid), str(label or vid), str(unit or ""), _split(synonyms), value)
    return out


def _split(text: Any) -> list[str]:
    return [s.strip() for s in str(text or "").split(_SEPARATOR) if s.strip()]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _SheetReader:
    """Builds the tree from the 指标 sheet and remembers which row each name came from."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.rows: dict[str, int] = {}
        self.roots: list[Node | Indicator] = []
        self.levels: dict[tuple[str, ...], Node] = {}

    def read(self, rows: list[tuple]) -> list[Node]:
        header = tuple(_text(c) for c in rows[0]) if rows else ()
        missing = [c for c in COLUMNS[:8] if c not in header]
        if missing:
            self.problems.append(f"指标表第1行：缺少列 {'、'.join(missing)}")
            return []
        index = {name: header.index(name) for name in COLUMNS if name in header}
        for n, row in enumerate(rows[1:], 2):
            cells = {name: row[i] if i < len(row) else None for name, i in index.items()}
            if any(_text(v) for v in cells.values()):
                self._row(n, cells)
        return self.roots  # type: ignore[return-value]

    def locate(self, problem: str) -> str:
        for name in _QUOTED.findall(problem):
            if name in self.rows:
                return f"指标表第{self.rows[name]}行：{problem}"
        return problem

    def _row(self, n: int, cells: dict[str, Any]) -> None:
        levels = tuple(_text(cells[c]) for c in ("一级指标", "二级指标") if _text(cells[c]))
        name = _text(cells["三级指标"])
        weight = self._weight(n, cells["分值"])
        if not levels:
            self.problems.append(f"指标表第{n}行：缺少一级指标")
            return
        if weight is None:
            return
        if not name:
            self._level(n, levels, weight, _split(cells.get("同义词")))
            return
        parent = self.levels.get(levels)
        if parent is None:
            self.problems.append(f"指标表第{n}行：上级“{'/'.join(levels)}”未在前面的行中给出分值")
            return
        indicator = self._indicator(n, cells, levels + (name,), weight)
        if indicator is not None:
            self.rows.setdefault(name, n)
            parent.children.append(indicator)

    def _weight(self, n: int, raw: Any) -> Decimal | None:
        try:
            return to_decimal(raw)
        except (ValueError, InvalidOperation):
            self.problems.append(f"指标表第{n}行：分值“{_text(raw)}”不是数字")
            return None

    def _level(self, n: int, levels: tuple[str, ...], weight: Decimal, synonyms: list[str]) -> None:
        node = Node(levels[-1], weight, synonyms=synonyms)
        if levels in self.levels:
            self.problems.append(f"指标表第{n}行：“{'/'.join(levels)}”重复定义")
            return
        parent = self.levels.get(levels[:-1]) if len(levels) > 1 else None
        if len(levels) > 1 and parent is None:
            self.problems.append(f"指标表第{n}行：上级“{levels[0]}”未在前面的行中给出分值")
            return
        (parent.children if parent is not None else self.roots).append(node)
        self.levels[levels] = node
        self.rows.setdefault(levels[-1], n)

    def _indicator(self, n: int, cells: dict[str, Any], path: tuple[str, ...], weight: Decimal) -> Indicator | None:
        rule = self._rule(n, _text(cells["规则类型"]), cells["规则参数"], "规则参数")
        alt_text = _text(cells.get("备用规则"))
        alt = self._rule(n, None, alt_text, "备用规则") if alt_text else None
        if rule is None:
            return None
        formula = _text(cells["计算公式"])
        return Indicator(
            id=_text(cells.get("指标编号")),
            name=path[-1],
            weight=weight,
            rule=rule,
            path=path,
            formula=formula or None,
            standard=_text(cells["评分标准"]),
            kind=_text(cells.get("类型")) or "quantitative",
            synonyms=_split(cells.get("同义词")),
            na_policy=_text(cells.get("不适用处理")) or "exclude",
            execution=_text(cells.get("执行率指标")) == "是",
            on_zero_zero=_text(cells.get("0/0处理")) or "na",
            on_div_zero=_text(cells.get("除零处理")) or "needs_input",
            alt_rule=alt,
            formula_variants=self._variants(n, cells.get("公式方案")),
        )

    def _variants(self, n: int, raw: Any) -> dict[str, dict[str, str]]:
        if not _text(raw):
            return {}
        try:
            parsed = json.loads(str(raw))
            return {str(k): {str(o): str(f) for o, f in v.items()} for k, v in parsed.items()}
        except (ValueError, AttributeError):
            self.problems.append(f"指标表第{n}行：公式方案应为 JSON 对象 {{选项: {{取值: 公式}}}}")
            return {}

    def _rule(self, n: int, rule_type: str | None, raw: Any, column: str) -> Rule | None:
        try:
            params = _parse_json(raw) if _text(raw) else {}
        except ValueError:
            self.problems.append(f"指标表第{n}行：{column}不是有效的 JSON：{_text(raw)}")
            return None
        if not isinstance(params, dict):
            self.problems.append(f"指标表第{n}行：{column}应为 JSON 对象 {{…}}")
            return None
        rule_type = rule_type if rule_type is not None else str(params.pop("type", ""))
        if not rule_type:
            self.problems.append(f"指标表第{n}行：缺少规则类型")
            return None
        return Rule(rule_type, params)
