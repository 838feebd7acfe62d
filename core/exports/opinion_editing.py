"""The 复核意见 as the reviewer edits it: per section, the draft the review gives now and the text that goes
out (the reviewer's wording, kept in the review file, or the draft). Saving a text equal to the draft stores
nothing, so that section keeps following the review as it changes; each stored section is an undoable edit
of the session (ReviewSession.set_opinion_section)."""

from __future__ import annotations

from dataclasses import dataclass

from core.exports.facts import review_facts
from core.exports.opinion import apply_edits, draft_opinion


@dataclass(frozen=True)
class SectionText:
    key: str
    heading: str
    draft: str
    text: str  # what the 复核意见 says now


def section_texts(session) -> list[SectionText]:
    draft = draft_opinion(review_facts(session))
    current = apply_edits(draft, session.opinion_edits)
    return [SectionText(d.key, d.heading, d.text, c.text) for d, c in zip(draft.sections, current.sections)]


def save_section_texts(session, texts: dict[str, str]) -> int:
    """Store the reviewer's texts by section key (unknown keys ignored); how many sections changed.
    Raises ReviewCompletedError when the review is marked 复核完成 and the edit is not confirmed."""
    drafts = {s.key: s.draft for s in section_texts(session)}
    changed = 0
    for key, text in texts.items():
        if key in drafts:
            changed += session.set_opinion_section(key, None if same_text(text, drafts[key]) else text) is not None
    return changed


def same_text(a: str, b: str) -> bool:
    """Equal paragraph by paragraph, as the writers lay them out (blank lines and edge blanks do not count)."""
    return _lines(a) == _lines(b)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
