"""Document layouts (issue 10 §2), each a kind: every combination below parses to the structure
a person sees — the objective, its key results, and nothing from labels, headings or details."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse, read_key_result

OBJECTIVES = [("Make the API reliable", "Raise uptime to 99.9%", "Cut p99 latency to 200ms"),
              ("提升客户满意度", "满意度从 85% 提升至 90%", "投诉率降低到 3%")]  # fmt: skip
BULLETS = ["- ", "* ", "• ", "1. ", "1) ", "（1）", "①", "a. ", "– "]
LABELS = [
    "Key results:",
    "KRs:",
    "关键结果：",
    "关键结果(KR)：",
    "#### Key results:",
    "### Key Results",
    "关键结果与行动方案：",
    "### 關鍵結果與行動方案",
    "Key results and initiatives:",
]
OBJECTIVE_FORMS = [
    "Objective: {}",
    "目标(O)：{}",
    "**{}**",
    "### {}",
    "Objective 2\n{}",
    "### Objective 2\n{}",
]


def _bullet(shape: str, number: int) -> str:
    return (
        shape.replace("1", str(number))
        .replace("①", "①②③"[number - 1])
        .replace("a.", "abc"[number - 1] + ".")
    )


def _structure(text: str) -> list:
    return [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in parse(text).sections
    ]


@pytest.mark.parametrize("shape", BULLETS)
@pytest.mark.parametrize("label", ["", *LABELS])
@pytest.mark.parametrize("form", OBJECTIVE_FORMS)
@pytest.mark.parametrize("objective", OBJECTIVES)
def test_objective_label_and_bullets_of_every_shape(objective, form, label, shape):
    title, *key_results = objective
    lines = [form.format(title)]
    lines += [label, ""] if label else [""]
    lines += [_bullet(shape, n) + kr for n, kr in enumerate(key_results, start=1)]
    assert _structure("\n".join(lines)) == [(None, [(title, key_results)])]


@pytest.mark.parametrize(
    "cycle",
    [
        "## 2018 Q4",
        "### Q2 2021",
        "## 2026 年度",
        "# FY27-Q1 OKRs",
        "# Quarterly Objectives and Key Results",
        "### Current Period: Q1 2026",
        "## 周期：2026 年度",
    ],
)
def test_cycle_and_title_headings_are_neither_owners_nor_objectives(cycle):
    text = (
        f"{cycle}\n\n**Daemon is reliable**\n"
        "- A daemon runs for 14 days without a crash\n- Cut CI time by 50%"
    )
    assert _structure(text) == [
        (
            None,
            [
                (
                    "Daemon is reliable",
                    ["A daemon runs for 14 days without a crash", "Cut CI time by 50%"],
                )
            ],
        )
    ]


@pytest.mark.parametrize(
    "enumerator",
    [
        "KR2(关键成果2): ",
        "O1-KR3 ",
        "KR 1.2 ",
        "【KR1】",
        "KR1=",
        "KR #1.1: ",
        "Key Result 1: ",
        "關鍵結果1：",
        "**KR1**: ",
        "- **KR2:** ",
        "1.",
        "2)",
    ],
)
def test_enumerators_never_stay_in_the_text_nor_become_the_target(enumerator):
    document = parse(f"目标：提升续费\n{enumerator}续费率达到 80%")
    kr = document.objectives[0].key_results[0]
    assert (kr.text, kr.target) == ("续费率达到 80%", 80)


def test_detail_bullets_under_a_key_result_are_not_key_results():
    text = """## Objective: 提升系统可靠性

### Key Results:
- KR1: P99 延迟 < 200ms
  - 当前值: 250ms
  - 进度: 80% (200/250)
- KR2: 错误率 < 0.1%
  - 当前值: 0.2%
"""
    assert _structure(text) == [(None, [("提升系统可靠性", ["P99 延迟 < 200ms", "错误率 < 0.1%"])])]


def test_table_columns_come_from_the_header_and_extra_cells_stay_out():
    text = """| 目标 | 关键结果 | 当前进度 | 剩余时间 | 负责人 |
