"""Start-up to a usable window, and opening a report to a filled indicator table (prints seconds).

    python benchmarks/bench_startup.py [REPORT] [--runs N] [--stalls]

Each run is a fresh interpreter, so imports count: the clock starts before Python starts and stops
when the window has painted (start-up) or when the indicator table has rows and the first page is on
screen (open). Runs offscreen unless QT_QPA_PLATFORM says otherwise. `--stalls` also opens every
sample (txt, docx, pdf) in one window and prints the longest time the UI thread went without running
its event loop during each open (a 10 ms timer's longest gap; target < 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPORT = ROOT.parent / "shared" / "samples" / "pdf" / "baojing-2019-dept.pdf"

CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtTest import QTest
from gui.app import create_application
from gui.main_window import MainWindow
app = create_application(sys.argv[:1])
settings = QSettings({settings!r}, QSettings.Format.IniFormat)
settings.setValue("reviewer/name", "基准测试")  # the window would otherwise ask for the reviewer mid-measurement
window = MainWindow(settings)
window.show()
QTest.qWaitForWindowExposed(window, 5000)
print("ready", time.perf_counter(), flush=True)
heavy = [m for m in ("pandas", "pdfplumber", "reportlab", "openpyxl", "docx") if m in sys.modules]
print("heavy", ",".join(heavy) or "-", flush=True)
report = {report!r}
if {warm!r}:
    QTest.qWait(50)  # lets showEvent start the warm-up
    window.jobs.wait()
if report:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    start = time.perf_counter()
    window.open_path(report)
    def filled():
        if window.session is None or window.review_pane.indicators.rowCount() == 0:
            return False
        view = window.document_pane.view()
        return window.session.document.format != "pdf" or view.visible_pages_rendered()
    # An event loop polled by a timer, not QTest.qWait: PySide keeps the GIL while qWait sleeps, which
    # would starve the job thread and measure the benchmark instead of the window.
    loop = QEventLoop()
    poll = QTimer(interval=5)
    poll.timeout.connect(lambda: filled() and loop.quit())
    poll.start()
    loop.exec()
    print("opened", time.perf_counter() - start, flush=True)
window.close()
"""


STALL_CHILD = r"""
import sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from gui.app import create_application
from gui.main_window import MainWindow
for kind in ("question", "information", "warning", "critical"):
    setattr(QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
app = create_application(sys.argv[:1])
settings = QSettings({settings!r}, QSettings.Format.IniFormat)
settings.setValue("reviewer/name", "基准测试")  # the window would otherwise ask for the reviewer mid-measurement
window = MainWindow(settings)
window.resize(1366, 768)
window.show()
QTest.qWaitForWindowExposed(window, 5000)
last, gaps = [None], []
def tick():
    now = time.perf_counter()
    if last[0] is not None:
        gaps.append(now - last[0])
    last[0] = now
timer = QTimer(interval=10)
timer.timeout.connect(tick)
timer.start()
def spin(condition, settle_ms):
    loop = QEventLoop()
    poll = QTimer(interval=5)
    poll.timeout.connect(lambda: condition() and loop.quit())
    poll.start()
    loop.exec()
    poll.stop()
    QTimer.singleShot(settle_ms, loop.quit)
    loop.exec()
for path in {paths!r}:
    previous = window.session
    gaps.clear()
    window.open_path(path)
    spin(lambda: window.session is not None and window.session is not previous, 200)
    print("stall", path, max(gaps), flush=True)
    window.session.mark_saved()
window.close()
"""


def longest_stalls(settings: str) -> list[tuple[str, float]]:
    samples = ROOT.parent / "shared" / "samples"
    paths = [str(p) for form in ("txt", "docx", "pdf") for p in sorted((samples / form).glob(f"*.{form}"))]
    code = STALL_CHILD.format(root=str(ROOT), settings=settings, paths=paths)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=600, check=False)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    return [(Path(line.split()[1]).name, float(line.split()[2])) for line in proc.stdout.splitlines()
            if line.startswith("stall ")]


def run_child(report: str | None, settings: str, warm: bool = False) -> dict[str, float | str]:
    """`warm`: open once the window's background warm-up of the core has finished (a user choosing a
    file takes longer than that); otherwise open immediately after start-up (command-line path)."""
    code = CHILD.format(root=str(ROOT), report=report, settings=settings, warm=warm)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    launched = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    out: dict[str, float | str] = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "ready":
            out["startup"] = float(value) - launched  # perf_counter is system-wide monotonic on Linux/Windows
        elif key == "opened":
            out["open"] = float(value)
        elif key == "heavy":
            out["heavy"] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", nargs="?", default=str(DEFAULT_REPORT))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stalls", action="store_true", help="also measure UI-thread stalls on every sample")
    args = parser.parse_args()
    settings = str(ROOT / "out" / "bench-settings.ini")
    startups, opens, warm_opens, heavy = [], [], [], set()
    for _ in range(args.runs):
        startups.append(run_child(None, settings)["startup"])
        result = run_child(args.report, settings)
        opens.append(result["open"])
        heavy.add(result["heavy"])
        warm_opens.append(run_child(args.report, settings, warm=True)["open"])
    print(f"start-up to usable window: median {statistics.median(startups):.3f} s "
          f"(runs: {', '.join(f'{s:.3f}' for s in startups)}; target < 1 s)")
    name = Path(args.report).name
    print(f"open {name} to filled table, right after start-up: median {statistics.median(opens):.3f} s "
          f"(runs: {', '.join(f'{s:.3f}' for s in opens)}; target < 1.5 s)")
    print(f"open {name} to filled table, after warm-up: median {statistics.median(warm_opens):.3f} s "
          f"(runs: {', '.join(f'{s:.3f}' for s in warm_opens)}; target < 1.5 s)")
    print(f"heavy modules imported at start-up: {', '.join(sorted(heavy))}")
    if args.stalls:
        stalls = longest_stalls(settings)
        for name, seconds in stalls:
            print(f"longest UI-thread stall opening {name}: {seconds * 1000:.0f} ms")
        worst = max(stalls, key=lambda pair: pair[1])
        print(f"worst UI-thread stall: {worst[1] * 1000:.0f} ms ({worst[0]}; target < 100 ms)")


if __name__ == "__main__":
    main()
