"""What the report claims, as scoring inputs: claimed scores per indicator and per level, and the values
the report states for indicators (used by the engine only when a formula cannot be evaluated)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from core.extraction.claims import clean_name
from core.extraction.model import Claim
from core.frameworks.model import Framework, Node
from core.scoring.engine import level_key

_PLAIN_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")


def level_index(framework: Framework) -> dict[str, list[tuple[str, ...]]]:
    """Cleaned level name or synonym → paths of the levels (Nodes) that carry it."""
    index: dict[str, list[tuple[str, ...]]] = {}

    def walk(node: Node, path: tuple[str, ...]) -> None:
        for name in {clean_name(n) for n in [node.name, *node.synonyms]}:
            index.setdefault(name, []).append(path)
        for child in node.children:
            if isinstance(child, Node):
                walk(child, path + (child.name,))

    for root in framework.roots:
        walk(root, (root.name,))
    return index


def _level_of(claim: Claim, levels: dict[str, list[tuple[str, ...]]]) -> tuple[str, ...] | None:
    paths = levels.get(clean_name(claim.name), [])
    if len(paths) > 1:  # same level name under two parents: the claim's own parents decide
        parents = [clean_name(p) for p in claim.path[:-1]]
        paths = [p for p in paths if [clean_name(n) for n in p[:-1]] == parents]
    return paths[0] if len(paths) == 1 else None


def claimed_scores(claims: list[Claim], claim_map: dict[str, str | None],
                   levels: dict[str, list[tuple[str, ...]]]) -> dict[str, Decimal]:
    """indicator id → claimed score (first mapped claim that states one); level_key(path) → claimed
    subtotal for unmapped claims named like a framework level."""
    out: dict[str, Decimal] = {}
    for claim in claims:
        if claim.claimed_score is None:
            continue
        target = claim_map.get(claim.id)
        if target is None:
            path = _level_of(claim, levels)
            target = level_key(path) if path else None
        if target is not None and target not in out:
            out[target] = claim.claimed_score
    return out


def stated_values(claims: list[Claim], claim_map: dict[str, str | None]) -> dict[str, Decimal]:
    """indicator id → the value the report states for it, when written as a plain number or percent."""
    out: dict[str, Decimal] = {}
    for claim in claims:
        target = claim_map.get(claim.id)
        m = _PLAIN_NUMBER.match(unicodedata.normalize("NFKC", claim.stated_value or ""))
        if target and m and target not in out:
            out[target] = Decimal(m.group(1))
    return out
