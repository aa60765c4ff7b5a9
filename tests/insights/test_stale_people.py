"""Who has not updated for 7 days, on the team and company pages: picked from the snapshot's
per-person figure (the last check-in on a public key result) and worked out for the reader
from the candidates' own key results. Exactly what each reader may see (DESIGN.md §4): a
check-in on a key result hidden from the reader neither takes a person off the list nor
shows its date, and a person whose only key results are hidden is not listed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.accounts.models import User
from mubiao.insights import selectors as insights
from mubiao.insights import snapshots
from mubiao.insights.models import PersonFreshness
from mubiao.okrs import selectors
from mubiao.okrs.models import KeyResult
from mubiao.orgs.models import Membership
from mubiao.orgs.rules import today_for
from tests.conftest import make_member, make_objective
from tests.insights.test_team_check_ins_work import _pinned
from tests.insights.test_visible_lines_from_team_rows import _buffers

pytestmark = pytest.mark.django_db

ROLES = ("admin", "lead", "alice", "bob", "outsider")


def checked(objective, days_ago):
    """The objective's key result last checked in `days_ago` days ago (None: never)."""
    kr = objective.key_results.get()
    at = None if days_ago is None else timezone.now() - dt.timedelta(days=days_ago)
    KeyResult.objects.filter(pk=kr.pk).update(last_check_in_at=at)
    return at


@pytest.fixture
def scene(world):
    """Bob: a public key result silent for 10 days, a private one checked in yesterday.
    Alice: a private key result only, never checked in. Olga: a public one checked in 2 days
    ago. Li: a team-visible one (product) checked in yesterday, a public one never."""
    bob_public = checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    checked(make_objective(world.bob, world.cycle, "Mine", visibility="private"), 1)
    checked(make_objective(world.alice, world.cycle, "Secret", visibility="private"), None)
    checked(make_objective(world.outsider, world.cycle, "Support"), 2)
    checked(make_objective(world.lead, world.cycle, "Lead's own", visibility="team"), 1)
    checked(make_objective(world.lead, world.cycle, "Lead's public"), None)
    snapshots.write_day(world.cycle, today_for(world.org))
    return {"bob_public": bob_public}


def oracle(actor, cycle, members):
    """The list from first principles: every visible objective, every key result, in Python."""
    last: dict[int, list] = {}
    ids = set(members.values_list("pk", flat=True))
    for objective in selectors.visible_objectives(actor).filter(cycle=cycle):
        for kr in objective.key_results.filter(state="active"):
            if kr.owner_id in ids:
                last.setdefault(kr.owner_id, []).append(kr.last_check_in_at)
    cutoff = timezone.now() - insights.STALE_AFTER
    rows = []
    for pk, times in last.items():
        known = [t for t in times if t is not None]
        newest = max(known) if known else None
        if newest is None or newest < cutoff:
            rows.append((pk, newest))
    rows.sort(key=lambda row: (row[1] is not None, row[1] or timezone.now(), row[0]))
    return rows[: insights.STALE_SHOWN]


def listed(actor, cycle, within):
    return [(p.pk, p.last) for p in insights.stale_people(actor, cycle, within)]


def scopes(world, actor):
    """Each scope's team (None: the company) and its people."""
    everyone = selectors.members(actor)
    product = everyone.filter(team_memberships__team__in=[world.product, world.docs]).distinct()
    return {"company": (None, everyone), "product": (world.product, product)}


@pytest.mark.parametrize("role", ROLES)
def test_every_reader_gets_exactly_what_they_may_see(world, scene, role):
    actor = getattr(world, role)
    for within, members in scopes(world, actor).values():
        assert listed(actor, world.cycle, within) == oracle(actor, world.cycle, members)


def test_a_hidden_check_in_neither_takes_a_person_off_nor_shows(world, scene):
    company = {role: dict(listed(getattr(world, role), world.cycle, None)) for role in ROLES}
    # Bob's private check-in of yesterday: those who see it find him up to date...
    for role in ("admin", "lead", "bob"):
        assert world.bob.pk not in company[role], role
    # ...the others find him silent since his public check-in, not since yesterday.
    for role in ("alice", "outsider"):
        assert company[role][world.bob.pk] == scene["bob_public"], role
    # Alice's only key result is private: listed (never) for those who see it, else absent.
    for role in ("admin", "lead", "alice"):
        assert company[role][world.alice.pk] is None, role
    for role in ("bob", "outsider"):
        assert world.alice.pk not in company[role], role
    # Li's team-visible check-in: up to date for product's members, silent for Olga.
    assert world.lead.pk not in company["alice"]
    assert company["outsider"][world.lead.pk] is None
    assert all(world.outsider.pk not in rows for rows in company.values())


