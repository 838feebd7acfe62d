"""Kill test: a review edited and saved again and again in a child process killed with SIGKILL at random
moments (POSIX only).

    .venv/bin/python tools/kill_test.py [--kills 100] [--seed 1] [--report PATH]

The child opens the review, then repeats: change one value; every third change it saves the review, the
others it autosaves. The parent lets it report a few edits, then kills it at a random moment. After each
kill it checks that the review on disk is a complete version (the last one the child reported saving, or
the one it was writing) and opens; that the autosave holds the edits since that save; and that opening the
review removes the temporary files the kill left. Prints the counts; exits 1 if any check failed. The
report defaults to a sample txt; the review is made in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAVE_EVERY = 3
DEFAULT_REPORT = ROOT.parent / "shared" / "samples" / "txt" / "kaoping-20xx-project.txt"

CHILD = """
import sys
from decimal import Decimal
sys.path.insert(0, {root!r})
from core.review.opening import open_review
session = open_review({review!r}).session
value = {start}
print("ready", flush=True)
while True:
    value += 1
    session.set_value({var!r}, Decimal(value))
    if value % {every} == 0:
        session.save()
        print("saved", value, flush=True)
    else:
        session.autosave()
        print("autosaved", value, flush=True)
"""


@dataclass
class Counts:
    kills: int = 0
    opened: int = 0  # the review on disk opened after the kill
    last_reported: int = 0  # it was the last save the child reported (or the first review)
    in_flight: int = 0  # it was the save the child was making when killed (renamed, not yet reported)
    recovered: int = 0  # the autosave held edits made since the last save
    left_temp_files: int = 0  # kills that left temporary files behind
    temp_files_after_open: int = 0
    saves_reported: int = 0
    failures: list[str] = field(default_factory=list)


def _reported(lines: list[str]) -> tuple[list[int], list[int]]:
    saved = [int(line.split()[1]) for line in lines if line.startswith("saved ")]
    autosaved = [int(line.split()[1]) for line in lines if line.startswith("autosaved ")]
    return saved, autosaved


def _kill_once(review: Path, var: str, start: int, rng: random.Random, counts: Counts, max_delay: float) -> int:
    """One child, killed at a random moment; returns the value the review on disk holds afterwards."""
    from core.review.files import autosave_path, interrupted_saves
    from core.review.opening import open_review
    from core.review.storage import ReviewFileError, read_review, recovery_candidate

    script = CHILD.format(root=str(ROOT), review=str(review), start=start, var=var, every=SAVE_EVERY)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    if child.stdout.readline().strip() != "ready":
        raise RuntimeError("the child did not open the review")
    # A few edits first, however slow the machine, then a random moment among the next writes.
    lines = [child.stdout.readline().strip() for _ in range(rng.randint(1, 2 * SAVE_EVERY))]
    time.sleep(rng.uniform(0.0, max_delay))
    child.send_signal(signal.SIGKILL)
    lines += child.communicate()[0].splitlines()
    counts.kills += 1
    saved, autosaved = _reported(lines)
    counts.saves_reported += len(saved)
    last_saved = max(saved, default=start)
    in_flight = (max(saved + autosaved, default=start) // SAVE_EVERY + 1) * SAVE_EVERY
    counts.left_temp_files += bool(interrupted_saves(review))
    try:
        on_disk = read_review(review).values[var].value
    except ReviewFileError as exc:
        counts.failures.append(f"kill {counts.kills}: the review does not open: {exc}")
        return start
    counts.opened += 1
    if on_disk == last_saved:
        counts.last_reported += 1
    elif on_disk == in_flight:
        counts.in_flight += 1
    else:
        counts.failures.append(f"kill {counts.kills}: review holds {on_disk}, saved {last_saved}, "
                               f"in flight {in_flight}")
    newest_edit = max(autosaved, default=start)
    if newest_edit > on_disk:
        candidate = recovery_candidate(review)
        recovered = read_review(candidate).values[var].value if candidate else None
        if recovered is None or recovered < newest_edit:
            counts.failures.append(f"kill {counts.kills}: autosave holds {recovered}, edits went to {newest_edit}")
        else:
            counts.recovered += 1
    if open_review(review).status != "ok":
        counts.failures.append(f"kill {counts.kills}: the review opened with another report")
    counts.temp_files_after_open += len(interrupted_saves(review))
    autosave_path(review).unlink(missing_ok=True)  # the reviewer declined recovery; the next child starts clean
    return int(on_disk)


def run(kills: int, report: Path, seed: int, folder: Path, max_delay: float = 0.1) -> Counts:
    """Copy `report` into `folder`, save a first review of it, then kill `kills` children, each a few edits
    and then up to `max_delay` seconds after opening the review."""
    from core.analysis import open_report

    source = folder / report.name
    shutil.copy(report, source)
    session = open_report(source)
    var = session.variable_ids()[0]
    session.set_value(var, Decimal(0))
    review = session.save()
    rng, counts, value = random.Random(seed), Counts(), 0
    for _ in range(kills):
        value = _kill_once(review, var, value, rng, counts, max_delay)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counts = run(args.kills, args.report, args.seed, Path(folder))
    for name, value in vars(counts).items():
        if name != "failures":
            print(f"{name:22} {value}")
    for failure in counts.failures:
        print("FAILED", failure)
    return 1 if counts.failures else 0


if __name__ == "__main__":
    sys.exit(main())
