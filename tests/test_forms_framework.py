"""A 自评表 scored by its own rows: the reviewed total of a clean table is its claimed total, a corrected
figure rescores, not-applicable rows are rescaled, and the dept table has its own framework."""

from decimal import Decimal

from core.extraction.model import Extraction, Meta
from core.forms.framework import form_framework
from core.frameworks.validate import problems
from core.review.opening import framework_by_key, framework_for
from core.scoring.engine import compute
from tests.form_tables import funds, level_weight, project_table, row


def _claimed(form, framework):
    """The rows' 得分 by the indicator of the same name (what mapping the table's claims gives)."""
    by_name = {indicator.name: indicator.id for indicator in framework.indicators()}
    claimed = {by_name[r.name]: r.number("score") for r in form.indicators if r.number("score") is not None}
    claimed["execution_rate"] = form.funds[0].number("score")
    return claimed


def _review(form, values=None):
    framework = form_framework(form)
    assert problems(framework) == []
    return framework, compute(framework, values or {}, {}, _claimed(form, framework), form.total_score.number)


def test_clean_table_reviews_to_its_claimed_total():
    framework, result = _review(project_table())
    assert [root.name for root in framework.roots] == ["预算执行率", "产出指标", "效益指标", "满意度指标"]
    assert [root.weight for root in framework.roots] == [10, 50, 30, 10]
    assert result.totals.reviewed == Decimal("99.5") == result.totals.claimed
    assert result.by_id["execution_rate"].explanation.startswith("836 / 880")


def test_a_corrected_figure_rescores():
    framework, _ = _review(project_table())
    row_id = next(i.id for i in framework.indicators() if i.name == "完成及时率")
    _, corrected = _review(project_table(), {f"{row_id}_actual": Decimal(80), "project_actual": Decimal(704)})
    assert corrected.by_id[row_id].score == Decimal("13.33")  # 15 × 80/90
    assert corrected.by_id["execution_rate"].score == Decimal("8.00")  # 704/880 × 10


def test_table_weights_win_over_the_principle():
    form = project_table()
    form.funds[0].cells["weight"].number = Decimal(20)
    form.indicators[0].cells["weight"].number = Decimal(10)
    framework = form_framework(form)
    assert [root.weight for root in framework.roots] == [20, 40, 30, 10]


def test_not_applicable_row_with_a_weight_is_excluded_and_rescaled():
    form = project_table()
    form.indicators[4] = row("效益指标/生态效益指标/生态改善", na=True, target="/", actual="/", weight="10")
    form.indicators[3].cells["weight"].number = Decimal(10)
    form.indicators[3].cells["score"].number = Decimal(10)
    _, result = _review(form)
    assert result.totals.reviewed == Decimal("99.44")  # 89.5 of 90 applicable points, ×100/90


def test_rows_without_weight_share_the_level_weight():
    form = project_table(level_weights=[level_weight("产出指标", "50")])
    for r in form.indicators[:3]:
        del r.cells["weight"]
    framework = form_framework(form)
    weights = [i.weight for i in framework.indicators() if i.path[0] == "产出指标"]
    assert sum(weights) == 50 and weights[0] == Decimal("16.67")


def test_dept_table_has_its_own_framework_and_the_form_drives_the_choice():
    form = project_table(kind="部门整体支出")
    extraction = Extraction(Meta(kind="部门整体支出"), [], [], forms=[form])
    framework, choice = framework_for(extraction)
    assert framework.id == "dept-self:table" and framework.kind == "部门整体支出" and choice is None
    assert framework.variables["budget_available"].default == 880
    assert framework_for(extraction, "dept-national")[0].id == "dept-national"
    chosen, choice = framework_for(Extraction(Meta(kind="部门整体支出"), [], []))
    assert chosen.id == choice.id and chosen.id.startswith("dept-")


def test_a_funds_row_carrying_the_total_adds_no_execution_level():
    form = project_table(complete=False, total_weight=None)
    form.funds[0] = funds("年度资金总额", "total", budget="150", executed="125.25", weight="100", rate="83.5%",
                          score="98")
    assert form_framework(form).roots[0].name == "产出指标"


def test_rows_without_their_level_make_levels_of_their_own():
    form = project_table()
    for r in form.indicators:
        r.path = r.path[1:]
    framework = form_framework(form)
    assert problems(framework) == []
    assert [root.name for root in framework.roots][1:4] == ["数量指标", "质量指标", "时效指标"]
    assert len({i.id for i in framework.indicators()}) == len(list(framework.indicators()))


def test_the_table_s_own_framework_is_picked_again_by_its_id():
    extraction = Extraction(Meta(kind="项目支出"), [], [], forms=[project_table()])
    own, _ = framework_for(extraction)
    again = framework_by_key(extraction, own.id)
    assert again.id == "proj-self:table" and [i.id for i in again.indicators()] == [i.id for i in own.indicators()]
    assert framework_by_key(extraction, "proj-eval").id == "proj-eval"
    assert framework_for(extraction, own.id)[0].id == own.id  # --template with the table's own id


def test_a_table_cut_short_keeps_the_weight_of_its_unseen_rows_open():
    form = project_table(complete=False, total_weight=None, total_score=None, grade=None)
    del form.indicators[5:]  # the copy stops after 生态改善: 可持续影响 and 满意度 (20 points) are not shown
    framework = form_framework(form)
    unseen = framework.indicator("unseen_rows")
    assert unseen.weight == 20 and sum(root.weight for root in framework.roots) == 100
    result = compute(framework, {}, {}, _claimed(form, framework))
    assert result.totals.status == "provisional" and result.totals.reviewed == Decimal("79.5")
    assert result.totals.provisional_max == Decimal("99.5")
    assert form_framework(project_table()).roots[-1].name == "满意度指标"  # a whole table has none
