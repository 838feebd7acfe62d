"""Extraction: what a report claims (meta, claims) and the base figures it states, each with its span.

`extract(document)` reads a loaded Document; `map_claims` and `choose_framework` relate the claims to the
built-in frameworks (domain.md §4).
"""

from __future__ import annotations

from core.documents.model import Document
from core.extraction.model import Extraction


def extract(document: Document) -> Extraction:
    from core.extraction.claims import extract_claims
    from core.extraction.figures import extract_figures
    from core.extraction.meta import extract_meta
    from core.extraction.normalize import normalize_report
    from core.forms.find import find_forms, mostly_forms
    from core.extraction.form_claims import apply_forms_meta, form_figures, form_items, table_scope

    norm = normalize_report(document.text)
    forms = find_forms(document)
    meta = extract_meta(document, norm)
    spans = [(form.loc.start, form.loc.end) for form in forms]
    read = extract_claims(document, norm, [item for form in forms for item in form_items(form, norm)], spans)
    if meta.claimed_total is None and read.table_totals:
        meta.claimed_total, meta.locs["claimed_total"] = read.table_totals[-1]
    meta.claimed_totals = sorted(meta.claimed_totals + read.table_totals, key=lambda total: total[1].start)
    apply_forms_meta(meta, forms, mostly_forms(document, forms))
    found_in_forms = [found for index, form in enumerate(forms)
                      for found in form_figures(document, form, table_scope(forms, index))]
    figures = extract_figures(document, meta.kind, found_in_forms, spans)
    return Extraction(meta=meta, claims=read.claims, figures=figures, forms=forms)


def map_claims(extraction: Extraction, framework) -> None:
    from core.extraction.mapping import map_claims as _map

    _map(extraction, framework)


def choose_framework(extraction: Extraction) -> str:
    from core.extraction.choose import choose_framework as _choose

    return _choose(extraction)


def framework_choice(extraction: Extraction):
    """The chosen framework with how certain the choice is and the other candidates (choose.FrameworkChoice)."""
    from core.extraction.choose import framework_choice as _choice

    return _choice(extraction)
