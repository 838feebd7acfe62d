"""Mutation families for tools/fuzz.py: each turns one seed file into a hostile variant.

A family is a named function `(data, suffix, rng) -> (data, suffix)`; it may refuse a seed it cannot
mutate (None), e.g. a zip-member family given a text file. The families are the kinds of damage seen in
the wild and in earlier fuzz runs: bit flips, cuts, inserted and deleted chunks, broken zip members and
XML, hostile attribute values, broken xref tables, deep nesting, mixed encodings, NUL bytes, huge texts,
wrong extensions.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Mutation = tuple[bytes, str]
Mutator = Callable[[bytes, str, random.Random], "Mutation | None"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
# Not scanned/: its pages are read by OCR (20-50 s and ~1 GB a file, past a case's limits); tests/test_ocr.py
# covers blank, cancelled and oversized scans.
_SEED_DIRS = ("txt", "docx", "pdf", "bad", "forms/txt", "forms/docx", "forms/pdf", "forms/web",
              "forms/xlsx")
_SEED_SUFFIXES = {".txt", ".docx", ".pdf", ".xlsx"}
_DOCUMENT_XML = "word/document.xml"
_HUGE_TEXT_BYTES = 50 * 1024 * 1024
_LONG_TEXT_BYTES = 460 * 1024


ANY = frozenset({".txt", ".docx", ".pdf", ".xlsx"})
TEXT = frozenset({".txt"})
ZIP = frozenset({".docx", ".xlsx"})
WORD = frozenset({".docx"})
SHEET = frozenset({".xlsx"})
PDF = frozenset({".pdf"})


@dataclass(frozen=True)
class Family:
    name: str
    mutate: Mutator
    seeds: frozenset[str] = ANY  # suffixes of the seed samples it mutates
    cost: int = 1  # relative run cost, so that the expensive families get fewer cases


def seed_files() -> list[Path]:
    """The development samples every family starts from (the bad ones included)."""
    files = []
    for folder in _SEED_DIRS:
        directory = SAMPLES / folder
        if directory.is_dir():
            files.extend(p for p in sorted(directory.iterdir()) if p.suffix.lower() in _SEED_SUFFIXES
                         and p.stat().st_size > 0)
    return files


# --- byte-level families ------------------------------------------------------------------------------

def bit_flips(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 16, 128))):
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out), suffix


def truncation(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    return data[: rng.randrange(1, len(data))], suffix


def chunk_insert(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    at = rng.randrange(len(data))
    if rng.random() < 0.5:
        start = rng.randrange(len(data))
        chunk = data[start:start + rng.randrange(1, 4096)]
    else:
        chunk = rng.randbytes(rng.randrange(1, 4096))
    return data[:at] + chunk + data[at:], suffix


def chunk_delete(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randrange(1, 4096):], suffix


def nul_bytes(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    out = bytearray(data)
    for _ in range(rng.choice((1, 8, 64, 1024))):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out), suffix


def wrong_extension(data: bytes, suffix: str, rng: random.Random) -> Mutation:
    return data, rng.choice([s for s in (".txt", ".docx", ".pdf", ".xlsx", ".doc", "") if s != suffix])


# --- text families --------------------------------------------------------------------------------------

def _text_of(data: bytes, suffix: str) -> str | None:
    if suffix != ".txt":
        return None
    for codec in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def mixed_encodings(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    text = _text_of(data, suffix)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    codecs = ("utf-8", "gb18030", "utf-16-le", "big5", "latin-1")
    out = b"".join(line.encode(rng.choice(codecs), errors="replace") if rng.random() < 0.3
                   else line.encode("utf-8") for line in lines)
    if rng.random() < 0.3:
        out = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) + out
    return out, suffix


_HOSTILE_NUMBERS = ("9" * 40, "1" + "0" * 30 + ".5", "0." + "0" * 40 + "1", "1e999999", "NaN", "Infinity",
                    "亿亿亿亿亿亿亿亿亿亿亿亿", "九千九百九十九万亿亿亿", "-0", "1,234,567,890,123,456,789,012,345",
                    "99999999999999999999999999999999.99")


def hostile_numbers(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """Numbers of the text replaced by absurd ones: dozens of digits, exponents, NaN, stacked 亿."""
    text = _text_of(data, suffix)
    if text is None:
        return None
    numbers = list(re.finditer(r"\d+(?:\.\d+)?", text))
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.choice((1, 5, 50)))), key=lambda m: -m.start()):
        text = text[:match.start()] + rng.choice(_HOSTILE_NUMBERS) + text[match.end():]
    return text.encode("utf-8"), suffix


def many_number_lines(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """A long text of numeric lines (an exported ledger), the shape that made extraction superlinear."""
    if suffix != ".txt":
        return None
    lines, size = [], 0
    while size < _LONG_TEXT_BYTES:
        line = rng.choice(("{a}", "{a}万元", "{a}/{b}={c}%", "{a}分", "第{a}项 {b} {c}")).format(
            a=rng.randrange(1, 10 ** 6), b=rng.randrange(1, 10 ** 4), c=rng.randrange(0, 100)) + "\n"
        lines.append(line)
        size += len(line)
    return "".join(lines).encode("utf-8"), suffix


def repeated_line(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    text = _text_of(data, suffix)
    if text is None:
        return None
    candidates = [line for line in text.splitlines() if line.strip()]
    line = (rng.choice(candidates) if candidates else "预算执行率 100%") + "\n"
    return (line * (_LONG_TEXT_BYTES // max(1, len(line.encode("utf-8"))) + 1)).encode("utf-8"), suffix


def huge_text(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    if suffix != ".txt":
        return None
    return (data * (_HUGE_TEXT_BYTES // len(data) + 1))[:_HUGE_TEXT_BYTES], suffix


# --- zip and XML families (docx, xlsx) -------------------------------------------------------------------

def _members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        return None


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _main_xml(members: dict[str, bytes]) -> str | None:
    if _DOCUMENT_XML in members:
        return _DOCUMENT_XML
    sheets = sorted(name for name in members if name.startswith("xl/worksheets/"))
    return sheets[0] if sheets else None


def _main_part(data: bytes) -> tuple[dict[str, bytes], str] | None:
    """(members, name of the body XML: document.xml or the first worksheet) of a zip, or None."""
    members = _members(data)
    name = _main_xml(members) if members else None
    return None if name is None else (members, name)


def broken_zip_member(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """A member dropped, emptied or cut, or its compressed bytes damaged behind a valid directory."""
    members = _members(data)
    if not members:
        return None
    name = rng.choice(sorted(members))
    action = rng.choice(("drop", "empty", "cut", "garble"))
    if action == "drop":
        del members[name]
    elif action == "empty":
        members[name] = b""
    elif action == "cut":
        members[name] = members[name][: rng.randrange(max(1, len(members[name])))]
    else:
        packed = bytearray(_zip(members))
        start = packed.find(name.encode("utf-8"))
        for _ in range(8):
            position = min(len(packed) - 1, start + 30 + rng.randrange(256))
            packed[position] ^= 0xFF
        return bytes(packed), suffix
    return _zip(members), suffix


def broken_xml(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """The main XML part with tags cut, unbalanced or renamed."""
    opened = _main_part(data)
    if opened is None:
        return None
    members, name = opened
    xml = members[name]
    action = rng.choice(("cut", "unclose", "rename", "entity"))
    if action == "cut":
        xml = xml[: rng.randrange(len(xml))]
    elif action == "unclose":
        closes = [m.start() for m in re.finditer(rb"</", xml)]
        if closes:
            at = rng.choice(closes)
            xml = xml[:at] + xml[xml.find(b">", at) + 1:]
    elif action == "rename":
        xml = re.sub(rb"<w:(p|tc|tr|r)\b", lambda m: b"<w:x" + m.group(1) if rng.random() < 0.2 else m.group(0), xml)
    else:
        xml = xml.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>', 1)
    members[name] = xml
    return _zip(members), suffix


_HOSTILE_VALUES = (b"100000000000000000000", b"-1", b"0", b"abc", b"", b"1e9", b"2147483648", b"99999999",
                   b"\xe4\xb8\x80")
_HOSTILE_ATTRIBUTES = (b"w:gridSpan w:val", b"w:ilvl w:val", b"w:numId w:val", b"w:start w:val",
                       b"w:gridBefore w:val", b"w:outlineLvl w:val", b"w:vMerge w:val", b"w:gridCol w:w",
                       b"w:abstractNumId w:val", b"w:lvl w:ilvl", b"w:startOverride w:val")


def hostile_attributes(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """Numeric attributes (spans, levels, list ids) set to huge, negative or non-numeric values; an
    element the document lacks is added to its first table cell or paragraph."""
    opened = _main_part(data)
    if opened is None:
        return None
    members, name = opened
    value = rng.choice(_HOSTILE_VALUES)
    element, attribute = rng.choice(_HOSTILE_ATTRIBUTES).split(b" ")
    targets = [n for n in members if n.endswith(".xml")]
    touched = False
    for target in targets:
        pattern = re.compile(rb"(<" + element + rb"\b[^>]*?\b" + attribute + rb'=")[^"]*(")')
        members[target], count = pattern.subn(lambda m: m.group(1) + value + m.group(2), members[target])
        touched = touched or count > 0
    if not touched and element == b"w:gridSpan":
        members[name] = members[name].replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="' + value + b'"/>', 1)
    elif not touched and element in (b"w:ilvl", b"w:numId"):
        members[name] = members[name].replace(
            b"<w:pPr>", b'<w:pPr><w:numPr><w:ilvl w:val="' + value + b'"/><w:numId w:val="' + value
            + b'"/></w:numPr>', 1)
    return _zip(members), suffix


_HUGE_CELL = rb"XFD1048576"
_SHEET_DAMAGE = (
    (rb'<dimension ref="[^"]*"', b'<dimension ref="A1:' + _HUGE_CELL + b'"'),
    (rb'<row r="(\d+)"', b'<row r="1048576"'),
    (rb'<c r="[A-Z]+(\d+)"', b'<c r="' + _HUGE_CELL + b'"'),
    (rb"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:' + _HUGE_CELL + b'"/></mergeCells>'),
    (rb"<v>[^<]*</v>", b"<v>1E+999999</v>"),
    (rb'<f>[^<]*</f>', b"<f>" + b"(" * 5000 + b"1" + b")" * 5000 + b"</f>"),
)


def hostile_sheet(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """A worksheet whose rows, cells, merges or dimension reach the last cell of the grid (XFD1048576), with
    absurd values or formulas nested thousands deep."""
    opened = _main_part(data)
    if opened is None or not opened[1].startswith("xl/"):
        return None
    members, name = opened
    pattern, replacement = rng.choice(_SHEET_DAMAGE)
    members[name] = re.sub(pattern, replacement, members[name], count=rng.choice((1, 0)))
    return _zip(members), suffix


def deep_nesting(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """Tens of thousands of nested elements (content controls or tables in cells) in the body."""
    members = _members(data)
    if not members or _DOCUMENT_XML not in members:
        return None
    depth = rng.choice((1000, 20000, 200000))
    if rng.random() < 0.5:
        opening, closing = b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>"
    else:
        opening, closing = b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"
    nested = opening * depth + b"<w:p><w:r><w:t>1</w:t></w:r></w:p>" + closing * depth
    members[_DOCUMENT_XML] = members[_DOCUMENT_XML].replace(b"<w:body>", b"<w:body>" + nested, 1)
    return _zip(members), suffix


def zip_bomb(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """A member that inflates to gigabytes, or a huge but well-formed document.xml."""
    opened = _main_part(data)
    if opened is None:
        return None
    members, name = opened
    if rng.random() < 0.5:
        paragraph = "<w:p><w:r><w:t>预算执行率为 98.5%，得 4 分。</w:t></w:r></w:p>".encode("utf-8")
        filler = paragraph * (59 * 1024 * 1024 // len(paragraph))
        members[name] = members[name].replace(b"<w:body>", b"<w:body>" + filler, 1)
    else:
        members[rng.choice(sorted(members))] = b" " * (1100 * 1024 * 1024)
    return _zip(members), suffix


# --- PDF families --------------------------------------------------------------------------------------

def broken_xref(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    if not data.startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        return None
    action = rng.choice(("offsets", "startxref", "size", "drop"))
    if action == "offsets":
        return re.sub(rb"\d{10} \d{5} n", lambda m: (b"%010d" % rng.randrange(10 ** 10)) + m.group(0)[10:]
                      if rng.random() < 0.3 else m.group(0), data), suffix
    if action == "startxref":
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randrange(10 ** 9)).encode(), data), suffix
    if action == "size":
        return re.sub(rb"/Size \d+", b"/Size " + rng.choice((b"0", b"-5", b"99999999999")), data), suffix
    return data.replace(b"xref", b"xxxx"), suffix


def pdf_page_tree(data: bytes, suffix: str, rng: random.Random) -> Mutation | None:
    """/Count, /Kids and /Parent made inconsistent, circular or huge; arrays nested thousands deep."""
    if b"%PDF-" not in data[:1024]:
        return None
    action = rng.choice(("count", "kids", "nesting", "loop"))
    if action == "count":
        return re.sub(rb"/Count \d+", b"/Count " + rng.choice((b"1000000000", b"-1", b"0", b"2")), data), suffix
    if action == "kids":
        return re.sub(rb"/Kids\s*\[", b"/Kids [ 1 0 R 999999 0 R ", data, count=1), suffix
    if action == "loop":
        return re.sub(rb"/Parent \d+ 0 R", lambda m: b"/Parent 1 0 R", data), suffix
    nested = b"[" * 100000 + b"]" * 100000
    return re.sub(rb"/MediaBox", b"/Junk " + nested + b" /MediaBox", data, count=1), suffix


FAMILIES: tuple[Family, ...] = (
    Family("bit_flips", bit_flips),
    Family("truncation", truncation),
    Family("chunk_insert", chunk_insert),
    Family("chunk_delete", chunk_delete),
    Family("nul_bytes", nul_bytes),
    Family("wrong_extension", wrong_extension),
    Family("mixed_encodings", mixed_encodings, TEXT),
    Family("hostile_numbers", hostile_numbers, TEXT),
    Family("broken_zip_member", broken_zip_member, ZIP),
    Family("broken_xml", broken_xml, ZIP),
    Family("hostile_attributes", hostile_attributes, ZIP),
    Family("hostile_sheet", hostile_sheet, SHEET),
    Family("deep_nesting", deep_nesting, WORD, cost=3),
    Family("broken_xref", broken_xref, PDF),
    Family("pdf_page_tree", pdf_page_tree, PDF),
    Family("many_number_lines", many_number_lines, TEXT, cost=10),
    Family("repeated_line", repeated_line, TEXT, cost=10),
    Family("zip_bomb", zip_bomb, ZIP, cost=30),
    Family("huge_text", huge_text, TEXT, cost=50),
)
