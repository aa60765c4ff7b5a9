"""Heading and item shapes of real OKR documents (issue 10 §2: "Markdown headings at any level
for owners, cycles…", "role prefixes are an owner hint"): a role before a linked title, a team
beside a person, detail lines under a key result, and cycle headings over key results.

The documents are written here in the shape of public OKR template articles and handbooks
(numbered linked headings, "Team — Person" sections, indented "Baseline:" lines, quarter
headings), in English and Chinese.
"""

import json
from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result, render
from mubiao.okrtext.cli import parse_main


def structure(text: str, year: int = 2026) -> list[tuple]:
    """(owner, team, objective title, key result texts) per objective, in order."""
    document = parse(text, year=year)
    return [
        (s.owner, s.team, o.title, [kr.text for kr in o.key_results])
        for s in document.sections
        for o in s.objectives
    ]


# --- 1. a role prefix before a linked title is the owner hint, the link text the title ---------

ROLE_LINKS = [
    (
        "### 1. CTO: [Ship the new billing platform](https://example.com/x)\n\n"
        "- Migrate 100% of invoices to the new ledger\n- Cut invoice errors from 40 to 5\n",
        [("CTO", None, "Ship the new billing platform", 2)],
    ),
    (
        "## Engineering OKRs\n\n"
        "### 1. CTO: [Ship the new billing platform](https://example.com/x)\n"
        "- Migrate 100% of invoices to the new ledger\n- Cut invoice errors from 40 to 5\n\n"
        "### 2. VP Engineering: [Make releases boring](https://example.com/y)\n"
        "- Raise deploys from 2 to 10 per week\n- Cut rollbacks from 6 to 1\n",
        [
            ("CTO", None, "Ship the new billing platform", 2),
            ("VP Engineering", None, "Make releases boring", 2),
        ],
    ),
    (
        "## Objectives\n\n"
        "- Support: [Cut first-response time for tickets](https://example.com/y)\n"
        "  - Reduce first-response time from 4h to 1h\n  - Raise CSAT from 82% to 90%\n"
        "- Sales: <https://example.com/plans/sales-q3>\n"
        "  - Close 20 new deals\n  - Grow pipeline to $2M\n",
        [
            ("Support", None, "Cut first-response time for tickets", 2),
            ("Sales", None, "https://example.com/plans/sales-q3", 2),
        ],
    ),
    (
        "### Marketing: [Own the developer conversation][plan]\n"
        "- Grow newsletter subscribers from 8k to 15k\n- Publish 12 tutorials\n\n"
        "[plan]: https://example.com/marketing\n",
        [("Marketing", None, "Own the developer conversation", 2)],
    ),
    (
        "## 销售部：[提升华东区回款](https://example.com/sales)\n\n"
        "- 华东区回款率从 75% 提升到 90%\n- 新签 20 家经销商\n\n"
        "## 2. 客服中心：[缩短首次响应时间](https://example.com/cs)\n\n"
        "- 首次响应时间从 4 小时缩短到 1 小时\n- 满意度从 85% 提升到 92%\n",
        [
            ("销售部", None, "提升华东区回款", 2),
            ("客服中心", None, "缩短首次响应时间", 2),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ROLE_LINKS)
def test_a_role_before_a_linked_title_is_the_owner(text, expected):
    assert [(o, t, title, len(krs)) for o, t, title, krs in structure(text)] == expected


# --- 2. a team and a person: the person owns, the team is kept beside ----------------------

TEAM_AND_PERSON = [
    ("## Marketing — Emma Clarke", "Emma Clarke", "Marketing"),
    ("## Marketing - Emma Clarke", "Emma Clarke", "Marketing"),
    ("### Marketing – Emma Clarke", "Emma Clarke", "Marketing"),
    ("## Emma Clarke (Marketing)", "Emma Clarke", "Marketing"),
    ("## 市场部 — 林晓", "林晓", "市场部"),
    ("## 市场部 - 林晓", "林晓", "市场部"),
    ("## 林晓（市场部）", "林晓", "市场部"),
    ("## Head of Growth — Li Wei", "Li Wei", "Head of Growth"),
]


@pytest.mark.parametrize(("heading", "owner", "team"), TEAM_AND_PERSON)
def test_a_team_beside_a_person(heading, owner, team):
    zh = "市场部" in heading
    body = (
        "### 提升品牌影响力\n- 公众号粉丝从 2 万增长到 5 万\n- 举办 4 场线下活动\n"
        if zh
        else "### Grow qualified pipeline\n- Increase MQLs from 400 to 650\n"
        "- Publish 12 customer case studies\n"
    )
    got = structure(f"# 2026 OKRs\n\n{heading}\n\n{body}")
    title = "提升品牌影响力" if zh else "Grow qualified pipeline"
    assert [(o, t, ti, len(k)) for o, t, ti, k in got] == [(owner, team, title, 2)]


@pytest.mark.parametrize(
    "heading",
    [
        "## Objectives - Key Results",
        "## Engineering — Backend Platform",
        "## Growth — Double Revenue",
        "## Why OKRs — The Basics",
        "## Phase One — Discovery",
        "## 提升品牌 — 林晓",
    ],
)
def test_a_dash_between_other_words_names_no_team_and_person(heading):
    document = parse(f"{heading}\n\n### Grow pipeline\n- Increase MQLs from 400 to 650\n")
    assert all(s.team is None for s in document.sections)
    assert [len(o.key_results) for o in document.objectives] == [1]


def test_the_team_is_in_the_json_and_render_keeps_it():
    document = parse("## Marketing — Emma Clarke\n\n### Grow pipeline\n- Increase MQLs to 650\n")
    assert document.to_dict()["sections"][0]["team"] == "Marketing"
    assert "team" not in parse("## Emma\n\n### Grow\n- MQLs to 650\n").to_dict()["sections"][0]
    again = parse(render(document, lang="en"))
    assert (again.sections[0].owner, again.sections[0].team) == ("Emma Clarke", "Marketing")


# --- 3. detail lines under a key result: read into it, the list goes on ---------------------

DETAILS = [
    (
        "### Grow qualified pipeline\n"
        "- Increase MQLs to 650 per month\n  Baseline: 400\n  Owner: Emma\n"
        "- Publish 12 customer case studies\n  Due: 2026-05-31\n"
        "- Raise webinar attendance to 300\n",
        [
            ("Increase MQLs to 650 per month", Decimal(400), None, ["Emma"]),
            ("Publish 12 customer case studies", None, date(2026, 5, 31), []),
            ("Raise webinar attendance to 300", None, None, []),
        ],
    ),
    (
        "### 提升品牌影响力\n"
        "- 公众号粉丝增长到 5 万\n  当前值：4 万\n  截止：6月底\n"
        "- 举办 4 场线下活动\n  负责人：林晓\n"
        "- 官网月访问量达到 20 万\n",
        [
            ("公众号粉丝增长到 5 万", Decimal(40000), date(2026, 6, 30), []),
            ("举办 4 场线下活动", None, None, ["林晓"]),
            ("官网月访问量达到 20 万", None, None, []),
        ],
    ),
    (
        "Objective: Make onboarding effortless\n\n"
        "1. Raise activation to 60%\n   Baseline: 40%\n   Deadline: end of Q3\n"
        "2. Cut time-to-first-value from 5 days to 1 day\n   Owner: @dana\n"
        "3. Ship the guided tour by July 15\n",
        [
            ("Raise activation to 60%", Decimal(40), date(2026, 9, 30), []),
            ("Cut time-to-first-value from 5 days to 1 day", Decimal(5), None, ["dana"]),
            ("Ship the guided tour by July 15", None, date(2026, 7, 15), []),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DETAILS)
def test_detail_lines_do_not_end_the_list(text, expected):
    document = parse(text, year=2026)
    assert [len(s.objectives) for s in document.sections] == [1]
    assert all(s.owner is None for s in document.sections)
    got = [(kr.text, kr.start, kr.due, kr.mentions) for kr in document.objectives[0].key_results]
    assert got == expected


# A field line right under an objective, before its key results: `Owner:` names its owner, any
# other field is reported by name; neither is an owner heading or an objective of its own.
OBJECTIVE_FIELDS = [
    (
        "## Marketing\n\n### Grow qualified pipeline\nOwner: Emma Clarke\nDue: end of Q3\n\n"
        "- Increase MQLs to 650 per month\n- Publish 12 case studies\n",
        [("Emma Clarke", "Grow qualified pipeline", 2)],
        ["Due"],
    ),
    (
        "## 市场部\n\n### 提升品牌影响力\n负责人：林晓\n- 公众号粉丝增长到 5 万\n"
        "- 举办 4 场线下活动\n\n### 扩大渠道\n- 新增 50 家渠道\n- 渠道收入占比达到 30%\n",
        # The owner line is its objective's alone: the next one is the heading's again.
        [("林晓", "提升品牌影响力", 2), ("市场部", "扩大渠道", 2)],
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected", "unread"), OBJECTIVE_FIELDS)
def test_an_owner_field_under_an_objective_names_its_owner(text, expected, unread):
    document = parse(text, year=2026)
    got = [(s.owner, o.title, len(o.key_results)) for s in document.sections for o in s.objectives]
    assert got == expected
    assert [p.key for p in document.problems if p.key] == unread


# --- 4. cycle headings: the period's end is the due date of what states none -----------------

CYCLES = [
    (
        "# Product OKRs\n\n### Q2 2021\n\n#### Grow revenue\n"
        "- Grow ARR from $1M to $2M\n- Close 20 deals by May 15\n",
        [("Grow revenue", [date(2021, 6, 30), date(2021, 5, 15)])],
    ),
    (
        "## H1 2026\n\n### Hire a platform team\n- Hire 10 engineers\n- Onboard 8 of them\n",
        [("Hire a platform team", [date(2026, 6, 30), date(2026, 6, 30)])],
    ),
    (
        "## 2026 年度\n\n### 提升续费率\n- 续费率从 70% 提升到 85%\n- 3 月底前上线续费提醒\n",
        [("提升续费率", [date(2026, 12, 31), date(2026, 3, 31)])],
    ),
    (
        "## 销售部的OKR\n\n### 2026年第三季度\n\n#### 降低获客成本\n"
        "- 获客成本降低 10%\n- 新增 50 家渠道\n\n### 2026年第四季度\n\n#### 扩大渠道\n"
        "- 渠道数从 50 增长到 80\n",
        [
            ("降低获客成本", [date(2026, 9, 30), date(2026, 9, 30)]),
            ("扩大渠道", [date(2026, 12, 31)]),
        ],
    ),
    (
        "## 2026 第三季度目标\n\n### 降本\n- 成本降低 10%\n\n## FY 2027\n\n### Hire\n"
        "- Hire 10 engineers\n",
        [("降本", [date(2026, 9, 30)]), ("Hire", [None])],  # a fiscal year has no calendar date
    ),
]


@pytest.mark.parametrize(("text", "expected"), CYCLES)
def test_a_cycle_heading_dates_the_key_results_under_it(text, expected):
    document = parse(text, year=2026)
    got = [(o.title, [kr.due for kr in o.key_results]) for o in document.objectives]
    assert got == expected
    owners = {s.owner for s in document.sections}
    assert not owners & {"Q2 2021", "H1 2026", "2026 年度", "2026年第三季度", "2026年第四季度"}


@pytest.mark.parametrize(
    ("text", "deadline", "due", "target"),
    [
        ("Close 20 deals by Q2 end", "by Q2 end", date(2026, 6, 30), 20),
        ("Close 20 deals by end of Q2", "by end of Q2", date(2026, 6, 30), 20),
        ("Sign 5 partners before Q3 end", "before Q3 end", date(2026, 9, 30), 5),
        ("Q4 末完成 3 个城市的试点", "Q4 末", date(2026, 12, 31), 3),
    ],
)
def test_a_quarter_end_is_read_whole(text, deadline, due, target):
    reading = read_key_result(text, year=2026)
    assert (reading.deadline, reading.due, reading.target) == (deadline, due, target)


# --- the CLI route ----------------------------------------------------------------------------


def test_parse_json_reads_the_shapes(tmp_path, capsys):
    path = tmp_path / "okrs.md"
    path.write_text(
        "## Marketing — Emma Clarke\n\n"
        "### 1. CTO: [Ship the new billing platform](https://example.com/x)\n"
        "- Migrate 100% of invoices to the new ledger\n  Baseline: 20%\n"
        "- Cut invoice errors from 40 to 5\n",
        encoding="utf-8",
    )
    assert parse_main([str(path)]) == 0
    assert "Emma Clarke  (team: Marketing)" in capsys.readouterr().out
    assert parse_main([str(path), "--json", "--year", "2026"]) == 0
    sections = json.loads(capsys.readouterr().out)["sections"]
    owned = [s for s in sections if s["objectives"]]
    assert [s["owner"] for s in owned] == ["CTO"]
    objective = owned[0]["objectives"][0]
    assert objective["title"] == "Ship the new billing platform"
    assert [kr["start"] for kr in objective["key_results"]] == [20, 40]
