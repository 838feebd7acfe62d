"""Sign-off of a review: who reviews, whether the review is marked 复核完成, and the reviewer's own wording
of the 复核意见 sections. Kept in their own block of the review file so that older files (without it)
still open and the rest of the file's layout is untouched."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import CodedError


@dataclass(frozen=True)
class SignOff:
    """复核完成 and by whom; a completed review asks before any further edit."""

    completed: bool = False
    by: str | None = None
    at: str | None = None  # ISO 8601, UTC


NOT_SIGNED = SignOff()


class ReviewCompletedError(CodedError):
    """An edit of a review marked 复核完成 that was not confirmed."""

    def __init__(self, label: str) -> None:
        super().__init__("REVIEW_COMPLETED", f"本复核已标记为“复核完成”，未确认修改，已取消：{label}。")


MAX_REVIEWER_CHARS = 100  # a name, not a text: the review file refuses longer ones


def clean_name(name: str | None) -> str | None:
    """A reviewer's name as typed: surrounding blanks dropped, cut to MAX_REVIEWER_CHARS; empty is no name."""
    name = (name or "").strip()[:MAX_REVIEWER_CHARS].strip()
    return name or None


def signoff_to_json(signoff: SignOff, opinion_edits: dict[str, str]) -> dict:
    """The review file's "signoff" and "opinion" blocks."""
    return {"signoff": {"completed": signoff.completed, "by": signoff.by, "at": signoff.at},
            "opinion": {"sections": dict(opinion_edits)}}


MAX_SECTIONS = 20
MAX_SECTION_CHARS = 20_000
