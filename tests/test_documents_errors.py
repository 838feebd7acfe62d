"""load(): format by content, typed errors for every broken file, the source never written."""

import hashlib
import io
import os
import pathlib
import shutil
import zipfile

import pytest

import core.documents as documents
from core.documents import DocumentError, load
from conftest import SAMPLES, sample

BAD = SAMPLES / "bad"


@pytest.mark.parametrize("name, code, words", [
    ("empty.txt", "EMPTY_FILE", "文件为空"),
    ("truncated.pdf", "CORRUPT_FILE", "PDF 文件已损坏或不完整"),
    ("encrypted.pdf", "ENCRYPTED", "PDF 文件已加密（需要密码）"),
    ("encrypted.docx", "ENCRYPTED", "Office 文档（Word 或 Excel）已加密（设有打开密码）"),
    ("binary.txt", "UNSUPPORTED_FORMAT", "不是可识别编码的文本文件"),
    ("corrupt.docx", "CORRUPT_FILE", "Word 文档（docx）已损坏"),
])
def test_bad_file_gives_its_typed_error(name, code, words):
    with pytest.raises(DocumentError) as caught:
        load(BAD / name)
    assert caught.value.code == code
    assert words in caught.value.message
    assert str(caught.value).startswith(f"错误[{code}]: ")
    assert "\n" not in caught.value.message and "。请" in caught.value.message  # what is wrong, then what to do


def test_encrypted_pdf_opens_with_its_password():
    document = load(BAD / "encrypted.pdf", password="1234")
    assert document.format == "pdf" and len(document.pages) == 10
    assert "在职人员控制率" in document.text


def test_encrypted_docx_opens_with_its_password():
    document = load(BAD / "encrypted.docx", password="1234")
    assert document.format == "docx"
    assert "（1）在职人员控制率(3分)" in document.text


@pytest.mark.parametrize("name", ["encrypted.pdf", "encrypted.docx"])
def test_wrong_password_is_still_encrypted(name):
    with pytest.raises(DocumentError) as caught:
        load(BAD / name, password="0000")
    assert caught.value.code == "ENCRYPTED" and "密码不正确" in caught.value.message
    assert caught.value.message.endswith("请核对密码后重试。")


def test_docx_named_pdf_loads_as_docx_with_a_warning():
    document = load(BAD / "docx-named.pdf")
    assert document.format == "docx"
    assert len(document.tables) == 10
    assert document.warnings == ["EXTENSION_MISMATCH: 内容为 docx，扩展名为 .pdf"]


def test_pdf_named_docx_loads_as_pdf_with_a_warning():
    document = load(BAD / "pdf-named.docx")
    assert document.format == "pdf" and len(document.pages) == 10
    assert document.warnings == ["EXTENSION_MISMATCH: 内容为 pdf，扩展名为 .docx"]


def test_matching_extension_gives_no_warning():
    assert load(sample("pdf", "kaoping-20xx-project")).warnings == []


def test_not_a_report_still_loads_as_text():
    document = load(BAD / "not-a-report.txt")
    assert document.format == "txt" and document.encoding == "utf-8"
    assert document.text.startswith("周末采购清单\n")


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(DocumentError) as caught:
        load(tmp_path / "nope.pdf")
    assert caught.value.code == "NOT_FOUND" and "nope.pdf" in caught.value.message


def test_unreadable_file_is_permission_denied(tmp_path, monkeypatch):
    target = tmp_path / "r.txt"
    target.write_text("绩效", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError("denied")

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "PERMISSION_DENIED"


def test_oversized_file_is_too_large(monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    with pytest.raises(DocumentError) as caught:
        load(sample("txt", "kaoping-20xx-project"))
    assert caught.value.code == "TOO_LARGE" and "超过" in caught.value.message


def test_whitespace_only_text_is_empty(tmp_path):
    target = tmp_path / "blank.txt"
    target.write_bytes(b" \r\n\t\n")
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "EMPTY_FILE"


def test_zip_without_word_document_is_unsupported(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    target = tmp_path / "slides.docx"
    target.write_bytes(buffer.getvalue())
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "UNSUPPORTED_FORMAT"
    assert "不是 Word 文档（docx）或 Excel 工作簿（xlsx）" in caught.value.message


def test_damaged_zip_is_corrupt(tmp_path):
    target = tmp_path / "cut.docx"
    target.write_bytes(sample("docx", "kaoping-20xx-project").read_bytes()[:3000])
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "CORRUPT_FILE"


@pytest.mark.parametrize("path", [
    sample("txt", "wuhua-2019-project"), sample("docx", "wugang-2020-dept"), sample("pdf", "wugang-2020-dept"),
    BAD / "encrypted.pdf",
], ids=lambda p: p.name)
def test_source_is_never_written(tmp_path, path):
    copy = tmp_path / path.name
    shutil.copy2(path, copy)
    os.utime(copy, (1_600_000_000, 1_600_000_000))
    before = copy.read_bytes()
    document = load(copy, password="1234")
    assert copy.read_bytes() == before
    assert copy.stat().st_mtime == 1_600_000_000
    assert document.sha256 == hashlib.sha256(before).hexdigest()
    assert document.name == path.name and document.path == str(copy)


def renamed_ole_streams(data: bytes, renames: dict[str, str]) -> bytes:
    """An OLE compound file with directory entries renamed (entry: 64-byte UTF-16 name, 2-byte length)."""
    out = bytearray(data)
    for old, new in renames.items():
        at = out.index(old.encode("utf-16-le") + b"\0\0")
        out[at:at + 64] = (new.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
        out[at + 64:at + 66] = ((len(new) + 1) * 2).to_bytes(2, "little")
    return bytes(out)


def test_legacy_word_document_asks_for_docx(tmp_path):
    target = tmp_path / "old.doc"
    target.write_bytes(renamed_ole_streams((BAD / "encrypted.docx").read_bytes(),
                                           {"EncryptionInfo": "WordDocument", "EncryptedPackage": "1Table"}))
    with pytest.raises(DocumentError) as caught:
        load(target)
    assert caught.value.code == "UNSUPPORTED_FORMAT"
    assert "旧版 Word 文档（.doc）" in caught.value.message and "另存为 docx" in caught.value.message


def test_docx_that_unpacks_too_large_is_refused(monkeypatch):
    import core.documents.sniff as sniff

    monkeypatch.setattr(sniff, "_MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(DocumentError) as caught:
        load(sample("docx", "kaoping-20xx-project"))
    assert caught.value.code == "TOO_LARGE" and "解压后" in caught.value.message


def test_document_error_is_a_coded_error():
    from core.errors import CodedError

    err = DocumentError("NOT_FOUND", "找不到文件：a.pdf")
    assert isinstance(err, CodedError)
    assert (err.code, str(err)) == ("NOT_FOUND", "错误[NOT_FOUND]: 找不到文件：a.pdf")
