"""One report, analysed without a window: open_report builds the session, to_json prints it (cli.md)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping

from core import APP_NAME, __version__
from core.analysis_budget import budget
from core.documents.model import SHEET_FORMATS, Document
from core.extraction.model import Loc
from core.errors import CodedError
from core.review.session import ReviewSession
from core.scoring.result import IndicatorResult, Totals

SCHEMA = "analysis/1"


class AnalysisError(CodedError):
    """A command-line input that cannot be used. `code`: UNKNOWN_VARIABLE | BAD_VALUE."""


def open_report(path: str | Path, template: str | None = None, sets: Mapping[str, str] | None = None,
                review: str | Path | None = None, password: str | None = None,
                reviewer: str | None = None) -> ReviewSession:
    """load (with `password` for an encrypted file) → extract → framework → session; then the saved
    review, then the --set values.

    Raises DocumentError (load), FrameworkError (template), ReviewFileError (review) or AnalysisError.
    A review made on a different version of the report is re-anchored, with a warning in
    `session.warnings`. `reviewer` is named in the changes and the outputs.
    """
    from core.documents import load
    from core.review.opening import start_session

    with budget():
        document = load(Path(path), password=password)
        session = (start_session(document, template, reviewer=reviewer) if review is None
                   else _from_review(document, Path(review), template, reviewer))
    for name, raw in (sets or {}).items():
        var = resolve_variable(session, name)
        session.set_value(var, parse_value(raw, session.framework.variables.get(var)), origin="entered")
    return session


def _from_review(document, review_path: Path, template: str | None, reviewer: str | None) -> ReviewSession:
    from core.frameworks import load_framework
    from core.review.opening import session_from_review
    from core.review.storage import read_review

    data = read_review(review_path)
    session, lost = session_from_review(document, data, load_framework(template) if template else None,
                                        reviewer=reviewer)
    if document.sha256 != data.source.get("sha256"):
        session.warnings.append(
            f"REVIEW_SOURCE_CHANGED: 复核文件 {review_path.name} 对应的报告内容已变化，已重新定位"
            + (f"；{len(lost)} 个数值未能定位：{'、'.join(session.variable_label(v) for v in lost)}" if lost else ""))
    session.review_path = review_path
    return session


def resolve_variable(session: ReviewSession, name: str) -> str:
    """A variable id, its Chinese label or one of its synonyms → the id."""
    name = unicodedata.normalize("NFKC", name).strip()
    variables = session.framework.variables
    if name in variables:
        return name
    for var in variables.values():
        if name == var.label or name in var.synonyms:
            return var.id
    raise AnalysisError("UNKNOWN_VARIABLE", f"指标体系“{session.framework.name}”中没有变量“{name}”。"
                                            "请使用变量编号或中文名称（见分析结果 indicators 的 inputs）。")


def parse_value(raw: Any, variable=None) -> Decimal:
    """"7", "７", "87.5%", "1,234.5万元" → Decimal; the variable's own unit may follow the number."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    for unit in ([variable.unit] if variable is not None and variable.unit else []) + ["%"]:
        if unit and text.endswith(unit):
            text = text[: -len(unit)].strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise AnalysisError("BAD_VALUE", f"“{raw}”不是数字。请填写数值，如 7 或 87.5%。")
    return value


def warm_up() -> None:
    """Import the analysis pipeline and read the frameworks ahead of the first open (about half a
    second that the first report would otherwise wait for)."""
    import pypdfium2  # noqa: F401 -- the PDF loader imports it on first use

    import core.checks
    import core.documents
    import core.extraction
    import core.review.opening
    import core.scoring.engine  # noqa: F401
    from core.frameworks import list_frameworks, load_framework

    for framework_id, _name in list_frameworks():
        load_framework(framework_id)


def template_list() -> str:
    """`--template list`: one framework per line, id and name separated by a tab."""
    from core.frameworks import list_frameworks

    return "".join(f"{fid}\t{name}\n" for fid, name in list_frameworks())


# ---- the analysis JSON -------------------------------------------------------------------------

def number(value: Decimal | int | None) -> int | float | None:
    """JSON number: an integral Decimal as int, otherwise float; None (and ±∞) as null."""
    if value is None or isinstance(value, int):
        return value
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def plain(value: Any) -> Any:
    """Decimals anywhere inside dicts/lists (cap, deviation) → JSON numbers."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def loc_json(loc: Loc | None, document: Document) -> dict | None:
    """A cli.md loc; on a workbook it also names the cell the span points at ("Sheet1!D12")."""
    if loc is None:
        return None
    out = loc.to_json()
    if document.format in SHEET_FORMATS:
        out["cell"] = document.cell_ref(loc.start, loc.end)
    return out


def to_json(session: ReviewSession) -> dict:
    """The analysis JSON of cli.md, from the session's current state and result."""
    return {
        "schema": SCHEMA,
        "app": {"name": APP_NAME, "version": __version__},
        "source": _source(session),
        "meta": _meta(session),
        "claims": _claims(session),
        "figures": _figures(session),
        "framework": {"id": session.framework.id, "name": session.framework.name,
                      "version": session.framework.version},
        "indicators": [_indicator(r) for r in session.result.indicators],
        "totals": _totals(session.result.totals),
        "findings": [_finding(f, session.document) for f in session.findings],
    }


