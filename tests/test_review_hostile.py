"""A review file is untrusted input: hostile files each get one typed error, nothing in them runs, and
random mutations of a real review never raise anything but ReviewFileError."""

import copy
import json
import random
import shutil
from decimal import Decimal as D

import pytest
from conftest import sample

from core.analysis import open_report
from core.review import storage
from core.review.opening import open_review
from core.review.storage import ReviewFileError, read_review

REPORT = "kaoping-20xx-project"
SENTINEL = "jxfh-hostile-sentinel"


@pytest.fixture(scope="module")
def real_review(tmp_path_factory):
    """A review of a real report with values, decisions, finding states and history: (its JSON, the report)."""
    folder = tmp_path_factory.mktemp("real")
    report = folder / f"{REPORT}.docx"
    shutil.copy(sample("docx", REPORT), report)
    session = open_report(report)
    var = session.variable_ids()[0]
    session.set_value(var, D("12.5"))
    judged = next(i for i in session.framework.indicators() if i.kind == "qualitative")
    session.set_comment(judged.id, "依据不足")
    session.set_manual_score(judged.id, judged.weight / 2)
    session.set_finding_state(session.finding_keys[0], status="accepted", note="属实")
    path = session.save()
    return json.loads(path.read_text(encoding="utf-8")), report


def first_indicator(raw):
    node = raw["framework"]["snapshot"]["roots"][0]
    while node["$type"] == "Node":
        node = node["children"][0]
    return node


def first_value(raw):
    return next(iter(raw["values"].values()))


def first_decision(raw):
    return next(iter(raw["decisions"].values()))


def _set(path, value):
    """A mutation that sets raw[path[0]][path[1]]… to value."""

    def mutate(raw):
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _formula(text):
    return lambda raw: first_indicator(raw).update(formula=text)