def test_the_snapshot_holds_public_key_results_only(world, scene):
    rows = dict(
        PersonFreshness.objects.filter(cycle=world.cycle).values_list(
            "membership_id", "last_public_check_in_at"
        )
    )
    assert rows[world.bob.pk] == scene["bob_public"]  # not yesterday's private check-in
    assert rows[world.alice.pk] is None  # a private key result only
    assert rows[world.lead.pk] is None  # the team-visible check-in does not count


def test_the_snapshot_holds_every_key_result_too_for_admins(world, scene):
    rows = {
        pk: (last, n, foreign)
        for pk, last, n, foreign in PersonFreshness.objects.filter(cycle=world.cycle).values_list(
            "membership_id", "last_check_in_at", "key_results", "foreign_key_results"
        )
    }
    bob_private = KeyResult.objects.get(objective__title="Mine").last_check_in_at
    assert rows[world.bob.pk] == (bob_private, 2, 0)  # yesterday's private check-in
    assert rows[world.alice.pk] == (None, 1, 0)
    assert rows[world.lead.pk][1:] == (2, 0)


def test_the_team_page_lists_what_the_reader_may_see(world, scene, client_for):
    url = reverse("team", args=[world.product.slug]) + f"?cycle={world.cycle.pk}"
    for role, shown, hidden in (
        ("lead", ["Alice"], ["Bob"]),
        ("alice", ["Alice", "Bob"], []),
        ("outsider", ["Bob", "Li Lead"], ["Alice"]),
    ):
        page = client_for(getattr(world, role)).get(url).content.decode()
        stale = page[page.index("glance-stale") :]
        stale = stale[: stale.index("</div>")]
        for name in shown:
            assert name in stale, (role, name)
        for name in hidden:
            assert name not in stale, (role, name)


def many_candidates(world, count):
    """`count` people silent on a public key result (oldest first) but checked in yesterday on
    a private one: candidates for everyone, up to date for the admin."""
    for i in range(count):
        person = make_member(world.org, f"p{i}@acme.test", f"P{i}", manager=world.lead)
        checked(make_objective(person, world.cycle, "Public"), 30 - i / 10)
        checked(make_objective(person, world.cycle, "Private", visibility="private"), 1)


def test_when_the_candidates_are_up_to_date_for_the_reader_the_list_is_still_exact(
    world, monkeypatch
):
    # Fewer shown and worked out than the scene holds, so that the admin's first candidates
    # are all up to date (their private check-ins) and the silent ones come after them.
    monkeypatch.setattr(insights, "STALE_SHOWN", 2)
    monkeypatch.setattr(insights, "STALE_CANDIDATES", 3)
    many_candidates(world, 5)
    checked(make_objective(world.bob, world.cycle, "Docs"), 9)
    checked(make_objective(world.alice, world.cycle, "Plan"), 8)
    snapshots.write_day(world.cycle, today_for(world.org))
    for role in ROLES:
        actor = getattr(world, role)
        for within, members in scopes(world, actor).values():
            assert listed(actor, world.cycle, within) == oracle(actor, world.cycle, members), role
    admin = [pk for pk, _ in listed(world.admin, world.cycle, None)]
    assert admin == [world.bob.pk, world.alice.pk]
    # The admin's candidates come from the figure over every key result: the people up to
    # date on a private one are none of them, so the whole scope is never worked out live
    # (the snapshot's existence, the candidates, their key results, the people). Nor for the
    # lead, to whom they report: the lead sees all their key results, in their own objectives
    # (four more: the other people's candidates, their key results, those with no public
    # key result listed, their key results).
    assert count_queries(world.admin, world.cycle, None) == 4
    assert count_queries(world.lead, world.cycle, None) == 8


def test_without_a_snapshot_the_list_is_worked_out_live(world):
    checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    checked(make_objective(world.bob, world.cycle, "Mine", visibility="private"), 1)
    for role in ROLES:
        actor = getattr(world, role)
        for within, members in scopes(world, actor).values():
            assert listed(actor, world.cycle, within) == oracle(actor, world.cycle, members), role


