"""Leak by subtraction (docs/design-notes.md): no figure counts a hidden objective.

A figure over every objective of a scope, shown to a reader who sees all but some of them, tells
the hidden ones: subtract what is seen (their progress sum; each one's band, status and
confidence). At first counted when the hidden ones belonged to at least 3 owners; now a
scope's figures are over the objectives the reader sees, and say so when some are left out.

The table: readers (a member of the team, another team's member, the team's lead, an admin,
the owner) × 0–3 objectives hidden from them, of 1–3 owners × (the web headline, a sub-team
row, the API's headline and sub-team row, the progress trend on the page and in the API,
adoption's team row). Each figure is recomputed here from the objectives' rows and the
check-ins this test made, never from the code's own selectors; and while the hidden ones are
left out, a check-in on a hidden objective moves no figure the reader gets.
"""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.insights import adoption, dashboards, figures
from mubiao.insights import selectors as insights
from mubiao.insights.tasks import write_snapshots
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs import services
from mubiao.okrs.models import KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import Team, TeamMember
from mubiao.orgs.rules import today_for
from tests.conftest import make_member, make_objective

STATUSES = ["not_started", "on_track", "at_risk", "off_track", "done"]
Q4 = Decimal("0.0001")


def _point(mean: Decimal) -> Decimal:
    """A mean as the dashboards give it: rounded once, half up, to 4 places (issue 12, M1)."""
    return okr_rules.rounded(mean, Q4)


PAST = 5  # days ago: every objective's first check-in

# (title, owner, team, value then, value today, confidence): all public.
VISIBLE = [
    ("Alice public", "alice", "product", 20, 40, 6),
    ("Bob public", "bob", "docs", 5, 10, 3),
    ("Docs: ship the guide", "lead", "docs", 50, 60, 8),
]
# Private objectives in the docs team: hidden from everyone but admins and owners (their owners,
# Carl, Dora and Erin, report to the admin, not to the product lead).
HIDDEN = [(f"Secret {i}", 70 + i * 7, 95 - i * 9, 9 - i) for i in range(3)]
SECRET_OWNERS = ["carl", "dora", "erin"]
# (objectives hidden, their owners): once counted at 3 owners, now never.
HIDDEN_CASES = [(0, 0), (1, 1), (2, 2), (3, 1), (3, 3)]
READERS = ["member", "other_team", "lead", "admin", "owner"]
SEES_ALL = {"admin", "owner"}


@pytest.fixture
def org(world):
    owner = make_member(world.org, "owner@acme.test", "Oscar Owner", role="owner")
    people = {"alice": world.alice, "bob": world.bob, "lead": world.lead}
    for name in SECRET_OWNERS:
        person = make_member(world.org, f"{name}@acme.test", name.title(), manager=world.admin)
        TeamMember.objects.create(team=world.docs, membership=person)
        people[name] = person
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


def _make(world, people, hidden: int, owners: int = 1) -> dict:
    """The objectives: VISIBLE, then the first `hidden` of HIDDEN, owned in turn by the first
    `owners` of SECRET_OWNERS. {title: (objective, value then, value today, confidence)}."""
    made = {}
    teams = {"product": world.product, "docs": world.docs}
    for title, owner, team, then, now, confidence in VISIBLE:
        fields = {"team": teams[team]}
        if owner == "lead":
            fields = {"owner_type": "team", "owner_team": teams[team]}
        objective = make_objective(people[owner], world.cycle, title, **fields)
        _check_in(people[owner], objective, then, now, confidence)
        made[title] = (objective, then, now, confidence)
    for index, (title, then, now, confidence) in enumerate(HIDDEN[:hidden]):
        owner = people[SECRET_OWNERS[index % owners]]
        objective = make_objective(owner, world.cycle, title, visibility="private", team=world.docs)
        _check_in(owner, objective, then, now, confidence)
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
        "avg": _point(sum(o.progress for o in objectives) / n) if n else Decimal(0),
        "counts": {s: sum(o.status == s for o in objectives) for s in STATUSES},
        "confidence": (Decimal(sum(c for *_, c in rows)) / n).quantize(Decimal("0.01"))
        if n
        else None,
        # The progress line on a day after the first check-ins: the values then (one key result
        # from 0 to 100 each).
        "then": _point(Decimal(sum(then for _, then, _, _ in rows)) / 100 / n) if n else None,
    }


