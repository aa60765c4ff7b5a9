"""lint() and lint_objectives(): every rule that can be checked, config, registry, messages."""

from datetime import date

import pytest

from mubiao.okrtext import (
    RULES,
    Finding,
    KRInput,
    LintConfig,
    ObjectiveInput,
    lint,
    lint_objectives,
)
from mubiao.okrtext.messages import LANGUAGES, MESSAGES
from tests.conftest import SEED_ARTICLE

SEED = SEED_ARTICLE


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def one(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, (rule, findings)
    return matching[0]


def okr(title: str, *key_results: str, **meta) -> ObjectiveInput:
    return ObjectiveInput(title, [KRInput(text) for text in key_results], **meta)


LONG_TITLE = (
    "Make onboarding so simple that new users succeed on their first day without any help "
    "from our support team"
)
GOOD_KRS = ("续费率从 60% 提升到 75%", "Q1 客户满意度从 85% 提升到 92%", "投诉率从 3% 降到 1%")


def test_registry_lists_every_rule_with_severity_and_titles():
    assert len(RULES) == 40
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule.severity in ("error", "warning", "info")
        assert set(rule.title) == set(LANGUAGES)
    assert RULES["OKR-M01"].severity == "error" and RULES["OKR-A01"].severity == "warning"


def test_every_message_exists_in_both_languages():
    for key, texts in MESSAGES.items():
        assert key.split(":")[0] in RULES
        if key.endswith(":one"):  # a singular, for the languages that have one
            assert key.removesuffix(":one") in MESSAGES and set(texts) <= set(LANGUAGES)
        else:
            assert set(texts) == set(LANGUAGES)
        assert all(m and s for m, s in texts.values())
    assert {key.split(":")[0] for key in MESSAGES} == set(RULES)


def test_seed_examples_from_the_brief():
    findings = lint(SEED.read_text(encoding="utf-8"))
    o01 = next(f for f in findings if f.rule == "OKR-O01")
    assert (o01.objective, o01.key_result, o01.line, o01.severity) == (1, None, 15, "info")
    assert "关键结果" in o01.message and "3%" in o01.message
    a01 = next(f for f in findings if f.rule == "OKR-A01" and f.line == 17)
    assert (a01.objective, a01.key_result, a01.severity) == (1, 1, "warning")
    assert "拜访" in a01.message and "活动" in a01.message
    assert "拜访" in a01.suggestion and "续费率从 X 提升到 Y" in a01.suggestion
    # Objective indexes count across the whole document.
    assert max(f.objective or 0 for f in findings) == 5


def test_language_defaults_to_the_text_and_can_be_chosen():
    text = "O1: 提升续费\nKR1: Q1 拜访 50 个客户\n"
    assert "活动" in one(lint(text), "OKR-A01").message
    english = one(lint(text, lang="en"), "OKR-A01")
    assert "activity" in english.message and "拜访" in english.message
    assert "activity" in one(lint("O1: Grow\nKR1: Visit 50 customers by Q1\n"), "OKR-A01").message
    with pytest.raises(ValueError):
        lint(text, lang="fr")


def test_finding_to_dict():
    finding = one(lint("O1: Grow\nKR1: Visit 50 customers by Q1\n"), "OKR-A01")
    assert finding.to_dict() == {
        "rule": "OKR-A01", "severity": "warning", "objective": 1, "key_result": 1, "line": 2,
        "message": finding.message, "suggestion": finding.suggestion,
        "related_objective": None, "related_key_result": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("objective", "rule"),
    [
        (okr("提升续费"), "OKR-S01"),
        (okr("提升续费", "Q1 续费率从 60% 提升到 75%"), "OKR-S02"),
        (okr("提升续费", *[f"Q1 指标{i}从 {i}% 提升到 {i + 5}%" for i in range(6)]), "OKR-S02"),
        (okr(LONG_TITLE, *GOOD_KRS), "OKR-S05"),
        (okr("提升续费", "Q1 招聘 1 名 SDR 和 3 名 AE", *GOOD_KRS[1:]), "OKR-S06"),
        (okr("产品的日续费率增长 3%", *GOOD_KRS), "OKR-O01"),
        (okr("保持市场份额", *GOOD_KRS), "OKR-O02"),
        (okr("Maintain market position", *GOOD_KRS), "OKR-O02"),
        (okr("团队建设", *GOOD_KRS), "OKR-O03"),
        (okr("Connectivity Magic", *GOOD_KRS), "OKR-O03"),
        (okr("打造一流的客服体验", "Q1 上线新版帮助中心", "Q1 完成客服培训手册"), "OKR-O04"),
        (
            okr("Launch the partner portal", "Ship SSO by March 1", "Publish the API docs by Q1"),
            "OKR-O05",
        ),
        (okr("探索海外市场", *GOOD_KRS), "OKR-O06"),
        (okr("提升续费", "Q1 识别高级用户", "让客户更满意", *GOOD_KRS[1:]), "OKR-M01"),
        (okr("Grow", "Improve sign-ups by Q2", *GOOD_KRS[1:]), "OKR-M02"),
        (okr("提升续费", "Q1 争取续费率达到 80%", *GOOD_KRS[1:]), "OKR-M03"),
        (okr("Grow", "Increase test coverage to 80% by Q2", *GOOD_KRS[1:]), "OKR-M04"),
        (okr("Grow", "Improve daily sign-ups by 25% by May 1", *GOOD_KRS[1:]), "OKR-M05"),
        (okr("Grow", "Reach 1 million users by Q4", *GOOD_KRS[1:]), "OKR-M06"),
        (okr("提升收入", "Q1 签约 xx 家新客户", *GOOD_KRS[1:]), "OKR-M07"),
        (okr("Grow", "Q1 finish the migration", *GOOD_KRS[1:]), "OKR-M08"),
        (okr("提升性能", "Q2 P99 延迟 200ms", *GOOD_KRS[1:]), "OKR-M09"),
        (okr("提升续费", "Q1 拜访 50 个客户", *GOOD_KRS[1:]), "OKR-A01"),
        (okr("提升续费", "Q1 完成需求开发工作", *GOOD_KRS[1:]), "OKR-A01"),
        (okr("上线新版", "Q1 上线帮助中心", "Q1 发布 API 文档"), "OKR-A02"),
        (okr("提升续费", "上线新版帮助中心", *GOOD_KRS[1:]), "OKR-A03"),
        (okr("提升质量", "每周组织一场测试培训", *GOOD_KRS[1:]), "OKR-A04"),
        (okr("Grow", "Implement RFC 7 by Q2", *GOOD_KRS[1:]), "OKR-A05"),
        (okr("提升续费", "续费率达到 80%", "满意度达到 90%"), "OKR-T01"),
        (okr("提升续费", "Q1 续费率从 60% 提升到 75%", "Q1 满意度从 85% 提升到 92%"), "OKR-T02"),
        (
            okr(
                "提升续费",
                "第四季度结束前续费率达到 80%",
                *GOOD_KRS[1:],
                cycle_start=date(2026, 1, 1),
                cycle_end=date(2026, 3, 31),
            ),
            "OKR-T03",
        ),
        (okr("提升续费", *GOOD_KRS), "OKR-C01"),
        (okr("提升续费", *GOOD_KRS, kind="committed", score=0.7), "OKR-C02"),
        (okr("提升续费", GOOD_KRS[0], kind="committed"), "OKR-C04"),
        (okr("提升续费", *GOOD_KRS, has_parent=False, top_level=False), "OKR-P02"),
        (okr("提升收入", "Q1 签约 30 家新客户", "Q1 回款金额达到 500 万元"), "OKR-P05"),
    ],
)
def test_each_rule_fires_on_its_example(objective, rule):
    finding = one(lint_objectives([objective]), rule)
    assert finding.severity == RULES[rule].severity or rule in ("OKR-C02", "OKR-S03")
    assert finding.message and finding.suggestion


def test_a_clean_okr_has_no_warnings():
    clean = okr("让新客户愿意续费", *GOOD_KRS, kind="aspirational", cycle_end=date(2026, 3, 31))
    assert [f for f in lint_objectives([clean]) if f.severity != "info"] == []


def test_suppressions_keep_false_positives_out():
    purpose = okr("Grow", "Launch Foo 4.1 to improve sign-ups by 25 percent by Q2", *GOOD_KRS[1:])
    assert "OKR-A01" not in rules(lint_objectives([purpose]))
    assert "OKR-A05" not in rules(lint_objectives([purpose]))
    milestone = okr("提升续费", "3月底前上线新版帮助中心", *GOOD_KRS[1:])
    assert {"OKR-M01", "OKR-A03", "OKR-M08"}.isdisjoint(rules(lint_objectives([milestone])))
    with_cycle = okr("提升续费", "续费率达到 80%", "满意度达到 90%", cycle_end=date(2026, 3, 31))
    assert "OKR-T01" not in rules(lint_objectives([with_cycle]))


def test_scores_confidence_and_weights():
    objective = ObjectiveInput(
        "提升续费",
        [KRInput(GOOD_KRS[0], weight=2, score=1.25, confidence=9),
         KRInput(GOOD_KRS[1], weight=1, score=0.35, confidence=0.1),
         KRInput(GOOD_KRS[2], weight=1, score=0.3)],
        kind="aspirational",
    )  # fmt: skip
    findings = lint_objectives([objective])
    assert [f.key_result for f in findings if f.rule == "OKR-C06"] == [1, 2]
    assert [f.key_result for f in findings if f.rule == "OKR-C05"] == [1, 2]
    assert "OKR-P04" in rules(findings)
    noted = okr("提升续费", *GOOD_KRS, kind="committed", score=0.7, note="供应商延期")
    assert "OKR-C02" not in rules(lint_objectives([noted]))
    low = one(
        lint_objectives([okr("提升续费", *GOOD_KRS, kind="aspirational", score=0.3)]), "OKR-C02"
    )
    assert low.severity == "info"


def test_owner_level_rules():
    many = [okr(f"目标{i}让客户满意", *GOOD_KRS, owner="张三") for i in range(6)]
    s03 = one(lint_objectives(many), "OKR-S03")
    assert (s03.severity, s03.objective) == ("warning", 1) and "张三" in s03.message
    assert one(lint_objectives(many[:4]), "OKR-S03").severity == "info"
    assert "OKR-S04" in rules(lint_objectives(many * 2))
    duplicate = [
        okr("提升续费", *GOOD_KRS, owner="张三"),
        okr("提升满意度", GOOD_KRS[0], "Q1 NPS 达到 40", owner="张三"),
    ]
    p01 = one(lint_objectives(duplicate), "OKR-P01")
    assert (p01.objective, p01.key_result) == (2, 1)
    assert (p01.related_objective, p01.related_key_result) == (1, 1)
    assert "“提升续费”" in p01.message and f"“{GOOD_KRS[0]}”" in p01.message
    cycles = [
        okr("提升续费", *GOOD_KRS, owner="李四", kind="aspirational", score=1.0,
            cycle_start=date(2026, m, 1), cycle_end=date(2026, m + 2, 28))
        for m in (1, 4)
    ]  # fmt: skip
    assert one(lint_objectives(cycles), "OKR-C03").severity == "warning"
    committed = [okr("提升续费", *GOOD_KRS, owner="王五", kind="committed")]
    assert one(lint_objectives(committed), "OKR-C03").severity == "info"
    bottom = [
        okr("提升续费", *GOOD_KRS, bottom_up=False),
        okr("提升满意度", *GOOD_KRS, bottom_up=False),
    ]
    assert one(lint_objectives(bottom), "OKR-P03").objective is None


def test_config_changes_severity_disables_rules_and_sets_thresholds():
    text = "O1: 提升收入\nKR1: Q1 签约 xx 家新客户\n"
    assert one(lint(text), "OKR-M07").severity == "warning"
    assert one(lint(text, config={"rules": {"M07": "error"}}), "OKR-M07").severity == "error"
    assert "OKR-M07" not in rules(lint(text, config={"rules": {"OKR-M07": "off"}}))
    assert "OKR-M07" not in rules(lint(text, config=LintConfig(disabled={"M07"})))
    assert "OKR-S02" not in rules(lint(text, config={"kr_min": 1}))
    four = okr("提升续费", *GOOD_KRS, "Q1 NPS 达到 40")
    assert "OKR-S02" in rules(lint_objectives([four], config=LintConfig(kr_max=3)))
    long_title = okr("让每一位新客户在第一周就体验到产品的价值", *GOOD_KRS)
    assert "OKR-S05" in rules(lint_objectives([long_title], config={"objective_max_cjk": 10}))
    with pytest.raises(ValueError):
        LintConfig.from_value({"rules": {"OKR-Z99": "info"}})
    with pytest.raises(ValueError):
        LintConfig.from_value({"rules": {"M07": "fatal"}})
    with pytest.raises(ValueError):
        LintConfig.from_value({"kr_minimum": 1})


def test_lint_accepts_a_parsed_document():
    from mubiao.okrtext import parse

    document = parse(SEED.read_text(encoding="utf-8"))
    assert lint(document) == lint(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("count", "minimum", "english"),
    [(1, 2, "Only 1 key result, fewer"), (2, 3, "Only 2 key results, fewer")],
)
def test_counts_say_their_noun_in_the_singular_and_plural(count, minimum, english):
    objective = okr("Delight customers", *GOOD_KRS[:count])
    config = LintConfig(kr_min=minimum)
    finding = one(lint_objectives([objective], lang="en", config=config), "OKR-S02")
    assert finding.message.startswith(english)
    zh = one(lint_objectives([objective], lang="zh-hans", config=config), "OKR-S02")
    assert zh.message.startswith(f"只有 {count} 个关键结果")


@pytest.mark.parametrize(
    ("owner_kind", "english", "chinese"),
    [
        ("person", "This personal objective is not aligned", "个人目标没有对齐"),
        ("team", "This team objective is not aligned", "团队目标没有对齐"),
        (None, "This objective is not aligned", "目标没有对齐"),
    ],
)
def test_not_aligned_says_whose_objective(owner_kind, english, chinese):
    """A personal objective is not called a team objective (OKR-P02)."""
    objective = okr("Delight customers", *GOOD_KRS, has_parent=False, top_level=False,
                    owner_kind=owner_kind)  # fmt: skip
    assert one(lint_objectives([objective], lang="en"), "OKR-P02").message.startswith(english)
    zh = one(lint_objectives([objective], lang="zh-hans"), "OKR-P02").message
    assert zh.startswith(chinese)


@pytest.mark.parametrize(
    ("line", "written", "column"),
    [
        ("- KR1: 满意度达到 4,5", "4,5", 14),
        ("- KR1: Raise NPS to 4,5", "4,5", 21),
        ("- KR1: 满意度从 3,2 提升到 4,5", "3,2", 13),
        ("- KR1: Grow revenue to 1e16", "1e16", 24),
        ("- KR1: 成本从 200 元降到 30 美元", "200 元降到 30 美元", 12),
        ("- KR1: 客单价从 80 元降到 150 元", "80 元降到 150 元", 13),
    ],
)
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_unreadable_number_is_the_readers_problem_not_unmeasurable(line, written, column, lang):
    """Issue 9 re-probe: `4,5` was reported as OKR-M01 (not measurable); what the reader cannot
    read is said as unreadable, with its line and column, and the checks that need the
    number wait for it."""
    findings = lint(f"# 提升客户满意度\n{line}\n", lang=lang)
    rules = [f.rule for f in findings]
    assert "OKR-M01" not in rules and "OKR-A03" not in rules and "OKR-M02" not in rules
    unread = [f for f in findings if f.rule == "unreadable"]
    assert unread and unread[0].line == 2 and unread[0].severity == "error"
    assert written in unread[0].message and str(column) in unread[0].message
    assert line[column - 1 :].startswith(written)


@pytest.mark.parametrize(
    ("notes", "retrospective", "flagged"),
    [
        (("延期", "缺人", ""), "", False),  # every key result below 1.0 explains its miss
        (("延期", "", ""), "", True),  # the second miss says nothing
        (("", "", ""), "", True),
        (("", "", ""), "供应商延期", False),
    ],
)
def test_grading_notes_explain_a_committed_miss(notes, retrospective, flagged):
    """OKR-C02 reads the key results' grading notes, as grading does (rules.miss_explained)."""
    krs = [KRInput(text, score=score, note=note)
           for text, score, note in zip(GOOD_KRS, (0.5, 0.6, 1.0), notes, strict=True)]  # fmt: skip
    objective = ObjectiveInput("提升续费", krs, kind="committed", score=0.7, note=retrospective)
    assert ("OKR-C02" in rules(lint_objectives([objective]))) == flagged
