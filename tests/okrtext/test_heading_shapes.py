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
from pathlib import Path

import pytest

from mubiao.okrtext import parse, read_key_result, render
from mubiao.okrtext.cli import parse_main
from mubiao.okrtext.parser import KR_WITHOUT_OBJECTIVE


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


# --- 5. trees of team, person, cycle and objective headings, in any order and depth ---------
# A heading that names only a team, a person or a cycle is never an objective: the team or the
# person owns what is under it (a person under a team keeps the team beside), a cycle dates it,
# and the objectives are the document's own (`### Objective: …`, a bold line, an item with items).

TREES = [
    (  # the case: team over cycle over an objective heading
        "## Platform team\n\n### Q2 2021\n\n### Objective: Make the platform reliable\n"
        "- Cut p95 latency from 800ms to 300ms\n- Migrate 12 services to Kubernetes\n",
        [("Platform team", None, "Make the platform reliable", [date(2021, 6, 30)] * 2)],
    ),
    (  # a bold line as the objective
        "## Platform team\n\n### Q2 2021\n\n**Make the platform reliable**\n"
        "- Cut p95 latency from 800ms to 300ms\n- Migrate 12 services\n",
        [("Platform team", None, "Make the platform reliable", [date(2021, 6, 30)] * 2)],
    ),
    (  # an item with items as the objective
        "## Platform team\n\n### Q2 2021\n\n- Make the platform reliable\n"
        "  - Cut p95 latency from 800ms to 300ms\n  - Migrate 12 services\n",
        [("Platform team", None, "Make the platform reliable", [date(2021, 6, 30)] * 2)],
    ),
    (  # zh: a team (组) over a cycle over a marked objective
        "## 平台组\n\n### 2026年第二季度\n\n#### 目标：提升稳定性\n"
        "- 接口延迟从 800ms 降到 300ms\n- 迁移 12 个服务\n",
        [("平台组", None, "提升稳定性", [date(2026, 6, 30)] * 2)],
    ),
    (  # cycle over teams (Sourcegraph-, src-d-like)
        "## Q3 2026\n\n### Engineering\n\n#### Objective: Ship faster\n"
        "- Cut lead time from 10 days to 3 days\n\n### Sales\n\n#### Objective: Grow revenue\n"
        "- Grow ARR from $1M to $2M\n",
        [
            ("Engineering", None, "Ship faster", [date(2026, 9, 30)]),
            ("Sales", None, "Grow revenue", [date(2026, 9, 30)]),
        ],
    ),
    (  # cycle over team over person over bold objectives
        "# OKRs\n\n## Q3 2026\n\n### Marketing\n\n#### Emma Clarke\n\n**Grow pipeline**\n"
        "- Increase MQLs from 400 to 650\n\n#### Li Wei\n\n**Own the conversation**\n"
        "- Publish 12 tutorials\n",
        [
            ("Emma Clarke", "Marketing", "Grow pipeline", [date(2026, 9, 30)]),
            ("Li Wei", "Marketing", "Own the conversation", [date(2026, 9, 30)]),
        ],
    ),
    (  # zh 周报 shape: department over person over cycle
        "## 技术部\n\n### 张伟\n\n#### 2026年第三季度\n\n**提升系统稳定性**\n"
        "- 可用性从 99.5% 提升到 99.9%\n- 故障恢复时间缩短到 30 分钟\n\n### 李娜\n\n"
        "#### 2026年第三季度\n\n- 提升交付效率\n  - 发布频率从每月 2 次提升到每周 1 次\n",
        [
            ("张伟", "技术部", "提升系统稳定性", [date(2026, 9, 30)] * 2),
            ("李娜", "技术部", "提升交付效率", [date(2026, 9, 30)]),
        ],
    ),
    (  # person over cycle; the objective at the cycle's level stays in the cycle
        "## Emma Clarke\n\n### H2 2026\n\n### Objective: Grow pipeline\n"
        "- Increase MQLs from 400 to 650\n",
        [("Emma Clarke", None, "Grow pipeline", [date(2026, 12, 31)])],
    ),
    (  # a labelled team heading beside its cycle at the same level (a Notion template)
        "# OKRs\n\n## Example team: People & Culture\n\n## 🗓 Q2 2022\n\n"
        "### Objective: Build a workplace people love\n- Raise eNPS from 20 to 40\n"
        "- Cut regretted attrition to 5%\n",
        [("People & Culture", None, "Build a workplace people love", [date(2022, 6, 30)] * 2)],
    ),
    (  # numbered role headings under a team, "角色：" labelled (a zh template article)
        "## 敏捷开发团队\n\n### 1. 角色：研发主管\n\n目标：完成 Web 组的迭代\n关键结果：\n"
        "完成 3 个迭代\n\n### 2. Role: Engineering Manager\n\n**Ship the new release**\n"
        "- Close 40 P1 bugs\n",
        [
            ("研发主管", "敏捷开发团队", "完成 Web 组的迭代", [None]),
            ("Engineering Manager", "敏捷开发团队", "Ship the new release", [None]),
        ],
    ),
]


