"""Which files a batch analyses: the reports named, and every report under the folders named (recursively),
leaving out the batch's own output folder and anything the app itself wrote."""

from __future__ import annotations

import os
from pathlib import Path

REPORT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".xlsx"})


def find_reports(sources: list[str | Path], exclude: list[Path] = ()) -> list[Path]:
    """Absolute paths, sorted, without duplicates. A file named explicitly is taken whatever its extension
    (the loader decides by content); a folder contributes the files with a report extension. Hidden
    files and folders, Office lock files (~$…) and the `exclude`d files and folders are skipped."""
    excluded = [p.resolve() for p in exclude]
    found: set[Path] = set()
    for source in sources:
        path = Path(source).resolve()
        if path.is_dir():
            found.update(_walk(path, excluded))
        else:
            found.add(path)  # a missing file becomes a NOT_FOUND row, not a silent omission
    return sorted(found)


def _walk(root: Path, excluded: list[Path]):
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d) not in excluded)
        for name in files:
            if _is_report_name(name) and (here / name) not in excluded:
                yield here / name


def _is_report_name(name: str) -> bool:
    return not name.startswith((".", "~$")) and Path(name).suffix.lower() in REPORT_SUFFIXES


def common_root(paths: list[Path]) -> Path | None:
    """The deepest folder holding every path, so that output names can mirror the sources' sub-folders."""
    if not paths:
        return None
    return Path(os.path.commonpath([str(p.parent) for p in paths]))
