"""ReviewSession on a hand-made framework: edits, labels, change sets, undo/redo, dirty tracking."""

from decimal import Decimal as D

from review_helpers import loc_of, make_framework, make_session


def test_initial_result_uses_extracted_values():
    s = make_session()
    assert s.value("staff_actual").value == D(8) and s.value("staff_actual").origin == "extracted"
    assert s.result.by_id["staff_rate"].value == D(100)
    assert s.result.by_id["staff_rate"].score == D(30)
    assert s.result.by_id["exec_rate"].score == D(46)  # 90%: two 5-point steps below 100 → 50 − 4
    assert s.result.totals.reviewed == D(96)
    assert s.claimed() == {"staff_rate": D(30), "exec_rate": D(45), "mgmt_rules": D(20), "过程": D(65)}
    assert next(lv for lv in s.result.totals.levels if lv.path == ("过程",)).claimed == D(65)
    assert not s.dirty and not s.can_undo


def test_edit_reports_exactly_what_changed():
    s = make_session()
    change = s.set_value("staff_actual", D(9))
    assert change.label == "修改 在职人数: 8 → 9"
    assert change.action == "do"
    assert change.variables == {"staff_actual"}
    assert change.indicators == {"staff_rate"}
    assert change.levels == {("投入",), ("投入", "预算配置")}
    assert change.totals and not change.framework
    assert s.result.by_id["staff_rate"].value == D("112.5")
    assert s.result.by_id["staff_rate"].score == D(0)
    assert s.result.totals.reviewed == D(66)
    assert s.value("staff_actual").origin == "corrected"
    assert s.undo_label == "修改 在职人数: 8 → 9"


def test_undo_redo_restore_every_derived_value():
    s = make_session()
    before, findings_before = s.result, s.findings
    s.set_value("staff_actual", D(9))
    s.set_level("mgmt_rules", 2)
    after, findings_after = s.result, s.findings
    assert after.by_id["mgmt_rules"].score == D(16)
    undo = s.undo()
    assert undo.action == "undo" and undo.indicators == {"mgmt_rules"}
    s.undo()
    assert s.result == before and s.findings == findings_before
    assert s.value("staff_actual").origin == "extracted"
    s.redo()
    redo = s.redo()
    assert redo.label == "设置 管理制度健全性 等级: 2"
    assert s.result == after and s.findings == findings_after
    assert s.redo() is None


def test_unchanged_edit_is_not_a_command():
    s = make_session()
    assert s.set_value("staff_actual", D("8.0")) is None
    assert s.set_level("mgmt_rules", None) is None
    assert s.set_value("budget_added", None) is None
    assert not s.can_undo and s.revision == 0


def test_value_for_unstated_variable_is_entered():
    s = make_session()
    change = s.set_value("budget_added", D("13.38"))
    assert change.label == "修改 budget_added: 空 → 13.38"
    assert s.value("budget_added").origin == "entered" and s.value("budget_added").loc is None
    assert change.indicators == frozenset()  # no formula of this framework uses it
    s.undo()
    assert s.value("budget_added") is None


def test_choose_alternative_and_restore_extracted():
    s = make_session()
    change = s.choose_alternative("staff_actual", 0)
    assert change.label == "选用 在职人数 候选值: 8 → 7"
    vv = s.value("staff_actual")
    assert (vv.value, vv.origin, vv.loc) == (D(7), "corrected", loc_of("在职人数7人"))
    assert [(a.value, a.loc.quote) for a in vv.alternatives] == [(D(8), "实有人数8人")]
    assert s.result.by_id["staff_rate"].value == D("87.5")
    change = s.restore_extracted("staff_actual")
    assert change.label == "恢复 在职人数 提取值: 7 → 8"
    assert s.value("staff_actual") == s.extracted_value("staff_actual")


def test_decisions_are_canonical_and_labelled():
    s = make_session()
    assert s.set_manual_score("exec_rate", D("4.5")).label == "设置 预算完成率 复核得分: 4.5"
    assert s.result.by_id["exec_rate"].score == D("4.5")
    assert s.set_comment("exec_rate", "  结转资金未剔除  ").label == "修改 预算完成率 扣分原因"
    assert s.decision("exec_rate").comment == "结转资金未剔除"
    assert s.set_manual_score("exec_rate", None).label == "取消 预算完成率 复核得分"
    s.set_comment("exec_rate", "")
    assert dict(s.decisions) == {}
    assert s.set_not_applicable("mgmt_rules", True).label == "设为不适用: 管理制度健全性"


def test_listeners_and_unsubscribe():
    s = make_session()
    seen = []
    unsubscribe = s.subscribe(seen.append)
    s.set_value("staff_actual", D(7))
    s.undo()
    unsubscribe()
    s.redo()
    assert [(c.label, c.action, c.revision) for c in seen] == [
        ("修改 在职人数: 8 → 7", "do", 1), ("修改 在职人数: 8 → 7", "undo", 2)]


def test_dirty_follows_the_saved_position():
    s = make_session()
    s.set_value("staff_actual", D(7))
    assert s.dirty
    s.mark_saved()
    assert not s.dirty
    s.undo()
    assert s.dirty
    s.redo()
    assert not s.dirty
    s.undo()
    s.set_value("staff_actual", D(6))  # the saved state is now unreachable
    s.undo()
    assert s.dirty


