"""The report's own indicator tree, rebuilt from its claims' paths (what the score checks compare).

A level the report names only inside its children's paths (产出指标 in an inline list) becomes a node
without weight or score; two claims with the same path (a heading with the weight, a summary sentence
with the score) become one node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.checks.model import span_loc
from core.decimals import CENT, fmt
from core.extraction.model import Claim, Loc

_NOISE = re.compile(r"[\s“”‘’\"'「」]")
# Between a level's name and its score: `过程绩效为53分`, `预算执行得20分`, `合计：92`.
_SCORE_LEAD = r"[^\n，。,;；()（）\d]{0,8}?(?:为|得|是|:|：|计)\s*"
# Inside an indicator's own text: `该项得3分`, `该项得分应为5分`, `得分3分`.
_SCORE_IN_BLOCK = r"(?:该项)?得分?(?:应?为|是)?\s*"
FULL_MARKS = Decimal(100)
BLOCK_MAX = 400  # characters: an indicator's text rarely runs longer before the next one starts


def name_key(name: str) -> str:
    """Names compared without whitespace and quotation marks (“三公经费”变动率 = 三公经费变动率)."""
    return _NOISE.sub("", name)


@dataclass(eq=False)  # a node is itself: compared and hashed by identity
class Level:
    path: tuple[str, ...]
    weight: Decimal | None = None
    claimed: Decimal | None = None
    claims: list[Claim] = field(default_factory=list)
    children: list["Level"] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def locs(self) -> list[Loc]:
        return [claim.loc for claim in self.claims]

    def score(self) -> Decimal | None:
        """The level's score as the report has it: its own claim, else the sum of its children's."""
        if self.claimed is not None:
            return self.claimed
        scores = [s for s in (child.score() for child in self.children) if s is not None]
        return sum(scores, Decimal(0)) if scores else None

    def item_score(self) -> Decimal | None:
        """Sum of the claimed scores at the bottom of the tree (the report's indicators themselves)."""
        items = [s for s in (child.item_score() for child in self.children) if s is not None]
        if items:
            return sum(items, Decimal(0))
        return self.claimed

    def weight_or_implied(self) -> Decimal | None:
        """Its stated weight, else the sum of its children's when every child has one."""
        if self.weight is not None:
            return self.weight
        weights = [child.weight_or_implied() for child in self.children]
        if weights and None not in weights:
            return sum(weights, Decimal(0))
        return None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def build_tree(claims: list[Claim]) -> list[Level]:
    """The top-level nodes, in document order, each holding its subtree."""
    nodes: dict[tuple[str, ...], Level] = {}
    roots: list[Level] = []

    def node(path: tuple[str, ...]) -> Level:
        key = tuple(name_key(part) for part in path)
        if key not in nodes:
            nodes[key] = Level(path)
            if len(path) == 1:
                roots.append(nodes[key])
            else:
                node(path[:-1]).children.append(nodes[key])
        return nodes[key]

    for claim in claims:
        if not claim.path:
            continue
        level = node(tuple(claim.path))
        level.claims.append(claim)
        if level.weight is None:
            level.weight = claim.weight
        if level.claimed is None:
            level.claimed = claim.claimed_score
    return roots


def in_form(extraction, loc: Loc | None) -> bool:
    """The location lies inside a 自评表, whose facts the forms family checks (one owner per fact)."""
    return loc is not None and any(form.loc is not None and form.loc.start <= loc.start and loc.end <= form.loc.end
                                   for form in extraction.forms)


def sheet_claims(extraction) -> list[Claim]:
    """The claims the score-sheet checks own: those outside every 自评表."""
    return [claim for claim in extraction.claims if not in_form(extraction, claim.loc)]


def sheet_total(extraction) -> Decimal | None:
    """The claimed total, unless a 自评表 states it (the forms family checks that one)."""
    meta = extraction.meta
    return None if in_form(extraction, meta.locs.get("claimed_total")) else meta.claimed_total


def covers_whole(roots: list[Level]) -> bool:
    """The claims span a whole score sheet, so their sum may stand against the total: several top levels,
    and their weights, where stated or implied, reach the full 100."""
    weights = [w for w in (root.weight_or_implied() for root in roots) if w is not None]
    return len(roots) >= 2 and (not weights or sum(weights, Decimal(0)) >= FULL_MARKS)


def items_total(roots: list[Level]) -> Decimal | None:
    """Σ of the report's indicator-level claimed scores, or None when it scores none or only part."""
    items = [s for s in (root.item_score() for root in roots) if s is not None]
    return sum(items, Decimal(0)) if items and covers_whole(roots) else None


def score_tolerance(total: Decimal, parts: list[Decimal]) -> Decimal:
    """domain.md §5.0 scores: exact for integers, 0.01 per summand otherwise (amounts: figure_terms.tolerance)."""
    if all(value == value.to_integral_value() for value in [total, *parts]):
        return Decimal(0)
    return CENT * len(parts)


def score_statement(document, level: Level, block_end: int | None = None) -> Loc | None:
    """Where the report states the level's claimed score (`过程绩效为53分`, `该项得分3分`), if known.

    Looked for in the claim's own quote, then in its block (up to `block_end`), then after its name.
    """
    if level.claimed is None:
        return None
    number = re.escape(fmt(level.claimed)) + r"(?:\.0+)?(?![\d.])"
    for claim in level.claims:
        if re.search(rf"(?<![\d.]){number}", claim.loc.quote) and not _is_weight(claim.loc.quote):
            return claim.loc
    searches = [(re.escape(level.name) + _SCORE_LEAD, 0)]
    if block_end is not None and level.claims:
        searches.insert(0, (_SCORE_IN_BLOCK, level.claims[0].loc.end))
    for lead, start in searches:
        match = re.compile(lead + number + r"\s*分?").search(document.text, start, block_end or len(document.text))
        if match:
            return span_loc(document, match.start(), match.end())
    return None


def block_ends(claims: list[Claim], text_length: int) -> dict[str, int]:
    """For each claim, where the text about it ends: at the next claim, and at most BLOCK_MAX after it."""
    ordered = sorted(claims, key=lambda claim: claim.loc.start)
    ends = {}
    for claim, following in zip(ordered, ordered[1:] + [None]):
        end = min(following.loc.start if following else text_length, claim.loc.start + BLOCK_MAX)
        ends[claim.id] = max(end, claim.loc.end)
    return ends


def _is_weight(quote: str) -> bool:
    """A heading like `（三）产出及效率(26分)` shows the weight, not the score."""
    return bool(re.search(r"[(（]\s*[\d.]+\s*分\s*[)）]", quote)) and not re.search("得", quote)
