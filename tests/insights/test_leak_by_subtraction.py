"""Leak by subtraction: the minimum-count rule (docs/design-notes.md).

A figure over every objective of a scope, shown to a reader who sees all but one of them, tells
the hidden one's progress, status and confidence: subtract what is seen. A scope's figures
count the objectives hidden from the reader only when none or at least 3 of them are hidden;
with 1 or 2 hidden they are taken over the visible ones and say so.

The table: readers (a member of the team, another team's member, the team's lead, an admin,
the owner) × 0–3 objectives hidden from them × (the web headline, a sub-team row, the API's
headline and sub-team row, the progress trend on the page and in the API). Each figure is
recomputed here from the objectives' rows and the check-ins this test made, never from the
code's own selectors; and while 1 or 2 are hidden, a check-in on a hidden objective moves no
figure the reader gets.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.insights import rules
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.rules import today_for
from tests.conftest import make_member, make_objective

STATUSES = ["not_started", "on_track", "at_risk", "off_track", "done"]
Q4 = Decimal("0.0001")
PAST = 5  # days ago: every objective's first check-in

# (title, owner, team, value then, value today, confidence): all public.
VISIBLE = [
    ("Alice public", "alice", "product", 20, 40, 6),
    ("Bob public", "bob", "docs", 5, 10, 3),
    ("Docs: ship the guide", "lead", "docs", 50, 60, 8),
]
# Carl's private objectives in the docs team: hidden from everyone but admins and owners
# (Carl reports to the admin, not to the product lead).
HIDDEN = [(f"Carl secret {i}", 70 + i * 7, 95 - i * 9, 9 - i) for i in range(3)]
READERS = ["member", "other_team", "lead", "admin", "owner"]
SEES_ALL = {"admin", "owner"}


@pytest.fixture
def org(world):
    carl = make_member(world.org, "carl@acme.test", "Carl", manager=world.admin)
    TeamMember.objects.create(team=world.docs, membership=carl)
    owner = make_member(world.org, "owner@acme.test", "Oscar Owner", role="owner")
    people = {"alice": world.alice, "bob": world.bob, "lead": world.lead, "carl": carl}
    readers = {
        "member": world.alice,
        "other_team": world.outsider,
        "lead": world.lead,
        "admin": world.admin,
        "owner": owner,
    }
    return world, people, readers


def _check_in(actor, objective, then, now, confidence):
    kr = objective.key_results.get()
    at = timezone.now() - dt.timedelta(days=PAST)
    services.check_in(actor, kr, value=then, confidence=confidence, at=at)
    services.check_in(actor, kr, value=now, confidence=confidence)


def _make(world, people, hidden: int) -> dict:
    """The objectives: VISIBLE, then the first `hidden` of HIDDEN. {title: (objective, value
    then, value today, confidence)}."""
    made = {}
    teams = {"product": world.product, "docs": world.docs}
    for title, owner, team, then, now, confidence in VISIBLE:
        fields = {"team": teams[team]}
        if owner == "lead":
            fields = {"owner_type": "team", "owner_team": teams[team]}
        objective = make_objective(people[owner], world.cycle, title, **fields)
        _check_in(people[owner], objective, then, now, confidence)
        made[title] = (objective, then, now, confidence)
    for title, then, now, confidence in HIDDEN[:hidden]:
        objective = make_objective(
            people["carl"], world.cycle, title, visibility="private", team=world.docs
        )
        _check_in(people["carl"], objective, then, now, confidence)
        made[title] = (objective, then, now, confidence)
    return made


def _expected(made: dict, titles: set[str]) -> dict:
    """The figures of the objectives named `titles`, recomputed from their rows and the values
    this test checked in."""
    rows = [made[t] for t in titles]
    objectives = [Objective.objects.get(pk=o.pk) for o, *_ in rows]
    n = len(rows)
    return {
        "n": n,
        "avg": (sum(o.progress for o in objectives) / n).quantize(Q4) if n else Decimal(0),
        "counts": {s: sum(o.status == s for o in objectives) for s in STATUSES},
        "confidence": (Decimal(sum(c for *_, c in rows)) / n).quantize(Decimal("0.01"))
        if n
        else None,
        # The progress line on a day after the first check-ins: the values then (one key result
        # from 0 to 100 each).
        "then": (Decimal(sum(then for _, then, _, _ in rows)) / 100 / n).quantize(Q4)
        if n
        else None,
    }


def _in_scope(made: dict, teams: set[str]) -> set[str]:
    by_title = {title: team for title, _, team, *_ in VISIBLE}
    return {t for t in made if by_title.get(t, "docs") in teams}


def _seen(made: dict, role: str) -> set[str]:
    return set(made) if role in SEES_ALL else {t for t in made if not t.startswith("Carl")}


def _basis(made: dict, role: str, scope: set[str]) -> tuple[set[str], bool]:
    """What the reader's figures of a scope are taken over, by the rule written out here."""
    hidden = len(scope - _seen(made, role))
    if hidden in (1, 2):
        return scope & _seen(made, role), True
    return scope, False


