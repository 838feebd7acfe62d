"""Claims: every indicator or level a report attaches a weight or a score to (domain.md §1.3 a–d).

Prose (headings, inline lists, level summaries) and score tables (real or flattened one cell per line)
are read into `Item`s over the normalised text; `extract_claims` turns them into `Claim`s in document
order with spans in Document.text, one per indicator where prose and an attached table repeat each other.
"""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass, field
from decimal import Decimal

from core.analysis_budget import check as check_analysis_budget
from core.documents.model import Document
from core.extraction.model import Claim, Loc
from core.extraction.normalize import Normalized
from core.extraction.numbers import parse_number

QUOTES_RE = re.compile(r"[\"'“”‘’「」『』]")
SPACE_RE = re.compile(r"\s+")
# Brackets a weight is written in, after NFKC: (5分), [5分], 【5分】.
OPEN, CLOSE = r"[(\[【]", r"[)\]】]"
# A weight written inside a name: 相关性(5 分), 目标设定（6分）, 投入【20分】.
WEIGHT_IN_NAME_RE = re.compile(rf"{OPEN}\s*(?:分值|权重|满分)?:?\s*(\d+(?:\.\d+)?)\s*分\s*{CLOSE}")
NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
TABLE_SOURCES = ("table", "flattened")


@dataclass
class Item:
    """An indicator or level as read, in normalised-text offsets."""

    name: str
    start: int
    end: int
    weight: Decimal | None = None
    score: Decimal | None = None
    stated: str | None = None
    target: str | None = None
    actual: str | None = None
    parent: Item | None = None
    source: str = "prose"  # prose | inline | summary | table | flattened | total (a 合计 row)
    order: int = -1  # document position (a level scored in a summary keeps its heading's place)
    children: list[Item] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.order < 0:
            self.order = self.start

    @property
    def is_claim(self) -> bool:
        return self.weight is not None or self.score is not None

    def adopt(self, child: Item) -> None:
        child.parent = self
        self.children.append(child)


def clean_name(text: str) -> str:
    """Report wording without weights in brackets, quotation marks and whitespace (gold/README)."""
    text = WEIGHT_IN_NAME_RE.sub("", text)
    text = QUOTES_RE.sub("", text)
    return SPACE_RE.sub("", text).strip(":;,.。、")


def weight_in_name(text: str) -> Decimal | None:
    m = WEIGHT_IN_NAME_RE.search(text)
    return Decimal(m.group(1)) if m else None


def to_decimal(text: str | None) -> Decimal | None:
    """A weight or score cell: the number it holds, None when blank or not a number."""
    if not text:
        return None
    m = NUMBER_RE.search(text)
    if not m or len(text.strip()) > len(m.group(0)) + 2:
        return None
    return parse_number(m.group(0))


def path_of(item: Item) -> list[str]:
    """Names from the top down: claim ancestors, table levels, and unscored levels directly under a claim
    (a prose section heading above the scored levels is not a level)."""
    names = [item.name]
    node = item.parent
    while node is not None:
        if node.is_claim or node.source in TABLE_SOURCES or (node.parent is not None and node.parent.is_claim):
            names.append(node.name)
        node = node.parent
    return names[::-1]


def loc_of(item: Item, norm: Normalized, document: Document) -> Loc:
    start, end = norm.span_to_source(item.start, item.end)
    return Loc(start, end, document.page_of(start), document.text[start:end])


def to_claims(items: list[Item], norm: Normalized, document: Document) -> list[Claim]:
    claimed = sorted((i for i in items if i.is_claim and i.source != "total"), key=lambda i: i.order)
    claims = [Claim(id="", path=path_of(item), weight=item.weight, claimed_score=item.score,
                    stated_value=item.stated, loc=loc_of(item, norm, document),
                    source=item.source if item.source in TABLE_SOURCES else "prose",
                    target=item.target, actual=item.actual)
              for item in claimed]
    claims = merge_repeated(claims)
    for index, claim in enumerate(claims):
        claim.id = f"c{index + 1}"
    return claims


