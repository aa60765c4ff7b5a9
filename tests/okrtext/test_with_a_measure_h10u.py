"""h10u (issue 10 §3–§4): a `with …` phrase that names a measure and its bound, with no count
before it (`… is in place with an average resolution time below 24h`, `Launch the portal with a
load time under 2 seconds`), measures that measure: the metric is the noun after `with`, not the
thing launched (a count before it still wins: test_with_phrases_and_determiners.py). A version
named before it (`version 2`, `v3`) is a name, never the target: the count in the `with` phrase
is (`Release version 2 with 10 new integrations` → 10 integrations).
"""

from decimal import Decimal as D

import pytest

from mubiao.okrtext import read_key_result
from tests.okrtext.real_corpus import same

MEASURED = [
    # (key result, metric, target, direction)
    ("An internal ticketing system is in place with an average resolution time below 24h",
     "average resolution time", 24, "decrease"),
    ("The platform is live with an error rate below 1%", "error rate", 1, "decrease"),
    ("Launch the portal with a load time under 2 seconds", "load time", 2, "decrease"),
    ("The help desk is staffed with a first reply time per ticket under 1 hour", "first reply time",
     1, "decrease"),
    ("Ship the mobile app with a crash rate under 0.5%", "crash rate", D("0.5"), "decrease"),
    ("Roll out self-checkout with a satisfaction score above 4.5", "satisfaction score", D("4.5"),
     "increase"),
]  # fmt: skip


@pytest.mark.parametrize(("kr", "metric", "target", "direction"), MEASURED)
def test_the_measure_after_with(kr, metric, target, direction):
    reading = read_key_result(kr, year=2026)
    assert same("metric", reading.metric, (metric,)), reading.metric
    assert (reading.target, reading.direction) == (target, direction)


VERSIONS = [
    # (key result, target, unit)
    ("Release version 2 with 10 new integrations", 10, "new integrations"),
    ("Launch v3 with 4 payment methods", 4, "payment methods"),
    ("Ship version 5 of the SDK with 3 new languages", 3, "new languages"),
]


@pytest.mark.parametrize(("kr", "target", "unit"), VERSIONS)
def test_a_version_is_no_target(kr, target, unit):
    reading = read_key_result(kr, year=2026)
    assert (reading.target, reading.unit) == (target, unit)
