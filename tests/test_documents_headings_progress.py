"""Document.headings (docx heading styles, larger PDF lines) and load(progress=...) with cancelling."""

from __future__ import annotations

import pytest
from conftest import REPORT_IDS, sample

from core.documents import DocumentError, LoadCancelled, load


def test_docx_heading_styles_become_leveled_headings():
    document = load(sample("docx", "baojing-2019-dept"))
    headings = [(document.text[s:e], level) for s, e, level in document.headings]
    assert ("一、基本概况", 1) in headings
    assert ("(一)2019年预算情况", 2) in headings
    assert ("1、2019年部门决算收支总体情况", 3) in headings
    for start, end, _level in document.headings:
        assert document.text[end] == "\n" and (start == 0 or document.text[start - 1] == "\n")


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_heading_spans_are_whole_short_lines_in_every_docx_and_pdf(report_id):
    for form in ("docx", "pdf"):
        document = load(sample(form, report_id))
        for start, end, level in document.headings:
            assert 1 <= level and 0 <= start < end <= len(document.text)
            assert "\n" not in document.text[start:end].strip()


def test_pdf_title_set_larger_than_the_body_is_a_heading():
    document = load(sample("pdf", "baojing-2019-dept"))
    assert [(document.text[s:e], level) for s, e, level in document.headings] == [("绩效评价报告", 1)]
    assert load(sample("txt", "baojing-2019-dept")).headings == []


def test_progress_is_reported_per_pdf_page_and_once_for_other_formats():
    calls = []
    document = load(sample("pdf", "baojing-2019-dept"), progress=lambda done, total, step: calls.append((done, total)))
    pages = len(document.pages)
    assert calls == [(n, pages) for n in range(1, pages + 1)]
    calls.clear()
    load(sample("docx", "baojing-2019-dept"), progress=lambda done, total, step: calls.append((done, total)))
    assert calls == [(1, 1)]


def test_raising_load_cancelled_from_progress_stops_the_load():
    seen = []

    def cancel_at_three(done, total, step):
        seen.append(done)
        if done == 3:
            raise LoadCancelled()

    with pytest.raises(LoadCancelled) as raised:
        load(sample("pdf", "baojing-2019-dept"), progress=cancel_at_three)
    assert seen == [1, 2, 3]
    assert not isinstance(raised.value, DocumentError)
