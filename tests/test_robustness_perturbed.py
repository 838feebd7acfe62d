"""Metamorphic tests: a meaning-preserving rewrite of a txt report (tools/perturb.py) must not change what
extraction reads (claims by name/weight/score, meta, figures by label/value) nor the error findings."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from functools import cache

import pytest
from conftest import REPORT_IDS, ROOT, SCORESHEET_ID, sample

_spec = importlib.util.spec_from_file_location("perturb", ROOT / "tools" / "perturb.py")
perturb = sys.modules.setdefault("perturb", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(perturb)

IDS = REPORT_IDS + [SCORESHEET_ID]
NAMES = [p.name for p in perturb.PERTURBATIONS]
# Perturbations whose result depends on the seed (page width, which amount, which wording): more seeds.
SEEDED = ("rewrap", "rewrap_with_page_numbers", "score_phrase_variants", "weight_label_variants",
          "one_amount_to_yuan", "one_amount_to_wanyuan")
EXTRA_SEEDS = (101, 202, 303)
COMBINATION_SEEDS = (1, 2, 3, 4, 5, 6)
META = ("unit", "year", "kind", "claimed_total", "claimed_grade")
_NAME_NOISE = re.compile(r"[\s\"'“”‘’「」]")


def _name(name: str) -> str:
    """A claim's name compared across rewrites: full-width, quotes and spaces do not count."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name))


def _meta_value(meta, field: str):
    value = getattr(meta, field)
    return _name(value) if isinstance(value, str) else value


@cache
def _original_text(report_id: str) -> str:
    from core.documents import load

    return load(sample("txt", report_id)).text


@cache
def _reading(text: str):
    """(claims, meta, figures, error findings) of a report text, each as a comparable value."""
    from core.checks import run_checks
    from core.extraction import choose_framework, extract, map_claims
    from core.frameworks import load_framework

    document = perturb.document_from_text(text)
    extraction = extract(document)
    claims = [(_name(c.name), c.weight, c.claimed_score) for c in extraction.claims]
    meta = {field: _meta_value(extraction.meta, field) for field in META}
    figures = sorted({(f.label, f.value) for f in extraction.figures})
    framework = load_framework(choose_framework(extraction))
    map_claims(extraction, framework)
    errors = sorted({(f.code, _name(f.about or "")) for f in run_checks(document, extraction, framework)
                     if f.severity == "error"})
    return claims, meta, figures, errors


def _assert_same_reading(report_id: str, perturbation, seed: int | None = None) -> None:
    original = _original_text(report_id)
    changed = perturbation.apply(original, seed=len(report_id) if seed is None else seed)
    want, got = _reading(original), _reading(changed)
    for part, w, g in zip(("claims", "meta", "figures", "errors"), want, got, strict=True):
        assert g == w, f"{perturbation.name} changed the {part} of {report_id}"


def _changes(report_id: str, name: str, seed: int | None) -> bool:
    original = _original_text(report_id)
    return perturb.BY_NAME[name].apply(original, seed=len(report_id) if seed is None else seed) != original


def _cases(names, seeds=(None,)):
    """(sample, perturbation, seed) where the perturbation rewrites the sample (else nothing is tested)."""
    return [(i, n, s) for i in IDS for n in names for s in seeds
            if (i, n) not in perturb.NOT_MEANING_PRESERVING and _changes(i, n, s)]


@pytest.mark.parametrize("report_id,name,seed", _cases(NAMES))
def test_perturbation_keeps_reading(report_id, name, seed):
    _assert_same_reading(report_id, perturb.BY_NAME[name], seed)


@pytest.mark.parametrize("report_id,name,seed", _cases(SEEDED, EXTRA_SEEDS))
def test_seeded_perturbation_keeps_reading(report_id, name, seed):
    _assert_same_reading(report_id, perturb.BY_NAME[name], seed)


@pytest.mark.parametrize("seed", COMBINATION_SEEDS)
@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_combined_perturbations_keep_reading(report_id, seed):
    _assert_same_reading(report_id, perturb.random_combination(seed))


# Every sample that numbers a level 一、 also numbers the next one （一）, so switching one style for the
# other would merge two levels there; these rewrites are tried on a report that uses one of the two.
ONE_STYLE_ONLY = {"numbering_cn_to_paren", "numbering_paren_to_cn"}
ONE_STYLE_REPORT = ("{}投入(20分)\n1、目标设定(8分)\n该项得8分。\n2、预算配置(12分)\n该项得10分。\n"
                    "{}过程(80分)\n1、预算执行(80分)\n该项得80分。\n综合得分98分，评价等级为优秀。\n")


def test_perturbations_change_the_text():
    """Every perturbation rewrites at least one sample (else it tests nothing)."""
    for p in perturb.PERTURBATIONS:
        if p.name not in ONE_STYLE_ONLY:
            assert any(_changes(i, p.name, None) for i in IDS), p.name


@pytest.mark.parametrize("name,marks", [("numbering_cn_to_paren", ("一、", "二、")),
                                        ("numbering_paren_to_cn", ("（一）", "（二）"))])
def test_top_level_numbering_style_keeps_reading(name, marks):
    text = ONE_STYLE_REPORT.format(*marks)
    changed = perturb.BY_NAME[name].apply(text)
    assert changed != text
    claims, meta, figures, errors = _reading(text)
    assert _reading(changed) == (claims, meta, figures, errors)
    assert claims[:2] == [("投入", 20, None), ("目标设定", 8, 8)] and meta["claimed_total"] == 98


def test_amount_restated_in_yuan_converts_exactly():
    text = "年初预算253.21万元，追加13.38万元。"
    assert perturb.one_amount_to_yuan(text, perturb.random.Random(0)) in (
        "年初预算2532100元，追加13.38万元。", "年初预算253.21万元，追加133800元。")
    assert perturb.one_amount_to_wanyuan("减少1000元", perturb.random.Random(0)) == "减少0.1万元"


def test_score_phrase_rewrites_only_indicator_scores():
    text = "根据评分标准该项得3分。综合以上绩效评价得分92分，优秀。"
    forms = {perturb.score_phrase_variants(text, perturb.random.Random(seed)) for seed in range(20)}
    assert forms == {f"根据评分标准{form.format(3)}。综合以上绩效评价得分92分，优秀。" for form in perturb.SCORE_FORMS}


@pytest.mark.parametrize("name", ["to_fullwidth", "sangong_cn_quotes", "rewrap_with_page_numbers"])
def test_perturbed_samples_still_match_their_gold(name):
    """Against gold (names mapped the same way) by tools/evaluate.py's rules: nothing missed, nothing false."""
    tally = perturb.score_against_gold(perturb.BY_NAME[name])
    assert tally.misses == [] and tally.errors_caught == tally.gold_errors > 0


def test_thousands_separators_leave_years_and_counts():
    text = "2019年收入2057.96万元，办件1044件，支出12345元。"
    assert perturb.thousands_separators(text) == "2019年收入2,057.96万元，办件1044件，支出12,345元。"
