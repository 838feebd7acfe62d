"""The review file: exact round trip, atomic replacement under SIGKILL, autosave and recovery."""

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest

from core.review.anchoring import reanchor_values
from core.review.storage import (
    PAUSE_ENV, ReviewFileError, autosave_path, read_review, recovery_candidate, write_atomic,
)
from review_helpers import TEXT, make_document, make_framework, make_session

TESTS = Path(__file__).resolve().parent


def edited_session(tmp_path):
    s = make_session(tmp_path / "报告.txt", reviewer="张三")
    s.set_value("staff_actual", D("7"))
    s.set_level("mgmt_rules", 2)
    s.set_comment("exec_rate", "结转资金未剔除")
    s.set_finding_state(s.finding_keys[0], status="accepted", note="属实")
    return s


def test_round_trip_keeps_everything(tmp_path):
    s = edited_session(tmp_path)
    path = s.save()
    assert path == tmp_path / "报告.txt.jxfh" and not s.dirty
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["schema"] == "review/1"
    assert raw["source"]["sha256"] == s.document.sha256 and raw["source"]["name"] == "报告.txt"
    assert (raw["framework"]["id"], raw["framework"]["version"]) == ("toy", "1")
    data = read_review(path)
    assert data.framework == make_framework()
    assert data.values == dict(s.values) and data.values["staff_actual"].value == D(7)
    assert data.values["staff_actual"].changed_by == "张三"
    assert data.decisions == dict(s.decisions)
    assert data.finding_states == dict(s.finding_states)
    assert [h.label for h in data.history] == [h.label for h in s.history]
    assert data.history[0].details[0]["after"]["value"] == {"$d": "7"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_restore_gives_the_same_result(tmp_path):
    s = edited_session(tmp_path)
    s.save()
    data = read_review(s.review_path)
    fresh = make_session(tmp_path / "报告.txt")
    fresh.restore(data.values, data.decisions, data.claim_map, data.finding_states, data.history)
    assert fresh.result == s.result and fresh.findings == s.findings
    assert not fresh.dirty and not fresh.can_undo


SAVE_IN_CHILD = """
import sys
from decimal import Decimal
from pathlib import Path
sys.path.insert(0, {tests!r})
from review_helpers import make_session
s = make_session(Path({doc!r}))
s.set_value("staff_actual", Decimal(99))
s.save(Path({review!r}), overwrite=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_sigkill_during_save_leaves_the_earlier_file(tmp_path):
    s = edited_session(tmp_path)
    review = s.save()
    earlier = review.read_bytes()
    script = SAVE_IN_CHILD.format(tests=str(TESTS), doc=str(tmp_path / "报告.txt"), review=str(review))
    child = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, PAUSE_ENV: "30"})
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size for p in tmp_path.glob(".报告.txt.jxfh.*.tmp")):
        assert child.poll() is None and time.monotonic() < deadline, "child never started writing"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert review.read_bytes() == earlier
    assert read_review(review).values["staff_actual"].value == D(7)


def test_write_atomic_leaves_no_temp_file_on_error(tmp_path, monkeypatch):
    target = tmp_path / "a.review.json"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.review.json"]


def test_autosave_and_recovery_after_a_crash(tmp_path):
    s = edited_session(tmp_path)
    review = s.save()
    assert s.autosave() is None  # nothing new since the save
    s.set_value("staff_quota", D(10))
    auto = s.autosave()
    assert auto == autosave_path(review) == tmp_path / "报告.txt.jxfh.autosave"
    assert s.autosave() is None
    os.utime(auto, ns=(review.stat().st_mtime_ns + 10**9,) * 2)
    del s  # the crash: the session is gone without saving
    assert recovery_candidate(review) == auto
    assert read_review(auto).values["staff_quota"].value == D(10)
    assert read_review(review).values["staff_quota"].value == D(8)


def test_autosave_goes_when_back_at_the_saved_state(tmp_path):
    s = edited_session(tmp_path)
    review = s.save()
    s.set_value("staff_quota", D(10))
    assert s.autosave().exists()
    s.undo()
    assert s.autosave() is None and not autosave_path(review).exists()
    s.redo()
    s.autosave()
    s.save()
    assert not autosave_path(review).exists() and recovery_candidate(review) is None


def test_stale_or_broken_autosave_is_not_offered(tmp_path):
    s = edited_session(tmp_path)
    review = s.save()
    s.set_value("staff_quota", D(10))
    auto = s.autosave()

    def newer(path, than):
        os.utime(path, ns=(than.stat().st_mtime_ns + 10**9,) * 2)

    newer(review, auto)  # saved by another copy of the program after the autosave
    assert recovery_candidate(review) is None
    newer(auto, review)
    assert recovery_candidate(review) == auto
    auto.write_text("{", encoding="utf-8")
    newer(auto, review)
    assert recovery_candidate(review) is None


@pytest.mark.parametrize("content, code", [
    ("{not json", "CORRUPT_FILE"),
    ('{"schema": "analysis/1"}', "UNSUPPORTED_FORMAT"),
    ('{"schema": "review/1", "source": {}}', "INVALID_CONTENT"),
])
def test_unreadable_review_file(tmp_path, content, code):
    path = tmp_path / "x.review.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewFileError) as err:
        read_review(path)
    assert err.value.code == code and str(err.value).startswith(f"错误[{code}]")


def test_reanchor_moves_locations_and_reports_lost_quotes():
    s = make_session()
    changed_text = "（修订稿）\n" + TEXT.replace("在职人数7人", "在职人数七人").replace("编制8人", "编制9人")
    document = make_document(text=changed_text)
    anchored = reanchor_values(dict(s.values), document)
    moved = anchored.values["expense_total"].loc
    assert changed_text[moved.start:moved.end] == "本年支出360万元"
    assert moved.start == s.value("expense_total").loc.start + len("（修订稿）\n")
    assert anchored.lost == ["staff_quota"]
    assert anchored.values["staff_quota"].value == D(8) and anchored.values["staff_quota"].loc is None
    assert anchored.values["staff_actual"].alternatives == ()  # "在职人数7人" is gone


def test_framework_snapshot_of_a_builtin_round_trips_exactly():
    from core.frameworks import load_framework
    from core.review import codec

    framework = load_framework("dept-hunan-county")
    copy = codec.FRAMEWORK(json.loads(json.dumps(codec.encode(framework), ensure_ascii=False)), "framework")
    assert copy == framework and copy is not framework
    assert copy.indicator("budget_control_rate").rule.params == framework.indicator("budget_control_rate").rule.params


def test_saving_keeps_the_newest_history_so_the_file_always_reads_back(tmp_path, monkeypatch):
    from core.review import storage

    monkeypatch.setattr(storage, "MAX_HISTORY", 3)
    s = make_session(tmp_path / "报告.txt")
    for value in range(5):
        s.set_value("staff_quota", D(value))
    data = read_review(s.save())
    assert [h.label for h in data.history] == [h.label for h in s.history[-3:]]
    assert data.values["staff_quota"].value == D(4)
