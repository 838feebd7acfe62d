"""ReviewSession.set_value(loc=...): where the reviewer read a value is kept, saved and undone with it."""

from __future__ import annotations

from decimal import Decimal

from conftest import sample

from core.analysis import open_report
from core.extraction.model import Loc
from core.review.opening import open_review


def test_set_value_records_the_location_saves_it_and_undo_restores_the_old_one(tmp_path):
    report = tmp_path / "baojing-2019-dept.txt"
    report.write_bytes(sample("txt", "baojing-2019-dept").read_bytes())
    session = open_report(report)
    original = session.value("staff_actual")
    text = session.document.text
    start = text.index("编制数")
    loc = Loc(start, start + 3, None, text[start:start + 3])
    change = session.set_value("staff_actual", Decimal(9), loc=loc)
    assert change.variables == {"staff_actual"}
    assert session.value("staff_actual").loc == loc and session.value("staff_actual").value == Decimal(9)
    # The same number read at another place is still a change (the source moved).
    elsewhere = Loc(start + 1, start + 3, None, text[start + 1:start + 3])
    assert session.set_value("staff_actual", Decimal(9), loc=elsewhere).variables == {"staff_actual"}
    assert session.set_value("staff_actual", Decimal(9), loc=elsewhere) is None
    session.undo()
    assert session.value("staff_actual").loc == loc
    saved = session.save()
    reopened = open_review(saved).session
    assert reopened.value("staff_actual").loc == loc
    session.undo()
    assert session.value("staff_actual").loc == original.loc
    # Without a location the value keeps the one it had.
    session.set_value("staff_actual", Decimal(8))
    assert session.value("staff_actual").loc == original.loc
