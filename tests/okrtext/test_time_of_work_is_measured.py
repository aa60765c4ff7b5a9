"""h10q (issue 10 §5, "decide by the sentence's structure … consistently for both languages"):
a measure of how long or how often work is done (`payment completion time`, `编制完成时间`) is
an outcome, measured; the verb spelt inside the measure's name (completion, 完成, onboarding,
deployment) is no work the team does. On main `<2 second average payment completion time` and
`财务报表编制完成时间缩短至5个工作日` were activities (OKR-A01 on an outcome): `completion` was
taken for the verb, and `完成…工作日` for a to-do item (`完成…工作`)."""

import pytest

from mubiao.okrtext import read_key_result

OUTCOMES = [
    "<2 second average payment completion time",
    "Onboarding completion rate 80%",
    "Training completion rate above 90%",
    "Our average deployment completion time drops to 10 minutes",
    "Resolution time for P1 tickets under 4 hours",
    "财务报表编制完成时间缩短至5个工作日",
    "订单处理完成时间缩短到3个工作日",
    "月结完成时间从8个工作日缩短到5个工作日",
]


@pytest.mark.parametrize("kr", OUTCOMES)
def test_a_measured_time_of_work_is_an_outcome(kr):
    assert read_key_result(kr, year=2026).is_activity is False


WORK = [
    # The verb that opens the line still makes it work.
    "Complete 3 training sessions",
    "Complete onboarding for 20 new hires",
    "Implement time tracking for 100% of projects",
    "完成季度报告撰写工作",
    "完成10项需求开发工作",
]


@pytest.mark.parametrize("kr", WORK)
def test_work_stays_work(kr):
    assert read_key_result(kr, year=2026).is_activity is True