def _in_scope(made: dict, teams: set[str]) -> set[str]:
    by_title = {title: team for title, _, team, *_ in VISIBLE}
    return {t for t in made if by_title.get(t, "docs") in teams}


def _seen(made: dict, role: str) -> set[str]:
    return set(made) if role in SEES_ALL else {t for t in made if not t.startswith("Secret")}


def _basis(made: dict, role: str, scope: set[str]) -> tuple[set[str], bool]:
    """What the reader's figures of a scope are taken over, by the rule written out here: the
    objectives the reader sees, never a hidden one (issue 12: at 3 owners the hidden ones
    were counted, and a subtraction told each one's band, status and confidence), said to be
    over what they see for every reader but an admin, whatever is hidden (issue 12, S2)."""
    return set(scope) & _seen(made, role), role not in SEES_ALL


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


@pytest.mark.parametrize(("hidden", "owners"), HIDDEN_CASES)
def test_no_figure_tells_a_hidden_objective(org, hidden, owners):
    world, people, readers = org
    made = _make(world, people, hidden, owners)
    write_snapshots.call()  # fills the past days from the check-ins, and today
    product, docs = {"product", "docs"}, {"docs"}
    scopes = {"product": _in_scope(made, product), "docs": _in_scope(made, docs)}
    everything = set(made)
    for role in READERS:
        reader = readers[role]
        where = f"{role}, {hidden} hidden of {owners} owners"
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
        # How many are left out is not said (a number of 1 or 2 owners' hidden objectives).
        assert ("Figures count only the objectives you may see" in body) == over_visible, where
        assert (reads["team_page"].context["hidden_count"] is None) == over_visible, where
        headline = reads["team_api"]["headline"]
        assert headline["over_visible"] == over_visible, where
        assert _api(headline) == {k: want[k] for k in ("n", "avg", "counts")}, where
        if over_visible:  # the hidden ones left out are not counted as behind either
            assert reads["team_api"]["at_risk_hidden"] == 0, where
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

        # Left out, the hidden objectives move nothing the reader is shown.
        if hidden and role not in SEES_ALL:
            objective, *_ = made["Secret 0"]
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


@pytest.mark.parametrize("hidden_each", [1, 3])
def test_the_hidden_sums_are_one_query_for_2_and_20_atoms(world, hidden_each):
    """The sums of the hidden objectives per atom (selectors.hidden_by_atom, behind every
    dashboard figure and sub-team row) are one grouped query whether 2 or 20 atoms (teams,
    each with its own people) hold hidden objectives, and the dashboard makes the same
    number of queries; each atom's sums are those of its own hidden objectives."""
    reader = world.outsider
    scope = okr_selectors.in_team_subtree_q(world.product)
    made = {}

    def grow(start, stop):
        for i in range(start, stop):
            team = Team.objects.create(
                organization=world.org, name=f"Squad {i}", slug=f"squad-{i}", parent=world.product
            )
            owner = make_member(world.org, f"s{i}@acme.test", f"Secret {i}", manager=world.admin)
            TeamMember.objects.create(team=team, membership=owner)
            for j in range(hidden_each):
                objective = make_objective(
                    owner, world.cycle, f"S{i}.{j}", visibility="private", team=team
                )
                kr = objective.key_results.get()
                services.check_in(owner, kr, value=(7 * i + j) % 100, confidence=1 + (i + j) % 9)
                made.setdefault(team.pk, []).append(objective.pk)

    def read() -> tuple[dict, int, int]:
        with CaptureQueriesContext(connection) as captured:
            atoms = insights.hidden_by_atom(reader, world.cycle, scope, timezone.now())
        with CaptureQueriesContext(connection) as page:
            dashboards.figures(reader, world.cycle, world.product)
        return atoms, len(captured), len(page)

    grow(0, 2)
    small, queries, page = read()
    grow(2, 20)
    large, large_queries, large_page = read()
    assert (len(small), len(large)) == (2, 20)
    assert (queries, large_queries) == (1, 1)
    assert large_page == page
    for team_id, pks in made.items():
        objectives = Objective.objects.filter(pk__in=pks)
        # Its sums are the scope's (each can be taken off).
        atom = large[team_id]
        assert set(atom) == set(figures.scope_sums(world.cycle, None, timezone.now()))
        assert atom["objectives"] == hidden_each
        assert atom["progress"] == sum(o.progress for o in objectives)
        assert atom["key_results"] == atom["fresh"] == atom["confidence_n"] == hidden_each
        assert atom["never"] == 0
        assert sum(atom[s] for s in STATUSES) == hidden_each
        assert sum(atom[f"band{i}"] for i in range(10)) == hidden_each


