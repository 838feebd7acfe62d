"""One review per source file: naming, which review a report opens with, legacy files, saving over a
review that changed on disk, leftovers of an interrupted save."""

import json
import shutil
from decimal import Decimal as D

import pytest
from conftest import sample

from core.analysis import open_report
from core.review.files import autosave_path, interrupted_saves, legacy_review_path, review_path_for
from core.review.opening import open_review, plan_open
from core.review.storage import ReviewFileError, read_review
from review_helpers import make_session

REPORT = "kaoping-20xx-project"


def test_review_name_keeps_the_source_name_and_ends_in_the_app_extension(tmp_path):
    assert review_path_for(tmp_path / "报告.pdf") == tmp_path / "报告.pdf.jxfh"
    assert autosave_path(review_path_for(tmp_path / "报告.pdf")).name == "报告.pdf.jxfh.autosave"
    assert legacy_review_path(tmp_path / "报告.pdf") == tmp_path / "报告.review.json"


def test_a_pdf_and_a_docx_of_one_report_keep_two_reviews(tmp_path):
    pdf, docx = tmp_path / "报告.pdf", tmp_path / "报告.docx"
    shutil.copy(sample("pdf", REPORT), pdf)
    shutil.copy(sample("docx", REPORT), docx)
    from_pdf = open_report(pdf)
    var = from_pdf.variable_ids()[0]
    from_pdf.set_value(var, D("111"))
    from_docx = open_report(docx)
    from_docx.set_value(var, D("222"))
    assert from_pdf.save() == tmp_path / "报告.pdf.jxfh"
    assert from_docx.save() == tmp_path / "报告.docx.jxfh"
    assert read_review(tmp_path / "报告.pdf.jxfh").values[var].value == D(111)
    assert read_review(tmp_path / "报告.docx.jxfh").values[var].value == D(222)
    assert plan_open(docx).review == tmp_path / "报告.docx.jxfh"
    reopened = open_review(plan_open(docx).review)
    assert reopened.status == "ok" and reopened.session.value(var).value == D(222)


def legacy_review(tmp_path, source_name="报告.txt"):
    """A review saved by an earlier version: 报告.review.json recording `source_name`."""
    s = make_session(tmp_path / source_name)
    s.set_value("staff_actual", D(7))
    return s, s.save(tmp_path / "报告.review.json")


def test_a_legacy_review_opens_and_moves_to_its_own_name_on_save(tmp_path):
    _, legacy = legacy_review(tmp_path)
    plan = plan_open(tmp_path / "报告.txt")
    assert plan.review == legacy and plan.saved_review and not plan.is_review
    opened = open_review(legacy).session
    assert opened.value("staff_actual").value == D(7)
    assert opened.review_path == tmp_path / "报告.txt.jxfh"
    opened.set_value("staff_quota", D(9))
    opened.autosave()
    assert autosave_path(tmp_path / "报告.txt.jxfh").is_file()  # the autosave follows the new name
    opened.save()
    assert not legacy.exists() and read_review(tmp_path / "报告.txt.jxfh").values["staff_quota"].value == D(9)


def test_a_legacy_review_of_the_other_file_is_not_offered(tmp_path):
    """The bug: 报告.pdf's 报告.review.json was offered as 'changed' for 报告.docx and then overwritten."""
    _, legacy = legacy_review(tmp_path, "报告.pdf")
    before = legacy.read_bytes()
    (tmp_path / "报告.docx").write_text("另一份文件", encoding="utf-8")
    plan = plan_open(tmp_path / "报告.docx")
    assert plan.review == tmp_path / "报告.docx.jxfh" and not plan.saved_review and not plan.recoverable
    assert legacy.read_bytes() == before


def test_a_review_opened_with_another_file_saves_under_that_files_name(tmp_path):
    s, _ = legacy_review(tmp_path)
    review = s.save(tmp_path / "报告.txt.jxfh")
    other = tmp_path / "另一份.txt"
    shutil.copy(tmp_path / "报告.txt", other)
    outcome = open_review(review, other)
    assert outcome.status == "ok" and outcome.session.review_path == tmp_path / "另一份.txt.jxfh"
    outcome.session.set_value("staff_quota", D(9))
    outcome.session.save()
    assert read_review(review).values["staff_quota"].value == D(8)  # the first file's review is untouched


def test_saving_over_a_review_changed_on_disk_asks_first(tmp_path):
    s, _ = legacy_review(tmp_path)
    review = s.save(tmp_path / "报告.txt.jxfh")
    first = open_review(review).session
    second = open_review(review).session
    second.set_value("staff_quota", D(10))
    second.save()
    first.set_value("staff_quota", D(11))
    with pytest.raises(ReviewFileError) as err:
        first.save()
    assert err.value.code == "CHANGED_ON_DISK" and "已被其他程序" in err.value.message
    assert read_review(review).values["staff_quota"].value == D(10)
    first.save(overwrite=True)
    assert read_review(review).values["staff_quota"].value == D(11)
    first.set_value("staff_quota", D(12))
    first.save()  # its own last write: no question
    assert read_review(review).values["staff_quota"].value == D(12)


def test_a_new_review_does_not_silently_replace_an_existing_one(tmp_path):
    s, _ = legacy_review(tmp_path)
    review = s.save(tmp_path / "报告.txt.jxfh")
    fresh = make_session(tmp_path / "报告.txt")  # the reviewer declined to continue the saved review
    with pytest.raises(ReviewFileError, match="CHANGED_ON_DISK"):
        fresh.save()
    assert read_review(review).values["staff_actual"].value == D(7)


def test_temporary_files_of_an_interrupted_save_go_when_the_review_opens(tmp_path):
    s, _ = legacy_review(tmp_path)
    review = s.save(tmp_path / "报告.txt.jxfh")
    for leftover in (".报告.txt.jxfh.k1ll3d.tmp", ".报告.txt.jxfh.autosave.x9.tmp"):
        (tmp_path / leftover).write_bytes(b'{"schema": "rev')
    (tmp_path / ".其他.txt.jxfh.keep.tmp").write_bytes(b"")
    assert len(interrupted_saves(review)) == 2
    assert open_review(review).status == "ok"
    assert interrupted_saves(review) == [] and (tmp_path / ".其他.txt.jxfh.keep.tmp").exists()


def test_locations_beyond_the_report_are_dropped_on_opening(tmp_path):
    s, _ = legacy_review(tmp_path)
    review = s.save(tmp_path / "报告.txt.jxfh")
    raw = json.loads(review.read_text(encoding="utf-8"))
    raw["values"]["staff_quota"]["loc"].update(start=10**6, end=10**6 + 3)
    review.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    outcome = open_review(review)
    assert outcome.status == "ok" and outcome.unanchored == ["staff_quota"]
    assert outcome.session.value("staff_quota").value == D(8) and outcome.session.value("staff_quota").loc is None


def test_a_review_named_after_the_file_is_its_own_even_after_both_were_renamed(tmp_path):
    s, _ = legacy_review(tmp_path)
    s.save(tmp_path / "报告.txt.jxfh")
    (tmp_path / "报告.txt").rename(tmp_path / "终稿.txt")
    (tmp_path / "报告.txt.jxfh").rename(tmp_path / "终稿.txt.jxfh")
    plan = plan_open(tmp_path / "终稿.txt")
    assert plan.review == tmp_path / "终稿.txt.jxfh" and plan.saved_review
    session = open_review(plan.review, plan.path).session
    session.set_value("staff_quota", D(9))
    assert session.save() == tmp_path / "终稿.txt.jxfh"  # no question: it is this file's review
