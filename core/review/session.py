"""ReviewSession: the only mutable state of a review; every change is an undoable command."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable

from core.checks.model import Finding
from core.documents.model import Document
from core.extraction.model import Alternative, Extraction, Loc
from core.frameworks.model import Framework, Indicator
from core.review import codec
from core.review.changes import Change, diff_results
from core.review.claimed import claimed_scores, level_index, stated_values
from core.review.files import review_path_for
from core.review.findings import Checker, FindingSource, finding_keys
from core.review.limits import (
    ReviewValueError, check_checked, check_comment, check_level, check_manual_score, check_value, check_violations,
    fits,
)
from core.review.undo import ABSENT, Command, Edit, UndoStack
from core.review.values import (
    FINDING_STATUSES, FindingState, HistoryEntry, VariableValue, format_number, initial_values,
)
from core.scoring.engine import compute
from core.scoring.result import Decision, IndicatorResult, Result

Listener = Callable[[Change], None]
_NO_DECISION = Decision()


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FrameworkIndex:
    """Lookups derived from one Framework object, built once per framework."""

    framework: Framework
    indicators: dict[str, Indicator]
    levels: dict[str, list[tuple[str, ...]]]

    @classmethod
    def of(cls, framework: Framework) -> "FrameworkIndex":
        return cls(framework, {ind.id: ind for ind in framework.indicators()}, level_index(framework))


class StateView:
    """A read-only view of the ReviewState field of the same name: views read, commands write."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, session: "ReviewSession", owner: type | None = None) -> MappingProxyType:
        return MappingProxyType(getattr(session._state, self.name))


@dataclass(frozen=True)
class Derived:
    """Everything computed from one state: the engine's result and the findings of the checks."""

    result: Result
    findings: list[Finding]
    finding_keys: list[str]


@dataclass
class ReviewState:
    """Everything the reviewer can change; commands edit exactly these fields."""

    framework: Framework
    values: dict[str, VariableValue]
    decisions: dict[str, Decision]
    claim_map: dict[str, str | None]  # claim id → framework indicator id
    finding_states: dict[str, FindingState]


