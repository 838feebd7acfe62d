"""The command line of cli.md: --version, analyze --json, typed exit 2 for bad input, headless run."""

import hashlib
import json
import os
import subprocess
import sys

import pytest

import main
from conftest import FORMS, REPORT_IDS, ROOT, SAMPLES, SCORESHEET_ID, TXT_ENCODINGS, sample

BAD_FILES = {
    "empty.txt": "EMPTY_FILE",
    "truncated.pdf": "CORRUPT_FILE",
    "encrypted.pdf": "ENCRYPTED",
    "encrypted.docx": "ENCRYPTED",
    "binary.txt": "UNSUPPORTED_FORMAT",
    "corrupt.docx": "CORRUPT_FILE",
}


def analyze_json(capsys, path, *extra) -> dict:
    code = main.main(["analyze", str(path), "--json", "-", *extra])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_version(capsys):
    assert main.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "绩效复核台 0.3.0"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report_id", REPORT_IDS + [SCORESHEET_ID])
def test_analyze_prints_source(capsys, form, report_id):
    path = sample(form, report_id)
    data = analyze_json(capsys, path)
    source = data["source"]
    assert data["schema"] == "analysis/1"
    assert source["name"] == path.name
    assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source["format"] == form
    assert source["text_layer"] is True
    assert source["chars"] > 300
    if form == "txt":
        assert source["encoding"] == TXT_ENCODINGS[report_id]
    else:
        assert source["encoding"] is None
    if form == "pdf":
        assert source["pages"] >= 1
    for key in ("meta", "claims", "figures", "framework", "indicators", "totals", "findings"):
        assert key in data


@pytest.mark.parametrize("name,code", sorted(BAD_FILES.items()))
def test_bad_input_exits_2_with_one_line(name, code):
    proc = subprocess.run(
        [sys.executable, "main.py", "analyze", str(SAMPLES / "bad" / name), "--json", "-"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"错误[{code}]: ")
    assert proc.stdout == ""


def test_missing_file_is_not_found(capsys):
    assert main.main(["analyze", str(SAMPLES / "nope.pdf"), "--json", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误[NOT_FOUND]: ") and "nope.pdf" in err


def test_unknown_template_is_one_line_naming_the_choices(capsys):
    assert main.main(["analyze", str(sample("txt", REPORT_IDS[0])), "--template", "no-such", "--json", "-"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("错误[BAD_ARGUMENT]: 找不到指标体系“no-such”（可用：")
    assert "dept-national" in lines[0]


def test_mislabelled_files_load_by_content(capsys):
    data = analyze_json(capsys, SAMPLES / "bad" / "docx-named.pdf")
    assert data["source"]["format"] == "docx"
    assert data["source"]["tables"] == 10
    assert any(w.startswith("EXTENSION_MISMATCH") for w in data["source"]["warnings"])
    data = analyze_json(capsys, SAMPLES / "bad" / "pdf-named.docx")
    assert data["source"]["format"] == "pdf"


def test_scanned_pdf_is_read_by_ocr_and_says_so(capsys):
    data = analyze_json(capsys, SAMPLES / "scanned" / "wugang-2020-dept-mixed.pdf")
    assert data["source"]["text_layer"] is True and data["source"]["ocr_pages"] == [2, 3]
    [ocr] = [f for f in data["findings"] if f["code"] == "OCR_TEXT"]
    assert ocr["severity"] == "warning" and "第2、3页" in ocr["message"]


def test_set_overrides_extraction(capsys):
    data = analyze_json(capsys, sample("txt", "baojing-2019-dept"), "--template", "dept-hunan-county",
                        "--set", "在职人数=9", "--set", "staff_quota=8")
    figures = {f["var"]: f for f in data["figures"] if f["var"]}
    assert figures["staff_actual"]["value"] == 9
    assert figures["staff_actual"]["origin"] == "entered"
    indicator = next(i for i in data["indicators"] if i["inputs"].get("staff_actual") is not None)
    assert indicator["value"] == 112.5


@pytest.mark.parametrize("extra, code", [
    (["--set", "在职人数=1e30"], "OUT_OF_RANGE"),
    (["--review", "{hostile}"], "INVALID_CONTENT"),
])
def test_refused_set_and_hostile_review_are_one_line(capsys, tmp_path, extra, code):
    hostile = tmp_path / "hostile.jxfh"
    hostile.write_text('{"schema": "review/1", "source": {"name": "x"}, "values": []}', encoding="utf-8")
    args = [a.format(hostile=hostile) for a in extra]
    assert main.main(["analyze", str(sample("txt", REPORT_IDS[0])), *args, "--json", "-"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误[{code}]: ")


def test_template_list(capsys):
    assert main.main(["analyze", "x", "--template", "list"]) == 0
    ids = {line.split("\t")[0] for line in capsys.readouterr().out.splitlines()}
    assert {"dept-national", "dept-hunan-county", "proj-eval", "proj-self"} <= ids


def test_run_without_display_analyses_the_example(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["JIXIAO_OUT"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = list(tmp_path.glob("*.analysis.json"))
    assert len(written) == 1
    assert str(written[0]) in proc.stdout
    assert json.loads(written[0].read_text(encoding="utf-8"))["source"]["format"] == "pdf"
    assert "PySide6" not in proc.stderr


def test_xlsx_form_locs_carry_their_cell(capsys):
    data = analyze_json(capsys, SAMPLES / "forms" / "xlsx" / "ezhou-2021-project-form.xlsx")
    assert data["source"]["format"] == "xlsx" and data["source"]["pages"] == 1
    assert data["meta"]["loc"]["unit"]["cell"] == "项目支出绩效自评表!A3"
    locs = [claim["loc"] for claim in data["claims"]] + [loc for f in data["findings"] for loc in f["locs"]]
    assert locs and all(loc["page"] == 1 and loc["cell"].startswith("项目支出绩效自评表!") for loc in locs)
    # a 自评表 claim quotes its row from the name cell on; its cell is the name's
    by_name = {loc["quote"].split("\t")[0]: loc["cell"] for loc in locs}
    assert by_name["预算资金拨款率"] == "项目支出绩效自评表!D15"


def test_locs_of_other_formats_have_no_cell(capsys):
    data = analyze_json(capsys, sample("txt", REPORT_IDS[0]))
    assert all("cell" not in claim["loc"] for claim in data["claims"]) and data["claims"]


@pytest.mark.parametrize("name, fmt", [("encrypted.pdf", "pdf"), ("encrypted.docx", "docx")])
def test_password_opens_an_encrypted_report(capsys, name, fmt):
    data = analyze_json(capsys, SAMPLES / "bad" / name, "--password", "1234")
    assert data["source"]["format"] == fmt and data["meta"]["claimed_total"] == 92
    assert main.main(["analyze", str(SAMPLES / "bad" / name), "--password", "0000", "--json", "-"]) == 2
    assert capsys.readouterr().err.startswith("错误[ENCRYPTED]: ")


def test_legacy_xls_form_locs_carry_their_cell(capsys):
    data = analyze_json(capsys, ROOT / "tests" / "data" / "tianchang-shuili-2022-project-form.xls")
    assert data["source"]["format"] == "xls" and data["source"]["pages"] == 2
    cells = [claim["loc"]["cell"] for claim in data["claims"]]
    assert cells and all(cell.startswith("自评表!") for cell in cells)
