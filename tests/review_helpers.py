"""A small hand-made report, extraction and framework for the review-session tests."""

from __future__ import annotations

import hashlib
from decimal import Decimal as D
from pathlib import Path

from core.checks.model import Finding
from core.decimals import fmt
from core.documents.model import Document, Page
from core.extraction.model import Alternative, Claim, Extraction, Figure, Loc, Meta
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable

TEXT = (
    "某某中心2019年度部门整体支出绩效自评报告\n"
    "核定编制8人，年末实有人数8人。另据人事报表在职人数7人。\n"
    "本年可用预算400万元，本年支出360万元。\n"
    "在职人员控制率（30分）得30分。预算完成率（50分）得45分。管理制度健全性（20分）得20分。\n"
    "过程指标得65分。在职人员控制率为100%。\n"
    "自评得分95分，等级优秀。\n"
)


def loc_of(quote: str, text: str = TEXT, nth: int = 0) -> Loc:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Loc(start, start + len(quote), None, quote)


def make_framework(fid: str = "toy", weights=(D(30), D(50), D(20))) -> Framework:
    staff = Indicator("staff_rate", "在职人员控制率", weights[0],
                      Rule("deduct_per_point", {"target": 100, "side": "over", "k": "w/10"}),
                      path=("投入", "预算配置", "在职人员控制率"), formula="staff_actual / staff_quota * 100")
    execution = Indicator("exec_rate", "预算完成率", weights[1],
                          Rule("deduct_per_step", {"target": 100, "side": "under", "step": 5, "d": 2}),
                          path=("过程", "预算执行", "预算完成率"), formula="expense_total / budget_available * 100",
                          execution=True)
    rules = Indicator("mgmt_rules", "管理制度健全性", weights[2],
                      Rule("qualitative", {"scale": "qual4"}), path=("过程", "预算管理", "管理制度健全性"),
                      kind="qualitative")
    variables = {
        "staff_quota": Variable("staff_quota", "编制数", "人", ["核定编制"]),
        "staff_actual": Variable("staff_actual", "在职人数", "人", ["年末实有人数"]),
        "budget_available": Variable("budget_available", "本年可用预算", "万元"),
        "expense_total": Variable("expense_total", "本年支出", "万元"),
    }
    roots = [
        Node("投入", weights[0], [Node("预算配置", weights[0], [staff])]),
        Node("过程", weights[1] + weights[2], [Node("预算执行", weights[1], [execution]),
                                              Node("预算管理", weights[2], [rules])]),
    ]
    return Framework(fid, f"测试体系{fid}", "1", "部门整体支出", roots, variables)


def make_document(path: Path | None = None, text: str = TEXT) -> Document:
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return Document(name=path.name if path else "toy-report.txt", path=str(path) if path else "",
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="txt", text=text,
                    pages=[Page(1, 0, len(text))], encoding="utf-8")


def make_extraction(text: str = TEXT) -> Extraction:
    def fig(fid, var, label, value, unit, quote, nth=0, alternatives=()):
        return Figure(fid, var, label, D(value), unit, loc_of(quote, text, nth),
                      alternatives=list(alternatives))

    figures = [
        fig("f1", "staff_quota", "编制数", "8", "人", "编制8人"),
        fig("f2", "staff_actual", "在职人数", "8", "人", "实有人数8人",
            alternatives=[Alternative(D(7), loc_of("在职人数7人", text))]),
        fig("f3", "budget_available", "本年可用预算", "400", "万元", "可用预算400万元"),
        fig("f4", "expense_total", "本年支出", "360", "万元", "本年支出360万元"),
    ]
    claims = [
        Claim("c1", ["投入", "预算配置", "在职人员控制率"], D(30), D(30), "100%", loc_of("在职人员控制率（30分）得30分", text),
              indicator="staff_rate"),
        Claim("c2", ["过程", "预算执行", "预算完成率"], D(50), D(45), None, loc_of("预算完成率（50分）得45分", text),
              indicator="exec_rate"),
        Claim("c3", ["过程", "预算管理", "管理制度健全性"], D(20), D(20), None, loc_of("管理制度健全性（20分）得20分", text),
              indicator="mgmt_rules"),
        Claim("c4", ["过程"], None, D(65), None, loc_of("过程指标得65分", text)),
    ]
    meta = Meta(unit="某某中心", year=2019, kind="部门整体支出", claimed_total=D(95), claimed_grade="优秀",
                locs={"claimed_total": loc_of("95分", text)})
    return Extraction(meta, claims, figures)


def toy_checker(document, extraction, framework, result) -> list[Finding]:
    """One RULE_MISMATCH per indicator whose reviewed score differs from the claim."""
    if result is None:
        return []
    claims = {c.indicator: c for c in extraction.claims if c.indicator}
    return [
        Finding("RULE_MISMATCH", "error", f"{r.path[-1]}：自评{fmt(r.claimed_score)}分，复核{fmt(r.score)}分",
                about=r.path[-1], stated=fmt(r.claimed_score), expected=fmt(r.score),
                locs=[claims[r.id].loc] if r.id in claims else [])
        for r in result.indicators
        if r.difference not in (None, 0)
    ]


def make_session(path: Path | None = None, **kwargs):
    from core.review.session import ReviewSession

    document = make_document(path)
    return ReviewSession(document, make_extraction(), make_framework(), checker=toy_checker, **kwargs)