def tree(text: str) -> list[tuple]:
    document = parse(text, year=2026)
    return [
        (s.owner, s.team, o.title, [kr.due for kr in o.key_results])
        for s in document.sections
        for o in s.objectives
    ]


@pytest.mark.parametrize(("text", "expected"), TREES)
def test_a_tree_of_team_person_and_cycle_headings(text, expected):
    assert tree(text) == expected


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        (
            "## Platform team\n\n### Q2 2021\n\n- Cut p95 latency from 800ms to 300ms\n"
            "- Migrate 12 services to Kubernetes\n",
            "Platform team",
        ),
        (
            "## Engineering\n- Cut lead time from 10 days to 3 days\n"
            "- Raise deploys to 10 per week\n",
            "Engineering",
        ),
        (
            "## 平台组\n\n### 2026年第二季度\n\n- 接口延迟从 800ms 降到 300ms\n- 迁移 12 个服务\n",
            "平台组",
        ),
    ],
)
def test_key_results_under_only_a_team_or_a_cycle_have_no_objective(text, owner):
    """The text names no objective: the key results are reported (an import refuses them by
    line), the team or the cycle is never made their objective."""
    document = parse(text, year=2026)
    assert document.objectives == []
    assert [s.owner for s in document.sections] == [owner]
    reported = [p for p in document.problems if p.message == KR_WITHOUT_OBJECTIVE]
    assert len(reported) == 2


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # Words that could be a name or a team but head their key results: the objective.
        (
            "## Customer Delight\n- Raise NPS from 30 to 50\n- Cut churn from 4% to 2%\n",
            "Customer Delight",
        ),
        ("## 建设数据中心\n- 机柜数从 20 增加到 50\n- 上架率达到 90%\n", "建设数据中心"),
        ("## Grow Product\n- Raise activation to 60%\n- Cut churn from 4% to 2%\n", "Grow Product"),
    ],
)
def test_an_objective_heading_that_looks_like_a_name_stays_an_objective(text, title):
    assert [o.title for o in parse(text, year=2026).objectives] == [title]


# Real documents (re-worded, layout kept), their source on the first line.
FIXTURES = Path(__file__).parent / "fixtures"


def test_a_real_cycle_over_teams_document():
    got = tree((FIXTURES / "en_srcd_guide_okrs.md").read_text(encoding="utf-8"))
    q1 = date(2018, 3, 31)
    assert got == [
        ("Company Wide", None, "Have successful users of our products", []),
        ("Company Wide", None, "Be a better company to work at", [q1, q1]),
        (
            "Developer Community",
            None,
            "Grow our presence in the Madrid and SF developer communities",
            [q1, q1],
        ),
        ("Developer Community", None, "Publish blog posts at a steady pace", [q1, q1]),
        ("Engineering", None, "Run a production-grade engine", [q1, q1]),
    ]


def test_a_real_team_over_roles_document():
    got = tree((FIXTURES / "zh_kuaish_rd_team.md").read_text(encoding="utf-8"))
    assert [(o, t, title, len(k)) for o, t, title, k in got] == [
        ("研发主管", "敏捷开发团队", "顺利完成 Web 组的迭代", 3),
        ("研发主管", "敏捷开发团队", "三月底前把部分开发工作外包出去", 3),
        ("研发经理", "敏捷开发团队", "三月底前完成新产品发布的全部需求", 3),
    ]
