"""The season's summary workbook: a pandas DataFrame written through openpyxl, then formatted (header style,
widths, frozen header, autofilter, number formats, a hyperlink from each row to its review file), with a
说明 sheet (how it was made, the sample's seed, the risk formula) and the hidden skip record."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from core import APP_NAME, __version__
from core.batch import record
from core.batch.rows import (
    ERROR_WEIGHT,
    GRADE_CHANGE_WEIGHT,
    UNDETERMINED,
    WARNING_WEIGHT,
    SummaryRow,
    rank,
)

SHEET = "汇总"
NOTES_SHEET = "说明"
STATUS_TEXT = {"complete": "完整", "provisional": "暂定", UNDETERMINED: "待定", None: ""}
PENDING = "待定"
# (column header, width in characters, number format or None)
COLUMNS = [
    ("风险排名", 8, "0"), ("风险分", 8, "0.0#"), ("文件", 30, None), ("单位", 26, None), ("年度", 7, "0"),
    ("类型", 12, None), ("自评总分", 9, "0.0#"), ("复核总分", 14, "0.0#"), ("复核状态", 8, None),
    ("差额", 8, "+0.0#;-0.0#;0"), ("自评等级", 8, None), ("复核等级", 8, None), ("错误", 6, "0"),
    ("警告", 6, "0"), ("主要问题", 60, None), ("抽查", 6, None), ("复核文件", 16, None), ("读取错误", 40, None),
    ("路径", 50, None),
]
REVIEW_COLUMN = "复核文件"
HEADER_FILL = "1F4E78"
HEADER_FONT = "FFFFFF"


@dataclass(frozen=True)
class RunInfo:
    """What the 说明 sheet tells about the run."""

    sources: list[str]
    generated_at: str
    sample_size: int | None
    seed: int | None
    analysed: int
    reused: int
    interrupted: bool


def reviewed_text(row: SummaryRow):
    """The reviewed total, or 待定 with the range it can still take while it is undetermined."""
    if row.status == UNDETERMINED:
        low, high = (row.range or [None, None])[:2]
        return f"{PENDING}（{_fmt(low)}–{_fmt(high)}）" if low is not None else PENDING
    return row.reviewed


def reviewed_grade_text(row: SummaryRow) -> str | None:
    return PENDING if row.status == UNDETERMINED else row.grade_reviewed


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def frame(rows: list[SummaryRow], sampled: set[str]):
    """Rows in risk order (riskiest first, failed reports last) as a DataFrame with the summary's columns."""
    import pandas as pd

    ranks = rank(rows)
    ordered = sorted(zip(ranks, rows), key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1].path))
    records = [_record(position, row, row.path in sampled) for position, row in ordered]
    return pd.DataFrame.from_records(records, columns=[name for name, _w, _f in COLUMNS]), [r for _p, r in ordered]


def _record(position: int | None, row: SummaryRow, sampled: bool) -> dict:
    return {
        "风险排名": position, "风险分": row.risk, "文件": row.name, "单位": row.unit, "年度": row.year,
        "类型": row.kind, "自评总分": row.claimed, "复核总分": reviewed_text(row),
        "复核状态": "读取失败" if row.failed else STATUS_TEXT.get(row.status, row.status),
        "差额": row.difference, "自评等级": row.grade_claimed,
        "复核等级": reviewed_grade_text(row),
        "错误": None if row.failed else row.errors, "警告": None if row.failed else row.warnings,
        "主要问题": "\n".join(row.top_findings), "抽查": "✓" if sampled else "",
        REVIEW_COLUMN: "打开复核" if row.review_file else None, "读取错误": row.error, "路径": row.path,
    }


def write_summary(path: Path, rows: list[SummaryRow], sampled: set[str], info: RunInfo) -> None:
    """Write the workbook to a temporary file beside `path`, then replace `path` (never half-written)."""
    import pandas as pd

    table, ordered = frame(rows, sampled)
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem, suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name=SHEET, index=False)
            _format_summary(writer.sheets[SHEET], ordered)
            _notes(writer.book.create_sheet(NOTES_SHEET), info)
            hidden = writer.book.create_sheet(record.SHEET)
            for line in record.record_rows(rows):
                hidden.append(line)
            hidden.sheet_state = "hidden"
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _format_summary(sheet, ordered: list[SummaryRow]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for index, (_name, width, number_format) in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True, color=HEADER_FONT)
        header.fill = PatternFill("solid", fgColor=HEADER_FILL)
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    wrap = Alignment(wrap_text=True, vertical="top")
    findings_column = [name for name, _w, _f in COLUMNS].index("主要问题") + 1
    review_column = [name for name, _w, _f in COLUMNS].index(REVIEW_COLUMN) + 1
    for offset, row in enumerate(ordered, 2):
        sheet.cell(row=offset, column=findings_column).alignment = wrap
        if row.review_file:
            link = sheet.cell(row=offset, column=review_column)
            link.hyperlink = row.review_file  # relative: Excel/WPS resolve it from the workbook's folder
            link.style = "Hyperlink"
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = sheet.dimensions


def _notes(sheet, info: RunInfo) -> None:
    from openpyxl.styles import Font

    lines = [
        ("生成程序", f"{APP_NAME} {__version__}"), ("生成时间", info.generated_at),
        ("分析范围", "；".join(info.sources)), ("本次分析", info.analysed), ("沿用上次结果", info.reused),
        ("是否中断", "是（仅含已完成的报告）" if info.interrupted else "否"),
        ("抽查数量", info.sample_size if info.sample_size else "未抽查"),
        ("抽查随机种子", info.seed if info.sample_size else ""),
        ("风险分", (f"错误数×{ERROR_WEIGHT} + 警告数×{WARNING_WEIGHT} + 复核等级与自评等级不同时加 "
                  f"{GRADE_CHANGE_WEIGHT} + |复核总分 − 自评总分|；复核总分待定时不计后两项；读取失败的报告不计分，排在最后")),
        ("复核文件", "点击“打开复核”打开该报告的复核文件（复核文件与本表放在同一文件夹下的复核文件夹中）"),
    ]
    for label, value in lines:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 100
