"""A delivery queued while its objective was visible to its recipient is checked again when the
worker sends it: made private or team-only since, moved to a team the recipient is not in, the
recipient gone from the team that let them see it, deactivated, or the objective deleted, it is
withdrawn and nothing leaves. The check is one query per delivery whatever the message names
(the reader's visibility condition over the set of objectives, not a check per objective)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mubiao.notify import services
from mubiao.notify.messages import Message
from mubiao.notify.models import Delivery
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership, TeamMember
from tests.conftest import make_objective

TITLE = "Enter the Japanese market"


def _make_private(world, objective):
    Objective.objects.filter(pk=objective.pk).update(visibility="private")


def _make_public(world, objective):
    Objective.objects.filter(pk=objective.pk).update(visibility="public")


def _made_a_draft(world, objective):
    # Back to a draft: seen by its editors only (the lead who owns it), whatever its visibility.
    Objective.objects.filter(pk=objective.pk).update(state="draft")


def _move_to_support(world, objective):
    Objective.objects.filter(pk=objective.pk).update(team=world.extra["support"])


def _alice_leaves_the_team(world, objective):
    TeamMember.objects.filter(team=world.product, membership=world.alice).delete()


def _alice_deactivated(world, objective):
    Membership.objects.filter(pk=world.alice.pk).update(is_active=False)


def _alice_signs_in_no_more(world, objective):
    type(world.alice.user).objects.filter(pk=world.alice.user_id).update(is_active=False)


def _deleted(world, objective):
    Objective.objects.filter(pk=objective.pk).delete()


def _nothing(world, objective):
    pass


# What happens between the comment (queued) and the worker's pass, and what the pass does.
TABLE = [
    (_nothing, "sent"),
    (_make_public, "sent"),
    (_make_private, "withdrawn"),
    (_made_a_draft, "withdrawn"),
    (_move_to_support, "withdrawn"),
    (_alice_leaves_the_team, "withdrawn"),
    (_alice_deactivated, "withdrawn"),
    (_alice_signs_in_no_more, "withdrawn"),
    (_deleted, None),  # the delivery goes with its objective's rows or is withdrawn
]


@pytest.mark.parametrize(("between", "status"), TABLE, ids=[t[0].__name__ for t in TABLE])
def test_an_email_queued_while_visible_is_checked_again_when_sent(
    world, smtp, django_capture_on_commit_callbacks, between, status
):
    # Team-visible, filed under 产品部: Alice (a member of it) may see it when mentioned.
    objective = make_objective(world.lead, world.cycle, TITLE, team=world.product,
                               visibility="team")  # fmt: skip
    services.save_preferences(world.alice, channels={"mention": ["email"]}, reminders=True,
                              digests=True, weekday=0, hour=10)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.lead, objective=objective, body="@Alice 请看一下日本市场的数字")
    queued = Delivery.objects.get(recipient=world.alice)
    assert queued.status == "queued"
    between(world, objective)
    services.deliver_due(drain_seconds=0)
    sent = smtp.to("alice@acme.test")
    if status == "sent":
        queued.refresh_from_db()
        assert queued.status == "sent" and TITLE in sent[0]["Subject"]
    else:
        assert sent == []
        assert not Delivery.objects.filter(pk=queued.pk).exclude(status="withdrawn").exists()


@pytest.mark.parametrize("count", [1, 12])
def test_the_send_time_check_is_one_query_whatever_the_message_names(world, count):
    named = [
        make_objective(world.lead, world.cycle, f"O{i}", team=world.product, visibility="team").pk
        for i in range(count)
    ]
    message = Message("team_digest", "en", "digest", objectives=named)
    alice = Membership.objects.select_related("user").get(pk=world.alice.pk)
    with CaptureQueriesContext(connection) as queries:
        assert services.still_visible(message, alice)
    assert len(queries) == 1
    TeamMember.objects.filter(team=world.product, membership=world.alice).delete()
    assert not services.still_visible(message, alice)
    assert not services.still_visible(message)  # a group: not public


@pytest.mark.parametrize("change", [{"visibility": "team"}, {"state": "draft"}])
def test_a_channels_message_is_withdrawn_when_its_objective_stopped_being_public(
    world, smtp, django_capture_on_commit_callbacks, change
):
    objective = make_objective(world.lead, world.cycle, TITLE, team=world.product)
    services.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                         events=["comment"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.alice, objective=objective, body="进展不错")
    (queued,) = Delivery.objects.filter(channel__isnull=False)
    Objective.objects.filter(pk=objective.pk).update(**change)
    services.deliver_due(drain_seconds=0)
    queued.refresh_from_db()
    assert queued.status == "withdrawn" and smtp.to("all@acme.test") == []


@pytest.mark.parametrize(("between", "said"), [(_nothing, "delivered: 1"),
                                               (_make_private, "withdrawn: 1")])  # fmt: skip
def test_run_due_counts_a_withdrawn_delivery_as_withdrawn_not_delivered(
    world, smtp, django_capture_on_commit_callbacks, between, said
):
    objective = make_objective(world.lead, world.cycle, TITLE, team=world.product,
                               visibility="team")  # fmt: skip
    services.save_preferences(world.alice, channels={"mention": ["email"]}, reminders=False,
                              digests=False, weekday=0, hour=10)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.lead, objective=objective, body="@Alice 请看一下日本市场的数字")
    between(world, objective)
    out = io.StringIO()
    call_command("notify", "run-due", stdout=out)
    summary = out.getvalue()
    assert said in summary, summary
    assert ("delivered" in summary) is (between is _nothing), summary
