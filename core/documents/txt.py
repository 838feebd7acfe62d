"""Plain-text reports: detect the encoding strictly, keep the lines, one page."""

from __future__ import annotations

import codecs
import re

from core.documents.builder import Content
from core.documents.model import SPLIT_OR_SHRINK, DocumentError, Page

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Share of characters that may be control characters before a decoding is judged to be binary.
_MAX_CONTROL_SHARE = 0.01
# Share of UTF-16 code units that are ASCII (high byte zero) in any real text, even Chinese prose.
_MIN_UTF16_ZERO_SHARE = 0.03
# charset-normalizer's chaos score above which its best guess is still mojibake.
_MAX_CHAOS = 0.2
# A text report is well under 1 MB; 10 MB of text is an export or a log, refused before decoding.
MAX_TEXT_BYTES = 10 * 1024 * 1024
# charset-normalizer's guess is slow on large inputs: it only gets a damaged text up to this size.
_MAX_GUESS_BYTES = 2 * 1024 * 1024
# Characters counted as control characters when judging whether a decoding is binary.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def load_txt(data: bytes) -> Content:
    if len(data) > MAX_TEXT_BYTES:
        raise DocumentError("TOO_LARGE", f"文本文件过大（{len(data) / 1024 ** 2:.0f} MB），超过 "
                                         f"{MAX_TEXT_BYTES // 1024 ** 2} MB 的上限，无法分析。" + SPLIT_OR_SHRINK)
    text, encoding = decode_text(data)
    if not text.strip():
        raise DocumentError("EMPTY_FILE", "文件没有任何文字内容（只有空白），无法分析。")
    return Content(text=text, pages=[Page(number=1, start=0, end=len(text))], encoding=encoding)


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
    for codec, label in (("utf-8", "utf-8"), (_bomless_utf16(data), "utf-16"), ("gb18030", "gb18030")):
        if codec is None:
            continue
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    return _guess(data)


def _bomless_utf16(data: bytes) -> str | None:
    """utf-16-le/-be when the zero bytes sit where UTF-16 puts them: the high byte of ASCII characters
    (digits, line breaks) in one byte position of the pairs only. Random bytes have too few zeros."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    zeros_odd, zeros_even = data[1::2].count(0), data[0::2].count(0)
    if zeros_odd >= _MIN_UTF16_ZERO_SHARE * units and zeros_even * 10 <= zeros_odd:
        return "utf-16-le"
    if zeros_even >= _MIN_UTF16_ZERO_SHARE * units and zeros_odd * 10 <= zeros_even:
        return "utf-16-be"
    return None


def _guess(data: bytes) -> tuple[str, str]:
    """Last resort for damaged GB text: accept charset-normalizer's guess only if it is a GB family codec."""
    from charset_normalizer import from_bytes

    if len(data) > _MAX_GUESS_BYTES:
        raise _not_text()
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS or best.encoding not in ("gb18030", "gbk", "gb2312"):
        raise _not_text()
    return data.decode("gb18030", errors="replace"), "gb18030"


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROLS.findall(text))
    return controls > max(1, len(text) * _MAX_CONTROL_SHARE)


def _not_text() -> DocumentError:
    return DocumentError(
        "UNSUPPORTED_FORMAT",
        "不是可识别编码的文本文件（支持 UTF-8、UTF-16、GB18030），也不是 docx 或 pdf，无法读取。"
        "请另存为 UTF-8 文本、docx 或 pdf 后再打开。",
    )
