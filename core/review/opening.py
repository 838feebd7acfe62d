"""Starting a session from a report, and re-opening one from a review file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from core.analysis_budget import budget
from core.documents.model import Document
from core.frameworks.model import Framework
from core.review.anchoring import reanchor_values
from core.review.files import autosave_path, is_legacy_path, is_review_path, legacy_review_path, review_path_for
from core.review.session import ReviewSession, map_claims_to
from core.review.storage import ReviewData, ReviewFileError, file_digest, read_review, recovery_candidate
from core.review.values import VariableValue


# The analysis stages a window shows while a report opens (start_session's `stage` callback).
STAGES = ("提取指标与数据", "选择指标体系", "评分与检查")
MAX_OFFERED = 3  # frameworks named when the choice is uncertain (the list offers all)


def start_session(document: Document, template: str | None = None, *, reviewer: str | None = None,
                  stage: Callable[[int, str], None] | None = None) -> ReviewSession:
    """extract → choose/load framework → map claims → session (scores and checks).

    `stage(index, label)` is called before each of STAGES; raising from it abandons the analysis.
    """
    from core.extraction import extract, map_claims

    report = stage or (lambda index, label: None)
    with budget():
        report(0, STAGES[0])
        extraction = extract(document)
        report(1, STAGES[1])
        framework, choice = framework_for(extraction, template)
        map_claims(extraction, framework)
        report(2, STAGES[2])
        session = ReviewSession(document, extraction, framework, reviewer=reviewer)
    # A scan or a file that is no report has findings of its own; a guess about its kind would be noise.
    if choice is not None and not choice.certain and document.text_layer and extraction.meta.looks_like_report:
        session.warnings.append(uncertain_choice_text(framework, choice.others))
    return session


def uncertain_choice_text(framework: Framework, others: tuple[str, ...]) -> str:
    from core.frameworks import FrameworkError, load_framework

    names = []
    for framework_id in others[:MAX_OFFERED]:
        try:
            names.append(f"“{load_framework(framework_id).name}”")
        except FrameworkError:
            continue
    offer = f"，如不符可在“指标体系”中改选{'、'.join(names)}" if names else ""
    return f"报告未写明评价类型，暂按“{framework.name}”评分{offer}。"


def framework_for(extraction, template: str | None = None):
    """The framework asked for; else a 自评表's own (its rows and weights); else the one the report's
    kind and claims choose. Also that choice (choose.FrameworkChoice), None where nothing was guessed."""
    from core.extraction import framework_choice
    from core.forms.framework import form_framework, scored_form
    from core.frameworks import load_framework

    if template:
        return framework_by_key(extraction, template), None
    form = scored_form(extraction.forms)
    if form is not None:
        return form_framework(form), None
    choice = framework_choice(extraction)
    return load_framework(choice.id), choice


def framework_by_key(extraction, key: str) -> Framework:
    """A framework picked by id: a built-in (or a file), or the report's 自评表's own (`…:table`)."""
    from core.forms.framework import TABLE_SUFFIX, form_framework, scored_form
    from core.frameworks import load_framework

    form = scored_form(extraction.forms)
    if form is not None and key.endswith(TABLE_SUFFIX):
        return form_framework(form)
    return load_framework(key)


def session_from_review(document: Document, review: ReviewData, framework: Framework | None = None,
                        stage: Callable[[int, str], None] | None = None,
                        reviewer: str | None = None) -> tuple[ReviewSession, list[str]]:
    """A session on `document` with the saved review applied; also the variables that lost their loc.

    The framework is the review's own snapshot (scores stay as saved even if the built-in changed)
    unless `framework` is given. If the report changed (sha256 differs) every saved location is
    re-anchored and the claim mapping is redone, because claim ids belong to the old text.
    `stage` is called as in start_session. `reviewer` is who continues the review (else the saved one).
    """
    from core.extraction import extract

    report = stage or (lambda index, label: None)
    report(0, STAGES[0])
    with budget():
        extraction = extract(document)
        report(1, STAGES[1])
        framework = framework or review.framework
        claim_map = map_claims_to(extraction, framework)
        same_source = document.sha256 == review.source.get("sha256")
        values, lost = review.values, []
        if not same_source:
            anchored = reanchor_values(review.values, document)
            values, lost = anchored.values, anchored.lost
        else:
            values, lost = _within_text(values, len(document.text))
            if framework is review.framework:
                claim_map.update((k, v) for k, v in review.claim_map.items() if k in claim_map)
        report(2, STAGES[2])
        session = ReviewSession(document, extraction, framework, reviewer=reviewer or review.reviewer)
        session.warnings.extend(review.warnings)
        session.restore({**session.values, **values}, review.decisions, claim_map,
                        review.finding_states, review.history, review.signoff, review.opinion_edits)
        return session, lost


def _within_text(values: dict[str, VariableValue], length: int) -> tuple[dict[str, VariableValue], list[str]]:
    """Saved locations beyond the report's text cannot be shown: the value stays, the location goes."""
    out, lost = {}, []
    for var, vv in values.items():
        alternatives = tuple(a for a in vv.alternatives if a.loc.end <= length)
        loc = vv.loc if vv.loc is None or vv.loc.end <= length else None
        if loc is not vv.loc:
            lost.append(var)
        out[var] = vv if (loc, alternatives) == (vv.loc, vv.alternatives) else \
            replace(vv, loc=loc, alternatives=alternatives)
    return out, lost


