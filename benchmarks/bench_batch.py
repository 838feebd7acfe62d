"""Batch throughput: reports per second for a season of distinct files on 1 and 2 worker processes, and the
peak memory (RSS) of a worker. The season is the development samples of every form plus copies made
distinct: txt samples rewritten by tools/perturb.py's meaning-preserving perturbations, docx/xlsx with a
zip comment, PDFs with a trailing comment line (each still a valid file; every one is analysed, nothing
skipped). Review files are written as in a real run.

Run: python benchmarks/bench_batch.py [--count 500] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"
SOURCE_FOLDERS = ("txt", "docx", "pdf", "forms")


def sources() -> list[Path]:
    from core.batch.discover import find_reports

    return find_reports([SAMPLES / f for f in SOURCE_FOLDERS])


def make_season(target: Path, count: int) -> list[Path]:
    """`count` distinct report files under `target`, cycling through the samples."""
    from core.documents.txt import decode_text
    from tools.perturb import random_combination

    originals = sources()
    made = []
    for index in range(count):
        source = originals[index % len(originals)]
        copy = target / f"{index:04d}-{source.name}"
        suffix = source.suffix.lower()
        if index < len(originals):
            shutil.copy(source, copy)
        elif suffix == ".txt":
            text = decode_text(source.read_bytes())[0]
            copy.write_text(random_combination(index).apply(text, seed=index), encoding="utf-8")
        elif suffix in {".docx", ".xlsx"}:
            shutil.copy(source, copy)
            with zipfile.ZipFile(copy, "a") as archive:
                archive.comment = f"bench copy {index}".encode()
        else:
            copy.write_bytes(source.read_bytes() + f"\n%bench copy {index}\n".encode())
        made.append(copy)
    return made


def run_once(folder: Path, jobs: int, exports: bool) -> None:
    """Child mode: one batch, then its figures on one line."""
    from core.batch import BatchOptions, run_batch

    out = folder.parent / f"summary-{jobs}.xlsx"
    exports_dir = folder.parent / f"exports-{jobs}" if exports else None
    start = time.perf_counter()
    result = run_batch(BatchOptions([str(folder)], out, jobs=jobs, reuse=False, exports_dir=exports_dir))
    elapsed = time.perf_counter() - start
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    failed = sum(1 for r in result.rows if r.failed)
    print(f"{jobs}\t{len(result.rows)}\t{failed}\t{elapsed:.1f}\t{worker_kib / 1024:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--exports", action="store_true", help="also write the four outputs of every report")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_once(Path(args.child[0]), int(args.child[1]), args.exports)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "season"
        folder.mkdir()
        made = make_season(folder, args.count)
        print(f"season: {len(made)} distinct files from {len(sources())} samples "
              f"({', '.join(sorted({p.suffix for p in made}))})")
        print("jobs\treports\tfailed\tseconds\treports/s\tworker peak RSS (MB)")
        for jobs in (int(j) for j in args.jobs.split(",")):
            # a fresh process per configuration, so that the children's peak RSS is this run's alone
            command = [sys.executable, __file__, "--child", str(folder), str(jobs)] + (["--exports"] if args.exports else [])
            line = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            jobs_, reports, failed, seconds, rss = line.split("\t")
            print(f"{jobs_}\t{reports}\t{failed}\t{seconds}\t{int(reports) / float(seconds):.1f}\t\t{rss}")


if __name__ == "__main__":
    main()