def test_finding_states():
    s = make_session()
    key = s.finding_keys[0]
    assert key == "RULE_MISMATCH|预算完成率|45"
    assert s.finding_state(key).status == "open" and s.finding_state(key).include_in_opinion
    change = s.set_finding_state(key, status="dismissed", note="已核实")
    assert change.label == "驳回 问题: 预算完成率" and change.finding_states == {key}
    assert change.indicators == frozenset() and not change.totals
    assert not s.finding_state(key).include_in_opinion  # a dismissed finding leaves the opinion
    assert s.set_finding_state(key, include_in_opinion=True).label == "纳入复核意见: 预算完成率"
    s.undo()
    assert s.finding_state(key).note == "已核实" and not s.finding_state(key).include_in_opinion


def test_findings_follow_the_result():
    s = make_session()
    assert [f.about for f in s.findings] == ["预算完成率"]
    change = s.set_value("staff_actual", D(9))  # 在职人员控制率 now 0 instead of the claimed 30
    assert change.findings
    assert [(f.id, f.about) for f in s.findings] == [("k1", "在职人员控制率"), ("k2", "预算完成率")]


def test_framework_change_is_undoable():
    s = make_session()
    old_framework, old_result = s.framework, s.result
    new = make_framework("toy2", weights=(D(40), D(40), D(20)))
    change = s.set_framework(new, claim_map={"c1": "staff_rate", "c2": None, "c3": "mgmt_rules"})
    assert change.framework and change.label == "更换 指标体系: 测试体系toy → 测试体系toy2"
    assert s.result.by_id["staff_rate"].score == D(40)
    assert s.result.by_id["exec_rate"].claimed_score is None
    s.undo()
    assert s.framework is old_framework and s.result == old_result
    assert s.claim_map["c2"] == "exec_rate"


def test_map_claim():
    s = make_session()
    change = s.map_claim("c2", None)
    assert change.label == "取消关联 自评项 预算完成率" and change.claims == {"c2"}
    assert s.result.by_id["exec_rate"].claimed_score is None
    assert s.extraction.claims[1].indicator is None  # checks see the reviewer's mapping


def test_history_records_before_and_after():
    s = make_session()
    s.set_value("staff_actual", D(7))
    s.undo()
    do, undo = s.history
    assert (do.label, do.action, undo.action) == ("修改 在职人数: 8 → 7", "do", "undo")
    assert do.details[0]["before"]["value"] == {"$d": "8"} and do.details[0]["after"]["value"] == {"$d": "7"}
    assert undo.details[0]["after"]["value"] == {"$d": "8"}


def test_stated_value_is_used_only_without_figures():
    s = make_session()
    s.set_value("staff_actual", D(9))
    assert s.result.by_id["staff_rate"].value == D("112.5")
    s.set_value("staff_quota", None)  # formula impossible: the report's own "100%" is used
    assert s.result.by_id["staff_rate"].value == D(100)


def test_edit_after_undo_is_compared_with_the_undone_state():
    s = make_session()
    s.set_value("staff_actual", D(9))
    s.undo()
    change = s.set_value("staff_actual", D(7))
    assert change.indicators == {"staff_rate"}  # value 100 → 87.5, score stays 30
    assert change.levels == frozenset() and not change.totals and not change.findings
    assert s.result.by_id["staff_rate"].value == D("87.5")
    s.undo()
    assert s.result.by_id["staff_rate"].value == D(100)
    assert s.redo_label == "修改 在职人数: 8 → 7"


def test_one_value_per_variable_fiscal_scope_first():
    from core.extraction.model import Figure
    from core.review.values import initial_values

    def fig(fid, value, scope, quote):
        return Figure(fid, "carryover_prev", "上年结转", D(value), "万元", loc_of(quote), scope=scope)

    values = initial_values([fig("a", "171.71", "部门决算", "编制8人"), fig("b", "136.73", "财政拨款", "实有人数8人"),
                             fig("c", "136.7", "财政拨款", "在职人数7人")])
    vv = values["carryover_prev"]
    assert (vv.value, vv.figure_id, vv.origin) == (D("136.73"), "b", "extracted")
    assert [a.value for a in vv.alternatives] == [D("136.7")]  # same scope only


def test_each_alternative_value_is_offered_once():
    from core.extraction.model import Alternative, Figure, Loc
    from core.review.values import initial_values

    first, second, third = Loc(0, 4, None, "满意度96%"), Loc(10, 14, None, "满意率95%"), Loc(20, 24, None, "95%")
    figures = [
        Figure("f1", "satisfaction", "满意度", D(96), "%", first, alternatives=[Alternative(D(95), second)]),
        Figure("f2", "satisfaction", "满意度", D(95), "%", second, alternatives=[Alternative(D(96), first)]),
        Figure("f3", "satisfaction", "满意度", D(95), "%", third),
    ]
    value = initial_values(figures)["satisfaction"]
    assert value.value == D(96)
    assert [(a.value, a.loc) for a in value.alternatives] == [(D(95), second)]
