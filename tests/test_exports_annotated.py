"""批注版报告, opened with pypdf and pdfplumber: a highlight over every finding's and every corrected figure's
words (its QuadPoints cover the characters pdfplumber finds for the quote), numbered like the 问题清单, with
an appearance stream; the cover's summary; txt/docx/xlsx sources typeset with the marks on their words; every
font embedded; a report changed since it was opened is refused."""

import re
from collections import Counter
import shutil
import subprocess
from decimal import Decimal as D
from io import BytesIO

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import SAMPLES, sample
from core.exports.pdf_marks import COLOURS
from core.exports.writing import ExportError, export_all, snapshot

SQUASH = re.compile(r"\s+")


def _session(path, reviewer="张三"):
    from core.analysis import open_report

    return open_report(path, reviewer=reviewer)


def _annotated(session, tmp_path) -> bytes:
    target = tmp_path / "批注版.pdf"
    assert export_all(session, {"annotated_pdf": target}) == [target]
    return target.read_bytes()


def _highlights(data: bytes) -> list[tuple[int, dict]]:
    """(page index, annotation) of every /Highlight."""
    reader = PdfReader(BytesIO(data))
    return [(index, annot.get_object()) for index, page in enumerate(reader.pages)
            for annot in page.get("/Annots") or () if annot.get_object()["/Subtype"] == "/Highlight"]


def _chars_under(page, quads) -> str:
    """pdfplumber's characters whose centre lies in one of the quads (user space → its top-left origin)."""
    height = float(page.height)
    boxes = [(q[4], height - q[1], q[2], height - q[5]) for q in
             (list(map(float, quads[i:i + 8])) for i in range(0, len(quads), 8))]
    hits = [c["text"] for c in page.chars
            if any(x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
                   for x0, top, x1, bottom in boxes)]
    return "".join(hits)


def _check_marks_on_words(data: bytes, snap) -> int:
    """Every mark's first span: its highlight's quads cover the quote's characters; returns how many marks
    were checked."""
    highlights = _highlights(data)
    by_label: dict[str, list] = {}
    for index, annot in highlights:
        label = str(annot["/Contents"]).split(".", 1)[0]
        by_label.setdefault(label, []).append((index, annot))
    checked = 0
    with pdfplumber.open(BytesIO(data)) as pdf:
        for mark in snap.marks:
            quote = SQUASH.sub("", snap.document.text[mark.spans[0][0]:mark.spans[0][1]])
            found = by_label[mark.label]
            under = "".join(_chars_under(pdf.pages[i], a["/QuadPoints"]) for i, a in found)
            # Content order may differ from reading order (a glyph drawn later): compare the characters.
            assert not Counter(quote) - Counter(SQUASH.sub("", under)), (mark.label, quote, under)
            for _index, annot in found:
                assert annot["/AP"]["/N"].get_object()["/Subtype"] == "/Form"
                assert annot["/F"] & 4  # printed
            checked += 1
    return checked


@pytest.fixture(scope="module")
def pdf_session():
    session = _session(sample("pdf", "baojing-2019-dept"))
    dismissed = session.finding_keys[0]
    session.set_finding_state(dismissed, status="dismissed")
    return session


def test_pdf_source_highlights_cover_the_quoted_words(pdf_session, tmp_path):
    data = _annotated(pdf_session, tmp_path)
    snap = snapshot(pdf_session)
    numbers = {m.label for m in snap.marks}
    kept = {str(f.number) for f in snap.facts.findings if f.decision != "驳回"}
    assert "1" not in numbers and numbers <= kept and len(numbers) >= 10  # the dismissed one is not marked
    assert _check_marks_on_words(data, snap) == len(snap.marks)
    source_pages = len(PdfReader(sample("pdf", "baojing-2019-dept")).pages)
    reader = PdfReader(BytesIO(data))
    cover = len(reader.pages) - source_pages
    assert cover >= 1
    # Marks sit on their finding's page of the report, after the cover.
    row = next(f for f in snap.facts.findings if f.number == 4)
    finding = pdf_session.findings[3]
    pages = {i - cover + 1 for i, a in _highlights(data) if str(a["/Contents"]).startswith("4. ")}
    assert pages == {finding.locs[0].page} and row.message in str(next(
        a["/Contents"] for _, a in _highlights(data) if str(a["/Contents"]).startswith("4. ")))


