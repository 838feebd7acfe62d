"""The three forms of a report give the same text to extraction (after NFKC, ignoring whitespace)."""

import functools
import re
import unicodedata

import pytest

from conftest import FORMS, REPORT_IDS, SCORESHEET_ID, gold, sample
from core.documents import load


@functools.lru_cache
def flat_text(form, report_id):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", load(sample(form, report_id)).text))


def gold_quotes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str):
                yield value
            else:
                yield from gold_quotes(value)
    elif isinstance(node, list):
        for item in node:
            yield from gold_quotes(item)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", REPORT_IDS + [SCORESHEET_ID])
def test_every_gold_quote_is_in_every_form(form, report_id):
    quotes = list(gold_quotes(gold(report_id)))
    assert quotes
    text = flat_text(form, report_id)
    missing = [q for q in quotes if re.sub(r"\s+", "", unicodedata.normalize("NFKC", q)) not in text]
    assert missing == []


@pytest.mark.parametrize("form", FORMS)
def test_baojing_staff_control_sentence_in_every_form(form):
    assert "在职人员控制率=(7/8)×100%=100%≦100%" in flat_text(form, "baojing-2019-dept")


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_pdf_text_covers_the_docx_text(report_id):
    from difflib import SequenceMatcher

    ratio = SequenceMatcher(None, flat_text("docx", report_id), flat_text("pdf", report_id), autojunk=False).ratio()
    assert ratio > 0.99
