"""Scanned PDF pages read by OCR: the scanned baojing against its gold and its text-layer twin, the mixed wugang,
cancelling, blank pages, absurd inputs, the child process. OCR is slow: each scan is read once per module
(and the loader remembers recognised pages, so other modules that open the scans pay nothing more)."""

import math
import re

import pytest

from conftest import SAMPLES, gold, sample
from core.analysis_budget import allow, budget
from core.checks import run_checks
from core.documents import LoadCancelled, load
from core.documents.model import RECOGNISING, DocumentError
from core.documents.ocr import OcrLine, fold_confusions, reading_order
from core.extraction import extract
from scan_pdfs import declared_image_pdf, image_pdf, one_scanned_page, scanned_pdf, white_jpeg

SCANNED = SAMPLES / "scanned" / "baojing-2019-dept-scanned.pdf"
MIXED = SAMPLES / "scanned" / "wugang-2020-dept-mixed.pdf"


@pytest.fixture(scope="module")
def scan():
    document = load(SCANNED)  # under load()'s own 20 s budget: OCR's allowance must carry ten pages
    return document, extract(document)


@pytest.fixture(scope="module")
def mixed():
    return load(MIXED)


def test_every_scanned_page_is_recognised(scan):
    document, _ = scan
    assert document.ocr_pages == list(range(1, 11)) and document.pages_without_text == []
    assert document.text_layer and len(document.char_boxes) == len(document.text)
    assert "在职人员控制率" in document.text and "绩效评价报告" in document.text


def test_claims_of_the_scan_match_the_gold(scan):
    _, extraction = scan
    wanted = {claim["name"]: claim for claim in gold("baojing-2019-dept")["claims"]}
    found = {claim.name: claim for claim in extraction.claims}
    matched = set(wanted) & set(found)
    precision, recall = len(matched) / len(found), len(matched) / len(wanted)
    assert 2 * precision * recall / (precision + recall) >= 0.9
    assert found["在职人员控制率"].weight == wanted["在职人员控制率"]["weight"] == 3


def test_the_staff_rate_error_is_caught_on_its_page_with_boxes_on_its_line(scan):
    document, extraction = scan
    twin = load(sample("pdf", "baojing-2019-dept"))
    [finding] = _staff_rate_errors(document, extraction)
    [twin_finding] = _staff_rate_errors(twin, extract(twin))
    assert "87.5" in finding.message
    loc, twin_loc = finding.locs[0], twin_finding.locs[0]
    assert loc.page == twin_loc.page
    assert re.sub(r"\s", "", loc.quote).endswith("100%")
    page = document.pages[loc.page - 1]
    rects = document.locate(loc.start, loc.end)
    assert rects and all(p == loc.page for p, _ in rects)
    assert all(0 <= r.x0 < r.x1 <= page.width and 0 <= r.y0 < r.y1 <= page.height for _, r in rects)
    # The scan is the twin's page image, skewed under a degree: the formula's last line is where the twin's is.
    seven = loc.start + document.text[loc.start:loc.end].index("7")
    twin_seven = twin_loc.start + twin.text[twin_loc.start:twin_loc.end].index("7")
    box, twin_box = document.char_boxes[seven], twin.char_boxes[twin_seven]
    line_height = twin_box.y1 - twin_box.y0
    assert abs((box.y0 + box.y1) / 2 - (twin_box.y0 + twin_box.y1) / 2) < line_height
    assert abs(box.x0 - twin_box.x0) < 2 * line_height


def _staff_rate_errors(document, extraction):
    return [f for f in run_checks(document, extraction)
            if f.code == "EXPR_MISMATCH" and any("在职人员控制率" in loc.quote for loc in f.locs)]


def test_the_scan_is_reviewed_as_its_text_layer_twin(scan):
    from core.analysis import to_json
    from core.review.opening import start_session

    scanned = to_json(start_session(scan[0]))
    twin = to_json(start_session(load(sample("pdf", "baojing-2019-dept"))))
    fields = ("id", "name", "weight", "claimed_score", "value", "score")
    for key in ("claims", "indicators"):
        assert [[item.get(f) for f in fields] for item in scanned[key]] == [[item.get(f) for f in fields] for item in twin[key]]
    assert scanned["totals"] == twin["totals"] and scanned["totals"]["claimed"] == 92
    assert [f["code"] for f in scanned["findings"] if f["code"] != "OCR_TEXT"] == [f["code"] for f in twin["findings"]]


def test_the_ocr_note_is_for_the_reviewer_not_the_opinion(scan):
    from core.review.opening import start_session

    session = start_session(scan[0])
    by_code = list(zip(session.findings, session.finding_keys))
    [note] = [key for finding, key in by_code if finding.code == "OCR_TEXT"]
    assert not session.in_opinion(note)
    assert all(session.in_opinion(key) for finding, key in by_code if finding.severity == "error")


