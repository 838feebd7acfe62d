"""main.py batch / core.batch: a season's reports in worker processes, one summary workbook."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.batch import BatchOptions, run_batch
from core.batch.rows import SummaryRow, failed_row, rank, row_from_analysis
from core.batch.sampling import draw
from core.batch.summary import COLUMNS, reviewed_text
from tests.conftest import ROOT, SAMPLES

SEASON = [SAMPLES / "txt", SAMPLES / "docx", SAMPLES / "pdf", SAMPLES / "forms", SAMPLES / "bad" / "corrupt.docx"]
HEADERS = [name for name, _w, _f in COLUMNS]


def table(summary: Path) -> list[dict]:
    sheet = load_workbook(summary)["汇总"]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, values)) for values in rows]


def notes(summary: Path) -> dict:
    return dict(load_workbook(summary)["说明"].iter_rows(values_only=True))


def listing(folders) -> set[Path]:
    return {p for folder in folders for p in (folder.rglob("*") if folder.is_dir() else [folder])}


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    before = listing(SEASON)
    out = tmp_path_factory.mktemp("season") / "汇总.xlsx"
    result = run_batch(BatchOptions([str(p) for p in SEASON], out, jobs=2))
    assert listing(SEASON) == before  # nothing written into the sources' folders
    return result


def test_rows_agree_with_single_analyze(season):
    from core.analysis import open_report, to_json
    from core.errors import CodedError

    compared = 0
    for row in season.rows:
        try:
            single = row_from_analysis(row.path, to_json(open_report(row.path)))
        except CodedError as exc:
            assert row.error == str(exc), row.name
            continue
        fields = ("claimed", "reviewed", "difference", "grade_claimed", "grade_reviewed", "errors", "warnings",
                  "unit", "year", "framework", "top_findings")
        assert {f: getattr(row, f) for f in fields} == {f: getattr(single, f) for f in fields}, row.name
        compared += 1
    assert compared >= 30  # every txt/docx/pdf sample analysed, not only failures
    assert len(season.rows) == len({r.path for r in season.rows}) >= 40


def test_corrupt_file_is_a_row_with_its_error(season):
    rows = {r["文件"]: r for r in table(season.summary)}
    corrupt = rows["corrupt.docx"]
    assert corrupt["读取错误"].startswith("错误[CORRUPT_FILE]")
    assert corrupt["复核状态"] == "读取失败" and corrupt["风险排名"] is None
    assert list(rows.values())[-1]["读取错误"]  # failed reports come after every ranked one


def test_summary_columns_rank_and_review_links(season):
    sheet = load_workbook(season.summary)["汇总"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref
    rows = table(season.summary)
    ranks = [r["风险排名"] for r in rows if r["风险排名"] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    link_column = HEADERS.index("复核文件") + 1
    linked = 0
    for offset, row in enumerate(rows, 2):
        cell = sheet.cell(row=offset, column=link_column)
        if row["读取错误"]:
            assert cell.hyperlink is None
            continue
        review = season.summary.parent / cell.hyperlink.target
        assert review.is_file() and review.is_relative_to(season.review_dir)
        saved = json.loads(review.read_text(encoding="utf-8"))
        assert saved["source"]["path"] == row["路径"]  # opening the review opens its report
        linked += 1
    assert linked >= 30


def test_rerun_skips_unchanged_reports(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("baojing-2019-dept.txt", "wuhua-2019-project.txt", "bazhong-2022-dept.txt"):
        shutil.copy(SAMPLES / "txt" / name, reports)
    out = reports / "s.xlsx"  # the summary and its review folder inside the season: neither is a report
    first = run_batch(BatchOptions([str(reports)], out, jobs=1))
    assert (first.analysed, first.reused) == (3, 0)
    changed = reports / "wuhua-2019-project.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")
    second = run_batch(BatchOptions([str(reports)], out, jobs=1))
    assert (second.analysed, second.reused) == (1, 2)
    assert [r.name for r in second.rows if r.name == changed.name] == [changed.name]
    assert [r.error for r in second.rows] == [None, None, None]  # its untouched review was replaced
    assert notes(out)["沿用上次结果"] == 2


def test_rerun_keeps_a_review_a_reviewer_worked_on(tmp_path):
    from decimal import Decimal

    from core.review.opening import open_review
    from core.review.storage import read_review

    reports = tmp_path / "reports"
    reports.mkdir()
    source = reports / "wuhua-2019-project.txt"
    shutil.copy(SAMPLES / "txt" / source.name, source)
    out = tmp_path / "s.xlsx"
    review = run_batch(BatchOptions([str(reports)], out, jobs=1)).review_dir / f"{source.name}.jxfh"
    session = open_review(review, source).session
    var = session.variable_ids()[0]
    session.set_value(var, Decimal(77))
    session.save()
    source.write_bytes(source.read_bytes() + b"\n")
    second = run_batch(BatchOptions([str(reports)], out, jobs=1))
    assert [r.error.split("]")[0] for r in second.rows] == ["错误[CHANGED_ON_DISK"]
    assert read_review(review).values[var].value == Decimal(77)


def test_sample_is_reproducible_from_its_seed(tmp_path):
    reports = [Path(f"/season/{unit}/{n}.pdf") for unit in "abc" for n in range(5)]
    moved = [Path("/elsewhere") / p.relative_to("/season") for p in reports]
    picked = draw(reports, Path("/season"), 4, seed=2026)
    assert len(picked) == 4 and picked == draw(list(reversed(reports)), Path("/season"), 4, seed=2026)
    assert {Path(p).relative_to("/season") for p in picked} == \
        {Path(p).relative_to("/elsewhere") for p in draw(moved, Path("/elsewhere"), 4, seed=2026)}
    assert picked != draw(reports, Path("/season"), 4, seed=2027)


def test_sample_and_seed_in_the_summary(tmp_path):
    out = tmp_path / "s.xlsx"
    result = run_batch(BatchOptions([str(SAMPLES / "txt")], out, jobs=1, sample=2, seed=11))
    marked = {r["路径"] for r in table(out) if r["抽查"] == "✓"}
    assert marked == result.sampled and len(marked) == 2
    assert notes(out)["抽查随机种子"] == 11
    assert marked == draw(sorted((SAMPLES / "txt").glob("*.txt")), SAMPLES / "txt", 2, 11)


def test_risk_weighs_errors_grade_change_and_difference():
    quiet = SummaryRow("a", "a", errors=0, warnings=1, claimed=90, reviewed=89, difference=-1,
                       grade_claimed="优秀", grade_reviewed="优秀")
    loud = SummaryRow("b", "b", errors=2, warnings=0, claimed=92, reviewed=81, difference=-11,
                      grade_claimed="优秀", grade_reviewed="良")
    failed = SummaryRow("c", "c", error="错误[EMPTY_FILE]: 文件为空", error_code="EMPTY_FILE")
    assert quiet.risk == 3 and loud.risk == 20 + 15 + 11 and failed.risk is None
    assert rank([quiet, failed, loud]) == [2, None, 1]


def test_undetermined_total_reads_pending_with_its_range():
    data = {"source": {"name": "r.pdf", "sha256": "x"}, "meta": {}, "framework": {"id": "f"},
            "totals": {"claimed": 90, "reviewed": 30, "difference": -60, "status": "undetermined",
                       "range": [30, 95], "grade_claimed": "优秀", "grade_reviewed": None},
            "findings": [{"code": "W", "severity": "warning", "message": "w"},
                         {"code": "E", "severity": "error", "message": "e"}]}
    row = row_from_analysis("/r.pdf", data)
    assert reviewed_text(row) == "待定（30–95）"
    assert row.difference is None and row.risk == 12  # no grade change or difference while undetermined
    assert row.top_findings == ["[E] e", "[W] w"]


def run_main(*args, **kwargs):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, cwd=ROOT,
                          env=env, timeout=120, check=False, **kwargs)


def test_batch_bad_arguments_are_typed_errors(tmp_path):
    wrong = run_main("batch", str(SAMPLES / "txt"), "--out", str(tmp_path / "s.csv"))
    assert wrong.returncode == 2 and wrong.stderr.decode("utf-8").startswith("错误[BAD_ARGUMENT]")
    (tmp_path / "empty").mkdir()
    empty = run_main("batch", str(tmp_path / "empty"), "--out", str(tmp_path / "s.xlsx"))
    assert empty.returncode == 2 and "错误[NOT_FOUND]" in empty.stderr.decode("utf-8")
    assert not (tmp_path / "s.xlsx").exists()


def review_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_ctrl_c_keeps_the_finished_rows(tmp_path):
    out = tmp_path / "s.xlsx"
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "batch", *map(str, SEASON), "--out", str(out),
                                "--jobs", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    reviews = tmp_path / "s_复核文件"
    # bounded by pytest-timeout: a batch that never writes a review fails the test there
    while len(review_files(reviews)) < 3 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err.decode("utf-8")
    rows = table(out)
    assert 3 <= len(rows) < 40
    assert notes(out)["是否中断"].startswith("是")
    analysed = [r for r in rows if not r["读取错误"]]
    assert len(review_files(reviews)) >= len(analysed) > 0


def test_version_on_a_console_that_cannot_encode_chinese():
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, cwd=ROOT,
                          env={**os.environ, "PYTHONIOENCODING": "cp1252"}, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    from core import APP_NAME, __version__

    assert done.stdout.decode("utf-8").strip() == f"{APP_NAME} {__version__}"


def test_utf8_console_keeps_a_stream_that_can_encode_chinese():
    import io

    from main import ensure_utf8_console

    legacy = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    chinese = io.TextIOWrapper(io.BytesIO(), encoding="gb18030")
    ensure_utf8_console([legacy, chinese, None])
    assert legacy.encoding == "utf-8" and chinese.encoding == "gb18030"


def test_exports_go_beside_the_summary(tmp_path):
    out = tmp_path / "s.xlsx"
    result = run_batch(BatchOptions([str(SAMPLES / "txt" / "wuhua-2019-project.txt")], out, jobs=1,
                                    exports_dir=tmp_path / "成果"))
    (row,) = result.rows
    assert sorted(Path(p).name for p in row.exports) == ["wuhua-2019-project_复核意见.docx",
                                                         "wuhua-2019-project_复核意见.pdf",
                                                         "wuhua-2019-project_复核表.xlsx",
                                                         "wuhua-2019-project_批注版.pdf"]
    assert all((tmp_path / p).is_file() and (tmp_path / p).is_relative_to(tmp_path / "成果") for p in row.exports)


def test_rerun_retries_a_crashed_worker_but_not_a_corrupt_file(tmp_path):
    from core import __version__
    from core.batch.record import Entry, file_sha256, reusable
    from core.errors import CodedError

    report = tmp_path / "r.docx"
    report.write_bytes(b"PK\x03\x04 broken")
    digest = file_sha256(report)

    def entry(code):
        return Entry(digest, None, None, __version__, failed_row(str(report), report.name, CodedError(code, "x")))

    assert reusable(entry("CORRUPT_FILE"), report, tmp_path).error_code == "CORRUPT_FILE"
    assert reusable(entry("WORKER_FAILED"), report, tmp_path) is None
    report.write_bytes(b"PK\x03\x04 broken, differently")
    assert reusable(entry("CORRUPT_FILE"), report, tmp_path) is None
