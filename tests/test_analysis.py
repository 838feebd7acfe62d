"""core.analysis: the analysis JSON of cli.md field by field, --set name resolution and value parsing."""

import json
from decimal import Decimal as D

import pytest

from core.analysis import AnalysisError, number, parse_value, resolve_variable, to_json
from review_helpers import loc_of, make_session

TOP_KEYS = ["schema", "app", "source", "meta", "claims", "figures", "framework", "indicators", "totals", "findings"]


def test_numbers_are_json_numbers():
    assert number(D("87.50")) == 87.5 and isinstance(number(D("87.50")), float)
    assert number(D("81.00")) == 81 and isinstance(number(D("81.00")), int)
    assert number(None) is None
    assert number(D("-11")) == -11 and number(3) == 3
    assert number(D("Infinity")) is None


def test_document_meta_and_claims():
    out = to_json(make_session())
    assert list(out) == TOP_KEYS
    assert out["schema"] == "analysis/1" and out["app"] == {"name": "绩效复核台", "version": "0.3.0"}
    src = out["source"]
    assert (src["name"], src["format"], src["encoding"], src["pages"], src["tables"], src["text_layer"]) == (
        "toy-report.txt", "txt", "utf-8", 1, 0, True)
    assert src["chars"] == len(make_session().document.text) and src["warnings"] == []
    meta = out["meta"]
    assert (meta["unit"], meta["year"], meta["claimed_total"], meta["claimed_grade"]) == ("某某中心", 2019, 95, "优秀")
    assert meta["loc"]["claimed_total"] == loc_of("95分").to_json() and meta["loc"]["unit"] is None
    assert meta["report_date"] is None and "kind" in meta
    c2 = out["claims"][1]
    assert c2 == {"id": "c2", "path": ["过程", "预算执行", "预算完成率"], "name": "预算完成率", "weight": 50,
                  "claimed_score": 45, "stated_value": None, "indicator": "exec_rate",
                  "loc": loc_of("预算完成率（50分）得45分").to_json()}
    json.dumps(out, ensure_ascii=False)  # plain JSON types only


def test_figures_show_the_session_values():
    s = make_session()
    s.set_value("staff_actual", D(7))
    s.set_value("budget_added", D("13.38"))
    figures = {f["id"]: f for f in to_json(s)["figures"]}
    staff = figures["f2"]
    assert (staff["var"], staff["label"], staff["value"], staff["unit"], staff["origin"], staff["scope"]) == (
        "staff_actual", "在职人数", 7, "人", "corrected", None)
    assert staff["alternatives"] == [{"value": 7, "loc": loc_of("在职人数7人").to_json()}]
    assert staff["loc"] == loc_of("实有人数8人").to_json()
    entered = figures["v:budget_added"]
    assert (entered["value"], entered["origin"], entered["loc"]) == (13.38, "entered", None)


def test_indicators_totals_findings():
    s = make_session()
    s.set_value("staff_actual", D(7))
    out = to_json(s)
    staff = next(i for i in out["indicators"] if i["id"] == "staff_rate")
    assert staff["value"] == 87.5 and staff["score"] == 30 and staff["status"] == "ok"
    assert staff["path"] == ["投入", "预算配置", "在职人员控制率"] and staff["weight"] == 30
    assert staff["claimed_score"] == 30 and staff["difference"] == 0 and staff["comment"] is None
    assert set(staff) == {"id", "path", "weight", "rule", "inputs", "value", "score", "status",
                          "explanation", "claimed_score", "difference", "comment"}
    totals = out["totals"]
    assert (totals["reviewed"], totals["claimed"], totals["difference"]) == (96, 95, 1)
    assert set(totals) == {"max", "claimed", "reviewed", "difference", "grade_claimed", "grade_reviewed",
                           "status", "range", "levels", "cap", "deviation"}
    level = next(lv for lv in totals["levels"] if lv["path"] == ["过程"])
    assert level["reviewed"] == 66 and level["weight"] == 70
    finding = out["findings"][0]
    assert finding == {"id": "k1", "code": "RULE_MISMATCH", "severity": "error",
                       "message": "预算完成率：自评45分，复核46分", "about": "预算完成率", "stated": "45",
                       "expected": "46", "locs": [loc_of("预算完成率（50分）得45分").to_json()]}


def test_set_names_resolve_by_id_label_and_synonym():
    s = make_session()
    assert resolve_variable(s, "staff_actual") == "staff_actual"
    assert resolve_variable(s, "在职人数") == "staff_actual"
    assert resolve_variable(s, "年末实有人数") == "staff_actual"
    with pytest.raises(AnalysisError) as err:
        resolve_variable(s, "不存在的数")
    assert err.value.code == "UNKNOWN_VARIABLE"


def test_set_values_parse():
    s = make_session()
    assert parse_value("７") == D(7)
    assert parse_value("87.5%") == D("87.5")
    assert parse_value("1,234.5万元", s.framework.variables["budget_available"]) == D("1234.5")
    for bad in ("abc", "nan", "7人万"):
        with pytest.raises(AnalysisError) as err:
            parse_value(bad, s.framework.variables["staff_actual"])
        assert err.value.code == "BAD_VALUE"


def test_start_session_reports_each_stage_and_can_be_abandoned():
    from conftest import sample
    from core.documents import load
    from core.review.opening import STAGES, start_session

    document = load(sample("txt", "baojing-2019-dept"))
    seen = []
    session = start_session(document, stage=lambda index, label: seen.append((index, label)))
    assert seen == list(enumerate(STAGES))
    assert session.framework.id == "dept-hunan-county"

    class Stop(Exception):
        pass

    def stop_at_scoring(index, label):
        if index == 2:
            raise Stop

    import pytest

    with pytest.raises(Stop):
        start_session(document, stage=stop_at_scoring)
