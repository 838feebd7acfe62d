"""The 自评表's own arithmetic (forms.md §3, R1–R11): one family over every FormTable of the extraction,
its findings in the order of domain.md §5.0.

This family owns every fact a 自评表 states: the score-sheet families (scores, grades, rules) leave the
claims and totals that stand inside a table to it (`tree.in_form`, `sheet_claims`, `sheet_total`). Codes,
by domain.md §5 and the way a reviewer's gold files them (samples/gold/README.md):

- R10 funds rows → PARTS_SUM, R1 printed 执行率 → FIGURE_CONFLICT, R2 execution score → RULE_MISMATCH
  (form_funds);
- R4 Σ分值 ≠ 100 / the 总分 row's 分值, R5 一级 and block weights → WEIGHT_SUM (here): §5.6 (a)–(c). On a
  table that stops before its end the sum is not checked; an `info` finding says it is incomplete;
- R3 → SCORE_OVER_WEIGHT, R9/R11 → RULE_MISMATCH, R8 → MISSING_DETAIL (form_rows);
- R6 总分 ≠ Σ得分, or above what the rows can reach → SUBTOTAL_MISMATCH (§5.5: a claimed total ≠ the sum of
  its children), a 总分 above its 分值 → SCORE_OVER_WEIGHT; so is a level's score (a 小计/合计 row, or the
  level's own row) ≠ the sum of its rows' scores;
- R7 written grade ≠ the grade of the total → GRADE_MISMATCH (§5.9 internal).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.checks.form_cells import NOTED_WEIGHT, WEIGHTS_RULE, locs, stated_texts, states, sum_severity
from core.checks.form_funds import check_execution_score, check_funds_identity, check_rates, total_row
from core.checks.form_rows import check_over_weight, check_reasons, check_row_rules
from core.checks.model import Finding
from core.checks.tree import score_tolerance
from core.decimals import HUNDRED, SCORE_SLACK, ZERO, fmt, to_decimal
from core.extraction.model import Loc
from core.forms.model import FormTable, IndicatorRow, LevelWeight, Value, execution_row
from core.scoring.grades import grade, normalize_grade

# The project table's 一级 weights in principle (forms.md R5, domain.md §4.4), keyed by a word of the block;
# the execution row is the funds block's. A 一级 is one of these only by its whole name: a copy that lost
# its 一级 cells starts its rows at the 二级 (经济效益指标), which is no block.
PROJECT_BLOCKS = {"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(10)}
BLOCK_NAMES = {"产出指标": "产出", "产出": "产出", "效益指标": "效益", "效益": "效益", "满意度指标": "满意度",
               "满意度": "满意度", "服务对象满意度": "满意度"}
EXECUTION = "执行率"  # the key of the execution weight a note fixes
_ORDER = ("PARTS_SUM", "FIGURE_CONFLICT", "WEIGHT_SUM", "SCORE_OVER_WEIGHT", "SUBTOTAL_MISMATCH",
          "RULE_MISMATCH", "GRADE_MISMATCH", "MISSING_DETAIL")


def _execution(form: FormTable) -> tuple[Value | None, Value | None]:
    """The execution row's (分值, 得分) cells, none where the 年度资金总额 row carries the table's total."""
    row = execution_row(form)
    return (None, None) if row is None else (row.cells.get("weight"), row.cells.get("score"))


def _stated_total(form: FormTable) -> Value | None:
    """The 总分 (or 自评得分), else the table's total a 年度资金总额 row carries (分值 100 / 得分 98)."""
    if form.total_score is not None:
        return form.total_score
    row = total_row(form)
    carried = row is not None and execution_row(form) is None and row.number("weight") is not None
    return row.cells.get("score") if carried else None


def _full_marks(form: FormTable) -> Decimal:
    if form.total_weight is not None and form.total_weight.number is not None:
        return form.total_weight.number
    return HUNDRED


def _under(rows: list[IndicatorRow], path: list[str]) -> list[IndicatorRow]:
    return [row for row in rows if row.path[:len(path)] == path]


def _ends_inside(form: FormTable, rows: list[IndicatorRow]) -> bool:
    """The block's rows are all there: the table goes on after them, or reaches its end."""
    return form.complete or bool(rows) and rows[-1] is not form.indicators[-1]


