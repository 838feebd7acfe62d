"""What a `FormTable` gives the rest of the app: claim items (merged with the prose's by
`core.extraction.claims`), the meta it states, and the funds block's figures (项目预算数 A, 项目实际支出 B)."""

from __future__ import annotations


from core.documents.model import Document
from core.extraction import figure_labels as figure_vocab
from core.extraction.claims import Item
from core.extraction.model import Figure, Meta
from core.extraction.normalize import Normalized
from core.extraction.numbers import AMOUNT, to_wan_yuan
from core.forms import vocabulary as vocab
from core.forms.header import fold
from core.forms.model import TABLE_SCALE, FormTable, IndicatorRow, Value, execution_row

EXECUTION_RATE = "预算执行率"
FUNDS_FIGURES = (("budget", "项目预算数"), ("executed", "项目实际支出"))
DEPARTMENT_FIELDS = ("主管部门", "项目主管部门")


def form_items(form: FormTable, norm: Normalized) -> list[Item]:
    """Claim items of the table: the execution row, then every indicator row with a weight or a score; the
    level cells above a row are its parents (not claims: their weights are `level_weights`)."""
    items: list[Item] = []
    execution = execution_row(form)
    if execution is not None:
        item = _item(EXECUTION_RATE, execution.loc.start, execution.loc.end, norm)
        item.weight, item.score = execution.number("weight"), execution.number("score")
        item.stated = _text(execution.cells.get("rate"))
        items.append(item)
    levels: dict[tuple[str, ...], Item] = {}
    for row in form.indicators:
        if row.number("weight") is not None or row.number("score") is not None:
            items.append(_row_item(row, norm, levels))
    return items


def _row_item(row: IndicatorRow, norm: Normalized, levels: dict[tuple[str, ...], Item]) -> Item:
    # quoted from the name to the last value: the reason text after it is no part of the claim
    end = max((v.loc.end for role, v in row.cells.items() if role != "reason"), default=row.loc.end)
    item = _item(row.name, row.loc.start, end, norm)
    item.weight, item.score = row.number("weight"), row.number("score")
    item.target, item.actual = _text(row.cells.get("target")), _text(row.cells.get("actual"))
    item.stated = item.actual
    parent = _level(row.path[:-1], row.loc.start, norm, levels)
    if parent is not None:
        parent.adopt(item)
    return item


def _level(path: list[str], start: int, norm: Normalized, levels: dict[tuple[str, ...], Item]) -> Item | None:
    """The item of a level path, made once per table with its parents."""
    if not path:
        return None
    key = tuple(path)
    if key not in levels:
        levels[key] = _item(key[-1], start, start, norm)
        parent = _level(path[:-1], start, norm, levels)
        if parent is not None:
            parent.adopt(levels[key])
    return levels[key]


def _item(name: str, start: int, end: int, norm: Normalized) -> Item:
    return Item(name, norm.to_normalized(start), norm.to_normalized(end), source="table")


def _text(value: Value | None) -> str | None:
    return value.text if value is not None and value.text else None


def apply_forms_meta(meta: Meta, forms: list[FormTable], own: bool) -> None:
    """The tables' statements. Where the document is its tables (`own`) the first table's replace what the
    text around suggested and the later ones only fill what it leaves unsaid; tables of several units under
    one 主管部门 (a department's workbook, a sheet per 二级单位) are that department's."""
    for index, form in enumerate(forms):
        apply_meta(meta, form, own and index == 0)
    department = _shared_department(forms)
    if own and department is not None:
        meta.unit, meta.locs["unit"] = department.text, department.loc


def _unit(form: FormTable) -> Value | None:
    return next((v for name in vocab.UNIT_FIELDS if (v := form.fields.get(name)) is not None and fold(v.text)), None)


def _shared_department(forms: list[FormTable]) -> Value | None:
    units = {fold(unit.text) for form in forms if (unit := _unit(form)) is not None}
    departments = [form.fields.get(name) for form in forms for name in DEPARTMENT_FIELDS if name in form.fields]
    named = {fold(d.text) for d in departments if fold(d.text)}
    if len(units) < 2 or len(named) != 1 or len(departments) < len(forms):
        return None
    return departments[0]


def apply_meta(meta: Meta, form: FormTable, own: bool) -> None:
    """The table's statements: unit (实施单位 … 主管部门), year, kind, total and grade. Where the document is
    the table (`own`) they replace what the text around suggested; in a report attaching the table they
    only fill what the report leaves unsaid (a 部门整体 report may attach project tables)."""
    unit = _unit(form)
    year = form.fields.get("年度")
    stated = {"unit": (unit.text, unit.loc) if unit is not None else None,
              "year": (int(year.number), year.loc) if year is not None and year.number is not None else None,
              "kind": (form.kind, (form.title or form).loc) if form.kind is not None else None}
    for name, found in stated.items():
        if found is not None and (own or getattr(meta, name) is None):
            setattr(meta, name, found[0])
            meta.locs[name] = found[1]
    total = form.total_score or _total_in_funds(form)
    if total is not None and total.number is not None:
        meta.claimed_totals.append((total.number, total.loc))
        meta.claimed_totals.sort(key=lambda t: t[1].start)
        if meta.claimed_total is None or own:
            meta.claimed_total, meta.locs["claimed_total"] = total.number, total.loc
    if form.grade is not None:
        meta.claimed_grades.append((form.grade.text, form.grade.loc))
        if meta.claimed_grade is None or own:
            meta.claimed_grade, meta.locs["claimed_grade"] = form.grade.text, form.grade.loc


def _total_in_funds(form: FormTable) -> Value | None:
    row = next((r for r in form.funds if r.kind == "total"), None)
    return row.cells.get("score") if row is not None and row.number("weight") == TABLE_SCALE else None


def form_figures(document: Document, form: FormTable, scope: str | None = None) -> list[figure_vocab.Found]:
    """项目预算数 (全年预算数 / 调整后预算数, A) and 项目实际支出 (全年执行数, B) of the 年度资金总额 row;
    `scope` tells one table's apart from another's where a document holds several (`table_scope`)."""
    row = next((r for r in form.funds if r.kind == "total"), None)
    if row is None or form.loc is None:
        return []
    out = []
    for role, label in FUNDS_FIGURES:
        value = row.cells.get(role)
        if value is None or value.number is None:
            continue
        amount = to_wan_yuan(value.number, form.amount_unit)
        figure = Figure("", figure_vocab.var_of(label), label, amount, AMOUNT, value.loc, scope, "table")
        out.append(figure_vocab.Found(figure, (form.loc.start, form.loc.end)))
    return out


def table_scope(forms: list[FormTable], index: int) -> str | None:
    """What a table's funds figures belong to where a document holds several tables (a department's
    project tables one after the other): its project, else its place; None for a single table, whose
    figures are the report's own. Two tables of one project share a scope, so their figures still meet."""
    if len(forms) < 2:
        return None
    name = forms[index].fields.get("项目名称")
    return name.text if name is not None and fold(name.text) else f"自评表{index + 1}"
