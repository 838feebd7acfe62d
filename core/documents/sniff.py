"""Decide a file's format from its first bytes, never from its extension."""

from __future__ import annotations

import io
import zipfile

from core.documents.model import DocumentError

PDF = "pdf"
DOCX = "docx"
TXT = "txt"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# A PDF header may follow a little junk (the spec tolerates up to 1024 bytes before it).
_PDF_HEADER_WINDOW = 1024


def sniff(data: bytes) -> str:
    """The loader to use for `data`: pdf | docx | txt. Raises DocumentError for known unsupported kinds."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data)
    return TXT


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError("CORRUPT_FILE", "文件是损坏的压缩包（docx 文档已损坏或不完整），无法读取。") from exc
    if "word/document.xml" in names:
        return DOCX
    raise DocumentError(
        "UNSUPPORTED_FORMAT",
        "文件是压缩包但不是 Word 文档（docx），不支持此格式。请提供 txt、docx 或 pdf 格式的报告。",
    )


def _ole_error(data: bytes) -> DocumentError:
    """OLE compound files are either password-protected Office documents or legacy .doc files."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
            legacy_word = ole.exists("WordDocument")
    except OSError:
        return DocumentError("CORRUPT_FILE", "文件是损坏的 Office 复合文档，无法读取。")
    if encrypted:
        return DocumentError("ENCRYPTED", "Word 文档已加密（设有打开密码），无法读取。请在 Word 中取消密码后另存为 docx。")
    if legacy_word:
        return DocumentError("UNSUPPORTED_FORMAT", "这是旧版 Word 文档（.doc），不支持此格式。请在 Word 中另存为 docx 后再打开。")
    return DocumentError("UNSUPPORTED_FORMAT", "这是旧版 Office 复合文档，不支持此格式。请另存为 docx 或 pdf 后再打开。")
