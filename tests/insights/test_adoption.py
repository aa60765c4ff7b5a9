"""Adoption: the lists and percentages recomputed from the rows, who may see it, the CSV, both
languages and a constant number of queries."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, TeamAncestry, TeamMember
from mubiao.orgs.rules import today_for
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def adoption_world(world):
    """Alice checked in today, Bob 10 days ago, the lead and others own nothing; the product
    team's objective is aligned to the company's, the docs team has an unaligned one."""
    company_obj = make_objective(
        world.admin, world.cycle, "Company goal", owner_type="organization"
    )
    alice = make_objective(world.alice, world.cycle, "Alice plan")
    services.align_objective(world.alice, alice, parent_objective=company_obj)
    bob = make_objective(world.bob, world.cycle, "Bob plan")
    services.check_in(world.alice, alice.key_results.get(), value=30)
    services.check_in(
        world.bob, bob.key_results.get(), value=5, at=timezone.now() - dt.timedelta(days=10)
    )
    make_objective(world.lead, world.cycle, "Docs goal", owner_type="team", owner_team=world.docs)
    return world


def in_scope(world, lead=None):
    people = Membership.objects.filter(organization=world.org, is_active=True)
    if lead is None:
        return list(people)
    led = TeamMember.objects.filter(membership=lead, is_lead=True).values("team_id")
    teams = TeamAncestry.objects.filter(ancestor_id__in=led).values("team_id")
    ids = set(TeamMember.objects.filter(team_id__in=teams).values_list("membership_id", flat=True))
    return [p for p in people if p.pk in ids]


def owns_okrs(world, person):
    return any(
        o.owner_member_id == person.pk and o.state != "archived"
        for o in Objective.objects.filter(cycle=world.cycle)
    )


def last_check_in(world, person):
    times = [
        kr.last_check_in_at
        for kr in KeyResult.objects.filter(objective__cycle=world.cycle, state="active")
        if kr.objective.owner_member_id == person.pk and kr.last_check_in_at
    ]
    return max(times) if times else None


def figures_from(world, source):
    """The people's figures from the snapshot's rows ("stored") or worked out live."""
    if source == "stored":
        snapshots.write_day(world.cycle, today_for(world.org))


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("viewer", ["admin", "lead"])
def test_lists_and_shares_recomputed_from_the_rows(client_for, adoption_world, viewer, source):
    world = adoption_world
    figures_from(world, source)
    actor = getattr(world, viewer)
    response = client_for(actor).get(reverse("adoption"), {"days": 7})
    assert response.status_code == 200
    people = in_scope(world, None if viewer == "admin" else actor)
    since = timezone.now() - dt.timedelta(days=7)
    no_okrs = {p.pk for p in people if not owns_okrs(world, p)}
    silent = {
        p.pk
        for p in people
        if owns_okrs(world, p) and (last_check_in(world, p) or since - dt.timedelta(1)) < since
    }
    assert {p.pk for p in response.context["no_okrs"]} == no_okrs
    assert {p.pk for p in response.context["silent"]} == silent
    totals = response.context["totals"]
    assert totals["people"] == len(people)
    assert totals["with_okrs"] == len(people) - len(no_okrs)
    assert totals["checked_in"] == len(people) - len(no_okrs) - len(silent)
    if viewer == "lead":
        assert world.outsider.pk not in {p.pk for p in response.context["no_okrs"]}
    rows = {r["team"].slug: r for r in response.context["team_rows"]}
    docs = rows["docs"]
    filed = [o for o in Objective.objects.filter(cycle=world.cycle) if o.team_id == world.docs.pk]
    aligned = [o for o in filed if o.parent_objective_id or o.parent_key_result_id]
    assert (docs["objectives"], docs["aligned"]) == (len(filed), len(aligned)) == (2, 0)
    assert "Nothing aligned" in response.content.decode()
    # Every figure says when it was taken: the snapshot's time (the people's figures; the
    # teams' objectives are counted now), or now.
    taken = "Figures as of" if source == "live" else "People’s figures as of"
    assert taken in response.content.decode()
    assert ("worked out now" in response.content.decode()) == (source == "live")


@pytest.mark.parametrize("source", ["stored", "live"])
def test_grading_lists_who_has_not_graded(client_for, adoption_world, source):
    world = adoption_world
    Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
    alice = Objective.objects.get(title="Alice plan")
    Objective.objects.filter(pk=alice.pk).update(score="0.7")
    figures_from(world, source)
    response = client_for(world.admin).get(reverse("adoption"))
    ungraded = {p.pk for p in response.context["ungraded"]}
    assert ungraded == {world.bob.pk}


def test_only_admins_and_leads_see_it(client_for, adoption_world):
    for member in (adoption_world.alice, adoption_world.outsider):
        client = client_for(member)
        assert client.get(reverse("adoption")).status_code == 404
        assert client.get(reverse("adoption_csv")).status_code == 404


def test_csv_export_in_the_readers_language(client_for, adoption_world):
    world = adoption_world
    client = client_for(world.admin)
    response = client.get(reverse("adoption_csv"), {"days": 7})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Name" and len(rows) == 1 + len(in_scope(world))
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[world.bob.user.email][4] == "yes"
    assert by_email[world.alice.user.email][4] == ""
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("adoption_csv")).getvalue().decode("utf-8-sig")
    assert chinese.startswith("姓名")
    page = client.get(reverse("adoption")).content.decode()
    assert "使用情况" in page and "没有 OKR" in page


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("managed", [False, True])
@pytest.mark.parametrize("viewer", ["admin", "lead"])
def test_a_private_objective_counts_only_for_those_who_see_it(
    client_for, adoption_world, viewer, managed, source
):
    """Pat, in the lead's team, owns only a private objective checked in today: the admin sees
    Pat with OKRs and up to date, so does the lead when Pat reports to them (the manager
    chain sees it); else the lead sees Pat without OKRs."""
    world = adoption_world
    pat = make_member(world.org, "pat@acme.test", "Pat", manager=world.lead if managed else None)
    TeamMember.objects.create(team=world.product, membership=pat)
    secret = make_objective(pat, world.cycle, "Pat's secret", visibility="private")
    services.check_in(pat, secret.key_results.get(), value=10)
    figures_from(world, source)
    client = client_for(getattr(world, viewer))
    response = client.get(reverse("adoption"), {"days": 7})
    sees = viewer == "admin" or managed
    assert (pat.pk in {p.pk for p in response.context["no_okrs"]}) == (not sees)
    assert pat.pk not in {p.pk for p in response.context["silent"]}
    export = client.get(reverse("adoption_csv")).getvalue().decode("utf-8-sig")
    pat_row = next(row for row in csv.reader(io.StringIO(export)) if row[1] == "pat@acme.test")
    assert pat_row[2] == ("1" if sees else "0")
    assert (pat_row[3] != "") == sees


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("viewer", ["admin", "lead"])
@pytest.mark.parametrize("name", ["adoption", "adoption_csv", "adoption_xlsx"])
def test_adoption_makes_the_same_queries_for_5_and_50_people(
    client_for, world, name, viewer, source
):
    client = client_for(getattr(world, viewer))

    def grow(start, stop):
        for i in range(start, stop):
            member = make_member(world.org, f"p{i}@acme.test", f"Person {i}")
            TeamMember.objects.create(team=world.docs, membership=member)
            if i % 2:
                visibility = ("public", "team", "private")[i % 3]
                make_objective(member, world.cycle, f"Objective {i}", visibility=visibility)
        figures_from(world, source)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    grow(0, 5)
    small = queries()
    grow(5, 50)
    assert queries() == small


def test_xlsx_export_has_every_person_with_figures_from_the_rows(client_for, adoption_world):
    from openpyxl import load_workbook

    world = adoption_world
    response = client_for(world.admin).get(reverse("adoption_xlsx"), {"days": 7})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Email", "Objectives")
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {p.user.email for p in in_scope(world)}
    for person in in_scope(world):
        row = by_email[person.user.email]
        owned = [o for o in Objective.objects.filter(cycle=world.cycle, owner_member=person)
                 if o.state != "archived"]  # fmt: skip
        assert row[2] == len(owned)
        last = last_check_in(world, person)
        assert (row[3].date() if row[3] else None) == (
            timezone.localtime(last).date() if last else None
        )
    assert by_email[world.bob.user.email][4] == "yes"


def test_xlsx_export_is_refused_to_members(client_for, adoption_world):
    assert client_for(adoption_world.alice).get(reverse("adoption_xlsx")).status_code == 404


def test_a_head_whose_okrs_are_their_teams_has_okrs(client_for, adoption_world):
    """The product team's lead owns no objective in their own name but leads the team that owns
    one: not listed as without OKRs, and counted among the people with OKRs."""
    world = adoption_world
    before = client_for(world.admin).get(reverse("adoption")).context
    assert world.lead.pk in {p.pk for p in before["no_okrs"]}
    make_objective(world.lead, world.cycle, "Product goal", owner_type="team",
                   owner_team=world.product)  # fmt: skip
    after = client_for(world.admin).get(reverse("adoption")).context
    assert world.lead.pk not in {p.pk for p in after["no_okrs"]}
    assert after["totals"]["with_okrs"] == before["totals"]["with_okrs"] + 1