def count_queries(actor, cycle, within) -> int:
    with CaptureQueriesContext(connection) as captured:
        insights.stale_people(actor, cycle, within)
    return len(captured)


def test_constant_queries_from_a_few_people_to_many(world):
    checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    snapshots.write_day(world.cycle, today_for(world.org))
    few = count_queries(world.alice, world.cycle, None)
    many_candidates(world, 40)
    snapshots.write_day(world.cycle, today_for(world.org))
    many = count_queries(world.alice, world.cycle, None)
    assert few == many <= 8


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers")
def test_the_candidates_read_does_not_grow_with_the_people_up_to_date(analyze, world):
    """3,000 people more, each checked in yesterday on a public key result: Alice's list
    reads the silent people's snapshot rows, not every person's (fewer than STALE_CANDIDATES
    are silent, so a read in the list's order with the silence as a filter went through all
    of them: 100,000 people, 101,889 buffers)."""
    checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    snapshots.write_day(world.cycle, today_for(world.org))

    def work() -> int:
        analyze("insights_personfreshness")  # the snapshot's statistics only
        with connection.cursor() as cursor:
            # The plan PostgreSQL picks at 100,000 people (a read in the index's order, the
            # LIMIT expected to end it early), which a few thousand rows would not get.
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
        # The candidates' statements (the streams'); the rest read the candidates or, for
        # the people with no public key result, are another matter.
        return _buffers(
            lambda: insights.stale_people(world.alice, world.cycle, None),
            only=lambda sql: f"LIMIT {insights.STALE_CANDIDATES + 1}" in sql,
        )

    before = work()
    yesterday = timezone.now() - dt.timedelta(days=1)
    users = User.objects.bulk_create(
        User(username=f"u{i}", email=f"u{i}@acme.test", name=f"U{i}") for i in range(3000)
    )
    people = Membership.objects.bulk_create(
        Membership(organization=world.org, user=user, manager=world.admin) for user in users
    )
    PersonFreshness.objects.bulk_create(
        PersonFreshness(
            organization=world.org, cycle=world.cycle, membership=person, written_at=yesterday,
            public_key_results=1, last_public_check_in_at=yesterday,
            key_results=1, last_check_in_at=yesterday,
        )
        for person in people
    )  # fmt: skip
    after = work()
    assert after <= before + 12, (before, after)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL buffers")
def test_the_public_stream_does_not_read_the_people_with_no_public_key_result(world):
    """3,000 people more outside the lead's chain, each with key results in team-only
    objectives only (no public check-in, NULL, as the never-checked-in): the lead's public
    stream (the CEO's second stream at 100,000 people, where 4,557 such rows were read to find
    none qualifies) reads the never-checked-in entries of people who own a public key result
    (personfreshness_public_order_idx)."""
    checked(make_objective(world.bob, world.cycle, "Docs"), 10)
    snapshots.write_day(world.cycle, today_for(world.org))

    def work() -> int:
        _pinned(
            {
                "insights_personfreshness": 100_000,
                "orgs_membership": 100_000,
                "orgs_managerchain": 500_000,
            }
        )
        return _buffers(
            lambda: insights.stale_people(world.lead, world.cycle, None),
            only=lambda sql: (
                f"LIMIT {insights.STALE_CANDIDATES + 1}" in sql and "last_public_check_in_at" in sql
            ),
        )

    listed_before = listed(world.lead, world.cycle, None)
    before = work()
    yesterday = timezone.now() - dt.timedelta(days=1)
    users = User.objects.bulk_create(
        User(username=f"t{i}", email=f"t{i}@acme.test", name=f"T{i}") for i in range(3000)
    )
    people = Membership.objects.bulk_create(
        Membership(organization=world.org, user=user) for user in users
    )
    PersonFreshness.objects.bulk_create(
        PersonFreshness(
            organization=world.org, cycle=world.cycle, membership=person, written_at=yesterday,
            public_key_results=0, last_public_check_in_at=None,
            key_results=1, last_check_in_at=yesterday, foreign_key_results=1,
        )
        for person in people
    )  # fmt: skip
    after = work()
    print("the lead's public stream:", before, after)
    assert after <= before + 12, (before, after)
    assert listed(world.lead, world.cycle, None)[:1] == listed_before[:1]
