"""复核表 (xlsx, openpyxl): one row per indicator, and every subtotal, the total, the cap, the grade and the
differences as live formulas, so that a reviewer who changes a score in Excel or WPS sees them follow.

The formulas restate the engine (domain.md §2.10): rows marked 计入总分=否 (not applicable, excluded) are
left out and the total is rescaled to 100 over the applicable weight; the grade is looked up in the band
table of the 评分参数 sheet, then limited by the execution-rate tiers (cap_mode grade, or total: the
total is cut just below the capped grade); while rows are 待定 the total is provisional, its best case is
shown, and under half the weight settled the grade reads 待定. Plain values are the app's own numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from core.exports import wording
from core.exports.facts import ReviewFacts, ScoreRow, date_text, score_text
from core.scoring.grades import normalize_grade

SHEET = "复核表"
PARAMS = "评分参数"
COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "分值", "自评完成值", "自评得分",
           "复核完成值", "复核得分", "差异", "计入总分", "待定", "复核说明")
WIDTHS = (10, 12, 20, 7, 9, 7, 11, 8, 11, 8, 7, 7, 6, 48)
HEADER_ROW = 4
YES, NO = "是", "否"
SCORE_FORMAT = "0.00"
NO_CAP = 99  # a band index above every real one: "no cap"


@dataclass
class SheetCells:
    """Where the formulas the tests and the reviewer read are (coordinates on the 复核表 sheet)."""

    total: str = ""
    grade: str = ""
    status: str = ""
    best_total: str = ""
    difference: str = ""
    verdict: str = ""
    levels: dict[tuple[str, ...], str] = field(default_factory=dict)  # level path → reviewed subtotal
    rows: dict[str, int] = field(default_factory=dict)  # indicator id → sheet row


def sheet_bytes(facts: ReviewFacts) -> tuple[bytes, SheetCells]:
    from openpyxl import Workbook

    book = Workbook()
    _add_styles(book)
    ws = book.active
    ws.title = SHEET
    params = _write_params(book.create_sheet(PARAMS), facts)
    cells = _Writer(ws, facts, params).write()
    _write_figures(book.create_sheet("基础数据"), facts)
    _write_findings(book.create_sheet("问题清单"), facts)
    out = BytesIO()
    book.save(out)
    return out.getvalue(), cells


# Named styles, registered once per workbook: assigning one to a cell is far cheaper than building fonts,
# borders and alignments cell by cell (openpyxl hashes each of those on every assignment).
HEAD, GRID, WRAP = "复核表头", "复核表格", "复核文字"


def _add_styles(book) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    book.add_named_style(NamedStyle(HEAD, font=Font(bold=True), fill=PatternFill("solid", fgColor="DDEBF7"),
                                    border=box, alignment=Alignment(horizontal="center", vertical="center",
                                                                    wrap_text=True)))
    book.add_named_style(NamedStyle(GRID, border=box, alignment=Alignment(vertical="center", wrap_text=True)))
    book.add_named_style(NamedStyle(WRAP, alignment=Alignment(vertical="top", wrap_text=True)))


@dataclass(frozen=True)
class _Params:
    """Absolute addresses on the 评分参数 sheet: a reviewer who changes a band, a cap tier or the deviation
    limits there sees the 复核表 follow."""

    lowers: str  # range of the bands' lower bounds, ascending
    words: str  # range of the grades beside them
    max_total: str
    n: str  # 偏差较大 beyond this many points
    m: str  # 存在偏差 beyond this many points
    tiers: tuple[tuple[str, str], ...]  # (rate limit cell, highest grade cell) per cap tier


def _write_params(ws, facts: ReviewFacts) -> _Params:
    scale = facts.scale
    ws.append(["等级标准（下限含）", "等级"])
    for lower, word in scale.bands:
        ws.append([float(lower), word])
    last = 1 + len(scale.bands)
    ws.append([])
    ws.append(["满分", "偏差较大（分）", "存在偏差（分）", "执行率封顶"])
    ws.append([float(scale.max_total), float(scale.deviation_n), float(scale.deviation_m),
               "仅限等级" if scale.cap_mode == "grade" else "总分截至该等级上限"])
    values = last + 3
    ws.append([])
    ws.append(["执行率低于（%）", "等级最高为"])
    first_tier = ws.max_row + 1
    for limit, word in scale.cap_tiers:
        ws.append([float(limit), word])
    ws.column_dimensions["A"].width = 18
    sheet = f"'{PARAMS}'!"
    return _Params(f"{sheet}$A$2:$A${last}", f"{sheet}$B$2:$B${last}", f"{sheet}$A${values}",
                   f"{sheet}$B${values}", f"{sheet}$C${values}",
                   tuple((f"{sheet}$A${first_tier + i}", f"{sheet}$B${first_tier + i}")
                         for i in range(len(scale.cap_tiers))))


class _Writer:
    """The 复核表 sheet, top to bottom; keeps the row it is at."""

    def __init__(self, ws, facts: ReviewFacts, params: _Params) -> None:
        self.ws = ws
        self.facts = facts
        self.params = params
        self.cells = SheetCells()
        self.first = HEADER_ROW + 1
        self.last = HEADER_ROW + len(facts.rows)

    def write(self) -> SheetCells:
        self._title()
        self._table()
        row = self._levels(self.last + 2)
        row = self._totals(row + 1)
        row = self._budget(row + 1)
        self._signoff(row + 1)
        self._page()
        return self.cells

    # -- parts ---------------------------------------------------------------------------------------
    def _title(self) -> None:
        from openpyxl.styles import Alignment, Font

        h = self.facts.header
        year = f"{h.year}年度" if h.year else ""
        self._merged(1, 1, len(COLUMNS), f"{h.unit or ''}{year}{h.kind}绩效自评复核表", Font(bold=True, size=16))
        self.ws.row_dimensions[1].height = 30
        self._merged(2, 1, 7, f"被评价单位：{h.unit or ''}　　报告：{h.report}", None)
        self._merged(2, 8, len(COLUMNS), f"年度：{h.year or '—'}　　指标体系：{h.framework}", None)
        self._merged(3, 1, len(COLUMNS), f"复核方式：{wording.REVIEW_METHOD}　　复核人：{h.reviewer or ''}"
                     f"　　复核日期：{date_text(h.day)}"
                     + ("　　状态：复核完成" if h.completed else ""), None)
        for row in (2, 3):
            self.ws.cell(row, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def _table(self) -> None:
        ws = self.ws
        for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
            ws.cell(HEADER_ROW, col, name).style = HEAD
            ws.column_dimensions[_letter(col)].width = width
        for offset, row in enumerate(self.facts.rows):
            self._indicator(self.first + offset, row)
        self._merge_runs(1, [r.level1 for r in self.facts.rows])
        self._merge_runs(2, [(r.level1, r.level2) if r.level2 else None for r in self.facts.rows])
        self._yes_no(self._col("L"), self._col("M"))

    def _yes_no(self, *ranges: str) -> None:
        """计入总分 and 待定 take 是/否 only: the formulas count exactly these words."""
        from openpyxl.worksheet.datavalidation import DataValidation

        check = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=False, showErrorMessage=True,
                               errorTitle="请选择", error=f"请填写“{YES}”或“{NO}”。")
        for cells in ranges:
            check.add(cells)
        self.ws.add_data_validation(check)

    def _indicator(self, n: int, row: ScoreRow) -> None:
        self.cells.rows[row.indicator_id] = n
        values = (row.level1, row.level2, row.name, row.nature, row.target, _num(row.weight), row.claimed_value,
                  _num(row.claimed_score), _num(row.value), _num(row.score),
                  f'=IF(AND(ISNUMBER(H{n}),ISNUMBER(J{n})),J{n}-H{n},"")',
                  YES if row.counted else NO, YES if row.pending else NO, row.reason)
        for col, value in enumerate(values, start=1):
            self.ws.cell(n, col, value).style = GRID
        _fit_height(self.ws, n, values, WIDTHS)
        for col in (6, 8, 10, 11):
            self.ws.cell(n, col).number_format = SCORE_FORMAT
        self.ws.cell(n, 9).number_format = "0.00##"

    def _levels(self, row: int) -> int:
        from openpyxl.styles import Font

        ws = self.ws
        for col, name in enumerate(("指标得分汇总", "", "", "", "", "分值", "", "自评得分", "", "复核得分", "差异"),
                                   start=1):
            ws.cell(row, col, name or None).font = Font(bold=True)
        for level in self.facts.levels:
            row += 1
            first, last = self._span(level.path)
            ws.cell(row, 1, "／".join(level.path))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            ws.cell(row, 6, f'=SUMIF(L{first}:L{last},"{YES}",F{first}:F{last})')
            ws.cell(row, 8, _num(level.claimed))
            ws.cell(row, 10, f'=ROUND(SUMIF(L{first}:L{last},"{YES}",J{first}:J{last}),2)')
            ws.cell(row, 11, f'=IF(ISNUMBER(H{row}),J{row}-H{row},"")')
            for col in (6, 8, 10, 11):
                ws.cell(row, col).number_format = SCORE_FORMAT
            self.cells.levels[tuple(level.path)] = f"J{row}"
        return row

    def _totals(self, row: int) -> int:
        """Label in A:E, value in F (and G:N for the note)."""
        facts, b = self.facts, self.params
        col = self._col
        claimed = facts.totals.claimed
        claimed_grade = normalize_grade(facts.totals.grade_claimed)
        claimed_shown = _display(facts, claimed_grade) if claimed_grade else None
        lines: list[tuple[str, str, object, str]] = [
            ("applicable", "计入总分的分值", f'=SUMIF({col("L")},"{YES}",{col("F")})', ""),
            ("earned", "复核得分合计（未折算）", f'=ROUND(SUMIF({col("L")},"{YES}",{col("J")}),2)', ""),
            ("settled", "已确定的分值", f'=SUM({col("F")})-SUMIF({col("M")},"{YES}",{col("F")})', ""),
            ("before", "复核总分（封顶前）", "=IF({applicable}={max},{earned},IF({applicable}=0,0,"
                                         "ROUND({earned}/{applicable}*100,2)))", "不适用指标不计入时按适用分值折算为百分制"),
            ("band", "按总分的等级序号", f"=MATCH({{before}},{b.lowers},1)", ""),
            ("rate", "执行率（封顶依据）", self._rate(), self._cap_note()),
            ("final", "封顶后等级序号", self._final_band(), ""),
            ("total", "复核总分", self._capped_total(), ""),
            ("grade", "复核等级", f'=IF({{settled}}*2<{{max}},"{wording.PENDING_GRADE}",INDEX({b.words},{{final}}))',
             "已确定分值不足满分一半时等级待定"),
            ("status", "总分状态", f'=IF(COUNTIF({col("M")},"{YES}")=0,"{wording.TOTAL_STATUS["complete"]}",'
                                 f'IF({{settled}}*2<{{max}},"{wording.TOTAL_STATUS["undetermined"]}",'
                                 f'"{wording.TOTAL_STATUS["provisional"]}"))', ""),
            ("best_earned", "待定项按满分计的得分合计", f'=ROUND({{earned}}+SUMIF({col("M")},"{YES}",{col("F")})'
                                                 f'-SUMIF({col("M")},"{YES}",{col("J")}),2)', ""),
            ("best", "待定项全部满分时的总分", "=IF({applicable}={max},{best_earned},IF({applicable}=0,0,"
                                          "ROUND({best_earned}/{applicable}*100,2)))", "补全待定项后总分的上限"),
            ("claimed", "自评总分", _num(claimed), ""),
            ("claimed_grade", "自评等级", claimed_shown or self._grade_of_claimed(),
             facts.totals.grade_claimed or "报告未写等级，按自评总分确定"),
            ("difference", "差异（复核－自评）", '=IF(ISNUMBER({claimed}),{total}-{claimed},"")', ""),
            ("verdict", "自评质量", self._verdict(), ""),
        ]
        where = {name: f"$F${row + i}" for i, (name, *_rest) in enumerate(lines)}
        where.update(max=b.max_total, n=b.n, m=b.m)
        for i, (_name, label, value, note) in enumerate(lines):
            self._labelled(row + i, label, value.format(**where) if isinstance(value, str) else value, note)
        for name in ("total", "grade", "status", "difference", "verdict"):
            setattr(self.cells, name, where[name].replace("$", ""))
        self.cells.best_total = where["best"].replace("$", "")
        return row + len(lines)

    def _col(self, letter: str) -> str:
        """A column of the indicator rows, e.g. L5:L22."""
        return f"{letter}{self.first}:{letter}{self.last}"

    def _grade_of_claimed(self) -> str | None:
        if self.facts.totals.claimed is None:
            return None
        return f"=INDEX({self.params.words},MATCH({{claimed}},{self.params.lowers},1))"

    def _rate(self) -> object:
        exec_row = next((r for r in self.facts.rows if r.execution), None)
        if exec_row is None or not self.facts.scale.cap_enabled:
            return None
        return f'=IF(ISNUMBER(I{self.cells.rows[exec_row.indicator_id]}),I{self.cells.rows[exec_row.indicator_id]},"")'

    def _cap_note(self) -> str:
        scale = self.facts.scale
        if not scale.cap_enabled:
            return "不设执行率封顶"
        tiers = "；".join(f"低于{score_text(limit)}%的等级最高为{word}" for limit, word in scale.cap_tiers)
        return f"预算执行率{tiers}（执行率待定时不封顶）"

    def _final_band(self) -> str:
        """The band index, lowered to the highest grade of every tier whose rate limit is not reached."""
        words = self.params.words
        tiers = [f"IF(AND(ISNUMBER({{rate}}),{{rate}}<{limit}),IFERROR(MATCH({word},{words},0),{NO_CAP}),{NO_CAP})"
                 for limit, word in self.params.tiers] if self.facts.scale.cap_enabled else []
        return "=MIN({band}" + "".join("," + t for t in tiers) + ")"

    def _capped_total(self) -> str:
        if self.facts.scale.cap_mode != "total":
            return "={before}"
        return f"=IF({{final}}<{{band}},MIN({{before}},INDEX({self.params.lowers},{{final}}+1)-0.01),{{before}})"

    @staticmethod
    def _verdict() -> str:
        """domain.md §2.10.4 over the cells above and the 评分参数 limits N and M."""
        pending = wording.PENDING_GRADE
        return (f'=IF({{grade}}="{pending}","{pending}",'
                'IF(AND({claimed}="",{claimed_grade}=""),"自评结果缺失",'
                'IF({claimed}="",IF({claimed_grade}={grade},"基本一致","偏差较大"),'
                'IF(OR({claimed_grade}<>{grade},ABS({difference})>{n}),"偏差较大",'
                'IF(ABS({difference})>{m},"存在偏差","基本一致")))))')

    def _budget(self, row: int) -> int:
        from openpyxl.styles import Font

        budget = self.facts.budget
        if budget is None:
            return row
        n = self.cells.rows[next(r.indicator_id for r in self.facts.rows if r.execution)]
        self.ws.cell(row, 1, f"预算执行（{budget.name}）").font = Font(bold=True)
        self._labelled(row, "", None, budget.formula)
        a, b = f"$F${row + 1}", f"$F${row + 2}"
        lines = (("A 预算数（万元）", _num(budget.a)), ("B 执行数（万元）", _num(budget.b)),
                 ("B÷A（%）", f'=IF(N({a})=0,"",ROUND({b}/{a}*100,2))'), ("分值", f"=F{n}"),
                 ("自评得分", f"=H{n}"), ("复核得分", f"=J{n}"))
        for i, (label, value) in enumerate(lines, start=1):
            self._labelled(row + i, label, value)
        return row + len(lines) + 1

    def _labelled(self, n: int, label: str, value: object, note: str = "") -> None:
        """A line of the blocks under the table: label over A:E, value in F, a note over G:N."""
        if label:
            self.ws.cell(n, 1, label)
            self.ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=5)
        if value is not None:
            self.ws.cell(n, 6, value).number_format = SCORE_FORMAT
        if note:
            self.ws.cell(n, 7, note)
            self.ws.merge_cells(start_row=n, start_column=7, end_row=n, end_column=len(COLUMNS))

    def _signoff(self, row: int) -> None:
        h = self.facts.header
        self._merged(row, 1, 5, f"复核人：{h.reviewer or '　' * 6}", None)
        self._merged(row, 6, 10, "审核人：" + "　" * 6, None)
        self._merged(row, 11, len(COLUMNS), f"复核日期：{date_text(h.day)}", None)
        self._merged(row + 1, 11, len(COLUMNS), "财政局（绩效科）（盖章）", None)

    def _page(self) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.freeze_panes = f"D{self.first}"
        ws.print_options.horizontalCentered = True

    # -- helpers -------------------------------------------------------------------------------------
    def _span(self, path: tuple[str, ...]) -> tuple[int, int]:
        """First and last sheet row of the indicators under a level (rows are in tree order)."""
        levels = [(r.level1, *(r.level2.split("／") if r.level2 else ())) for r in self.facts.rows]
        rows = [self.first + i for i, lv in enumerate(levels) if lv[: len(path)] == tuple(path)]
        return (rows[0], rows[-1]) if rows else (self.first, self.first)

    def _merge_runs(self, col: int, keys: list) -> None:
        start = 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i] != keys[start]:
                if keys[start] is not None and i - start > 1:
                    self.ws.merge_cells(start_row=self.first + start, start_column=col,
                                        end_row=self.first + i - 1, end_column=col)
                start = i

    def _merged(self, row: int, first: int, last: int, text: str, font) -> None:
        cell = self.ws.cell(row, first, text)
        if font is not None:
            cell.font = font
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _write_figures(ws, facts: ReviewFacts) -> None:
    ws.append(["数据项", "数值", "单位", "来源", "位置", "更正前", "修改人", "修改时间"])
    for f in facts.figures:
        ws.append([f.label, _num(f.value), f.unit, f.origin, f.location, _num(f.corrected_from), f.changed_by,
                   f.changed_at])
    _widths(ws, (18, 12, 6, 10, 40, 10, 10, 22))


def _write_findings(ws, facts: ReviewFacts) -> None:
    ws.append(["序号", "严重程度", "代码", "类别", "位置", "事实", "处理建议", "复核处理", "备注", "写入意见"])
    for f in facts.findings:
        ws.append([f.number, f.severity, f.code, f.group, f.location, f.message, f.advice, f.decision, f.note,
                   YES if f.in_opinion else NO])
    _widths(ws, (6, 8, 20, 12, 36, 60, 28, 8, 20, 8))


def _widths(ws, widths: tuple[int, ...]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[_letter(col)].width = width
        ws.cell(1, col).style = HEAD
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.style = WRAP
        _fit_height(ws, row[0].row, [cell.value for cell in row], widths)
    ws.freeze_panes = "A2"


LINE_HEIGHT = 14.5  # points per wrapped line at the default 11 pt


def _fit_height(ws, row: int, values, widths) -> None:
    """Neither openpyxl nor LibreOffice sizes a wrapped row on its own: give it room for its longest text
    (a Chinese character takes about two width units of a column)."""
    lines = max((math.ceil(_text_width(str(v)) / max(w - 1, 1)) for v, w in zip(values, widths, strict=False)
                 if isinstance(v, str) and not v.startswith("=")), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _display(facts: ReviewFacts, canonical: str) -> str:
    """A canonical grade (优/良/中/差) in the framework's words, as the band table writes it."""
    from core.scoring.grades import GRADES

    words = [w for _, w in sorted(facts.scale.bands, reverse=True)]
    return words[GRADES.index(canonical)] if canonical in GRADES and len(words) == len(GRADES) else canonical


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