def _figures(summary) -> dict:
    return {
        "n": summary["total"],
        "avg": Decimal(summary["avg"]).quantize(Q4),
        "counts": dict(summary["counts"]),
        "confidence": None
        if summary["confidence"] is None
        else Decimal(str(summary["confidence"])).quantize(Decimal("0.01")),
    }


def _row(row) -> dict:
    return {"n": row["n"], "avg": Decimal(row["avg"]).quantize(Q4), "counts": dict(row["counts"])}


def _api(headline_or_row) -> dict:
    return {
        "n": headline_or_row["objectives"],
        "avg": Decimal(str(headline_or_row["progress"])).quantize(Q4),
        "counts": headline_or_row["statuses"],
    }


def _past_days(world) -> list[dt.date]:
    """Days whose snapshot holds every objective's first value and not yet today's."""
    today = today_for(world.org)
    return [today - dt.timedelta(days=d) for d in range(1, PAST - 1)]


def _reads(world, reader) -> dict:
    """Everything the reader is shown: page and API, product team and company."""
    client = Client()
    client.force_login(reader.user)
    _, secret = create_token(reader)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    team_page = client.get(f"/teams/{world.product.slug}")
    company_page = client.get("/company")
    team_api = api.get(f"/api/v1/dashboards/teams/{world.product.pk}").json()
    lines_api = api.get(f"/api/v1/dashboards/teams/{world.product.pk}/lines").json()
    company_api = api.get("/api/v1/dashboards/company").json()
    return {
        "team_page": team_page,
        "company_page": company_page,
        "team_api": team_api,
        "lines_api": lines_api,
        "company_api": company_api,
    }


def _shown(reads) -> dict:
    """The figures of `reads` as plain values, to compare two reads."""
    team, company = reads["team_page"].context, reads["company_page"].context
    return {
        "team": _figures(team["summary"]),
        "team_rows": [_row(r) for r in team["subteams"]],
        "team_trend": team["trend"],
        "company": _figures(company["summary"]),
        "company_rows": [_row(r) for r in company["subteams"]],
        "company_trend": company["trend"],
        "team_api": reads["team_api"],
        "lines_api": reads["lines_api"],
        "company_api": reads["company_api"],
    }


