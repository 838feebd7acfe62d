"""Write a long text PDF by concatenating the sample PDFs (for load benchmarks and tests).

Usage: python tools/make_big_pdf.py OUT.pdf [PAGES]
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLE_PDFS = Path(__file__).resolve().parent.parent.parent / "shared" / "samples" / "pdf"


def make_big_pdf(out: Path, pages: int = 100, sources: Path = SAMPLE_PDFS) -> Path:
    """Concatenate the PDFs under `sources` (sorted, repeated) until `out` has exactly `pages` pages."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(path) for path in sorted(sources.glob("*.pdf"))]
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for reader in readers:
            for page in reader.pages:
                if len(writer.pages) < pages:
                    writer.add_page(page)
    with out.open("wb") as handle:
        writer.write(handle)
    return out


if __name__ == "__main__":
    make_big_pdf(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100)
