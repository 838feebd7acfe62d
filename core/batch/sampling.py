"""The seeded random sample of reports for 抽查: the same seed over the same reports picks the same ones,
wherever the folder is, because it draws from the reports' paths relative to the batch's common folder."""

from __future__ import annotations

import random
from pathlib import Path

SEED_LIMIT = 10**6


def new_seed() -> int:
    return random.SystemRandom().randrange(SEED_LIMIT)


def draw(reports: list[Path], root: Path | None, size: int, seed: int) -> set[str]:
    """`size` reports (all of them if fewer), as absolute path strings."""
    keyed = sorted(((p.relative_to(root).as_posix() if root else p.name), p) for p in reports)
    chosen = random.Random(seed).sample(keyed, min(size, len(keyed)))
    return {str(path) for _key, path in chosen}