def _weighted(rows: list[IndicatorRow]) -> list[Value]:
    return [row.cells["weight"] for row in rows if row.number("weight") is not None]


def _unweighted(form: FormTable) -> bool:
    """Some scored or targeted rows carry no 分值 (a template weighing indicators elsewhere): Σ分值 is open."""
    return any(row.number("weight") is None and not row.not_applicable
               and any(role in row.cells for role in ("score", "target", "actual")) for row in form.indicators)


def _weight_sum(cells: list[Value]) -> Decimal:
    return sum((cell.number for cell in cells), ZERO)


def _name_loc(row: IndicatorRow) -> Loc:
    """Where the row's name stands (its 三级指标 cell), else the whole row."""
    name = row.cells.get("level3")
    return name.loc if name is not None else row.loc


def _gap(stated: Decimal, reference: Decimal) -> str:
    return f"{'多' if stated > reference else '少'}{fmt(abs(stated - reference))}分"


# --- R5: weights written on level cells, and the principle's 一级 split ------------------------------


def _level_finding(form: FormTable, level: LevelWeight) -> Finding | None:
    rows = _under(form.indicators, level.path)
    cells = _weighted(rows)
    total = _weight_sum(cells)
    # Rows cut off by a copy that stops early can only add: an excess is proven, a shortfall is not.
    if not cells or total == level.weight or (total < level.weight and not _ends_inside(form, rows)):
        return None
    name = level.path[-1]
    return Finding(
        "WEIGHT_SUM", sum_severity(form, total < level.weight),
        f"自评表“{name}”标注{fmt(level.weight)}分，其下各指标分值合计{fmt(total)}分，{_gap(total, level.weight)}。",
        about=name, stated=f"{fmt(level.weight)}分", expected=f"{fmt(total)}分",
        locs=[level.loc] + locs(*cells))


def _noted_weights(form: FormTable) -> dict[str, Decimal]:
    """Weights a note under the table fixes (产出指标50分 …), keyed like PROJECT_BLOCKS."""
    if not states(form, WEIGHTS_RULE):
        return {}
    noted = {}
    for name, number in NOTED_WEIGHT.findall(stated_texts(form)):
        key = next((k for k in PROJECT_BLOCKS if k in name), EXECUTION)
        noted[key] = to_decimal(number)
    return noted


def _block_findings(form: FormTable) -> tuple[list[Finding], list[Finding]]:
    """Each 一级 block against the weight a note fixes (proven, first list) or the principle's (a warning,
    second list)."""
    noted = _noted_weights(form)
    if form.kind != "项目支出" and not noted:
        return [], []
    expected_weights = {**PROJECT_BLOCKS, **{k: v for k, v in noted.items() if k in PROJECT_BLOCKS}}
    stated_levels = {level.path[0] for level in form.level_weights if len(level.path) == 1}
    proven, principle = [], []
    for top in dict.fromkeys(row.path[0] for row in form.indicators if len(row.path) > 1):
        key = BLOCK_NAMES.get(top)
        rows = _under(form.indicators, [top])
        cells = _weighted(rows)
        if key is None or top in stated_levels or not cells or not _ends_inside(form, rows):
            continue
        total, expected = _weight_sum(cells), expected_weights[key]
        if total == expected:
            continue
        basis = "表下注明" if key in noted else "原则上"
        (proven if key in noted else principle).append(Finding(
            "WEIGHT_SUM", sum_severity(form, total < expected) if key in noted else "warning",
            f"自评表“{top}”各指标分值合计{fmt(total)}分，{basis}应为{fmt(expected)}分。",
            about=top, stated=f"{fmt(total)}分", expected=f"{fmt(expected)}分", locs=locs(*cells)))
    return proven + _noted_execution_finding(form, noted), principle


def _noted_execution_finding(form: FormTable, noted: dict[str, Decimal]) -> list[Finding]:
    """The execution row against the weight a note fixes for it (no note: templates weigh it 10 or 20)."""
    weight, _ = _execution(form)
    expected = noted.get(EXECUTION)
    if expected is None or weight is None or weight.number is None or weight.number == expected:
        return []
    message = f"自评表预算执行率分值{fmt(weight.number)}分，表下注明应为{fmt(expected)}分。"
    return [Finding("WEIGHT_SUM", "error", message, about="预算执行率", stated=f"{fmt(weight.number)}分", expected=f"{fmt(expected)}分",
                    locs=locs(weight))]


