"""h9m (issue 9): after a key result's range was edited, its page showed the header at 40 %
and the same value's check-in at 60 % in the history (recorded against the range then). The
page has one truth: every value is shown against the range as it is now (header, history,
chart); a check-in recorded under another range says what it read at the time beside it."""

import json
import re

import pytest
from django.urls import reverse

from mubiao.okrs import services
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def history(html: str) -> str:
    return html[html.index('class="history"') :]


@pytest.mark.parametrize(
    "target, shown, at_the_time",
    [
        (150, "progress 40%", "(60% at the time, against the range then)"),
        (100, "progress 60%", None),  # range unchanged: one number, no note
    ],
)
def test_history_and_chart_read_against_the_current_range(
    world, client_for, target, shown, at_the_time
):
    kr = make_objective(world.alice, world.cycle).key_results.first()
    kr.refresh_from_db()
    assert (kr.start_value, kr.target_value) == (0, 100)
    services.check_in(world.alice, kr, value=60)
    kr.refresh_from_db()
    services.update_key_result(world.alice, kr, target_value=target)
    html = client_for(world.alice).get(reverse("key_result", args=[kr.pk])).content.decode()
    assert shown in history(html)
    if at_the_time:
        assert at_the_time in history(html)
    else:
        assert "at the time" not in history(html)
    chart = json.loads(re.search(r'id="kr-chart"[^>]*>(.*?)</script>', html).group(1))
    assert chart["points"][-1][1] == pytest.approx(6000 / target)
