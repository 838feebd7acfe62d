"""Labels a clause gives an amount outside the §3 vocabulary: a fund named by its purpose or by the grant
that provides it, and a change against the previous year of the figure just stated (gold README: "another
plain Chinese label … that says what it is").
"""

from __future__ import annotations

import re

from core.extraction.figure_labels import CHANGE_SUFFIX

INCREASE_SUFFIX = "较上年增加"
_FUND = r"(?:经费|资金)"
# "用于专项业务工作的经费预算总支出" → 专项业务经费预算: the purpose names the fund; 总支出 is its total.
_PURPOSE = re.compile(rf"用于(?P<what>[^用的]{{2,12}}?)(?:工作|事项|方面)?的(?P<fund>{_FUND})(?P<budget>预算)?"
                      r"(?:总支出|总额|合计|总计|共计|支出)?$")
# "县财政每年拨付" + "50万元" + "工作经费" → 每年拨付工作经费: the grant verb and the fund after the amount.
_GRANT = re.compile(r"(?P<verb>(?:每年|每月|每季度|年均|全年|累计)?(?:拨付|拨入|划拨|下达|安排|投入|落实))$")
_GRANTED = re.compile(rf"^(?:的)?(?P<fund>[\u4e00-\u9fff]{{0,6}}?{_FUND})")
# "与上年对比增加" / "较上年" / "同比" (减少 is read into the amount's sign).
_CHANGE = re.compile(r"(?:(?:与|和|较|比)(?:上年|去年|上一年)(?:度)?(?:同期)?(?:对比|相比)?|同比)"
                     r"(?P<up>增加|增长|上升|提高)?了?$")


def purpose_label(clause: str) -> str | None:
    m = _PURPOSE.search(clause)
    return m.group("what") + m.group("fund") + (m.group("budget") or "") if m else None


def grant_label(clause: str, after: str) -> str | None:
    verb, fund = _GRANT.search(clause), _GRANTED.match(after)
    return verb.group("verb") + fund.group("fund") if verb and fund else None


def change_label(clause: str, previous: str | None) -> str | None:
    """The previous figure's label with the change suffix, when the clause only compares with last year."""
    m = _CHANGE.search(clause)
    if m is None or previous is None or previous.endswith((CHANGE_SUFFIX, INCREASE_SUFFIX)):
        return None
    return previous + (INCREASE_SUFFIX if m.group("up") else CHANGE_SUFFIX)
