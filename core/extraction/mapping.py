"""Map claims onto a framework's indicators: normalised name, then the framework's synonyms, then a close
fuzzy match (difflib). Levels (claims other claims sit under, or named like a framework level) stay unmapped.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from core.extraction.claims import clean_name
from core.extraction.model import Claim, Extraction

# Below this similarity a name is not taken for an indicator's (预算执行 vs 预算执行率 is 0.89).
FUZZY_CUTOFF = 0.8


class NameIndex:
    """Normalised indicator names and synonyms of one framework, and its level names."""

    def __init__(self, framework):
        self.indicators: dict[str, str] = {}
        self.weights: dict[str, object] = {}  # normalised name -> weight of the indicator or level
        for indicator in framework.indicators():
            for name in [indicator.name, *indicator.synonyms]:
                self.indicators.setdefault(clean_name(name), indicator.id)
                self.weights.setdefault(clean_name(name), indicator.weight)
        self.levels: set[str] = set()
        for root in framework.roots:
            self._collect_levels(root)
        self._found: dict[str, str | None] = {}  # choosing and mapping ask for the same names

    def _collect_levels(self, node) -> None:
        if not hasattr(node, "children"):
            return
        for name in [node.name, *node.synonyms]:
            self.levels.add(clean_name(name))
            self.weights.setdefault(clean_name(name), node.weight)
        for child in node.children:
            self._collect_levels(child)

    def indicator_for(self, name: str) -> str | None:
        key = clean_name(name)
        if key in self.indicators:
            return self.indicators[key]
        if key in self.levels:
            return None
        if key not in self._found:
            self._found[key] = self._closest(key)
        return self._found[key]

    def _closest(self, key: str) -> str | None:
        """The indicator whose name is most similar above the cutoff; None on a tie between two."""
        best, best_ratio = None, FUZZY_CUTOFF
        for candidate, indicator_id in self.indicators.items():
            matcher = SequenceMatcher(None, key, candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue  # upper bounds of ratio(): it cannot reach the best so far
            ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is not None and best != indicator_id):
                best = indicator_id if ratio > best_ratio else None
                best_ratio = ratio
        return best

    def knows(self, name: str) -> bool:
        key = clean_name(name)
        return key in self.levels or self.indicator_for(name) is not None

    def agrees(self, claim: Claim) -> bool:
        """The claim states the weight this framework (profile) gives the indicator or level it names."""
        return claim.weight is not None and self.weights.get(clean_name(claim.name)) == claim.weight


def level_claims(claims: list[Claim]) -> set[str]:
    """Ids of claims that other claims sit under (their path is a prefix of another claim's path)."""
    prefixes = {tuple(c.path[:i]) for c in claims for i in range(1, len(c.path))}
    return {c.id for c in claims if tuple(c.path) in prefixes}


def map_claims(extraction: Extraction, framework) -> None:
    """Name first; then a leaf claim no name matches takes its place in the framework's order."""
    index = NameIndex(framework)
    levels = level_claims(extraction.claims)
    for claim in extraction.claims:
        claim.indicator = None if claim.id in levels else index.indicator_for(claim.name)
        claim.mapped_by = "name" if claim.indicator else None
    _map_by_position(extraction.claims, levels, index, framework)


def _map_by_position(claims: list[Claim], levels: set[str], index: NameIndex, framework) -> None:
    """A report often names an item by its content ("以整合审批资源为重点…得6分") where the framework has
    履职产出. Such an item, listed right after a sibling that did map, is the next indicator of the framework
    that no claim took, provided both sit under the same level-1 node and a stated weight agrees. The
    mapping is marked `position` so the reviewer sees it is inferred."""
    order = [ind.id for ind in framework.indicators()]
    top = {ind.id: ind.path[0] for ind in framework.indicators()}
    weight = {ind.id: ind.weight for ind in framework.indicators()}
    taken = {c.indicator for c in claims if c.indicator}
    previous: dict[tuple[str, ...], str] = {}  # parent path -> indicator of the sibling just before
    for claim in claims:
        parent = tuple(claim.path[:-1])
        if claim.indicator:
            previous[parent] = claim.indicator
            continue
        after = previous.pop(parent, None)  # an item left unmapped breaks the chain for the next one
        if after is None or claim.id in levels or index.knows(claim.name):
            continue
        candidate = next((i for i in order[order.index(after) + 1:] if i not in taken), None)
        if candidate is None or top[candidate] != top[after]:
            continue
        if claim.weight is not None and claim.weight != weight[candidate]:
            continue
        claim.indicator, claim.mapped_by = candidate, "position"
        taken.add(candidate)
        previous[parent] = candidate
