"""The review file: one JSON file per source file (core.review.files names it), replaced atomically;
an autosave file beside it.

Layout (schema "review/1"; history keeps the newest MAX_HISTORY entries):
  schema, app {name, version}, saved_at (ISO UTC), reviewer,
  source {name, sha256, path, format}            the report the review was made on
  framework {id, name, version, snapshot}       snapshot = the whole Framework, so scores reproduce
  values {var: VariableValue}                   value, origin, loc, alternatives, who/when
  decisions {indicator id: Decision}            level, manual score, not applicable, checks, comment
  claim_map {claim id: indicator id | null}
  finding_states {finding key: FindingState}    status, note, include_in_opinion
  history [{label, action, time, who, details: [{field, key, before, after}]}]
Dataclasses are written by codec.encode: {"$type": name, fields…}, Decimals as {"$d": "7.00"}.
The autosave has the same layout; it is removed by every save.

A review file is untrusted input: read_review checks it field by field (core.review.codec) and then
against the rules of core.review.limits. What it does with a field that is wrong:
  refused (ReviewFileError INVALID_CONTENT, naming the field): wrong JSON types, numbers out of range,
    NaN/Infinity, over-long texts or lists, deep nesting, reversed locations, unknown origins or finding
    statuses, a framework snapshot that does not validate, a decision the indicator cannot take
    (a score above its weight, a level it does not have);
  dropped with a warning in ReviewData.warnings ("CODE: 说明"): decisions for indicators the snapshot
    does not have and claim mappings to them (a review that switched frameworks keeps such entries);
  kept: finding states for findings the report no longer gives (they apply again if the finding returns);
  dropped when the report is opened (opening.session_from_review): locations beyond the report's text.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core import APP_NAME, __version__
from core.documents.model import CHECK_PATH
from core.errors import CodedError
from core.frameworks.model import Framework
from core.review import codec
from core.review.files import (
    AUTOSAVE_SUFFIX, TEMP_SUFFIX, autosave_path, remove_interrupted_saves, temp_prefix,
)
from core.review.limits import ReviewValueError, check_decision, check_value
from core.review.schema import MAX_KEY, MAX_NAME, SchemaError, mapping, optional, seq, text
from core.review.values import FindingState, HistoryEntry, VariableValue
from core.scoring.result import Decision

SCHEMA = "review/1"
# A review with MAX_HISTORY edits is under 10 MB and reads in about a second; beyond these a file is not
# one this program wrote. Saving keeps the newest MAX_HISTORY history entries so that it never writes one.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_HISTORY = 10_000
# Test hook: seconds the writer sleeps after writing half of the temporary file (crash tests).
PAUSE_ENV = "JXFH_REVIEW_WRITE_PAUSE"

# What to do with a review file that cannot be read back.
_USE_ANOTHER = "请改用其他复核文件，或重新打开报告复核。"


class ReviewFileError(CodedError):
    """A review file that cannot be read or written. `code`: NOT_FOUND | PERMISSION_DENIED | CORRUPT_FILE |
    UNSUPPORTED_FORMAT | INVALID_CONTENT | TOO_LARGE | CHANGED_ON_DISK (saving over a review another program
    changed)."""


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
    digest: str = ""  # sha256 of the file's bytes: a later save checks the file is still this one
    warnings: list[str] = field(default_factory=list)  # what was dropped, "CODE: 说明"


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
        "history": [asdict(entry) for entry in session.history[-MAX_HISTORY:]],
    }


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old file or the new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
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


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes, None if there is no file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def save_review(session, path: Path, overwrite: bool = False) -> Path:
    """Save the review to `path` (atomic); it becomes the session's review file and the autosave goes.

    Refuses (CHANGED_ON_DISK) to replace a file that is not the one the session read or last wrote there
    — another program saved it, or it is another review — unless `overwrite` (the reviewer was asked).
    """
    path = Path(path)
    known = session.review_digest if path == session.review_path else None
    if not overwrite and file_digest(path) not in (None, known):
        raise ReviewFileError("CHANGED_ON_DISK", f"复核文件 {path.name} 在打开后已被其他程序或其他复核修改，"
                                                 "保存将覆盖这些修改。")
    data = _dump(session)
    write_atomic(path, data)
    session.review_path = path
    session.review_digest = hashlib.sha256(data).hexdigest()
    session.mark_saved()
    session.autosaved_revision = session.revision
    autosave_path(path).unlink(missing_ok=True)
    _retire(session)
    return path


def _retire(session) -> None:
    """A review read under the old shared name now lives under its own: the old file goes (if unchanged)."""
    old, session.replaces = session.replaces, None
    if old is not None and old[0] != session.review_path and file_digest(old[0]) == old[1]:
        old[0].unlink(missing_ok=True)
        autosave_path(old[0]).unlink(missing_ok=True)


def autosave(session) -> Path | None:
    """Write the review's autosave file if the session changed since the last save or autosave."""
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
    """Read and check a review file (or an autosave); temporary files of an interrupted save go first."""
    path = Path(path)
    remove_interrupted_saves(path.with_name(path.name.removesuffix(AUTOSAVE_SUFFIX)))
    data = _read_bytes(path)
    raw = _parse(data, path)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ReviewFileError("UNSUPPORTED_FORMAT",
                              f"不是本程序的复核文件或版本不受支持：{path.name}。"
                              "请选择本程序保存的 .jxfh（或旧版 .review.json）复核文件。")
    try:
        review = _decode(raw, path)
        review.digest = hashlib.sha256(data).hexdigest()
        _check_against_limits(review)
    except SchemaError as exc:
        raise ReviewFileError("INVALID_CONTENT", f"复核文件 {path.name} 中 {exc.where} 有误：{exc.why}。"
                                                 f"{_USE_ANOTHER}") from None
    return review


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReviewFileError("TOO_LARGE", f"复核文件 {path.name} 有 {size // 1024 // 1024} MB，"
                                               f"超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB。{_USE_ANOTHER}")
        return path.read_bytes()
    except FileNotFoundError:
        raise ReviewFileError("NOT_FOUND", f"找不到复核文件：{path}。{CHECK_PATH}") from None
    except IsADirectoryError:
        raise ReviewFileError("CORRUPT_FILE", f"{path.name} 是文件夹，不是复核文件。{_USE_ANOTHER}") from None
    except PermissionError:
        raise ReviewFileError("PERMISSION_DENIED", f"没有读取复核文件 {path.name} 的权限。") from None
    except OSError as exc:
        raise ReviewFileError("CORRUPT_FILE", f"无法读取复核文件 {path.name}（{exc.strerror or exc}）。") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"不允许的数值 {name}")


