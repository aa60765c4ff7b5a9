"""h10t (issue 10 §2): an aside between spaced dashes explains the noun before it, as a bracket
does, and is no part of the metric: `Reduce spoofing attacks – IP, DNS and HTTPS spoofing – from
200 to 10 per day` → spoofing attacks (main: `DNS and HTTPS spoofing –`). A dash between two
numbers is a range, no aside."""

import pytest

from mubiao.okrtext import read_key_result

CASES = [
    # (key result, metric, start, target)
    ("Reduce spoofing attacks – IP, DNS and HTTPS spoofing – from 200 to 10 per day",
     "spoofing attacks", 200, 10),
    ("Grow signups — the top of the funnel — from 400 to 600", "signups", 400, 600),
    ("Cut failed logins – wrong password or expired token – from 900 to 300 a week",
     "failed logins", 900, 300),
    ("Launch v2 – the new editor – by March", "v2", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "start", "target"), CASES)
def test_the_aside_is_no_part_of_the_metric(kr, metric, start, target):
    reading = read_key_result(kr, year=2026)
    assert (reading.metric, reading.start, reading.target) == (metric, start, target)
