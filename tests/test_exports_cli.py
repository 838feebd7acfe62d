"""analyze --xlsx/--docx/--pdf/--reviewer: the outputs written headless, replaced atomically, and a target
that cannot be written gives one typed line, exit 2, and no output at all."""

import openpyxl
from docx import Document

import main
from conftest import sample
from core.exports.sheet import SHEET

REPORT = sample("txt", "baojing-2019-dept")


def _args(tmp_path, *extra):
    return ["analyze", str(REPORT), "--reviewer", "张三", "--xlsx", str(tmp_path / "复核表.xlsx"),
            "--docx", str(tmp_path / "复核意见.docx"), "--pdf", str(tmp_path / "复核意见.pdf"), *extra]


def test_writes_all_three_naming_the_reviewer(tmp_path, capsys):
    (tmp_path / "复核表.xlsx").write_bytes(b"an older file in the way")
    assert main.main(_args(tmp_path)) == 0
    sheet = openpyxl.load_workbook(tmp_path / "复核表.xlsx")[SHEET]
    assert "复核人：张三" in str(sheet["A3"].value)
    opinion = "\n".join(p.text for p in Document(tmp_path / "复核意见.docx").paragraphs)
    assert "复核人：张三" in opinion and "复核得分81分" in opinion
    assert (tmp_path / "复核意见.pdf").read_bytes()[:5] == b"%PDF-"
    assert not list(tmp_path.glob(".*.tmp"))
    assert "复核 81 分" in capsys.readouterr().out


def test_unwritable_target_is_one_line_and_nothing_is_written(tmp_path, capsys):
    args = _args(tmp_path)
    args[args.index("--pdf") + 1] = str(tmp_path / "no-such-folder" / "复核意见.pdf")
    assert main.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("错误[WRITE_FAILED]: ") and "no-such-folder" in err[0]
    assert list(tmp_path.iterdir()) == []  # the xlsx and docx that could be written were not either


def test_a_folder_in_the_way_is_refused(tmp_path, capsys):
    (tmp_path / "复核表.xlsx").mkdir()
    assert main.main(_args(tmp_path)) == 2
    assert capsys.readouterr().err.startswith("错误[WRITE_FAILED]: ")


def test_annotated_pdf_written_and_unwritable_refused(tmp_path, capsys):
    from pypdf import PdfReader

    assert main.main(["analyze", str(REPORT), "--annotated-pdf", str(tmp_path / "批注版.pdf")]) == 0
    reader = PdfReader(tmp_path / "批注版.pdf")
    assert "自评报告复核批注" in reader.pages[0].extract_text()
    assert sum(len(p.get("/Annots") or ()) for p in reader.pages) > 10
    assert main.main(["analyze", str(REPORT), "--annotated-pdf", str(tmp_path / "nope" / "a.pdf")]) == 2
    assert capsys.readouterr().err.strip().startswith("错误[WRITE_FAILED]: ")


def test_text_xml_cannot_hold_is_dropped_not_fatal(tmp_path):
    """Form feeds and stray control characters in a report's text, markup characters in a reviewer's wording."""
    from core.analysis import open_report
    from core.exports.writing import export_all

    report = tmp_path / "report.txt"
    text = REPORT.read_text(encoding="utf-8").replace("保靖县政务服务中心", "保靖县政务\x0c服务\x01中心", 1)
    report.write_text(text, encoding="utf-8")
    session = open_report(report, reviewer="张\x0b三")
    session.set_opinion_section("requirements", "1. 补充<佐证>&资料\x0c。")
    written = export_all(session, {kind: tmp_path / f"out.{kind}"
                                   for kind in ("xlsx", "docx", "pdf", "annotated_pdf", "sheet_pdf")})
    assert len(written) == 5
    opinion = "\n".join(p.text for p in Document(tmp_path / "out.docx").paragraphs)
    assert "1. 补充<佐证>&资料。" in opinion and "复核人：张三" in opinion
