"""The peak resident memory of this process, in KiB, on Linux, macOS and Windows (None where it cannot be
read): what the analysis budget (core.analysis_budget) compares against its ceiling.

Windows has no `resource` module; its peak working set comes from K32GetProcessMemoryInfo (kernel32 since
Windows 7) through ctypes, so the ordinary office PC gets the same memory bound as Linux."""

from __future__ import annotations

import sys
from functools import cache


def peak_rss_kb() -> int | None:
    if sys.platform == "win32":
        return _windows_peak_kb()
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes, Linux KiB


def _windows_peak_kb() -> int | None:
    query = _windows_query()
    if query is None:
        return None
    get_info, process, counters = query
    if not get_info(process, counters, counters.cb):
        return None
    return counters.PeakWorkingSetSize // 1024


@cache
def _windows_query():
    """K32GetProcessMemoryInfo bound once (the budget asks every 0.1 s): the call, this process's handle and
    the PROCESS_MEMORY_COUNTERS it fills; None where the call does not exist."""
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):  # PROCESS_MEMORY_COUNTERS
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                    ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t), ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                    ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t)]

    try:
        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        get_info = kernel32.K32GetProcessMemoryInfo
        get_info.argtypes = [wintypes.HANDLE, ctypes.POINTER(Counters), wintypes.DWORD]
    except (OSError, AttributeError):  # a stripped-down system without the call: the time budget still holds
        return None
    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    return get_info, kernel32.GetCurrentProcess(), counters
