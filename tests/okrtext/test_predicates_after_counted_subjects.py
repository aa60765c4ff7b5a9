"""h10n (issue 10 §2, docs/okrtext-metric.md): the counted noun is the metric, not the predicate
that follows it (`20% of new users come back as repeat users` → new users; `Have 100 customers
do …` → customers), and an adverb before the opening verb is no part of the measure
(`Consistently dedicate 10 minutes a day …`). A second verb after `and` ends a deliverable's
phrase (`Document onboarding checklists and train …`)."""

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

CASES = [
    ("30% of trial users come back within a week", "trial users"),
    ("Have 15% of members renew their plan early", "members"),
    ("Have 200 subscribers do a second purchase", "subscribers"),
    ("40% of new customers adopt the mobile app", "new customers"),
    ("Consistently dedicate 15 minutes a day to reading", "reading"),
    ("Steadily grow weekly active teams to 3,000", "weekly active teams"),
    # In Chinese, 开始 or 对 after the counted noun opens its predicate.
    ("年底前在3个新城市开始招商", "新城市"),
    ("使85%的学员对课程内容表示满意", "学员"),
    ("完成20家客户对接", "客户对接"),
    # A second verb after "and" opens a second clause of a deliverable.
    ("Document onboarding checklists and train every new manager on them", "onboarding checklists"),
    ("Publish a pricing FAQ and update it monthly", "pricing FAQ"),
    ("Launch the sales and marketing playbook", "sales and marketing playbook"),
    # An adjective in -ly before a noun stays.
    ("Daily active users reach 50,000", "Daily active users"),
    ("Grow monthly recurring revenue to $80k", "monthly recurring revenue"),
]


@pytest.mark.parametrize(("kr", "metric"), CASES)
def test_the_counted_noun_without_its_predicate(kr, metric):
    got = read_key_result(kr, year=2026).metric
    assert same("metric", got, (metric,)), got
