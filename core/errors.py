"""The error every user-facing failure with a code derives from, printed the way the command line reports
it (cli.md): 错误[CODE]: message."""

from __future__ import annotations


class CodedError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"错误[{self.code}]: {self.message}"
