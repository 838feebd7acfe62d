"""Opening a report or a review off the UI thread: what to ask first, and the jobs that load, analyse and
re-apply a review with their progress on the job's bar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

REVIEW_SUFFIX = ".review.json"


def warm_up_core() -> None:
    """Import the analysis pipeline and read the frameworks ahead of the first open (about half a
    second that the first report would otherwise wait for)."""
    import pypdfium2  # noqa: F401 -- the PDF loader imports it on first use

    import core.checks
    import core.documents
    import core.extraction
    import core.review.opening
    import core.scoring.engine  # noqa: F401
    from core.frameworks import list_frameworks, load_framework

    for framework_id, _name in list_frameworks():
        load_framework(framework_id)


def stage_reporter(report, name: str):
    """A core `stage(index, label)` callback that moves the job's bar (and raises LoadCancelled once the
    job is cancelled, which abandons the analysis between stages)."""
    from core.review.opening import STAGES

    def stage(index: int, label: str) -> None:
        report(index, len(STAGES), f"正在分析 {name}：{label}…")

    return stage


def page_reporter(report, name: str):
    """A loader `progress(done, total)` callback that counts pages on the job's bar."""
    return lambda done, total: report(done, total, f"正在读取 {name}：第 {done}/{total} 页")


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
    from core.review.opening import open_review

    name = request.review.name.removesuffix(REVIEW_SUFFIX)
    return open_review(request.review, request.report, reanchor=request.reanchor,
                       use_autosave=request.use_autosave, document=request.document,
                       progress=page_reporter(report, name), stage=stage_reporter(report, name),
                       password=request.password)


@dataclass
class OpenPlan:
    """What opening `path` involves, found off the UI thread: the review file and whether to ask."""

    path: str
    review: Path
    is_review: bool
    recoverable: bool  # an autosave newer than the review file exists
    saved_review: bool


def plan_open(path: str) -> OpenPlan:
    from core.review.storage import recovery_candidate

    is_review = path.endswith(REVIEW_SUFFIX)
    review = Path(path) if is_review else review_path_for(path)
    return OpenPlan(path, review, is_review, recovery_candidate(review) is not None, review.is_file())


def review_path_for(report: str | Path) -> Path:
    """Where the session will keep the review of `report` (the core's naming rule)."""
    from core.review.session import default_review_path

    report = Path(report)
    return default_review_path(SimpleNamespace(path=str(report), name=report.name))
