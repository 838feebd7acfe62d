"""The one error type of the frameworks package: a list of problems, each a Chinese sentence."""

from __future__ import annotations


class FrameworkError(ValueError):
    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._head() + "：\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(self.problems, 1)))

    def _head(self) -> str:
        where = f"“{self.source}”" if self.source else ""
        return f"指标体系{where}有 {len(self.problems)} 处问题"

    def one_line(self) -> str:
        """The message on one line, as the command line prints errors: a single problem stands alone."""
        if len(self.problems) == 1:
            return f"指标体系“{self.source}”：{self.problems[0]}" if self.source else self.problems[0]
        return self._head() + "：" + "；".join(f"{i}. {p}" for i, p in enumerate(self.problems, 1))