|---|---|---|---|---|
| 提升美国站转化率 | 从1.8%→2.5% | 2.1%(+0.3) | 45天 | 运营总监 |
| 降低物流成本 | 单件成本≤$3.2 | $3.5(需优化) | 60天 | 供应链VP |
"""
    document = parse(text)
    # The owner column names whose objective each row starts (issue 10 §2, probe10 F7).
    assert _structure(text) == [
        ("运营总监", [("提升美国站转化率", ["从1.8%→2.5%"])]),
        ("供应链VP", [("降低物流成本", ["单件成本≤$3.2"])]),
    ]
    first = document.objectives[0].key_results[0]
    assert (first.start, first.target, first.mentions) == (Decimal("1.8"), 2.5, [])
    assert (
        1,
        "table column of progress, score or status: not read (check-ins record progress)",
    ) in [(p.line, p.message) for p in document.problems]


def test_a_cell_with_several_key_results_and_rows_that_continue_an_objective():
    text = """目标（Objective） | 关键结果（Key Results） |
---|---|
O1：打造人才供应链 | KR1：招聘周期缩短至45天以内（当前60天） KR2：人才储备率达到120%（当前80%） |
| 建立高效的招聘体系 | 1. 将平均招聘周期从30天缩短至20天以内 |
| 2. 关键岗位招聘达成率达到95% | |
"""
    assert [len(o.key_results) for o in parse(text).objectives] == [2, 2]


@pytest.mark.parametrize(
    ("line", "text", "target"),
    [
        ("1.舉辦 5 次加盟店促銷活動", "舉辦 5 次加盟店促銷活動", 5),
        ("3)完成经销收入目标的 20%", "完成经销收入目标的 20%", 20),
        ("- **KR1**: NPS from 42 to 50", "NPS from 42 to 50", 50),
        ("**KR 2:** Self-serve resolution rate to 60%", "Self-serve resolution rate to 60%", 60),
        ("1.5 倍的续费率", "1.5 倍的续费率", Decimal("1.5")),
    ],
)
def test_a_whole_line_loses_its_enumerator_glued_or_in_bold(line, text, target):
    reading = read_key_result(line)
    assert (reading.text, reading.target) == (text, target)


@pytest.mark.parametrize("bullet", ["• ", "- ", "* "])
def test_a_bulleted_title_naming_whose_okrs_follow_is_an_owner(bullet):
    text = (
        f"案例：\n{bullet}公司级OKR\nO:制定财务战略\nKR1:募集3.5亿美元种子资金\nKR2:预算偏差低于5%\n"
        f"{bullet}部门级OKR\nO1:确定最终预算\nKR1:不必要支出减少80%\nO2:建立融资网络\n"
        "KR1:与80家风投公司开会"
    )
    assert [
        (s.owner, [len(o.key_results) for o in s.objectives])
        for s in parse(text).sections
        if s.objectives
    ] == [("公司级", [2]), ("部门级", [1, 1])]


def test_owner_lines_name_a_department_or_role_before_its_objectives():
    text = (
        "公司级OKR\nO1：优化成本结构\nKR1：成本降低10%\n部门级OKR\n研发部门\nO1：确定创新方向\n"
        "KR1：完成5个创意提案\n客服总监\n\nO1：提升续费\n\nKR1：续费率达到90%"
    )
    assert [(s.owner, len(s.objectives)) for s in parse(text).sections if s.objectives] == [
        ("公司级", 1),
        ("研发部门", 1),
        ("客服总监", 1),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Support: Resolve tickets faster\n- Cut first response time from 4 hours to 1 hour\n"
        "- Raise CSAT from 88% to 93%\nSales: Grow the partner channel\n"
        "- Sign 12 new reseller partners",
        "销售部：扩大渠道\n- 新签约20家经销商\n- 渠道销售额增长30%\n客服部：提升客户满意度\n"
        "- 客户满意度从85%提升到92%",
    ],
)
def test_a_role_prefix_on_an_objective_names_its_owner(text):
    sections = [s for s in parse(text).sections if s.objectives]
    got = [(s.owner, [(o.title, len(o.key_results)) for o in s.objectives]) for s in sections]
    assert got in (
        [
            ("Support", [("Resolve tickets faster", 2)]),
            ("Sales", [("Grow the partner channel", 1)]),
        ],
        [("销售部", [("扩大渠道", 2)]), ("客服部", [("提升客户满意度", 1)])],
    )


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        ("Customer Service OKR Examples", None),
        ("Team Level OKRs", None),
        ("四、客服岗位OKR示例", None),
        ("产品经理的OKR", "产品经理"),
        ("Marketing's OKRs", "Marketing"),
        ("研发部门 OKR", "研发部门"),
        ("Sales team OKRs", "Sales team"),
        # whose example it is, then the example's topic
        ("Google 的 OKR 範例：提升搜索用戶體驗", "Google"),
        ("产品部的OKR案例：提升留存", "产品部"),
    ],
)
def test_a_topic_title_over_the_whole_document_is_not_its_owner(title, owner):
    text = f"{title}\n\nObjective: Grow\nKey results:\n- Raise NPS to 40\n- Cut churn to 2%\n"
    assert [(s.owner, len(s.objectives)) for s in parse(text).sections] == [(owner, 1)]


def test_several_topic_titles_divide_the_document_between_owners():
    text = (
        "产品团队 OKR 示例：\nO1：提升留存\nKR1：留存率达到 40%\n"
        "工程团队 OKR 示例：\nO1：稳定\nKR1：可用性 99.9%"
    )
    assert [s.owner for s in parse(text).sections] == ["产品团队", "工程团队"]


def test_outline_bullets_around_marked_objectives_are_not_objectives():
    text = """- 优先级处理方式有两种
    - 第一种，对OKR进行优先级标注。
        - O1：招聘优秀人才（P0：必须完成）
            - KR1：招聘到岗5名项目经理。
        - O2：落地企业文化（P2：期望完成）
            - KR1：设计价值观考核并实施。
    - 第二种，通过OKR自然排序来体现优先级
