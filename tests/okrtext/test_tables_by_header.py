"""Markdown tables are read by their header row (issue 10 §2): the objective and key result
columns give the text, a Baseline / Target / Timeline column (基线 / 目标值 / 截止时间) the key
result's start, target and due date, each cell read on its own with the readers of the text, an
Owner column (负责人) whose row it is; Progress / Score / Status columns and columns the reader
does not know never reach the text. A row whose objective cell is blank continues the objective
above; a table may leave out its outer pipes. Where a value cell and the text disagree the cell
wins (docs/import-export.md, "Tables")."""

import json
from datetime import date
from decimal import Decimal

import pytest

from mubiao.okrtext import lint, parse
from mubiao.okrtext.cli import parse_main

CYCLE = (date(2026, 1, 1), date(2026, 12, 31))

# (name, table, expected): expected is one entry per objective, in order:
# (section owner, objective title, [(text, start, target, unit, due, mentions), …]).
TABLES = [
    (
        "zh: every column, a row contradicting its Target cell, a blank objective cell",
        """\
| 目标 | 关键结果 | 基线/当前值 | 目标值 | 截止时间 | 负责人 |
|---|---|---|---|---|---|
| 提升客户满意度 | 客诉率从8%降到3% | 8% | 5% | 2026-09-30 | 王伟 |
| | NPS 提升 | 30 | 45 | 6月底 | 李娜 |
""",
        [
            (
                "王伟",
                "提升客户满意度",
                [
                    ("客诉率从8%降到3%", "8", "5", "%", date(2026, 9, 30), []),
                    ("NPS 提升", "30", "45", None, date(2026, 6, 30), ["李娜"]),
                ],
            )
        ],
    ),
    (
        "en: every column, no outer pipes, money with a scale, a quarter and a year",
        """\
Objective | Key Result | Baseline | Target | Timeline | Owner
--- | --- | --- | --- | --- | ---
Grow revenue | Increase ARR | $1.2M | $2M | Q3 2026 | Sales Team
 | Raise net revenue retention | 98% | 110% | 2026-11-30 |
""",
        [
            (
                "Sales Team",
                "Grow revenue",
                [
                    ("Increase ARR", "1200000", "2000000", "$", date(2026, 9, 30), []),
                    ("Raise net revenue retention", "98", "110", "%", date(2026, 11, 30), []),
                ],
            )
        ],
    ),
    (
        "en: O / KR / Progress / Score, neither glued nor read as the target",
        """\
| O | KR | Progress | Score |
|---|---|---|---|
| Ship v2 | Reduce p95 latency to 200 ms | 60% | 0.6 |
| | Onboard 5 pilot customers | 2 | 0.4 |
""",
        [
            (
                None,
                "Ship v2",
                [
                    ("Reduce p95 latency to 200 ms", None, "200", "ms", None, []),
                    ("Onboard 5 pilot customers", None, "5", "pilot customers", None, []),
                ],
            )
        ],
    ),
    (
        "zh: 当前值 and 目标值 with 万, 截止日期 in Chinese",
        """\
| 目标 | 关键结果 | 当前值 | 目标值 | 截止日期 |
| --- | --- | --- | --- | --- |
| 扩大用户规模 | 月活跃用户数 | 8000 | 1.2万 | 2026年9月30日 |
| | 付费用户数 | 900 | 1500 | 12月31日 |
""",
        [
            (
                None,
                "扩大用户规模",
                [
                    ("月活跃用户数", "8000", "12000", None, date(2026, 9, 30), []),
                    ("付费用户数", "900", "1500", None, date(2026, 12, 31), []),
                ],
            )
        ],
    ),
    (
        "en: columns the reader does not know stay out of the text",
        """\
| Objective | Key Result | Why it matters | Notes | Target |
|---|---|---|---|---|
| Delight our customers | Raise CSAT | customers renew more | survey monthly | 4.6 |
""",
        [(None, "Delight our customers", [("Raise CSAT", None, "4.6", None, None, [])])],
    ),
    (
        "en: a key result without numbers takes them from its Baseline and Target cells",
        """\
| Objective | Key Result | Baseline | Target | Deadline |
|---|---|---|---|---|
| Become the most loved product | Improve NPS | 30 | 45 | Dec 31, 2026 |
| | Cut support tickets per week | 400 | 250 | 2026-10-31 |
""",
        [
            (
                None,
                "Become the most loved product",
                [
                    ("Improve NPS", "30", "45", None, date(2026, 12, 31), []),
                    ("Cut support tickets per week", "400", "250", None, date(2026, 10, 31), []),
                ],
            )
        ],
    ),
    (
        "zh: an owner on each row under one objective owns its key result",
        """\
| 目标 | 关键结果 | 目标值 | 负责人 |
|---|---|---|---|
| 打造高效研发团队 | 代码评审平均时长 | 24小时 | |
| | 线上故障数 | 3次 | 张强 |
| | 自动化测试覆盖率 | 80% | 刘洋 |
""",
        [
            (
                None,
                "打造高效研发团队",
                [
                    ("代码评审平均时长", None, "24", "小时", None, []),
                    ("线上故障数", None, "3", "次", None, ["张强"]),
                    ("自动化测试覆盖率", None, "80", "%", None, ["刘洋"]),
                ],
            )
        ],
    ),
    (
        "zh: no outer pipes, 完成时间 written as 6月底 and Q3",
        """\
目标 | 关键结果 | 目标值 | 完成时间
--- | --- | --- | ---
提高转化率 | 官网注册转化率提升 | 5% | 6月底
 | 新用户7日留存率 | 40% | Q3
""",
        [
            (
                None,
                "提高转化率",
                [
                    ("官网注册转化率提升", None, "5", "%", date(2026, 6, 30), []),
                    ("新用户7日留存率", None, "40", "%", date(2026, 9, 30), []),
                ],
            )
        ],
    ),
    (
        "en: a Status column and a Due Date column",
        """\
| Objective | Key Results | Target | Due Date | Status |
|---|---|---|---|---|
| Build a world-class sales engine | Close new enterprise deals | 12 deals | 2026-09-30 | On track |
| | Grow qualified pipeline | $5M | 2026-06-30 | At risk |
""",
        [
            (
                None,
                "Build a world-class sales engine",
                [
                    ("Close new enterprise deals", None, "12", "deals", date(2026, 9, 30), []),
                    ("Grow qualified pipeline", None, "5000000", "$", date(2026, 6, 30), []),
                ],
            )
        ],
    ),
    (
        "zh: 进度 and 得分 never read as the target written in the text",
        """\
| 目标 | 关键结果 | 进度 | 得分 |
|---|---|---|---|
| 提升产品质量 | 崩溃率降低到0.1% | 50% | 0.5 |
| | 应用商店评分达到4.8 | 90% | 0.9 |
""",
        [
            (
                None,
                "提升产品质量",
                [
                    ("崩溃率降低到0.1%", None, "0.1", "%", None, []),
                    ("应用商店评分达到4.8", None, "4.8", None, None, []),
                ],
            )
        ],
    ),
    (
        "en: a Target cell without a unit keeps the text's unit; the cell wins",
        """\
| Objective | Key Result | Target |
|---|---|---|
| Keep customers longer | Cut monthly churn from 5% to 3% | 2.5 |
""",
        [
            (
                None,
                "Keep customers longer",
                [("Cut monthly churn from 5% to 3%", "5", "2.5", "%", None, [])],
            )
        ],
    ),
    (
        "en: a Timeline cell wins over the deadline in the text",
        """\
| Objective | Key Result | Timeline |
|---|---|---|
| Launch in Europe | Sign 10 resellers by end of June | 2026-09-30 |
""",
        [
            (
                None,
                "Launch in Europe",
                [
                    (
                        "Sign 10 resellers by end of June",
                        None,
                        "10",
                        "resellers",
                        date(2026, 9, 30),
                        [],
                    )
                ],
            )
        ],
    ),
    (
        "zh: blank value cells leave the text's own values",
        """\
| 目标 | 关键结果 | 基线 | 目标值 | 截止时间 |
|---|---|---|---|---|
| 降低运营成本 | 单均物流成本从12元降到9元 | | | |
| | 仓库周转天数 | 45天 | 30天 | |
""",
        [
            (
                None,
                "降低运营成本",
                [
                    ("单均物流成本从12元降到9元", "12", "9", "元", None, []),
                    ("仓库周转天数", "45", "30", "天", None, []),
                ],
            )
        ],
    ),
    (
        "en: two objectives, each with its owner, Start / Goal value / ETA",
        """\
| Objective | Key Result | Start | Target value | ETA | Owner |
|---|---|---|---|---|---|
| Scale the platform | Raise uptime | 99.5% | 99.9% | Q4 2026 | Platform Team |
| Hire great people | Fill open engineering roles | 0 | 8 | 2026-08-31 | Recruiting |
""",
        [
            (
                "Platform Team",
                "Scale the platform",
                [("Raise uptime", "99.5", "99.9", "%", date(2026, 12, 31), [])],
            ),
            (
                "Recruiting",
                "Hire great people",
                [("Fill open engineering roles", "0", "8", None, date(2026, 8, 31), [])],
            ),
        ],
    ),
]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _read(document) -> list:
    return [
        (
            section.owner,
            objective.title,
            [
                (kr.text, _number(kr.start), _number(kr.target), kr.unit, kr.due, kr.mentions)
                for kr in objective.key_results
            ],
        )
        for section in document.sections
        for objective in section.objectives
    ]


