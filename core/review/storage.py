"""The review file: one JSON file per review, replaced atomically; an autosave file beside it.

Layout of 报告名.review.json (schema "review/1"):
  schema, app {name, version}, saved_at (ISO UTC), reviewer,
  source {name, sha256, path, format}            the report the review was made on
  framework {id, name, version, snapshot}       snapshot = the whole Framework, so scores reproduce
  values {var: VariableValue}                   value, origin, loc, alternatives, who/when
  decisions {indicator id: Decision}            level, manual score, not applicable, checks, comment
  claim_map {claim id: indicator id | null}
  finding_states {finding key: FindingState}    status, note, include_in_opinion
  history [{label, action, time, who, details: [{field, key, before, after}]}]
  signoff {completed, by, at}, opinion {sections: {key: text}}   core.review.signoff (absent in older files)
Dataclasses are written by codec.encode: {"$type": name, fields…}, Decimals as {"$d": "7.00"}.
报告名.review.json.autosave has the same layout; it is removed by every save.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core import APP_NAME, __version__
from core.documents.model import CHECK_PATH
from core.errors import CodedError
from core.frameworks.model import Framework
from core.review import codec
from core.review.signoff import NOT_SIGNED, SignOff, signoff_from_json, signoff_to_json
from core.review.values import FindingState, HistoryEntry, VariableValue
from core.scoring.result import Decision

SCHEMA = "review/1"
AUTOSAVE_SUFFIX = ".autosave"
# Test hook: seconds the writer sleeps after writing half of the temporary file (crash tests).
PAUSE_ENV = "JXFH_REVIEW_WRITE_PAUSE"


# What to do with a review file that cannot be read back.
_USE_ANOTHER = "请改用其他复核文件，或重新打开报告复核。"


class ReviewFileError(CodedError):
    """A review file that cannot be read. `code`: NOT_FOUND | CORRUPT_FILE | UNSUPPORTED_FORMAT."""


@dataclass
class ReviewData:
    """A review file as read back: what to restore into a session."""

    path: Path
    source: dict  # name, sha256, path, format
    framework: Framework
    values: dict[str, VariableValue]
    decisions: dict[str, Decision]
    claim_map: dict[str, str | None]
    finding_states: dict[str, FindingState]
    history: list[HistoryEntry] = field(default_factory=list)
    reviewer: str | None = None
    saved_at: str | None = None
    signoff: SignOff = NOT_SIGNED
    opinion_edits: dict[str, str] = field(default_factory=dict)


def autosave_path(review_path: Path) -> Path:
    return review_path.with_name(review_path.name + AUTOSAVE_SUFFIX)


def review_to_json(session) -> dict:
    from core.review.session import now_iso

    document = session.document
    framework = session.framework
    return {
        "schema": SCHEMA,
        "app": {"name": APP_NAME, "version": __version__},
        "saved_at": now_iso(),
        "reviewer": session.reviewer,
        "source": {"name": document.name, "sha256": document.sha256,
                   "path": str(Path(document.path).resolve()) if document.path else None,
                   "format": document.format},
        "framework": {"id": framework.id, "name": framework.name, "version": framework.version,
                      "snapshot": codec.encode(framework)},
        "values": {var: codec.encode(vv) for var, vv in session.values.items()},
        "decisions": {ind: codec.encode(d) for ind, d in session.decisions.items()},
        "claim_map": dict(session.claim_map),
        "finding_states": {key: codec.encode(s) for key, s in session.finding_states.items()},
        "history": [asdict(entry) for entry in session.history],
        **signoff_to_json(session.signoff, dict(session.opinion_edits)),
    }


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
            if pause:
                out.write(data[: len(data) // 2])
                out.flush()
                time.sleep(pause)
                data = data[len(data) // 2:]
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """write_atomic for a UTF-8 text file (exports, the analysis JSON)."""
    write_atomic(path, text.encode("utf-8"))


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX only: Windows cannot open a directory)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dump(session) -> bytes:
    return json.dumps(review_to_json(session), ensure_ascii=False, indent=1).encode("utf-8")


def save_review(session, path: Path) -> Path:
    """Save the review to `path` (atomic); it becomes the session's review file and the autosave goes."""
    path = Path(path)
    write_atomic(path, _dump(session))
    session.review_path = path
    session.mark_saved()
    session.autosaved_revision = session.revision
    autosave_path(path).unlink(missing_ok=True)
    return path


def autosave(session) -> Path | None:
    """Write 报告名.review.json.autosave if the session changed since the last save or autosave."""
    if session.revision == session.autosaved_revision:
        return None
    target = autosave_path(session.review_path)
    session.autosaved_revision = session.revision
    if not session.dirty:  # back at the saved state: the review file itself is current
        target.unlink(missing_ok=True)
        return None
    write_atomic(target, _dump(session))
    return target


def read_review(path: Path) -> ReviewData:
    path = Path(path)
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ReviewFileError("NOT_FOUND", f"找不到复核文件：{path}。{CHECK_PATH}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewFileError("CORRUPT_FILE", f"复核文件已损坏：{path.name}（{exc}）。{_USE_ANOTHER}") from None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ReviewFileError("UNSUPPORTED_FORMAT",
                              f"不是本程序的复核文件或版本不受支持：{path.name}。"
                              "请选择本程序保存的 .review.json 文件。")
    try:
        signoff, opinion_edits = signoff_from_json(raw)
        return ReviewData(
            path=path,
            source=raw["source"],
            framework=codec.decode(raw["framework"]["snapshot"]),
            values={k: codec.decode(v) for k, v in raw["values"].items()},
            decisions={k: codec.decode(v) for k, v in raw["decisions"].items()},
            claim_map=dict(raw["claim_map"]),
            finding_states={k: codec.decode(v) for k, v in raw["finding_states"].items()},
            history=[HistoryEntry(**entry) for entry in raw.get("history", [])],
            reviewer=raw.get("reviewer"),
            saved_at=raw.get("saved_at"),
            signoff=signoff,
            opinion_edits=opinion_edits,
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ReviewFileError("CORRUPT_FILE", f"复核文件内容不完整：{path.name}（{exc!r}）。{_USE_ANOTHER}") from None


def recovery_candidate(review_path: Path) -> Path | None:
    """The autosave to offer after a crash: readable and newer than the review file (or no review)."""
    review_path = Path(review_path)
    candidate = autosave_path(review_path)
    if not candidate.exists():
        return None
    # Every save removes the autosave, so one that is not older than the review is unsaved work.
    if review_path.exists() and candidate.stat().st_mtime_ns < review_path.stat().st_mtime_ns:
        return None
    try:
        read_review(candidate)
    except ReviewFileError:
        return None
    return candidate
