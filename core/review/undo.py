"""A Qt-free undo stack of commands; a command is a labelled list of field edits on the review state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ABSENT = object()  # marks a key that does not exist before or after an edit


@dataclass(frozen=True)
class Edit:
    """Replace `state.<field>[key]` (or the whole `state.<field>` when key is None)."""

    field: str
    key: str | None
    before: Any
    after: Any

    def apply(self, state: Any, forward: bool) -> None:
        value = self.after if forward else self.before
        if self.key is None:
            setattr(state, self.field, value)
            return
        target = getattr(state, self.field)
        if value is ABSENT:
            target.pop(self.key, None)
        else:
            target[self.key] = value


@dataclass(frozen=True)
class Command:
    label: str
    edits: tuple[Edit, ...]

    def redo(self, state: Any) -> None:
        for edit in self.edits:
            edit.apply(state, True)

    def undo(self, state: Any) -> None:
        for edit in reversed(self.edits):
            edit.apply(state, False)


class UndoStack:
    """Linear history like QUndoStack: `index` commands are applied; a push drops the redo tail."""

    def __init__(self) -> None:
        self._commands: list[Command] = []
        self.index = 0
        self._clean_index: int | None = 0

    def push(self, command: Command, state: Any) -> None:
        command.redo(state)
        del self._commands[self.index:]
        if self._clean_index is not None and self._clean_index > self.index:
            self._clean_index = None  # the saved state can no longer be reached
        self._commands.append(command)
        self.index += 1

    def undo(self, state: Any) -> Command | None:
        if not self.can_undo:
            return None
        self.index -= 1
        command = self._commands[self.index]
        command.undo(state)
        return command

    def redo(self, state: Any) -> Command | None:
        if not self.can_redo:
            return None
        command = self._commands[self.index]
        command.redo(state)
        self.index += 1
        return command

    @property
    def can_undo(self) -> bool:
        return self.index > 0

    @property
    def can_redo(self) -> bool:
        return self.index < len(self._commands)

    @property
    def undo_command(self) -> Command | None:
        return self._commands[self.index - 1] if self.can_undo else None

    @property
    def redo_command(self) -> Command | None:
        return self._commands[self.index] if self.can_redo else None

    @property
    def undo_label(self) -> str | None:
        return self.undo_command.label if self.can_undo else None

    @property
    def redo_label(self) -> str | None:
        return self.redo_command.label if self.can_redo else None

    def set_clean(self) -> None:
        self._clean_index = self.index

    def forget_clean(self) -> None:
        """No state on the stack is saved (e.g. a session recovered from an autosave)."""
        self._clean_index = None

    @property
    def is_clean(self) -> bool:
        return self._clean_index == self.index
