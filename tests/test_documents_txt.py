"""Plain-text loading: strict encoding detection, LF lines, one page."""

import codecs

import pytest

from conftest import REPORT_IDS, SCORESHEET_ID, TXT_ENCODINGS as ENCODINGS, sample
from core.documents import DocumentError, load



@pytest.mark.parametrize("report_id", REPORT_IDS + [SCORESHEET_ID])
def test_encoding_is_recorded_and_text_equals_the_source(report_id):
    path = sample("txt", report_id)
    document = load(path)
    assert document.format == "txt"
    assert document.encoding == ENCODINGS[report_id]
    codec = {"utf-16": "utf-16", "gb18030": "gb18030", "utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}[document.encoding]
    assert document.text == path.read_bytes().decode(codec).replace("\r\n", "\n")
    assert [(p.number, p.start, p.end) for p in document.pages] == [(1, 0, len(document.text))]
    assert document.char_boxes is None and document.page_of(5) is None and document.locate(0, 5) == []


def test_crlf_becomes_lf_and_lines_are_kept():
    raw = sample("txt", "wuhua-2019-project").read_bytes()
    document = load(sample("txt", "wuhua-2019-project"))
    assert "\r" not in document.text
    assert document.text.count("\n") == raw.count(b"\r\n")


def test_gb18030_text_keeps_its_indicator_sentence():
    document = load(sample("txt", "baojing-2019-dept"))
    assert "在职人员控制率＝（7/8）×100%=100%≦100%" in document.text
    assert "武冈市行政审批服务局" in load(sample("txt", "wugang-2020-dept")).text


def test_utf16_big_endian_with_bom(tmp_path):
    target = tmp_path / "be.txt"
    target.write_bytes(codecs.BOM_UTF16_BE + "绩效自评报告\r\n得分92分\r\n".encode("utf-16-be"))
    document = load(target)
    assert document.encoding == "utf-16"
    assert document.text == "绩效自评报告\n得分92分\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, codec):
    text = load(sample("txt", "jianghua-20xx-dept")).text
    target = tmp_path / "nobom.txt"
    target.write_bytes(text.encode(codec))
    document = load(target)
    assert document.encoding == "utf-16" and document.text == text


def test_random_bytes_are_refused_not_decoded():
    with pytest.raises(DocumentError) as caught:
        load(sample("txt", "baojing-2019-dept").parent.parent / "bad" / "binary.txt")
    assert caught.value.code == "UNSUPPORTED_FORMAT"
    assert "不是可识别编码的文本文件" in caught.value.message


def test_unknown_extension_with_text_content_gives_no_warning(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("绩效自评报告", encoding="utf-8")
    document = load(target)
    assert document.format == "txt" and document.warnings == []
