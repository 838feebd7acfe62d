"""run_batch: find the reports, reuse what the previous summary recorded, analyse the rest in worker
processes (each loads the app once), and write the summary — also when stopped (Ctrl+C or `cancel`), then
with the rows that finished."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.batch import record, sampling
from core.batch.discover import common_root, find_reports
from core.batch.rows import SummaryRow, failed_row
from core.batch.summary import RunInfo, write_summary
from core.batch.worker import Task, analyse, initialize
from core.errors import CodedError

REVIEW_FOLDER_SUFFIX = "_复核文件"
POLL_SECONDS = 0.2

Progress = Callable[[int, int, str], None]  # done, total, name of the report just finished


class BatchError(CodedError):
    """A batch that cannot start. `code`: BAD_ARGUMENT | NOT_FOUND."""


@dataclass
class BatchOptions:
    sources: list[str]
    out: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    exports_dir: Path | None = None
    sample: int | None = None
    seed: int | None = None
    reuse: bool = True  # False: analyse everything again (benchmarks)


@dataclass
class BatchResult:
    summary: Path
    review_dir: Path
    rows: list[SummaryRow]
    analysed: int
    reused: int
    interrupted: bool
    sampled: set[str]
    seed: int | None


def review_folder(summary: Path) -> Path:
    """Where the review files go: beside the summary, never beside the sources."""
    return summary.with_name(summary.stem + REVIEW_FOLDER_SUFFIX)


def run_batch(options: BatchOptions, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> BatchResult:
    out = _checked_out(options)
    review_dir = review_folder(out)
    exports_dir = options.exports_dir.resolve() if options.exports_dir else None
    reports = find_reports(options.sources, exclude=[out, review_dir] + ([exports_dir] if exports_dir else []))
    if not reports:
        raise BatchError("NOT_FOUND", "没有找到可分析的报告（txt、docx、pdf、xlsx）")
    root = common_root(reports)
    previous = record.read_record(out) if options.reuse else {}
    rows, tasks = [], []
    for path in reports:
        kept = record.reusable(previous.get(str(path)), path, out.parent)
        if kept is not None:
            rows.append(kept)
        else:
            tasks.append(_task(path, root, review_dir, out.parent, exports_dir))
    report = progress or (lambda done, total, name: None)
    report(len(rows), len(reports), "")
    fresh, interrupted = _analyse_all(tasks, options.jobs, report, len(rows), len(reports), cancel)
    rows += fresh
    seed = options.seed if options.seed is not None else (sampling.new_seed() if options.sample else None)
    sampled = sampling.draw(reports, root, options.sample, seed) if options.sample else set()
    info = RunInfo([str(Path(s).resolve()) for s in options.sources], datetime.now().isoformat(timespec="seconds"),
                   options.sample, seed, len(fresh), len(rows) - len(fresh), interrupted)
    write_summary(out, rows, sampled, info)
    return BatchResult(out, review_dir, rows, len(fresh), len(rows) - len(fresh), interrupted, sampled, seed)


def _checked_out(options: BatchOptions) -> Path:
    out = Path(options.out).resolve()
    if out.suffix.lower() != ".xlsx":
        raise BatchError("BAD_ARGUMENT", f"汇总表须为 .xlsx 文件：{out.name}")
    if not out.parent.is_dir():
        raise BatchError("NOT_FOUND", f"汇总表所在的文件夹不存在：{out.parent}")
    if options.jobs < 1:
        raise BatchError("BAD_ARGUMENT", "--jobs 须为正整数")
    if options.sample is not None and options.sample < 1:
        raise BatchError("BAD_ARGUMENT", "--sample 须为正整数")
    return out


def _task(path: Path, root: Path | None, review_dir: Path, summary_dir: Path, exports_dir: Path | None) -> Task:
    sub = path.parent.relative_to(root) if root else Path()
    return Task(str(path), str(review_dir / sub), str(summary_dir), str(exports_dir / sub) if exports_dir else None)


def _analyse_all(tasks: list[Task], jobs: int, report: Progress, done: int, total: int,
                 cancel: threading.Event | None) -> tuple[list[SummaryRow], bool]:
    """Rows of the tasks that finished, and whether the run was stopped before all did."""
    if not tasks:
        return [], False
    rows: list[SummaryRow] = []
    # spawn everywhere: what Windows does anyway, and safe from a process that runs Qt threads
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=multiprocessing.get_context("spawn"),
                               initializer=initialize)
    pending = {pool.submit(analyse, task): task for task in tasks}
    interrupted = False
    try:
        while pending:
            if cancel is not None and cancel.is_set():
                interrupted = True
                break
            finished, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in finished:
                rows.append(_row(future, pending.pop(future)))
                done += 1
                report(done, total, rows[-1].name)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        # Reports already running finish (each is bounded by the loaders' budgets) and are kept.
        pool.shutdown(wait=True, cancel_futures=True)
    rows += [_row(f, t) for f, t in pending.items() if f.done() and not f.cancelled()]
    return rows, interrupted


def _row(future, task: Task) -> SummaryRow:
    try:
        row = future.result()
    except BrokenProcessPool:
        row = failed_row(task.source, Path(task.source).name,
                         CodedError("WORKER_FAILED", "分析进程意外退出（可能超出内存限制），未能完成分析；再次运行将重试"))
    if row.sha256 is None:
        row.sha256 = record.file_sha256(Path(task.source))
    return row
