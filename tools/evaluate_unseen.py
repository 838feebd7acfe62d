"""Score extraction and findings on reports written blind (tests/unseen_reports, tests/unseen_reports2), by
the rules of tools/evaluate.py (samples/gold/README): one table per rendition (txt, docx, pdf — whichever the
folder holds for a report), one row per report, then the overall figures.

    .venv/bin/python tools/evaluate_unseen.py [--dir tests/unseen_reports2] [--ids a,b] [--json] [-v]
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
RENDITIONS = ("txt", "docx", "pdf")


@dataclass(frozen=True)
class UnseenSet(evaluate.GoldSet):
    """Each gold file sits beside its report's renditions, `<id>.json` next to `<id>.txt`, `<id>.docx` …"""

    folder: Path = UNSEEN

    def source(self, gold: dict, form: str) -> Path:
        return self.folder / f"{gold['id']}.{form}"


def unseen_set(folder: Path) -> UnseenSet:
    forms = tuple(form for form in RENDITIONS if any(folder.glob(f"*.{form}")))
    return UnseenSet(folder.name, forms, tuple(sorted(folder.glob("*.json"))), folder)


UNSEEN_SET = unseen_set(UNSEEN)


def evaluate_unseen(ids: list[str] | None, folder: Path = UNSEEN) -> dict:
    """`<folder name>/<rendition>` → its rows and overall figures."""
    gold_set = unseen_set(folder)
    report = {}
    for form in gold_set.forms:
        rows, total = evaluate.evaluate_form(gold_set, form, ids)
        if rows:
            report[f"{gold_set.name}/{form}"] = {"samples": rows, "overall": {**total.figures(), "misses": total.misses}}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score reports written blind against their gold files.")
    parser.add_argument("--dir", type=Path, default=UNSEEN, help="folder of <id>.json with its renditions")
    parser.add_argument("--ids", default="")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = evaluate_unseen([i for i in args.ids.split(",") if i] or None, args.dir.resolve())
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        evaluate.print_table(report, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
