"""The time and memory one analysis may take. Loading and extraction check it at their loop heads, so a
hostile or absurd input ends with 错误[TOO_COMPLEX] instead of a hang; the steps that run inside C
libraries (pdfium, pdfplumber) are bounded by a child process instead (core.documents.isolated).

The budget lives in a context variable: whoever starts a step (the command line, a window job) opens
`budget()` once and every loop below it checks without being handed an object. Budgets nest: an inner
one never outlives the outer one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from core.errors import CodedError
from core.process_memory import peak_rss_kb

ANALYSIS_SECONDS = 20.0
# Growth of the process's peak resident memory an analysis may cause (core.process_memory).
ANALYSIS_MEMORY_BYTES = 768 * 1024 * 1024
# Memory is checked at most this often: reading the peak RSS is a system call.
_MEMORY_CHECK_SECONDS = 0.1


class TooComplex(CodedError):
    """The analysis would exceed its time or memory budget (cli.md TOO_COMPLEX)."""

    def __init__(self, message: str):
        super().__init__("TOO_COMPLEX", message)


@dataclass
class Budget:
    deadline: float  # time.monotonic() value
    seconds: float
    memory_ceiling_kb: int | None  # peak RSS in KiB the analysis may reach
    memory_checked: float = 0.0  # time.monotonic() of the last memory check

    def check(self) -> None:
        now = time.monotonic()
        if now > self.deadline:
            raise TooComplex(f"报告过于复杂，分析超过 {self.seconds:.0f} 秒的时间上限，已停止。"
                             "请检查文件是否为正常的绩效自评报告，或拆分后再打开。")
        if self.memory_ceiling_kb is None or now - self.memory_checked < _MEMORY_CHECK_SECONDS:
            return
        self.memory_checked = now
        if peak_rss_kb() > self.memory_ceiling_kb:
            raise TooComplex(f"报告过于复杂，分析所需内存超过 {ANALYSIS_MEMORY_BYTES // 1024 ** 2} MB 的上限，已停止。"
                             "请检查文件是否为正常的绩效自评报告，或拆分后再打开。")

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())


_current: ContextVar[Budget | None] = ContextVar("analysis_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float = ANALYSIS_SECONDS) -> Iterator[Budget]:
    """Run the block under a budget of `seconds` (or the enclosing budget, when that ends sooner)."""
    outer = _current.get()
    deadline = time.monotonic() + seconds
    if outer is not None and outer.deadline <= deadline:
        yield outer
        return
    peak = peak_rss_kb()
    current = Budget(deadline, seconds, None if peak is None else peak + ANALYSIS_MEMORY_BYTES // 1024)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


def check() -> None:
    """Raise TooComplex once the running analysis is over its budget; nothing without a budget."""
    current = _current.get()
    if current is not None:
        current.check()


def remaining(default: float = ANALYSIS_SECONDS) -> float:
    """Seconds left in the running budget (`default` without one): the timeout of a child process."""
    current = _current.get()
    return default if current is None else current.remaining()