class ReviewSession:
    """A report under review. Read `result` and `findings`; change things only through the methods
    below, each of which returns the Change it caused (None when nothing changed) and tells the
    listeners. Changing the framework is an undoable command like any other."""

    def __init__(self, document: Document, extraction: Extraction, framework: Framework, *,
                 reviewer: str | None = None, review_path: str | Path | None = None,
                 checker: Checker | None = None) -> None:
        self.document = document
        self.extraction = extraction
        self.reviewer = reviewer
        self.review_path = Path(review_path) if review_path else default_review_path(document)
        self.review_digest: str | None = None  # sha256 of the review file as this session read or wrote it
        self.replaces: tuple[Path, str] | None = None  # (old-named review file, its sha256), retired on save
        self.warnings: list[str] = []  # e.g. what a review file could not re-anchor
        self.history: list[HistoryEntry] = []
        self.revision = 0
        self.autosaved_revision = 0
        self._extracted = initial_values(extraction.figures)
        self._state = ReviewState(framework, dict(self._extracted), {},
                                  {c.id: c.indicator for c in extraction.claims}, {})
        self._stack = UndoStack()
        self._listeners: list[Listener] = []
        self._finding_source = FindingSource(document, extraction, checker)
        self._index = FrameworkIndex.of(framework)
        self._current = self._derive(None)
        self._derived: list[Derived] = [self._current]  # derived values per undo-stack position

    # ---- reading ---------------------------------------------------------------------------
    @property
    def result(self) -> Result:
        """The engine's result for the current state. Read-only: undo/redo hand the same object back."""
        return self._current.result

    @property
    def findings(self) -> list[Finding]:
        """Current findings, numbered k1, k2, …; `finding_keys` holds their stable keys in the same order."""
        return self._current.findings

    @property
    def finding_keys(self) -> list[str]:
        return self._current.finding_keys

    @property
    def framework(self) -> Framework:
        return self._state.framework

    values = StateView()  # var → VariableValue
    decisions = StateView()  # indicator id → Decision (only indicators the reviewer decided)
    claim_map = StateView()  # claim id → indicator id or None
    finding_states = StateView()  # finding key → FindingState (only findings the reviewer touched)

    def value(self, var: str) -> VariableValue | None:
        return self._state.values.get(var)

    def extracted_value(self, var: str) -> VariableValue | None:
        return self._extracted.get(var)

    def decision(self, indicator_id: str) -> Decision:
        return self._state.decisions.get(indicator_id, _NO_DECISION)

    def indicator(self, indicator_id: str) -> Indicator:
        indicator = self._framework_index().indicators.get(indicator_id)
        if indicator is None:
            raise ReviewValueError("UNKNOWN_ITEM", f"指标体系“{self.framework.name}”中没有指标“{indicator_id}”。")
        return indicator

    def indicator_result(self, indicator_id: str) -> IndicatorResult:
        return self.result.by_id[indicator_id]

    def variable_ids(self) -> list[str]:
        """The variables the framework's formulas use, in its order, then any other the reviewer set."""
        from core.scoring.plan import plan_for

        used = {v for item in plan_for(self.framework).items if item.formula for v in item.formula.variables}
        ids = [v for v in self.framework.variables if v in used]
        ids += sorted(used - set(ids))
        return ids + sorted(v for v, value in self._state.values.items()
                            if v not in used and value.origin in ("entered", "corrected"))

    def variable_label(self, var: str) -> str:
        variable = self.framework.variables.get(var)
        return variable.label if variable else var

    def claimed(self) -> dict[str, Decimal]:
        """Claimed score per indicator id and claimed subtotal per level_key(level path)."""
        return claimed_scores(self.extraction.claims, self._state.claim_map, self._framework_index().levels)

    def finding_state(self, key: str) -> FindingState:
        stored = self._state.finding_states.get(key)
        if stored is not None:
            return stored
        finding = self._finding(key)
        return FindingState(include_in_opinion=finding is not None and finding.severity in ("error", "warning"))

    def _finding(self, key: str) -> Finding | None:
        return next((f for f, k in zip(self.findings, self.finding_keys, strict=True) if k == key), None)

    # ---- undo / redo / listeners -------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return self._stack.can_undo

    @property
    def can_redo(self) -> bool:
        return self._stack.can_redo

    @property
    def undo_label(self) -> str | None:
        return self._stack.undo_label

    @property
    def redo_label(self) -> str | None:
        return self._stack.redo_label

    @property
    def dirty(self) -> bool:
        return not self._stack.is_clean

    def undo(self) -> Change | None:
        command = self._stack.undo(self._state)
        return self._after(command, "undo") if command else None

    def redo(self) -> Change | None:
        command = self._stack.redo(self._state)
        return self._after(command, "redo") if command else None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(change)` after every change; returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def mark_saved(self) -> None:
        self._stack.set_clean()

    def mark_unsaved(self) -> None:
        self._stack.forget_clean()

    # ---- saving ------------------------------------------------------------------------------
    def save(self, path: str | Path | None = None, overwrite: bool = False) -> Path:
        """Write the review file; ReviewFileError CHANGED_ON_DISK if the file there changed since this session
        read or wrote it (ask the reviewer, then call again with `overwrite`)."""
        from core.review import storage

        return storage.save_review(self, Path(path) if path else self.review_path, overwrite)

    def autosave(self) -> Path | None:
        """Write the autosave file if anything changed since the last one; the GUI calls this on a timer."""
        from core.review import storage

        return storage.autosave(self)

    # ---- variables ---------------------------------------------------------------------------
    def set_value(self, var: str, value: Decimal | None, origin: str | None = None,
                  loc: Loc | None = None) -> Change | None:
        """Set a variable by hand: `corrected` if the report stated it, `entered` otherwise. `loc` is where
        the reviewer read the new value in the report (a selection); without it the old location stays."""
        current = self._state.values.get(var)
        check_value(var, value)
        if current is None and value is None:
            return None
        if current is not None and current.value == value and (origin is None or origin == current.origin) \
                and (loc is None or loc == current.loc):
            return None
        if origin is None:
            origin = "corrected" if current is not None and current.origin != "entered" else "entered"
        base = current or VariableValue(var=var, value=None, origin=origin)
        new = replace(base, value=value, origin=origin, loc=loc or base.loc, changed_by=self.reviewer,
                      changed_at=now_iso())
        label = self._value_label("修改", var, current, value)
        return self._push(label, [Edit("values", var, current or ABSENT, new)])

    def _value_label(self, verb: str, var: str, current: VariableValue | None, value, what: str = "") -> str:
        """"修改 在职人数: 8 → 7": what the undo menu shows for a change of one value."""
        before = format_number(current.value if current else None)
        return f"{verb} {self.variable_label(var)}{what}: {before} → {format_number(value)}"

    def choose_alternative(self, var: str, index: int) -> Change:
        """Use one of the other candidates the extraction found; the current value becomes a candidate."""
        current = self._state.values[var]
        chosen = current.alternatives[index]
        rest = [a for i, a in enumerate(current.alternatives) if i != index]
        if current.loc is not None and current.value is not None:
            rest.insert(0, Alternative(current.value, current.loc))
        new = replace(current, value=chosen.value, loc=chosen.loc, alternatives=tuple(rest),
                      origin="corrected", changed_by=self.reviewer, changed_at=now_iso())
        label = self._value_label("选用", var, current, chosen.value, " 候选值")
        return self._push(label, [Edit("values", var, current, new)])

    def restore_extracted(self, var: str) -> Change | None:
        current = self._state.values.get(var)
        original = self._extracted.get(var)
        if current == original:
            return None
        label = self._value_label("恢复", var, current, original.value if original else None, " 提取值")
        return self._push(label, [Edit("values", var, current or ABSENT, original or ABSENT)])

    # ---- indicator decisions -------------------------------------------------------------------
    def set_level(self, indicator_id: str, level: int | None) -> Change | None:
        """Qualitative level, 1 = best ("设置 绩效指标明确性 等级: 2")."""
        check_level(self.indicator(indicator_id), self.framework.options, level)
        return self._set_or_clear(indicator_id, "等级", "level", level)

    def set_manual_score(self, indicator_id: str, score: Decimal | None) -> Change | None:
        """A score that overrides the rule: 0 ≤ score ≤ the indicator's weight."""
        check_manual_score(self.indicator(indicator_id), score)
        return self._set_or_clear(indicator_id, "复核得分", "manual_score", score)

    def set_violations(self, indicator_id: str, violations: int | None) -> Change | None:
        """check_deduct checklists: how many non-compliant instances the reviewer found."""
        check_violations(self.indicator(indicator_id), self.framework.options, violations)
        return self._set_or_clear(indicator_id, "不符合例数", "violations", violations)

    def _set_or_clear(self, indicator_id: str, what: str, field: str, value: Decimal | int | None) -> Change | None:
        name = self.indicator(indicator_id).name
        label = f"设置 {name} {what}: {format_number(Decimal(value))}" if value is not None else f"取消 {name} {what}"
        return self._decide(indicator_id, label, **{field: value})

    def set_not_applicable(self, indicator_id: str, flag: bool) -> Change | None:
        name = self.indicator(indicator_id).name
        if not isinstance(flag, bool):
            raise ReviewValueError("WRONG_KIND", f"“{name}”的不适用标记应为是/否。")
        return self._decide(indicator_id, f"设为不适用: {name}" if flag else f"取消不适用: {name}",
                            not_applicable=flag)

    def set_checked(self, indicator_id: str, checked: tuple[bool, ...] | None) -> Change | None:
        indicator = self.indicator(indicator_id)
        checked = tuple(checked) if isinstance(checked, list) else checked
        check_checked(indicator, self.framework.options, checked)
        marks = "".join("✓" if c else "✗" for c in checked) if checked is not None else "未评"
        return self._decide(indicator_id, f"设置 {indicator.name} 评分要点: {marks}", checked=checked)

    def set_comment(self, indicator_id: str, comment: str | None) -> Change | None:
        indicator = self.indicator(indicator_id)
        check_comment(indicator, comment)
        return self._decide(indicator_id, f"修改 {indicator.name} 扣分原因", comment=(comment or "").strip() or None)

    def _decide(self, indicator_id: str, label: str, **fields: Any) -> Change | None:
        current = self._state.decisions.get(indicator_id, _NO_DECISION)
        new = replace(current, **fields)
        if new == current:
            return None
        before = current if indicator_id in self._state.decisions else ABSENT
        after = ABSENT if new == _NO_DECISION else new  # an all-default decision is no decision
        return self._push(label, [Edit("decisions", indicator_id, before, after)])

    # ---- claims, findings, framework --------------------------------------------------------------
    def map_claim(self, claim_id: str, indicator_id: str | None) -> Change | None:
        claim_name = next((c.name for c in self.extraction.claims if c.id == claim_id), None)
        if claim_name is None:
            raise ReviewValueError("UNKNOWN_ITEM", f"报告中没有自评项“{claim_id}”。")
        if indicator_id is not None:
            self.indicator(indicator_id)
        current = self._state.claim_map.get(claim_id)
        if current == indicator_id:
            return None
        label = (f"关联 自评项 {claim_name} → {self.indicator(indicator_id).name}" if indicator_id
                 else f"取消关联 自评项 {claim_name}")
        return self._push(label, [Edit("claim_map", claim_id, current, indicator_id)])

    def set_finding_state(self, key: str, *, status: str | None = None, note: str | None = None,
                          include_in_opinion: bool | None = None) -> Change | None:
        if key not in self._state.finding_states and key not in self.finding_keys:
            raise ReviewValueError("UNKNOWN_ITEM", f"没有编号为“{key}”的问题。")
        current = self.finding_state(key)
        new = replace(current,
                      status=status if status is not None else current.status,
                      note=(note.strip() or None) if note is not None else current.note,
                      include_in_opinion=(include_in_opinion if include_in_opinion is not None
                                          else current.include_in_opinion))
        if new.status not in FINDING_STATUSES:
            raise ReviewValueError("WRONG_KIND", f"问题状态“{new.status}”应为 {'、'.join(FINDING_STATUSES)} 之一。")
        if new == current:
            return None
        before = self._state.finding_states.get(key, ABSENT)
        return self._push(self._finding_label(key, current, new), [Edit("finding_states", key, before, new)])

    def _finding_label(self, key: str, current: FindingState, new: FindingState) -> str:
        finding = self._finding(key)
        about = (finding.about or finding.code) if finding is not None else key
        if new.status != current.status:
            verb = {"accepted": "采纳", "dismissed": "驳回", "open": "重新打开"}[new.status]
            return f"{verb} 问题: {about}"
        if new.include_in_opinion != current.include_in_opinion:
            return f"{'纳入' if new.include_in_opinion else '不纳入'}复核意见: {about}"
        return f"修改 问题备注: {about}"

    def set_framework(self, framework: Framework, claim_map: dict[str, str | None] | None = None) -> Change:
        """Score with another framework; claims are re-mapped (or take `claim_map`). Decisions the new
        framework's indicator of the same id cannot take (a level it lacks, a score above its weight) go
        with the same command, so a saved review always opens. Undoable."""
        if claim_map is None:
            claim_map = map_claims_to(self.extraction, framework)
        label = f"更换 指标体系: {self.framework.name} → {framework.name}"
        unfit = [Edit("decisions", key, decision, ABSENT) for key, decision in self._state.decisions.items()
                 if not fits(framework, key, decision)]
        return self._push(label, [Edit("framework", None, self.framework, framework),
                                  Edit("claim_map", None, dict(self._state.claim_map), dict(claim_map)), *unfit])

    # ---- the machinery -------------------------------------------------------------------------
    def _push(self, label: str, edits: list[Edit]) -> Change:
        command = Command(label, tuple(edits))
        self._stack.push(command, self._state)
        return self._after(command, "do")

    def _after(self, command: Command, action: str) -> Change:
        """Derive what the command's edits imply, record it, and tell the listeners. A new command is
        scored (checks re-run only if the result moved); undo and redo take the derived values kept for
        that stack position, so they are restored exactly and at no cost."""
        self.revision += 1
        self._sync_claims()
        framework_changed = _touches(command, "framework")
        old = self._current
        if action == "do":
            del self._derived[self._stack.index:]
            self._derived.append(self._derive(old, force_checks=framework_changed or _touches(command, "claim_map")))
        self._current = self._derived[self._stack.index]
        diff = diff_results(None if framework_changed else old.result, self.result)
        change = Change(
            label=command.label, action=action, revision=self.revision,
            variables=_keys(command, "values"), decisions=_keys(command, "decisions"),
            claims=_keys(command, "claim_map") or frozenset(self._state.claim_map if framework_changed else ()),
            finding_states=_keys(command, "finding_states"),
            indicators=diff.indicators | _keys(command, "decisions"), levels=diff.levels, totals=diff.totals,
            findings=self.findings != old.findings, framework=framework_changed,
        )
        self.history.append(HistoryEntry(command.label, action, now_iso(), self.reviewer,
                                         codec.edit_details(command, forward=action != "undo")))
        for listener in list(self._listeners):
            listener(change)
        return change

    def _derive(self, previous: Derived | None, force_checks: bool = False) -> Derived:
        result = self._score()
        if previous is not None and not force_checks and result == previous.result:
            return Derived(result, previous.findings, previous.finding_keys)
        findings = self._finding_source.findings(self.framework, result)
        return Derived(result, findings, finding_keys(findings))

    def _framework_index(self) -> FrameworkIndex:
        if self._index.framework is not self.framework:
            self._index = FrameworkIndex.of(self.framework)
        return self._index

    def _score(self) -> Result:
        """The engine over the current state. Values the report states for indicators go in under the
        indicator ids (the engine uses them only where a formula cannot be evaluated)."""
        framework = self.framework
        indicators = self._framework_index().indicators
        values: dict[str, Decimal | None] = dict(stated_values(self.extraction.claims, self._state.claim_map))
        values.update((var, None) for var in framework.variables)
        values.update((var, vv.value) for var, vv in self._state.values.items())
        decisions = {k: d for k, d in self._state.decisions.items() if k in indicators}
        meta = self.extraction.meta
        return compute(framework, values, decisions, self.claimed(), meta.claimed_total, meta.claimed_grade)

    def _sync_claims(self) -> None:
        """The checks read the claim → indicator mapping from the claims themselves."""
        for claim in self.extraction.claims:
            claim.indicator = self._state.claim_map.get(claim.id)

    def restore(self, values: dict[str, VariableValue], decisions: dict[str, Decision],
                claim_map: dict[str, str | None], finding_states: dict[str, FindingState],
                history: list[HistoryEntry]) -> None:
        """Load a saved review's state (not an undoable edit): the undo stack starts empty and clean."""
        self._state.values = dict(values)
        self._state.decisions = dict(decisions)
        self._state.claim_map = dict(claim_map)
        self._state.finding_states = dict(finding_states)
        self.history = list(history)
        self._stack = UndoStack()
        self._sync_claims()
        self._current = self._derive(None)
        self._derived = [self._current]


def _keys(command: Command, field: str) -> frozenset[str]:
    return frozenset(e.key for e in command.edits if e.field == field and e.key is not None)


def _touches(command: Command, field: str) -> bool:
    return any(e.field == field for e in command.edits)


def map_claims_to(extraction: Extraction, framework: Framework) -> dict[str, str | None]:
    """Claim → indicator mapping for `framework`, without disturbing the session's own claims."""
    from core.extraction import map_claims

    scratch = copy.deepcopy(extraction)
    map_claims(scratch, framework)
    return {c.id: c.indicator for c in scratch.claims}


def default_review_path(document: Document) -> Path:
    """报告.pdf.jxfh beside the report (core.review.files)."""
    return review_path_for(document.path or document.name)
