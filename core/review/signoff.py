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


def clean_name(name: str | None) -> str | None:
    """A reviewer's name as typed: surrounding blanks dropped, an empty name is no name."""
    name = (name or "").strip()
    return name or None


def signoff_to_json(signoff: SignOff, opinion_edits: dict[str, str]) -> dict:
    """The review file's "signoff" and "opinion" blocks."""
    return {"signoff": {"completed": signoff.completed, "by": signoff.by, "at": signoff.at},
            "opinion": {"sections": dict(opinion_edits)}}


MAX_SECTIONS = 20
MAX_SECTION_CHARS = 20_000
MAX_NAME_CHARS = 200


def signoff_from_json(raw: dict) -> tuple[SignOff, dict[str, str]]:
    """Both blocks back, checked like the rest of an untrusted review file (ValueError names the field);
    a file written before they existed gives an open review with the drafted opinion."""
    block = raw.get("signoff") or {}
    opinion = raw.get("opinion") or {}
    if not isinstance(block, dict) or not isinstance(opinion, dict):
        raise ValueError("signoff/opinion: 不是对象")
    sections = opinion.get("sections") or {}
    if not isinstance(sections, dict) or len(sections) > MAX_SECTIONS:
        raise ValueError("opinion.sections: 不是对象或条目过多")
    completed = block.get("completed", False)
    if not isinstance(completed, bool):
        raise ValueError("signoff.completed: 不是 true/false")
    signoff = SignOff(completed, _text(block.get("by"), "signoff.by", MAX_NAME_CHARS),
                      _text(block.get("at"), "signoff.at", 64))
    edits = {_text(k, "opinion.sections", 64): _text(v, f"opinion.sections.{k}", MAX_SECTION_CHARS)
             for k, v in sections.items()}
    return signoff, {k: v for k, v in edits.items() if k and v}


def _text(value, where: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"{where}: 不是文字或过长")
    return value
