"""/adoption, /grading-review and /members/{id}/calibration: who may read them (member, lead of
another team, the lead, admin → 404 for those who may not; another organization's ids are no
such thing) and the same numbers as the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.api.test_queries import bulk_objectives, request_queries, warm
from tests.conftest import custom_cycle, make_member, make_objective

ENDPOINTS = [("/adoption", {}), ("/adoption/teams", {}), ("/grading-review", {}),
             ("/grading-review/objectives", {"flag": "committed_below_one"})]  # fmt: skip


@pytest.fixture
def graded(world):
    """Olga leads Support (another team). Alice checked in, Bob (Docs, under Product) has been
    silent 10 days, the lead owns nothing; Bob's is private. The cycle is being graded:
    Alice's committed objective at 0.4 with a note, Bob's aspirational at 0.1."""
    TeamMember.objects.filter(membership=world.outsider).update(is_lead=True)
    alice = make_objective(world.alice, world.cycle, "Alice ships")
    bob = make_objective(world.bob, world.cycle, "Bob writes", kind="aspirational",
                         visibility="private")  # fmt: skip
    make_objective(world.outsider, world.cycle, "Support answers")
    services.check_in(world.alice, alice.key_results.get(), value=30, confidence=7,
                      at=timezone.now() - dt.timedelta(days=2))  # fmt: skip
    services.check_in(world.bob, bob.key_results.get(), value=5, confidence=3,
                      at=timezone.now() - dt.timedelta(days=10))  # fmt: skip
    custom_cycle(world)  # ended yesterday: no longer a quarter
    services.update_cycle(world.admin, world.cycle,
                          end_date=timezone.localdate() - dt.timedelta(days=1))  # fmt: skip
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    miss = {alice.key_results.get().pk: ("0.4", "Vendor late")}
    services.grade_objective(world.alice, alice, scores=miss, retrospective="Launched late.")
    services.grade_objective(world.bob, bob, scores={bob.key_results.get().pk: ("0.1", "")})
    world.extra.update(alice_objective=alice, bob_objective=bob)
    return world


@pytest.mark.parametrize(("path", "params"), ENDPOINTS)
def test_who_may_read_adoption_and_the_review(graded, other_world, api, path, params):
    world = graded
    assert api(world.alice).get(path, params).status_code == 404  # a member
    for reader in (world.outsider, world.lead, world.admin):  # leads (theirs) and admins
        assert api(reader).get(path, params).status_code == 200, reader
    # Another organization's admin: this cycle is no such cycle (as on /dashboards), and their
    # own figures hold none of this organization's people or objectives.
    stranger = api(other_world.admin)
    refused = stranger.get(path, {**params, "cycle_id": world.cycle.pk})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "cycle_id"
    own = stranger.get(path, params)
    assert own.status_code == 200, own.content
    said = own.content.decode()
    titles = Objective.objects.filter(cycle=world.cycle).values_list("title", flat=True)
    assert "@acme.test" not in said and [t for t in titles if t in said] == [], said
    assert STRANGERS_OWN[path](own.json(), other_world), said


# What another organization's admin reads of their own organization, which has people and
# teams but no objectives: all of its people, its teams counting no objectives, nothing graded.
STRANGERS_OWN = {
    "/adoption": lambda body, other: (
        sorted(p["email"] for p in body["people"]["items"])
        == sorted(
            Membership.objects.filter(organization=other.org).values_list("user__email", flat=True)
        )
    ),
    "/adoption/teams": lambda body, other: (
        [t["objectives"] for t in body["items"]]
        == [0] * Team.objects.filter(organization=other.org).count()
    ),
    "/grading-review": lambda body, other: body["teams"] == [],
    "/grading-review/objectives": lambda body, other: body["items"] == [],
}


def names(response) -> set[str]:
    return {p["name"] for p in response.json()["people"]["items"]}


def test_adoption_is_scoped_and_equals_the_page(graded, api, client_for):
    world = graded
    assert names(api(world.lead).get("/adoption")) == {"Li Lead", "Alice", "Bob"}
    assert names(api(world.outsider).get("/adoption")) == {"Olga Outsider"}
    assert len(names(api(world.admin).get("/adoption"))) == 5
    for reader in (world.lead, world.outsider, world.admin):
        body = api(reader).get("/adoption", {"days": 7}).json()
        page = client_for(reader).get(reverse("adoption"), {"days": 7}).context
        assert body["totals"] == page["totals"], reader
        assert body["grading_open"] is True
        for name in ("no_okrs", "silent", "ungraded"):
            listed = api(reader).get("/adoption", {"days": 7, "list": name}).json()["people"]
            assert [p["id"] for p in listed["items"]] == [p.pk for p in page[name]], name
            assert listed["count"] == page[name].paginator.count
        teams = api(reader).get("/adoption/teams", {"days": 7}).json()["items"]
        rows = page["team_rows"]
        assert [t["id"] for t in teams] == [r["team"].pk for r in rows]
        for got, row in zip(teams, rows, strict=True):
            for key in ("people", "with_okrs", "checked_in", "ungraded", "objectives", "aligned"):
                assert got[key] == row[key], (reader, key)
    # Bob silent for 10 days: silent at 7, not at 14.
    lead = api(world.lead)
    silent = lead.get("/adoption", {"days": 7, "list": "silent"}).json()["people"]["items"]
    assert [p["name"] for p in silent] == ["Bob"] and silent[0]["silent"] is True
    assert lead.get("/adoption", {"days": 14, "list": "silent"}).json()["people"]["count"] == 0
    paged = lead.get("/adoption", {"limit": 1, "offset": 1}).json()["people"]
    assert paged["count"] == 3 and len(paged["items"]) == 1
    assert lead.get("/adoption", {"days": 0}).status_code == 422
    assert lead.get("/adoption", {"list": "nobody"}).status_code == 422


def test_grading_review_equals_the_page(graded, api, client_for):
    world = graded
    for reader in (world.lead, world.admin, world.outsider):
        body = api(reader).get("/grading-review").json()
        page = client_for(reader).get(reverse("grading_review")).context
        got = [(t["team_id"], t["objectives"], t["graded"], t["average"]) for t in body["teams"]]
        assert got == [
            (t["team_id"], t["objectives"], t["graded"],
             None if t["average"] is None else float(t["average"]))
            for t in page["teams"]
        ], reader  # fmt: skip
        for flag, name in (("committed_below_one", "misses"), ("aspirational_far", "outliers"),
                           ("retrospective", "retrospectives")):  # fmt: skip
            items = api(reader).get("/grading-review/objectives", {"flag": flag}).json()["items"]
            assert [o["id"] for o in items] == [o.pk for o in page[name]], (reader, flag)
    misses = api(world.lead).get("/grading-review/objectives", {"flag": "committed_below_one"})
    [miss] = misses.json()["items"]
    assert miss["id"] == world.extra["alice_objective"].pk and miss["score"] == 0.4
    assert [n["note"] for n in miss["notes"]] == ["Vendor late"]
    # Bob's private objective is reviewed by his lead, never by the lead of another team.
    far = api(world.lead).get("/grading-review/objectives", {"flag": "aspirational_far"})
    assert [o["id"] for o in far.json()["items"]] == [world.extra["bob_objective"].pk]
    far = api(world.outsider).get("/grading-review/objectives", {"flag": "aspirational_far"})
    assert far.json()["items"] == []


def test_calibration_for_the_person_and_their_direct_manager_only(
    graded, other_world, api, client_for
):
    world = graded
    path = f"/members/{world.alice.pk}/calibration"
    for reader in (world.alice, world.lead):  # herself, her manager
        body = api(reader).get(path)
        assert body.status_code == 200, reader
        page = client_for(reader).get(reverse("calibration", args=[world.alice.pk])).context
        assert body.json()["cycles"] == [
            {"name": c["name"], "rows": [
                {"confidence": r["confidence"], "key_results": r["key_results"],
                 "average": None if r["average"] is None else float(r["average"])}
                for r in c["rows"]]}
            for c in page["cycles"]
        ]  # fmt: skip
    [cycle] = api(world.alice).get(path).json()["cycles"]
    assert cycle["rows"][0]["confidence"] == 7 and cycle["rows"][0]["key_results"] == 1
    # The manager's manager (an admin too), a peer, a stranger, another organization's admin.
    for reader in (world.admin, world.bob, world.outsider, other_world.admin):
        assert api(reader).get(path).status_code == 404, reader
    assert api(world.alice).get("/members/999999/calibration").status_code == 404


def counted(client, path, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200, path
    return request_queries(captured)


def grow(world, people: int, objectives: int) -> None:
    """More people in Product and more graded objectives of Alice's (the services' per-row work
    skipped, so that the test stays fast)."""
    start = TeamMember.objects.count()
    for i in range(start, start + people):
        member = make_member(world.org, f"p{i}@{world.org.slug}.test", f"Person {i}")
        TeamMember.objects.create(team=world.product, membership=member)
    bulk_objectives(world, objectives)
    Objective.objects.filter(cycle=world.cycle, title__startswith="Goal").update(
        score=Decimal("0.3"), retrospective="Late."
    )


@pytest.mark.parametrize(("path", "params"), [
    *ENDPOINTS, ("/grading-review/objectives", {"flag": "retrospective"}),
    ("/adoption", {"list": "silent"}),
])  # fmt: skip
def test_constant_queries_as_the_organization_grows(graded, api, path, params):
    world = graded
    for reader in (world.lead, world.admin):
        client = api(reader)
        warm(client)
        grow(world, 3, 5)
        small = counted(client, path, params)
        grow(world, 60, 200)
        assert counted(client, path, params) == small, (path, reader)
    alice = api(world.alice)
    warm(alice)
    calibration = f"/members/{world.alice.pk}/calibration"
    small = counted(alice, calibration, {})
    grow(world, 0, 100)
    assert counted(alice, calibration, {}) == small
