"""xlsx 自评表: our load and the whole in-process analysis against openpyxl's own load_workbook, same run;
then a generated workbook at the size caps' scale (rows × 50 columns of numbers and text, merged blocks).

The target (issue 13): analysing a workbook costs at most 2× openpyxl's load_workbook of it.
Usage: python benchmarks/bench_xlsx.py [--repeat N] [--rows R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS_XLSX = ROOT.parent / "shared" / "samples" / "forms" / "xlsx"
sys.path.insert(0, str(ROOT))

from core.analysis import open_report, to_json  # noqa: E402
from core.documents import load  # noqa: E402


def best_cpu_ms(action, repeat: int) -> float:
    """Best CPU milliseconds of `repeat` runs (CPU time is steadier than wall time on a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20, help="best of N runs per measurement")
    parser.add_argument("--rows", type=int, default=1900, help="rows of the generated workbook (50 columns)")
    args = parser.parse_args()
    import openpyxl

    paths = sorted(FORMS_XLSX.glob("*.xlsx"))
    for path in paths:  # warm-up: imports, framework files, caches
        to_json(open_report(path))
    print(f"{'workbook':<44} {'openpyxl ms':>11} {'load ms':>8} {'ratio':>6} {'analyse ms':>10} {'ratio':>6}")
    for path in paths:
        baseline = best_cpu_ms(lambda path=path: openpyxl.load_workbook(path), args.repeat)
        loaded = best_cpu_ms(lambda path=path: load(path), args.repeat)
        analysed = best_cpu_ms(lambda path=path: to_json(open_report(path)), args.repeat)
        print(f"{path.name:<44} {baseline:>11.1f} {loaded:>8.1f} {loaded / baseline:>6.2f} "
              f"{analysed:>10.1f} {analysed / baseline:>6.2f}")
    with tempfile.TemporaryDirectory() as folder:
        big = generated_workbook(Path(folder) / "big.xlsx", args.rows)
        baseline = best_cpu_ms(lambda: openpyxl.load_workbook(big), 3)
        loaded = best_cpu_ms(lambda: load(big), 3)
        print(f"{f'generated {args.rows} × 50':<44} {baseline:>11.1f} {loaded:>8.1f} {loaded / baseline:>6.2f}")


def generated_workbook(path: Path, rows: int) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        sheet.append([f"指标{row}-{col}" if col % 5 == 0 else row * col / 7 for col in range(50)])
        if row % 10 == 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row + 9, end_column=1)
    workbook.save(path)
    return path


if __name__ == "__main__":
    main()
