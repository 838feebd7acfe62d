"""Helpers the GUI test modules share: sample copies, opening with a wait, the message boxes shown (the
`answers` and `window` fixtures themselves live in conftest.py)."""

from __future__ import annotations

import shutil

from conftest import sample

REPORT = "baojing-2019-dept"


def copy_sample(tmp_path, form: str, report_id: str = REPORT):
    """Reviews are written beside the report, so tests work on a copy, never on the shared samples."""
    target = tmp_path / f"{report_id}.{form}"
    shutil.copy(sample(form, report_id), target)
    return target


def open_and_wait(qtbot, window, path) -> None:
    """Open and wait for the session; an error dialog on the way fails with its text."""
    previous = window.session
    errors_before = len(errors_shown())
    window.open_path(str(path))
    qtbot.waitUntil(lambda: (window.session is not None and window.session is not previous)
                    or len(errors_shown()) > errors_before, timeout=20000)
    assert errors_shown()[errors_before:] == []


ANSWERS: dict = {}  # the current test's message-box record, for helpers that do not take fixtures


def errors_shown() -> list:
    return [c for c in ANSWERS.get("calls", []) if c[0] == "critical"]


def first_digit_after(text: str, label: str) -> int:
    """Offset of the first digit after the first `label` in the report text."""
    start = text.index(label) + len(label)
    while not text[start].isdigit():
        start += 1
    return start


def first_finding_with_locs(window):
    """The first finding in the findings tree that points at text, with its index."""
    model = window.review_pane.findings
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            finding = model.finding_at(index)
            if finding.locs and all(loc.end > loc.start for loc in finding.locs):
                return index, finding
    raise AssertionError("no finding with a location")
