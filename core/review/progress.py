"""How far a review has got: the work queue the reviewer steps through (F8 / Shift+F8), the reviewed
count and the open findings. Decided here so that the window, the command line and exports agree."""

from __future__ import annotations

from dataclasses import dataclass

from core.checks.model import SEVERITIES

UNRESOLVED = ("needs_input", "unjudged")


@dataclass(frozen=True)
class WorkItem:
    """One thing still to review: an indicator (key = indicator id) or a finding (key = finding key)."""

    kind: str  # indicator | finding
    key: str


def work_queue(session) -> list[WorkItem]:
    """In order: indicators needing input, then those whose score differs from the claim, then unjudged
    qualitative ones (each in framework order); then open findings, most severe first."""
    by_id = session.result.by_id
    ids = [ind.id for ind in session.framework.indicators() if ind.id in by_id]
    differs = [i for i in ids if by_id[i].status not in UNRESOLVED and by_id[i].difference not in (None, 0)]
    items = [WorkItem("indicator", i) for i in ids if by_id[i].status == "needs_input"]
    items += [WorkItem("indicator", i) for i in differs]
    items += [WorkItem("indicator", i) for i in ids if by_id[i].status == "unjudged"]
    items += [WorkItem("finding", key) for key in findings_by_severity(session) if _is_open(session, key)]
    return items


def findings_by_severity(session) -> list[str]:
    """Finding keys grouped by severity (error, warning, info; unknown last), session order within."""
    last = len(SEVERITIES) - 1
    pairs = zip(session.findings, session.finding_keys, strict=True)
    ranked = sorted(enumerate(pairs), key=lambda p: (
        SEVERITIES.index(p[1][0].severity) if p[1][0].severity in SEVERITIES else last, p[0]))
    return [key for _, (_finding, key) in ranked]


def _is_open(session, key: str) -> bool:
    # The stored states directly: session.finding_state() searches the findings for unset keys.
    state = session.finding_states.get(key)
    return state is None or state.status == "open"


def step(queue: list[WorkItem], current: WorkItem | None, last: int | None, forward: bool) -> int | None:
    """Index in `queue` of the next (or previous) item after `current`, wrapping around. When the current
    item was just resolved (it left the queue), the step continues from `last`, the previous step's index."""
    if not queue:
        return None
    if current in queue:
        position = queue.index(current)
    elif last is not None:
        position = min(last, len(queue)) - (1 if forward else 0)
    else:
        position = -1 if forward else len(queue)
    return (position + (1 if forward else -1)) % len(queue)


def reviewed_count(session) -> tuple[int, int]:
    """(indicators that need neither a figure nor a judgement any more, all indicators)."""
    results = session.result.indicators
    return sum(r.status not in UNRESOLVED for r in results), len(results)


def open_finding_count(session) -> int:
    """Findings neither accepted nor dismissed."""
    return sum(_is_open(session, key) for key in session.finding_keys)
