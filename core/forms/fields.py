"""The lines around a 自评表's grid: header fields (项目名称, 实施单位 …, a label cell then its value cell, or
标签：值 in one cell or line), 自评得分 / 评价等级 among them, the title (its kind) and the year."""

from __future__ import annotations

import re

from core.documents.model import Loc
from core.forms import vocabulary as vocab
from core.forms.cells import PageOf, grade_in, number_in, value_of
from core.forms.header import fold
from core.forms.model import FormTable, Value
from core.forms.rows import Field, Row, non_empty

_LABEL_END = re.compile(r"[:：]+$")
_FIELD_NOTE = re.compile(r"[(（][^)）]{0,8}[)）]")
_FIELD_LABEL = (rf"({'|'.join(map(re.escape, sorted(vocab.HEADER_FIELDS, key=len, reverse=True)))})"
                rf"\s*(?:[(（][^)）]{{0,8}}[)）])?\s*[:：]")
# 标签：值 in one cell or line, several on a line (填报单位（盖章）：某局    填报日期：2023年3月1日)
_FIELD_IN_CELL = re.compile(rf"(?<![\u4e00-\u9fff]){_FIELD_LABEL}\s*(\S.*?)\s*(?=\s{{2,}}|\s*{_FIELD_LABEL}|$)")
_YEAR = re.compile(r"[(（]\s*((?:19|20)\d{2})\s*年度?\s*[)）]|((?:19|20)\d{2})\s*年度")
_TITLE_YEAR = re.compile(r"()((?:19|20)\d{2})\s*年")  # 2023年项目支出绩效自评表: in a title the year is the table's


def is_field(text: str) -> bool:
    """A cell or line that is a header field's label, or holds 标签：值."""
    return bool(_FIELD_IN_CELL.search(text)) or _field_label(text) in vocab.HEADER_FIELDS


def names_a_table(row: Row) -> bool:
    """A row with a field naming a table (项目名称, 部门名称): it stands above the table it names."""
    names = {name for name, _ in vocab.KIND_FIELDS}
    return any(_field_label(f.text) in names or any(m.group(1) in names for m in _FIELD_IN_CELL.finditer(f.text))
               for f in non_empty(row))


def read_context(form: FormTable, row: Row, page_of: PageOf) -> bool:
    """A line above the table: the title (kind), the year, header fields. True where the row gave one."""
    used = read_fields(form, row, page_of)
    for f in non_empty(row):
        title = any(word in f.folded for word in vocab.TITLE_WORDS)
        if title:
            form.kind = next((kind for word, kind in vocab.KINDS if word in f.folded), form.kind)
            form.title = form.title or value_of(f, "title", page_of)
            used = True
        year = _YEAR.search(f.folded) or (_TITLE_YEAR.search(f.folded) if title else None)
        if year and "年度" not in form.fields:
            form.fields["年度"] = _year(f, year.group(1) or year.group(2), page_of)
            used = True
    return used


def _year(f: Field, digits: str, page_of: PageOf) -> Value:
    start = f.start + f.text.find(digits) if digits in f.text else f.start
    return Value(digits, Loc(start, start + len(digits), page_of(start), digits), number_in(digits, "year")[0])


def read_fields(form: FormTable, row: Row, page_of: PageOf) -> bool:
    """Header fields of the row (label cell then value cell, or 标签：值 in one cell); True if any."""
    filled = non_empty(row)
    found = False
    for k, f in enumerate(filled):
        in_cell = list(_FIELD_IN_CELL.finditer(f.text))
        for m in in_cell:
            value = Field(m.group(2), f.start + m.start(2), f.start + m.end(2))
            form.fields.setdefault(m.group(1), value_of(value, "field", page_of))
        label = _field_label(f.text)
        if in_cell or label in vocab.HEADER_FIELDS:
            found = True
        if not in_cell and label in vocab.HEADER_FIELDS and k + 1 < len(filled) \
                and _field_label(filled[k + 1].text) not in vocab.HEADER_FIELDS:
            form.fields.setdefault(label, value_of(filled[k + 1], "field", page_of))
    if found:
        _header_totals(form)
    return found


def _header_totals(form: FormTable) -> None:
    """自评得分 / 自评总分 and 评价等级 written in the header block (several provinces)."""
    for name in vocab.TOTAL_FIELDS:
        value = form.fields.get(name)
        if value is not None and form.total_score is None:
            number = number_in(value.text, "score")[0]
            if number is not None:
                form.total_score = Value(value.text, value.loc, number)
    for name in vocab.GRADE_FIELDS:
        if form.grade is None:
            form.grade = grade_in(form.fields.get(name))


def _field_label(text: str) -> str:
    """A header field's label cell as the vocabulary writes it: 填报单位（盖章）： → 填报单位."""
    return _LABEL_END.sub("", _FIELD_NOTE.sub("", fold(text)))
