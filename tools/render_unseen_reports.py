"""Render blind-written txt reports as Word documents and PDFs, as a unit would have submitted them.

    .venv/bin/python tools/render_unseen_reports.py [--dir tests/unseen_reports2] [--docx a,b] [--pdf a,b]
        [--merge a,b]

Each `<id>.txt` listed becomes `<id>.docx` beside it (python-docx): the title centred and bold, numbered
headings as Heading paragraphs, runs of tab-separated lines as one real bordered Word table (first row the
header; with --merge, level cells merged down and 合计 merged right, as Word tables are usually drawn), East
Asian font 仿宋 in the run properties. Text copied out of a PDF keeps its page furniture in the
txt; the Word document carries it where Word does: the text before `目  录` is a cover page, the table of
contents its own page, lines like `— 3 —` become a PAGE field in the footer, and the running title that
repeats after each of them becomes the page header. Each id in --pdf is then converted by LibreOffice
headless from its docx. The gold `<id>.json` holds for every rendition.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "unseen_reports2"
BODY_FONT = "仿宋"
HEADING_PATTERNS = (re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^（[一二三四五六七八九十]+）"))
PAGE_NUMBER_LINE = re.compile(r"^—\s*\d+\s*—$")
TOC_TITLE = re.compile(r"^目\s*录$")
SENTENCE_END = ("。", "：", ":", "；")


def set_east_asian_font(run, name: str = BODY_FONT) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def add_paragraph(doc, text: str, style: str | None = None, bold: bool = False, center: bool = False,
                  size: int | None = None):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    set_east_asian_font(run)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def add_table(doc, rows: list[list[str]], merge: bool = False) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c in range(width):
            cell = table.cell(r, c)
            text = cells[c] if c < len(cells) else ""
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(text)
            set_east_asian_font(run)
            run.bold = r == 0 or None
    if merge:
        merge_cells(table, [r + [""] * (width - len(r)) for r in rows])


def merge_cells(table, rows: list[list[str]]) -> None:
    """As Word tables are drawn: a level cell merged down over the rows of its items (the leading empty cells
    below it), a 合计 cell merged right over the empty cells after it."""
    for col in range(len(rows[0])):
        top = None
        for r in range(1, len(rows)):
            leading = not rows[r][col] and any(rows[r][col + 1:]) and not any(rows[r][:col])
            if rows[r][col]:
                top = r
            elif leading and top is not None:
                table.cell(top, col).merge(table.cell(r, col))
    for r, cells in enumerate(rows):
        if cells[0] and not cells[1]:
            end = next((c for c in range(1, len(cells)) if cells[c]), len(cells)) - 1
            table.cell(r, 0).merge(table.cell(r, end))


def add_page_field(paragraph) -> None:
    """A PAGE field between dashes, as Word writes a page number in the footer."""
    set_east_asian_font(paragraph.add_run("— "))
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_east_asian_font(paragraph.add_run(" —"))


def split_furniture(lines: list[str]) -> tuple[list[str], list[str], list[str], str | None]:
    """Cover, table of contents, body and running header of a text copied from a paginated document."""
    toc_at = next((i for i, line in enumerate(lines) if TOC_TITLE.match(line.strip())), None)
    if toc_at is None:
        return [], [], lines, None
    toc_end = next((i for i in range(toc_at + 1, len(lines)) if not lines[i].strip()), len(lines))
    body = lines[toc_end + 1:]
    header = None
    for i, line in enumerate(body[:-1]):
        if PAGE_NUMBER_LINE.match(line.strip()):
            header = body[i + 1].strip()
            break
    return lines[:toc_at], lines[toc_at:toc_end], rejoin_pages(body, header), header


def rejoin_pages(body: list[str], header: str | None) -> list[str]:
    """Page numbers and running headers dropped; a sentence cut by a page break made whole again."""
    out: list[str] = []
    broken = False
    for line in body:
        text = line.strip()
        if PAGE_NUMBER_LINE.match(text):
            broken = bool(out) and not out[-1].rstrip().endswith(SENTENCE_END)
            continue
        if text == header:
            continue
        if broken:
            out[-1] += text
            broken = False
        else:
            out.append(line)
    return out


def render_docx(txt: Path, merge: bool = False) -> Path:
    lines = txt.read_text(encoding="utf-8").splitlines()
    cover, toc, body, header = split_furniture(lines)
    doc = Document()
    if header:
        section = doc.sections[0]
        section.different_first_page_header_footer = bool(cover)
        set_east_asian_font(section.header.paragraphs[0].add_run(header))
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_field(section.footer.paragraphs[0])
        section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for page in (cover, toc):
        if not page:
            continue
        for line in page:
            if line.strip():
                add_paragraph(doc, line.strip(), bold=page is cover, center=page is cover or TOC_TITLE.match(
                    line.strip()) is not None, size=18 if page is cover else None)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    write_body(doc, body, titled=bool(cover), merge=merge)
    out = txt.with_suffix(".docx")
    doc.save(out)
    return out


def write_body(doc, body: list[str], titled: bool, merge: bool) -> None:
    """Paragraphs and tables; the first line is the title unless a cover page already carries it."""
    title_done = titled
    i = 0
    while i < len(body):
        line = body[i]
        if "\t" in line:
            rows = []
            while i < len(body) and "\t" in body[i]:
                rows.append(body[i].split("\t"))
                i += 1
            add_table(doc, rows, merge)
            continue
        text = line.strip()
        i += 1
        if not text:
            continue
        if not title_done:
            add_paragraph(doc, text, bold=True, center=True, size=16)
            title_done = True
        elif any(p.match(text) for p in HEADING_PATTERNS) and len(text) <= 30:
            add_paragraph(doc, text, style="Heading 1" if HEADING_PATTERNS[0].match(text) else "Heading 2")
        else:
            add_paragraph(doc, text)


def render_pdf(docx: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                       check=True, capture_output=True, timeout=240)
    return docx.with_suffix(".pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render blind-written txt reports as docx and pdf.")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--docx", default="", help="ids to render as docx")
    parser.add_argument("--pdf", default="", help="ids to convert to pdf (rendered as docx first)")
    parser.add_argument("--merge", default="", help="ids whose tables merge level and 合计 cells as Word does")
    args = parser.parse_args(argv)
    docx_ids = [i for i in args.docx.split(",") if i]
    pdf_ids = [i for i in args.pdf.split(",") if i]
    merged = set(args.merge.split(","))
    for report_id in dict.fromkeys(docx_ids + pdf_ids):
        out = render_docx(args.dir / f"{report_id}.txt", report_id in merged)
        print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
        if report_id in pdf_ids:
            print(render_pdf(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
