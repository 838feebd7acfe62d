"""Table cells are broken into lines by core.exports.line_breaking: every character kept, no line wider than
the column except a hanging mark, closing punctuation never first on a line, figures not cut."""

import pytest

from core.exports.line_breaking import CANNOT_END_LINE, CANNOT_START_LINE, break_lines


def measure(ch: str) -> float:
    return 5.0 if ch.isascii() else 10.0  # a half-width and a full-width advance


@pytest.mark.parametrize("width", [30, 45, 60, 95])
@pytest.mark.parametrize("text", [
    "预算执行率＝（136.73＋253.21）÷390.46×100%＝88.39%，低于100%。",
    "三公经费实际支出1.7万元，超过预算1万元（超0.7万元），控制率170%。",
    "第4页“2、预算配置(20分)”；第6页“（三）产出及效率(26分)”",
    "“三公经费”变动率＝（1-1）/1×100%=100%≦0”；第4页“预算配置(20分)”",
])
def test_lines_keep_the_text_and_the_rules(text, width):
    lines = break_lines(text, width, measure)
    assert "".join(lines) == text
    for line in lines:
        body = line.rstrip(CANNOT_START_LINE)
        assert sum(map(measure, body)) <= width or len(body) == 1 or body.isascii(), line
    assert all(line[0] not in CANNOT_START_LINE for line in lines[1:]), lines
    assert all(line[-1] not in CANNOT_END_LINE for line in lines[:-1]), lines


def test_a_figure_moves_whole_to_the_next_line():
    assert break_lines("控制率为87.5%", 50, measure) == ["控制率为", "87.5%"]


def test_a_figure_longer_than_a_line_is_cut_at_the_margin():
    assert break_lines("12345678901234", 30, measure) == ["123456", "789012", "34"]


def test_existing_line_breaks_and_empty_text_stay():
    assert break_lines("第一行\n第二行", 100, measure) == ["第一行", "第二行"]
    assert break_lines("", 100, measure) == [""]
