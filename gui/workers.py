"""Background jobs (load, extract, export) on a thread pool, so the UI thread never waits on core work."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

# pdfium is not thread-safe, even across documents: the core's PDF loader (run in jobs) and the page
# renderer (its own thread) take turns through this lock.
PDFIUM_LOCK = threading.Lock()
# Every Qt virtual call into Python (model data, paint and event overrides) needs the GIL, and a busy job
# thread gives it up only at the switch interval, and a first paint makes over a thousand such calls: at
# the default 5 ms an open stalled the window for 100–160 ms, at 1 ms the first open of a session still
# for 90–140 ms; 0.2 ms keeps every open of the samples under 100 ms without slowing the open measurably.
GIL_SWITCH_INTERVAL = 0.0002


class JobSignals(QObject):
    finished = Signal(object, object)  # the job, the function's return value
    failed = Signal(object, object)  # the job, the exception
    progressed = Signal(object, int, int, str)  # the job, steps done, steps in all, what it is doing


class Job(QRunnable):
    """Runs `fn()` once, or `fn(job.report)` when `reports_progress`. Cancelling drops the result; a job
    that reports progress also stops at its next report (LoadCancelled ends it quietly)."""

    def __init__(self, label: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
                 on_error: Callable[[Exception], None], uses_pdfium: bool = True, reports_progress: bool = False):
        super().__init__()
        self.uses_pdfium = uses_pdfium
        self.reports_progress = reports_progress
        self.on_done = on_done
        self.on_error = on_error
        self.setAutoDelete(False)  # the owner keeps the job to cancel it and to read its state
        self.label = label
        self.fn = fn
        self.cancelled = False
        self.signals = JobSignals()

    def run(self) -> None:
        from core.documents.model import LoadCancelled

        try:
            if self.uses_pdfium:
                with PDFIUM_LOCK:
                    value = self._call()
            else:
                value = self._call()
        except LoadCancelled:
            return
        except Exception as exc:  # noqa: BLE001 -- every failure goes to the UI as a message
            exc.trace = traceback.format_exc()
            if not self.cancelled:
                self.signals.failed.emit(self, exc)
            return
        if not self.cancelled:
            self.signals.finished.emit(self, value)

    def _call(self) -> Any:
        return self.fn(self.report) if self.reports_progress else self.fn()

    def report(self, done: int, total: int, text: str = "") -> None:
        """Called by the job's function on the job thread; raises LoadCancelled once the job is cancelled."""
        from core.documents.model import LoadCancelled

        if self.cancelled:
            raise LoadCancelled()
        self.signals.progressed.emit(self, done, total, text)

    def cancel(self) -> None:
        self.cancelled = True


class _Preload(QRunnable):
    """Work whose result nobody waits for (warming imports): no signals, so nothing is emitted towards a
    window that may already be closed when it ends."""

    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            self.fn()
        except Exception:  # noqa: BLE001 -- a failed warm-up only means the first open does the work
            pass


class JobRunner(QObject):
    """One job at a time; `busyChanged(label or "")` and `progressChanged` drive the progress bar."""

    busyChanged = Signal(str)
    progressChanged = Signal(int, int, str)  # steps done, steps in all, what the job is doing
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.current: Job | None = None

    def start(self, label: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
              on_error: Callable[[Exception], None], uses_pdfium: bool = True, reports_progress: bool = False) -> Job:
        """`uses_pdfium=False` lets pages render while the job runs (analysis of a loaded Document);
        `reports_progress` passes `fn` the job's `report(done, total, text)`."""
        self.cancel(quietly=True)
        job = Job(label, fn, on_done, on_error, uses_pdfium, reports_progress)
        # Slots of this object (which lives in the UI thread) make the delivery a queued call.
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.progressed.connect(self._on_progressed)
        self.current = job
        self.busyChanged.emit(label)
        self.pool.start(job)
        return job

    def _on_finished(self, job: Job, value: Any) -> None:
        self._finish(job, job.on_done, value)

    def _on_progressed(self, job: Job, done: int, total: int, text: str) -> None:
        if job is self.current and not job.cancelled:
            self.progressChanged.emit(done, total, text)

    def _on_failed(self, job: Job, exc: Exception) -> None:
        self._finish(job, job.on_error, exc)

    def _finish(self, job: Job, callback: Callable[[Any], None], value: Any) -> None:
        if job is not self.current or job.cancelled:
            return
        self.current = None
        self.busyChanged.emit("")
        callback(value)

    def preload(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the job thread ahead of any later job; its result and errors are ignored."""
        self.pool.start(_Preload(fn))

    def cancel(self, quietly: bool = False) -> None:
        """Drop the current job's result; `cancelled` tells the window unless another job replaces it."""
        if self.current is not None:
            self.current.cancel()
            self.current = None
            self.busyChanged.emit("")
            if not quietly:
                self.cancelled.emit()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)
