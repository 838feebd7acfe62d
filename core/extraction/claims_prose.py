"""Claims written in prose: indicator headings with weights, scores in the body or inline, level summaries.

Headings open levels by their numbering style (一、 （一） 1、 （1） ① 指标1:); a style already open closes
back to it. A score that refers back ("该项得3分") goes to the heading it belongs to; a clause that names
its own item ("预算控制率得5分") becomes an item under the current heading (domain.md §1.3 a, b, e).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from core.analysis_budget import check as check_analysis_budget
from core.extraction.claims import CLOSE, LEVEL_SUFFIX_RE, OPEN, QUOTES_RE, Item, clean_name, weight_in_name
from core.extraction.meta import OTHER_ASSESSMENT_RE, SUM_TOTAL_RE, TOTAL_RE
from core.extraction.normalize import Normalized

_NUM = r"\d+(?:\.\d+)?"
MAX_QUOTE = 60
MARKER_RE = re.compile(
    r"[ \t]*(?:(?P<cn>[一二三四五六七八九十]{1,3}[、.])"
    r"|(?P<pcn>\([一二三四五六七八九十]{1,3}\))"
    r"|(?P<par>\(\d{1,2}\))"
    r"|(?P<half>\d{1,2}\)(?![\d%]))"
    r"|(?P<num>\d{1,2}(?:、|\.(?!\d)))"
    r"|(?P<circ>[\u2460-\u2473\u2776-\u2793])"
    r"|(?P<zb>指标[ \t]*\d{1,2}[ \t]*[:：]))[ \t]*"
)
# 在职人员控制率(3分)  /  目标设定(6分):根据…
HEADING_WEIGHT_RE = re.compile(
    rf"(?P<name>[^()\[\]【】\n:;。,]{{1,40}}?)\s*{OPEN}\s*(?:(?:分值|权重|满分)?[:]?\s*(?P<w>{_NUM})\s*分"
    rf"|权重[:]?\s*(?P<pct>{_NUM})\s*%)\s*{CLOSE}")
# 过程（分值30分，自评得分28分）: weight and score in one bracket
HEADING_WEIGHT_SCORE_RE = re.compile(
    rf"(?P<name>[^()\[\]【】\n:;。,]{{1,40}}?)\s*{OPEN}\s*(?:分值|权重|满分)[:为]?\s*(?P<w>{_NUM})\s*分\s*[,;]\s*"
    rf"(?:自评)?(?:得分|得)[:为]?\s*(?P<s>{_NUM})\s*分\s*{CLOSE}")
WEIGHT_LINE_RE = re.compile(
    rf"\s*[\u4e00-\u9fff“”\"]{{2,20}}\s*{OPEN}\s*(?:分值|权重|满分)?[:]?\s*{_NUM}\s*分\s*{CLOSE}\s*[:]?\s*$")
# 在职人员控制率本项满分5分。…得5分: an unnumbered indicator opening its paragraph with its weight in words.
WORDED_WEIGHT_RE = re.compile(
    rf"\s*(?P<name>[\u4e00-\u9fff“”\"]{{2,20}}?)\s*(?:本项|该项|本指标|该指标)?(?:满分|分值|权重)(?:为|是)?:?\s*"
    rf"(?P<w>{_NUM})\s*分\s*[。,;:]")
# 受益群众满意度（10分）：…得9分: an unnumbered indicator heading its paragraph with a bracketed weight.
BRACKETED_LEAD_RE = re.compile(
    rf"\s*(?P<name>[\u4e00-\u9fff“”\"]{{2,20}}?)\s*{OPEN}\s*(?:分值|权重|满分)?:?\s*(?P<w>{_NUM})\s*分\s*{CLOSE}\s*:")
# 投入10分 (a list item's level weight, alone on the line or set off from what follows by a space, a full
# stop or a colon: "1、投入15分  预算配置得13分")
HEADING_BARE_WEIGHT_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff“”\"]{{1,12}}?)\s*[:]?\s*(?P<w>{_NUM})\s*分(?:[。.]?\s*$|[。.:]\s*|\s+)")
CLAUSE_SPLIT_RE = re.compile(r"[。;；]")
# 该项得3分, 该得3分, 该项得分应为5分, 该项得分5, 该部分得分20分
BACKREF_RE = re.compile(rf"(?:该|此|本)(?:项|指标|部分|类|方面)?(?:得分|得)(?:应为|为|是)?[:]?\s*(?P<s>{_NUM})\s*分?")
# "得分5" may leave out the closing 分 (the word 得分 already says what the number is); 得5 may not.
OWN_SCORE_RE = re.compile(
    rf"(?:(?P<pts>得分)|实?得|评分|计)(?:为)?[:]?\s*(?P<s>{_NUM})(?(pts)\s*分?(?![\d.%万元人个件项次])|\s*分)")
# A clause that starts like this scores the heading it sits under, not an item of its own.
REFERRING_START_RE = re.compile(r"^(?:根据|按照|依据|经|综合|通过|故|因此|所以|最终|合计|共计|总计|自评|实际|得分)")
# A sub-clause that starts like this ("…,根据评价标准得分3分") scores the heading too; 得分 is left out
# because an item's own clause may put it after a comma ("在职人员控制率:…=40%,得分5分").
REFERRING_SUBCLAUSE_RE = re.compile(r"^(?:根据|按照|依据|经|综合|故|因此|所以|最终)")
# A scoring standard quoted in the text ("评分标准:完成得5分") states what could be scored, not a claim.
STANDARD_RE = re.compile(r"(?:评分|计分|评价)(?:标准|规则|办法|方法|细则)\s*[:]|不得分|否则|扣完为止")
TWO_HAN_RE = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")
SUMMARY_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{1,10}})绩效(?:为|是|得分为?)\s*(?P<s>{_NUM})\s*分")
# "投入类指标得分13分": counts as a summary only for a level the report has a heading for.
LEVEL_SCORE_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{1,10}}?)(?:类指标|指标|部分|方面)?(?:得分|共得|合计得)(?:为|是)?[:]?\s*(?P<s>{_NUM})\s*分")
# A level's weight and score in one sentence, often in an overview before the level's own heading:
# "项目决策类指标(20分)，自评得分18分", "项目过程类指标满分20分，自评得18分". It names a level by 类/类指标
# or states the weight, in brackets or after 满分/分值.
LEVEL_SUMMARY_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,12}}?)(?P<level>类指标|类)?\s*:?\s*"
    rf"(?:(?P<bracket>{OPEN}\s*(?:分值|权重|满分)?:?\s*(?P<w>{_NUM})\s*分\s*{CLOSE})"
    rf"|(?P<full>(?:满分|分值|权重)(?:为|是)?\s*(?P<w2>{_NUM})\s*分))?\s*,?\s*"
    rf"(?:自评|实际|该项|本项)?(?:得分|得)(?:为|是)?:?\s*(?P<s>{_NUM})\s*分")
# A level's score with its weight after it: "投入19分（满分20分）".
SCORE_OF_WEIGHT_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,12}}?)\s*(?P<s>{_NUM})\s*分\s*{OPEN}\s*(?:满分|分值|权重)[:为]?\s*(?P<w>{_NUM})\s*分\s*{CLOSE}")
# 预算编制科学性满分10分 (a list item that states its weight, not its score).
WEIGHT_ONLY_RE = re.compile(rf"(?P<name>[\u4e00-\u9fff“”\"]{{2,20}}?)\s*(?:满分|分值)(?:为)?\s*(?P<w>{_NUM})\s*分")
# 得20分（分值20分）: the weight written after the score it bounds.
WEIGHT_AFTER_SCORE_RE = re.compile(rf"\s*{OPEN}\s*(?:满分|分值|权重)[:为]?\s*(?P<w>{_NUM})\s*分\s*{CLOSE}")
# A clause that opens by naming its subject, "居民满意度：…": its "该项" is that subject.
LABELLED_CLAUSE_RE = re.compile(r"\s*[\u4e00-\u9fff“”\"]{2,12}:")
# "该项满分5分，得5分" speaks of the indicator at hand, not of a level.
DEICTIC_RE = re.compile(r"^[该此本]")
# Where a clause listing several scored items is cut: after a score that a comma or colon follows.
SCORE_THEN_COMMA_RE = re.compile(r"\s*[,:]")
# An indicator written as fields: "指标名称：预算执行率，分值：10分，自评得分：9分".
FIELD_ROW_RE = re.compile(
    rf"指标(?:名称)?\s*:\s*(?P<name>[^,;。:]{{2,30}}?)\s*[,;]\s*(?:分值|权重|满分)\s*:?\s*(?P<w>{_NUM})\s*分?\s*[,;]\s*"
    rf"(?:自评)?得分\s*:?\s*(?P<s>{_NUM})\s*分?")
# Where an item's name ends inside a clause ("管理制度健全有相关…", "办理时限缩短至3天").
NAME_END_RE = re.compile(
    r"[\d,:;()≥≤<>=+/*%]|有(?!效)|符合|按|已|均|达|缩短|提高|降低|控制在|不低于|不高于|不超过|得|方面"
)
# A name that ends in an indicator term: 政府采购执行率, 服务对象满意度, 资金使用合规性, 社会效益.
MAX_BORROWING_TERM = 3
INDICATOR_TERM_RE = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:率|满意度|性|效益|效果)")
LEADING_FILLER_RE = re.compile(r"^(?:其中|另外|此外)?[:,]?\s*(?:无|未|没有)?")
# 变动率等于-6.67%: a bare rate term borrows the clause's subject (三公经费 + 变动率).
RATE_TERM_RE = re.compile(r"(?P<term>[\u4e00-\u9fff]{1,3}率)(?:等于|为|是|=)")
SUBJECT_END_RE = re.compile(r"预算|实际|决算|支出|减少|增加|[\d,:]")
# The result an indicator states: after = / 等于 / 为 following a rate (…率, 满意度), or right after it.
STATED_RE = re.compile(
    r"[率度][^。;\n]*?(?:=|等于|为)\s*(?P<v>-?\d+(?:\.\d+)?%?)(?![\d./*(]|,\d{3}(?!\d))|率\s*(?P<d>-?\d+(?:\.\d+)?%)")


@dataclass
class Heading:
    item: Item
    style: str  # numbering style: a heading of an open style closes the levels back to it


class ProseReader:
    def __init__(self, norm: Normalized):
        self.text = norm.text
        self.items: list[Item] = []
        self.stack: list[Heading] = []
        self.headings: list[Heading] = []
        self.level_summaries: list[tuple[Item, Item | None]] = []  # (summary, heading it was read under)
        self.latest: Item | None = None  # the item or level summary read last: what a "其中" refers to

    # --- structure -------------------------------------------------------------------------------
    def open_heading(self, style: str, item: Item) -> None:
        for depth, heading in enumerate(self.stack):
            if heading.style == style:
                del self.stack[depth:]
                break
        parent = self.stack[-1].item if self.stack else None
        if parent is not None:
            parent.adopt(item)
        heading = Heading(item, style)
        self.stack.append(heading)
        self.headings.append(heading)
        self.items.append(item)

    def close_lighter(self, weight: Decimal) -> None:
        """Without numbering a heading's level shows only in its weight: it closes weighted levels that are
        not heavier than itself."""
        while self.stack and self.stack[-1].item.weight is not None and self.stack[-1].item.weight <= weight:
            self.stack.pop()

    def current(self) -> Item | None:
        return self.stack[-1].item if self.stack else None

    def backref_target(self) -> Item | None:
        """The heading a "该项得N分" belongs to: the innermost one at an indicator level, i.e. weighted
        itself or among weighted siblings; unweighted sub-sections of an indicator are narrative."""
        for heading in reversed(self.stack):
            item = heading.item
            siblings = item.parent.children if item.parent is not None else []
            if item.weight is not None or any(s.weight is not None for s in siblings):
                return item
        return self.current()

    # --- lines -------------------------------------------------------------------------------------
    def read_line(self, start: int, end: int) -> None:
        line = self.text[start:end]
        row = FIELD_ROW_RE.search(line)
        if row is not None:
            self.read_field_row(row, start)
            return
        m = MARKER_RE.match(line)
        if m is None and WEIGHT_LINE_RE.match(line):  # an unnumbered heading "产出指标(30分)"
            item, _ = self.heading_item(start + len(line) - len(line.lstrip()), end)
            self.close_lighter(item.weight)
            self.open_heading("plain", item)
            return
        worded = (WORDED_WEIGHT_RE.match(line) or BRACKETED_LEAD_RE.match(line)) if m is None else None
        if worded is not None and "得" not in worded.group("name"):
            item = Item(clean_name(worded.group("name")), start + worded.start("name"), start + worded.end("w") + 1,
                        weight=Decimal(worded.group("w")))
            self.open_heading("lead", item)  # an indicator paragraph closes the one before, not its level
            self.read_clauses(start + worded.end(), end, item)
            return
        if m is None or m.end() == len(line.rstrip()):
            self.read_clauses(start + (len(line) - len(line.lstrip())), end, self.current())
            return
        style = m.lastgroup
        body_start = start + m.end()
        item, rest = self.heading_item(body_start, end)
        if item.start == body_start:  # the quote shows the heading with its numbering
            item.start = item.order = start + len(line) - len(line.lstrip())
        self.open_heading(style, item)
        self.read_clauses(rest, end, item)

    def read_field_row(self, row: re.Match, start: int) -> None:
        item = Item(clean_name(row.group("name")), start + row.start(), start + row.end(),
                    weight=Decimal(row.group("w")), score=Decimal(row.group("s")), source="inline")
        if self.current() is not None:
            self.current().adopt(item)
        self.items.append(item)

    def heading_item(self, start: int, end: int) -> tuple[Item, int]:
        """The heading's item and where its body starts."""
        rest = self.text[start:end]
        m = HEADING_WEIGHT_SCORE_RE.match(rest)
        if m:
            return Item(clean_name(m.group("name")), start, start + m.end(), weight=Decimal(m.group("w")),
                        score=Decimal(m.group("s"))), start + m.end()
        m = HEADING_WEIGHT_RE.match(rest)
        if m:  # 投入（权重20%）: a weight in percent of the 100 points
            return Item(clean_name(m.group("name")), start, start + m.end(),
                        weight=Decimal(m.group("w") or m.group("pct"))), start + m.end()
        m = HEADING_BARE_WEIGHT_RE.match(rest)
        if m and "得" not in m.group("name"):
            return Item(clean_name(m.group("name")), start, start + m.end("w") + 1,
                        weight=Decimal(m.group("w"))), start + m.end()
        first = CLAUSE_SPLIT_RE.split(rest, 1)[0]
        own = self.own_item(start, start + len(first))
        if own is not None:
            return own, start + len(first)
        name_end = re.search(r"[,:;。]|$", rest).start()
        name = clean_name(rest[:name_end]) or clean_name(rest)
        return Item(name, start, start + min(name_end, MAX_QUOTE)), start + name_end

    def read_clauses(self, start: int, end: int, parent: Item | None) -> None:
        """Scores in running text; "其中" makes the item read last the parent of the next ones, up to the end
        of its sentence."""
        host = parent
        pos = start
        for part in CLAUSE_SPLIT_RE.split(self.text[start:end]):
            p_start = pos
            pos += len(part) + 1
            if p_start > start and self.text[p_start - 1] == "。":
                host = parent
            if not part.strip() or any(r.search(part) for r in (SUMMARY_RE, STANDARD_RE, OTHER_ASSESSMENT_RE)):
                continue
            for c_start, c_end in score_pieces(part, p_start):
                piece = self.text[c_start:c_end]
                if self.text.startswith("其中", c_start) and self.latest is not None:
                    host = self.latest
                elif host is not parent and names_level(piece):
                    host = parent  # the next level (项目产出类指标…) closes the list of the one before
                if self.took_as_summary(piece, c_start, in_list=host is not parent):
                    continue
                if not self.known_level_score(piece):
                    self.read_clause(piece, c_start, c_end, host, in_list=host is not parent)

    def took_as_summary(self, clause: str, start: int, in_list: bool = False) -> bool:
        """A level summary (placed once every heading is known; inside a "其中" list it is an item of the
        list) or a total; "自评得分5分" inside a weighted indicator is that indicator's score."""
        if not in_list and self.level_summary(clause, start):
            return True
        total = TOTAL_RE.search(clause)
        if total is not None:
            self.score_indicator_total(total)
        heading = self.current()
        # "合计88分" under a section heading without a weight is the report's total, not the section's score
        return total is not None or (SUM_TOTAL_RE.match(clause) is not None
                                     and (heading is None or heading.weight is None))

    def read_clause(self, clause: str, start: int, end: int, host: Item | None, in_list: bool) -> None:
        """One clause's score: the heading's (referred to, or repeated by name), an item of its own, or a bare
        score of the heading."""
        back = BACKREF_RE.search(clause)
        names_own_item = back is not None and self.refers_to_own_item(in_list, start, end)  # "该项" is this item
        if not names_own_item and (back is not None or REFERRING_START_RE.match(clause.lstrip(" :"))
                                   or refers_back(clause)):
            self.score_heading(back or OWN_SCORE_RE.search(clause))
            return
        own = self.own_item(start, end)
        if own is None and OWN_SCORE_RE.search(clause) is None:
            self.read_weighted_item(clause, start, end, host)
            return
        if own is None:  # a bare score ("，得分18分") is the heading's; "80%-90%得4分" is a band of a standard
            m = OWN_SCORE_RE.search(clause)
            if m is not None and not re.search(r"\d", score_subclause(clause, m)):
                self.score_heading(m)
        elif self.scores_heading(own, clause):
            self.score_heading(OWN_SCORE_RE.search(clause))
        else:
            if host is not None:
                host.adopt(own)
            self.items.append(own)
            self.latest = own

    def read_weighted_item(self, clause: str, start: int, end: int, host: Item | None) -> None:
        """"预算编制科学性满分10分，扣1分": an item with its weight and no score stated (a deduction is not one)."""
        m = WEIGHT_ONLY_RE.match(LEADING_FILLER_RE.sub("", clause.strip(" :")))
        if m is None or host is None or DEICTIC_RE.match(m.group("name")):
            return
        item = Item(clean_name(m.group("name")), start, end, weight=Decimal(m.group("w")), source="inline")
        item.stated = stated_value(clause)
        host.adopt(item)
        self.items.append(item)

    def refers_to_own_item(self, in_list: bool, start: int, end: int) -> bool:
        """In a "其中" list of items, or under a heading already scored, "该项得N分" scores the item the
        clause itself names."""
        heading = self.current()
        labelled = LABELLED_CLAUSE_RE.match(self.text, start, end) is not None  # "居民满意度：…，该项得9分"
        if not in_list and not labelled and (heading is None or (heading.score is None
                                                                 and not self.lists_items(heading))):
            return False
        own = self.own_item(start, end)
        return own is not None and not DEICTIC_RE.match(own.name)  # "该项得分19" alone names nothing

    def scores_heading(self, own: Item, clause: str) -> bool:
        """An inline score that is the current indicator heading's own: it repeats the heading's name, or it
        stands in a sub-clause of its own ("符合规定，得10分") while the weighted heading has no score yet."""
        heading = self.current()
        if heading is None or heading.score is not None:
            return False
        if own.name == heading.name or len(own.name) >= 3 and own.name in heading.name:
            return True  # the clause names the heading ("…,在职人员控制率=…,得3分", its name cut to 员控制率)
        m = OWN_SCORE_RE.search(clause)
        separate = clause[:m.start()].rstrip().endswith(",") and not re.match(r"[^,]{2,20}:", clause.lstrip())
        return separate and heading.weight is not None and not heading.children and not self.lists_items(heading)

    def lists_items(self, heading: Item) -> bool:
        """A heading followed on its own line, or on the next when it ends its line, by several scores
        ("投入(15分)。…,得5分;…,得5分") lists items: none of them is the heading's score."""
        line_end = self.text.find("\n", heading.end)
        line_end = len(self.text) if line_end < 0 else line_end
        if not self.text[heading.end:line_end].strip(" \t。.:"):
            paragraph = re.compile(r"\n\s*\S[^\n]*").match(self.text, line_end)  # blank lines skipped
            line_end = paragraph.end() if paragraph else line_end
        rest = self.text[heading.end:line_end]
        return STANDARD_RE.search(rest) is None and len(OWN_SCORE_RE.findall(rest)) > 1  # not a standard's bands

    def score_indicator_total(self, m: re.Match) -> None:
        heading = self.current()
        value = Decimal(m.group("v"))
        if heading is not None and heading.weight is not None and heading.score is None and value <= heading.weight:
            heading.score = value

    def score_heading(self, m: re.Match | None) -> None:
        target = self.backref_target()
        if target is not None and m is not None and target.score is None:
            target.score = Decimal(m.group("s"))
            self.latest = target  # "（一）投入（20分），得19分。其中…": the list is the heading's
            if target.weight is None:
                target.weight = weight_after(m)

    def own_item(self, start: int, end: int) -> Item | None:
        """An inline item "名称…得N分" with its name cut where the description starts."""
        clause = self.text[start:end]
        m = OWN_SCORE_RE.search(clause)
        if m is None or TOTAL_RE.search(clause):
            return None
        name = self.inline_name(clause[:m.start()])
        if not TWO_HAN_RE.search(name):
            return None
        weight = weight_in_name(clause[:m.start()])
        item = Item(name, start, end, weight=weight if weight is not None else weight_after(m),
                    score=Decimal(m.group("s")), source="inline")
        item.stated = stated_value(clause)
        return item

    @staticmethod
    def inline_name(head: str) -> str:
        head = LEADING_FILLER_RE.sub("", QUOTES_RE.sub("", head).strip())
        colon = re.match(r"([^:,]{2,20}):", head)
        if colon:
            return clean_name(colon.group(1))
        named_later = later_named_part(head)
        if named_later is not None:
            return named_later
        rate = RATE_TERM_RE.search(head)
        if rate is not None and re.fullmatch(r"[\u4e00-\u9fff]+", head[:rate.end("term")]):
            return clean_name(head[:rate.end("term")])  # 重点支出安排率为92%: one noun phrase up to the rate
        if rate is not None:
            subject_end = SUBJECT_END_RE.search(head)
            subject = head[:min(subject_end.start(), rate.start())] if subject_end else ""
            term = rate.group("term")
            if term.startswith(subject[-1:]) or not subject:
                return clean_name(term)
            return clean_name(subject + term)
        cut = next((m.start() for m in NAME_END_RE.finditer(head) if m.start() >= 2), len(head))
        return clean_name(head[:cut])

    def known_level_score(self, clause: str) -> bool:
        """"投入类指标得分13分" for a level with a heading: the score goes to that heading."""
        m = LEVEL_SCORE_RE.search(clause)
        if m is None:
            return False
        heading = self.summary_heading(m.group("name"), len(self.text))
        if heading is None or heading.item.score is not None or heading in self.stack[-1:]:
            return False
        heading.item.score = Decimal(m.group("s"))
        return True

    def level_summary(self, clause: str, start: int) -> bool:
        if not any(cue in clause for cue in ("类", "分)", "分]", "分】", "满分", "分值", "权重")):
            return False  # cheap test before the regexes
        m = LEVEL_SUMMARY_RE.search(clause) if "得" in clause else None
        if m is None or not (m.group("level") or m.group("bracket") or m.group("full")):
            m = SCORE_OF_WEIGHT_RE.search(clause)
        if m is None:
            return False
        name = LEADING_FILLER_RE.sub("", m.group("name"))
        if len(name) < 2 or REFERRING_START_RE.match(name) or DEICTIC_RE.match(name):
            return False
        written = m.group("w") or (m.group("w2") if "w2" in m.re.groupindex else None)
        weight = Decimal(written) if written else weight_after(m)
        name_start = start + m.end("name") - len(name)
        summary = Item(name, name_start, start + m.end(), weight=weight, score=Decimal(m.group("s")), source="summary")
        self.level_summaries.append((summary, self.current()))
        self.latest = summary
        return True

    def place_level_summaries(self) -> None:
        """A level summary scores the level's heading, before or after it; without one it is a claim itself."""
        for summary, reading_under in self.level_summaries:
            heading = self.level_heading(summary.name, self.heading_on_line(reading_under, summary))
            if heading is None:
                if reading_under is not None:
                    reading_under.adopt(summary)
                self.items.append(summary)
                continue
            item = heading.item
            if item.weight is None:  # the summary sentence locates the claim
                item.start, item.end = summary.start, summary.end
            item.weight = item.weight if item.weight is not None else summary.weight
            item.score = item.score if item.score is not None else summary.score

    def heading_on_line(self, heading: Item | None, summary: Item) -> Item | None:
        """The heading whose own line the summary stands on, if any."""
        if heading is None or "\n" in self.text[heading.start:summary.start]:
            return None
        return heading

    def level_heading(self, name: str, host: Item | None) -> Heading | None:
        """The heading of that name, else one whose name begins or ends with it or is contained in it, a level
        first; not the heading on whose line the summary stands (it names a part there: 效益(20分)，得分17分：
        履职效益(15分)得13分)."""
        matches = [h for h in self.headings if len(h.item.name) >= 2 and h.item is not host
                   and (h.item.name in name or h.item.name.startswith(name) or h.item.name.endswith(name))]
        matches.sort(key=lambda h: (h.item.name != name, not h.item.children))
        return matches[0] if matches else None

    # --- levels scored in a closing summary ----------------------------------------------------------
    def read_summaries(self, spans: list[tuple[int, int]]) -> None:
        for m in SUMMARY_RE.finditer(self.text):
            if in_spans(m.start(), spans):
                continue
            name, score = m.group("name"), Decimal(m.group("s"))
            heading = self.summary_heading(name, m.start())
            if heading is None:
                self.items.append(Item(name, m.start(), m.end(), score=score, source="summary"))
                continue
            item = heading.item
            if item.score is None:
                item.score = score
            if item.weight is None:  # no weight on the heading: the summary sentence locates the claim
                item.start, item.end = m.start(), m.end()

    def summary_heading(self, name: str, before: int) -> Heading | None:
        matches = [h for h in self.headings if h.item.start < before and h.item.name
                   and (name == h.item.name or name.endswith(h.item.name)
                        or (h.item.name.startswith(name) and LEVEL_SUFFIX_RE.fullmatch(h.item.name[len(name):])))]
        return matches[-1] if matches else None


