"""Load a report (txt, docx, pdf, xlsx or xls, chosen by content) into the one Document model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.documents.model import (
    CHECK_PATH, READING, SPLIT_OR_SHRINK, Cell, Document, DocumentError, LoadCancelled, Page, ProgressCallback, Rect,
    Table,
)

__all__ = ["load", "Document", "DocumentError", "LoadCancelled", "Page", "Table", "Cell", "Rect", "MAX_BYTES"]

MAX_BYTES = 200 * 1024 * 1024
# Characters of text a report may have: a long report has a few hundred thousand; more would take the
# analysis past its time budget.
MAX_CHARS = 2_000_000
_KNOWN_EXTENSIONS = {"txt", "docx", "pdf", "xlsx", "xls"}


def load(path: str | Path, password: str | None = None, progress: ProgressCallback | None = None) -> Document:
    """Read `path` (never written) and return its Document; raises DocumentError with a cli.md code.
    `password` opens an encrypted PDF, Word or Excel document. `progress(done, total, step)` is called once per page
    of a PDF (once in all for other formats), again for each PDF page read by OCR (with RECOGNISING); an exception
    it raises (LoadCancelled) ends the load."""
    from core.analysis_budget import budget
    from core.documents import sniff

    source = Path(path)
    data = _read(source)
    with budget():
        kind = sniff.sniff(data)
        if kind == sniff.ENCRYPTED_OFFICE:
            from core.documents.office_crypto import decrypt_office

            data_to_parse = decrypt_office(data, password)
            kind = sniff.sniff(data_to_parse)
        else:
            data_to_parse = data
        content = _parse(kind, data_to_parse, password, progress)
    if len(content.text) > MAX_CHARS:
        raise DocumentError("TOO_LARGE", f"报告文字过多（{len(content.text)} 字），超过 {MAX_CHARS} 字的上限，"
                                         "无法分析。" + SPLIT_OR_SHRINK)
    if progress is not None and kind != "pdf":
        progress(1, 1, READING)
    return Document(
        name=source.name,
        path=str(source),
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
        text=content.text,
        pages=content.pages,
        tables=content.tables,
        encoding=content.encoding,
        text_layer=any(page.has_text for page in content.pages),
        warnings=_extension_warnings(source, kind) + content.warnings,
        char_boxes=content.char_boxes,
        pages_without_text=content.pages_without_text,
        ocr_pages=content.ocr_pages,
        headings=content.headings,
        password=password,
    )


def _read(source: Path) -> bytes:
    try:
        size = source.stat().st_size
        if source.is_dir():
            raise DocumentError("NOT_FOUND", f"“{source}”是文件夹，不是报告文件。请选择其中的报告文件。")
        if size > MAX_BYTES:
            raise DocumentError("TOO_LARGE", f"文件过大（{size / 1024 / 1024:.0f} MB），超过 "
                                             f"{MAX_BYTES // 1024 // 1024} MB 的上限，无法读取。请拆分或压缩后再打开。")
        if size == 0:
            raise DocumentError("EMPTY_FILE", "文件为空（0 字节），没有可分析的内容。请确认选择的是报告文件。")
        with source.open("rb") as handle:  # read-only: the report itself is never written
            return handle.read()
    except FileNotFoundError as exc:
        raise DocumentError("NOT_FOUND", f"找不到文件：{source}。{CHECK_PATH}") from exc
    except PermissionError as exc:
        raise DocumentError("PERMISSION_DENIED",
                            f"没有读取权限，无法打开文件：{source}。请检查文件权限或先复制到本机再打开。") from exc


def _parse(kind: str, data: bytes, password: str | None, progress: ProgressCallback | None):
    if kind == "pdf":
        from core.documents.isolated import load_pdf_bounded

        return load_pdf_bounded(data, password, progress)
    if kind == "docx":
        from core.documents.docx import load_docx

        return load_docx(data)
    if kind == "xlsx":
        from core.documents.xlsx import load_xlsx

        return load_xlsx(data)
    if kind == "xls":
        from core.documents.xls import load_xls

        return load_xls(data, password)
    from core.documents.txt import load_txt

    return load_txt(data)


def _extension_warnings(source: Path, kind: str) -> list[str]:
    extension = source.suffix.lower().lstrip(".")
    if extension == kind or (kind == "txt" and extension not in _KNOWN_EXTENSIONS):
        return []
    shown = f".{extension}" if extension else "（无）"
    return [f"EXTENSION_MISMATCH: 内容为 {kind}，扩展名为 {shown}"]
