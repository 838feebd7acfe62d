"""Score extraction and findings on the reports written blind in tests/unseen_reports, by the rules of
tools/evaluate.py (samples/gold/README): one row per report, then the overall figures.

    .venv/bin/python tools/evaluate_unseen.py [--ids a,b] [--json] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaluate  # noqa: E402  (tools/ is not a package)

UNSEEN = evaluate.ROOT / "tests" / "unseen_reports"


@dataclass(frozen=True)
class UnseenSet(evaluate.GoldSet):
    """Each gold file sits beside its report, `<id>.json` next to `<id>.txt`."""

    def source(self, gold: dict, form: str) -> Path:
        return UNSEEN / f"{gold['id']}.{form}"


UNSEEN_SET = UnseenSet("unseen", ("txt",), tuple(sorted(UNSEEN.glob("*.json"))))


def evaluate_unseen(ids: list[str] | None) -> dict:
    rows, total = evaluate.evaluate_form(UNSEEN_SET, "txt", ids)
    return {"unseen/txt": {"samples": rows, "overall": {**total.figures(), "misses": total.misses}}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the blind-written reports of tests/unseen_reports.")
    parser.add_argument("--ids", default="")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = evaluate_unseen([i for i in args.ids.split(",") if i] or None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        evaluate.print_table(report, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
