"""One order of the pace statuses, read from their meanings (DESIGN §4): off track, at risk, on
track are judged against the pace, done is finished, and not started says nothing yet (before
any check-in in the first tenth of the period), so it ranks below every other status, done
included. A set of statuses (an objective's key results, a person's objectives on the leaders'
pages) reads as rules.key_results_status reads it: the worst among those started, not started
only while none has, on track while something is done and something not yet started. The
leaders' people table shows and sorts each person by it (SQL, insights.people), and every other
ranking of statuses (worst_status, a team's colour on a tie, a reminder's order) follows the
same order (issue 9 leftover, h9b)."""

import itertools

import pytest

from mubiao.insights import rules as insight_rules
from mubiao.insights import selectors as insights
from mubiao.notify import rules as notify_rules
from mubiao.okrs import rules
from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.conftest import make_member, make_objective

# The order, least worrying first.
ORDER = ["not_started", "done", "on_track", "at_risk", "off_track"]

# (own objectives' statuses, led team's objectives' statuses, the person's status)
CASES = [
    (["done", "not_started"], [], "on_track"),
    (["not_started"], [], "not_started"),
    (["not_started", "not_started"], [], "not_started"),
    (["done"], [], "done"),
    (["done", "done"], [], "done"),
    (["on_track", "not_started"], [], "on_track"),
    (["on_track", "done"], [], "on_track"),
    (["at_risk", "not_started", "done"], [], "at_risk"),
    (["off_track", "on_track"], [], "off_track"),
    (["done"], ["not_started"], "on_track"),
    (["not_started"], ["done"], "on_track"),
    (["not_started"], ["not_started"], "not_started"),
    (["done"], ["done"], "done"),
    ([], ["at_risk", "done"], "at_risk"),
    (["on_track"], ["off_track"], "off_track"),
    ([], [], None),
]  # fmt: skip


def test_one_order_of_the_statuses():
    assert sorted(rules.STATUSES, key=rules.SEVERITY.__getitem__) == ORDER
    for statuses in itertools.product(ORDER, repeat=2):
        assert rules.worst_status(statuses) == max(statuses, key=ORDER.index)
    # A team's colour on a tie goes to the worse of the order.
    for a, b in itertools.combinations(ORDER, 2):
        assert insight_rules.team_status([(a, 2), (b, 2)]) == max(a, b, key=ORDER.index)
    # A reminder lists, inside each group, the worse first in the same order.
    for a, b in itertools.combinations(["not_started", "on_track"], 2):
        first = min(a, b, key=lambda s: notify_rules.update_order(s, False))
        assert first == max(a, b, key=ORDER.index)


@pytest.mark.parametrize(("statuses", "expected"), [
    (list(s), rules.key_results_status(list(s), [rules.ONE] * len(s)))
    for n in range(1, 4) for s in itertools.combinations_with_replacement(ORDER, n)
])  # fmt: skip
def test_a_set_reads_as_the_worst_started(statuses, expected):
    started = [s for s in statuses if s != "not_started"]
    if not started:
        assert expected == "not_started"
    elif all(s == "done" for s in statuses):
        assert expected == "done"
    elif max(started, key=ORDER.index) == "done":
        assert expected == "on_track"
    else:
        assert expected == max(started, key=ORDER.index)


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_people_table_shows_and_sorts_each_person_by_that_status(world):
    people = []
    for i, (own, led, _) in enumerate(CASES):
        person = make_member(world.org, f"s{i}@acme.test", f"P{i:02d}", manager=world.lead)
        TeamMember.objects.create(team=world.product, membership=person)
        if led:
            team = Team.objects.create(organization=world.org, name=f"T{i}", slug=f"t{i}",
                                       parent=world.product)  # fmt: skip
            TeamMember.objects.create(team=team, membership=person, is_lead=True)
        for j, status in enumerate(own):
            objective = make_objective(person, world.cycle, f"Own {i}.{j}", krs=0)
            Objective.objects.filter(pk=objective.pk).update(status=status)
        for j, status in enumerate(led):
            objective = make_objective(world.admin, world.cycle, f"Team {i}.{j}", krs=0,
                                       owner_type="team", owner_team=team)  # fmt: skip
            Objective.objects.filter(pk=objective.pk).update(status=status)
        people.append(person)
    members = Membership.objects.filter(pk__in=[p.pk for p in people])
    rows = {row.pk: row for row in insights.people(world.admin, world.cycle, members, "name")}
    for person, (own, led, expected) in zip(people, CASES, strict=True):
        shown = insights.STATUS_OF_RANK.get(rows[person.pk].worst_rank)
        assert shown == expected, (own, led)
    # `sort=status` lists the worst first (off track > at risk > on track > done > not
    # started), `-status` the reverse; people with no objectives last either way (probe 28: on
    # track came first).
    for sort in ("status", "-status"):
        ordered = [row.pk for row in insights.people(world.admin, world.cycle, members, sort)]
        ranked = [
            ORDER.index(expected) for person, (*_, expected) in sorted(
                zip(people, CASES, strict=True), key=lambda pair: ordered.index(pair[0].pk)
            ) if expected is not None
        ]  # fmt: skip
        assert ranked == sorted(ranked, reverse=not sort.startswith("-")), sort
        assert ordered[-1] == people[-1].pk, sort  # no status: last either way
