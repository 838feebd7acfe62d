"""What the bounds cost and what they stop: the PDF child process against an in-process read, analysis
time of long generated texts (extraction must stay linear), and how fast a huge text is refused.

Run: .venv/bin/python benchmarks/bench_bounds.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
sys.path.insert(0, str(ROOT))


def median_seconds(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `repeat` calls (CPU time is steadier on a shared machine). Each call
    gets fresh extraction caches: a reviewer opens a report once."""
    walls, cpus = [], []
    for _ in range(repeat):
        _clear_text_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _clear_text_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith(("core.extraction", "core.checks")):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()


def pdf_paths(repeat: int) -> None:
    from core.analysis import open_report
    from core.documents.isolated import load_pdf_bounded, load_pdf_in_child

    path = SAMPLES / "pdf" / "baojing-2019-dept.pdf"
    data = path.read_bytes()
    rows = (("in-process read (the normal path)", lambda: load_pdf_bounded(data, None, None)),
            ("child-process read", lambda: load_pdf_in_child(data, None, None)),
            ("whole analysis (open_report)", lambda: open_report(path)))
    for label, fn in rows:
        wall, cpu = median_seconds(fn, repeat)
        print(f"{path.name} {label:<36} wall {wall * 1000:7.0f} ms   parent cpu {cpu * 1000:6.0f} ms")


def long_texts(repeat: int, folder: Path) -> None:
    from core.analysis import open_report

    line = "（2）预算控制率(5分)\n"
    texts = {
        "one score line repeated": line * (460 * 1024 // len(line.encode("utf-8"))),
        "ledger of number lines": "".join(f"第{n}项 {n * 7} 万元 {n % 100}%\n" for n in range(1, 23000)),
    }
    for label, text in texts.items():
        for size_kb in (115, 230, 460):
            path = folder / f"{size_kb}.txt"
            path.write_text(text[: len(text) * size_kb // 460], encoding="utf-8")
            wall, cpu = median_seconds(lambda path=path: open_report(path), repeat)
            print(f"{label:<26} {path.stat().st_size // 1024:4d} KB   wall {wall:6.2f} s   cpu {cpu:6.2f} s")


def huge_text(folder: Path) -> None:
    from core.documents import DocumentError, load

    path = folder / "huge.txt"
    path.write_bytes((SAMPLES / "txt" / "baojing-2019-dept.txt").read_bytes() * 3400)
    start = time.perf_counter()
    try:
        load(path)
        outcome = "loaded"
    except DocumentError as exc:
        outcome = exc.code
    print(f"{path.stat().st_size // 1024 ** 2} MB text: {outcome} after {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdf_paths(args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        long_texts(args.repeat, Path(folder))
        huge_text(Path(folder))


if __name__ == "__main__":
    main()