@pytest.mark.parametrize(("table", "expected"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES])
def test_a_table_is_read_by_its_header(table, expected):
    assert _read(parse(table, cycle=CYCLE)) == expected


@pytest.mark.parametrize("table", [t[1] for t in TABLES], ids=[t[0] for t in TABLES])
def test_no_row_is_left_unread(table):
    """Every row is an objective or a key result: only the header (a label) and the separator
    (decoration), and a progress column's note, are problems."""
    problems = {p.message for p in parse(table, cycle=CYCLE).problems}
    assert problems <= {
        "label line: introduces the items under it",
        "Markdown rule or table separator: ignored",
        "table column of progress, score or status: not read (check-ins record progress)",
    }


def test_the_direction_follows_the_values_of_the_cells():
    document = parse(TABLES[5][1], cycle=CYCLE)
    nps, tickets = document.objectives[0].key_results
    assert (nps.direction, nps.target_type) == ("increase", "absolute")
    assert (tickets.direction, tickets.target_type) == ("decrease", "absolute")


def test_a_contradicted_text_keeps_its_direction_and_words():
    kr = parse(TABLES[0][1], cycle=CYCLE).objectives[0].key_results[0]
    assert (kr.text, kr.direction, kr.deadline) == ("客诉率从8%降到3%", "decrease", "2026-09-30")


def test_the_json_of_the_parse_command_says_the_cells(tmp_path, capsys):
    path = tmp_path / "okrs.md"
    path.write_text(TABLES[0][1], encoding="utf-8")
    assert parse_main([str(path), "--json", "--year", "2026"]) == 0
    said = json.loads(capsys.readouterr().out)
    first, second = said["sections"][0]["objectives"][0]["key_results"]
    assert (first["start"], first["target"], first["due"]) == (8, 5, "2026-09-30")
    assert (second["text"], second["start"], second["target"]) == ("NPS 提升", 30, 45)
    assert [s["owner"] for s in said["sections"]] == ["王伟"]


def test_the_linter_reads_the_same_key_results():
    """lint reads through parse: a key result whose numbers are in its cells is measurable."""
    findings = lint(TABLES[5][1], cycle=CYCLE)
    assert not [f for f in findings if f.rule in ("OKR-M01", "OKR-M02")], findings


def test_an_unreadable_value_cell_is_said_not_guessed():
    table = """\
| Objective | Key Result | Target |
|---|---|---|
| Grow | Raise revenue | 40-45万 |
"""
    kr = parse(table, cycle=CYCLE).objectives[0].key_results[0]
    assert ("range", "40-45万") in kr.unreadable
