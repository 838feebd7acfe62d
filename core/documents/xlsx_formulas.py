"""Formulas stored without a cached value (a workbook a program wrote and no spreadsheet ever recalculated).

openpyxl's cached-value mode shows such a cell as empty. The simple formulas a 自评表 uses — SUM over
ranges and cells, + − × ÷ of cells and numbers — are evaluated here so that the number is not lost;
anything else (other functions, other sheets, text) stays empty rather than guessed.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

# Only sheets whose XML has a formula element are parsed a second time.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Positions one SUM range may cover (a whole-column range is clipped to the sheet's used rows first).
MAX_RANGE_CELLS = 100_000
_ARITHMETIC = {"+", "-", "*", "/"}


def uncached_formulas(archive: zipfile.ZipFile, reader) -> dict[str, "FormulaCells"]:
    """Sheet title → its formulas that have no cached value, for the sheets that have any."""
    out = {}
    for sheet, rel in reader.parser.find_sheets():
        path = rel.target.lstrip("/")
        if sheet.name not in reader.wb.sheetnames or path not in archive.namelist():
            continue
        xml = archive.read(path)
        if not _FORMULA_TAG.search(xml):
            continue
        formulas = _formulas_without_values(xml)
        if formulas:
            out[sheet.name] = FormulaCells(reader.wb[sheet.name], formulas)
    return out


def _formulas_without_values(xml: bytes) -> dict[str, str]:
    """Cell reference → formula text (without '=') of every formula cell lacking a `<v>`; a shared
    formula's dependents get the master's formula translated to their own position."""
    from lxml import etree
    from openpyxl.formula.translate import Translator

    masters: dict[str, tuple[str, str]] = {}  # shared index → (master cell, formula)
    pending: dict[str, tuple[str, str | None]] = {}  # cell → (own formula text, shared index)
    for _, element in etree.iterparse(io.BytesIO(xml), tag="{*}c", resolve_entities=False, no_network=True):
        formula = element.find("{*}f")
        value = element.find("{*}v")
        reference = element.get("r")
        if formula is not None and reference:
            shared = formula.get("si") if formula.get("t") == "shared" else None
            if shared is not None and formula.text:
                masters[shared] = (reference, formula.text)
            if value is None or not (value.text or "").strip():
                pending[reference] = (formula.text or "", shared)
        element.clear()
    out = {}
    for reference, (text, shared) in pending.items():
        if not text and shared in masters:
            origin, master = masters[shared]
            text = Translator("=" + master, origin=origin).translate_formula(reference).lstrip("=")
        if text:
            out[reference] = text
    return out


class FormulaCells:
    """Evaluates one sheet's uncached formulas on demand, each once; a circular reference has no value."""

    def __init__(self, sheet, formulas: dict[str, str]):
        self.sheet = sheet
        self.formulas = formulas
        self._values: dict[str, Decimal | None] = {}
        self._busy: set[str] = set()

    def value(self, reference: str) -> Decimal | None:
        if reference not in self.formulas or reference in self._busy:
            return None
        if reference not in self._values:
            self._busy.add(reference)
            try:
                self._values[reference] = self._evaluate(self.formulas[reference])
            finally:
                self._busy.discard(reference)
        return self._values[reference]

    def _evaluate(self, formula: str) -> Decimal | None:
        """Rewrite the formula into the scoring module's safe arithmetic, with every reference replaced
        by its number (a SUM by its total), and evaluate that."""
        from openpyxl.formula import Tokenizer

        from core.rulebook.formula import FormulaError, evaluate

        try:
            tokens = Tokenizer("=" + formula).items
        except Exception:  # openpyxl's tokenizer rejects unbalanced text with several exception types
            return None
        parts: list[str] = []
        sums = 0  # open SUM( calls around the current token
        for token in tokens:
            if token.type == "WHITE-SPACE":
                continue
            piece = self._piece(token, sums > 0)
            if piece is None:
                return None
            sums += {"SUM(": 1, ")SUM": -1}.get(piece, 0)
            parts.append({"SUM(": "(", ")SUM": ")"}.get(piece, piece))
        try:
            outcome = evaluate("".join(parts), {})
        except FormulaError:
            return None
        return outcome.value if outcome.status == "ok" else None

    def _piece(self, token, inside_sum: bool) -> str | None:
        """The arithmetic text standing for one token; None for anything this evaluator does not take."""
        kind, value = token.type, token.value
        if kind == "OPERAND" and token.subtype == "NUMBER":
            return value
        if kind == "OPERAND" and token.subtype == "RANGE" and "!" not in value:
            reference = value.replace("$", "")
            number = self._range_sum(reference) if ":" in reference and inside_sum else self._number(reference)
            return None if number is None else f"({format(number, 'f')})"
        if kind == "FUNC":
            if token.subtype == "OPEN":
                return "SUM(" if value.upper() == "SUM(" else None
            return ")SUM"
        if kind == "SEP" and token.subtype == "ARG" and inside_sum:
            return "+"
        if kind in ("OPERATOR-INFIX", "OPERATOR-PREFIX") and value in _ARITHMETIC:
            return "" if value == "+" and kind == "OPERATOR-PREFIX" else value
        if kind == "PAREN":
            return value
        return None

    def _number(self, reference: str) -> Decimal | None:
        """A referenced cell's number: stored, or computed; 0 when empty (as Excel counts it); None for text."""
        from openpyxl.utils.cell import coordinate_to_tuple

        try:
            position = coordinate_to_tuple(reference)
        except (ValueError, TypeError):
            return None
        cell = self.sheet._cells.get(position)  # never sheet.cell(): it would create the cell
        stored = cell.value if cell is not None else None
        if stored is None:
            return self.value(reference) if reference in self.formulas else Decimal(0)
        if isinstance(stored, (int, float)) and not isinstance(stored, bool):
            return Decimal(repr(stored)) if isinstance(stored, float) else Decimal(stored)
        return None

    def _range_sum(self, reference: str) -> Decimal | None:
        """SUM over a range: numbers added, text and empty cells skipped (as Excel does)."""
        from openpyxl.utils.cell import get_column_letter, range_boundaries

        try:
            min_col, min_row, max_col, max_row = range_boundaries(reference)
        except (ValueError, TypeError):
            return None
        min_col, min_row = min_col or 1, min_row or 1
        max_col, max_row = min(max_col or self.sheet.max_column, self.sheet.max_column), \
            min(max_row or self.sheet.max_row, self.sheet.max_row)
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_RANGE_CELLS:
            return None
        total = Decimal(0)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                if (row, col) not in self.sheet._cells:
                    continue
                number = self._number(f"{get_column_letter(col)}{row}")
                if number is None and f"{get_column_letter(col)}{row}" in self.formulas:
                    return None  # a formula we cannot evaluate: its share of the sum is unknown
                total += number or 0
        return total
