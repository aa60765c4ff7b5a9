"""h9g (issue 9 §1): OKR-M07 (the target is a placeholder) on words set in markdown emphasis,
and on placeholders it never read. Emphasis around a word is no placeholder; XX, TBD and 某某
before a measure word still are."""

import pytest

from mubiao.okrtext import lint


def _m07(kr: str) -> bool:
    return any(f.rule == "OKR-M07" for f in lint(f"O1: 提升收入\nKR1: {kr}\n"))


EMPHASIS = [
    "Ship the *new* onboarding to 500 teams by Q2",
    "Grow _weekly_ active teams to 3,000 by Q3",
    "Reach 500 *paying* customers by Q4",
    "Cut P1 bugs *in half* by Q2",
    "Q1 签约 **重点** 客户 20 家",
    "Grow NPS from 30 to *40* by Q3",
    "Launch _X_ by Q2",
    # h9j: every emphasis mark around a single letter, in either language.
    "Launch *X* by Q2",
    "Launch **X** by Q2",
    "Launch __X__ by Q2",
    "Launch `X` by Q2",
    "Sign *x* design partners by Q3",
]
PLACEHOLDERS = [
    "Q1 签约 xx 家新客户",
    "Q1 签约 XX 家新客户",
    "Q1 签约某某家新客户",
    "Q1 签约 某某 家新客户",
    "Reach TBD paying customers by Q2",
    "Q1 新增 ××万 注册用户",
    # A single letter in a number's position stays one (a unit, a scale, 从/到, `$`).
    "销售额达到 X 亿",
    "用户留存率从X%提升到Y%",
    "$N net new ARR",
]


@pytest.mark.parametrize("kr", EMPHASIS)
def test_emphasis_is_no_placeholder(kr):
    assert not _m07(kr)


@pytest.mark.parametrize("kr", PLACEHOLDERS)
def test_a_placeholder_is_still_one(kr):
    assert _m07(kr)
