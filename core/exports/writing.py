"""Writing the outputs: every file is built in memory first, every target is checked, and only then is each
one replaced atomically (temporary file + os.replace), so a path that cannot be written leaves nothing
half-written and no output of the set written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.errors import CodedError
from core.documents.model import Document
from core.exports.facts import ReviewFacts, review_facts
from core.exports.marks import Mark, marks_for
from core.exports.opinion import Opinion, opinion_for

KINDS = ("xlsx", "docx", "pdf", "annotated_pdf", "sheet_pdf")


class ExportError(CodedError):
    """An output that cannot be made or written. `code`: WRITE_FAILED; for the annotated report also
    NOT_FOUND, SOURCE_CHANGED (the report file moved or changed since it was opened) or CORRUPT_FILE."""


@dataclass(frozen=True)
class Built:
    """One output, in memory, with where it goes."""

    kind: str
    path: Path
    data: bytes


def export_all(session, targets: dict[str, str | Path | None], day: date | None = None) -> list[Path]:
    """Write the outputs named in `targets` (kind → path; kinds of KINDS) for the session's current state."""
    wanted = checked_targets(targets)
    return write_outputs(snapshot(session, day), wanted) if wanted else []


@dataclass(frozen=True)
class Snapshot:
    """What the outputs are made of, taken from the session at one moment; immutable, so the rendering can
    run on another thread while the reviewer goes on editing."""

    facts: ReviewFacts
    opinion: Opinion
    document: Document  # the report, for the annotated one (never edited)
    marks: tuple[Mark, ...]  # what the annotated report marks


def snapshot(session, day: date | None = None) -> Snapshot:
    facts = review_facts(session, day)
    return Snapshot(facts, opinion_for(session, facts), session.document, marks_for(session, facts))


def checked_targets(targets: dict[str, str | Path | None]) -> dict[str, Path]:
    """The targets given, each checked (ExportError for the first that cannot be written)."""
    wanted = {kind: Path(p) for kind, p in targets.items() if p}
    for path in wanted.values():
        check_target(path)
    return wanted


def write_outputs(snap: Snapshot, wanted: dict[str, Path]) -> list[Path]:
    """Render every output in memory, then replace each target atomically."""
    built = [Built(kind, path, render(kind, snap)) for kind, path in wanted.items()]
    for item in built:
        _replace(item)
    return [item.path for item in built]


def render(kind: str, snap: Snapshot) -> bytes:
    """One output of KINDS in memory (the window prints the PDFs from here)."""
    if kind == "xlsx":
        from core.exports.sheet import sheet_bytes

        return sheet_bytes(snap.facts)[0]
    if kind == "docx":
        from core.exports.opinion_docx import docx_bytes

        return docx_bytes(snap.opinion)
    if kind == "pdf":
        from core.exports.opinion_pdf import pdf_bytes

        return pdf_bytes(snap.opinion)
    if kind == "annotated_pdf":
        from core.exports.annotated import annotated_bytes

        return annotated_bytes(snap.document, snap.facts, snap.marks)
    if kind == "sheet_pdf":
        from core.exports.sheet_pdf import sheet_pdf_bytes

        return sheet_pdf_bytes(snap.facts)
    raise ValueError(kind)


def check_target(path: Path) -> None:
    """Refuse a target that cannot be replaced: no folder, not a folder, a folder in its place, read-only."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError("WRITE_FAILED", f"无法写入 {path}：目录不存在。请检查保存位置。")
    if path.is_dir():
        raise ExportError("WRITE_FAILED", f"无法写入 {path}：同名文件夹已存在。请换一个文件名。")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError("WRITE_FAILED", f"无法写入 {path}：没有写入权限。请换一个保存位置。")


def _replace(item: Built) -> None:
    from core.review.storage import write_atomic

    try:
        mode = item.path.stat().st_mode & 0o777 if item.path.exists() else _default_mode()
        write_atomic(item.path, item.data)
        os.chmod(item.path, mode)  # the temporary file was private; an output keeps the usual permissions
    except OSError as exc:
        raise ExportError("WRITE_FAILED", f"无法写入 {item.path}：{exc.strerror or exc}。"
                                          "文件可能正被其他程序打开，请关闭后重试。") from None


def _default_mode() -> int:
    """0o666 less the process umask: what a newly created file would get."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
