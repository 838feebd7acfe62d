"""Time of each export of the baojing review (复核表 xlsx and pdf, 复核意见 docx and pdf, 批注版报告 pdf) as a
ratio to the analysis of the same report in the same run, warm: imports and font loading are done once before
timing. The 批注版 of a txt/docx/xlsx report includes typesetting it (try --report with a .txt).

Run: python benchmarks/bench_exports.py [--repeat N] [--report PATH]
"""

from __future__ import annotations

import argparse
import tempfile
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPORT = ROOT.parent / "shared" / "samples" / "pdf" / "baojing-2019-dept.pdf"
BUDGET = 3.0  # the four handed-in outputs together within 3 × the analysis (issue 14)


def interleaved_medians(jobs: dict[str, object], repeat: int) -> dict[str, float]:
    """Median seconds of each job, the jobs taking turns round by round: on a machine whose load changes, the
    analysis (the floor) and the exports see the same conditions."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()

    from core.analysis import open_report
    from core.exports.facts import review_facts
    from core.exports.opinion import opinion_for
    from core.exports.opinion_docx import docx_bytes
    from core.exports.opinion_pdf import pdf_bytes
    from core.exports.sheet import sheet_bytes
    from core.exports.writing import export_all, render, snapshot

    session = open_report(args.report, reviewer="张三")
    warm = review_facts(session)
    sheet_bytes(warm), docx_bytes(opinion_for(session, warm)), pdf_bytes(opinion_for(session, warm))
    render("annotated_pdf", snapshot(session)), render("sheet_pdf", snapshot(session))

    with tempfile.TemporaryDirectory() as folder:
        targets = {kind: Path(folder) / f"out.{kind}" for kind in ("xlsx", "docx", "pdf", "annotated_pdf")}
        medians = interleaved_medians({
            "analysis": lambda: open_report(args.report),
            "复核表 xlsx": lambda: sheet_bytes(review_facts(session)),
            "复核意见 docx": lambda: docx_bytes(opinion_for(session, review_facts(session))),
            "复核意见 pdf": lambda: pdf_bytes(opinion_for(session, review_facts(session))),
            "复核表 pdf": lambda: render("sheet_pdf", snapshot(session)),
            "批注版报告 pdf": lambda: render("annotated_pdf", snapshot(session)),
            "all four written": lambda: export_all(session, targets),
        }, args.repeat)
    analysis = medians.pop("analysis")
    total = medians.pop("all four written")
    print(f"{args.report.name}: analysis {analysis * 1000:.0f} ms (median of {args.repeat}, interleaved with the exports)")
    for name, seconds in medians.items():
        print(f"  {name:<14} {seconds * 1000:7.1f} ms  {seconds / analysis:5.2f} × analysis")
    verdict = "within" if total <= BUDGET * analysis else "OVER"
    print(f"  all four written {total * 1000:7.1f} ms  {total / analysis:5.2f} × analysis ({verdict} {BUDGET:g}×)")

if __name__ == "__main__":
    main()
