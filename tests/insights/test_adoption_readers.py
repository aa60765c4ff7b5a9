"""Adoption's stored figures for readers who see a person's team or private objectives by rule:
a lead above the team a person leads reads that person's figures as of the snapshot, as an
admin does; a team the lead is not above keeps them worked out live for the lead."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.okrs import services
from mubiao.orgs.models import TeamMember
from mubiao.orgs.rules import today_for
from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def _silent_and_without_okrs(client) -> tuple[set, set]:
    context = client.get(reverse("adoption"), {"days": 7}).context
    return (
        {p.pk for p in context["silent"]},
        {p.pk for p in context["no_okrs"]},
    )


def test_a_lead_above_a_persons_led_team_reads_the_snapshot_as_the_admin_does(client_for, world):
    """Bob leads Docs (under the lead's 产品部), whose private objective he last checked in on
    10 days before the snapshot, then again after it: the admin and the lead both read Bob as
    not updated, as of the snapshot. Before, the lead's figure for Bob was worked out live
    (a led team's objective not public), so the two readers disagreed until the next one."""
    TeamMember.objects.filter(team=world.docs, membership=world.bob).update(is_lead=True)
    docs_goal = make_objective(
        world.lead,
        world.cycle,
        "Docs goal",
        owner_type="team",
        owner_team=world.docs,
        visibility="private",
    )
    key_result = docs_goal.key_results.get()
    services.check_in(world.bob, key_result, value=5, at=timezone.now() - dt.timedelta(days=10))
    snapshots.write_day(world.cycle, today_for(world.org))
    services.check_in(world.bob, key_result, value=20)
    for reader in (world.admin, world.lead):
        silent, without = _silent_and_without_okrs(client_for(reader))
        assert world.bob.pk in silent and world.bob.pk not in without


@pytest.mark.parametrize("source", ["stored", "live"])
def test_a_private_objective_of_a_team_outside_the_leads_subtree_is_not_counted(
    client_for, world, source
):
    """Bob, in Docs (under the lead), also leads Support, outside the lead's subtree, whose
    only objective is private: the admin sees Bob with OKRs, the lead (his manager, but not
    above Support) sees him without, from the snapshot as worked out live."""
    TeamMember.objects.create(team=world.extra["support"], membership=world.bob, is_lead=True)
    make_objective(
        world.admin,
        world.cycle,
        "Support goal",
        owner_type="team",
        owner_team=world.extra["support"],
        visibility="private",
    )
    if source == "stored":
        snapshots.write_day(world.cycle, today_for(world.org))
    _, admin_without = _silent_and_without_okrs(client_for(world.admin))
    _, lead_without = _silent_and_without_okrs(client_for(world.lead))
    assert world.bob.pk not in admin_without
    assert world.bob.pk in lead_without
