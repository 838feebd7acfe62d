"""The review: ReviewSession (the only mutable state, with its undo stack) and the review file.

    start_session(document, template=None) -> ReviewSession        core.review.opening
    open_review(path, document_path=None, reanchor=False, use_autosave=False) -> OpenOutcome
    session.save(path=None) / session.autosave() / recovery_candidate(review_path)
"""

from core.review.changes import Change
from core.review.opening import OpenOutcome, open_review, session_from_review, start_session
from core.review.session import ReviewSession
from core.review.storage import ReviewData, ReviewFileError, read_review, recovery_candidate
from core.review.values import FindingState, HistoryEntry, VariableValue

__all__ = [
    "Change", "FindingState", "HistoryEntry", "OpenOutcome", "ReviewData", "ReviewFileError", "ReviewSession",
    "VariableValue", "open_review", "read_review", "recovery_candidate", "session_from_review", "start_session",
]
