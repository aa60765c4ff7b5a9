"""parse(): owners, objectives, key results, line numbers and problems."""

import pytest

from mubiao.okrtext import parse
from tests.conftest import SEED_ARTICLE

SEED = SEED_ARTICLE


def structure(document):
    return [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in document.sections
    ]


@pytest.fixture(scope="module")
def seed():
    return parse(SEED.read_text(encoding="utf-8"), year=2021)


def test_seed_article_yields_three_owners_five_objectives_fifteen_key_results(seed):
    assert [s.owner for s in seed.sections] == ["产品经理", "产品主管", "文档撰写者"]
    assert [len(s.objectives) for s in seed.sections] == [2, 1, 2]
    assert sum(len(o.key_results) for o in seed.objectives) == 15
    assert [o.title for o in seed.objectives] == [
        "产品的日续费率增长 3%",
        "与第三方合作伙伴推出新的集成",
        "管理产品生命周期和产品战略规划",
        "在客户支持门户中重构内容",
        "为 2015 年秋季版本创建内容和文档",
    ]


def test_seed_line_numbers_are_kept(seed):
    assert [s.line for s in seed.sections] == [13, 31, 43]
    assert [o.line for o in seed.objectives] == [15, 23, 33, 45, 53]
    assert [kr.line for kr in seed.objectives[2].key_results] == [35, 37, 39, 41]


