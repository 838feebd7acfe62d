"""Choose the built-in framework a report follows: by its kind, then by how many of its claims name
that framework's indicators or levels (domain.md §1.4 step 1, §4)."""

from __future__ import annotations

from core.extraction.mapping import NameIndex
from core.extraction.model import Extraction

# Candidate families per kind, the default (used when no claim decides) first.
CANDIDATES = {
    "部门整体支出": ("dept-national", "dept-hunan-county"),
    "项目支出": ("proj-self", "proj-eval"),
}


def choose_framework(extraction: Extraction) -> str:
    """A framework id, with "@profile" where a weight profile other than the default fits better."""
    from core.frameworks import FrameworkError, list_frameworks, load_framework

    families = CANDIDATES.get(extraction.meta.kind, CANDIDATES["部门整体支出"] + CANDIDATES["项目支出"])
    ids = [fid for family in families for fid, _ in list_frameworks() if fid.split("@")[0] == family]
    best_id, best_rank = None, (-1, -1)
    for framework_id in ids:
        try:
            index = NameIndex(load_framework(framework_id))
        except FrameworkError:
            continue  # a framework file that is invalid is not a candidate
        rank = (sum(index.knows(c.name) for c in extraction.claims), sum(index.agrees(c) for c in extraction.claims))
        if rank > best_rank:
            best_id, best_rank = framework_id, rank
    return best_id or families[0]
