"""自评表 copied from web pages (samples/forms/web): rows cut back from pipes, spaces, one cell per line and one
long line, against the gold; the same rows whatever way the page was copied; bounded on hostile text."""

import json
import re
from decimal import Decimal

import pytest
from conftest import SAMPLES, text_document

from core.documents import load
from core.extraction import extract
from core.forms.find import find_forms
from core.forms.stream import copied_sources
from core.forms.to_extraction import execution_row

WEB = SAMPLES / "forms" / "web"
WEB_IDS = sorted(p.stem for p in WEB.glob("*.txt"))
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def _gold(web_id: str) -> dict:
    return json.loads((WEB / f"{web_id}.gold.json").read_text(encoding="utf-8"))


def _form(text: str):
    forms = find_forms(text_document(text))
    assert len(forms) == 1
    return forms[0]


def _rows(form) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """What the table claims: the execution row (not where it carries the table's 100), then every indicator
    row with a weight or a score."""
    rows = []
    execution = execution_row(form)
    if execution is not None:
        rows.append((execution.label, execution.number("weight"), execution.number("score")))
    rows += [(row.name, row.number("weight"), row.number("score")) for row in form.indicators
             if row.number("weight") is not None or row.number("score") is not None]
    return rows


def _matches(gold_name: str, name: str) -> bool:
    bare = _BRACKETED.sub("", gold_name)
    return name in (gold_name, bare) or (len(name) >= 3 and name in gold_name) or (len(bare) >= 3 and bare in name)


@pytest.mark.parametrize("web_id", WEB_IDS)
def test_web_copy_gives_the_gold_rows_with_their_places(web_id):
    document = load(WEB / f"{web_id}.txt")
    form = _form(document.text)
    gold = _gold(web_id)
    rows = _rows(form)
    assert len(rows) == len(gold["claims"]) > 0
    for claim in gold["claims"]:
        found = [row for row in rows if _matches(claim["name"], row[0])]
        assert found, claim["name"]
        assert (found[0][1], found[0][2]) == (claim["weight"], claim["claimed_score"]), claim["name"]
    quotes = [(document.text.index(c["quote"]), len(c["quote"])) for c in gold["claims"]]
    for row in form.indicators:
        for value in row.cells.values():
            assert document.text[value.loc.start:value.loc.end] == value.loc.quote == value.text.strip()
        weight = row.cells["weight"].loc
        assert any(start <= weight.start and weight.end <= start + size for start, size in quotes), row.name


@pytest.mark.parametrize("web_id", WEB_IDS)
def test_web_copy_meta(web_id):
    meta = extract(load(WEB / f"{web_id}.txt")).meta
    expected = _gold(web_id)["meta"]
    assert (meta.unit, meta.year, meta.kind, meta.claimed_grade) == (
        expected["unit"], expected["year"], expected["kind"], expected["claimed_grade"])
    assert meta.claimed_total == (None if expected["claimed_total"] is None else Decimal(expected["claimed_total"]))


def test_cut_copy_is_incomplete_and_total_row_completes():
    assert [_form(load(WEB / f"{i}.txt").text).complete for i in WEB_IDS] == [False, False, False, True]
    total = _form(load(WEB / "tianchang-shuili-2022-project.txt").text)
    assert (total.total_weight.number, total.total_score.number) == (100, 100)
    assert total.notes and total.notes[0].text.startswith("注:1.一级指标分值统一设置为")


# --- the same table however the page was copied --------------------------------------------------------------

FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789%:()|"})
FURNITURE_BEFORE = "索引号: 000014349/2023-00012\n发布日期: 2023年02月01日\n【字体:大 中 小】\n"
FURNITURE_AFTER = "\n打印本页 关闭窗口\n上一篇: 关于做好预算公开工作的通知\n"


def _cells_to_lines(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u3000]*[|｜][ \t\u00a0\u3000]*|[ \t\u00a0\u3000]+", "\n", text)


def _to_pipes(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " | ", line.strip()) for line in text.split("\n"))
    return "\n".join(line + " |" for line in lines if line)


def _ocr_tens(text: str) -> str:
    """10 as IO in every weight and score cell (OCR damage of digits in numeric columns)."""
    form = _form(text)
    spans = sorted((v.loc.start, v.loc.end) for row in form.indicators for role, v in row.cells.items()
                   if role in ("weight", "score") and v.text == "10")
    assert spans
    for start, end in reversed(spans):
        text = text[:start] + "IO" + text[end:]
    return text


PERTURBATIONS = {
    "pipes to spaces": lambda t: t.replace("|", " "),
    "cells to pipes": _to_pipes,
    "one cell per line": _cells_to_lines,
    "one long line": lambda t: re.sub(r"\s*\n\s*", " ", t),
    "full width": lambda t: t.translate(FULL_WIDTH),
    "furniture": lambda t: FURNITURE_BEFORE + t + FURNITURE_AFTER,
    "ocr tens": _ocr_tens,
}


@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
@pytest.mark.parametrize("web_id", WEB_IDS)
def test_same_rows_however_copied(web_id, perturbation):
    text = load(WEB / f"{web_id}.txt").text
    original = _form(text)
    changed = _form(PERTURBATIONS[perturbation](text))
    assert _rows(changed) == _rows(original)
    assert (changed.kind, changed.fields["年度"].number) == (original.kind, original.fields["年度"].number)


def test_tab_copied_form_reads_the_same_as_a_web_copy():
    """The Word copies (tab-separated rows) cut by the stream with their tabs turned into pipes."""
    for path in sorted((SAMPLES / "forms" / "txt").glob("*.txt")):
        text = load(path).text
        assert _rows(_form(text.replace("\t", " | "))) == _rows(_form(text)), path.name


# --- what is no table, and hostile sizes ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "|||| | ||\n" * 50,
    "三级指标",
    "一级指标 二级指标 三级指标 分值 得分",
    "项目支出绩效自评表\n（2021年度）\n年度总体目标 预期目标 实际完成情况",
    "1\n" * 200_000,
    "三级指标\n" * 20_000,
    "一级指标 二级指标 三级指标 分值 得分 " * 5_000,
])
def test_no_rows_from_text_without_a_table(text):
    assert find_forms(text_document(text)) == []


def test_a_long_run_of_rows_is_cut_to_a_window():
    text = "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n" + "产出指标 数量指标 办件数量 ≥100件 96件 10 9\n" * 20_000
    sources = copied_sources(text)
    assert len(sources) == 1 and 100 < len(sources[0].rows) < 20_000
    form = _form(text[:2_000])
    assert form.indicators[0].path == ["产出指标", "数量指标", "办件数量"]
    assert (form.indicators[0].number("weight"), form.indicators[0].number("score")) == (10, 9)
