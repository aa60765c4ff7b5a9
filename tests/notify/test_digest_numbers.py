"""One team, one week, one set of numbers: the lead's e-mail and the team's webhook count the
team with its sub-teams (as the team dashboard does), from the key results the reader may
see only, and never say that others exist (to a person or to a group)."""

import json
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from mubiao.notify import rules, services
from mubiao.okrs import services as okrs
from tests.conftest import make_objective
from tests.notify.conftest import parts

from .receivers import WebhookReceiver

SECRET = "SEC-loopback-secret"
WEEK = re.compile(r"(This week: .*? on average)")


@pytest.fixture
def receiver():
    with WebhookReceiver(secret=SECRET) as receiving:
        yield receiving


@pytest.mark.parametrize(
    "hidden_visibility, group_hidden, lead_hidden",
    [("team", 1, 0), ("private", 1, 1), ("public", 0, 0)],
)
def test_the_lead_and_the_team_webhook_count_the_same_week(
    world, smtp, receiver, hidden_visibility, group_hidden, lead_hidden
):
    services.add_channel(world.admin, kind="webhook", name="产品群", team=world.product,
                         url=receiver.url, secret=SECRET)  # fmt: skip
    top = make_objective(world.alice, world.cycle, "Launch the mobile app", team=world.product,
                         krs=2)  # fmt: skip
    # Docs is a sub-team of 产品部: its key results belong to 产品部's week.
    sub = make_objective(world.bob, world.cycle, "Ship the docs site", team=world.docs)
    # Ada's (she is above the lead): a private one is hers alone.
    other = make_objective(world.admin, world.cycle, "Quiet plan", team=world.product,
                           visibility=hidden_visibility)  # fmt: skip
    okrs.check_in(world.alice, top.key_results.first(), value=40, note="on it")
    okrs.check_in(world.bob, sub.key_results.get(), value=10)
    okrs.check_in(world.admin, other.key_results.get(), value=70)
    now = timezone.now()
    services.run_due(now)
    due = rules.next_due(now, weekday=0, hour=10, zone=world.org.time_zone)
    lead_due = services.schedule.next_due_for(world.lead, now)
    services.run_due(max(due, lead_due) + timedelta(seconds=1))
    time.sleep(0.1)
    services.deliver_due(drain_seconds=0)

    (mail,) = [m for m in smtp.to("lead@acme.test") if "产品部" in m["Subject"]]
    text, html = parts(mail)
    (body,) = receiver.accepted
    group_text = "\n".join(line["text"] for line in body["lines"])
    total = 4  # two on 产品部's plan, one on Docs', one on the quiet plan
    for said, hidden in ((text, lead_hidden), (group_text, group_hidden)):
        shown = total - hidden
        assert f"on {shown} key result" in WEEK.search(said).group(1), said
        # Nobody hears that hidden OKRs exist: not the lead, not the group.
        assert "cannot see" not in said and "not counted" not in said, said
    assert "cannot see" not in json.dumps(body) + html, body
    if lead_hidden == group_hidden:
        assert WEEK.search(text).group(1) == WEEK.search(group_text).group(1)


def test_the_webhook_body_names_what_each_event_and_line_is_about(
    world, receiver, django_capture_on_commit_callbacks
):
    services.add_channel(world.admin, kind="webhook", name="Hook", url=receiver.url,
                         secret=SECRET, events=["comment", "grading_open"])  # fmt: skip
    objective = make_objective(world.alice, world.cycle, "Launch the mobile app")
    kr = objective.key_results.get()
    with django_capture_on_commit_callbacks(execute=True):
        comment = okrs.add_comment(world.lead, key_result=kr, body="第 3 季度目标 1,000 台")
        okrs.set_cycle_state(world.admin, world.cycle, "grading")
    services.deliver_due(drain_seconds=0)
    by_event = {body["event"]: body for body in receiver.accepted}
    said = by_event["comment"]
    assert (said["objective_id"], said["key_result_id"], said["comment_id"],
            said["actor_id"]) == (objective.pk, kr.pk, comment.pk, world.lead.pk)  # fmt: skip
    assert all(line["comment_id"] == comment.pk for line in said["lines"])
    cycle_news = by_event["grading_open"]
    assert cycle_news["objective_id"] is None and cycle_news["actor_id"] == world.admin.pk