@pytest.mark.parametrize("hidden", [0, 1, 2, 3])
def test_no_figure_tells_a_hidden_objective(org, hidden):
    world, people, readers = org
    made = _make(world, people, hidden)
    write_snapshots.call()  # fills the past days from the check-ins, and today
    assert rules.HIDDEN_AT_LEAST == 3
    product, docs = {"product", "docs"}, {"docs"}
    scopes = {"product": _in_scope(made, product), "docs": _in_scope(made, docs)}
    everything = set(made)
    for role in READERS:
        reader = readers[role]
        where = f"{role}, {hidden} hidden"
        reads = _reads(world, reader)
        shown = _shown(reads)

        # The team page's headline (product with docs below it) and the API's.
        titles, over_visible = _basis(made, role, scopes["product"])
        want = _expected(made, titles)
        summary = reads["team_page"].context["summary"]
        assert summary["over_visible"] == over_visible, where
        assert _figures(summary) == {k: want[k] for k in ("n", "avg", "counts", "confidence")}, (
            where
        )
        body = reads["team_page"].content.decode()
        label = f"over the {want['n']} objectives you can see"
        assert (label in body) == over_visible, where
        headline = reads["team_api"]["headline"]
        assert headline["over_visible"] == over_visible, where
        assert _api(headline) == {k: want[k] for k in ("n", "avg", "counts")}, where
        assert (reads["team_api"]["at_risk_hidden"] is None) == over_visible, where
        # Its trend: past days from the snapshots of the same objectives, today live (the
        # page's chart in percent).
        page = {day: Decimal(str(pct)) / 100 for day, pct in shown["team_trend"]["points"]}
        api = {p["day"]: Decimal(str(p["progress"])) for p in reads["team_api"]["trend"]}
        for trend in (page, api):
            for day in _past_days(world):
                assert trend[day.isoformat()].quantize(Q4) == want["then"], (where, day)

        # The docs sub-team's row on the team page, in the API and its line.
        titles, over_visible = _basis(made, role, scopes["docs"])
        want = _expected(made, titles)
        (row,) = reads["team_page"].context["subteams"]
        assert row["over_visible"] == over_visible, where
        assert _row(row) == {k: want[k] for k in ("n", "avg", "counts")}, where
        (api_row,) = reads["team_api"]["subteams"]
        assert api_row["over_visible"] == over_visible, where
        assert _api(api_row) == {k: want[k] for k in ("n", "avg", "counts")}, where
        (line,) = reads["lines_api"]["lines"]
        assert line["over_visible"] == over_visible, where
        points = {p["day"]: p["progress"] for p in line["points"]}
        for day in _past_days(world):
            assert Decimal(str(points[day.isoformat()])).quantize(Q4) == want["then"], where
        (drawn,) = reads["team_page"].context["subteam_trends"]
        assert dict(drawn["points"])[_past_days(world)[0]] == want["then"], where

        # The company: its headline and its department row (product, one root team).
        titles, over_visible = _basis(made, role, everything)
        want = _expected(made, titles)
        company = reads["company_page"].context
        assert company["summary"]["over_visible"] == over_visible, where
        assert _figures(company["summary"])["n"] == want["n"], where
        assert _api(reads["company_api"]["headline"])["avg"] == want["avg"], where
        titles, over_visible = _basis(made, role, scopes["product"])
        (company_row,) = [r for r in company["subteams"] if r["team"] == world.product]
        assert company_row["over_visible"] == over_visible, where
        assert _row(company_row)["avg"] == _expected(made, titles)["avg"], where

        # With 1 or 2 hidden, the hidden objectives move nothing the reader is shown.
        if hidden in (1, 2) and role not in SEES_ALL:
            objective, *_ = made["Carl secret 0"]
            kr = objective.key_results.get()
            services.check_in(people["carl"], kr, value=3, confidence=1)
            write_snapshots.call()
            assert _shown(_reads(world, reader)) == shown, where
            services.check_in(people["carl"], kr, value=HIDDEN[0][2], confidence=HIDDEN[0][3])
            write_snapshots.call()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/teams/product", "/company", "api-team", "api-lines"])
def test_figures_over_the_visible_objectives_cost_the_same_queries_at_any_size(org, url):
    """One hidden objective: every figure, trend and sub-team line is taken over the visible
    ones, from their snapshots. 1 and 30 more sub-teams, each with one objective (docs, with
    two visible, stays among the lines drawn): the same number of queries."""
    world, people, readers = org
    _make(world, people, 1)
    reader = readers["member"]
    _, secret = create_token(reader)
    client = Client(headers={"authorization": f"Bearer {secret}"})
    client.force_login(reader.user)
    path = {
        "api-team": f"/api/v1/dashboards/teams/{world.product.pk}",
        "api-lines": f"/api/v1/dashboards/teams/{world.product.pk}/lines",
    }.get(url, url)

    def grow(start, stop):
        for i in range(start, stop):
            team = Team.objects.create(
                organization=world.org, name=f"Squad {i}", slug=f"squad-{i}", parent=world.product
            )
            member = make_member(world.org, f"p{i}@acme.test", f"Person {i}", manager=world.lead)
            TeamMember.objects.create(team=team, membership=member)
            objective = make_objective(member, world.cycle, f"Objective {i}", team=team)
            _check_in(member, objective, i % 30, i % 50, i % 10)
        write_snapshots.call()

    grow(0, 1)
    _queries(client, path)  # a session's or token's first request does more (not measured)
    small = _queries(client, path)
    grow(1, 31)
    _queries(client, path)
    assert _queries(client, path) == small


@pytest.mark.parametrize("hidden", [1, 3])
def test_adoptions_team_counts_follow_the_same_rule(org, hidden):
    """Adoption's per-team "aligned / objectives" of the docs team, read by the product lead
    (Carl's private objectives hidden from them): over the visible ones with 1 hidden (else
    "aligned" would tell whether the hidden one is), over all with 3."""
    world, people, readers = org
    made = _make(world, people, hidden)
    client = Client()
    client.force_login(readers["lead"].user)
    rows = client.get("/adoption").context["team_rows"]
    (docs,) = [r for r in rows if r["team"] == world.docs]
    titles, over_visible = _basis(made, "lead", _in_scope(made, {"docs"}))
    assert (docs["over_visible"], docs["objectives"]) == (over_visible, len(titles))