def _deep(depth):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE = {
    # wrong types everywhere
    "values is a list": (_set(["values"], []), "INVALID_CONTENT"),
    "decisions is a string": (_set(["decisions"], "x"), "INVALID_CONTENT"),
    "a decision is a number": (lambda raw: raw["decisions"].update(x=5), "INVALID_CONTENT"),
    "finding_states is null": (_set(["finding_states"], None), "INVALID_CONTENT"),
    "claim_map is a list": (_set(["claim_map"], [1]), "INVALID_CONTENT"),
    "history is an object": (_set(["history"], {"a": 1}), "INVALID_CONTENT"),
    "source is a string": (_set(["source"], "x"), "INVALID_CONTENT"),
    "snapshot is a number": (_set(["framework", "snapshot"], 1), "INVALID_CONTENT"),
    "value is a bare int": (lambda raw: first_value(raw).update(value=7), "INVALID_CONTENT"),
    "loc is a string": (lambda raw: first_value(raw).update(loc="0-5"), "INVALID_CONTENT"),
    "loc start is a string": (lambda raw: first_value(raw)["loc"].update(start="1"), "INVALID_CONTENT"),
    "level is true": (lambda raw: first_decision(raw).update(level=True), "INVALID_CONTENT"),
    "alternatives untagged": (lambda raw: first_value(raw).update(alternatives=[]), "INVALID_CONTENT"),
    "decision typed as a framework": (lambda raw: first_decision(raw).update({"$type": "Framework"}),
                                      "INVALID_CONTENT"),
    "a type tag naming a builtin": (lambda raw: first_decision(raw).update({"$type": "__import__"}),
                                    "INVALID_CONTENT"),
    "weight is a string": (lambda raw: first_indicator(raw).update(weight="10"), "INVALID_CONTENT"),
    # huge numbers, NaN and Infinity
    "exponent overflow": (lambda raw: first_value(raw).update(value={"$d": "1e999999999"}), "INVALID_CONTENT"),
    "hundred digits": (lambda raw: first_value(raw).update(value={"$d": "9" * 100}), "INVALID_CONTENT"),
    "decimal NaN": (lambda raw: first_value(raw).update(value={"$d": "NaN"}), "INVALID_CONTENT"),
    "decimal Infinity": (lambda raw: first_value(raw).update(value={"$d": "-Infinity"}), "INVALID_CONTENT"),
    "offset beyond any text": (lambda raw: first_value(raw)["loc"].update(end=10**12), "INVALID_CONTENT"),
    "weight of a million": (lambda raw: first_indicator(raw).update(weight={"$d": "1000000"}), "INVALID_CONTENT"),
    # deep nesting
    "deep rule parameters": (lambda raw: first_indicator(raw)["rule"]["params"].update(x=_deep(50)),
                             "INVALID_CONTENT"),
    "deep history details": (lambda raw: raw["history"][0]["details"].append({"x": _deep(50)}),
                             "INVALID_CONTENT"),
    "deep formula": (_formula("(" * 300 + "1" + ")" * 300), "INVALID_CONTENT"),
    "deep node tree": (lambda raw: raw["framework"]["snapshot"]["roots"].insert(0, _nested_nodes(12)),
                       "INVALID_CONTENT"),
    # code where a formula belongs: parsed by the safe parser, refused, never run
    "formula calling __import__": (_formula(f"__import__('os').system('touch {SENTINEL}')"), "INVALID_CONTENT"),
    "formula with a lambda": (_formula("(lambda: open('" + SENTINEL + "', 'w'))()"), "INVALID_CONTENT"),
    # values the review would refuse as edits
    "reversed location": (lambda raw: first_value(raw)["loc"].update(start=50, end=10), "INVALID_CONTENT"),
    "bad finding state": (lambda raw: next(iter(raw["finding_states"].values())).update(status="deleted"),
                          "INVALID_CONTENT"),
    "unknown origin": (lambda raw: first_value(raw).update(origin="magic"), "INVALID_CONTENT"),
    "score above the weight": (lambda raw: first_decision(raw).update(manual_score={"$d": "1000"}),
                               "INVALID_CONTENT"),
    "negative score": (lambda raw: first_decision(raw).update(manual_score={"$d": "-1"}), "INVALID_CONTENT"),
    "level out of range": (lambda raw: first_decision(raw).update(level=99), "INVALID_CONTENT"),
    "unknown rule type": (lambda raw: first_indicator(raw)["rule"].update(type="exec"), "INVALID_CONTENT"),
    "value keyed under another variable": (lambda raw: first_value(raw).update(var="other"), "INVALID_CONTENT"),
    "a variable named like code": (lambda raw: raw["values"].update({"__import__('os')": dict(
        first_value(raw), var="__import__('os')")}), "INVALID_CONTENT"),
    "a comment of a million characters": (lambda raw: first_decision(raw).update(comment="长" * 10**6),
                                          "INVALID_CONTENT"),
    "a second schema": (_set(["schema"], "review/999"), "UNSUPPORTED_FORMAT"),
}


def _nested_nodes(depth):
    node = {"$type": "Node", "name": "n", "weight": {"$d": "0"}, "children": []}
    for _ in range(depth):
        node = {"$type": "Node", "name": "n", "weight": {"$d": "0"}, "children": [node]}
    return node


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_hostile_review_file_gets_one_typed_error(case, real_review, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = copy.deepcopy(real_review[0])
    mutate, code = HOSTILE[case]
    mutate(raw)
    path = tmp_path / "hostile.jxfh"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReviewFileError) as err:
        read_review(path)
    assert err.value.code == code and str(err.value).startswith(f"错误[{code}]: ")
    assert not (tmp_path / SENTINEL).exists()


@pytest.mark.parametrize("content, code", [
    (b"[" * 100_000 + b"]" * 100_000, "CORRUPT_FILE"),
    (b'{"schema": "review/1", "x": NaN}', "CORRUPT_FILE"),
    (b'{"schema": "review/1", "x": -Infinity}', "CORRUPT_FILE"),
    (b'{"schema": "review/1", "x": ' + b"9" * 5000 + b"}", "CORRUPT_FILE"),
    (b"\xff\xfe\x00garbage", "CORRUPT_FILE"),
    (b"[]", "UNSUPPORTED_FORMAT"),
])
def test_hostile_json_is_a_corrupt_file(content, code, tmp_path):
    path = tmp_path / "hostile.jxfh"
    path.write_bytes(content)
    with pytest.raises(ReviewFileError) as err:
        read_review(path)
    assert err.value.code == code