def test_every_seed_line_is_read_or_reported(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    non_blank = {n for n, line in enumerate(lines, start=1) if line.strip()}
    read = {s.line for s in seed.sections} | {o.line for o in seed.objectives}
    read |= {kr.line for o in seed.objectives for kr in o.key_results}
    reported = {p.line for p in seed.problems}
    assert read | reported == non_blank
    assert not read & reported
    # The prose around the OKRs is reported, never mistaken for them.
    assert {1, 3, 59, 61, 70, 72, 111} <= reported
    blurb = next(p for p in seed.problems if p.line == 72)
    assert lines[71].strip().startswith("OKR源于Intel") and "prose" in blurb.message
    assert "bullet" in next(p for p in seed.problems if p.line == 70).message


def test_seed_key_results_are_read(seed):
    kr = seed.objectives[2].key_results[3]
    assert (kr.text, kr.target, kr.target_type, kr.due.isoformat()) == (
        "Q1实现日活跃用户增长15%",
        15,
        "relative",
        "2021-03-31",
    )
    assert seed.objectives[3].key_results[1].mentions == ["客户支持部门xx"]


def test_to_dict_shape(seed):
    data = seed.to_dict()
    assert list(data) == ["sections", "problems"]
    assert list(data["sections"][0]) == ["owner", "objectives"]
    objective = data["sections"][0]["objectives"][0]
    assert list(objective) == ["title", "line", "key_results"]
    assert list(objective["key_results"][0])[-1] == "line"
    assert objective["key_results"][0]["due"] == "2021-03-31"
    assert data["problems"][0] == {"line": 1, "message": data["problems"][0]["message"]}


def test_markdown_headings_and_nested_bullets():
    text = """# Q1 OKRs

## Product manager
### Grow retention
- Raise renewal rate from 60% to 75%
- Cut churn by 2% by end of March

## Platform team
- Make deploys boring
  - Reduce deploy lead time from 3 days to 1 day
  - Automate 80% of regression tests
- Delight developers
  * Raise developer NPS to 40
"""
    document = parse(text)
    assert structure(document) == [
        ("Product manager", [("Grow retention", ["Raise renewal rate from 60% to 75%",
                                                 "Cut churn by 2% by end of March"])]),
        ("Platform team", [
            ("Make deploys boring", ["Reduce deploy lead time from 3 days to 1 day",
                                     "Automate 80% of regression tests"]),
            ("Delight developers", ["Raise developer NPS to 40"]),
        ]),
    ]  # fmt: skip
    assert [p.line for p in document.problems] == [1]


def test_objective_and_key_result_markers_in_every_form():
    text = """销售部的OKR
目标1：提升华东区收入
关键结果1：新签客户 80 家
KR 1.2 回款率达到 95%
1. 客单价从 120 元提升到 150 元
Objective 2: Win the enterprise market
Key Result 1: Sign 10 new enterprise customers
- Close $2M in new business
O: 建立客户成功体系
(KR1) 续费率达到 80%
O3 - Ship the billing API
KR: Launch the billing API by Aug 15
目標二：提昇客戶滿意度
關鍵結果1：客戶滿意度提昇至 95%
"""
    document = parse(text)
    titles = [o.title for o in document.objectives]
    assert titles == ["提升华东区收入", "Win the enterprise market", "建立客户成功体系",
                      "Ship the billing API", "提昇客戶滿意度"]  # fmt: skip
    assert [len(o.key_results) for o in document.objectives] == [3, 2, 1, 1, 1]
    assert document.sections[0].owner == "销售部"
    assert document.problems == []


def test_one_line_okrs_as_gitlab_and_sourcegraph_write_them():
    text = (
        "CEO: Grow incremental ACV according to plan. IACV doubles YoY, 500 new customers, "
        "win 12 enterprise deals.\n"
        "CMO: Build trust among developers. Hire 10 developer advocates, 100 meetups.\n"
    )
    document = parse(text)
    assert structure(document) == [
        ("CEO", [("Grow incremental ACV according to plan",
                  ["IACV doubles YoY", "500 new customers", "win 12 enterprise deals"])]),
        ("CMO", [("Build trust among developers", ["Hire 10 developer advocates", "100 meetups"])]),
    ]  # fmt: skip
    assert document.objectives[0].key_results[1].target == 500


def test_role_lines_alone_are_owner_headings_and_prose_with_colons_is_not():
    document = parse("Product manager:\nO1: Grow retention\nKR1: Renewal rate 80%\n"
                     "工作时间:周一至周五,9:00-18:00,节假日休息\n")  # fmt: skip
    assert document.sections[0].owner == "Product manager"
    assert [p.line for p in document.problems] == [4]


def test_owner_forms():
    for heading, owner in [("产品经理的OKR", "产品经理"), ("## Sales team", "Sales team"),
                           ("Marketing's OKRs", "Marketing"), ("OKRs for Legal", "Legal"),
                           ("**客服部的 OKR：**", "客服部")]:  # fmt: skip
        assert parse(f"{heading}\nO1: 目标\nKR1: 指标达到 80%").sections[0].owner == owner


def test_lines_that_cannot_be_read_are_reported_with_reasons():
    document = parse("KR1: 续费率达到 80%\n\nSome intro text.\n---\n- stray bullet\nO1:\n")
    assert [(p.line, p.message.split(":")[0]) for p in document.problems] == [
        (1, "key result before any objective"),
        (3, "prose, not an OKR line"),
        (4, "Markdown rule or table separator"),
        (5, "bullet outside an objective"),
        (6, "objective marker without a title"),
    ]
    assert document.sections == []


def test_tables_read_cell_by_cell():
    text = "| 目标 | 关键结果 |\n|---|---|\n| O1 | 提升续费率 |\n| KR1 | 续费率达到 80% |\n"
    document = parse(text)
    assert structure(document) == [(None, [("提升续费率", ["续费率达到 80%"])])]
    assert [p.line for p in document.problems] == [1, 2]


def test_prose_closes_a_bullet_list():
    text = "O1: Grow\n- Raise NPS to 40\n\nRelated articles\n- How to write OKRs\n"
    document = parse(text)
    assert [kr.text for kr in document.objectives[0].key_results] == ["Raise NPS to 40"]
    assert [p.line for p in document.problems] == [4, 5]


def test_year_resolves_due_dates():
    assert (
        parse("O1: x\nKR1: Q2 上线新版", year=2026).objectives[0].key_results[0].due.isoformat()
        == "2026-06-30"
    )
    assert parse("O1: x\nKR1: Q2 上线新版").objectives[0].key_results[0].due is None
