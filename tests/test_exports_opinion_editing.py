"""The opinion editor's rules (core.exports.opinion_editing): per section the draft and what goes out; a text
equal to the draft (blank lines and edge blanks aside) stores nothing; each stored section is one undoable
edit; a completed review refuses an unconfirmed edit."""

from decimal import Decimal as D

import pytest

from conftest import sample
from core.exports.opinion import SECTIONS
from core.exports.opinion_editing import same_text, save_section_texts, section_texts
from core.review.signoff import ReviewCompletedError


@pytest.fixture
def session():
    from core.analysis import open_report

    return open_report(sample("txt", "baojing-2019-dept"), reviewer="张三")


def test_sections_start_as_the_draft(session):
    sections = section_texts(session)
    assert [(s.key, s.heading) for s in sections] == list(SECTIONS)
    assert all(s.text == s.draft for s in sections)
    assert "复核得分81分" in next(s for s in sections if s.key == "conclusion").draft


def test_edit_is_stored_undoable_and_the_draft_stores_nothing(session):
    draft = {s.key: s.draft for s in section_texts(session)}
    texts = {"basics": "改写的基本情况。", "conclusion": "\n  " + draft["conclusion"] + "\n\n", "no_such_section": "x"}
    changed = save_section_texts(session, texts)
    assert changed == 1 and session.opinion_edits == {"basics": "改写的基本情况。"}
    basics = next(s for s in section_texts(session) if s.key == "basics")
    assert basics.text == "改写的基本情况。" and not same_text(basics.text, basics.draft)
    session.undo()
    assert session.opinion_edits == {}
    session.redo()
    assert save_section_texts(session, {"basics": draft["basics"]}) == 1 and session.opinion_edits == {}


def test_stored_section_stays_when_the_review_changes(session):
    save_section_texts(session, {"requirements": "请按要求整改。"})
    var = next(v for v in session.variable_ids() if session.value(v) is not None and session.value(v).value)
    session.set_value(var, session.value(var).value + D(1))
    requirements = next(s for s in section_texts(session) if s.key == "requirements")
    assert requirements.text == "请按要求整改。" and requirements.draft != requirements.text


def test_completed_review_refuses_an_unconfirmed_edit(session):
    session.set_completed(True)
    with pytest.raises(ReviewCompletedError):
        save_section_texts(session, {"basics": "改写。"})
    assert session.opinion_edits == {} and session.completed


def test_same_text_ignores_blank_lines_and_edges():
    assert same_text("甲\n\n  乙  \n", "甲\n乙") and not same_text("甲乙", "甲\n乙")
