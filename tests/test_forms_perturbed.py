"""Metamorphic tests of the 自评表 reader: the development tables rewritten the ways real local variants differ
(tools/perturb_forms.py) — and written as Word tables, Excel sheets or copied text — give the same claims."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("perturb_forms", ROOT / "tools" / "perturb_forms.py")
perturb_forms = sys.modules.setdefault("perturb_forms", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(perturb_forms)

FORM_IDS = perturb_forms.FORM_IDS
REWRITES = list(perturb_forms.REWRITES)
# every rewrite as copied text on every table; as a Word and an Excel file on two tables each, in turn
FILE_CASES = [(name, form, FORM_IDS[(i + (form == "xlsx")) % len(FORM_IDS)])
              for i, name in enumerate(REWRITES) for form in ("docx", "xlsx")]


@cache
def original(form_id: str) -> tuple:
    grid = perturb_forms.grid_of(form_id)
    return tuple(perturb_forms.claims_of(perturb_forms.render(grid, "txt", _tmp(), f"{form_id}-original")))


@cache
def _tmp():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp(prefix="perturb_forms_"))


def _check(form_id: str, grid, form: str, name: str, **options) -> None:
    want = original(form_id)
    assert len(want) >= 6  # the comparison is about real claims
    document = perturb_forms.render(grid, form, _tmp(), f"{form_id}-{name}", **options)
    assert tuple(perturb_forms.claims_of(document)) == want


def _changes(form_id: str, name: str) -> bool:
    """False where the table already has the layout (split_target on a table that splits its target)."""
    return perturb_forms.REWRITES[name](perturb_forms.grid_of(form_id)).rows != perturb_forms.grid_of(form_id).rows


@pytest.mark.parametrize("form_id, name", [(f, n) for f in FORM_IDS for n in REWRITES if _changes(f, n)])
def test_a_rewritten_table_copied_as_text_gives_the_same_claims(form_id, name):
    _check(form_id, perturb_forms.REWRITES[name](perturb_forms.grid_of(form_id)), "txt", name)


@pytest.mark.parametrize("name, form, form_id", FILE_CASES)
def test_a_rewritten_table_as_a_file_gives_the_same_claims(name, form, form_id):
    _check(form_id, perturb_forms.REWRITES[name](perturb_forms.grid_of(form_id)), form, name)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_second_sheet_first_and_numbers_stored_as_text(form_id):
    options = perturb_forms.XlsxOptions(numbers_as_text=True, cover_sheet=True)
    _check(form_id, perturb_forms.grid_of(form_id), "xlsx", "sheets", options=options)


def test_sum_formulas_in_the_total_row_give_the_total():
    from core.extraction import extract

    form_id = next(i for i in FORM_IDS if any(perturb_forms._total_row(r) for r in perturb_forms.grid_of(i).rows))
    grid = perturb_forms.grid_of(form_id)
    options = perturb_forms.XlsxOptions(sum_formulas=True)
    _check(form_id, grid, "xlsx", "sum", options=options)
    document = perturb_forms.render(grid, "xlsx", _tmp(), "sum-total", options=options)
    [table] = extract(document).forms
    assert (table.total_weight.number, table.total_score.number) == (100, 100)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_ocr_damage_in_the_score_columns_of_copied_text(form_id):
    text = perturb_forms.to_text(perturb_forms.grid_of(form_id), ocr=True)
    assert "\tIO\t" in text
    _check(form_id, perturb_forms.grid_of(form_id), "txt", "ocr", ocr=True)
