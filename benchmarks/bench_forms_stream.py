"""Time to find and read the 自评表 of web copies (core.forms.find on a loaded txt), and on hostile texts that
must stay linear: number lines, repeated heading words, many rows.

Run: python benchmarks/bench_forms_stream.py [--repeat N]
Targets: a web copy well under 0.05 s; every hostile text of a few MB within a few seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WEB = ROOT.parent / "shared" / "samples" / "forms" / "web"

HOSTILE = {
    "number lines (4 MB)": "1\n" * 2_000_000,
    "heading word per line (1 MB)": "三级指标\n" * 110_000,
    "header words repeated (2 MB)": "一级指标 二级指标 三级指标 分值 得分 " * 100_000,
    "100 000 rows (2 MB)": "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
                           + "产出指标 数量指标 办件数量 ≥100件 96件 10 9\n" * 100_000,
}


def timed(text: str, repeat: int) -> tuple[float, int]:
    from core.documents.model import Document, Page
    from core.forms.find import find_forms

    document = Document("bench", "bench.txt", "", "txt", text, [Page(1, 0, len(text))])
    runs, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = len(find_forms(document))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), found


def main() -> None:
    from core.documents import load

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'text':40} {'chars':>10} {'tables':>7} {'seconds':>9}")
    cases = [(path.name, load(path).text) for path in sorted(WEB.glob("*.txt"))]
    for name, text in cases + list(HOSTILE.items()):
        seconds, found = timed(text, args.repeat if len(text) < 100_000 else 1)
        print(f"{name:40} {len(text):>10} {found:>7} {seconds:>9.3f}")


if __name__ == "__main__":
    main()