def later_named_part(head: str) -> str | None:
    """"社会矛盾纠纷化解成效明显,社会效益得9分", "本年度无政府采购预算,政府采购执行率按满分计,得5分": an opening
    that only describes (no figure, no indicator term) leaves the name to the part that starts with one."""
    parts = head.split(",")
    if len(parts) < 2 or re.search(r"\d", parts[0]) or INDICATOR_TERM_RE.search(parts[0]):
        return None
    for part in parts[1:]:
        m = INDICATOR_TERM_RE.match(part.strip())
        if m is not None and len(m.group(0)) > MAX_BORROWING_TERM:  # 变动率 alone borrows the subject before it
            return clean_name(m.group(0))
    return None


def weight_after(score: re.Match) -> Decimal | None:
    m = WEIGHT_AFTER_SCORE_RE.match(score.string, score.end())
    return Decimal(m.group("w")) if m else None


def names_level(clause: str) -> bool:
    m = LEVEL_SUMMARY_RE.search(clause)
    return m is not None and m.group("level") is not None


def score_pieces(part: str, start: int) -> list[tuple[int, int]]:
    """Spans of the pieces of a clause, with their leading commas, colons and spaces left out: a clause that
    lists several scored items one after another ("目标设定(8分)得8分,预算配置(12分)得11分", "投入19分(满分20分),
    过程27分(满分30分)") is cut after each score a comma or colon follows; any other clause is one piece."""
    scores = sorted([*OWN_SCORE_RE.finditer(part), *SCORE_OF_WEIGHT_RE.finditer(part)], key=lambda m: m.end())
    cuts = [m.end() for m in scores if SCORE_THEN_COMMA_RE.match(part, m.end())] if len(scores) > 1 else []
    pieces = []
    for lo, hi in zip([0, *cuts], [*cuts, len(part)]):
        text = part[lo:hi]
        lead = len(text) - len(text.lstrip(" \t,:"))
        if text[lead:].strip():
            pieces.append((start + lo + lead, start + hi))
    return pieces