@dataclass
class OpenOutcome:
    """What opening a review file gave. status: ok | source_changed | source_missing."""

    status: str
    review: ReviewData
    session: ReviewSession | None = None
    source_path: Path | None = None
    expected_sha256: str | None = None
    actual_sha256: str | None = None
    unanchored: list[str] = field(default_factory=list)  # variables whose quote was not found again
    recovered: bool = False  # the content came from the autosave
    document: Document | None = None  # the report as loaded, to continue without reading it again


def _source_candidates(review_path: Path, review: ReviewData, document_path: Path | None) -> list[Path]:
    if document_path is not None:
        return [Path(document_path)]
    named = review.source.get("name") or ""
    recorded = review.source.get("path")
    return ([Path(recorded)] if recorded else []) + [review_path.parent / named]


def open_review(path: str | Path, document_path: str | Path | None = None, *,
                reanchor: bool = False, use_autosave: bool = False, document: Document | None = None,
                progress: Callable[[int, int], None] | None = None,
                stage: Callable[[int, str], None] | None = None, password: str | None = None,
                reviewer: str | None = None) -> OpenOutcome:
    """Open a review file with its report. If the report changed, nothing is opened unless
    `reanchor` is True; then the outcome lists the values that could not be re-anchored.

    `document` is the report already loaded (an earlier outcome's, after asking whether to re-anchor);
    `progress(done, total, step)` goes to the document loader; `stage` and `reviewer` to session_from_review;
    `password` opens an encrypted report.
    """
    from core.documents import load

    path = Path(path)
    review = read_review(autosave_path(path) if use_autosave else path)
    if document is None:
        source = next((p for p in _source_candidates(path, review, document_path) if p.is_file()), None)
        if source is None:
            return OpenOutcome("source_missing", review, expected_sha256=review.source.get("sha256"))
        document = load(source, password=password, progress=progress)
    else:
        source = Path(document.path)
    outcome = OpenOutcome("ok", review, source_path=source, expected_sha256=review.source.get("sha256"),
                          actual_sha256=document.sha256, recovered=use_autosave, document=document)
    if document.sha256 != outcome.expected_sha256:
        outcome.status = "source_changed"
        if not reanchor:
            return outcome
    outcome.session, outcome.unanchored = session_from_review(document, review, stage=stage, reviewer=reviewer)
    _keep_review_at(outcome.session, path, source, review)
    if use_autosave or outcome.status == "source_changed":  # what is open differs from the file
        outcome.session.mark_unsaved()
    return outcome


def _keep_review_at(session: ReviewSession, path: Path, source: Path, review: ReviewData) -> None:
    """Where the session saves: the opened file if it is this source's own review (named after it, or
    made on a file of its name and saved elsewhere), else the source's own name (a legacy
    报告.review.json, or a review made on another file) — so two files never share one."""
    made_on_source = review.source.get("name") == source.name
    if path == review_path_for(source) or (made_on_source and not is_legacy_path(path)):
        session.review_path = path
        session.review_digest = review.digest if review.path == path else file_digest(path)
        return
    session.review_path = review_path_for(source)
    session.review_digest = None  # a file already there is another review: saving over it asks first
    if made_on_source:
        session.replaces = (path, file_digest(path))


@dataclass(frozen=True)
class OpenPlan:
    """What opening `path` involves, decided before anything heavy is read: the review file that belongs
    to it (for a report: its own review, or a legacy one made on this very file), whether an autosave
    newer than that review waits, and whether a saved review exists."""

    path: Path
    review: Path
    is_review: bool
    recoverable: bool
    saved_review: bool


def plan_open(path: str | Path) -> OpenPlan:
    path = Path(path)
    if is_review_path(path):
        return OpenPlan(path, path, True, recovery_candidate(path) is not None, path.is_file())
    review = review_path_for(path)  # named after this very file: its own review
    if not (review.is_file() or autosave_path(review).is_file()) and _made_on(legacy_review_path(path), path.name):
        review = legacy_review_path(path)
    return OpenPlan(path, review, False, recovery_candidate(review) is not None, review.is_file())


def _made_on(review: Path, source_name: str) -> bool:
    """A legacy review file (one name for 报告.pdf and 报告.docx) that reads and was made on this file."""
    if not review.is_file():
        return False
    try:
        return read_review(review).source.get("name") == source_name
    except ReviewFileError:
        return False
