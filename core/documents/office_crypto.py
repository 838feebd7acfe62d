"""Password-protected Office documents (an OOXML package encrypted inside an OLE compound file).

The OLE wrapper does not say whether a Word document or an Excel workbook is inside, so the messages name both."""

from __future__ import annotations

import io

from core.documents.model import CHECK_PASSWORD, DocumentError


def decrypt_office(data: bytes, password: str | None) -> bytes:
    """The decrypted package bytes, or DocumentError(ENCRYPTED) without the right password."""
    if not password:
        raise DocumentError("ENCRYPTED",
                            "Office 文档（Word 或 Excel）已加密（设有打开密码），无法读取。"
                            "请提供密码，或在 Word / Excel 中取消密码后另存。")
    import msoffcrypto

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password)
        plain = io.BytesIO()
        office.decrypt(plain)
    except Exception as exc:  # msoffcrypto signals a wrong password and damaged headers with various types
        raise DocumentError("ENCRYPTED", "Office 文档（Word 或 Excel）已加密，提供的密码不正确，无法读取。"
                            + CHECK_PASSWORD) from exc
    return plain.getvalue()
