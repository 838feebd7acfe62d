"""The outputs a batch writes beside each review when asked (--exports), through core.exports: the 复核表
workbook and the 复核意见 as docx and pdf, named after the report."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

OUTPUT_NAMES = {"xlsx": "{stem}_复核表.xlsx", "docx": "{stem}_复核意见.docx", "pdf": "{stem}_复核意见.pdf"}


def exports_available() -> bool:
    return find_spec("core.exports") is not None and find_spec("core.exports.writing") is not None


def write_exports(session, folder: Path) -> list[Path]:
    from core.exports.writing import export_all

    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(session.document.name).stem
    return export_all(session, {kind: folder / name.format(stem=stem) for kind, name in OUTPUT_NAMES.items()})
