"""End-to-end analysis time (load, extraction, checks, scores, JSON) for the samples and a 100-page PDF.

Run: python benchmarks/bench_analyze.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"


def make_100_page_pdf(target: Path) -> Path:
    """Concatenate the sample PDFs until the document has 100 pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    sources = sorted((SAMPLES / "pdf").glob("*.pdf"))
    while len(writer.pages) < 100:
        for source in sources:
            for page in PdfReader(source).pages:
                if len(writer.pages) < 100:
                    writer.add_page(page)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def time_analysis(path: Path, repeat: int) -> tuple[float, int]:
    from core.analysis import open_report, to_json

    times = []
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        session = open_report(str(path))
        data = to_json(session)
        times.append(time.perf_counter() - start)
        pages = data["source"]["pages"] or 1
    return statistics.median(times), pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # Warm the lazy imports once so each row measures analysis, not interpreter start-up.
    time_analysis(SAMPLES / "txt" / "baojing-2019-dept.txt", 1)
    rows = []
    for form in ("txt", "docx", "pdf"):
        for path in sorted((SAMPLES / form).glob(f"*.{form}")):
            median, pages = time_analysis(path, args.repeat)
            rows.append((f"{form}/{path.name}", pages, median))
    with tempfile.TemporaryDirectory() as tmp:
        big = make_100_page_pdf(Path(tmp) / "big-100.pdf")
        median, pages = time_analysis(big, max(1, args.repeat // 2))
        rows.append(("generated 100-page pdf", pages, median))
    print(f"{'report':48} {'pages':>5} {'median s':>9}")
    for name, pages, median in rows:
        print(f"{name:48} {pages:>5} {median:>9.3f}")


if __name__ == "__main__":
    main()
