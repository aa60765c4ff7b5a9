"""Shapes of published OKR text the reader missed (h10c), each read as a kind, zh and en.

The rows keep the shape of OKRs found in public sources, reworded:
- a key result's heading over its field bullets: OKR weekly-report templates in Markdown
  ("## Objective: 提升系统可靠性" / "### Key Results 进度:" / "#### KR1: P99 延迟 < 200ms" /
  "- 当前值: 250ms" / "- 目标值: 200ms" / "- 进度: 125% ✅"), as a tester pasted them;
- a table whose objectives are bold rows of its first column: github.com/ipfs/team-mgmt
  OKR/CLUSTER.md ("| **IPFS Cluster** | **Priority** | **Owner** | **End-Q** |" then
  "| **1 Finish the "base cluster" use-case** | | | |" then "| js-cluster client | **P0** | …");
- reference markup where a number would be: github.com/sourcegraph/handbook, the company OKRs
  of 2022 Q1 ("- KR: Land [*N<sub>2</sub>*][N2] large enterprise customers"), footnote marks and
  citations as articles carry them.
"""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result


def _structure(text):
    document = parse(text, year=2026)
    return [
        (s.owner, [(o.title, [k.text for k in o.key_results]) for o in s.objectives])
        for s in document.sections
    ]


def _only_key_results(text):
    return [k for s in parse(text, year=2026).sections for o in s.objectives for k in o.key_results]


