"""Time of the 自评表's own checks (R1–R11) and of scoring it by its own framework, per development table
and form (the table already read; loading and extraction are bench_extraction's).

Run: python benchmarks/bench_form_checks.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FORMS = ROOT.parent / "shared" / "samples" / "forms"


def _median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from core.checks.forms import check_form
    from core.documents import load
    from core.extraction import extract
    from core.forms.framework import form_framework
    from core.scoring.engine import compute

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    print(f"{'table':44} {'rows':>4} {'checks ms':>10} {'framework ms':>13} {'score ms':>9}")
    for path in sorted(p for form in ("txt", "docx", "xlsx", "pdf") for p in (FORMS / form).glob(f"*.{form}")):
        forms = extract(load(path)).forms
        if not forms:
            print(f"{path.parent.name + '/' + path.name:44} not read as a 自评表")
            continue
        form = forms[0]
        framework = form_framework(form)
        checks = _median_ms(partial(check_form, form), repeat)
        building = _median_ms(partial(form_framework, form), repeat)
        scoring = _median_ms(partial(compute, framework, {}), repeat)
        print(f"{path.parent.name + '/' + path.name:44} {len(form.indicators):>4} {checks:>10.2f} {building:>13.2f}"
              f" {scoring:>9.2f}")


if __name__ == "__main__":
    main()
