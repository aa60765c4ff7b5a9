"""A team opening an English line is the subject of its verb, not an imperative (h10s, issue 10
§5): `Support team resolves 90% of tickets …` states an outcome (main: read as the verb
"Support", work, OKR-A01). A line opening with the verb itself (`Support 3 product launches`) is
work. The team's verb in the third person is read as the same verb opening the line would be
(h10t): `Our marketing team publishes 8 case studies` is work, as `Publish 8 case studies` is
(main: an outcome, no OKR-A01). A result verb (`resolves`, `wins`, `closes`) stays an outcome;
a product's state (`A daemon runs …`) is no team's work."""

import pytest

from mubiao.okrtext import lint, read_key_result

CASES = [
    # (key result, metric, target, is_activity)
    ("Support team resolves 85% of tickets within one business day", "tickets", 85, False),
    ("The support team closes 70% of chats on first contact", "chats", 70, False),
    ("Our sales team wins 12 new logos", "new logos", 12, False),
    ("Support 4 product launches", "product launches", 4, True),
    ("Our marketing team publishes 8 case studies", "case studies", 8, True),
    ("Our sales team hosts 4 webinars", "webinars", 4, True),
    ("The product team launches 3 new features", "new features", 3, True),
    ("A daemon runs for 14 days without a crash", "daemon", 14, False),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_the_teams_verb_decides(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target, reading.is_activity) == (metric, target, activity)
    for heading in ("Service", "Reach"):  # the objective's title has no say
        rules = {f.rule for f in lint(f"O: {heading}\n- {kr}")}
        assert ("OKR-A01" in rules) == activity, (heading, rules)