def test_ocr_pages_are_a_warning_to_check_figures_against_the_scan(scan):
    document, extraction = scan
    [finding] = [f for f in run_checks(document, extraction) if f.code == "OCR_TEXT"]
    assert finding.severity == "warning" and "第1、2、3、4、5、6、7、8、9、10页" in finding.message
    assert [loc.page for loc in finding.locs] == list(range(1, 11))
    assert all(loc.start == loc.end for loc in finding.locs)  # points at the pages, covers no text in the 批注版
    assert not [f for f in run_checks(document, extraction) if f.code == "NO_TEXT_LAYER"]


def test_the_mixed_report_reads_its_scanned_pages(mixed):
    assert mixed.ocr_pages == [2, 3] and mixed.pages_without_text == []
    second, third = (mixed.text[page.start:page.end] for page in mixed.pages[1:3])
    assert "厉行节约" in second and "280.48" in third and "65.43" in third


def test_a_scanned_self_evaluation_table_is_read_as_its_grid(tmp_path):
    from core.forms.find import find_forms

    source = SAMPLES / "forms" / "pdf" / "ezhou-2021-project-form.pdf"
    path = tmp_path / "form-scan.pdf"
    path.write_bytes(scanned_pdf(source, dpi=200, skew_degrees=0.6))
    scan, twin = load(path), load(source)
    assert scan.ocr_pages == [1]
    assert [(t.n_rows, t.n_cols) for t in scan.tables] == [(t.n_rows, t.n_cols) for t in twin.tables]
    [form], [twin_form] = find_forms(scan), find_forms(twin)
    rows = [(row.name, row.number("weight"), row.number("score")) for row in form.indicators]
    assert len(rows) > 5 and rows == [(row.name, row.number("weight"), row.number("score")) for row in twin_form.indicators]
    assert extract(scan).meta.claimed_total == extract(twin).meta.claimed_total == 98


def test_a_page_skewed_by_two_degrees_is_read_upright(tmp_path):
    path = tmp_path / "skewed.pdf"
    path.write_bytes(scanned_pdf(sample("pdf", "baojing-2019-dept"), [3], skew_degrees=-2.0))
    document = load(path)
    [finding] = _staff_rate_errors(document, extract(document))
    assert "87.5" in finding.message
    page = document.pages[0]
    assert all(0 <= r.x0 < r.x1 <= page.width and 0 <= r.y0 < r.y1 <= page.height
               for _, r in document.locate(finding.locs[0].start, finding.locs[0].end))


def test_cancelling_during_ocr_ends_with_load_cancelled():
    steps = []

    def cancel_at_first_recognised_page(done, total, step):
        steps.append((done, step))
        if step == RECOGNISING:
            raise LoadCancelled()

    with pytest.raises(LoadCancelled):
        load(MIXED, progress=cancel_at_first_recognised_page)
    assert steps[-1] == (2, RECOGNISING) and len(steps) == 13  # 12 pages read, then the first OCR'd page


