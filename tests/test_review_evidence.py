"""The spans that support an indicator: its claim, its inputs' sources, and their repeats in its section."""

from conftest import sample
from core.analysis import open_report
from core.review.evidence import indicator_spans


def test_budget_completion_rate_points_at_its_claim_inputs_and_working():
    session = open_report(sample("pdf", "baojing-2019-dept"))
    text = session.document.text
    spans = indicator_spans(session, "budget_completion_rate")
    quotes = [text[s:e] for s, e in spans]
    assert "预算完成率" in quotes[0]  # the claim comes first, so the view scrolls to it
    claim_end = spans[0][1]
    working = [text[s:e] for s, e in spans if s > claim_end and s < claim_end + 400]
    for figure in ("136.73", "253.21", "13.38", "46.84"):
        assert any(figure in quote for quote in working), figure
    for var in session.indicator_result("budget_completion_rate").inputs:
        loc = session.value(var).loc
        assert (loc.start, loc.end) in spans
    assert len(spans) == len(set(spans))


def test_an_indicator_without_claim_or_figures_has_no_spans():
    session = open_report(sample("txt", "baojing-2019-dept"))
    assert indicator_spans(session, "duty_effect") == []
