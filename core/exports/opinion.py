"""复核意见: the draft text, section by section, from the reviewed result, the findings the reviewer keeps
in the opinion and the per-indicator deductions (domain.md §1.5). A section the reviewer rewrote (stored
in the review file, `session.opinion_edits`) replaces the draft's; the docx and pdf writers lay it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from core.exports import wording
from core.exports.facts import ReviewFacts, ScoreRow, date_text, printable, score_text
from core.decimals import ZERO

# (key, heading): at most three heading levels — these, （一）…, and 1. … inside the text.
SECTIONS = (
    ("basics", "一、基本情况"),
    ("basis", "二、复核依据"),
    ("conclusion", "三、复核结论"),
    ("problems", "四、存在的问题"),
    ("requirements", "五、整改要求及建议"),
)
ISSUER = "财政局（绩效科）"
BLANK = "_" * 10  # a line the reviewer fills in by hand
CHINESE_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...]
    edited: bool = False  # the reviewer's wording, not the draft

    @property
    def text(self) -> str:
        """The section as one editable text, a paragraph per line."""
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Annex:
    """An attachment: a titled table, its columns' relative widths."""

    label: str  # 附件1
    title: str
    heads: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class Opinion:
    title: str
    addressee: str
    sections: tuple[Section, ...]
    reviewer: str | None
    day: date
    annexes: tuple[Annex, ...] = ()

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def signature(self) -> tuple[str, str, str]:
        """The sign-off lines, right-aligned at the end: who, the issuing office (the seal goes over it), date."""
        return (f"复核人：{self.reviewer or BLANK}　　审核人：{BLANK}", f"{ISSUER}（盖章）", date_text(self.day))


def opinion_for(session, facts: ReviewFacts) -> Opinion:
    """The opinion as it goes out: the draft with the reviewer's edits of the session applied."""
    return apply_edits(draft_opinion(facts), session.opinion_edits)


def apply_edits(opinion: Opinion, edits: Mapping[str, str]) -> Opinion:
    """Sections the reviewer rewrote replace the draft's; unknown keys (a later version's) are ignored."""
    sections = tuple(
        replace(s, paragraphs=_paragraphs(edits[s.key]), edited=True) if edits.get(s.key) else s
        for s in opinion.sections)
    return replace(opinion, sections=sections)


def draft_opinion(facts: ReviewFacts) -> Opinion:
    h = facts.header
    year = f"{h.year}年度" if h.year else ""
    body = {"basics": _basics(facts), "basis": _basis(facts), "conclusion": _conclusion(facts),
            "problems": _problems(facts), "requirements": _requirements(facts)}
    return Opinion(
        title=f"关于{h.unit or ''}{year}{h.kind}绩效自评的复核意见",
        addressee=f"{h.unit or BLANK}：",
        sections=tuple(Section(key, heading, tuple(body[key])) for key, heading in SECTIONS),
        reviewer=h.reviewer,
        day=h.day,
        annexes=(_score_annex(facts), _findings_annex(facts)),
    )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in printable(text).splitlines() if line.strip())


def _claimed(facts: ReviewFacts) -> str:
    t = facts.totals
    if t.claimed is None and not t.grade_claimed:
        return "未写明自评得分和等级"
    score = f"自评得分{score_text(t.claimed)}分" if t.claimed is not None else "未写明自评得分"
    return score + (f"，自评等级“{t.grade_claimed}”" if t.grade_claimed else "")


def _basics(facts: ReviewFacts) -> list[str]:
    h = facts.header
    year = f"{h.year}年度" if h.year else ""
    reviewer = f"，复核人{h.reviewer}" if h.reviewer else ""
    return [f"{h.unit or '被评价单位'}报送了{year}{h.kind}绩效自评报告（{h.report}），{_claimed(facts)}。"
            f"评价方式为{wording.EVALUATION_METHOD}，复核方式为{wording.REVIEW_METHOD}{reviewer}。"]


def _basis(facts: ReviewFacts) -> list[str]:
    scale = facts.scale
    bands = sorted(scale.bands, reverse=True)
    parts = [f"{score_text(lower)}分（含）以上为“{word}”" for lower, word in bands[:-1]]
    parts.append(f"{score_text(bands[-2][0])}分以下为“{bands[-1][1]}”" if len(bands) > 1 else "")
    text = [f"依据《{facts.header.framework}》及其评分标准，对照自评报告所列基础数据、计算过程和评分结果逐项复核"
            f"并重新计分。评价等级按{'、'.join(p for p in parts if p)}确定。"]
    if scale.cap_enabled and scale.cap_tiers:
        tiers = "；".join(f"低于{score_text(limit)}%的，等级最高为“{word}”" for limit, word in scale.cap_tiers)
        text.append(f"预算执行率{tiers}。")
    if any(not r.counted for r in facts.rows):
        text.append("不适用的指标不计入，以适用指标得分按百分制折算。")
    return text


