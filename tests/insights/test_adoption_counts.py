"""Adoption's counts equal its lists' lengths everywhere (page, CSV, API /adoption and
/adoption/teams), for generated organizations where some leads hold OKRs only through the
team they lead, and the lists match a person's OKRs recomputed from the rows: the objectives
they own and those of the teams they lead (docs/design-notes.md, "A person's OKRs")."""

import csv
import datetime as dt
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from mubiao.insights import snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.orgs.rules import today_for
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db


def generate(world, seed: int) -> None:
    """Teams under the company, each with a lead and a few people: a lead owns nothing, their
    own objective, or only their team's; people own 0–2 objectives; check-ins today, 3 or 20
    days ago or never; some objectives graded."""
    rng = random.Random(seed)
    for t in range(4):
        team = Team.objects.create(organization=world.org, name=f"T{t}", slug=f"t{t}",
                                   parent=world.company)  # fmt: skip
        lead = make_member(world.org, f"lead{t}@acme.test", f"Lead {t}")
        TeamMember.objects.create(team=team, membership=lead, is_lead=True)
        owners = []
        kind = rng.choice(["none", "own", "team"])
        if kind != "none":
            team_owned = {"owner_type": "team", "owner_team": team} if kind == "team" else {}
            owners.append(make_objective(lead, world.cycle, f"Lead {t} goal", **team_owned))
        for p in range(3):
            member = make_member(world.org, f"p{t}.{p}@acme.test", f"Person {t}.{p}")
            TeamMember.objects.create(team=team, membership=member)
            owners += [
                make_objective(member, world.cycle, f"P {t}.{p}.{i}")
                for i in range(rng.choice([0, 1, 2]))
            ]
        for objective in owners:
            age = rng.choice([None, 0, 3, 20])
            if age is not None:
                services.check_in(objective.owner_member or lead, objective.key_results.get(),
                                  value=rng.randint(1, 90),
                                  at=timezone.now() - dt.timedelta(days=age))  # fmt: skip
            if rng.random() < 0.4:
                Objective.objects.filter(pk=objective.pk).update(score="0.5")


def expected(world, days: int) -> dict[str, set[int]]:
    """The lists recomputed from the rows, for an admin."""
    since = timezone.now() - dt.timedelta(days=days)
    objectives = [o for o in Objective.objects.filter(cycle=world.cycle) if o.state != "archived"]
    leads = {}
    for tm in TeamMember.objects.filter(is_lead=True):
        leads.setdefault(tm.membership_id, set()).add(tm.team_id)
    lists = {"no_okrs": set(), "silent": set(), "ungraded": set()}
    for person in Membership.objects.filter(organization=world.org, is_active=True):
        okrs = [o for o in objectives if o.owner_member_id == person.pk
                or o.owner_team_id in leads.get(person.pk, ())]  # fmt: skip
        times = [kr.last_check_in_at for kr in KeyResult.objects.filter(
            objective__in=okrs, state="active") if kr.last_check_in_at]  # fmt: skip
        if not okrs:
            lists["no_okrs"].add(person.pk)
        elif not times or max(times) < since:
            lists["silent"].add(person.pk)
        if world.cycle.state == Cycle.State.GRADING and any(o.score is None for o in okrs):
            lists["ungraded"].add(person.pk)
    return lists


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("grading", [False, True])
def test_counts_equal_the_lists_everywhere(client_for, world, seed, source, grading):
    generate(world, seed)
    if grading:
        Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
        world.cycle.refresh_from_db()
    if source == "stored":
        snapshots.write_day(world.cycle, today_for(world.org))
    want = expected(world, 7)
    client = client_for(world.admin)
    context = client.get(reverse("adoption"), {"days": 7}).context
    shown = {name: {p.pk for p in context[name].paginator.object_list} for name in want}
    assert shown == want
    totals = context["totals"]
    assert totals["people"] - totals["with_okrs"] == len(want["no_okrs"])
    assert totals["with_okrs"] - totals["checked_in"] == len(want["silent"])
    assert totals["ungraded"] == len(want["ungraded"])
    # Each team row: its direct members' memberships of the lists.
    for row in context["team_rows"]:
        members = set(TeamMember.objects.filter(team=row["team"]).values_list(
            "membership_id", flat=True))  # fmt: skip
        assert row["people"] - row["with_okrs"] == len(members & want["no_okrs"]), row["team"]
        assert row["with_okrs"] - row["checked_in"] == len(members & want["silent"])
        assert row["ungraded"] == len(members & want["ungraded"])
    # The CSV: one row per person, flagged as the lists say.
    export = csv.reader(io.StringIO(client.get(reverse("adoption_csv"), {"days": 7})
                                    .getvalue().decode("utf-8-sig")))  # fmt: skip
    rows = {row[1]: row for row in list(export)[1:]}
    email = dict(Membership.objects.values_list("pk", "user__email"))
    for name, column in (("silent", 4), ("ungraded", 5)):
        assert {e for e, r in rows.items() if r[column]} == {email[pk] for pk in want[name]}
    assert {e for e, r in rows.items() if not r[6]} == {email[pk] for pk in want["no_okrs"]}
    # The API: its totals and each list's count, and the teams' rows as the page's.
    api = Api(world.admin)
    body = api.get("/adoption", {"days": 7, "limit": 100}).json()
    assert body["totals"] == totals
    for name in want:
        listed = api.get("/adoption", {"days": 7, "list": name, "limit": 100}).json()["people"]
        assert {p["id"] for p in listed["items"]} == want[name], name
        assert listed["count"] == len(want[name])
    teams = api.get("/adoption/teams", {"days": 7, "limit": 100}).json()["items"]
    page_rows = {r["team"].pk: r for r in context["team_rows"]}
    for team in teams:
        row = page_rows[team["id"]]
        assert [team[k] for k in ("people", "with_okrs", "checked_in", "ungraded")] == [
            row[k] for k in ("people", "with_okrs", "checked_in", "ungraded")
        ]