def test_cover_summarises(pdf_session, tmp_path):
    data = _annotated(pdf_session, tmp_path)
    snap = snapshot(pdf_session)
    with pdfplumber.open(BytesIO(data)) as pdf:
        cover = SQUASH.sub("", pdf.pages[0].extract_text())
    assert "自评92分（优秀）→复核81分（良）" in cover
    assert "复核人：张三" in cover and SQUASH.sub("", snap.facts.header.unit) in cover
    assert SQUASH.sub("", snap.facts.findings[1].message)[:20] in cover
    marked = {str(a["/Contents"]).split(".", 1)[0] for _, a in _highlights(data)}
    unplaced = [str(f.number) for f in snap.facts.findings if f.decision != "驳回" and str(f.number) not in marked]
    assert unplaced  # 履职效益 names no words of the report
    assert f"报告页面上标注问题{len(marked)}项、更正数据0处；第{'、'.join(unplaced)}项问题" in cover


def test_corrected_figure_is_marked_green(tmp_path):
    session = _session(sample("txt", "baojing-2019-dept"))
    var = next(v for v in session.variable_ids()
               if session.value(v) is not None and session.value(v).loc is not None
               and session.value(v).value is not None)
    old = session.value(var).value
    session.set_value(var, old + D(1))
    snap = snapshot(session)
    corrected = [m for m in snap.marks if m.kind == "corrected"]
    assert [m.label for m in corrected] == ["更正1"]
    assert f"报告为 {old.normalize():f}".rstrip("0").rstrip(".") in corrected[0].note.replace(".00", "")
    data = _annotated(session, tmp_path)
    annot = next(a for _, a in _highlights(data) if str(a["/Contents"]).startswith("更正1"))
    assert [round(float(c), 2) for c in annot["/C"]] == list(COLOURS["corrected"])
    assert _check_marks_on_words(data, snap) == len(snap.marks)


@pytest.mark.parametrize("path", [sample("txt", "baojing-2019-dept"), sample("docx", "wugang-2020-dept"),
                                  SAMPLES / "forms" / "xlsx" / "ezhou-2021-project-form.xlsx"],
                         ids=["txt", "docx", "xlsx"])
