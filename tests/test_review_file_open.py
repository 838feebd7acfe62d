"""Opening a review file with its report: same report, changed report (re-anchoring), missing report,
and recovery from the autosave."""

import os
from decimal import Decimal as D

from core.review.opening import open_review
from review_helpers import TEXT, make_framework, make_session


def saved_review(tmp_path):
    s = make_session(tmp_path / "报告.txt")
    s.set_value("staff_actual", D(7))
    s.set_value("budget_added", D("13.38"))
    s.set_level("mgmt_rules", 2)
    return s, s.save()


def test_open_same_report(tmp_path):
    s, path = saved_review(tmp_path)
    outcome = open_review(path)
    assert outcome.status == "ok" and outcome.actual_sha256 == s.document.sha256
    opened = outcome.session
    assert opened.framework == make_framework()
    assert opened.value("staff_actual") == s.value("staff_actual")
    assert opened.value("budget_added").origin == "entered"
    assert opened.decision("mgmt_rules").level == 2
    assert opened.result.by_id["staff_rate"].value == D("87.5")
    assert opened.review_path == path and not opened.dirty
    assert [h.label for h in opened.history] == [h.label for h in s.history]


def test_changed_report_is_reported_then_reanchored(tmp_path):
    s, path = saved_review(tmp_path)
    (tmp_path / "报告.txt").write_text("（修订稿）\n" + TEXT.replace("实有人数8人", "实有人数八人"), encoding="utf-8")
    outcome = open_review(path)
    assert outcome.status == "source_changed" and outcome.session is None
    assert outcome.expected_sha256 == s.document.sha256 != outcome.actual_sha256
    outcome = open_review(path, reanchor=True)
    opened = outcome.session
    assert outcome.status == "source_changed" and outcome.unanchored == ["staff_actual"]
    assert opened.dirty  # the re-anchored review is not yet saved
    quota = opened.value("staff_quota").loc
    assert opened.document.text[quota.start:quota.end] == "编制8人"
    assert quota.start == s.value("staff_quota").loc.start + len("（修订稿）\n")
    assert opened.value("staff_actual").value == D(7) and opened.value("staff_actual").loc is None


def test_missing_report(tmp_path):
    _, path = saved_review(tmp_path)
    (tmp_path / "报告.txt").unlink()
    outcome = open_review(path)
    assert outcome.status == "source_missing" and outcome.session is None


def test_recover_from_autosave(tmp_path):
    s, path = saved_review(tmp_path)
    s.set_value("staff_quota", D(10))
    auto = s.autosave()
    os.utime(auto, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    outcome = open_review(path, use_autosave=True)
    assert outcome.recovered and outcome.session.value("staff_quota").value == D(10)
    assert outcome.session.dirty and outcome.session.review_path == path
