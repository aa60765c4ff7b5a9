"""A bracketed trailer of labelled fields ending a title (`… to 95% (start 70%, weight 20)`,
`…（状态：有风险，负责人：林晓）`) is cut from the title and split into its fields (separated by
`,` `，` `;` `；`), each read as the same field written alone is read: a start as a start, a weight
beside the title, an owner as a mention, a status or a progress said as not imported (h10w: the
text stayed in the title, or vanished with no note, or left `…（状态：有风险` and `@林晓）`).
A weight is also read after a separator (`，权重 30`, `- weight 30`), in its other spellings
(`[weight: 2]`, `(weighting 30%)`, `(30% weight)`) and in Chinese numerals (`（权重 四十）`)."""

from decimal import Decimal

import pytest

from mubiao.okrtext import parse
from mubiao.okrtext.problems import FIELD_ON_THE_LINE, STATUS_NOT_READ


def _kr(line: str):
    document = parse(f"O1：提升续约\n{line}\n")
    [kr] = document.objectives[0].key_results
    return kr, [p.message for p in document.problems]


# (line, title, start, weight)
SEVERAL = [
    ("- KR4: Raise renewal rate to 95% (start 70%, weight 20)", "Raise renewal rate to 95%",
     70, "20"),
    ("- KR4: Raise renewal rate to 95% (weight 20; baseline: 70%)", "Raise renewal rate to 95%",
     70, "20"),
    ("- KR4：续费率提升到 95%（基线 70%，权重 20）", "续费率提升到 95%", 70, "20"),
    ("- KR4：续费率提升到 95%（权重：20；现状：70%）", "续费率提升到 95%", 70, "20"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "title", "start", "weight"), SEVERAL)
def test_several_fields_in_one_bracket_are_each_read(line, title, start, weight):
    kr, problems = _kr(line)
    assert (kr.text, kr.start, kr.target) == (title, Decimal(start), Decimal(95))
    assert kr.beside.get("weight") == weight
    assert problems == []


# (line, title, weight as written: the import takes or refuses it as a weight column's)
WEIGHTS = [
    ("- KR1：续费率达到 95%，权重 30", "续费率达到 95%", "30"),
    ("- KR1：续费率达到 95%（权重 四十）", "续费率达到 95%", "40"),
    ("- KR1: Raise renewal rate to 95% (weight -5)", "Raise renewal rate to 95%", "-5"),
    ("- KR1: Raise renewal rate to 95% [weight: 2]", "Raise renewal rate to 95%", "2"),
    ("- KR1: Raise renewal rate to 95% (weighting 30%)", "Raise renewal rate to 95%", "30%"),
    ("- KR1: Raise renewal rate to 95% - weight 30", "Raise renewal rate to 95%", "30"),
    ("- KR1: Raise renewal rate to 95% (30% weight)", "Raise renewal rate to 95%", "30%"),
    ("- KR1: Raise renewal rate to 95% (weight 30%)", "Raise renewal rate to 95%", "30%"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "title", "weight"), WEIGHTS)
def test_a_weight_in_any_spelling_is_read_beside_the_title(line, title, weight):
    kr, problems = _kr(line)
    assert (kr.text, kr.target) == (title, Decimal(95))
    assert kr.beside == {"weight": weight}
    assert problems == []


# A progress or a status in brackets: cut from the title and said, as `| Progress: 60%` and
# `Status: at risk` written after a title are said (FIELD_ON_THE_LINE, STATUS_NOT_READ).
SAID = [
    ("- KR1：续费率达到 95%（进展：有风险）", STATUS_NOT_READ),
    ("- KR1：续费率达到 95%（状态：有风险）", STATUS_NOT_READ),
    ("- KR1：续费率达到 95%（进度：60%）", FIELD_ON_THE_LINE),
    ("- KR1：续费率达到 95%（完成度 60%）", FIELD_ON_THE_LINE),
    ("- KR1: Raise renewal rate to 95% (progress: 60%)", FIELD_ON_THE_LINE),
]


@pytest.mark.parametrize(("line", "said"), SAID)
def test_a_progress_or_status_in_brackets_is_said(line, said):
    kr, problems = _kr(line)
    assert kr.text in ("续费率达到 95%", "Raise renewal rate to 95%")
    assert kr.target == Decimal(95)
    assert problems == [said]


def test_a_status_and_an_owner_in_one_bracket_are_each_read():
    kr, problems = _kr("- KR1：续费率达到 95%（状态：有风险，负责人：林晓）")
    assert (kr.text, kr.target, kr.mentions) == ("续费率达到 95%", Decimal(95), ["林晓"])
    assert problems == [STATUS_NOT_READ]


# A bracket whose words are no labelled fields stays the title's.
@pytest.mark.parametrize(
    "line",
    [
        "- KR1：新增付费客户 50 家（重点行业，华东优先）",
        "- KR1：项目按时交付（完成率≥95%）",
        "- KR1: Close 10 deals (at least 3 signed contracts, 2 renewals)",
        "- KR1: Cut risk of churn (weighted by revenue) to 3%",
    ],
)
def test_a_bracket_of_no_fields_stays_in_the_title(line):
    kr, _problems = _kr(line)
    assert kr.text == line.split(":", 1)[-1].split("：", 1)[-1].strip()
    assert "weight" not in kr.beside


# An objective's weight in the same spellings, cut from its title and read beside it.
@pytest.mark.parametrize(
    ("line", "title", "weight"),
    [
        ("O1: Delight customers (weighting 60%)", "Delight customers", "60%"),
        ("O1: Delight customers [weight: 2]", "Delight customers", "2"),
        ("O1: Delight customers (30% weight)", "Delight customers", "30%"),
        ("O1：提升续约（权重 四十）", "提升续约", "40"),
        ("O1：提升续约，权重 30", "提升续约", "30"),
        ("O1: Delight customers - weight -5", "Delight customers", "-5"),
    ],
)
def test_an_objectives_weight_in_any_spelling_is_read_beside_it(line, title, weight):
    [objective] = parse(f"{line}\n- KR1: NPS to 45\n").objectives
    assert (objective.title, objective.beside) == (title, {"weight": weight})