def test_a_blank_scanned_page_gives_no_text_and_stays_unread(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(image_pdf([white_jpeg(800, 1100)]))
    document = load(path)
    assert document.ocr_pages == [] and document.pages_without_text == [1] and document.text.strip() == ""
    [finding] = run_checks(document, extract(document))
    assert finding.code == "NO_TEXT_LAYER"


def test_too_many_scanned_pages_are_refused_before_any_ocr(tmp_path):
    from core.documents.pdf_ocr import MAX_OCR_PAGES

    path = tmp_path / "many.pdf"
    path.write_bytes(image_pdf([white_jpeg(40, 40)] * (MAX_OCR_PAGES + 1)))
    steps = []
    with pytest.raises(DocumentError) as raised:
        load(path, progress=lambda done, total, step: steps.append(step))
    assert raised.value.code == "TOO_LARGE" and str(MAX_OCR_PAGES) in raised.value.message
    assert RECOGNISING not in steps


def test_a_gigapixel_image_is_refused(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(declared_image_pdf(40_000, 40_000))
    with pytest.raises(DocumentError) as raised:
        load(path)
    assert raised.value.code == "TOO_LARGE" and "40000×40000" in raised.value.message


def test_ocr_runs_in_the_child_process(tmp_path):
    from core.documents.isolated import load_pdf_in_child

    steps = []
    with budget(60):
        content = load_pdf_in_child(one_scanned_page(), None, lambda done, total, step: steps.append(step))
    assert content.ocr_pages == [1] and "在职人员控制率" in content.text
    assert steps[-1] == RECOGNISING


def test_an_engine_whose_libraries_do_not_load_leaves_the_page_unread_with_a_warning(tmp_path, monkeypatch):
    def missing_dll():
        raise ImportError("DLL load failed while importing cv2: 找不到指定的模块。")

    monkeypatch.setattr("core.documents.ocr._get_engine", missing_dll)
    path = tmp_path / "scan.pdf"
    path.write_bytes(one_scanned_page())
    document = load(path)
    assert document.ocr_pages == [] and document.pages_without_text == [1]
    [warning] = document.warnings
    assert warning.startswith("OCR_UNAVAILABLE: 文字识别组件无法加载（ImportError: DLL load failed") and "第 1 页" in warning
    assert [f.code for f in run_checks(document, extract(document))] == ["NO_TEXT_LAYER"]


def test_allowances_extend_every_enclosing_budget():
    with budget(5) as outer, budget(1) as inner:
        allow(10, 1024 * 1024)
        assert 10.5 < inner.remaining() <= 11 and 14.5 < outer.remaining() <= 15 and inner.seconds == 11


def test_only_certain_ocr_confusions_are_folded():
    assert fold_confusions("2O19年，1l.5万元，（7/8）x100%，6.4X100%") == "2019年，11.5万元，（7/8）×100%，6.4×100%"
    assert fold_confusions("OA系统10人 Ox 1x") == "OA系统10人 Ox 1x"


def test_reading_order_rows_on_a_skewed_page_left_to_right():
    angle = math.radians(0.8)

    def run(text, x, y, width=300.0, height=30.0):
        dx, dy = width * math.cos(angle), width * math.sin(angle)
        return OcrLine(text, ((x, y), (x + dx, y + dy), (x + dx, y + dy + height), (x, y + height)), 0.99)

    # Two table rows: the right cell of the first row sits lower than the left cell of the second would.
    rows = reading_order([run("b", 700, 110), run("c", 100, 150), run("a", 100, 100), run("d", 700, 160)])
    assert [[line.text for line in row] for row in rows.rows] == [["a", "b"], ["c", "d"]]
    assert math.isclose(rows.skew, math.radians(0.8))


def test_character_boxes_follow_the_line_with_latin_characters_half_width():
    line = OcrLine("率7/8", ((0.0, 0.0), (250.0, 0.0), (250.0, 50.0), (0.0, 50.0)), 0.9)
    boxes = line.char_boxes()
    assert [b[0] for b in boxes] == ["率", "7", "/", "8"]
    assert [round(b[1]) for b in boxes] == [0, 100, 150, 200] and boxes[-1][3] == 250.0


def test_a_one_whose_ink_is_wider_than_tall_is_a_dash():
    import numpy as np

    from core.documents.ocr import _wide_ink

    page = np.full((200, 200), 250, np.uint8)
    page[100:104, 40:70] = 20  # a dash
    page[20:60, 150:155] = 20  # a one
    assert _wide_ink(page, ((30, 90), (80, 90), (80, 115), (30, 115)))
    assert not _wide_ink(page, ((140, 15), (165, 15), (165, 65), (140, 65)))
    assert not _wide_ink(page, ((0, 150), (20, 150), (20, 170), (0, 170)))  # nothing there


def test_character_boxes_come_from_the_recognisers_word_boxes_when_they_spell_the_text():
    def box(x0, x1):
        return ((x0, 0.0), (x1, 0.0), (x1, 40.0), (x0, 40.0))

    words = (("（", box(0, 30)), ("7", box(60, 75)), ("率", box(80, 120)))
    line = OcrLine("（7率", box(0, 120), 0.9, words)
    assert [(b[0], b[1], b[3]) for b in line.char_boxes()] == [("（", 0, 30), ("7", 60, 75), ("率", 80, 120)]
    folded = OcrLine("-", box(0, 40), 0.9, (("1", box(10, 30)),))  # a repair changed the text: the run's box
    assert [(b[0], b[1], b[3]) for b in folded.char_boxes()] == [("-", 0, 40)]


def test_starting_ocr_leaves_qt_pointed_at_the_apps_own_plugins(tmp_path):
    """opencv-python's Linux wheel points QT_QPA_PLATFORM_PLUGIN_PATH at its bundled Qt 5 when imported; the
    window's Qt 6 and the processes it starts must not inherit that."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA_PLATFORM_PLUGIN_PATH")}
    script = ("import os\nfrom core.documents import ocr\nocr.start()\nimport cv2\n"
              "print(cv2.__file__)\nprint(os.environ.get('QT_QPA_PLATFORM_PLUGIN_PATH'))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))).stdout.splitlines()
    assert out[0].endswith("__init__.py") and out[-1] == "None", out
