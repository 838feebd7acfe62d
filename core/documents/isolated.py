"""Reading a PDF in a child process, with a timeout and an address-space cap.

pdfium is C and pdfminer parses a whole page before it returns: neither comes back to the budget checks
often enough to stop a hostile file, and a thread cannot be stopped inside them. A child process can be
killed and given a memory cap. It costs a fresh interpreter that imports the PDF libraries: a 10-page report
takes 130 ms in a child against 39 ms in-process on a quiet machine, 0.5-1.8 s against 0.13-0.45 s on a
loaded one (benchmarks/bench_bounds.py). So `load_pdf_bounded` reads small files in-process under a short
budget and hands a file to the child only when it is large or when that short budget runs out.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback

from core.analysis_budget import TooComplex, allow, budget, remaining
from core.documents.builder import Content
from core.documents.model import GET_COMPLETE_FILE, SPLIT_OR_SHRINK, DocumentError, ProgressCallback

# Files above this size go straight to the child (a 10-page report is ~0.3 MB, a 200-page one ~10 MB).
ISOLATE_ABOVE_BYTES = 16 * 1024 * 1024
# Time an in-process read may take before it is abandoned and redone in the child.
IN_PROCESS_SECONDS = 4.0
# The child's address space: the PDF libraries need ~100 MB; the rest is for the file and its pages.
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
# OCR (onnxruntime's thread pools and arenas, OpenCV) reserves ~2 GB of address space for ~0.9 GB resident;
# the child may grow by this once a scanned page is to be read.
CHILD_OCR_MEMORY_BYTES = 2560 * 1024 * 1024
_POLL_SECONDS = 0.05


class IsolatedCrash(RuntimeError):
    """An unexpected exception in the child, with the child's traceback: a bug to show, not to hide."""


def load_pdf_bounded(data: bytes, password: str | None, progress: ProgressCallback | None) -> Content:
    """load_pdf, bounded in time and memory (see the module docstring for when a child is used)."""
    from core.documents.pdf import load_pdf

    if len(data) > ISOLATE_ABOVE_BYTES:
        return load_pdf_in_child(data, password, progress)
    try:
        with budget(IN_PROCESS_SECONDS) as short:
            return load_pdf(data, password, progress)
    except TooComplex:
        # The caller's own budget ran out, or OCR, granted its time, overran it: reading again would not help.
        if short.seconds != IN_PROCESS_SECONDS or remaining() <= 0:
            raise
    return load_pdf_in_child(data, password, progress)


def load_pdf_in_child(data: bytes, password: str | None, progress: ProgressCallback | None) -> Content:
    context = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded (Qt) process
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(writer, data, password), daemon=True)
    child.start()
    writer.close()
    try:
        return _receive(reader, child, progress, remaining())
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()


def _receive(reader, child, progress: ProgressCallback | None, seconds: float) -> Content:
    deadline = time.monotonic() + seconds
    while True:
        if time.monotonic() > deadline:
            raise TooComplex(f"PDF 过于复杂，读取超过 {seconds:.0f} 秒的时间上限，已停止。" + SPLIT_OR_SHRINK)
        if not reader.poll(_POLL_SECONDS):
            continue
        try:
            message = reader.recv()
        except EOFError:  # the child died without a word: killed by the memory cap or crashed in C code
            child.join()
            raise DocumentError("CORRUPT_FILE", "PDF 文件结构异常，读取时解析程序意外终止，无法读取。"
                                + GET_COMPLETE_FILE) from None
        kind = message[0]
        if kind == "progress":
            if progress is not None:
                progress(*message[1:])
        elif kind == "allow":  # the child's OCR was granted time: so is the wait for it, and the analysis
            deadline += message[1]
            seconds += message[1]
            allow(message[1])
        elif kind == "done":
            return message[1]
        elif kind == "error":
            raise DocumentError(message[1], message[2])
        elif kind == "too_complex":
            raise TooComplex(message[1])
        else:
            raise IsolatedCrash(message[1])


def _child_main(writer, data: bytes, password: str | None) -> None:
    """The child: cap the address space, read, send one outcome (after any progress and allowance messages)."""
    _cap_memory(CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES + CHILD_OCR_MEMORY_BYTES)
    from core.documents.pdf import load_pdf

    def passed_on(seconds: float, memory_bytes: int) -> None:
        if memory_bytes:
            _cap_memory(CHILD_MEMORY_BYTES + CHILD_OCR_MEMORY_BYTES, CHILD_MEMORY_BYTES + CHILD_OCR_MEMORY_BYTES)
        writer.send(("allow", seconds))

    try:
        # The parent keeps the time; this budget only carries OCR's allowances to it.
        with budget(float("inf")) as own:
            own.on_allow = passed_on
            content = load_pdf(data, password, lambda *step: writer.send(("progress", *step)))
        writer.send(("done", content))
    except DocumentError as exc:
        writer.send(("error", exc.code, exc.message))
    except MemoryError:
        writer.send(("too_complex", f"PDF 过于复杂，读取所需内存超过 {CHILD_MEMORY_BYTES // 1024 ** 2} MB 的上限，"
                                    "已停止。" + SPLIT_OR_SHRINK))
    except BaseException:  # noqa: BLE001 — sent to the parent, which raises it as a crash
        writer.send(("crash", traceback.format_exc()))
    finally:
        writer.close()


def _cap_memory(limit: int, hard_limit: int) -> None:
    """Cap the address space at `limit`; the process itself may raise it up to `hard_limit` later."""
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout still stops the child
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard_limit))