# --- R4: Σ分值 against the full marks ------------------------------------------------------------


def _sum_finding(form: FormTable, explained: bool) -> Finding | None:
    execution_weight, _ = _execution(form)
    cells = ([execution_weight] if execution_weight is not None and execution_weight.number is not None else [])
    cells += _weighted(form.indicators)
    if not cells or _unweighted(form):
        return None
    total, full = _weight_sum(cells), _full_marks(form)
    # A table that stops early may miss rows: only an excess over the total is proven there.
    if not form.complete and total <= full:
        last = form.indicators[-1] if form.indicators else None
        where = f"在“{last.name}”行后" if last else ""
        return Finding("MISSING_DETAIL", "info",
                       f"自评表{where}即中止，未到总分行（表格不完整），分值合计与总分无法核对。",
                       about="自评表", locs=[_name_loc(last)] if last else [])
    if total == full or explained:
        return None
    return Finding(
        "WEIGHT_SUM", sum_severity(form, total < full),
        f"自评表各项分值合计{fmt(total)}分（含预算执行），不等于总分{fmt(full)}分，{_gap(total, full)}。",
        about="分值合计", stated=f"{fmt(total)}分", expected=f"{fmt(full)}分",
        locs=locs(form.total_weight, *cells))


@dataclass
class _Weights:
    findings: list[Finding]
    doubtful: set[Loc]  # weight cells that a proven inconsistency names: their rows are not judged again


def check_form_weights(form: FormTable) -> _Weights:
    levels = [f for level in form.level_weights if (f := _level_finding(form, level))]
    # A level whose rows disagree with its written weight is the root cause of a wrong sum: said once.
    total = _sum_finding(form, explained=bool(levels))
    wrong_sum = [total] if total is not None and total.code == "WEIGHT_SUM" else []
    noted, principle = _block_findings(form) if not (levels or wrong_sum) else ([], [])
    proven = levels + wrong_sum + noted
    rest = [total] if total is not None and not wrong_sum else []
    return _Weights(proven + rest + principle, {loc for finding in proven for loc in finding.locs})


# --- R6, total above its 分值, R7 ----------------------------------------------------------------


@dataclass
class _Scores:
    cells: list[Value]  # the score cells of the scored rows
    capped: Decimal  # their sum with each score above its 分值 counted at the 分值 (SCORE_OVER_WEIGHT's)
    open_weight: Decimal  # 分值 of applicable rows without a score
    applicable: Decimal  # 分值 of the applicable rows (the base of the R11 rescale)


def _scores(form: FormTable) -> _Scores:
    execution_weight, execution_score = _execution(form)
    rows = [(row.cells.get("weight"), row.cells.get("score")) for row in form.indicators if not row.not_applicable]
    rows.append((execution_weight, execution_score))
    weighted = [(w.number if w is not None else None, s) for w, s in rows]
    scored = [(w, s) for w, s in weighted if s is not None and s.number is not None]
    capped = sum((s.number if w is None else min(s.number, w) for w, s in scored), ZERO)
    open_weight = sum((w for w, s in weighted if w is not None and (s is None or s.number is None)), ZERO)
    applicable = sum((w for w, _ in weighted if w is not None), ZERO)
    return _Scores([s for _, s in scored], capped, open_weight, applicable)


