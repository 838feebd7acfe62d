"""Reading (with every check), saving and planning the open of a review file of a real report, with a
long edit history; prints best wall and CPU milliseconds.

Usage: python benchmarks/bench_review_file.py [--repeat N] [--edits N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
sys.path.insert(0, str(ROOT))

from core.analysis import open_report  # noqa: E402
from core.review.opening import plan_open  # noqa: E402
from core.review.storage import read_review  # noqa: E402


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall and CPU milliseconds of `repeat` calls (CPU time is steadier on a shared machine)."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall * 1000, best_cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edits", type=int, default=500, help="edits in the review's history")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.docx"
        shutil.copy(SAMPLES / "docx" / "wugang-2020-dept.docx", report)
        session = open_report(report)
        var = session.variable_ids()[0]
        for value in range(args.edits):
            session.set_value(var, Decimal(value))
        path = session.save()
        print(f"review file: {path.stat().st_size // 1024} KB, {len(session.history)} history entries, "
              f"{len(session.framework.indicators())} indicators")
        print(f"{'step':<36} {'wall ms':>9} {'cpu ms':>9}")
        for label, fn in (("read_review (decode + all checks)", lambda: read_review(path)),
                          ("save (atomic, fsync)", lambda: session.save()),
                          ("plan_open (which review, recovery)", lambda: plan_open(report))):
            wall, cpu = best(fn, args.repeat)
            print(f"{label:<36} {wall:>9.1f} {cpu:>9.1f}")


if __name__ == "__main__":
    main()
