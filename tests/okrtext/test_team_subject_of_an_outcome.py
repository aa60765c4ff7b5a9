"""h10s (issue 10 §5): a team opening the line is the subject of its verb, not an imperative:
`Support team resolves 90% of tickets …` states an outcome (main: read as the verb "Support",
work, OKR-A01). A line opening with the verb itself (`Support 3 product launches`) is work."""

import pytest

from mubiao.okrtext import lint, read_key_result

CASES = [
    # (key result, metric, target, is_activity)
    ("Support team resolves 85% of tickets within one business day", "tickets", 85, False),
    ("The support team closes 70% of chats on first contact", "chats", 70, False),
    ("Our sales team wins 12 new logos", "new logos", 12, False),
    ("Support 4 product launches", "product launches", 4, True),
]


@pytest.mark.parametrize(("kr", "metric", "target", "activity"), CASES)
def test_the_team_is_the_subject(kr, metric, target, activity):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.target, reading.is_activity) == (metric, target, activity)
    rules = {f.rule for f in lint(f"O: Service\n- {kr}")}
    assert ("OKR-A01" in rules) == activity, rules