def _source(session: ReviewSession) -> dict:
    doc = session.document
    return {"name": doc.name, "sha256": doc.sha256, "format": doc.format, "encoding": doc.encoding,
            "pages": len(doc.pages), "chars": len(doc.text), "tables": len(doc.tables),
            "text_layer": doc.text_layer, "ocr_pages": list(doc.ocr_pages),
            "warnings": list(doc.warnings) + list(session.warnings)}


def _meta(session: ReviewSession) -> dict:
    meta = session.extraction.meta
    keys = ("unit", "year", "claimed_total", "claimed_grade")
    return {"unit": meta.unit, "year": meta.year, "kind": meta.kind, "report_date": meta.report_date,
            "claimed_total": number(meta.claimed_total), "claimed_grade": meta.claimed_grade,
            "loc": {k: loc_json(meta.locs.get(k), session.document) for k in keys}}


def _claims(session: ReviewSession) -> list[dict]:
    return [{"id": c.id, "path": list(c.path), "name": c.name, "weight": number(c.weight),
             "claimed_score": number(c.claimed_score), "stated_value": c.stated_value,
             "indicator": session.claim_map.get(c.id), "loc": loc_json(c.loc, session.document)}
            for c in session.extraction.claims]


@dataclass
class _FigureRow:
    id: str
    var: str | None
    label: str
    scope: str | None
    value: Decimal | None
    unit: str | None
    origin: str
    alternatives: list
    loc: Loc | None

    def to_json(self, document: Document) -> dict:
        return {"id": self.id, "var": self.var, "label": self.label, "scope": self.scope,
                "value": number(self.value), "unit": self.unit, "origin": self.origin,
                "alternatives": [{"value": number(a.value), "loc": loc_json(a.loc, document)}
                                 for a in self.alternatives],
                "loc": loc_json(self.loc, document)}


def _figures(session: ReviewSession) -> list[dict]:
    """Extracted figures in document order, the one a variable uses showing the session's value;
    then values the reviewer entered that the report does not state."""
    rows = []
    used = {vv.figure_id: vv for vv in session.values.values() if vv.figure_id}
    for fig in session.extraction.figures:
        vv = used.get(fig.id)
        if vv is None:
            rows.append(_FigureRow(fig.id, fig.var, fig.label, fig.scope, fig.value, fig.unit, fig.origin,
                                   list(fig.alternatives), fig.loc))
        else:
            rows.append(_FigureRow(fig.id, fig.var, fig.label, fig.scope, vv.value, fig.unit, vv.origin,
                                   list(vv.alternatives), vv.loc))
    for var, vv in session.values.items():
        if vv.figure_id is None:
            variable = session.framework.variables.get(var)
            rows.append(_FigureRow(f"v:{var}", var, session.variable_label(var), None, vv.value,
                                   variable.unit if variable else None, vv.origin, list(vv.alternatives), vv.loc))
    return [row.to_json(session.document) for row in rows]


def _indicator(r: IndicatorResult) -> dict:
    return {"id": r.id, "path": list(r.path), "weight": number(r.weight), "rule": r.rule,
            "inputs": {k: number(v) for k, v in r.inputs.items()}, "value": number(r.value),
            "score": number(r.score), "status": r.status, "explanation": r.explanation,
            "claimed_score": number(r.claimed_score), "difference": number(r.difference),
            "comment": r.comment}


def _totals(t: Totals) -> dict:
    return {"max": number(t.max), "claimed": number(t.claimed), "reviewed": number(t.reviewed),
            "difference": number(t.difference), "grade_claimed": t.grade_claimed,
            "grade_reviewed": t.grade_reviewed, "status": t.status,
            "range": [number(t.provisional_min), number(t.provisional_max)],
            "levels": [{"path": list(lv.path), "weight": number(lv.weight), "claimed": number(lv.claimed),
                        "reviewed": number(lv.reviewed)} for lv in t.levels],
            "cap": plain(t.cap), "deviation": plain(t.deviation)}


def _finding(f, document: Document) -> dict:
    return {"id": f.id, "code": f.code, "severity": f.severity, "message": f.message, "about": f.about,
            "stated": f.stated, "expected": f.expected, "locs": [loc_json(loc, document) for loc in f.locs]}
