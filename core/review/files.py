"""Where a report's review lives: one review file per source file, named after the source's full name.

报告.pdf → 报告.pdf.jxfh beside it (JSON inside; the ASCII extension is the app's own, so Windows opens
it with the app), its autosave 报告.pdf.jxfh.autosave, and the temporary files of a save in progress
.报告.pdf.jxfh.<random>.tmp. Earlier versions wrote 报告.review.json, shared by 报告.pdf and 报告.docx;
such files still open, and a save moves the review to its own name.
"""

from __future__ import annotations

import glob
from pathlib import Path

REVIEW_SUFFIX = ".jxfh"
LEGACY_SUFFIX = ".review.json"
AUTOSAVE_SUFFIX = ".autosave"
TEMP_SUFFIX = ".tmp"


def review_path_for(source: str | Path) -> Path:
    """报告.pdf → 报告.pdf.jxfh: the source's full name keeps a pdf and a docx of one report apart."""
    source = Path(source)
    return source.with_name(source.name + REVIEW_SUFFIX)


def legacy_review_path(source: str | Path) -> Path:
    """报告.pdf → 报告.review.json, the name earlier versions used (one per stem, not per file)."""
    source = Path(source)
    return source.with_name(source.stem + LEGACY_SUFFIX)


def is_review_path(path: str | Path) -> bool:
    name = Path(path).name.lower()
    return name.endswith(REVIEW_SUFFIX) or name.endswith(LEGACY_SUFFIX)


def is_legacy_path(path: str | Path) -> bool:
    return Path(path).name.lower().endswith(LEGACY_SUFFIX)


def source_name_of(review_path: str | Path) -> str:
    """The report name a review file's own name implies: 报告.pdf.jxfh → 报告.pdf (报告 for a legacy one)."""
    name = Path(review_path).name
    for suffix in (REVIEW_SUFFIX, LEGACY_SUFFIX):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def autosave_path(review_path: str | Path) -> Path:
    review_path = Path(review_path)
    return review_path.with_name(review_path.name + AUTOSAVE_SUFFIX)


def temp_prefix(path: Path) -> str:
    """The name every temporary file of an atomic write of `path` starts with."""
    return f".{path.name}."


def interrupted_saves(review_path: str | Path) -> list[Path]:
    """Temporary files a killed save of the review (or of its autosave) left behind."""
    review_path = Path(review_path)
    pattern = glob.escape(temp_prefix(review_path)) + "*" + TEMP_SUFFIX
    return sorted(review_path.parent.glob(pattern))


def remove_interrupted_saves(review_path: str | Path) -> int:
    """Delete what interrupted_saves finds; how many were removed."""
    removed = 0
    for leftover in interrupted_saves(review_path):
        try:
            leftover.unlink()
            removed += 1
        except OSError:  # another copy of the program may hold it open (Windows) — left for next time
            continue
    return removed
