"""Qt views over core.review.ReviewSession (PySide6). Nothing here computes a score."""

import ctypes
import sys


def _pin_singletons() -> None:
    """PySide6 6.12 wheels (abi3, built for immortal singletons) return None, True and False from
    wrapped calls without taking a reference. Python 3.11 still counts references to them, so after a
    few thousand calls the interpreter aborts ("deallocating None"). A huge reference count makes them
    as immortal as 3.12 does."""
    if sys.version_info < (3, 12):
        for singleton in (None, True, False):
            ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48


_pin_singletons()
