"""What each worker process does: load the app once (initializer), then analyse one report per task and
save its review file into the batch's output folder. Runs in a child process: everything it returns is
plain data (a SummaryRow)."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path

from core.batch.rows import SummaryRow, failed_row, row_from_analysis
from core.errors import CodedError


@dataclass(frozen=True)
class Task:
    source: str  # the report, absolute
    review_dir: str  # where its review file goes (the output folder, mirroring sub-folders)
    summary_dir: str  # review paths in the row are relative to this
    exports_dir: str | None = None


def initialize(ignore_interrupt: bool = True) -> None:
    """Worker start-up: Ctrl+C is the parent's to handle (it stops the batch and keeps the finished rows);
    the analysis pipeline and every framework are loaded here once instead of with the first report."""
    if ignore_interrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    import core.analysis  # noqa: F401 -- imports the loaders, extraction, scoring and checks
    from core.frameworks import list_frameworks, load_framework

    for framework_id, _name in list_frameworks():
        load_framework(framework_id)


def analyse(task: Task) -> SummaryRow:
    """Never raises for a bad report: its row carries the typed error instead."""
    try:
        return _analyse(task)
    except CodedError as exc:
        return failed_row(task.source, Path(task.source).name, exc)
    except Exception as exc:  # noqa: BLE001 -- one unexpected failure must not end a season's batch
        return failed_row(task.source, Path(task.source).name,
                          CodedError("INTERNAL_ERROR", f"分析时出现意外错误（{type(exc).__name__}：{exc}）"))


def _analyse(task: Task) -> SummaryRow:
    from core.analysis import open_report, to_json
    from core.review.session import default_review_path

    session = open_report(task.source)
    row = row_from_analysis(task.source, to_json(session))
    target = Path(task.review_dir) / default_review_path(session.document).name
    target.parent.mkdir(parents=True, exist_ok=True)
    session.save(target, overwrite=_untouched(target))
    row.review_file = _relative(target, task.summary_dir)
    if task.exports_dir:
        from core.batch.exporting import write_exports

        row.exports = [_relative(p, task.summary_dir) for p in write_exports(session, Path(task.exports_dir))]
    return row


def _untouched(review: Path) -> bool:
    """No review there, or one an earlier run wrote and nobody edited since (no history): a new analysis may
    replace it. One a reviewer worked on is kept: saving refuses (CHANGED_ON_DISK) and the row says so."""
    from core.review.storage import ReviewFileError, read_review

    try:
        return not read_review(review).history
    except ReviewFileError:
        return True  # missing or unreadable: nothing to keep


def _relative(path: Path, base: str) -> str:
    """As a link from the summary: relative, with forward slashes (Excel and WPS accept them)."""
    return Path(os.path.relpath(path, base)).as_posix()
