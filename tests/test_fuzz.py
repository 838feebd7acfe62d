"""A fixed-seed slice of tools/fuzz.py, in-process: mutated samples of every cheap family end analysed or
with one typed error, never a crash or a typed error hiding an internal one, and are never written.
The expensive families (zip bombs, huge and long texts, deep nesting) have their own tests in test_bounds."""

import hashlib
import sys
from collections import Counter

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from tools.fuzz import CLEAN, analyse_in_process, materialise, plan_cases  # noqa: E402
from tools.fuzz_families import FAMILIES  # noqa: E402

SEED = 20261206
CASES = 240
CHEAP = tuple(family for family in FAMILIES if family.cost == 1)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    results = []
    for case in plan_cases(CASES, SEED, CHEAP):
        path = materialise(case, SEED, folder)
        if path is None:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        result = analyse_in_process(path)
        results.append((case, result, hashlib.sha256(path.read_bytes()).hexdigest() == digest))
        path.unlink()
    return results


def test_no_mutated_file_crashes_or_masks_an_internal_error(outcomes):
    bad = [f"{case.family.name} #{case.number} {case.seed_path.name}: {result['verdict']} {result.get('detail')}"
           for case, result, _ in outcomes if result["verdict"] not in CLEAN]
    assert len(outcomes) > CASES * 0.9 and bad == []


def test_every_cheap_family_ran_and_both_verdicts_occur(outcomes):
    families = Counter(case.family.name for case, _, _ in outcomes)
    verdicts = Counter(result["verdict"] for _, result, _ in outcomes)
    assert set(families) == {family.name for family in CHEAP}
    assert verdicts["ok"] > 20 and verdicts["typed"] > 20


def test_typed_errors_carry_a_load_code(outcomes):
    codes = {result["code"] for _, result, _ in outcomes if result["verdict"] == "typed"}
    assert codes and codes <= {"CORRUPT_FILE", "UNSUPPORTED_FORMAT", "ENCRYPTED", "EMPTY_FILE", "TOO_LARGE",
                               "TOO_COMPLEX"}


def test_no_mutated_file_is_written(outcomes):
    assert outcomes and all(unchanged for _, _, unchanged in outcomes)