def test_text_sources_are_typeset_with_the_marks(path, tmp_path):
    session = _session(path)
    data = _annotated(session, tmp_path)
    snap = snapshot(session)
    assert snap.marks
    assert _check_marks_on_words(data, snap) == len(snap.marks)
    with pdfplumber.open(BytesIO(data)) as pdf:
        text = SQUASH.sub("", "".join(p.extract_text() or "" for p in pdf.pages[1:]))
    first_line = SQUASH.sub("", next(line for line in session.document.text.splitlines() if line.strip()))
    assert first_line in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_every_font_embedded(pdf_session, tmp_path):
    _annotated(pdf_session, tmp_path)
    listing = subprocess.run(["pdffonts", str(tmp_path / "批注版.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing and all(line.split()[-5] == "yes" for line in listing), listing


def test_changed_report_is_refused(tmp_path):
    report = tmp_path / "report.pdf"
    shutil.copy(sample("pdf", "baojing-2019-dept"), report)
    session = _session(report)
    report.write_bytes(report.read_bytes() + b"\n% changed\n")
    with pytest.raises(ExportError) as caught:
        export_all(session, {"annotated_pdf": tmp_path / "out.pdf"})
    assert caught.value.code == "SOURCE_CHANGED" and not (tmp_path / "out.pdf").exists()
    assert report.read_bytes().endswith(b"% changed\n")  # the source is never written


@pytest.mark.parametrize("rotate, shift", [(0, 0), (90, -100), (270, 50)])
def test_rotated_and_shifted_pages_map_back_to_user_space(rotate, shift, tmp_path):
    """A word drawn at a known place in user space: the reader's box, turned back, is that place again,
    whatever the page's /Rotate and the offset of its media box."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject, RectangleObject
    from reportlab.pdfgen.canvas import Canvas

    from core.documents import load
    from core.exports.opinion_pdf import registered_fonts
    from core.exports.pdf_marks import to_user_space

    font = registered_fonts().body
    out = BytesIO()
    canvas = Canvas(out, pagesize=(600, 800), initialFontName=font)
    canvas.setFont(font, 14)
    canvas.drawString(100, 600, "复核测试文字")
    canvas.save()
    writer = PdfWriter()
    page = writer.add_page(PdfReader(out).pages[0])
    page.mediabox = RectangleObject([30, shift, 600, 800 + shift])
    page[NameObject("/Rotate")] = NumberObject(rotate)
    path = tmp_path / "page.pdf"
    writer.write(path)
    document = load(path)
    start = document.text.index("测试")
    [(number, rect)] = document.locate(start, start + 2)
    user = to_user_space(rect, document.pages[number - 1].height)
    assert (user.x0, user.x1) == pytest.approx((128, 156), abs=0.5)  # 100 + two 14-pt glyphs, then two more
    assert user.y0 < 600 < user.y1 and user.y1 - user.y0 == pytest.approx(14, abs=1.5)


def test_moved_report_is_said_not_crashed(tmp_path):
    report = tmp_path / "report.pdf"
    shutil.copy(sample("pdf", "baojing-2019-dept"), report)
    session = _session(report)
    report.unlink()
    with pytest.raises(ExportError) as caught:
        export_all(session, {"annotated_pdf": tmp_path / "out.pdf"})
    assert caught.value.code == "NOT_FOUND" and "report.pdf" in caught.value.message
    assert not (tmp_path / "out.pdf").exists()


def test_encrypted_report_gives_an_annotated_copy_with_the_same_password(tmp_path):
    from core.analysis import open_report

    session = open_report(SAMPLES / "bad" / "encrypted.pdf", password="1234")
    data = _annotated(session, tmp_path)
    reader = PdfReader(BytesIO(data))
    assert reader.is_encrypted and reader.decrypt("1234")
    assert sum(1 for page in reader.pages for a in page.get("/Annots") or ()
               if a.get_object()["/Subtype"] == "/Highlight") >= 10


def test_highlights_are_drawn_by_pdfium_from_their_appearance(pdf_session, tmp_path):
    """What Chrome (pdfium) shows: the highlight's colour fills its quad, multiplied under the text."""
    import pypdfium2

    data = _annotated(pdf_session, tmp_path)
    index, annot = _highlights(data)[0]
    quads = [float(v) for v in annot["/QuadPoints"][:8]]
    colour = [round(float(c) * 255) for c in annot["/C"]]
    pdf = pypdfium2.PdfDocument(data)
    height = float(pdf[index].get_height())
    box = (int(quads[4] * 2), int((height - quads[1]) * 2), int(quads[2] * 2), int((height - quads[5]) * 2))

    def coloured(draw_annots: bool) -> float:
        """The share of the quad's pixels in the highlight's colour (glyphs take the rest)."""
        image = pdf[index].render(scale=2, draw_annots=draw_annots).to_pil().convert("RGB")
        raw = image.crop(box).tobytes()
        pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
        return sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, colour))) / len(pixels)

    assert coloured(True) > 0.15 and coloured(False) < 0.01
    pdf.close()


def test_a_typeset_report_hangs_closing_punctuation_instead_of_starting_a_line(tmp_path):
    """A txt report is set on A4 for the 批注版: where a line is full just before ，or 。” the marks stay at its
    end (hanging in the margin), and every character keeps its box."""
    from core.documents import load
    from core.exports.line_breaking import CANNOT_START_LINE
    from core.exports.text_pdf import typeset

    lines = ["甲" * n + mark + "乙" * 60 for n in range(40, 52) for mark in ("，", "。”", "）。")]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    document = load(path)
    result = typeset(document, "report")
    with pdfplumber.open(BytesIO(result.data)) as pdf:
        printed = [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    assert len(printed) > len(lines) and not [line for line in printed if line[0] in CANNOT_START_LINE]
    assert all(box is not None for ch, box in zip(document.text, result.document.char_boxes, strict=True)
               if not ch.isspace())


def test_every_highlight_has_its_number_printed_on_its_page(pdf_session, tmp_path):
    """The [n] labels come from one overlay document for all marked pages: each lands on its own page."""
    data = _annotated(pdf_session, tmp_path)
    labels_by_page: dict[int, set[str]] = {}
    for index, annot in _highlights(data):
        labels_by_page.setdefault(index, set()).add(str(annot["/Contents"]).split(".", 1)[0])
    assert len(labels_by_page) >= 3
    with pdfplumber.open(BytesIO(data)) as pdf:
        for index, labels in labels_by_page.items():
            printed = set(re.findall(r"\[(\w+)\]", pdf.pages[index].extract_text() or ""))
            assert labels <= printed, (index, labels, printed)
