"""One summary row per report, read from its analysis JSON (cli.md), and the risk score that ranks them.

Risk score (documented in docs/design.md): 10 per error finding + 2 per warning + 15 if the reviewed grade
differs from the claimed one + |reviewed − claimed total| in points. Errors outweigh warnings because each
is a wrong figure or score; a changed grade is what a bureau acts on. A report whose total is undetermined
has no difference and no grade change in its score. A report that failed to load has no score and ranks
after every analysed one (its row carries the error instead).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from core.errors import CodedError

ERROR_WEIGHT = 10
WARNING_WEIGHT = 2
GRADE_CHANGE_WEIGHT = 15
TOP_FINDINGS = 3
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
UNDETERMINED = "undetermined"
# Failures that say something about the run, not about the file's bytes: tried again on a re-run.
TRANSIENT_CODES = frozenset({"NOT_FOUND", "PERMISSION_DENIED", "INTERNAL_ERROR", "WORKER_FAILED"})


@dataclass
class SummaryRow:
    """What the summary shows of one report; `error` is set (and the figures empty) when it failed."""

    path: str  # the source, absolute
    name: str
    sha256: str | None = None
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    framework: str | None = None
    claimed: float | None = None
    reviewed: float | None = None
    status: str | None = None  # complete | provisional | undetermined (None: JSON predates totals.status)
    range: list[float] | None = None
    difference: float | None = None
    grade_claimed: str | None = None
    grade_reviewed: str | None = None
    errors: int = 0
    warnings: int = 0
    top_findings: list[str] = field(default_factory=list)
    review_file: str | None = None  # relative to the summary's folder
    exports: list[str] = field(default_factory=list)
    error: str | None = None  # 错误[CODE]: … when the report could not be analysed
    error_code: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def transient(self) -> bool:
        """Failed for a reason a re-run may not meet again (a crashed worker, a file that was locked)."""
        return self.error_code in TRANSIENT_CODES

    @property
    def grade_changed(self) -> bool:
        return bool(self.grade_reviewed and self.grade_claimed and self.grade_reviewed != self.grade_claimed)

    @property
    def risk(self) -> float | None:
        if self.failed:
            return None
        score = ERROR_WEIGHT * self.errors + WARNING_WEIGHT * self.warnings
        if self.status != UNDETERMINED:
            score += GRADE_CHANGE_WEIGHT * self.grade_changed + abs(self.difference or 0)
        return round(score, 2)

    def to_record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> SummaryRow:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in record.items() if k in known})


def row_from_analysis(path: str, data: dict) -> SummaryRow:
    meta = data.get("meta") or {}
    totals = data.get("totals") or {}
    findings = data.get("findings") or []
    status = totals.get("status")
    return SummaryRow(
        path=path, name=data["source"]["name"], sha256=data["source"].get("sha256"),
        unit=meta.get("unit"), year=meta.get("year"), kind=meta.get("kind"),
        framework=(data.get("framework") or {}).get("id"),
        claimed=totals.get("claimed"), reviewed=totals.get("reviewed"), status=status,
        range=totals.get("range"),
        difference=None if status == UNDETERMINED else totals.get("difference"),
        grade_claimed=totals.get("grade_claimed"), grade_reviewed=totals.get("grade_reviewed"),
        errors=sum(1 for f in findings if f.get("severity") == "error"),
        warnings=sum(1 for f in findings if f.get("severity") == "warning"),
        top_findings=most_serious(findings),
    )


def most_serious(findings: list[dict], limit: int = TOP_FINDINGS) -> list[str]:
    """The first `limit` findings by severity, document order within a severity (sorted is stable)."""
    ranked = sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.get("severity"), len(SEVERITY_ORDER)))
    return [f"[{f['code']}] {f['message']}" for f in ranked[:limit]]


def failed_row(path: str, name: str, error: CodedError) -> SummaryRow:
    return SummaryRow(path=path, name=name, error=str(error), error_code=error.code)


def rank(rows: list[SummaryRow]) -> list[int | None]:
    """1 = riskiest; ties share the lower rank; failed rows have none."""
    scores = sorted((r.risk for r in rows if not r.failed), reverse=True)
    first = {}
    for position, score in enumerate(scores, 1):
        first.setdefault(score, position)
    return [None if r.failed else first[r.risk] for r in rows]
