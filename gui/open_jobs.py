"""Opening a report or a review off the UI thread: the jobs that load, analyse and re-apply a review with
their progress on the job's bar (what to ask first is core.review.opening.plan_open)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def stage_reporter(report, name: str):
    """A core `stage(index, label)` callback that moves the job's bar (and raises LoadCancelled once the
    job is cancelled, which abandons the analysis between stages)."""
    from core.review.opening import STAGES

    def stage(index: int, label: str) -> None:
        report(index, len(STAGES), f"正在分析 {name}：{label}…")

    return stage


def page_reporter(report, name: str):
    """A loader `progress(done, total, step)` callback that counts pages on the job's bar."""
    from core.documents.model import RECOGNISING

    def page(done: int, total: int, step: str) -> None:
        if step == RECOGNISING:
            report(done, total, f"正在识别 {name}：第 {done}/{total} 页（扫描件）")
        else:
            report(done, total, f"正在读取 {name}：第 {done}/{total} 页")

    return page


def analyse_document(document, report):
    """start_session with each analysis stage shown (and a chance to cancel between them)."""
    from core.review.opening import start_session

    return start_session(document, stage=stage_reporter(report, document.name))


@dataclass(frozen=True)
class ReviewRequest:
    """Opening a review file: with which report (None: the one it names), shown under which path in
    最近打开, from the autosave or not; `document`/`reanchor` continue after the reviewer was asked."""

    review: Path
    report: str | None
    remembered: str
    use_autosave: bool = False
    document: object = None
    reanchor: bool = False
    password: str | None = None  # for an encrypted report, once the reviewer typed it


def open_review_job(request: ReviewRequest, report):
    """open_review with the pages and analysis stages on the job's bar."""
    from core.review.files import source_name_of
    from core.review.opening import open_review

    name = source_name_of(request.review)
    return open_review(request.review, request.report, reanchor=request.reanchor,
                       use_autosave=request.use_autosave, document=request.document,
                       progress=page_reporter(report, name), stage=stage_reporter(report, name),
                       password=request.password)
