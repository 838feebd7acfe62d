"""The safe formula evaluator: precedence, Decimal exactness, typed outcomes instead of crashes."""

from decimal import Decimal as D

import pytest

from core.rulebook.formula import FormulaError, compile_formula, evaluate

HUNAN = "(carryover_prev + budget_initial + budget_added - carryover_end) / (carryover_prev + budget_initial + budget_added) * 100"


def test_hunan_budget_completion_rate_full_precision():
    values = {
        "carryover_prev": D("136.73"),
        "budget_initial": D("253.21"),
        "budget_added": D("13.38"),
        "carryover_end": D("46.84"),
    }
    outcome = evaluate(HUNAN, values)
    assert outcome.status == "ok"
    assert str(outcome.value)[:7] == "88.3863"  # 88.38639…, not rounded
    assert compile_formula(HUNAN).variables == ("carryover_prev", "budget_initial", "budget_added", "carryover_end")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("-2 * -3", "6"),
        ("10 - 4 - 3", "3"),
        ("100 / 8 / 5", "2.5"),
        ("0.1 + 0.2", "0.3"),
        ("7 × 2 ÷ 4", "3.5"),
        ("（1+1）*.5", "1.0"),
    ],
)
def test_arithmetic(text, expected):
    assert evaluate(text, {}).value == D(expected)


def test_zero_over_zero_and_division_by_zero_are_outcomes():
    formula = "a / b * 100"
    assert evaluate(formula, {"a": D(0), "b": D(0)}).status == "zero_zero"
    assert evaluate(formula, {"a": D("1.7"), "b": D(0)}).status == "div_zero"
    assert evaluate("(a - b) / b * 100", {"a": D(0), "b": D(0)}).status == "zero_zero"


def test_missing_and_none_inputs_are_named():
    outcome = evaluate("staff_actual / staff_quota * 100", {"staff_actual": D(7), "staff_quota": None})
    assert (outcome.status, outcome.value, outcome.missing) == ("missing", None, ("staff_quota",))


@pytest.mark.parametrize(
    "text, where",
    [
        ("a +", "结尾"),
        ("(a + b", "“)”"),
        ("a $ b", "“$”"),
        ("a b", "运算符"),
        ("", "为空"),
        ("__import__('os')", "“'”"),
    ],
)
def test_syntax_errors_are_chinese_messages(text, where):
    with pytest.raises(FormulaError) as err:
        compile_formula(text)
    assert where in str(err.value)


def test_compiled_once():
    assert compile_formula("x / y * 100") is compile_formula("x / y * 100")


@pytest.mark.parametrize("text, words", [
    ("(" * 150 + "1" + ")" * 150, "嵌套超过 32 层"),
    ("-" * 300 + "1", "嵌套超过 32 层"),
    ("+".join(["a"] * 30_000), "超过上限 50000"),
])
def test_hostile_formulas_get_a_formula_error_not_recursion(text, words):
    with pytest.raises(FormulaError, match=words):
        compile_formula(text)


def test_nesting_within_the_bound_still_evaluates():
    text = "(" * 32 + "a" + ")" * 32
    assert evaluate(text, {"a": D(3)}).value == D(3)
    chain = "+".join(["a"] * 20_000)  # a chain is evaluated in a loop, not by recursion
    assert evaluate(chain, {"a": D(1)}).value == D(20_000)


def test_names_are_variables_never_code():
    outcome = evaluate("__import__ + os", {"__import__": D(1), "os": D(2)})
    assert outcome.value == D(3)
    with pytest.raises(FormulaError):
        compile_formula("__import__('os').system('true')")