@pytest.mark.parametrize(("hidden", "owners"), HIDDEN_CASES)
def test_adoptions_team_counts_follow_the_same_rule(org, hidden, owners):
    """Adoption's per-team "aligned / objectives" of the docs team on the page and in the API,
    read by the product lead (the secret objectives hidden from them): over the visible ones
    however many owners the hidden ones have (else "aligned" would tell whether theirs
    are)."""
    world, people, readers = org
    made = _make(world, people, hidden, owners)
    client = Client()
    client.force_login(readers["lead"].user)
    _, secret = create_token(readers["lead"])
    api = Client(headers={"authorization": f"Bearer {secret}"})
    rows = client.get("/adoption").context["team_rows"]
    (docs,) = [r for r in rows if r["team"] == world.docs]
    (api_docs,) = [
        r for r in api.get("/api/v1/adoption/teams").json()["items"] if r["id"] == world.docs.pk
    ]
    titles, over_visible = _basis(made, "lead", _in_scope(made, {"docs"}))
    assert (docs["over_visible"], docs["objectives"]) == (over_visible, len(titles))
    assert (api_docs["over_visible"], api_docs["objectives"]) == (over_visible, len(titles))


# --------------------------------------------------------------------------------------------
# Across scopes (issue 12). Two scopes' figures differ by the atoms (the objectives filed
# directly under one team) of one and not the other; each scope's figure is the sum of its
# atoms over the objectives the reader sees, so no difference of two holds a hidden one.


def _atom_rule(objectives, seen, teams) -> dict:
    """The figures of the objectives filed under `teams` that the reader sees (`seen`), by
    the rule written out here: {n, progress sum, status counts, bands, key results, never,
    confidence sum and n}."""
    by_atom = {}
    for o in objectives:
        if o.team_id in teams:
            by_atom.setdefault(o.team_id, []).append(o)
    want = {"n": 0, "sum": Decimal(0), "counts": dict.fromkeys(STATUSES, 0), "krs": 0}
    want |= {"never": 0, "conf_sum": 0.0, "conf_n": 0, "bands": [0] * 10}
    for atom in by_atom.values():
        for o in (o for o in atom if o.pk in seen):
            krs = [kr for kr in o.key_results.all() if kr.state == "active"]
            confidences = [kr.confidence for kr in krs if kr.confidence is not None]
            want["n"] += 1
            want["sum"] += o.progress
            want["counts"][o.status] += 1
            want["bands"][min(int(o.progress * 10), 9)] += 1
            want["krs"] += len(krs)
            want["never"] += sum(kr.last_check_in_at is None for kr in krs)
            if confidences:
                want["conf_sum"] += float(sum(confidences)) / len(confidences)
                want["conf_n"] += 1
    return want


def _check_scope(summary, want, where):
    assert summary["total"] == want["n"], where
    avg = want["sum"] / want["n"] if want["n"] else Decimal(0)
    assert summary["avg"] == _point(avg), where
    assert dict(summary["counts"]) == want["counts"], where
    assert summary["distribution"] == want["bands"], where
    assert (summary["key_results"], summary["never"]) == (want["krs"], want["never"]), where
    conf = want["conf_sum"] / want["conf_n"] if want["conf_n"] else None
    if conf is None:
        assert summary["confidence"] is None, where
    else:
        assert summary["confidence"] == pytest.approx(conf), where
    # Every check-in of this test is today's: fresh are those checked in on.
    assert summary["fresh"] == want["krs"] - want["never"], where


