"""Base figures (domain.md §3) read from a report's prose and tables, one Figure per (label, scope, value)."""

from __future__ import annotations

import re

from core.documents.model import Document
from core.extraction.absent_figures import absent_figures
from dataclasses import replace

from core.extraction.figure_labels import (
    PROJECT_ACTUAL_SOURCES,
    PROJECT_BUDGET_SOURCES,
    PROJECT_SPECS,
    SPECS,
    Found,
    var_of,
)
from core.extraction.formula_figures import formula_figures
from core.extraction.model import Alternative, Figure
from core.extraction.numbers import unwrap_numbers
from core.extraction.prose_figures import prose_figures
from core.extraction.table_figures import table_figures
from core.extraction.table_reading import Spans, read_tables


PROJECT = "项目支出"
REMARK_HEADER_RE = re.compile(r"原因|备注|说明")


def extract_figures(document: Document, kind: str | None = None, form_figures: list[Found] = (),
                    form_spans: list[tuple[int, int]] = ()) -> list[Figure]:
    """`kind` is the report's (meta.kind): a project report's budget and spending are its project's.
    `form_figures`: the funds figures core.forms read from the document's 自评表 (`form_spans`, whose
    cells are no prose)."""
    norm = unwrap_numbers(document.text)
    readings = read_tables(document)
    specs = SPECS + PROJECT_SPECS if kind == PROJECT else SPECS
    not_prose = Spans([(r.table.start, r.table.end) for r in readings] + list(form_spans))
    stated = (prose_figures(document, norm, not_prose, specs, remark_cells(document)) + table_figures(document, readings)
              + list(form_figures))
    stated += formula_figures(document, norm, stated, specs)
    if kind == PROJECT:
        stated += _project_money(stated)
    return _merge(stated + _unstated(absent_figures(document, norm), stated))


def remark_cells(document: Document) -> Spans:
    """The cells of a table's remark column (扣分原因, 备注, 说明): sentences that state figures as prose does
    ("满意度调查结果91.8%")."""
    spans = []
    for table in document.tables:
        columns = {c.col for c in table.cells if c.row == 0 and REMARK_HEADER_RE.search(c.text)}
        spans += [(c.start, c.end) for c in table.cells if c.row > 0 and c.col in columns and c.start >= 0]
    return Spans(spans)


def _project_money(stated: list[Found]) -> list[Found]:
    """The project's budget and spending where the report gives them only as the year's (预算, 支出)."""
    labels = {f.figure.label for f in stated}
    out = []
    for target, sources in (("项目预算数", PROJECT_BUDGET_SOURCES), ("项目实际支出", PROJECT_ACTUAL_SOURCES)):
        if target in labels:
            continue
        source = next((f for label in sources for f in stated if f.figure.label == label), None)
        if source is not None:
            figure = replace(source.figure, label=target, var=var_of(target), scope=None, alternatives=[])
            out.append(replace(source, figure=figure))
    return out


def _unstated(absent: list[Found], stated: list[Found]) -> list[Found]:
    """Zeros from "无政府采购" only where the report states no value for the figure: a stated amount wins."""
    labels = {f.figure.label for f in stated}
    return [f for f in absent if f.figure.label not in labels]


def _merge(found: list[Found]) -> list[Figure]:
    """One figure per (label, scope, value), located at its first statement in words (whose quote
    shows the label), else at its first table cell; an unscoped repeat of a figure given on one basis
    takes that basis; figures sharing (label, scope) with other values list them as alternatives
    (never one chosen silently)."""
    scopes: dict[tuple, set] = {}
    for f in found:
        if f.figure.scope:
            scopes.setdefault((f.figure.label, f.figure.value), set()).add(f.figure.scope)
    kept: dict[tuple, Figure] = {}
    for f in sorted(found, key=lambda f: (f.figure.origin == "table", f.figure.loc.start)):
        fig = f.figure
        same = scopes.get((fig.label, fig.value), set())
        if fig.scope is None and len(same) == 1:  # the same figure stated again without its basis
            fig.scope = next(iter(same))
        kept.setdefault((fig.label, fig.scope, fig.value), fig)
    figures = sorted(kept.values(), key=lambda fig: fig.loc.start)
    for i, fig in enumerate(figures, 1):
        fig.id = f"f{i}"
        fig.alternatives = [Alternative(o.value, o.loc) for o in figures
                            if o is not fig and o.label == fig.label and o.scope == fig.scope]
    return figures