"""
    assert [len(o.key_results) for o in parse(text).objectives] == [1, 1]


def test_prose_before_a_list_of_links_is_not_an_objective():
    text = "相关推荐\n• 点击解锁关键结果KR的正确打开方式\n• 你有一份法务部OKR制定攻略待签收\n"
    assert parse(text).objectives == []


def test_traditional_characters_read_as_simplified_with_the_text_kept_as_written():
    text = "O1（目標1）：實現銷售收入的增長\n* KR1（關鍵成果1）: 季度新簽合同金額達到500萬人民幣。"
    kr = parse(text).objectives[0].key_results[0]
    assert (kr.text, kr.target, kr.unit) == (
        "季度新簽合同金額達到500萬人民幣。",
        5000000,
        "人民币",
    )


def test_an_outline_heading_before_the_okrs_is_not_their_owner():
    text = (
        "## Key Concepts\n\n- Objectives\n  - What we want.\n"
        "- Key Results\n  - How we measure it.\n\n"
        "## OKRs (2020 Set 1):\n\n- **Objective:** Keep releases steady\n"
        "  - **Key Result:** Ship 4 releases\n  - **Key Result:** Cut failed deploys to 2\n"
    )
    assert [(s.owner, len(s.objectives)) for s in parse(text).sections if s.objectives] == [
        (None, 1)
    ]


def test_sub_bullets_under_a_heading_objectives_key_result_are_its_details():
    text = (
        "## 2019 Q1\n### Faster builds\n* Cache hits reach 80% [p1]\n"
        "### Stable releases\n* go and js interoperate [p0]\n  * the DHT passes its interop suite\n"
        "  * the relay passes its interop suite\n* a benchmark suite runs on every release [p1]\n"
    )
    assert _structure(text) == [
        (
            None,
            [
                ("Faster builds", ["Cache hits reach 80%"]),
                (
                    "Stable releases",
                    ["go and js interoperate", "a benchmark suite runs on every release"],
                ),
            ],
        )
    ]


@pytest.mark.parametrize("shape", ["1. ", "- ", "* "])
@pytest.mark.parametrize("why", ["**WHY:** Usage is flat today.", "为什么：用户增长停滞。"])
def test_an_indented_paragraph_under_an_objective_bullet_continues_it(shape, why):
    """Markdown: a paragraph indented under a list item belongs to the item, so the key result
    bullets after it are still the objective's (Sourcegraph's handbook writes a WHY there)."""
    text = (
        f"## Company\n\n{shape}**Grow usage**\n\n    {why}\n\n   - KR: Raise weekly users to 500\n"
        f"   - KR: Cut churn to 2%\n\n{shape}**Async culture**\n\n   - KR: Survey score of 4+\n"
    )
    assert _structure(text) == [
        ("Company", [("Grow usage", ["Raise weekly users to 500", "Cut churn to 2%"]),
                     ("Async culture", ["Survey score of 4+"])]),
    ]  # fmt: skip


def test_a_bullet_ending_in_a_colon_introduces_points_not_an_objective():
    text = (
        "## 解析\n\n  • 關鍵結果背景與挑戰：\n    • 點擊率的提升需要大量算法調整。\n"
        "    • 載入速度需要克服網絡環境差異。\n"
    )
    assert parse(text).objectives == []


@pytest.mark.parametrize(
    ("front_matter", "owner"),
    [
        ("---\nteam: Growth\nquarter: 2026-Q2\nowner: Ana Lee\n---", "Growth"),
        ("---\nowner: Ana Lee\nstatus: on-track\n---", "Ana Lee"),
        ("---\n负责人: 林晓\n---", "林晓"),
    ],
)
@pytest.mark.parametrize("remarks", ["## Risks", "## Notes", "### 风险", "## Blockers"])
def test_front_matter_names_the_owner_and_a_remarks_heading_holds_no_key_results(
    front_matter, owner, remarks
):
    text = (
        f"{front_matter}\n\n# Objective: Keep trial users\n\n- KR1: Trial conversion to 25%.\n"
        f"- KR2: Churn in month one ≤ 4%.\n\n{remarks}\n- Two hires are late; 3 gaps in APAC.\n"
    )
    assert _counts(text) == [(owner, [("Keep trial users", 2)])]


def _counts(text: str) -> list:
    return [
        (owner, [(t, len(krs)) for t, krs in objectives]) for owner, objectives in _structure(text)
    ]


def test_a_rule_that_is_no_front_matter_stays_a_rule():
    text = "---\n\nObjective: Keep trial users\n- Trial conversion to 25%\n- Churn ≤ 4%\n---\n"
    assert _counts(text) == [(None, [("Keep trial users", 2)])]


@pytest.mark.parametrize(
    ("lines", "owners"),
    [
        # A level label before a team's name names the team; the level is no owner.
        (["一级部门：市场中心", "二级部门：上海市场团队"], ["市场中心", "上海市场团队"]),
        # "举例：" and "一个公式：" introduce text; "X 的第一个 OKR：" after a clause names X.
        (["举例：", "老板在会上写下市场部的第一个OKR："], [None, "市场部"]),
        (["一个公式：", "例如："], [None]),
    ],
)
def test_labels_before_okrs_name_an_owner_only_when_they_name_one(lines, owners):
    blocks = [
        f"{line}\nO:扩大品牌影响力\n说明文字，不是关键结果。\nKR：怎样衡量？看下面的数字。\n"
        f"KR1:官网访问量达到20万\nKR2:媒体报道不少于15篇\n"
        for line in lines
    ]
    got = _counts("\n".join(blocks))
    assert [owner for owner, _ in got] == owners
    assert [o for _, objectives in got for o in objectives] == [("扩大品牌影响力", 2)] * len(lines)


# probe10 F14: layouts that lost their key results silently, each a kind (own sentences).
@pytest.mark.parametrize(
    ("objective", "label", "items"),
    [
        (
            "目标：六月底前完成新仓库的搬迁",
            "关键结果：",
            ["五月中旬签下新仓库的租约", "库存盘点差异率降到 0.5%"],
        ),
        (
            "目標：年底前重建客服知識庫",
            "關鍵結果：",
            ["十月底前整理完常見問題", "自助解決率提升到 60%"],
        ),
        (
            "Objective: Move the team to the new office",
            "Key results:",
            [
                "Sign the lease by mid May",
                "Pack and label every desk",
                "Lose no more than 2 workdays",
            ],
        ),
        ("O1：降低员工流失", "关键结果(KR)：", ["离职率从 12% 降到 8%", "完成全员一对一面谈"]),
        ("Objective: Tidy the backlog", "KRs:", ["Close 40 stale tickets", "Tag every open bug"]),
    ],
)
@pytest.mark.parametrize("blank_after_label", [False, True])
def test_plain_lines_under_a_key_result_label_are_its_key_results(
    objective, label, items, blank_after_label
):
    title = objective.split("：", 1)[-1].split(": ", 1)[-1]
    lines = [objective, label, *([""] if blank_after_label else []), *items]
    # Another objective right after the list, and prose after a blank line, are not its items.
    text = "\n".join([*lines, "目标：提升团队士气", "关键结果：", "季度敬业度得分达到 80 分", ""])
    text += "\n以上就是我们的例子，仅供参考"
    assert _structure(text) == [
        (None, [(title, items), ("提升团队士气", ["季度敬业度得分达到 80 分"])])
    ]


@pytest.mark.parametrize(
    ("owner", "blocks"),
    [
        (
            "运营主管",
            [
                ("提升社群的活跃度", ["截止 5 月底举办 3 场线下沙龙", "截止 6 月中旬上线积分商城"]),
                ("整理内容生产流程", ["截止 4 月底写完选题规范", "截止 5 月初完成编辑培训"]),
            ],
        ),
        (
            "營運主管",
            [("提升社群的活躍度", ["截止 5 月底舉辦 3 場線下沙龍", "截止 6 月中旬上線積分商城"])],
        ),
        (
            "Head of Support",
            [
                (
                    "Make self-service the first stop",
                    ["Publish the new help center by May 15", "Retire the old FAQ by June"],
                ),
                (
                    "Train the new hires",
                    [
                        "Finish onboarding for 4 agents by April 30",
                        "Shadow senior agents by end of May",
                    ],
                ),
            ],
        ),
        (
            "Customer Success Team",
            [
                (
                    "Keep our largest accounts",
                    [
                        "Run a health review with each top account by March",
                        "Renew 90% of top accounts",
                    ],
                )
            ],
        ),
    ],
)
@pytest.mark.parametrize("items_shape", ["  {n}. ", "   - ", "{n}. "])
def test_an_owner_line_then_plain_objectives_with_dated_items(owner, blocks, items_shape):
    text = owner + "\n"
    for title, items in blocks:
        text += title + "\n"
        text += "".join(items_shape.format(n=n) + item + "\n" for n, item in enumerate(items, 1))
        text += "\n"
    assert _structure(text) == [(owner, [(title, items) for title, items in blocks])]


@pytest.mark.parametrize("dash", ["– ", "— ", "  – ", "  — "])
@pytest.mark.parametrize(
    "blocks",
    [
        [
            (
                "Grow paid plans",
                ["Raise average plan size to at least $90 per month", "Win 25 new teams"],
            ),
            ("Answer customers faster", ["Cut first reply time from 9 hours to 3 hours"]),
        ],
        [
            ("扩大付费用户规模", ["付费团队数达到 300 家", "月均客单价提升到 90 元"]),
            ("加快客服响应", ["首次响应时长从 9 小时缩短到 3 小时"]),
        ],
        [("擴大付費用戶規模", ["付費團隊數達到 300 家", "月均客單價提升到 90 元"])],
    ],
)
@pytest.mark.parametrize("objective_bullet", ["• ", "- ", "* "])
def test_dash_bullets_under_bulleted_objectives_are_their_key_results(
    blocks, dash, objective_bullet
):
    text = "".join(
        objective_bullet + title + "\n" + "".join(dash + item + "\n" for item in items)
        for title, items in blocks
    )
    assert _structure(text) == [(None, blocks)]


@pytest.mark.parametrize(
    ("marker", "objective"),
    [
        ("• Key Result {n}:", "Objective: Close the books on time."),
        ("- KR{n}:", "Objective: Close the books on time."),
        ("• 关键结果{n}：", "目标：按时完成月度结账"),
        ("• 關鍵結果{n}：", "目標：按時完成月度結帳"),
        ("KR{n}：", "目标：按时完成月度结账"),
    ],
)
def test_a_key_result_marker_with_its_text_on_the_next_line(marker, objective):
    items = [
        "Close each month by the 5th working day",
        "对账差异降到 10 笔以下",
        "Zero late tax filings",
    ]
    text = objective + "\n"
    text += "".join(
        "  " + marker.format(n=n) + "\n    " + item + "\n" for n, item in enumerate(items, 1)
    )
    title = objective.split("：", 1)[-1].split(": ", 1)[-1].rstrip(".")
    parsed = parse(text)
    assert _structure(text) == [(None, [(title, items)])]
    assert {p.message for p in parsed.problems} == {"label line: introduces the items under it"}


def test_a_key_result_marker_with_nothing_after_it_is_noted():
    parsed = parse("Objective: Close the books on time\n- KR1:\n- KR2: Zero late tax filings\n")
    assert _structure(
        "Objective: Close the books on time\n- KR1:\n- KR2: Zero late tax filings"
    ) == [(None, [("Close the books on time", ["Zero late tax filings"])])]
    assert [(p.line, p.message) for p in parsed.problems] == [
        (2, "key result marker without text: ignored")
    ]


# probe10 F7: a table's owner column (or a column of team names) is whose objective it is, never
# a mention glued to the key result; progress and score columns are dropped with a note.
@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (
            "| 主题 | 目标 | 关键结果 | 部门 | 进度 |",
            [
                "| 增长 | 扩大华南市场 | 华南新签客户从 40 家增加到 70 家 | 销售部 | 30% |",
                "| | | 渠道伙伴达到 12 家 | 销售部 | 10% |",
                "| 体验 | 缩短交付周期 | 平均交付天数从 14 天降到 9 天 | 交付中心 | 50% |",
            ],
            [
                (
                    "销售部",
                    [("扩大华南市场", ["华南新签客户从 40 家增加到 70 家", "渠道伙伴达到 12 家"])],
                ),
                ("交付中心", [("缩短交付周期", ["平均交付天数从 14 天降到 9 天"])]),
            ],
        ),
        (
            "| 主題 | 目標 | 關鍵結果 | 執行 |",
            ["| 成長 | 擴大華南市場 | 華南新簽客戶從 40 家增加到 70 家 | 業務部 |"],
            [("業務部", [("擴大華南市場", ["華南新簽客戶從 40 家增加到 70 家"])])],
        ),
        (
            "| Theme | Objective | Key result | Team | Score |",
            [
                "| Growth | Win the mid-market | Sign 30 new mid-market accounts | Sales | 0.4 |",
                "| Quality | Ship fewer bugs | Cut escaped bugs from 20 to 5 | QA | 0.7 |",
            ],
            [
                ("Sales", [("Win the mid-market", ["Sign 30 new mid-market accounts"])]),
                ("QA", [("Ship fewer bugs", ["Cut escaped bugs from 20 to 5"])]),
            ],
        ),
        (
            "| Theme | Objective | Key result | Who |",
            ["| Growth | Win the mid-market | Sign 30 new mid-market accounts | Sales Team |"],
            [("Sales Team", [("Win the mid-market", ["Sign 30 new mid-market accounts"])])],
        ),
    ],
)
def test_a_tables_owner_column_owns_the_objective_and_scores_are_noted(header, rows, expected):
    text = "\n".join([header, "|" + "---|" * (header.count("|") - 1), *rows])
    document = parse(text)
    assert _structure(text) == expected
    assert all(not kr.mentions for o in document.objectives for kr in o.key_results)
    scored = any(word in header for word in ("进度", "Score"))
    assert scored == any("progress, score" in p.message for p in document.problems)