@pytest.mark.parametrize("grading", [False, True])
def test_every_figure_of_a_page_is_the_snapshots(client_for, world, grading):
    """Changes after the hourly snapshot (a silent person checks in, another grades) move no
    figure of the page or the API until the next one: the headline, the team rows and the
    lists agree with each other and with the snapshot's time, which they state."""
    alice = make_objective(world.alice, world.cycle, "Alice plan")
    bob = make_objective(world.bob, world.cycle, "Bob plan")
    if grading:
        Cycle.objects.filter(pk=world.cycle.pk).update(state=Cycle.State.GRADING)
        world.cycle.refresh_from_db()
    snapshots.write_day(world.cycle, today_for(world.org))
    written = snapshots.PersonFreshness.objects.filter(cycle=world.cycle).first().written_at
    services.check_in(world.bob, bob.key_results.get(), value=40)
    Objective.objects.filter(pk=alice.pk).update(score="0.7")
    context = client_for(world.admin).get(reverse("adoption"), {"days": 7}).context
    assert context["as_of"] == written and not context["live"]
    silent = {p.pk for p in context["silent"].paginator.object_list}
    ungraded = {p.pk for p in context["ungraded"].paginator.object_list}
    assert silent == {world.alice.pk, world.bob.pk}
    assert ungraded == ({world.alice.pk, world.bob.pk} if grading else set())
    assert context["totals"]["checked_in"] == 0
    rows = {row["team"].slug: row for row in context["team_rows"]}
    assert (rows["product"]["checked_in"], rows["docs"]["checked_in"]) == (0, 0)
    assert rows["docs"]["ungraded"] == (1 if grading else 0)
    api = Api(world.admin)
    body = api.get("/adoption", {"days": 7}).json()
    assert body["totals"] == context["totals"] and not body["figures_live"]
    teams = {t["slug"]: t for t in api.get("/adoption/teams", {"limit": 100}).json()["items"]}
    assert (
        teams["docs"]["checked_in"] == 0 and teams["docs"]["ungraded"] == rows["docs"]["ungraded"]
    )


@pytest.mark.parametrize("days", ["abc", "0", "367", "-3", "7.5", "1e3"])
@pytest.mark.parametrize("name", ["adoption", "adoption_csv", "adoption_xlsx"])
def test_a_days_value_out_of_range_is_refused_naming_it(client_for, world, name, days):
    """Never the 7 days' figures under a heading the reader did not ask for: 422, the field
    and the value said, in the reader's language; the API as well."""
    client = client_for(world.admin)
    response = client.get(reverse(name), {"days": days})
    assert response.status_code == 422
    text = response.content.decode()
    assert f"“{days}”" in text and "No check-in for (days)" in text and "366" in text
    client.cookies["django_language"] = "zh-hans"
    assert "不是 1 到 366 之间的整数" in client.get(reverse(name), {"days": days}).content.decode()
    refused = Api(world.admin).get("/adoption", {"days": days})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "days"
    assert client_for(world.admin).get(reverse(name), {"days": "30"}).status_code == 200


def test_the_page_says_the_age_of_each_part(client_for, world):
    """The people figures are the hourly snapshot's, the teams' objectives and alignment are
    counted as the page opens: after the snapshot, an objective filed and aligned shows in
    its team's row at once, and the page says which part is of which time, in both
    languages."""
    parent = make_objective(world.lead, world.cycle, "Team plan")
    snapshots.write_day(world.cycle, today_for(world.org))
    child = make_objective(world.bob, world.cycle, "Bob plan")
    Objective.objects.filter(pk=child.pk).update(parent_objective=parent, team=world.docs)
    client = client_for(world.admin)
    response = client.get(reverse("adoption"), {"days": 7})
    assert not response.context["live"]
    rows = {row["team"].slug: row for row in response.context["team_rows"]}
    assert rows["docs"]["aligned"] == 1
    page = response.content.decode()
    assert "People’s figures as of" in page
    assert "Objectives and alignment are counted as the page opens." in page
    zh = client.get(reverse("adoption"), {"days": 7}, headers={"accept-language": "zh-hans"})
    assert "目标数和对齐数为打开页面时的实时数据。" in zh.content.decode()
