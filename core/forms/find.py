"""Every 自评表 of a document: its grid tables (docx, pdf, xlsx) and the text between them (a table copied
out of Word, cells joined by tabs; in a txt document also one copied from a web page, `stream`), each read by
the one reader."""

from __future__ import annotations

from core.documents.model import Document, Loc
from core.forms import vocabulary as vocab
from core.forms.header import fold
from core.forms.model import FormTable, execution_row
from core.forms.reader import add_notes, read_forms
from core.forms.rows import rows_of_table, rows_of_text
from core.forms.stream import copied_sources


_FUND_SOURCES = frozenset(vocab.FUNDS_PART_LABELS + vocab.FUNDS_GROUP_LABELS)


def find_forms(document: Document) -> list[FormTable]:
    tables = sorted((t for t in document.tables if t.start >= 0), key=lambda t: t.start)
    forms: list[FormTable] = []
    previous_end = 0
    for index, table in enumerate(tables):
        next_start = tables[index + 1].start if index + 1 < len(tables) else len(document.text)
        forms += _text_forms(document, previous_end, table.start)
        forms += read_forms(rows_of_table(table, document.text, previous_end, next_start), document.page_of)
        previous_end = max(previous_end, table.end)
    forms += _text_forms(document, previous_end, len(document.text))
    forms = [form for form in _halves_joined(forms) if is_self_evaluation(form)]
    _notes_apart(document, tables, forms)
    return forms


def _notes_apart(document: Document, tables: list, forms: list[FormTable]) -> None:
    """A table holding no form, after one that does (a workbook's 填报说明 sheet): its notes are that form's."""
    for index, table in enumerate(tables):
        before = [f for f in forms if f.loc is not None and f.loc.end <= table.start]
        if before and not any(f.loc is not None and f.loc.start < table.end and table.start < f.loc.end
                              for f in forms):
            end = tables[index + 1].start if index + 1 < len(tables) else len(document.text)
            add_notes(before[-1], rows_of_table(table, document.text, table.start, end).rows, document.page_of)


def _halves_joined(forms: list[FormTable]) -> list[FormTable]:
    """One table written as two (the funds block in one Word table, the indicator grid in the next, in
    either order; or a grid cut short and continued in a 续表 that repeats its header): the second half,
    without a title or header fields of its own, joins the first."""
    out: list[FormTable] = []
    for form in forms:
        first = out[-1] if out else None
        if first is not None and form.title is None and (
                (not first.indicators and form.indicators and not form.funds)
                or (not first.funds and form.funds and not form.indicators)
                or _continued(first, form)):
            out[-1] = _join(first, form)
        else:
            out.append(form)
    return out


def _continued(first: FormTable, form: FormTable) -> bool:
    """A grid that stopped before its 总分 row, then a grid alone (no funds, no header fields): its rest."""
    return bool(first.indicators and not first.complete and form.indicators and not form.funds
                and not form.fields)


def _join(first: FormTable, second: FormTable) -> FormTable:
    first.fields = {**second.fields, **first.fields}
    first.funds += second.funds
    first.indicators += second.indicators
    first.level_weights += second.level_weights
    first.notes += second.notes
    for name in ("total_weight", "total_score", "grade"):
        setattr(first, name, getattr(first, name) or getattr(second, name))
    first.complete = first.complete or second.complete
    if first.loc is not None and second.loc is not None:
        first.loc = Loc(first.loc.start, max(first.loc.end, second.loc.end), first.loc.page)
    return first


def _text_forms(document: Document, start: int, end: int) -> list[FormTable]:
    """Tables copied out of Word (tab-separated rows) and, in a txt document, tables whose copy lost the rows
    (a web page's pipes, spaces, one cell per line): the reading that finds more weights and scores (tabs
    first; a reading that cut rows apart finds more rows, each with less)."""
    tabbed = read_forms(rows_of_text(document.text, start, end), document.page_of) \
        if "\t" in document.text[start:end] else []
    if document.format != "txt":
        return tabbed
    copied = [form for source in copied_sources(document.text, start, end)
              for form in read_forms(source, document.page_of)]
    return copied if _fit(copied) > _fit(tabbed) else tabbed


def _fit(forms: list[FormTable]) -> tuple[bool, int]:
    """How well a reading fits its tables: rows whose weights add to the stated 总分 first (a reading that cut
    a row apart adds a weight too many), then the weights and scores it found."""
    points = sum(row.number(role) is not None for form in forms for row in [*form.indicators, *form.funds]
                 for role in ("weight", "score"))
    return bool(forms) and all(map(_weights_add_up, forms)), points


def _weights_add_up(form: FormTable) -> bool:
    execution = execution_row(form)
    weights = [row.number("weight") for row in form.indicators if not row.not_applicable]
    weights += [execution.number("weight")] if execution is not None else []
    stated = form.total_weight.number if form.total_weight is not None else None
    return stated is not None and None not in weights and sum(weights) == stated


def is_self_evaluation(form: FormTable) -> bool:
    """A 自评表 rather than a report's scoring sheet (评分表, read with the report's claims): it has a funds
    block, states targets and results, or is titled so (a county scoring sheet named 自评表). A list of
    projects' or units' budgets and totals (a 汇总表: amounts keyed by no fund source, scored rows, no
    indicator) is none."""
    if _summary_list(form):
        return False
    titled = form.title is not None and any(word in fold(form.title.text) for word in vocab.FORM_TITLES)
    return titled or any(row.kind == "total" for row in form.funds) or any(
        "target" in row.cells or "actual" in row.cells for row in form.indicators)


def _summary_list(form: FormTable) -> bool:
    parts = [row for row in form.funds if row.kind == "part"]
    return (not form.indicators and any(row.number("score") is not None for row in parts)
            and not any(row.label in _FUND_SOURCES for row in parts))


def mostly_forms(document: Document, forms: list[FormTable]) -> bool:
    """The document is its 自评表 (a title and header lines around them), not a report attaching one: the
    table's own statements (unit, year, kind) then win over what the text around suggests."""
    inside = sum(len("".join(document.text[f.loc.start:f.loc.end].split())) for f in forms if f.loc)
    return bool(forms) and inside * 2 >= len("".join(document.text.split()))
