"""Plain-text reports: detect the encoding strictly, keep the lines, one page."""

from __future__ import annotations

import codecs

from core.documents.model import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Share of characters that may be control characters before a decoding is judged to be binary.
_MAX_CONTROL_SHARE = 0.01
# charset-normalizer's chaos score above which its best guess is still mojibake.
_MAX_CHAOS = 0.2


def decode_text(data: bytes) -> tuple[str, str]:
    """(text with LF line ends, encoding label) or DocumentError when the bytes are not text."""
    text, label = _decode(data)
    if _looks_binary(text):
        raise _not_text()
    return text.replace("\r\n", "\n").replace("\r", "\n"), label


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), label
            except UnicodeDecodeError as exc:
                raise _not_text() from exc
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    """Last resort for damaged GB text: accept charset-normalizer's guess only if it is a GB family codec."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS or best.encoding not in ("gb18030", "gbk", "gb2312"):
        raise _not_text()
    return data.decode("gb18030", errors="replace"), "gb18030"


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f" or ch == "\ufffd")
    return controls > max(1, len(text) * _MAX_CONTROL_SHARE)


def _not_text() -> DocumentError:
    return DocumentError(
        "UNSUPPORTED_FORMAT",
        "不是可识别编码的文本文件（支持 UTF-8、UTF-16、GB18030），也不是 docx 或 pdf，无法读取。",
    )
