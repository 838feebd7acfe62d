"""Time one edit → full recalculation (scoring, change set, findings) through a ReviewSession.

A generated framework of 60 indicators (4 levels × 3 sub-levels × 5 indicators, mixed rules), a
generated report stating every base figure, and ≥1000 random edits of those figures.
Run: .venv/bin/python benchmarks/bench_recompute.py [--edits N]
Printed twice: scoring only, and scoring plus the consistency checks (run_checks) the session re-runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from decimal import Decimal

from core.documents.model import Document, Page
from core.extraction.model import Claim, Extraction, Figure, Loc, Meta
from core.frameworks.model import Framework, Indicator, Node, Rule, Variable
from core.review.session import ReviewSession

RULES = (
    Rule("deduct_per_point", {"target": 100, "side": "over", "k": "w/10"}),
    Rule("deduct_per_step", {"target": 100, "side": "under", "step": 5, "d": 2}),
    Rule("bands", {"bands": [["[-inf,0]", 1], ["(0,10]", 0.8], ["(10,20]", 0.6], ["(20,inf]", 0]]}),
    Rule("proportional", {}),
    Rule("qualitative", {"scale": "qual4"}),
)


def generated_framework() -> tuple[Framework, list[str]]:
    variables: dict[str, Variable] = {}
    roots = []
    n = 0
    for a in range(4):
        level2 = []
        for b in range(3):
            indicators = []
            for _ in range(5):
                n += 1
                rule = RULES[n % len(RULES)]
                formula = None
                if rule.type != "qualitative":
                    num, den = f"x{n}_actual", f"x{n}_planned"
                    variables[num] = Variable(num, f"实际数{n}", "万元")
                    variables[den] = Variable(den, f"计划数{n}", "万元")
                    formula = f"{num} / {den} * 100"
                name = f"指标{n}"
                path = (f"一级{a}", f"二级{a}{b}", name)
                kind = "qualitative" if rule.type == "qualitative" else "quantitative"
                indicators.append(Indicator(f"ind{n}", name, Decimal(1) + (n % 3), rule, path, formula, kind=kind))
            level2.append(Node(f"二级{a}{b}", sum((i.weight for i in indicators), Decimal(0)), indicators))
        roots.append(Node(f"一级{a}", sum((c.weight for c in level2), Decimal(0)), level2))
    framework = Framework("bench-60", "基准测试体系", "1", "部门整体支出", roots, variables)
    return framework, list(variables)


def generated_report(framework: Framework, variables: list[str]) -> tuple[Document, Extraction]:
    parts, figures, claims = [], [], []
    offset = 0
    for i, var in enumerate(variables):
        value = Decimal(100 if var.endswith("planned") else 90 + i % 20)
        quote = f"{framework.variables[var].label}{value}万元"
        figures.append(Figure(f"f{i}", var, framework.variables[var].label, value, "万元",
                              Loc(offset, offset + len(quote), None, quote)))
        parts.append(quote + "。")
        offset += len(quote) + 1
    for ind in framework.indicators():
        quote = f"{ind.name}（{ind.weight}分）得{ind.weight}分"
        claims.append(Claim(f"c{ind.id}", list(ind.path), ind.weight, ind.weight, None,
                            Loc(offset, offset + len(quote), None, quote), indicator=ind.id))
        parts.append(quote + "。")
        offset += len(quote) + 1
    text = "".join(parts)
    document = Document("bench.txt", "", "0" * 64, "txt", text, [Page(1, 0, len(text))], encoding="utf-8")
    meta = Meta(unit="基准单位", year=2024, kind="部门整体支出", claimed_total=Decimal(95), claimed_grade="优秀")
    return document, Extraction(meta, claims, figures)


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(len(sorted_ms) * q))]


def run(edits: int, with_checks: bool) -> None:
    framework, variables = generated_framework()
    document, extraction = generated_report(framework, variables)
    session = ReviewSession(document, extraction, framework, checker=None if with_checks else (lambda *a: []))
    rng = random.Random(7)
    timings: list[float] = []
    for _ in range(edits):
        var, value = rng.choice(variables), Decimal(rng.randint(50, 150))
        start = time.perf_counter_ns()
        session.set_value(var, value)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    undo_timings: list[float] = []
    while session.can_undo and len(undo_timings) < edits:
        start = time.perf_counter_ns()
        session.undo()
        undo_timings.append((time.perf_counter_ns() - start) / 1e6)
    label = "engine + change set + run_checks" if with_checks else "engine + change set (no checks)"
    for name, ms in (("edit", sorted(timings)), ("undo", sorted(undo_timings))):
        print(f"{label:34} {name}: n={len(ms)}  median {statistics.median(ms):.3f} ms  "
              f"p99 {percentile(ms, 0.99):.3f} ms  max {ms[-1]:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=1500)
    args = parser.parse_args()
    framework, variables = generated_framework()
    print(f"framework: {len(framework.indicators())} indicators, {len(variables)} variables; "
          f"{args.edits} random figure edits, then undo of each")
    run(args.edits, with_checks=False)
    run(args.edits, with_checks=True)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
