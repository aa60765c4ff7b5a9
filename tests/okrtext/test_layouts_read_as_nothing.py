"""Layouts the tester's documents used that read as nothing (issue 10, probe p10 M1, M2): key
results under a title line and no objective ("Q4 OKRs:" / "- Key Result 1: …"), one OKR
written inline in a paragraph ("O是“…”。KR1：…；KR2：…"), and a web table pasted as
tab-separated text (read like the pipe tables)."""

import pytest

from mubiao.okrtext import parse


def _structure(text: str) -> list:
    return [
        (s.owner, [(o.title, [kr.text for kr in o.key_results]) for o in s.objectives])
        for s in parse(text).sections
    ]


KRS = ["Raise weekly active teams from 300 to 450", "Cut onboarding time from 10 days to 4 days"]
ZH_KRS = ["客单价从 80 元提升到 95 元", "復購率達到 30%"]


@pytest.mark.parametrize(
    ("title", "written"),
    [("H1 goals:", "H1 goals"), ("Q3 OKRs:", "Q3 OKRs"),
     ("## Platform team goals", "Platform team goals"), ("**第三季度目标：**", "第三季度目标"),
     ("### 2026 年度 OKR", "2026 年度 OKR")],
)  # fmt: skip
@pytest.mark.parametrize("marker", ["- Key Result {n}: ", "KR{n}：", "* KR {n} - ", "{n}. KR{n}: "])
@pytest.mark.parametrize("krs", [KRS, ZH_KRS])
def test_key_results_under_a_title_take_it_as_their_objective(title, written, marker, krs):
    lines = [title, "", *(marker.format(n=n) + kr for n, kr in enumerate(krs, start=1))]
    assert _structure("\n".join(lines)) == [(None, [(written, krs)])]


@pytest.mark.parametrize(
    ("text", "objective", "krs"),
    [
        ("某电商平台的增长期OKR：O是“成为年轻人首选的二手交易平台”。KR1：月活跃用户提升至3000万；"
         "KR2：将订单纠纷率降低25%；KR3：在华南地区新增合作商家达到800家。",
         "成为年轻人首选的二手交易平台",
         ["月活跃用户提升至3000万", "将订单纠纷率降低25%", "在华南地区新增合作商家达到800家"]),
        ("年度OKR：目标是“讓每位新人一週內上手”。KR1：入職培訓完成率達到 95%；"
         "KR2：新人首月離職率降到 5% 以下。",
         "讓每位新人一週內上手", ["入職培訓完成率達到 95%", "新人首月離職率降到 5% 以下"]),
        ("Our plan in one paragraph. Objective: Become the default CI for small teams. "
         "KR1: Grow paying orgs from 1,200 to 2,000; KR2: Cut median build time to 4 minutes.",
         "Become the default CI for small teams",
         ["Grow paying orgs from 1,200 to 2,000", "Cut median build time to 4 minutes"]),
    ],
)  # fmt: skip
def test_one_okr_written_inline_in_a_paragraph(text, objective, krs):
    assert _structure(text) == [(None, [(objective, krs)])]


@pytest.mark.parametrize(
    "header",
    ["目标\t关键结果", "Objective\tKey results", "目標\t關鍵結果\t負責人", "O\tKR\tProgress"],
)
def test_a_table_pasted_as_tab_separated_text_reads_like_a_pipe_table(header):
    extra = "\t" * (header.count("\t") - 1)
    rows = [header, f"提升复购率\t复购率从 25% 提升到 32%{extra}", f"\t会员续费率达到 60%{extra}",
            f"Shorten delivery\tMedian delivery time down to 5 days{extra}"]  # fmt: skip
    assert _structure("\n".join(rows)) == [
        (None, [("提升复购率", ["复购率从 25% 提升到 32%", "会员续费率达到 60%"]),
                ("Shorten delivery", ["Median delivery time down to 5 days"])]),
    ]  # fmt: skip