# A level named with or without its suffix (产出指标, 产出; 决策类指标, 决策) is one level.
LEVEL_SUFFIX_RE = re.compile(r"(?:类指标|指标|类)$")
MIN_CONTAINED_NAME = 3
CLAIM_FIELDS = ("weight", "claimed_score", "stated_value", "target", "actual")


def merge_repeated(claims: list[Claim]) -> list[Claim]:
    """A report that scores its indicators in prose and again in an attached table states each claim twice:
    one claim per indicator, the better informed one, with the other's values filling its gaps and the other
    place kept in `other_locs`. Statements that disagree stay two claims (the disagreement is a finding)."""
    kept: list[Claim] = []
    # A twin is always of the other kind (prose against table): searching only that kind keeps a report
    # of thousands of prose claims linear.
    by_kind: dict[bool, list[int]] = {True: [], False: []}  # is prose -> indexes into kept
    for claim in claims:
        check_analysis_budget()
        prose = claim.source == "prose"
        twin = next((i for i in by_kind[not prose] if _same_claim(kept[i], claim)), None)
        if twin is None:
            by_kind[prose].append(len(kept))
            kept.append(claim)
            continue
        merged = _merged(kept[twin], claim)  # at the place the reader meets it first
        kept[twin] = merged
        if (merged.source == "prose") != (not prose):
            by_kind[not prose].remove(twin)
            insort(by_kind[prose], twin)
    return kept


def _same_claim(a: Claim, b: Claim) -> bool:
    if (a.source == "prose") == (b.source == "prose") or not _same_name(a.name, b.name):
        return False
    if a.path[:-1] and b.path[:-1] and not _same_name(a.path[-2], b.path[-2]):
        return False
    return all(x is None or y is None or x == y
               for x, y in ((a.weight, b.weight), (a.claimed_score, b.claimed_score)))


def _same_name(a: str, b: str) -> bool:
    a, b = LEVEL_SUFFIX_RE.sub("", clean_name(a)) or a, LEVEL_SUFFIX_RE.sub("", clean_name(b)) or b
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= MIN_CONTAINED_NAME and shorter in longer)


def _merged(a: Claim, b: Claim) -> Claim:
    def known(claim: Claim) -> int:
        return sum(getattr(claim, name) is not None for name in CLAIM_FIELDS)

    rich, poor = (b, a) if known(b) > known(a) else (a, b)
    for name in CLAIM_FIELDS:
        if getattr(rich, name) is None:
            setattr(rich, name, getattr(poor, name))
    if len(poor.path) > len(rich.path):
        rich.path = poor.path
    rich.other_locs += [poor.loc, *poor.other_locs]
    return rich


@dataclass
class ClaimsRead:
    claims: list[Claim]
    table_totals: list[tuple[Decimal, Loc]]  # 合计 rows of score tables


def extract_claims(document: Document, norm: Normalized, form_items: list[Item] = (),
                   form_spans: list[tuple[int, int]] = ()) -> ClaimsRead:
    """Claims of the prose and of score tables, with the 自评表 items read by core.forms (`form_items`,
    spans in Document.text offsets): the other readers leave those tables alone."""
    from core.extraction.claims_prose import prose_items
    from core.extraction.claims_table import flattened_items, table_items

    forms = [(norm.to_normalized(s), norm.to_normalized(e)) for s, e in form_spans]
    table_spans = [(norm.to_normalized(t.start), norm.to_normalized(t.end))
                   for t in document.tables if t.start >= 0]
    items = table_items(document, norm, forms) + list(form_items)
    flat, flat_spans = flattened_items(norm, table_spans + forms)
    items += flat
    items += prose_items(norm, table_spans + flat_spans + forms)
    totals = [(i.score, loc_of(i, norm, document)) for i in items if i.source == "total"]
    return ClaimsRead(to_claims(items, norm, document), totals)
