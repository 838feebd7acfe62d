"""The outputs a batch writes beside each review when asked (--exports), through core.exports."""

from __future__ import annotations

from importlib.util import find_spec


def exports_available() -> bool:
    return find_spec("core.exports") is not None
