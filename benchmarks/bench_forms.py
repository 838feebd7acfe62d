"""Time to find and read the 自评表 of a loaded document (core.forms.find_forms), per development table and
form, and on a long table copied as text.

Run: python benchmarks/bench_forms.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMS = ROOT.parent / "shared" / "samples" / "forms"
LONG_ROWS = 2000  # indicator rows of the long copied table


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def long_copied_table() -> str:
    header = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    rows = "".join(f"\t产出指标\t数量指标\t指标{n}:完成事项{n}\t≥{n}件\t{n}件\t1\t1\t\n" for n in range(LONG_ROWS))
    return "项目支出绩效自评表\n（2023年度）\n" + header + rows + "总分\t\t\t\t\t\t100\t100\t\n"


def main(argv: list[str] | None = None) -> int:
    from core.documents import load
    from core.documents.model import Document, Page
    from core.forms.find import find_forms

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'table':40} {'form':5} {'rows':>5} {'ms':>8}")
    for path in sorted(p for form in ("xlsx", "docx", "pdf", "txt") for p in (FORMS / form).glob("*-form.*")):
        document = load(path)
        rows = sum(len(f.indicators) + len(f.funds) for f in find_forms(document))
        seconds = best_of(args.repeat, lambda document=document: find_forms(document))
        print(f"{path.stem:40} {path.suffix[1:]:5} {rows:5} {seconds * 1000:8.2f}")
    text = long_copied_table()
    document = Document("long.txt", "long.txt", "", "txt", text, [Page(1, 0, len(text))])
    rows = sum(len(f.indicators) for f in find_forms(document))
    seconds = best_of(args.repeat, lambda: find_forms(document))
    print(f"{'long copied table':40} {'txt':5} {rows:5} {seconds * 1000:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
