"""Extraction time (meta + claims + figures, document already loaded) on the samples and on ~100 pages.

Run: python benchmarks/bench_extraction.py [--repeat N]
Targets: a typical 10-page report well under 0.3 s (its checks under 0.05 s); 100 pages under 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"


def timed(document, repeat: int) -> float:
    from core.extraction import extract

    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract(document)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def timed_checks(document, repeat: int) -> float:
    """run_checks on an extraction done beforehand (the checks the session re-runs after an edit)."""
    from core.checks import run_checks
    from core.extraction import extract

    extraction = extract(document)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_checks(document, extraction)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def hundred_pages(document):
    """The 10-page baojing PDF's text repeated ten times, as one txt Document."""
    from core.documents.model import Document, Page

    text = "\n".join([document.text] * 10)
    return Document("100p", "100p.txt", "", "txt", text, [Page(1, 0, len(text))])


def main() -> None:
    from core.documents import load

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for path in sorted((SAMPLES / "pdf").glob("*.pdf")) + sorted((SAMPLES / "docx").glob("*.docx")):
        document = load(path)
        print(f"{path.parent.name}/{path.name:34} {len(document.text):7d} chars  {timed(document, args.repeat):.3f} s"
              f"  checks {timed_checks(document, args.repeat):.3f} s")
    big = hundred_pages(load(SAMPLES / "pdf" / "baojing-2019-dept.pdf"))
    print(f"{'100 pages (baojing x10)':41} {len(big.text):7d} chars  {timed(big, args.repeat):.3f} s")


if __name__ == "__main__":
    main()
