"""No verdict from nothing (cli.md totals.status): below half the weight settled there is no reviewed grade."""

import pytest

from conftest import FORMS, SAMPLES, sample
from core.analysis import open_report, to_json
from core.frameworks import load_framework
from core.scoring.engine import compute
from core.scoring.result import Decision

FORMS_SAMPLES = SAMPLES / "forms"


@pytest.fixture(scope="module", params=FORMS)
def total_only(request):
    # A report that claims only its total (90) and scores no indicator.
    return open_report(sample(request.param, "wugang-2020-dept"))


def test_a_report_without_scores_is_undetermined_with_its_range(total_only):
    totals = to_json(total_only)["totals"]
    assert totals["claimed"] == 90
    assert totals["status"] == "undetermined"
    assert totals["grade_reviewed"] is None and totals["deviation"] is None
    low, high = totals["range"]
    assert low == totals["reviewed"] and low < 50 < high <= 100


def test_no_finding_states_a_reviewed_grade(total_only):
    grade_findings = [f for f in total_only.findings if f.code == "GRADE_MISMATCH"]
    assert not any("复核等级" in f.message for f in grade_findings)
    assert not any("差" in f.message for f in total_only.findings if f.about == "评价等级")


def test_status_follows_the_settled_weight():
    framework = load_framework("proj-self")
    empty = compute(framework, {}).totals
    assert (empty.status, empty.grade_reviewed) == ("undetermined", None)
    # Deciding every indicator by hand settles all the weight: complete, with a grade.
    full = {ind.id: Decision(manual_score=ind.weight) for ind in framework.indicators()}
    done = compute(framework, {}, full).totals
    assert (done.status, done.reviewed, done.grade_reviewed) == ("complete", 100, "优")
    assert done.provisional_min == done.provisional_max == 100
    # Settling just over half the weight gives a provisional total with a grade.
    ids, settled, half = [], 0, framework_weight(framework) / 2
    for ind in framework.indicators():
        if settled > half:
            break
        ids.append(ind.id)
        settled += ind.weight
    partial = compute(framework, {}, {i: full[i] for i in ids}).totals
    assert partial.status == "provisional" and partial.grade_reviewed is not None
    assert partial.provisional_min == partial.reviewed < partial.provisional_max


def framework_weight(framework):
    return sum(ind.weight for ind in framework.indicators())


def test_baojing_stays_provisional_with_a_grade():
    totals = to_json(open_report(sample("txt", "baojing-2019-dept")))["totals"]
    assert (totals["status"], totals["grade_reviewed"], totals["range"][1]) == ("provisional", "良", 87)


def test_a_grade_beyond_reach_is_a_finding_even_while_undetermined():
    from conftest import text_document
    from core.review.opening import start_session

    text = ("某县政务中心服务大厅提质改造项目绩效评价报告\n一、项目基本情况\n项目预算2000万元，全年共支付工程款"
            "1279.56万元。\n二、评价结论\n对照评价为优。\n")
    session = start_session(text_document(text))
    totals = session.result.totals
    assert (totals.status, totals.grade_reviewed, totals.grade_ceiling) == ("undetermined", None, "良")
    (finding,) = [f for f in session.findings if f.code == "GRADE_MISMATCH"]
    assert finding.expected == "最高良" and "63.978%" in finding.message and finding.locs[0].quote == "优"


def test_a_provisional_total_that_can_still_reach_the_claim_states_no_grade():
    # A table cut short (its rows stop before 总分): what is missing may still carry the claimed grade.
    session = open_report(FORMS_SAMPLES / "txt" / "ezhou-2021-project-form.txt")
    totals = session.result.totals
    assert totals.status == "provisional" and totals.grade_ceiling == "优"
    assert not [f for f in session.findings if f.code == "GRADE_MISMATCH"]