def _parse(data: bytes, path: Path) -> Any:
    """JSON with NaN/Infinity refused; too deep nesting or an over-long integer is a corrupt file."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "嵌套过深" if isinstance(exc, RecursionError) else str(exc)[:200]
        raise ReviewFileError("CORRUPT_FILE", f"复核文件已损坏：{path.name}（{reason}）。{_USE_ANOTHER}") from None


_SOURCE_FIELDS = {"name": text(MAX_NAME), "sha256": optional(text(64)), "path": optional(text(4_096)),
                  "format": optional(text(MAX_KEY))}


def _object(raw: dict, key: str) -> dict:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise SchemaError(key, "缺少或不是对象")
    return value


def _decode(raw: dict, path: Path) -> ReviewData:
    source_raw = _object(raw, "source")
    source = {k: kind(source_raw.get(k), f"source.{k}") for k, kind in _SOURCE_FIELDS.items()
              if k in source_raw or k == "name"}
    return ReviewData(
        path=path,
        source=source,
        framework=codec.FRAMEWORK(_object(raw, "framework").get("snapshot"), "framework.snapshot"),
        values=mapping(codec.VARIABLE_VALUE, 5_000, key_field="var")(raw.get("values"), "values"),
        decisions=mapping(codec.DECISION, 5_000)(raw.get("decisions"), "decisions"),
        claim_map=mapping(optional(text(MAX_KEY)), 5_000)(raw.get("claim_map"), "claim_map"),
        finding_states=mapping(codec.FINDING_STATE, 20_000, key_len=MAX_NAME)(raw.get("finding_states"),
                                                                                "finding_states"),
        history=seq(codec.HISTORY_ENTRY, MAX_HISTORY)(raw.get("history", []), "history"),
        reviewer=optional(text(MAX_KEY))(raw.get("reviewer"), "reviewer"),
        saved_at=optional(text(64))(raw.get("saved_at"), "saved_at"),
    )


def _check_against_limits(review: ReviewData) -> None:
    """Values and decisions by the rules the session applies to edits (core.review.limits). Decisions for
    indicators the snapshot does not have are dropped with a warning, as are claim mappings to them."""
    for var, value in review.values.items():
        try:
            check_value(var, value.value)
        except ReviewValueError as exc:
            raise SchemaError(f"values.{var[:40]}", exc.message) from None
    indicators = {ind.id: ind for ind in review.framework.indicators()}
    options = review.framework.options
    for key, decision in list(review.decisions.items()):
        indicator = indicators.get(key)
        if indicator is None:
            del review.decisions[key]
            review.warnings.append(f"DROPPED_DECISION: 指标体系中没有指标“{key[:40]}”，其复核决定未载入")
            continue
        try:
            check_decision(indicator, options, decision)
        except ReviewValueError as exc:
            raise SchemaError(f"decisions.{key}", exc.message) from None
    for claim, target in review.claim_map.items():
        if target is not None and target not in indicators:
            review.claim_map[claim] = None
            review.warnings.append(f"DROPPED_MAPPING: 自评项关联的指标“{target[:40]}”不在指标体系中，已取消关联")


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
