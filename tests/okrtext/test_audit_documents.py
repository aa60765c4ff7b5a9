"""Whole OKR documents from the independent audit (Nov 2026): owners, objectives, KR texts.

Each is written the way a published or exported OKR document looks: a Feishu/DingTalk export
with 【】 tags and weights, a GitLab handbook page, a Google-style Markdown page with handles and
status notes, a Markdown table with objective and key result side by side, and a plain Chinese
document with "(1)" numbering and "O2-KR1" markers.
"""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse

FEISHU = """# 2026 年第三季度 OKR

以下为各部门本季度 OKR，请于 7 月 5 日前确认。

## 销售部的OKR

**O1：提升华东区市场份额**
- KR1：【销售】第三季度末新签合同额达到 1200 万元
- KR2（权重30%）：华东区销售额同比增长 25%
- KR3：新增签约经销商不少于 120 家

**O2：提高回款质量**
1. 季度回款率不低于 95%
2. 应收账款周转天数从 65 天缩短到 45 天

## 客服中心的OKR

目标一：让客户更满意
关键结果1：首次响应时长不超过 30 分钟
关键结果2：客诉量环比下降 20%
"""

GITLAB = """# FY27-Q1 OKRs

CEO: Grow incremental ACV. Generate 1,500 SQLs in Q1, Win 40 new logos, Raise MRR by $150K.
VP Eng: Make the product fast. Keep p95 API latency below 200ms, Cut mean time to recovery by 30%.
"""

GOOGLE = """# Platform team's OKRs

This quarter we focus on reliability first, then speed.

### Objective 1: Make the platform boringly reliable
* [p1] Achieve 99.95% uptime for the API each month (@sre-oncall)
* Reduce open P0/P1 security vulnerabilities to zero
* Complete SOC 2 Type II audit by Nov 30 => in progress

### Objective 2: Developers ship faster
* Decrease build time on main from 18 minutes to 8 minutes @ci-team
* Reduce flaky tests by 50%
"""

TABLE = """产品经理的OKR

| 目标 | 关键结果 | 负责人 |
|------|----------|--------|
| O1：提升付费转化 | KR1：付费转化率由 3.2% 提升至 4.5% | @增长组 |
| | KR2：官网月均访问量提升 1 倍 | @市场部 |
"""

PLAIN_ZH = """研发中心的 OKR：

O1. 提升系统稳定性
（1）将核心接口 P99 延迟从 800ms 降低到 300ms
（2）线上 P1 以上故障数降至 0
（3）保持核心系统可用性 99.99%

备注：以上指标按月统计。

O2. 提升交付效率
O2-KR1 将平均交付周期由 14 天压缩到 10 天
O2-KR2 单元测试覆盖率从 45% 提高到 70% 以上
"""


def structure(document):
    return [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in document.sections
    ]


@pytest.mark.parametrize(
    ("text", "expected", "problem_lines"),
    [
        (FEISHU, [
            ("销售部", [
                ("提升华东区市场份额", ["第三季度末新签合同额达到 1200 万元",
                                        "华东区销售额同比增长 25%", "新增签约经销商不少于 120 家"]),
                ("提高回款质量", ["季度回款率不低于 95%", "应收账款周转天数从 65 天缩短到 45 天"]),
            ]),
            ("客服中心", [("让客户更满意", ["首次响应时长不超过 30 分钟", "客诉量环比下降 20%"])]),
        ], [1, 3]),
        (GITLAB, [
            ("CEO", [("Grow incremental ACV", ["Generate 1,500 SQLs in Q1", "Win 40 new logos",
                                               "Raise MRR by $150K"])]),
            ("VP Eng", [("Make the product fast", ["Keep p95 API latency below 200ms",
                                                   "Cut mean time to recovery by 30%"])]),
        ], [1]),
        (GOOGLE, [
            ("Platform team", [
                ("Make the platform boringly reliable", [
                    "Achieve 99.95% uptime for the API each month",
                    "Reduce open P0/P1 security vulnerabilities to zero",
                    "Complete SOC 2 Type II audit by Nov 30"]),
                ("Developers ship faster", [
                    "Decrease build time on main from 18 minutes to 8 minutes",
                    "Reduce flaky tests by 50%"]),
            ]),
        ], [3]),
        (TABLE, [
            ("产品经理", [("提升付费转化", ["付费转化率由 3.2% 提升至 4.5%",
                                             "官网月均访问量提升 1 倍"])]),
        ], [3, 4]),
        (PLAIN_ZH, [
            ("研发中心", [
                ("提升系统稳定性", ["将核心接口 P99 延迟从 800ms 降低到 300ms",
                                    "线上 P1 以上故障数降至 0", "保持核心系统可用性 99.99%"]),
                ("提升交付效率", ["将平均交付周期由 14 天压缩到 10 天",
                                  "单元测试覆盖率从 45% 提高到 70% 以上"]),
            ]),
        ], [8]),
    ],
    ids=["feishu", "gitlab", "google", "table", "plain-zh"],
)  # fmt: skip
def test_audit_documents(text, expected, problem_lines):
    document = parse(text, year=2026)
    assert structure(document) == expected
    assert [p.line for p in document.problems] == problem_lines


def test_audit_table_keeps_the_owner_column_as_mentions():
    kr = parse(TABLE).objectives[0].key_results[0]
    assert (kr.start, kr.target, kr.mentions) == (Decimal("3.2"), Decimal("4.5"), ["增长组"])