def _conclusion(facts: ReviewFacts) -> list[str]:
    h, t = facts.header, facts.totals
    year = f"{h.year}年度" if h.year else ""
    lead = f"经复核，{h.unit or '被评价单位'}{year}{h.kind}绩效{_claimed(facts)}"
    pending = [r for r in facts.rows if r.pending]
    if facts.status == "undetermined":
        out = [f"{lead}；复核得分暂计{score_text(t.reviewed)}分，{len(pending)}项指标有待补充资料或复核判定，"
               "已确定的分值不足满分一半，复核等级待定。"]
    else:
        out = [f"{lead}；复核得分{score_text(t.reviewed)}分，复核等级“{facts.grade}”" + _difference(facts) + "。"]
        if pending:
            out.append(f"其中{len(pending)}项指标（{'、'.join(r.name for r in pending)}）有待补充佐证或复核判定，"
                       f"暂按现有资料计分；补全后总分最高为{score_text(t.provisional_max)}分。")
    if t.cap and t.cap.get("triggered"):
        out.append(f"{t.cap.get('note')}。")
    out.append("（一）指标复核情况")
    changed = [r for r in facts.rows if r.difference not in (None, ZERO)]
    out.extend(f"{i}. {_row_change(r)}" for i, r in enumerate(changed, start=1))
    if not changed:
        out.append("各指标复核得分与自评得分一致。")
    return out


def _difference(facts: ReviewFacts) -> str:
    t = facts.totals
    deviation = t.deviation or {}
    if t.difference is None and deviation.get("verdict") in (None, "自评结果缺失"):
        return ""
    parts = [f"差异{score_text(t.difference)}分"] if t.difference is not None else []
    if deviation.get("grade_changed"):
        parts.append(f"等级由“{t.grade_claimed}”调整为“{facts.grade}”")
    parts.append(f"自评质量评定为“{deviation.get('verdict')}”")
    return "，" + "，".join(parts)


def _row_change(r: ScoreRow) -> str:
    verb = "扣" if r.difference < 0 else "加"
    return (f"{r.name}（{score_text(r.weight)}分）：自评{score_text(r.claimed_score)}分，复核{score_text(r.score)}分，"
            f"{verb}{score_text(abs(r.difference))}分。{r.reason}。")


def _problems(facts: ReviewFacts) -> list[str]:
    """Numbered through, under （一）… group headings (数据差错, 计算差错 …, domain.md §1.5) when there are several."""
    kept = facts.opinion_findings
    if not kept:
        return ["复核未发现需要列示的问题。"]
    groups = list(dict.fromkeys(f.group for f in kept))
    out, number = [], 0
    for index, group in enumerate(groups):
        if len(groups) > 1:
            out.append(f"（{CHINESE_ORDINALS[index]}）{group}")
        for f in (f for f in kept if f.group == group):
            number += 1
            out.append(f"{number}. {f.message}" + (f"（{f.location}）" if f.location else ""))
    return out


def _requirements(facts: ReviewFacts) -> list[str]:
    advice = list(dict.fromkeys(f.advice for f in facts.opinion_findings))
    if any(r.pending for r in facts.rows):
        advice.append(wording.ADVICE["MISSING_DETAIL"])
    advice = list(dict.fromkeys(advice))
    lines = [f"{i}. {a}。" for i, a in enumerate(advice, start=1)]
    return lines + [wording.RESUBMIT] if lines else ["自评结果与复核结果基本一致，请继续做好绩效自评工作。"]


def _score_annex(facts: ReviewFacts) -> Annex:
    t = facts.totals
    rows = [(r.level1, r.level2, r.name, score_text(r.weight), score_text(r.claimed_score),
             score_text(r.score) if r.counted else "不计入", score_text(r.difference), r.reason) for r in facts.rows]
    rows.append(("合计", "", "", score_text(t.max), score_text(t.claimed), score_text(t.reviewed),
                 score_text(t.difference), f"复核等级：{facts.grade}"))
    return Annex("附件1", "复核评分表", ("一级指标", "二级指标", "三级指标", "分值", "自评得分", "复核得分", "差异", "复核说明"),
                 tuple(rows), (12, 14, 20, 10, 10, 10, 10, 54))


def _findings_annex(facts: ReviewFacts) -> Annex:
    rows = [(str(f.number), f.severity, f.group, f.location, f.message,
             f.decision + ("（写入意见）" if f.in_opinion else "")) for f in facts.findings]
    return Annex("附件2", "问题清单", ("序号", "程度", "类别", "位置", "问题", "复核处理"),
                 tuple(rows) or (("—", "", "", "", "未发现问题", ""),), (8, 9, 15, 30, 70, 18))