def _subtree(team, children) -> set:
    ids, todo = set(), [team.pk]
    while todo:
        pk = todo.pop()
        ids.add(pk)
        todo += children.get(pk, [])
    return ids


def _random_org(world, rng):
    """A random tree of teams (depth ≤ 3) under product, 2–4 people in each, objectives filed
    under them with random visibility and owners (one of the team's people, or now and then
    the team itself), half checked in: an atom's hidden objectives fall to 1 owner or to
    several."""
    teams = [world.product, world.docs]
    for i in range(rng.randint(2, 5)):
        parent = rng.choice([t for t in teams if t.parent_id is None or t.parent.parent_id is None])
        teams.append(
            Team.objects.create(organization=world.org, name=f"T{i}", slug=f"t-{i}", parent=parent)
        )
    people = [world.alice, world.bob, world.lead]
    for i in range(3):
        people.append(make_member(world.org, f"g{i}@acme.test", f"G{i}", manager=world.admin))
    for team in teams:
        for person in rng.sample(people, rng.randint(2, 4)):
            TeamMember.objects.get_or_create(team=team, membership=person)
    members = {
        t.pk: [p for p in people if TeamMember.objects.filter(team=t, membership=p).exists()]
        for t in teams
    }
    for i in range(rng.randint(16, 30)):
        team = rng.choice(teams)
        visibility = rng.choice(["public", "team", "private", "private"])
        if rng.random() < 0.15:
            owner, fields = world.admin, {"owner_type": "team", "owner_team": team}
        else:
            owner, fields = rng.choice(members[team.pk]), {"team": team}
        objective = make_objective(owner, world.cycle, f"O{i}", visibility=visibility, **fields)
        if rng.random() < 0.7:
            kr = objective.key_results.get()
            services.check_in(owner, kr, value=rng.randint(0, 100), confidence=rng.randint(1, 10))
    return teams, people


@pytest.mark.parametrize("seed", range(1, 5))
def test_no_difference_of_two_scopes_tells_a_hidden_objective(world, seed):
    """Generated: every scope a reader opens (company, each team page, each sub-team row and
    line) is the sum of its atoms over what the reader sees, so no difference of two holds a
    hidden objective."""
    rng = random.Random(seed)
    teams, people = _random_org(world, rng)
    children = {}
    for t in Team.objects.filter(organization=world.org):
        children.setdefault(t.parent_id, []).append(t.pk)
    objectives = list(
        Objective.objects.filter(cycle=world.cycle)
        .exclude(state="archived")
        .prefetch_related(Prefetch("key_results", KeyResult.objects.all()))
    )
    every_team = set(Team.objects.filter(organization=world.org).values_list("pk", flat=True))
    write_snapshots.call()  # adoption's per-person figures, as stored
    for reader in [*people, world.outsider, world.admin]:
        seen = set(
            Objective.objects.filter(cycle=world.cycle)
            .filter(permissions.objective_visibility_q(reader))
            .values_list("pk", flat=True)
        )
        where = f"seed {seed}, {reader.user.name}"
        data = dashboards.figures(reader, world.cycle, None)
        want = _atom_rule(objectives, seen, every_team | {None})
        _check_scope(data["summary"], want, where)
        for scope in [None, *teams]:
            if scope is not None:
                data = dashboards.figures(reader, world.cycle, scope)
                want = _atom_rule(objectives, seen, _subtree(scope, children))
                _check_scope(data["summary"], want, f"{where}, {scope.name}")
            for row in data["subteams"]:
                want = _atom_rule(objectives, seen, _subtree(row["team"], children))
                assert row["n"] == want["n"], (where, row["team"].name)
                assert dict(row["counts"]) == want["counts"], (where, row["team"].name)
                avg = want["sum"] / want["n"] if want["n"] else Decimal(0)
                assert row["avg"] == _point(avg), where
            # Each sub-team's line ends today on the basis of its past days: the visible
            # objectives' average where some hidden ones are left out.
            for line in data["subteam_trends"]:
                want = _atom_rule(objectives, seen, _subtree(line["team"], children))
                if line["over_visible"]:
                    want = _atom_rule(
                        [o for o in objectives if o.pk in seen],
                        seen,
                        _subtree(line["team"], children),
                    )
                avg = want["sum"] / want["n"] if want["n"] else Decimal(0)
                assert line["points"][-1][1] == _point(avg), (where, line["team"].name)
        _check_adoption_rows(world, reader, objectives, seen, where)


