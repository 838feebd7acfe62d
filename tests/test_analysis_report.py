"""open_report + to_json on the sample reports: every cli.md field in every form, --set, --review, --template."""

import json
import shutil
from decimal import Decimal as D

import pytest

from conftest import FORMS, REPORT_IDS, sample
from core.analysis import AnalysisError, open_report, template_list, to_json

KEYS = {
    "source": {"name", "sha256", "format", "encoding", "pages", "chars", "tables", "text_layer", "ocr_pages", "warnings"},
    "meta": {"unit", "year", "kind", "report_date", "claimed_total", "claimed_grade", "loc"},
    "claim": {"id", "path", "name", "weight", "claimed_score", "stated_value", "indicator", "loc"},
    "figure": {"id", "var", "label", "scope", "value", "unit", "origin", "alternatives", "loc"},
    "indicator": {"id", "path", "weight", "rule", "inputs", "value", "score", "status", "explanation",
                  "claimed_score", "difference", "comment"},
    "totals": {"max", "claimed", "reviewed", "difference", "grade_claimed", "grade_reviewed", "status", "range",
               "levels", "cap", "deviation"},
    "finding": {"id", "code", "severity", "message", "about", "stated", "expected", "locs"},
}


def locs_in(out):
    yield from (loc for loc in out["meta"]["loc"].values() if loc is not None)
    for item in out["claims"] + out["figures"]:
        if item["loc"] is not None:
            yield item["loc"]
    for figure in out["figures"]:
        yield from (a["loc"] for a in figure["alternatives"])
    for finding in out["findings"]:
        yield from finding["locs"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("report", REPORT_IDS)
def test_every_field_in_every_form(form, report):
    session = open_report(sample(form, report))
    out = json.loads(json.dumps(to_json(session), ensure_ascii=False))  # only plain JSON types survive
    assert out["schema"] == "analysis/1" and out["source"]["format"] == form
    assert set(out["source"]) == KEYS["source"] and set(out["meta"]) == KEYS["meta"]
    assert (out["source"]["encoding"] is not None) == (form == "txt")
    assert out["source"]["chars"] == len(session.document.text) and out["source"]["pages"] >= 1
    assert set(out["totals"]) == KEYS["totals"]
    for key, items in (("claim", out["claims"]), ("figure", out["figures"]), ("indicator", out["indicators"]),
                       ("finding", out["findings"])):
        assert all(set(item) == KEYS[key] for item in items), key
    assert [i["id"] for i in out["indicators"]] == [i.id for i in session.framework.indicators()]
    assert [f["id"] for f in out["findings"]] == [f"k{i}" for i in range(1, len(out["findings"]) + 1)]
    for loc in locs_in(out):
        assert set(loc) == {"start", "end", "page", "quote"}
        assert session.document.text[loc["start"]:loc["end"]] == loc["quote"]
        assert (loc["page"] is None) == (form != "pdf")


def test_set_wins_over_extraction():
    session = open_report(sample("txt", "baojing-2019-dept"), sets={"在职人数": "9", "staff_quota": "８"})
    out = to_json(session)
    staff = next(i for i in out["indicators"] if i["id"] == "staff_control_rate")
    assert staff["inputs"] == {"staff_actual": 9, "staff_quota": 8}
    assert (staff["value"], staff["score"]) == (112.5, 0)
    entered = [f for f in out["figures"] if f["var"] == "staff_actual"]
    assert [(f["value"], f["origin"]) for f in entered if f["origin"] in ("entered", "corrected")] == [(9, "entered")]
    assert out["totals"]["claimed"] == 92 and out["meta"]["claimed_grade"] == "优秀"


def test_unknown_set_name():
    with pytest.raises(AnalysisError) as err:
        open_report(sample("txt", "baojing-2019-dept"), sets={"不存在": "1"})
    assert err.value.code == "UNKNOWN_VARIABLE" and "不存在" in err.value.message


def test_review_is_applied_and_a_changed_report_warned(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(sample("txt", "baojing-2019-dept"), report)
    session = open_report(report)
    session.set_value("staff_actual", D(9))
    session.set_comment("budget_completion_rate", "结转资金不应剔除")
    review = session.save(tmp_path / "report.review.json")
    out = to_json(open_report(report, review=review))
    staff = next(i for i in out["indicators"] if i["id"] == "staff_control_rate")
    completion = next(i for i in out["indicators"] if i["id"] == "budget_completion_rate")
    assert staff["inputs"]["staff_actual"] == 9 and completion["comment"] == "结转资金不应剔除"
    assert out["source"]["warnings"] == []
    report.write_bytes("（修订稿）\n".encode("utf-8") + report.read_bytes())
    out = to_json(open_report(report, review=review, sets={"在职人数": "7"}))
    assert out["source"]["warnings"][0].startswith("REVIEW_SOURCE_CHANGED")
    staff = next(i for i in out["indicators"] if i["id"] == "staff_control_rate")
    assert staff["inputs"]["staff_actual"] == 7  # --set wins over the review


def test_template_option_and_list():
    session = open_report(sample("txt", "baojing-2019-dept"), template="dept-hunan-county@J")
    assert "方案J" in to_json(session)["framework"]["name"]
    assert "goal_reasonableness" not in {i.id for i in session.framework.indicators()}
    assert "dept-hunan-county\t" in template_list()
