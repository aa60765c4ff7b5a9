"""/alignment and /dashboards: what the pages show, recomputed here from the rows, as the
token's person sees it; never another organization's; constant queries."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.orgs.models import TeamAncestry
from tests.api.test_queries import bulk_objectives, request_queries, warm
from tests.conftest import make_objective

STATUSES = ("not_started", "on_track", "at_risk", "off_track", "done")


@pytest.fixture
def okrs(world):
    company = make_objective(world.admin, world.cycle, "Company: grow", owner_type="organization")
    team = make_objective(world.lead, world.cycle, "Product: ship", owner_type="team",
                          owner_team=world.product)  # fmt: skip
    services.align_objective(world.lead, team, parent_objective=company)
    secret = make_objective(world.bob, world.cycle, "Bob secret plan", visibility="private")
    services.align_objective(world.bob, secret, parent_objective=company)
    under = make_objective(world.alice, world.cycle, "Alice under the secret")
    services.align_objective(world.admin, under, parent_objective=secret)
    fine = make_objective(world.alice, world.cycle, "Alice fine")
    at = timezone.now() - dt.timedelta(days=1)
    for objective, value, note in ((fine, 60, "Going well"), (secret, 1, "Secret note")):
        services.check_in(objective.owner_member, objective.key_results.first(), value=value,
                          confidence=5, note=note, at=at)  # fmt: skip
    return {"company": company, "team": team, "secret": secret, "under": under, "fine": fine}


def test_the_alignment_map_reads_as_on_the_page(world, api, okrs):
    olga = api(world.outsider)
    top = olga.get("/alignment", {"cycle_id": world.cycle.pk}).json()
    assert [n["title"] for n in top["nodes"]] == ["Company: grow", "a private objective"]
    assert top["more"] == 0 and top["next_offset"] is None
    below = olga.get(f"/alignment/{okrs['company'].pk}").json()
    assert [n["title"] for n in below["nodes"]] == ["Product: ship"]
    assert [n["title"] for n in olga.get("/alignment/hidden").json()["nodes"]] == [
        "Alice under the secret"]  # fmt: skip
    found = olga.get("/alignment/search", {"q": "under"}).json()["results"]
    assert [[s["id"] for s in r["path"]] for r in found] == [["hidden", okrs["under"].pk]]
    assert olga.get(f"/alignment/{okrs['secret'].pk}").status_code == 404
    assert olga.get("/alignment/search").status_code == 422  # q is required
    zh = olga.get("/alignment", **{"accept-language": "zh-hans"}).json()
    assert zh["nodes"][-1]["title"] == "一个非公开目标"


def test_no_other_organization(world, other_world, api, okrs):
    stranger = api(other_world.admin)
    assert stranger.get(f"/alignment/{okrs['company'].pk}").status_code == 404
    assert stranger.get(f"/dashboards/teams/{world.product.pk}").status_code == 404
    response = stranger.get("/dashboards/company", {"cycle_id": world.cycle.pk})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "cycle_id"
    assert stranger.get("/alignment", {"cycle_id": world.cycle.pk}).status_code == 422
    mine = stranger.get("/dashboards/company").json()
    assert mine["cycle_id"] == other_world.cycle.pk and mine["headline"]["objectives"] == 0


def scope_rows(world, team=None):
    rows = list(Objective.objects.filter(cycle=world.cycle).exclude(state="archived"))
    if team is None:
        return rows
    ids = set(TeamAncestry.objects.filter(ancestor=team).values_list("team_id", flat=True))
    return [o for o in rows if o.team_id in ids or o.owner_team_id in ids]


@pytest.mark.parametrize("team", [None, "product"])
def test_dashboards_count_everything_and_list_what_the_reader_sees(world, api, okrs, team):
    team = getattr(world, team) if team else None
    path = f"/dashboards/teams/{team.pk}" if team else "/dashboards/company"
    for member, sees_secret in ((world.outsider, False), (world.lead, True)):
        # One objective hidden from the outsider: the figures are over the ones they see
        # (never counted, tests/insights/test_figures_from_visible_list.py).
        rows = [o for o in scope_rows(world, team) if sees_secret or o.title != "Bob secret plan"]
        body = api(member).get(path).json()
        headline = body["headline"]
        # Neither is an admin: both read over what they may see, hidden or not (issue 12, S2).
        assert headline["over_visible"] is True
        assert headline["objectives"] == len(rows)
        average = sum(o.progress for o in rows) / len(rows)
        # The exact mean rounded once, half up (issue 12, M1).
        assert Decimal(str(headline["progress"])) == average.quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )
        assert headline["statuses"] == {s: sum(o.status == s for o in rows) for s in STATUSES}
        assert headline["hidden_objectives"] is None  # withheld from everyone but an admin
        listed = {r["title"] for r in body["at_risk"]}
        behind = {o.title for o in rows if o.status in ("at_risk", "off_track")}
        assert listed == (behind if sees_secret else behind - {"Bob secret plan"})
        assert body["at_risk_hidden"] == 0  # always: hidden ones are never counted
        text = str(body)
        assert ("Secret note" in text) is sees_secret and ("Bob secret plan" in text) is sees_secret
        assert body["trend"][-1]["progress"] == headline["progress"]
    names = [s["name"] for s in body["subteams"]]
    # The company's sub-teams: the departments under its one root team.
    assert names == (["Docs"] if team else ["Support", "产品部"])


def test_the_dashboard_api_matches_the_page(world, api, client_for, okrs):
    page = client_for(world.lead).get("/teams/product").context
    body = api(world.lead).get(f"/dashboards/teams/{world.product.pk}").json()
    assert body["headline"]["objectives"] == page["summary"]["total"]
    assert body["headline"]["statuses"] == dict(page["summary"]["counts"])
    assert [r["id"] for r in body["at_risk"]] == [o.pk for o in page["at_risk"]]
    assert [(s["name"], s["status"]) for s in body["subteams"]] == [
        (r["team"].name, r["status"]) for r in page["subteams"]
    ]


def count(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return request_queries(captured)


def test_constant_queries_for_10_and_1000_objectives(world, api, okrs):
    bob = api(world.bob)
    warm(bob)
    paths = ["/dashboards/company", f"/dashboards/teams/{world.product.pk}", "/alignment",
             f"/alignment/{okrs['company'].pk}", "/alignment/hidden"]  # fmt: skip
    bulk_objectives(world, 10)
    small = [count(bob, p) for p in paths] + [count(bob, "/alignment/search", {"q": "Goal"})]
    bulk_objectives(world, 1000)
    Objective.objects.filter(title__startswith="Goal").update(parent_objective=okrs["team"])
    large = [count(bob, p) for p in paths] + [count(bob, "/alignment/search", {"q": "Goal"})]
    assert large == small
    assert api(world.bob).get(f"/alignment/{okrs['team'].pk}").json()["total"] == 1010


def test_sub_team_lines_are_paged_largest_first_and_end_today(world, other_world, api, okrs):
    """The company's departments (产品部 with five objectives, Support with one), a page of one
    line at a time; each line is its snapshots by day, then today's figure recomputed here
    from the rows."""
    from mubiao.insights.models import TeamSnapshot
    from mubiao.orgs.rules import today_for

    support = world.extra["support"]
    make_objective(world.outsider, world.cycle, "Olga's one")
    earlier = today_for(world.org) - dt.timedelta(days=3)
    TeamSnapshot.objects.create(
        organization=world.org, cycle=world.cycle, team=world.product, day=earlier,
        objectives=5, progress=Decimal("0.1234"),
    )  # fmt: skip
    # Read by an admin, whose lines read the team snapshots (a non-admin's read the snapshots
    # of the objectives they may see: tests/insights/test_hidden_objective_leaves_no_trace.py).
    client = api(world.admin)
    first = client.get("/dashboards/company/lines", {"limit": 1}).json()
    assert (first["total"], first["offset"], first["next_offset"]) == (2, 0, 1)
    (line,) = first["lines"]
    ids = set(TeamAncestry.objects.filter(ancestor=world.product).values_list("team_id", flat=True))
    rows = [o for o in Objective.objects.filter(cycle=world.cycle) if o.team_id in ids]
    assert (line["id"], line["slug"], line["objectives"]) == (
        world.product.pk,
        "product",
        len(rows),
    )
    today = sum(o.progress for o in rows) / len(rows)
    assert line["points"] == [
        {"day": earlier.isoformat(), "progress": 0.1234},
        {"day": today_for(world.org).isoformat(), "progress": round(float(today), 4)},
    ]
    second = client.get("/dashboards/company/lines", {"limit": 1, "offset": 1}).json()
    assert [x["id"] for x in second["lines"]] == [support.pk] and second["next_offset"] is None
    # A team's page: 产品部's one sub-team with objectives, Docs, counted whole as on the page
    # (Bob's private objective too, which the lead sees: a team figure, DESIGN.md §4).
    docs = client.get(f"/dashboards/teams/{world.product.pk}/lines").json()
    in_docs = Objective.objects.filter(cycle=world.cycle, team=world.docs).count()
    assert [(x["slug"], x["objectives"]) for x in docs["lines"]] == [("docs", in_docs)]
    for bad in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"limit": "lots"}):
        response = client.get("/dashboards/company/lines", bad)
        assert response.status_code == 422, bad
    stranger = api(other_world.admin)
    assert stranger.get(f"/dashboards/teams/{world.product.pk}/lines").status_code == 404