def _check_adoption_rows(world, reader, objectives, seen, where):
    """Adoption's per-team rows (the page's, the API's and the exports' counts), worked out
    live and from the snapshot: each team's objectives by the per-atom rule, and its people
    with OKRs counted over the objectives the reader sees (a person whose only objective is
    hidden has none for this reader), so that no row, nor a row minus another or the
    organization's totals minus a row, tells a hidden objective."""
    if not adoption.may_see_adoption(reader):
        return
    teams = adoption.scope_teams(reader)
    listed = list(teams if teams is not None else okr_selectors.teams(reader))
    led = {}
    for row in TeamMember.objects.filter(is_lead=True):
        led.setdefault(row.membership_id, set()).add(row.team_id)
    owners = {
        person
        for o in objectives
        if o.pk in seen
        for person in (
            [o.owner_member_id]
            if o.owner_member_id
            else [p for p, ts in led.items() if o.owner_team_id in ts]
        )
    }
    since = timezone.now() - dt.timedelta(days=7)
    live = adoption.people(reader, world.cycle, teams, None)
    readings = (
        adoption.Reading(world.cycle, 7, since, None, live, None, since + dt.timedelta(days=7)),
        adoption.read(reader, world.cycle, 7),
    )
    for reading in readings:
        as_of = reading.as_of
        for row in adoption.team_rows(reader, reading, listed):
            team = row["team"]
            want = _atom_rule(objectives, seen, {team.pk})
            assert (row["objectives"], row["over_visible"]) == (
                want["n"],
                not permissions.is_admin(reader),
            ), (where, team.name, as_of)
            members = set(
                TeamMember.objects.filter(team=team).values_list("membership_id", flat=True)
            )
            assert row["with_okrs"] == len(members & owners), (where, team.name, as_of)


def test_the_testers_case_department_minus_sub_team(world):
    """The tester's case (issue 12): the department with 5 hidden (1 filed directly under it,
    4 under its sub-team, of 3 owners) minus the sub-team minus the department's visible own
    objectives gave the one hidden objective's progress exactly. Now no hidden objective is
    counted: the difference is the visible ones'."""
    owners = []
    for name in SECRET_OWNERS:
        person = make_member(world.org, f"{name}@acme.test", name.title(), manager=world.admin)
        for team in (world.product, world.docs):
            TeamMember.objects.create(team=team, membership=person)
        owners.append(person)
    made = []
    for i, team in enumerate([world.product] + [world.docs] * 4):
        owner = owners[i % len(owners)]
        objective = make_objective(owner, world.cycle, f"S{i}", visibility="private", team=team)
        services.check_in(owner, objective.key_results.get(), value=91 - i, confidence=9)
        made.append(objective)
    mine = make_objective(world.alice, world.cycle, "Alice own", team=world.product)
    services.check_in(world.alice, mine.key_results.get(), value=40, confidence=5)
    reader = world.outsider
    product = dashboards.figures(reader, world.cycle, world.product)["summary"]
    docs = dashboards.figures(reader, world.cycle, world.docs)["summary"]
    difference = product["avg"] * product["total"] - docs["avg"] * docs["total"]
    assert product["total"] - docs["total"] == 1  # Alice's alone: the secret is not counted
    assert Decimal(difference).quantize(Q4) == Decimal("0.4000")
    assert product["over_visible"]  # none of them counted
