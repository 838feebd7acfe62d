"""The outputs a batch writes beside each review when asked (--exports), through core.exports: the 复核表
workbook, the 复核意见 as docx and pdf, and the annotated report, named after the report."""

from __future__ import annotations

from pathlib import Path

OUTPUT_NAMES = {"xlsx": "{stem}_复核表.xlsx", "docx": "{stem}_复核意见.docx", "pdf": "{stem}_复核意见.pdf",
                "annotated_pdf": "{stem}_批注版.pdf"}


def write_exports(session, folder: Path) -> list[Path]:
    from core.exports.writing import export_all

    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(session.document.name).stem
    return export_all(session, {kind: folder / name.format(stem=stem) for kind, name in OUTPUT_NAMES.items()})