def score_subclause(clause: str, score: re.Match) -> str:
    """The comma-separated part of `clause` that leads up to `score`."""
    return re.split(r"[,:]", clause[:score.start()])[-1]


def refers_back(clause: str) -> bool:
    score = OWN_SCORE_RE.search(clause)
    return score is not None and REFERRING_SUBCLAUSE_RE.match(score_subclause(clause, score).lstrip()) is not None


def stated_value(text: str) -> str | None:
    m = STATED_RE.search(text)
    if m is None:
        return None
    return m.group("v") or m.group("d")


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def prose_items(norm: Normalized, excluded: list[tuple[int, int]]) -> list[Item]:
    reader = ProseReader(norm)
    pos = 0
    text = norm.text
    while pos <= len(text):
        check_analysis_budget()
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if end > pos and not in_spans(pos, excluded) and text[pos:end].strip():
            reader.read_line(pos, end)
        if nl < 0:
            break
        pos = nl + 1
    reader.read_summaries(excluded)
    reader.place_level_summaries()
    fill_stated_values(reader, text)
    return reader.items


def fill_stated_values(reader: ProseReader, text: str) -> None:
    """A heading indicator's stated result is in its own body, up to the next heading."""
    starts = sorted(h.item.start for h in reader.headings)
    for heading in reader.headings:
        item = heading.item
        if item.stated is not None or item.weight is None or item.children:
            continue
        following = bisect_right(starts, item.start)
        body_end = starts[following] if following < len(starts) else len(text)
        item.stated = stated_value(text[item.start:body_end])
