"""Every size and count is checked before it is allocated, every pass is linear, every analysis has a
budget: hostile files end with one typed error (TOO_LARGE, TOO_COMPLEX, CORRUPT_FILE) or load."""

import io
import re
import struct
import zipfile
from decimal import Decimal

import pytest

import core.documents as documents
import core.documents.isolated as isolated
from core.analysis import open_report, to_json
from core.analysis_budget import TooComplex, budget
from core.documents import DocumentError, load
from conftest import SAMPLES, sample

DOCUMENT_XML = "word/document.xml"


def rezipped(source, replace: dict[str, bytes], declared: dict[str, int] | None = None) -> bytes:
    """`source` docx with some members replaced; `declared` overwrites the uncompressed sizes its zip
    headers state (a lying zip), without touching the data."""
    with zipfile.ZipFile(source) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members.update(replace)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    for name, size in (declared or {}).items():
        encoded = name.encode()
        for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = 0
            while (at := data.find(signature, at)) >= 0:
                name_offset = 30 if signature == b"PK\x03\x04" else 46
                if data[at + name_offset:at + name_offset + len(encoded)] == encoded:
                    data[at + size_offset:at + size_offset + 4] = struct.pack("<I", size)
                at += 4
    return bytes(data)


def load_error(loading) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        loading()
    return caught.value


def body_xml(docx_path) -> bytes:
    with zipfile.ZipFile(docx_path) as archive:
        return archive.read(DOCUMENT_XML)


def load_bytes(tmp_path, data: bytes, suffix: str):
    path = tmp_path / f"case{suffix}"
    path.write_bytes(data)
    return load(path)


def test_a_grid_span_of_ten_to_the_twenty_is_refused_before_any_grid_is_built(tmp_path):
    source = sample("docx", "wugang-2020-dept")
    xml = body_xml(source).replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000000000000000"/>', 1)
    error = load_error(lambda: load_bytes(tmp_path, rezipped(source, {DOCUMENT_XML: xml}), ".docx"))
    assert error.code == "TOO_LARGE" and "1000 列" in error.message


def test_non_numeric_list_levels_and_spans_read_as_word_reads_them(tmp_path):
    source = sample("docx", "wugang-2020-dept")
    xml = body_xml(source).replace(b"<w:pPr>", b'<w:pPr><w:numPr><w:ilvl w:val="\xe4\xb8\x80"/>'
                                               b'<w:numId w:val="1e9"/></w:numPr>', 1)
    xml = xml.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="-3"/>', 1)
    document = load_bytes(tmp_path, rezipped(source, {DOCUMENT_XML: xml}), ".docx")
    assert "绩效" in document.text and document.tables[0].cells[0].colspan == 1


def test_sizes_a_zip_declares_are_checked_before_a_member_is_read(tmp_path):
    source = sample("docx", "kaoping-20xx-project")
    declared_huge = rezipped(source, {"word/media/huge.bin": b"\0" * 1000}, declared={"word/media/huge.bin": 2 ** 31})
    error = load_error(lambda: load_bytes(tmp_path, declared_huge, ".docx"))
    assert error.code == "TOO_LARGE" and "解压后" in error.message


def test_a_member_that_inflates_past_its_declared_size_is_corrupt_not_read(tmp_path):
    source = sample("docx", "kaoping-20xx-project")
    inflating = rezipped(source, {"word/styles.xml": bytes(64 * 1024 * 1024)}, declared={"word/styles.xml": 1000})
    assert len(inflating) < 1024 * 1024  # 64 MB of zeros deflate to ~64 kB
    error = load_error(lambda: load_bytes(tmp_path, inflating, ".docx"))
    assert error.code == "CORRUPT_FILE"


def test_an_oversized_document_xml_is_refused_by_its_declared_size(tmp_path, monkeypatch):
    import core.documents.sniff as sniff

    monkeypatch.setattr(sniff, "_MAX_DOCUMENT_XML_BYTES", 10_000)
    error = load_error(lambda: load(sample("docx", "kaoping-20xx-project")))
    assert error.code == "TOO_LARGE" and "文档正文超过" in error.message


def test_deep_nesting_is_too_complex_not_a_recursion_error(tmp_path):
    source = sample("docx", "kaoping-20xx-project")
    nested = b"<w:sdt><w:sdtContent>" * 20000 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 20000
    xml = body_xml(source).replace(b"<w:body>", b"<w:body>" + nested, 1)
    error = load_error(lambda: load_bytes(tmp_path, rezipped(source, {DOCUMENT_XML: xml}), ".docx"))
    assert error.code == "TOO_COMPLEX" and "嵌套过深" in error.message


def test_a_page_count_over_the_limit_is_refused(monkeypatch):
    import core.documents.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 5)
    error = load_error(lambda: load(sample("pdf", "baojing-2019-dept")))
    assert error.code == "TOO_LARGE" and "10 页" in error.message


def test_pages_a_broken_page_tree_hides_are_marked_and_the_rest_still_loads(tmp_path):
    data = sample("pdf", "kaoping-20xx-project").read_bytes()
    broken = re.sub(rb"/Kids\s*\[", b"/Kids [ 1 0 R 999999 0 R ", data, count=1)
    document = load_bytes(tmp_path, broken, ".pdf")
    unreadable = [p.number for p in document.pages if not p.has_text]
    assert unreadable and document.text_layer
    assert any(w.startswith("PAGES_UNREADABLE: 第 ") for w in document.warnings)


