"""A cycle past its end, or whose grading is open, asks for grades, not check-ins (issue 12):
no "not updated for 7+ days" list on the team and company dashboards or their flat lists, no
"no check-in for N days" list on the adoption page, no weekly reminder or silence
announcement from the worker. The same cycle while it runs does nudge (the control)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.notify import selectors as notify_selectors
from mubiao.notify.rules import not_updated_days
from mubiao.okrs import services
from mubiao.okrs.models import Cycle
from tests.conftest import custom_cycle, make_objective

pytestmark = pytest.mark.django_db

PAGES = [("team", {"view": None}), ("team", {"view": "list"}), ("company", {"view": None}),
         ("company", {"view": "list"})]  # fmt: skip


def _setup(world, when):
    # Bob has a key result nobody has checked in: he is behind on check-ins while it runs.
    make_objective(world.bob, world.cycle, "Write the docs")
    if when in ("past_end", "grading"):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        custom_cycle(world)  # ended yesterday: no longer a quarter
        services.update_cycle(world.admin, world.cycle, end_date=yesterday)
    if when == "grading":
        services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    world.cycle.refresh_from_db()


@pytest.mark.parametrize("when", ["running", "past_end", "grading"])
def test_nudges_only_while_the_cycle_asks_for_check_ins(client_for, world, when):
    _setup(world, when)
    nudges = when == "running"
    client = client_for(world.admin)
    for name, query in PAGES:
        args = [world.product.slug] if name == "team" else []
        params = {k: v for k, v in {"cycle": world.cycle.pk, **query}.items() if v}
        response = client.get(reverse(name, args=args), params)
        page = response.content.decode()
        listed = [person.pk for person in response.context["stale"]]
        assert (world.bob.pk in listed) is nudges, (name, query)
        assert ("Grading time: ask for grades, not check-ins." in page) is not nudges
        zh = client.get(reverse(name, args=args), params, headers={"accept-language": "zh-hans"})
        assert ("评分阶段：请评分，而不是更新进展。" in zh.content.decode()) is not nudges
    adoption = client.get(reverse("adoption"), {"cycle": world.cycle.pk}).content.decode()
    assert ('id="silent-title"' in adoption) is nudges
    # The worker: Bob's weekly reminder, and the silence announcement's rows.
    now = timezone.now() + dt.timedelta(days=8)
    days = not_updated_days(world.org.settings or {})
    reminded = notify_selectors.key_results_to_update(world.bob, now, days)
    assert bool(reminded) is nudges
    today = timezone.localdate(now)
    assert notify_selectors.open_key_results(world.org.pk, today).exists() is nudges
