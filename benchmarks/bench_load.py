"""Load time per page for every txt/docx/pdf sample and a generated 100-page PDF, plus peak memory.

Usage: python benchmarks/bench_load.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import runpy
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
sys.path.insert(0, str(ROOT))

from core.documents import load  # noqa: E402


def timed_load(path: Path, repeat: int) -> tuple[float, float, object]:
    """Best wall and CPU seconds of `repeat` loads (CPU time is steadier on a shared machine)."""
    best_wall = best_cpu = float("inf")
    document = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        document = load(path)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, document


def report(label: str, path: Path, repeat: int) -> None:
    wall, cpu, document = timed_load(path, repeat)
    pages = len(document.pages)
    print(f"{label:<44} {document.format:<5} {pages:>4} {len(document.text):>7} {len(document.tables):>3} "
          f"{wall * 1000:>9.1f} {cpu * 1000:>9.1f} {wall * 1000 / pages:>9.2f}")


def peak_memory(path: Path) -> float:
    """Peak Python-heap MiB while loading `path` (pdfium's native buffers are not traced)."""
    tracemalloc.start()
    load(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="best of N loads per file")
    args = parser.parse_args()
    print(f"{'file':<44} {'fmt':<5} {'pages':>4} {'chars':>7} {'tbl':>3} {'wall ms':>9} {'cpu ms':>9} {'ms/page':>9}")
    for form in ("txt", "docx", "pdf", "scanned"):
        for path in sorted((SAMPLES / form).iterdir()):
            report(f"{form}/{path.name}", path, args.repeat)
    make_big_pdf = runpy.run_path(str(ROOT / "tools" / "make_big_pdf.py"))["make_big_pdf"]
    with tempfile.TemporaryDirectory() as folder:
        big = make_big_pdf(Path(folder) / "big100.pdf", 100)
        report("generated 100-page pdf", big, args.repeat)
        print(f"peak traced Python memory, 100-page pdf: {peak_memory(big):.1f} MiB")
    print(f"peak resident set size of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
