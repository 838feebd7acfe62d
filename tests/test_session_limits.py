"""The session owns the rules: out-of-range and wrong-kind edits are refused with a typed error, the same
rules refuse a review file that holds such a value, and the work queue and counts come from core."""

import json
from decimal import Decimal as D

import pytest

from core.review.limits import ReviewValueError
from core.review.progress import WorkItem, open_finding_count, reviewed_count, step, work_queue
from core.review.storage import ReviewFileError, read_review
from review_helpers import make_session


@pytest.mark.parametrize("edit, code", [
    (lambda s: s.set_manual_score("staff_rate", D("30.01")), "OUT_OF_RANGE"),
    (lambda s: s.set_manual_score("staff_rate", D(-1)), "OUT_OF_RANGE"),
    (lambda s: s.set_manual_score("staff_rate", 5.0), "WRONG_KIND"),
    (lambda s: s.set_manual_score("staff_rate", D("NaN")), "OUT_OF_RANGE"),
    (lambda s: s.set_level("mgmt_rules", 5), "OUT_OF_RANGE"),
    (lambda s: s.set_level("mgmt_rules", 0), "OUT_OF_RANGE"),
    (lambda s: s.set_level("mgmt_rules", True), "WRONG_KIND"),
    (lambda s: s.set_level("staff_rate", 1), "WRONG_KIND"),
    (lambda s: s.set_level("no_such", 1), "UNKNOWN_ITEM"),
    (lambda s: s.set_violations("mgmt_rules", 2), "WRONG_KIND"),
    (lambda s: s.set_checked("mgmt_rules", (True,)), "WRONG_KIND"),
    (lambda s: s.set_not_applicable("staff_rate", "yes"), "WRONG_KIND"),
    (lambda s: s.set_value("staff_actual", "7"), "WRONG_KIND"),
    (lambda s: s.set_value("staff_actual", D("1e20")), "OUT_OF_RANGE"),
    (lambda s: s.set_value("__import__('os')", D(1)), "UNKNOWN_ITEM"),
    (lambda s: s.set_finding_state(s.finding_keys[0], status="deleted"), "WRONG_KIND"),
    (lambda s: s.set_finding_state("no-such-finding", status="accepted"), "UNKNOWN_ITEM"),
    (lambda s: s.map_claim("no-such-claim", "staff_rate"), "UNKNOWN_ITEM"),
    (lambda s: s.map_claim("c1", "no_such"), "UNKNOWN_ITEM"),
])
def test_the_session_refuses_nonsense_and_changes_nothing(edit, code):
    s = make_session()
    before = (dict(s.values), dict(s.decisions), dict(s.finding_states), dict(s.claim_map), s.revision)
    with pytest.raises(ReviewValueError) as err:
        edit(s)
    assert err.value.code == code and str(err.value).startswith(f"错误[{code}]: ")
    assert (dict(s.values), dict(s.decisions), dict(s.finding_states), dict(s.claim_map), s.revision) == before
    assert not s.can_undo


def test_the_bounds_themselves_are_accepted():
    s = make_session()
    assert s.set_manual_score("staff_rate", D(30)).decisions == {"staff_rate"}
    assert s.set_manual_score("staff_rate", D(0)) is not None
    assert s.set_level("mgmt_rules", 4) is not None and s.set_level("mgmt_rules", None) is not None
    assert s.set_value("staff_actual", None) is not None


@pytest.mark.parametrize("field, value, words", [
    ("manual_score", {"$d": "31"}, "复核得分 31 不在 0–30 之间"),
    ("level", 7, "等级 7 不在 1–4 之间"),
])
def test_opening_a_review_file_that_holds_a_refused_value_fails_the_same_way(tmp_path, field, value, words):
    s = make_session(tmp_path / "报告.txt")
    s.set_level("mgmt_rules", 2)
    path = s.save()
    raw = json.loads(path.read_text(encoding="utf-8"))
    target = "mgmt_rules" if field == "level" else "staff_rate"
    raw["decisions"][target] = {"$type": "Decision", field: value}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReviewFileError) as err:
        read_review(path)
    assert err.value.code == "INVALID_CONTENT" and words in err.value.message
    assert f"decisions.{target}" in err.value.message


def test_work_queue_order_and_counts():
    s = make_session()
    queue = work_queue(s)
    by_id = s.result.by_id
    indicators = [item.key for item in queue if item.kind == "indicator"]
    assert indicators == ["exec_rate", "mgmt_rules"]  # differs from its claim, then unjudged
    assert by_id["exec_rate"].difference != 0 and by_id["mgmt_rules"].status == "unjudged"
    findings = [item.key for item in queue if item.kind == "finding"]
    assert findings == s.finding_keys and open_finding_count(s) == len(findings) == 1
    assert reviewed_count(s) == (2, 3)
    s.set_level("mgmt_rules", 1)
    s.set_finding_state(s.finding_keys[0], status="dismissed")
    assert reviewed_count(s) == (3, 3) and open_finding_count(s) == 0
    assert WorkItem("indicator", "mgmt_rules") not in work_queue(s)


def test_step_wraps_and_continues_after_a_resolved_item():
    queue = [WorkItem("indicator", k) for k in "abc"]
    assert step(queue, None, None, True) == 0 and step(queue, None, None, False) == 2
    assert step(queue, queue[2], None, True) == 0 and step(queue, queue[0], None, False) == 2
    gone = WorkItem("indicator", "x")  # the current item just left the queue at position 1
    assert step(queue, gone, 1, True) == 1 and step(queue, gone, 1, False) == 0
    assert step([], None, None, True) is None


def test_switching_frameworks_drops_decisions_the_new_one_refuses_so_the_review_still_opens(tmp_path):
    from review_helpers import make_framework

    s = make_session(tmp_path / "报告.txt")
    s.set_manual_score("staff_rate", D(25))
    s.set_level("mgmt_rules", 3)
    lighter = make_framework("light", weights=(D(20), D(60), D(20)))
    change = s.set_framework(lighter)
    assert "staff_rate" in change.decisions and "staff_rate" not in s.decisions  # 25 > its new weight 20
    assert s.decision("mgmt_rules").level == 3
    assert read_review(s.save()).decisions == dict(s.decisions)
    s.undo()
    assert s.decision("staff_rate").manual_score == D(25)


def test_the_command_line_set_meets_the_same_rules():
    from conftest import sample

    from core.analysis import open_report

    with pytest.raises(ReviewValueError) as err:
        open_report(sample("txt", "kaoping-20xx-project"), sets={"staff_actual": "1e30"})
    assert err.value.code == "OUT_OF_RANGE" and "staff_actual" in err.value.message
