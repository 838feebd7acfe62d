"""The one error type of the frameworks package: a list of problems, each a Chinese sentence."""

from __future__ import annotations


class FrameworkError(ValueError):
    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        head = (
            f"指标体系“{source}”有 {len(self.problems)} 处问题" if source else f"指标体系有 {len(self.problems)} 处问题"
        )
        super().__init__(head + "：\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(self.problems, 1)))