def _total_findings(form: FormTable) -> list[Finding]:
    stated = _stated_total(form)
    if stated is None or stated.number is None:
        return []
    claimed, full = stated.number, _full_marks(form)
    if claimed > full + SCORE_SLACK:
        return [Finding("SCORE_OVER_WEIGHT", "error", f"自评表总分{fmt(claimed)}分，超过满分{fmt(full)}分。",
                        about="总分", stated=f"{fmt(claimed)}分", expected=f"≤{fmt(full)}分", locs=locs(stated))]
    scores = _scores(form)
    scored = scores.cells
    if not scored or not form.complete:
        return []
    total = _weight_sum(scored)
    reachable = scores.capped + scores.open_weight
    # A score above its 分值 is its own finding: a total that holds with it capped is not wrong again.
    candidates = [total, scores.capped]
    if scores.applicable and scores.applicable != full:
        candidates.append(total / scores.applicable * full)
    if scores.open_weight:
        if claimed <= reachable + SCORE_SLACK:
            return []
        message = (f"自评表总分{fmt(claimed)}分，高于各行所能达到的{fmt(reachable)}分（已填得分{fmt(total)}分，"
                   f"未填得分的指标分值{fmt(scores.open_weight)}分）。")
        expected = f"≤{fmt(reachable)}分"
    else:
        tolerance = score_tolerance(claimed, [cell.number for cell in scored])
        if any(abs(claimed - candidate) <= max(tolerance, SCORE_SLACK) for candidate in candidates):
            return []
        message = f"自评表总分{fmt(claimed)}分，各项得分合计{fmt(total)}分，{_gap(claimed, total)}。"
        expected = f"{fmt(total)}分"
    severity = sum_severity(form, claimed > total)  # rows short of the total: one may be lost on copied text
    return [Finding("SUBTOTAL_MISMATCH", severity, message, about="总分", stated=f"{fmt(claimed)}分",
                    expected=expected, locs=locs(stated, *scored))]


def _level_score_findings(form: FormTable) -> list[Finding]:
    """A level's stated score (小计 | 25 | 24, 决策 | 20 | 19) against the scores of its rows (§5.5)."""
    found = []
    for level in form.level_weights:
        rows = [row for row in _under(form.indicators, level.path) if not row.not_applicable]
        cells = [row.cells.get("score") for row in rows]
        if level.score is None or not rows or any(c is None or c.number is None for c in cells) \
                or not _ends_inside(form, rows):
            continue
        claimed, total = level.score.number, _weight_sum(cells)
        if abs(claimed - total) <= max(score_tolerance(claimed, [c.number for c in cells]), SCORE_SLACK):
            continue
        name = level.path[-1]
        found.append(Finding(
            "SUBTOTAL_MISMATCH", sum_severity(form, claimed > total),
            f"自评表“{name}”得分{fmt(claimed)}分，其下各指标得分合计{fmt(total)}分，{_gap(claimed, total)}。",
            about=name, stated=f"{fmt(claimed)}分", expected=f"{fmt(total)}分", locs=locs(level.score, *cells)))
    return found


def _graded_total(form: FormTable) -> tuple[Decimal, list[Value], str] | None:
    """The total a written grade stands on: the stated 总分, else on a whole table the sum of its scores."""
    stated = _stated_total(form)
    if stated is not None and stated.number is not None:
        return stated.number, [stated], "总分"
    scores = _scores(form)
    if not form.complete or not scores.cells or scores.open_weight:
        return None
    return _weight_sum(scores.cells), scores.cells, "各项得分合计"


def check_form_grade(form: FormTable) -> list[Finding]:
    word = normalize_grade(form.grade.text) if form.grade is not None else None
    graded = _graded_total(form) if word is not None else None
    if graded is None:
        return []
    total, cells, basis = graded
    band = grade(total)
    if band == word:
        return []
    return [Finding("GRADE_MISMATCH", "error",
                    f"自评表等级“{form.grade.text}”与{basis}{fmt(total)}分不符，该分数对应等级为“{band}”。",
                    about="评价等级", stated=f"{fmt(total)}分，{form.grade.text}",
                    expected=f"{band}（{fmt(total)}分）", locs=locs(form.grade, *cells))]


def check_form(form: FormTable) -> list[Finding]:
    weights = check_form_weights(form)
    # Rows whose 分值 is itself in doubt are not judged by their score again (one root cause, one finding).
    doubtful = weights.doubtful
    found = (check_funds_identity(form) + check_rates(form) + weights.findings + check_over_weight(form)
             + _level_score_findings(form) + _total_findings(form) + check_execution_score(form, doubtful) + check_row_rules(form, doubtful)
             + check_form_grade(form) + check_reasons(form, doubtful))
    return sorted(found, key=lambda finding: _ORDER.index(finding.code))


def check_forms(document, extraction) -> list[Finding]:
    return [finding for form in extraction.forms for finding in check_form(form)]