# S3. Bullets labelled as a key result's fields (current, target, baseline, progress, status)
# under a key result written as a heading or a plain line are that key result's fields.
FIELDS = [
    (
        "## Objective: 提升系统可靠性\n\n### Key Results:\n\n#### KR1: P99 延迟 < 200ms\n"
        "- 当前值: 250ms\n- 目标值: 200ms\n\n#### KR2: 错误率 < 0.1%\n- 当前值: 0.2%\n"
        "- 目标值: 0.1%\n",
        [("P99 延迟 < 200ms", 250, 200, "ms", "decrease"),
         ("错误率 < 0.1%", Decimal("0.2"), Decimal("0.1"), "%", "decrease")],
    ),
    (
        "## Objective: Make the API reliable\n\n### Key Results:\n\n#### KR1: p99 latency < 200ms\n"
        "- Current: 250ms\n- Target: 200ms\n\n#### KR2: Error rate < 0.1%\n- Baseline: 0.2%\n"
        "- Target: 0.1%\n",
        [("p99 latency < 200ms", 250, 200, "ms", "decrease"),
         ("Error rate < 0.1%", Decimal("0.2"), Decimal("0.1"), "%", "decrease")],
    ),
    (
        "# OKR 周报\n\n## Objective: 提升系统可靠性\n\n### Key Results 进度:\n\n"
        "#### KR1: 错误率 < 0.1%\n- 当前值: 0.15%\n- 目标值: 0.1%\n- 进度: 66.7% ⚠️\n"
        "- 状态: 进行中\n",
        [("错误率 < 0.1%", Decimal("0.15"), Decimal("0.1"), "%", "decrease")],
    ),
    (
        "# Weekly OKR update\n\n## Objective: Make the API reliable\n\n"
        "### Key Results progress:\n\n#### KR1: Error rate < 0.1%\n- Current: 0.15%\n"
        "- Target: 0.1%\n- Progress: 66.7% ⚠️\n- Status: on track\n",
        [("Error rate < 0.1%", Decimal("0.15"), Decimal("0.1"), "%", "decrease")],
    ),
    (
        "目标：提升系统可靠性\nKR1：错误率降到 0.1%\n- 基线：0.2%\n- 进度：50%\n",
        [("错误率降到 0.1%", Decimal("0.2"), Decimal("0.1"), "%", "decrease")],
    ),
    (
        "Objective: Make the API reliable\nKR1: Cut the error rate to 0.1%\n- Baseline: 0.2%\n"
        "- Status: at risk\n",
        [("Cut the error rate to 0.1%", Decimal("0.2"), Decimal("0.1"), "%", "decrease")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FIELDS)
def test_field_bullets_under_a_key_result_are_its_fields(text, expected):
    document = parse(text, year=2026)
    assert [s.owner for s in document.sections] == [None]
    read = [
        (k.text, k.start, k.target, k.unit, k.direction)
        for k in document.sections[0].objectives[0].key_results
    ]
    assert read == [(t, Decimal(s), Decimal(g), u, d) for t, s, g, u, d in expected]


# Bullets that are no fields under a plain key result line keep what they were read as.
def test_other_bullets_after_a_key_result_line_are_not_fields():
    text = (
        "• 公司级OKR\nO:制定财务战略\nKR1:募集3.5亿美元\n• 部门级OKR\nO1:确定预算\n"
        "KR1:减少支出80%\n"
    )
    assert [owner for owner, _ in _structure(text)] == ["公司级", "部门级"]


# S4. Bold first-cell rows with empty other cells are objectives; the rows under them are its key
# results, the other columns (priority, owner, scores) never glued to their text.
TABLES = [
    (
        "| **IPFS Cluster** | **Priority** | **Owner** | **Mid-Q Actual** | **End-Q** |\n"
        "| :---: | :---: | :---: | --- | --- |\n"
        "| **1 Finish the \"base cluster\" use-case** | | | | |\n"
        "| Swagger API documentation for the REST API | **P0** | Kishan | 0.6 | 0.5 |\n"
        "| js-cluster client | **P0** | Hector | 0.7 | 0.7 |\n"
        "| | | | | |\n"
        "| **2 Release collaborative clusters** | | | | |\n"
        "| Merge CRDT prototype and release | **P0** | Hector | 0.7 | 0.7 |\n",
        [("Finish the \"base cluster\" use-case",
          ["Swagger API documentation for the REST API", "js-cluster client"]),
         ("Release collaborative clusters", ["Merge CRDT prototype and release"])],
    ),
    (
        "| **存储团队** | **优先级** | **负责人** | **期中得分** |\n"
        "| --- | --- | --- | --- |\n"
        "| **1 完成基础集群场景** | | | |\n"
        "| 编写 REST API 文档 | P0 | 王伟 | 0.6 |\n"
        "| 发布 JS 客户端 | P1 | 李娜 | 0.7 |\n"
        "| **2 发布协作集群** | | | |\n"
        "| 合并 CRDT 原型并发布 | P0 | 王伟 | 0.7 |\n",
        [("完成基础集群场景", ["编写 REST API 文档", "发布 JS 客户端"]),
         ("发布协作集群", ["合并 CRDT 原型并发布"])],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TABLES)
def test_bold_first_column_rows_are_objectives(text, expected):
    sections = _structure(text)
    assert [objectives for _, objectives in sections] == [expected]
    mentions = {tuple(k.mentions) for k in _only_key_results(text)}
    assert all(len(m) == 1 for m in mentions)  # the owner column is a mention, never the text


# S2. Reference markup is never a number; a placeholder ("N2") is no numeric target yet.
MARKUP = [
    ("KR: Land [*N<sub>2</sub>*][N2] large enterprise customers",
     "Land N2 large enterprise customers", None),
    ("KR: Reach [*N<sub>0</sub>*][N0] MAU (see latest)", "Reach N0 MAU (see latest)", None),
    ("KR：签约 [*N<sub>2</sub>*][N2] 家大型企业客户", "签约 N2 家大型企业客户", None),
    ("Grow revenue[1] by 20%", "Grow revenue by 20%", 20),
    ("Grow revenue by 20%[^1]", "Grow revenue by 20%", 20),
    ("收入[1]增长20%", "收入增长20%", 20),
    ("收入增长20%[^2]", "收入增长20%", 20),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kept", "target"), MARKUP)
def test_reference_markup_is_never_a_number(text, kept, target):
    reading = read_key_result(text, year=2026)
    assert (reading.text, reading.target) == (kept, None if target is None else Decimal(target))
    [parsed] = _only_key_results(f"Objective: Grow\n- {text}\n")
    assert (parsed.text, parsed.target) == (reading.text, reading.target)


# M1. Example, version and verdict labels ("案例", "### 改良版本", "✅ Good:", "Before:") say
# what the text after them is; they never name an owner.
LABELS = [
    # a Chinese HR article on OKR cases: "案例:目标“…”" then "KR1:…"
    ("案例:目标“提升用户留存率”\nKR1:次日留存率从50%提升至65%。\nKR2:上线3个用户激励功能。\n",
     [("提升用户留存率", 2)]),
    ("Example: Objective: Improve user retention\nKR1: Lift D1 retention from 50% to 65%\n"
     "KR2: Launch 3 user incentive features\n",
     [("Improve user retention", 2)]),
    # an AGV team's revised OKRs, as pasted: "### 改良版本" over objective bullets
    ("### 改良版本\n\n- 10月1号之前提高需求开发速度10%\n    - 开发人员100%熟悉重点框架\n"
     "    - 项目组对版本提交时间0投诉\n",
     [("10月1号之前提高需求开发速度10%", 2)]),
    ("### Improved version\n\n- Speed up feature delivery by 10% before October 1\n"
     "    - Every developer knows the core framework\n    - Zero complaints about release timing\n",
     [("Speed up feature delivery by 10% before October 1", 2)]),
    ("### After:\n\n- 提升交付速度\n    - 交付周期从10天缩短到7天\n    - 返工率降低到5%\n",
     [("提升交付速度", 2)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), LABELS)
def test_example_labels_name_no_owner(text, expected):
    sections = _structure(text)
    assert [owner for owner, _ in sections] == [None]
    assert [(title, len(krs)) for title, krs in sections[0][1]] == expected


# Under "Examples:", "❌ Bad: …" / "✅ Good: …" (a product team's OKR template) judge an example:
# no owner, and the verdict mark decorates no title.
@pytest.mark.parametrize(
    "examples",
    [
        "❌ Bad: Ship dark mode (task)\n✅ Good: Increase D7 retention from 40% to 55%\n\n"
        "❌ Bad: Improve user experience (vague)\n✅ Good: Cut time-to-value from 10 to 3 min\n",
        "❌ 错误示例：上线深色模式（任务）\n✅ 正确示例：7日留存率从40%提升到55%（结果）\n\n"
        "❌ 错误示例：改善用户体验（模糊）\n✅ 正确示例：首次见效时间从10分钟缩短到3分钟\n",
    ],
)
def test_verdict_marks_name_no_owner(examples):
    text = (
        "**Objective:** Launch the product in Q1\n\n**Key Results:**\n- KR 1: Reach 1,000 trials\n"
        f"\n**Examples:**\n\n{examples}"
    )
    assert _structure(text) == [(None, [("Launch the product in Q1", ["Reach 1,000 trials"])])]


# M2. An example's objective label, the label of its key results, and a template's italic note
# under an objective heading (a team OKR template's "_Objectives should be ambitious…_").
OBJECTIVE_LABELS = [
    # an HR OKR example page, as pasted
    ('Example of an HR Objective:"Establish a world-class recruiting process"\n'
     "Example Key Results for the above Objective:\n- Reduce time-to-hire from 45 to 30 days\n"
     "- Raise candidate satisfaction to 85%\n",
     [("Establish a world-class recruiting process", 2)]),
    ("人力资源目标示例：“建立一流的招聘流程”\n示例关键结果：\n- 招聘周期从45天缩短到30天\n"
     "- 候选人满意度提升到85%\n",
     [("建立一流的招聘流程", 2)]),
    ("### Objective 1: Make onboarding delightful\n_Objectives should be ambitious and "
     "qualitative._\n\n* Key Result 1.1: Cut time-to-value from 10 to 3 minutes\n",
     [("Make onboarding delightful", 1)]),
    ("### 目标1：让新用户上手更顺畅\n*目标应当有挑战、定性、鼓舞人心。*\n\n"
     "* 关键结果1.1：首次见效时间从10分钟缩短到3分钟\n",
     [("让新用户上手更顺畅", 1)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), OBJECTIVE_LABELS)
def test_example_objective_labels_and_notes(text, expected):
    sections = _structure(text)
    assert [(title, len(krs)) for _, objectives in sections for title, krs in objectives] == (
        expected
    )


# M3. A noun that names people by their work, a subject reporting, a result stated as done:
# outcomes, not activities (shapes from the tester's pastes: an AGV team's revised OKRs, a CRO's
# and a recruiting team's published OKRs, Sourcegraph's 2022 Q1 OKRs).
@pytest.mark.parametrize(
    "text",
    [
        "开发人员100%熟悉AGV重点逻辑框架",
        "测试同学100%掌握自动化回归流程",
        "Hiring managers report that 75% of new hires are productive in 30 days",
        "VP Talent hired by end of Q1",
        "20 case studies added to the website",
        'Increase users who are considered "activated" from 30% to 45%',
    ],
)
def test_nouns_are_not_activities(text):
    assert read_key_result(text, year=2026).is_activity is False


@pytest.mark.parametrize(
    "text", ["Hire 5 engineers", "Publish 20 case studies", "开发新功能3个", "招聘开发人员5名"]
)
def test_work_is_still_an_activity(text):
    assert read_key_result(text, year=2026).is_activity is True


# M4. A quarter that says which thing ("20% of Q2 pipeline", "on Q1 renewals") and a date in a
# remark on a figure ("as reforecast on Feb 15") are no due dates (a CRO's published OKRs and
# Sourcegraph's 2022 Q1 OKRs, as the tester pasted them).
@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("We've sourced 20% of Q2 pipeline", None),
        ("100% Logo Retention on Q1 Renewals", None),
        ("Hit 95% of plan (as reforecast on Feb 15)", None),
        ("完成95%的计划（按2月15日的预测）", None),
        ("Ship v2 on Feb 15", "on Feb 15"),
        ("Close the books on Q1 results by April 10", "by April 10"),
        ("Ship 3 features in Q2", "in Q2"),
        ("3月15日前完成95%计划", "3月15日前"),
    ],
)
def test_a_period_naming_a_thing_is_no_deadline(text, deadline):
    assert read_key_result(text, year=2026).deadline == deadline


# "Maintain ROAS of 3x across social ads" (a CMO's OKRs): a level kept, never a change by 3x.
@pytest.mark.parametrize(
    ("text", "target_type", "direction"),
    [
        ("Maintain ROAS of 3x across social ads", "absolute", "maintain"),
        ("保持社交广告ROAS为3倍", "absolute", "maintain"),
        ("Grow ROAS 3x", "relative", "increase"),
        ("收入增长3倍", "relative", "increase"),
    ],
)
def test_a_kept_multiple_is_a_level(text, target_type, direction):
    reading = read_key_result(text, year=2026)
    assert (reading.target, reading.target_type, reading.direction) == (
        Decimal(3),
        target_type,
        direction,
    )