def test_a_fifty_megabyte_text_is_too_large_at_once(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(sample("txt", "baojing-2019-dept").read_bytes() * 3500)
    assert path.stat().st_size > 30 * 1024 * 1024
    error = load_error(lambda: load(path))
    assert error.code == "TOO_LARGE" and "文本文件过大" in error.message


def test_a_report_over_the_character_limit_is_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_CHARS", 1000)
    error = load_error(lambda: load(sample("txt", "baojing-2019-dept")))
    assert error.code == "TOO_LARGE" and "1000 字" in error.message


def repeated_score_line(size: int) -> str:
    line = "（2）预算控制率(5分)\n"
    return line * (size // len(line.encode("utf-8")))


def test_a_report_of_one_line_repeated_analyses_with_one_claim_per_line(tmp_path):
    path = tmp_path / "repeated.txt"
    path.write_text(repeated_score_line(460 * 1024), encoding="utf-8")
    data = to_json(open_report(path))
    assert data["source"]["chars"] > 150_000
    assert len(data["claims"]) > 10_000 and {c["name"] for c in data["claims"]} == {"预算控制率"}


def test_a_ledger_of_number_lines_analyses(tmp_path):
    path = tmp_path / "ledger.txt"
    path.write_text("".join(f"第{n}项 {n * 7} 万元 {n % 100}%\n" for n in range(1, 12000)), encoding="utf-8")
    data = to_json(open_report(path))
    assert data["source"]["chars"] > 200_000 and data["schema"] == "analysis/1"


def test_an_analysis_over_its_budget_ends_too_complex():
    with budget(0.0), pytest.raises(TooComplex) as caught:
        open_report(sample("txt", "baojing-2019-dept"))
    assert caught.value.code == "TOO_COMPLEX" and "时间上限" in caught.value.message


def test_an_analysis_over_its_memory_ceiling_ends_too_complex(monkeypatch):
    """The ceiling is the peak resident memory at the budget's start plus ANALYSIS_MEMORY_BYTES; a peak
    above it (core.process_memory, read on Linux, macOS and Windows) ends the analysis."""
    import core.analysis_budget as analysis_budget
    from core.process_memory import peak_rss_kb

    start = peak_rss_kb()
    assert start is not None and start > 1000  # KiB: this process has read at least a megabyte
    with budget(10.0) as running:  # shorter than the analysis's own: the analysis runs under this one
        assert running.memory_ceiling_kb == start + analysis_budget.ANALYSIS_MEMORY_BYTES // 1024
        monkeypatch.setattr(analysis_budget, "peak_rss_kb", lambda: running.memory_ceiling_kb + 1)
        running.memory_checked = 0.0
        with pytest.raises(TooComplex) as caught:
            open_report(sample("txt", "baojing-2019-dept"))
    assert "内存" in caught.value.message and "768 MB" in caught.value.message


def test_a_pdf_whose_short_budget_runs_out_is_read_again_in_a_child_process(monkeypatch):
    in_process = load(sample("pdf", "kaoping-20xx-project"))
    monkeypatch.setattr(isolated, "IN_PROCESS_SECONDS", 0.0)
    seen = []
    document = load(sample("pdf", "kaoping-20xx-project"), progress=lambda done, total: seen.append((done, total)))
    assert document.text == in_process.text and document.char_boxes == in_process.char_boxes
    assert seen[-1] == (len(document.pages), len(document.pages))


def test_the_child_process_reports_typed_errors_and_its_timeout():
    with pytest.raises(DocumentError) as caught:
        isolated.load_pdf_in_child((SAMPLES / "bad" / "encrypted.pdf").read_bytes(), None, None)
    assert caught.value.code == "ENCRYPTED"
    with budget(0.0), pytest.raises(TooComplex) as timed_out:
        isolated.load_pdf_in_child(sample("pdf", "kaoping-20xx-project").read_bytes(), None, None)
    assert "时间上限" in timed_out.value.message


@pytest.mark.parametrize("digits", ["9" * 40, "1" + "0" * 30 + ".5", "99999999999999999999999999999999.99"])
def test_absurd_numbers_are_no_quantities_and_never_break_rounding(digits):
    from core.decimals import fmt, round_score
    from core.extraction.numbers import find_quantities, parse_number

    assert [q.value for q in find_quantities(f"预算执行率 {digits}%，得 3 分")] == [Decimal(3)]
    assert parse_number(digits) is None
    assert fmt(Decimal(digits)).startswith(digits[:20]) and round_score(Decimal(digits)) == Decimal(digits)


def test_stacked_chinese_units_are_words_not_a_count():
    from core.extraction.numbers import parse_chinese_int

    assert parse_chinese_int("三万五千") == 35000
    assert parse_chinese_int("九千九百九十九万亿亿亿") is None


@pytest.mark.parametrize("form, report_id", [("docx", "wugang-2020-dept"), ("pdf", "wugang-2020-dept")])
def test_the_covering_index_answers_what_cell_at_answers(form, report_id):
    tables = load(sample(form, report_id)).tables
    positions = 0
    for table in tables:
        covering = table.covering()
        for row in range(table.n_rows):
            for col in range(table.n_cols):
                assert covering.get((row, col)) is table.cell_at(row, col)
                positions += 1
    assert positions > 100
