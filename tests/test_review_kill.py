"""A small run of tools/kill_test.py: a review saved over and over by a child killed with SIGKILL."""

import importlib.util
import sys

import pytest
from conftest import ROOT

from review_helpers import TEXT

_spec = importlib.util.spec_from_file_location("kill_test", ROOT / "tools" / "kill_test.py")
kill_test = sys.modules["kill_test"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(kill_test)


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_ten_kills_lose_no_review_and_leave_no_temp_file(tmp_path):
    report = tmp_path / "source" / "报告.txt"
    report.parent.mkdir()
    report.write_text(TEXT, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    counts = kill_test.run(10, report, seed=3, folder=work, max_delay=0.05)
    assert counts.failures == []
    assert counts.kills == counts.opened == counts.last_reported + counts.in_flight == 10
    assert counts.saves_reported > 0 and counts.temp_files_after_open == 0
