"""What the report is: unit, year under evaluation, kind, closing date, claimed total and grade.

Values are taken only from what the report writes; masked (`****`) or placeholder (`20xx`, `XX单位`) values
stay None (domain.md §1.1, §1.3 e, §5.12 f; gold/README "meta"). Every total and grade stated is kept; the
claimed one is the conclusion's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.documents.model import Document
from core.extraction.lines import line_spans
from core.extraction.model import Loc, Meta
from core.extraction.normalize import Normalized
from core.extraction.numbers import CN_DIGITS, parse_chinese_int

# A one-character grade counts only where no word continues it (评价为优 vs 评价为中心工作); a grade
# followed by another one is a list of options (等级:优秀、良好、合格、不合格), not a claim.
# A two-character grade may be cut by a line wrap a PDF kept (评价等次为优\n秀).
_GRADE = (r"(?P<g>优\n?秀|良\n?好|合\n?格|中\n?等|较\n?差|[优良中差](?![\u4e00-\u9fff\n]))"
          r"(?![\"”’]?\s*[、/|或]\s*[\"“‘]?(?:优|良|合格|中|差|较差|不合格))"
          r"(?!\s*[(:]\s*[\d≥≤>])")
# A bare 总分 is usually the scale (总分100分), so only a scored total counts.
TOTAL_RE = re.compile(
    r"(?:(?:综合|总|评价|自评|考评|最终)(?:综合|总)?(?:得分|分数)|(?:自评|评价|考评)结果(?::?\s*(?:得分|总分))?"
    r"|(?:自评|评价|考评)总分|(?<![\u4e00-\u9fff])合计得分)(?:为|是|:)?\s*"
    r"(?P<v>\d+(?:\.\d+)?)\s*分"
)
# A sum of scores is the report's total only where a grade follows it: "…，合计88分，等级为良好".
SUM_TOTAL_RE = re.compile(r"(?:合计|总计)(?:得分)?(?:为|是|:)?\s*(?P<v>\d+(?:\.\d+)?)\s*分")
# A grade with its total in brackets after an evaluation cue: "评价结论为：优秀（92分）" (a scale lists ranges,
# "优秀（90分以上）", which do not close right after the number).
GRADE_THEN_TOTAL_RE = re.compile(
    r"(?:评价|自评|评定)(?:结论|结果|等级|等次)?(?:为|是|:)+\s*[\"“]?(?P<g>优秀|良好|合格|中等|较差|优|良|中|差)[\"”]?"
    r"\s*\(\s*(?P<v>\d+(?:\.\d+)?)\s*分\s*\)")
# A score another body gave ("在全市考核中得分98.5分，排名第一") is not the self-evaluation's.
OTHER_ASSESSMENT_RE = re.compile(r"全(?:国|省|市|州|县|区)[^,。;]{0,15}(?:考核|考评|评比|测评|评估|评价)|排名|名列")
SENTENCE_END_RE = re.compile(r"[。;\n]")
LEVEL_CONTEXT_RE = re.compile(r"类指标|[(\[【]\s*\d+(?:\.\d+)?\s*分\s*[)\]】]|[(\[【]\s*(?:分值|满分|权重)")
GRADE_AFTER_TOTAL_RE = re.compile(rf"\s*[,，]?\s*(?:(?:评价|自评|综合)?(?:等级|等次))?(?:为|是)?\s*{_GRADE}")
GRADE_RE = re.compile(rf"(?:评价|自评|评定|评级)(?:结果|等级|等次|结论)?(?:为|是|:)\s*[\"“]?{_GRADE}")
YEAR_RE = re.compile(r"(?<![\d〔\[【(])(?P<y>(?:19|20)\d{2}|20[xX]{2})\s*年")
_CN_DATE_DIGITS = "".join(CN_DIGITS)
DATE_LINE_RE = re.compile(
    rf"^\s*(?:(?:报告|填报|编制)?(?:日期|时间)[:]?)?\s*"
    rf"(?:(?P<y>\d{{4}}|[{_CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*日?"
    rf"|(?P<y2>\d{{4}})[.\-/](?P<m2>\d{{1,2}})[.\-/](?P<d2>\d{{1,2}}))\s*$"
)
ORG_SUFFIX = r"(?:管理委员会|委员会|管委会|办公室|办事处|中心|局|院|所|站|馆|厅|政府|公司|学校|大队|支队)"
ORG_FULL_RE = re.compile(rf"^[\u4e00-\u9fff]{{2,24}}{ORG_SUFFIX}$")
MASK_RE = re.compile(r"\*{2,}|＊{2,}")
# A signature line: "某县某某中心", "单位:某局(盖章)".
SIGNATURE_RE = re.compile(
    rf"^(?:(?:报告|填报|编制)?单位(?:名称)?[:]?)?\s*(?P<org>[\u4e00-\u9fff]{{2,24}}{ORG_SUFFIX})"
    rf"\s*(?:\(?(?:盖章|公章|章)\)?)?$")
# A form field naming the unit, in prose ("单位名称：…") or as a table's label and value cells.
UNIT_FIELD_RE = re.compile(
    rf"(?:单位名称|填报单位|报送单位|被评价单位|预算单位|部门名称|实施单位|项目单位)\s*(?:[:\t ]|为|是)\s*"
    rf"(?P<org>[\u4e00-\u9fff]{{2,24}}{ORG_SUFFIX})(?![\u4e00-\u9fff])")
# An opening sentence whose subject is the unit: "某区财政局是…", "县某某中心设3个内设机构".
_SUBJECT_VERBS = r"(?:是|设|于|为|成立|位于|现有|内设|下设|共有|主要)"
OPENING_RE = re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,24}}?{ORG_SUFFIX}){_SUBJECT_VERBS}")
# Failing that, a clause inside a paragraph whose subject is a unit at work ("…的要求，某中心组织专人…",
# "(一)部门职能。某中心负责…").
CLAUSE_SUBJECT_RE = re.compile(
    rf"(?<=[。,:;])\s*(?P<org>[\u4e00-\u9fff]{{2,24}}?{ORG_SUFFIX})(?:{_SUBJECT_VERBS}|负责|承担|组织)")
TITLE_TAIL_RE = re.compile(r"部门整体支出|整体支出|部门整体|项目支出|财政支出|绩效|年度|预算")
TITLE_YEAR_RE = re.compile(r"(?:(?:19|20)\d{2}|20[xX]{2})\s*年度?")
BRACKETED_RE = re.compile(r"\(([^()]{2,30})\)")
# Kind votes: wording that names the object strongly, and weaker wording counted once.
KIND_PATTERNS = (
    (re.compile(r"整体支出\s*绩效|部门整体支出"), "部门整体支出", 2),
    (re.compile(r"项目支出\s*绩效"), "项目支出", 2),
    (re.compile(r"整体\s*绩效|部门整体"), "部门整体支出", 1),
    (re.compile(r"项目\s*绩效(?:评价|自评)"), "项目支出", 1),
    # the outline of a project report (domain.md §1.2, §4.3 levels)
    (re.compile(r"项目(?:概况|决策|过程|产出|效益|绩效目标|基本情况|实施情况|资金)"), "项目支出", 1),
    # money earmarked for one purpose, and a report speaking of "this project"
    (re.compile(r"专项资金|专项经费|(?:该|本|此)项目"), "项目支出", 1),
)
TITLE_KIND_WEIGHT = 3
# A title naming one undertaking (a renovation, a construction, earmarked money, a programme) is about a project; it
# weighs less than a title that says 部门整体支出 outright.
TITLE_PROJECT_RE = re.compile(r"项目|改造|建设|工程|专项|购置|维修|修缮|补助|补贴|(?:经费|资金)(?:使用|绩效)|计划|行动")
TITLE_PROJECT_WEIGHT = 2
SENTENCE_PUNCT_RE = re.compile(r"[。,;]")
# The kind is taken as certain when its votes reach this and at least double the other kind's.
CERTAIN_KIND_VOTES = 2
VOCABULARY_RE = re.compile(r"指标|得分|分值|绩效|评价|自评|评分|等级|预算")
TOP_HEADING_RE = re.compile(r"\s*[一二三四五六七八九十]{1,3}[、.][^\n]{0,30}$")
CONCLUSION_HEADING_RE = re.compile(r"结论|结果|总体评价|综合评价")
CLOSING_LINES = 6
# An attachment heading after the signature: 附表：…评分表, 附件1：….
ATTACHMENT_RE = re.compile(r"\s*附(?:表|件)\s*\d*\s*[:：]")
MARKER_START_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[、.]|\(\d+\))")


class MetaReader:
    def __init__(self, document: Document, norm: Normalized):
        self.document = document
        self.norm = norm
        self.text = norm.text
        self.lines = [(start, end) for start, end in line_spans(self.text) if end > start]  # non-blank
        self.meta = Meta()

    def loc(self, start: int, end: int) -> Loc:
        s, e = self.norm.span_to_source(start, end)
        return Loc(s, e, self.document.page_of(s), self.document.text[s:e])

    def set(self, key: str, value, start: int, end: int) -> None:
        setattr(self.meta, key, value)
        self.meta.locs[key] = self.loc(start, end)

    def read(self) -> Meta:
        self.meta.looks_like_report = VOCABULARY_RE.search(self.text) is not None
        self.read_date()
        self.read_year()
        self.read_kind()
        self.read_unit()
        self.read_total_and_grade()
        return self.meta

    # --- title, opening, signature --------------------------------------------------------------
    def title_lines(self) -> list[tuple[int, int]]:
        out = []
        for start, end in self.lines[:4]:
            line = self.text[start:end]
            if len(line) > 40 or line.endswith(":") or MARKER_START_RE.match(line) or "\t" in line:
                break
            out.append((start, end))
        return out

    def closing_lines(self) -> list[tuple[int, int]]:
        """The last lines, after those that close the report before its attachments (附表：评分表 …)."""
        attached = next((i for i, (s, e) in enumerate(self.lines) if ATTACHMENT_RE.match(self.text, s, e)), None)
        before = self.lines[max(0, attached - CLOSING_LINES):attached] if attached else []
        return before + self.lines[-CLOSING_LINES:]

    # --- fields -----------------------------------------------------------------------------------
    def read_date(self) -> None:
        for start, end in reversed(self.closing_lines()):
            m = DATE_LINE_RE.match(self.text[start:end])
            if m is None:
                continue
            if m.group("y2"):
                year, month, day = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            else:
                year = _year_number(m.group("y"))
                month, day = _small_number(m.group("m")), _small_number(m.group("d"))
            if year and month and day and 1 <= month <= 12 and 1 <= day <= 31:
                self.set("report_date", f"{year:04d}-{month:02d}-{day:02d}", start, end)
            return

    def read_year(self) -> None:
        titles = [(s, e) for s, e in self.title_lines() if not DATE_LINE_RE.match(self.text[s:e])]
        in_titles = [m for s, e in titles for m in YEAR_RE.finditer(self.text, s, e)]
        if in_titles:  # "2021年度" names the year evaluated where a title also mentions another year
            self._set_year(next((m for m in in_titles if self.text.startswith("度", m.end())), in_titles[0]))
            return
        found = [m for m in YEAR_RE.finditer(self.text)]
        if not found:
            return
        written = int(self.meta.report_date[:4]) if self.meta.report_date else None
        counts = Counter(m.group("y").lower() for m in found)
        candidates = [y for y in counts if not y.endswith("xx") and (written is None or int(y) < written)]
        if not candidates:
            candidates = [y for y in counts if not y.endswith("xx") and (written is None or int(y) <= written)]
        placeholders = sum(n for y, n in counts.items() if y.endswith("xx"))
        best = max(candidates, key=lambda y: (counts[y], y), default=None)
        if best is None or placeholders > counts[best]:
            return
        self._set_year(next(m for m in found if m.group("y") == best))

    def _set_year(self, m: re.Match) -> None:
        year = m.group("y")
        if not year.lower().endswith("xx"):
            self.set("year", int(year), m.start(), m.end())

    def read_kind(self) -> None:
        title_end = max((e for _, e in self.title_lines()), default=0)
        votes: Counter = Counter()
        first: dict[str, re.Match] = {}
        for pattern, kind, weight in KIND_PATTERNS:
            for m in pattern.finditer(self.text):
                votes[kind] += TITLE_KIND_WEIGHT if m.start() < title_end else weight
                if kind not in first or m.start() < first[kind].start():
                    first[kind] = m
        for start, end in self.title_lines():
            if SENTENCE_PUNCT_RE.search(self.text, start, end):
                continue  # an opening sentence, not a title
            m = TITLE_PROJECT_RE.search(self.text, start, end)
            if m:
                votes["项目支出"] += TITLE_PROJECT_WEIGHT
                first.setdefault("项目支出", m)
                break
        if votes:
            kind = max(votes, key=lambda k: (votes[k], -first[k].start()))
            self.set("kind", kind, first[kind].start(), first[kind].end())
            other = max((v for k, v in votes.items() if k != kind), default=0)
            self.meta.kind_certain = votes[kind] >= CERTAIN_KIND_VOTES and votes[kind] >= 2 * other

    def read_unit(self) -> None:
        for start, end in reversed(self.closing_lines()):
            line = self.text[start:end]
            if MASK_RE.fullmatch(line.strip()) or (MASK_RE.search(line) and len(line) <= 30):
                return  # the signature is masked: the name is withheld, never guessed
            m = SIGNATURE_RE.match(line)
            if m:
                self.set("unit", m.group("org"), start + m.start("org"), start + m.end("org"))
                return
        field = UNIT_FIELD_RE.search(self.text)
        if field is not None:
            self.set("unit", field.group("org"), field.start("org"), field.end("org"))
            return
        if self.unit_from_title() or any(MASK_RE.search(self.text[s:e]) for s, e in self.title_lines()):
            return
        for start, end in self.lines:
            m = OPENING_RE.match(self.text, start, end)
            if m:
                self.set("unit", m.group("org"), m.start("org"), m.end("org"))
                return
        # the finance bureau asks for the evaluation and organises it; it is not the unit evaluated
        m = next((m for m in CLAUSE_SUBJECT_RE.finditer(self.text) if not m.group("org").endswith("财政局")), None)
        if m:
            self.set("unit", m.group("org"), m.start("org"), m.end("org"))

    def unit_from_title(self) -> bool:
        for start, end in self.title_lines():
            line = self.text[start:end]
            for m in BRACKETED_RE.finditer(line):
                if ORG_FULL_RE.match(m.group(1)):
                    self.set("unit", m.group(1), start + m.start(1), start + m.end(1))
                    return True
            year = TITLE_YEAR_RE.search(line)
            before_year = line[:year.start()].split("关于")[-1] if year else ""
            if ORG_FULL_RE.match(before_year):  # 某局2021年度某某专项资金项目…: the unit, then the year
                at = line.find(before_year)
                self.set("unit", before_year, start + at, start + at + len(before_year))
                return True
            bare = re.sub(r"^关于", "", TITLE_YEAR_RE.sub("", line))
            tail = TITLE_TAIL_RE.search(bare)
            head = bare[:tail.start() if tail else len(bare)]
            at = line.find(head) if head else -1
            if at >= 0 and ORG_FULL_RE.match(head):
                self.set("unit", head, start + at, start + at + len(head))
                return True
        return False

    def read_total_and_grade(self) -> None:
        graded_sums = [t for t in SUM_TOTAL_RE.finditer(self.text) if GRADE_AFTER_TOTAL_RE.match(self.text, t.end())]
        found = sorted([*TOTAL_RE.finditer(self.text), *GRADE_THEN_TOTAL_RE.finditer(self.text), *graded_sums],
                       key=lambda t: t.start())
        totals = [t for t in found if self.is_report_total(t)]
        if totals:
            # an indicator's own "自评得分5分" is far below the report's total
            top = max(Decimal(t.group("v")) for t in totals)
            totals = [t for t in totals if Decimal(t.group("v")) * 2 >= top]
            self.meta.claimed_totals = [(Decimal(t.group("v")), self.loc(t.start(), t.end())) for t in totals]
            m = self.concluding(totals, lambda t: t.start())
            self.set("claimed_total", Decimal(m.group("v")), m.start(), m.end())
        spans = [(a.group("g").replace("\n", ""), a.start("g"), a.end("g")) for t in totals
                 if (a := t if t.re is GRADE_THEN_TOTAL_RE else GRADE_AFTER_TOTAL_RE.match(self.text, t.end()))]
        spans += [(m.group("g").replace("\n", ""), m.start("g"), m.end("g")) for m in GRADE_RE.finditer(self.text)]
        spans = sorted(set(spans), key=lambda g: g[1])
        if spans:
            self.meta.claimed_grades = [(g, self.loc(s, e)) for g, s, e in spans]
            self.set("claimed_grade", *self.concluding(spans, lambda g: g[1]))

    def is_report_total(self, m: re.Match) -> bool:
        """Not another body's score, nor a level's ("项目产出类指标(50分)，自评得分50分")."""
        start = max((e.end() for e in SENTENCE_END_RE.finditer(self.text, max(0, m.start() - 80), m.start())),
                    default=max(0, m.start() - 80))
        end = SENTENCE_END_RE.search(self.text, m.end())
        sentence = self.text[start:end.start() if end else len(self.text)]
        graded_sum = m.re is SUM_TOTAL_RE  # the levels it adds up may stand before it in the sentence
        return not OTHER_ASSESSMENT_RE.search(sentence) and (
            graded_sum or not LEVEL_CONTEXT_RE.search(self.text, start, m.start()))

    def concluding(self, found: list, start_of: Callable[[Any], int]):
        """The last statement in a concluding section (评价结论, 自评结果 …), else the last one: an
        introduction may announce a figure the conclusion revises."""
        sections = [(s, self.text[s:e]) for s, e in self.lines if TOP_HEADING_RE.match(self.text, s, e)]
        in_conclusion = [x for x in found if CONCLUSION_HEADING_RE.search(
            next((title for s, title in reversed(sections) if s <= start_of(x)), ""))]
        return (in_conclusion or found)[-1]


def _year_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _small_number(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese_int(text)


def extract_meta(document: Document, norm: Normalized) -> Meta:
    return MetaReader(document, norm).read()
