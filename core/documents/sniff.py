"""Decide a file's format from its first bytes, never from its extension."""

from __future__ import annotations

import io
import struct
import zipfile

from core.documents.model import GET_COMPLETE_FILE, SPLIT_OR_SHRINK, DocumentError

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
XLS = "xls"
TXT = "txt"
ENCRYPTED_OFFICE = "encrypted-office"  # a password-protected OOXML package wrapped in an OLE file

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Uncompressed size beyond which a docx is refused (a zip bomb, or no report anyone wrote): python-docx
# holds every part in memory. Checked on the sizes the zip directory declares, before any member is
# read; zipfile never inflates a member past its declared size (it fails the CRC instead).
_MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
# A report's body XML is a few MB; tens of MB of it is generated junk that would take minutes to read.
_MAX_DOCUMENT_XML_BYTES = 40 * 1024 * 1024
# A PDF header may follow a little junk (the spec tolerates up to 1024 bytes before it).
_PDF_HEADER_WINDOW = 1024


def sniff(data: bytes) -> str:
    """The loader to use for `data`: pdf | docx | xlsx | xls | txt | encrypted-office. Raises DocumentError for known
    unsupported kinds."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data)
    return TXT


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
    # NotImplementedError: a zip "version needed to extract" that zipfile does not know (a damaged header)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError("CORRUPT_FILE",
                            "文件是损坏的压缩包（docx / xlsx 文档已损坏或不完整），无法读取。"
                            + GET_COMPLETE_FILE) from exc
    if sum(sizes.values()) > _MAX_UNZIPPED_BYTES:
        raise DocumentError("TOO_LARGE", f"文档解压后超过 {_MAX_UNZIPPED_BYTES // 1024 ** 2} MB，过大，无法读取。"
                                         + SPLIT_OR_SHRINK)
    names = set(sizes)
    if "word/document.xml" in names:
        if sizes["word/document.xml"] > _MAX_DOCUMENT_XML_BYTES:
            raise DocumentError("TOO_LARGE", f"文档正文超过 {_MAX_DOCUMENT_XML_BYTES // 1024 ** 2} MB 的上限，"
                                             "过大，无法读取。" + SPLIT_OR_SHRINK)
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise DocumentError(
        "UNSUPPORTED_FORMAT",
        "文件是压缩包但不是 Word 文档（docx）或 Excel 工作簿（xlsx），不支持此格式。"
        "请提供 txt、docx、pdf 或 xlsx 格式的报告。",
    )


def _ole_kind(data: bytes) -> str:
    """OLE compound files are password-protected Office documents, legacy .xls workbooks or legacy .doc files."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
            legacy_word = ole.exists("WordDocument")
            legacy_excel = ole.exists("Workbook") or ole.exists("Book")
    except (OSError, ValueError, EOFError, IndexError, KeyError, struct.error) as exc:  # olefile's ways to fail
        raise DocumentError("CORRUPT_FILE", "文件是损坏的 Office 复合文档，无法读取。" + GET_COMPLETE_FILE) from exc
    if encrypted:
        return ENCRYPTED_OFFICE
    if legacy_excel:
        return XLS
    if legacy_word:
        raise DocumentError("UNSUPPORTED_FORMAT",
                            "这是旧版 Word 文档（.doc），不支持此格式。请在 Word 中另存为 docx 后再打开。")
    raise DocumentError("UNSUPPORTED_FORMAT", "这是旧版 Office 复合文档，不支持此格式。请另存为 docx 或 pdf 后再打开。")
