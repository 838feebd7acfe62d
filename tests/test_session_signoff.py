"""Sign-off: the reviewer's name in every change, the review file and the outputs; 复核完成 refuses edits
unless confirmed (and a confirmed edit reopens the review, undone together); the opinion controls of
findings; older review files without these blocks still open."""

import json
from decimal import Decimal as D

import pytest

from core.review.opening import open_review
from core.review.signoff import ReviewCompletedError
from core.review.storage import read_review
from review_helpers import make_session


def test_reviewer_is_named_in_changes_history_and_file(tmp_path):
    session = make_session(tmp_path / "报告.txt", reviewer=" 张三 ")
    session.set_value("staff_actual", D(7))
    assert session.value("staff_actual").changed_by == "张三"
    assert session.history[-1].who == "张三"
    session.set_reviewer("李四")
    session.set_level("mgmt_rules", 2)
    assert session.history[-1].who == "李四"
    raw = json.loads(session.save().read_text(encoding="utf-8"))
    assert raw["reviewer"] == "李四" and raw["values"]["staff_actual"]["changed_by"] == "张三"
    assert open_review(session.review_path, reviewer="王五").session.reviewer == "王五"
    assert open_review(session.review_path).session.reviewer == "李四"


def test_completed_review_refuses_unconfirmed_edits(tmp_path):
    session = make_session(tmp_path / "报告.txt", reviewer="张三")
    session.set_completed(True)
    assert session.completed and session.signoff.by == "张三" and session.signoff.at
    with pytest.raises(ReviewCompletedError) as refused:
        session.set_value("staff_actual", D(7))
    assert refused.value.code == "REVIEW_COMPLETED" and "修改 在职人数" in refused.value.message
    assert session.value("staff_actual").value == D(8) and session.completed
    asked = []
    session.edit_guard = lambda label: asked.append(label) or False
    with pytest.raises(ReviewCompletedError):
        session.set_level("mgmt_rules", 2)
    assert asked == ["设置 管理制度健全性 等级: 2"]
    session.edit_guard = lambda label: True
    session.set_value("staff_actual", D(7))  # confirmed: the edit goes in and the review is open again
    assert session.value("staff_actual").value == D(7) and not session.completed
    session.undo()  # one undo takes back the edit and the reopening
    assert session.value("staff_actual").value == D(8) and session.completed


def test_completion_is_saved_and_read_back(tmp_path):
    session = make_session(tmp_path / "报告.txt", reviewer="张三")
    session.set_opinion_section("problems", "1. 三公经费超支。")
    session.set_completed(True)
    with pytest.raises(ReviewCompletedError):  # the wording is part of the review too
        session.set_opinion_section("problems", "1. 改写。")
    reopened = open_review(session.save()).session
    assert reopened.completed and reopened.signoff.by == "张三"
    assert dict(reopened.opinion_edits) == {"problems": "1. 三公经费超支。"}
    with pytest.raises(ReviewCompletedError):
        reopened.set_comment("exec_rate", "理由")


def test_an_older_review_file_without_signoff_still_opens(tmp_path):
    session = make_session(tmp_path / "报告.txt", reviewer="张三")
    session.set_value("staff_actual", D(7))
    path = session.save()
    raw = json.loads(path.read_text(encoding="utf-8"))
    del raw["signoff"], raw["opinion"]
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    data = read_review(path)
    assert not data.signoff.completed and data.opinion_edits == {}
    reopened = open_review(path).session
    assert reopened.value("staff_actual").value == D(7) and not reopened.completed


def test_dismissed_finding_leaves_the_opinion_until_ticked_again():
    session = make_session()
    key = session.finding_keys[0]
    assert session.in_opinion(key) and session.opinion_action(key) == "移出意见"
    session.set_finding_state(key, status="dismissed", note="不影响得分")
    assert not session.in_opinion(key) and session.opinion_action(key) == "加入意见"
    session.set_finding_state(key, include_in_opinion=True)  # ticked again on purpose
    assert session.in_opinion(key) and session.finding_state(key).status == "dismissed"
    session.set_finding_state(key, include_in_opinion=False)
    session.set_finding_state(key, status="accepted")  # taken back: the default returns
    assert session.in_opinion(key) and session.opinion_action(key) == "移出意见"
    session.set_finding_state(key, include_in_opinion=False)
    session.set_finding_state(key, note="核实")
    assert not session.in_opinion(key)  # a note does not touch the tick


@pytest.mark.parametrize("bad", [
    {"signoff": {"completed": "yes"}},
    {"signoff": ["completed"]},
    {"opinion": {"sections": {"problems": 7}}},
    {"opinion": {"sections": {"problems": "长" * 20_001}}},
    {"signoff": {"completed": True, "by": {"name": "张三"}}},
])
def test_malformed_signoff_blocks_are_refused(tmp_path, bad):
    from core.review.storage import ReviewFileError

    session = make_session(tmp_path / "报告.txt", reviewer="张三")
    path = session.save()
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.update(bad)
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReviewFileError) as refused:
        read_review(path)
    assert refused.value.code == "CORRUPT_FILE"
