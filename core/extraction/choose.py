"""Choose the built-in framework a report follows: by its kind, then by how many of its claims name
that framework's indicators or levels (domain.md §1.4 step 1, §4)."""

from __future__ import annotations

from dataclasses import dataclass

from core.extraction.mapping import NameIndex
from core.extraction.model import Extraction

# Candidate families per kind, the default (used when no claim decides) first.
CANDIDATES = {
    "部门整体支出": ("dept-national", "dept-hunan-county"),
    "项目支出": ("proj-self", "proj-eval"),
}


@dataclass(frozen=True)
class FrameworkChoice:
    id: str  # framework id, with "@profile" where a weight profile other than the default fits better
    certain: bool  # the report names its kind, or its claims name this framework's indicators
    others: tuple[str, ...]  # the other candidates, best first, for the reviewer to switch to


def framework_choice(extraction: Extraction) -> FrameworkChoice:
    from core.frameworks import FrameworkError, list_frameworks, load_framework

    meta = extraction.meta
    families = CANDIDATES.get(meta.kind, CANDIDATES["部门整体支出"] + CANDIDATES["项目支出"])
    ids = [fid for family in families for fid, _ in list_frameworks() if fid.split("@")[0] == family]
    ranked: list[tuple[tuple[int, int], int, str]] = []
    for order, framework_id in enumerate(ids):
        try:
            index = NameIndex(load_framework(framework_id))
        except FrameworkError:
            continue  # a framework file that is invalid is not a candidate
        rank = (sum(index.knows(c.name) for c in extraction.claims), sum(index.agrees(c) for c in extraction.claims))
        ranked.append((rank, -order, framework_id))
    if not ranked:
        return FrameworkChoice(families[0], False, ())
    ranked.sort(reverse=True)
    best_rank, best_id = ranked[0][0], ranked[0][2]
    named_by_claims = best_rank[0] > 0 and (len(ranked) == 1 or best_rank > ranked[1][0])
    others = _other_kinds(meta.kind) + tuple(fid for _, _, fid in ranked[1:])
    return FrameworkChoice(best_id, meta.kind_certain or named_by_claims, tuple(dict.fromkeys(others)))


def _other_kinds(kind: str | None) -> tuple[str, ...]:
    """The default framework of each other kind: a wrong kind is the likeliest wrong choice."""
    return tuple(families[0] for k, families in CANDIDATES.items() if kind is not None and k != kind)


def choose_framework(extraction: Extraction) -> str:
    """The chosen framework's id (see framework_choice)."""
    return framework_choice(extraction).id
