"""The summary's memory of what it analysed, so that a re-run skips what has not changed.

Kept in the summary workbook itself, in a hidden sheet: one line per report with its source SHA-256, the
framework it was scored with (id and a fingerprint of the framework's content), the app version and the
row as JSON. A report is reused when all of them still hold and its review file is still there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core import __version__
from core.batch.rows import SummaryRow

SHEET = "_记录"
COLUMNS = ["path", "sha256", "framework", "framework_fingerprint", "app_version", "row"]
CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    sha256: str | None
    framework: str | None
    framework_fingerprint: str | None
    app_version: str
    row: SummaryRow


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@cache
def framework_fingerprint(framework_id: str | None) -> str | None:
    """A digest of the framework as loaded: any change to weights, rules or bands changes it."""
    if framework_id is None:
        return None
    from core.frameworks import FrameworkError, load_framework

    try:
        return hashlib.sha256(repr(load_framework(framework_id)).encode("utf-8")).hexdigest()[:16]
    except FrameworkError:
        return None


def record_rows(rows: list[SummaryRow]) -> list[list]:
    """The hidden sheet's lines for `rows` (header first)."""
    lines = [COLUMNS]
    for row in rows:
        lines.append([row.path, row.sha256, row.framework, framework_fingerprint(row.framework), __version__,
                      json.dumps(row.to_record(), ensure_ascii=False)])
    return lines


def read_record(summary: Path) -> dict[str, Entry]:
    """The previous run's entries by source path; empty when there is no readable summary."""
    if not summary.is_file():
        return {}
    from openpyxl import load_workbook

    try:
        book = load_workbook(summary, read_only=True)
    except Exception:  # noqa: BLE001 -- an unreadable old summary only means nothing is skipped
        return {}
    try:
        if SHEET not in book.sheetnames:
            return {}
        lines = book[SHEET].iter_rows(min_row=2, values_only=True)
        return {line[0]: _entry(line) for line in lines if line and line[0] and line[5]}
    finally:
        book.close()


def _entry(line) -> Entry:
    _path, sha256, framework, fingerprint, version, row = line[:6]
    return Entry(sha256, framework, fingerprint, str(version), SummaryRow.from_record(json.loads(row)))


def reusable(entry: Entry | None, path: Path, summary_dir: Path) -> SummaryRow | None:
    """The recorded row if the report, its framework and the app are unchanged, else None."""
    if entry is None or entry.app_version != __version__ or entry.sha256 != file_sha256(path):
        return None
    row = entry.row
    if row.failed:
        return None if row.transient else row  # the same bytes fail the same way under the same app version
    if framework_fingerprint(entry.framework) != entry.framework_fingerprint:
        return None
    if not row.review_file or not (summary_dir / row.review_file).is_file():
        return None
    return row
