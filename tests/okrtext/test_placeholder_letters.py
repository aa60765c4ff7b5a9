"""h10n (issue 10 §5, OKR-M07): a single letter where the number would stand is the target's
placeholder, not a name: before the noun it counts (`Sign X new customers`), after the level's
`to` (`from 30 to X`), with a currency and its scale (`$Xm`), and `N` before a measure word
(`签约 N 家新客户`). Templates and masked published OKRs are written so; they were read as
unmeasurable (OKR-M01) or with the baseline as the target. A letter set off in emphasis
(`Launch *X*`, `Sign *x* design partners`) or naming a thing (`Launch X by Q2`, `Plan B`) stays a
name (test_placeholders_not_emphasis.py)."""

import pytest

from mubiao.okrtext import lint, read_key_result


def _rules(kr: str) -> set[str]:
    return {f.rule for f in lint(f"O1: Grow the business\nKR1: {kr}\n") if f.key_result == 1}


PLACEHOLDERS = [
    # (key result, metric, start, unit)
    ("Sign X new customers", "new customers", None, "new customers"),
    ("Sign N new enterprise customers by Q3", "new enterprise customers", None, None),
    ("Hire X senior engineers this quarter", "senior engineers", None, None),
    ("Publish x case studies with design partners", "case studies", None, None),
    ("Increase NPS from 30 to X", "NPS", 30, None),
    ("Lift weekly active teams from 1,200 to X by Q4", "weekly active teams", 1200, None),
    ("Increase trial-to-paid conversion to X", "trial-to-paid conversion", None, None),
    ("Grow revenue to $Xm", "revenue", None, "$"),
    ("Grow ARR to $XM by end of Q4", "ARR", None, "$"),
    ("Raise average deal size to $Xk", "average deal size", None, "$"),
    ("签约 N 家新客户", "新客户", None, "家"),
    ("Q2 新增N个付费用户", "付费用户", None, "个"),
    ("续约率达到 N%", "续约率", None, "%"),
]


@pytest.mark.parametrize(("kr", "metric", "start", "unit"), PLACEHOLDERS)
def test_a_letter_where_the_number_stands_is_a_placeholder(kr, metric, start, unit):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target) == (metric, None)
    assert reading.start == start
    if unit is not None:
        assert reading.unit == unit
    rules = _rules(kr)
    assert "OKR-M07" in rules
    # A target still to be written is no unmeasurable key result.
    assert "OKR-M01" not in rules


NAMES = [
    "Launch X by Q2",
    "Launch *X* by Q2",
    "Sign *x* design partners by Q3",
    "Ship Plan B to the EU region",
    "Migrate the billing service to X",
    "Publish the N-gram search index",
    "Adopt X framework for the mobile apps",
    "Release version N of the SDK",
]


@pytest.mark.parametrize("kr", NAMES)
def test_a_letter_naming_a_thing_is_no_placeholder(kr):
    assert "OKR-M07" not in _rules(kr)