def test_an_oversized_review_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.jxfh"
    path.write_bytes(b" " * 2048)
    with pytest.raises(ReviewFileError) as err:
        read_review(path)
    assert err.value.code == "TOO_LARGE"


def test_unknown_indicators_are_dropped_with_a_warning(real_review, tmp_path):
    raw = copy.deepcopy(real_review[0])
    raw["decisions"]["no_such_indicator"] = {"$type": "Decision", "level": 1}
    raw["claim_map"]["c1"] = "no_such_indicator"
    path = tmp_path / "review.jxfh"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    review = read_review(path)
    assert "no_such_indicator" not in review.decisions and review.claim_map["c1"] is None
    assert [w.split(":")[0] for w in review.warnings] == ["DROPPED_DECISION", "DROPPED_MAPPING"]
    assert len(review.decisions) == len(real_review[0]["decisions"])


# ---- mutations of a real review file ------------------------------------------------------------------

_REPLACEMENTS = (None, True, 0, -1, 10**30, 1.5, "", "x" * 30_000, [], {}, {"$d": "NaN"}, {"$d": "1e9999"},
                 {"$d": "abc"}, {"$t": "x"}, {"$type": "Framework"}, [[[[[]]]]], {"$d": "7"}, "open", 5)


def _slots(node, path=()):
    """Every (container, key) of the JSON tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield node, key
        yield from _slots(child, path + (key,))


def _mutate(raw, rng):
    slots = list(_slots(raw))
    for _ in range(rng.randint(1, 3)):
        container, key = rng.choice(slots)
        action = rng.random()
        if action < 0.15 and isinstance(container, dict):
            container.pop(key, None)
        elif action < 0.25:
            container[key] = _deep(rng.randint(5, 40))
        else:
            container[key] = copy.deepcopy(rng.choice(_REPLACEMENTS))


def test_random_mutations_of_a_real_review_never_raise_an_untyped_error(real_review, tmp_path):
    base, report = real_review
    rng = random.Random(20261206)
    path = tmp_path / f"{report.name}.jxfh"
    outcomes = {"refused": 0, "opened": 0}
    for _ in range(300):
        raw = copy.deepcopy(base)
        _mutate(raw, rng)
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        try:
            read_review(path)
        except ReviewFileError:
            outcomes["refused"] += 1
        else:
            outcomes["opened"] += 1
    assert outcomes["refused"] > 100 and outcomes["opened"] > 10, outcomes


def test_mutations_that_read_also_open_with_the_report(real_review, tmp_path):
    """What passes the decoder is also safe to restore into a session on the real report."""
    base, report = real_review
    shutil.copy(report, tmp_path / report.name)
    rng = random.Random(7)
    path = tmp_path / f"{report.name}.jxfh"
    opened = 0
    while opened < 8:
        raw = copy.deepcopy(base)
        _mutate(raw, rng)
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        try:
            outcome = open_review(path, reanchor=True)
        except ReviewFileError:
            continue
        opened += 1
        assert outcome.session is not None and outcome.session.result.totals.max == 100


def test_a_folder_or_an_unreadable_file_is_a_typed_error(tmp_path):
    folder = tmp_path / "folder.jxfh"
    folder.mkdir()
    with pytest.raises(ReviewFileError, match="CORRUPT_FILE"):
        read_review(folder)
    with pytest.raises(ReviewFileError, match="NOT_FOUND"):
        read_review(tmp_path / "missing.jxfh")


def test_a_dataclass_field_without_a_kind_in_the_schema_fails_at_once():
    from dataclasses import dataclass

    from core.review.schema import record, text

    @dataclass
    class Note:
        text: str
        author: str | None = None

    with pytest.raises(TypeError, match="author"):
        record(Note, {"text": text()})
