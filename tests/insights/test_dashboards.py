"""Team and company dashboards: the figures recomputed here from the rows (never from the
insights code), the at-risk order, the people table, what a reader may not see, both languages
and a constant number of queries."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, KeyResult, Objective
from mubiao.okrs.rules import key_results_status
from mubiao.orgs.models import Team, TeamAncestry, TeamMember
from tests.conftest import make_member, make_objective, since_the_first_day

pytestmark = pytest.mark.django_db

STATUSES = ("on_track", "at_risk", "off_track", "not_started", "done")


def check(actor, objective, value, confidence=None, note="", days_ago=0):
    kr = objective.key_results.order_by("position", "id").first()
    at = timezone.now() - dt.timedelta(days=days_ago)
    return services.check_in(actor, kr, value=value, confidence=confidence, note=note, at=at)


@pytest.fixture
def team_okrs(world):
    """The product team's objectives in every status, with confidences and notes (the cycle
    started 30 of its 90 days ago: expected progress is about a third)."""
    o = {
        "team": make_objective(world.lead, world.cycle, "Product: ship the editor",
                               owner_type="team", owner_team=world.product),
        "behind": make_objective(world.alice, world.cycle, "Alice behind"),
        "risky": make_objective(world.alice, world.cycle, "Alice at risk"),
        "fine": make_objective(world.alice, world.cycle, "Alice fine"),
        "bob": make_objective(world.bob, world.cycle, "Bob far behind"),
        "secret": make_objective(world.bob, world.cycle, "Bob secret plan",
                                 visibility="private"),
        "support": make_objective(world.outsider, world.cycle, "Support, elsewhere"),
    }  # fmt: skip
    # Each existed from the cycle's first day: pace judges a key result from the day it was
    # created (h9s2), and the one never checked in is behind, not just started.
    since_the_first_day(world.cycle, o.values())
    check(world.alice, o["behind"], 2, confidence=8, days_ago=10)
    check(world.alice, o["behind"], 2, confidence=3, note="Vendor slipped", days_ago=9)
    check(world.alice, o["risky"], 20, confidence=6, note="Hiring late")
    check(world.alice, o["fine"], 60, confidence=9)
    check(world.bob, o["bob"], 0, confidence=5, note="Blocked on legal", days_ago=2)
    check(world.bob, o["secret"], 1, confidence=2, note="Secret note")
    check(world.outsider, o["support"], 1, confidence=1)
    return o


def bobs_teammates(world, n):
    """`n` more members of Bob's team (docs, under product), each another owner of hidden
    objectives (once counted from 3 owners on; never since issue 12)."""
    people = []
    for i in range(n):
        person = make_member(world.org, f"teammate{i}@acme.test", f"Teammate {i}")
        TeamMember.objects.create(team=world.docs, membership=person)
        people.append(person)
    return people


def subtree_ids(team):
    return set(TeamAncestry.objects.filter(ancestor=team).values_list("team_id", flat=True))


def seen_by_outsider(rows):
    """The rows without Bob's private objective (team_okrs): what Olga may see; with that one
    hidden her figures are taken over the rest (hidden ones are never counted)."""
    return [o for o in rows if o.title != "Bob secret plan"]


def rows_of(world, team=None):
    """The scope's objectives from the table, filtered here in Python."""
    rows = [o for o in Objective.objects.filter(cycle=world.cycle) if o.state != "archived"]
    if team is None:
        return rows
    ids = subtree_ids(team)
    return [o for o in rows if o.team_id in ids or o.owner_team_id in ids]


def objective_confidence(objective):
    """The mean of the objective's active key results' latest confidences, None if none."""
    given = [
        Decimal(kr.confidence)
        for kr in KeyResult.objects.filter(objective=objective, state="active")
        if kr.confidence is not None
    ]
    return sum(given) / len(given) if given else None


def test_the_confidence_trend_compares_objectives_a_week_apart_not_check_ins(client_for, world):
    """Ten days ago Alice's two key results said 8 and 4 (her objective: 6) and Bob's one said
    2: the scope's confidence then is (6 + 2) / 2 = 4, whatever the number of check-ins. Today
    Alice checks in five times at 9 on her first key result (her objective: 6.5) and Bob says
    nothing new: now (6.5 + 2) / 2 = 4.25. The mean of the check-ins would say 9 against 14/3."""
    from mubiao.insights.tasks import write_snapshots

    alice = make_objective(world.alice, world.cycle, "Alice two", krs=2)
    bob = make_objective(world.bob, world.cycle, "Bob one")
    first, second = alice.key_results.order_by("position", "id")
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    services.check_in(world.alice, first, value=10, confidence=8, at=ten_days_ago)
    services.check_in(world.alice, second, value=10, confidence=4, at=ten_days_ago)
    services.check_in(world.bob, bob.key_results.get(), value=10, confidence=2, at=ten_days_ago)
    for value in range(11, 16):
        services.check_in(world.alice, first, value=value, confidence=9)
    client = client_for(world.outsider)
    summary = client.get(reverse("company")).context["summary"]
    assert summary["confidence"] == pytest.approx(4.25)
    assert summary["confidence_week_ago"] is None  # no snapshot of that day yet
    write_snapshots.call()  # fills the past days from the check-ins
    page = client.get(reverse("company"))
    summary = page.context["summary"]
    assert summary["confidence"] == pytest.approx(4.25)
    assert summary["confidence_week_ago"] == Decimal(4)
    assert "a week ago 4.0" in page.content.decode()
    docs = client.get(reverse("team", args=["docs"])).context["summary"]  # Bob's team
    assert (docs["confidence"], docs["confidence_week_ago"]) == (2, Decimal(2))
    client.cookies["django_language"] = "zh-hans"
    assert "一周前 4.0" in client.get(reverse("company")).content.decode()


def test_the_headline_describes_the_team_from_its_rows(client_for, world, team_okrs):
    """One of the team's six objectives is hidden from the outsider: the headline is taken
    over the five they see (the minimum-count rule, tests/insights/test_leak_by_subtraction.py
    holds its table), and says so."""
    response = client_for(world.outsider).get(reverse("team", args=["product"]))
    summary = response.context["summary"]
    assert len(rows_of(world, world.product)) == 6
    rows = [o for o in rows_of(world, world.product) if o.title != "Bob secret plan"]
    assert summary["over_visible"] and summary["total"] == len(rows) == 5
    assert Decimal(summary["avg"]).quantize(Decimal("0.0001")) == (
        sum(o.progress for o in rows) / len(rows)
    ).quantize(Decimal("0.0001"))
    assert dict(summary["counts"]) == {s: sum(o.status == s for o in rows) for s in STATUSES}
    krs = [kr for kr in KeyResult.objects.filter(state="active") if kr.objective in rows]
    per_objective = [objective_confidence(o) for o in rows]
    given = [c for c in per_objective if c is not None]
    assert Decimal(str(summary["confidence"])).quantize(Decimal("0.01")) == (
        sum(given) / len(given)
    ).quantize(Decimal("0.01"))
    week_ago = timezone.now() - dt.timedelta(days=7)
    fresh = [kr for kr in krs if kr.last_check_in_at and kr.last_check_in_at >= week_ago]
    assert (summary["key_results"], summary["fresh"]) == (len(krs), len(fresh))
    assert summary["never"] == sum(kr.last_check_in_at is None for kr in krs)
    # The private objective is left out; its title is nowhere on the page, nor how many are
    # hidden (one owner's: the minimum-count rule, issue 12, probe 12).
    body = response.content.decode()
    assert "Bob secret plan" not in body and "Secret note" not in body
    assert "Figures count only the objectives you may see" in body
    assert "1 objective you cannot see" not in body


def test_the_summary_never_changes_with_the_list_filter(client_for, world, team_okrs):
    client = client_for(world.lead)
    url = reverse("team", args=["product"])
    overview = client.get(url).context["summary"]
    listed = client.get(url, {"view": "list", "status": "off_track"}).context["summary"]
    everything = client.get(url, {"view": "list"}).context["summary"]
    assert listed["total"] == everything["total"] == overview["total"] == 6
    assert listed["avg"] == everything["avg"]
    assert listed["counts"] == everything["counts"] == overview["counts"]


def test_the_company_summary_never_changes_with_the_lists_team_filter(client_for, world, team_okrs):
    """The company list filtered to a team lists that team's objectives; its summary still
    describes the company (over what Olga may see: one objective is hidden from her),
    recomputed here from the rows."""
    client = client_for(world.outsider)
    rows = seen_by_outsider(rows_of(world))
    for query in ({}, {"team": "product"}, {"team": "docs", "status": "off_track"}):
        summary = client.get(reverse("company"), {"view": "list", **query}).context["summary"]
        assert summary["total"] == len(rows), query
        assert dict(summary["counts"]) == {s: sum(o.status == s for o in rows) for s in STATUSES}
    listed = client.get(reverse("company"), {"view": "list", "team": "docs"}).context["objectives"]
    assert {o.title for o in listed} == {"Bob far behind"}


@pytest.mark.parametrize("url", ["/teams/product", "/company"])
def test_overview_and_list_show_one_summary_also_from_snapshots(client_for, world, team_okrs, url):
    """With the hourly snapshot written and a change after it, the list's summary is the
    overview's (both read the snapshot), not a second reading that differs from it."""
    from mubiao.insights.tasks import write_snapshots

    client = client_for(world.lead)
    write_snapshots.call()
    Objective.objects.filter(pk=team_okrs["fine"].pk).update(status="off_track", progress=0)
    overview = client.get(url).context["summary"]
    for query in ({"view": "list"}, {"view": "list", "status": "off_track"}):
        listed = client.get(url, query).context["summary"]
        assert (listed["avg"], listed["total"], listed["counts"]) == (
            overview["avg"],
            overview["total"],
            overview["counts"],
        ), query


def confidence_drop_of(krs):
    """The mean fall of the key results' confidence since a week ago, over those with a
    confidence both then and now (recomputed from the check-ins)."""
    week_ago = timezone.now() - dt.timedelta(days=7)
    falls = []
    for kr in krs:
        then = (
            CheckIn.objects.filter(key_result=kr, confidence__isnull=False, created_at__lt=week_ago)
            .order_by("-created_at", "-id")
            .first()
        )
        if kr.confidence is not None and then is not None:
            falls.append(then.confidence - kr.confidence)
    return sum(falls) / len(falls) if falls else 0


def expected_at_risk_order(world, rows, viewer_sees):
    """Severity recomputed from the rows: status, progress (shortfall), last update (never
    first), confidence drop over the last 7 days."""

    def key(o):
        krs = list(KeyResult.objects.filter(objective=o, state="active"))
        updates = [kr.last_check_in_at for kr in krs if kr.last_check_in_at]
        last = max(updates) if updates else None
        drop = confidence_drop_of(krs)
        return (
            0 if o.status == "off_track" else 1,
            o.progress,
            last is not None,
            last or timezone.now(),
            -drop,
            o.pk,
        )

    risky = [o for o in rows if o.status in ("off_track", "at_risk") and viewer_sees(o)]
    return [o.title for o in sorted(risky, key=key)]


def test_the_at_risk_list_is_ordered_by_severity_with_each_last_note(client_for, world, team_okrs):
    response = client_for(world.lead).get(reverse("team", args=["product"]))
    listed = response.context["at_risk"]
    rows = rows_of(world, world.product)
    # The lead manages Bob: sees his private objective too.
    assert [o.title for o in listed] == expected_at_risk_order(world, rows, lambda o: True)
    assert {o.title for o in listed} >= {"Alice behind", "Bob far behind", "Bob secret plan"}
    notes = {o.title: o.last_note for o in listed}
    assert (
        notes["Alice behind"] == "Vendor slipped" and notes["Bob far behind"] == "Blocked on legal"
    )
    assert notes["Product: ship the editor"] is None  # never checked in: an empty cell
    assert "<td>None</td>" not in response.content.decode()
    behind = next(o for o in listed if o.title == "Alice behind")
    # Its confidence fell from 8 to 3 nine days ago: not a drop of the last 7 days.
    assert behind.confidence_drop == 0 and behind.latest_confidence == 3


def test_an_objectives_confidence_is_its_key_results_mean_and_its_drop_theirs(client_for, world):
    """Two key results: the first fell from 8 (ten days ago) to 4 today, the second was
    given 6 today for the first time. The objective's confidence is 5 (not the last one
    given, 6), and it dropped by 4 (the first key result's fall; the second is compared with
    nothing), the same on the page and in the API."""
    from mubiao.accounts.tokens import create_token

    objective = make_objective(world.alice, world.cycle, "Two-sided", krs=2)
    first, second = objective.key_results.order_by("position", "id")
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    services.check_in(world.alice, first, value=1, confidence=8, at=ten_days_ago)
    services.check_in(world.alice, first, value=1, confidence=4)
    services.check_in(world.alice, second, value=1, confidence=6)
    objective.refresh_from_db()
    assert objective.status in ("at_risk", "off_track")
    page = client_for(world.lead).get(reverse("team", args=["product"]))
    (listed,) = [o for o in page.context["at_risk"] if o.pk == objective.pk]
    assert (listed.latest_confidence, listed.confidence_drop) == (5, 4)
    assert "5.0/10" in page.content.decode() and "down 4.0 in 7 days" in page.content.decode()
    _, secret = create_token(world.lead)
    data = client_for(world.lead).get(
        f"/api/v1/dashboards/teams/{world.product.pk}",
        headers={"authorization": f"Bearer {secret}"},
    )
    (row,) = [o for o in data.json()["at_risk"] if o["id"] == objective.pk]
    assert (row["confidence"], row["confidence_drop"]) == (5.0, 4.0)


def test_at_risk_objectives_the_reader_may_not_see_are_counted_not_shown(
    client_for, world, team_okrs
):
    """Bob's private objective is off track. One hidden objective: "1 at risk you cannot see"
    would tell its status, so the hidden at-risk count is not said; nor with three hidden,
    of three owners (no figure counts a hidden objective, issue 12)."""
    response = client_for(world.outsider).get(reverse("team", args=["product"]))
    titles = [o.title for o in response.context["at_risk"]]
    assert "Bob secret plan" not in titles and "Bob far behind" in titles
    assert response.context["hidden_count"] is None  # one owner's: not said either
    for owner in bobs_teammates(world, 2):
        secret = make_objective(owner, world.cycle, f"{owner} secret", visibility="private")
        check(owner, secret, 100)
    response = client_for(world.outsider).get(reverse("team", args=["product"]))
    hidden_risky = [
        o for o in rows_of(world, world.product)
        if o.visibility == "private" and o.status in ("off_track", "at_risk")
    ]  # fmt: skip
    assert len(hidden_risky) == 1
    assert response.context["hidden_count"] is None
    assert response.context["summary"]["behind"] == sum(
        o.status in ("off_track", "at_risk") for o in response.context["at_risk"]
    )


def test_the_people_table_from_the_rows_and_sortable(client_for, world, team_okrs):
    client = client_for(world.outsider)
    response = client.get(reverse("team", args=["product"]), {"sort": "-progress"})
    people = list(response.context["people"])
    members = set(
        TeamMember.objects.filter(team_id__in=subtree_ids(world.product)).values_list(
            "membership_id", flat=True
        )
    )
    assert {p.pk for p in people} == members
    for person in people:
        # A person's figures are over what the reader may see: Olga, in another team, sees
        # the public objectives only (Bob's private one would be derivable from his row).
        # A person's objectives: their own and their led teams' (the adoption rule, issue 12).
        led = set(
            TeamMember.objects.filter(membership=person, is_lead=True).values_list(
                "team_id", flat=True
            )
        )
        own = [
            o
            for o in rows_of(world)
            if (o.owner_member_id == person.pk or o.owner_team_id in led)
            and o.visibility == "public"
        ]
        assert person.objective_count == len(own)
        if own:
            mean = sum(o.progress for o in own) / len(own)
            assert Decimal(person.avg_progress).quantize(Decimal("0.0001")) == mean.quantize(
                Decimal("0.0001")
            )
            statuses = [o.status for o in own]
            assert person.worst_status == key_results_status(statuses, [1] * len(statuses))
    progress = [p.avg_progress for p in people if p.avg_progress is not None]
    assert progress == sorted(progress, reverse=True)
    # Those who own nothing come last either way.
    gaps = [p.avg_progress is None for p in people]
    assert gaps == sorted(gaps)
    ascending = list(
        client.get(reverse("team", args=["product"]), {"sort": "progress"}).context["people"]
    )
    assert [p.avg_progress for p in ascending if p.avg_progress is not None] == sorted(progress)


def test_the_company_dashboard_counts_everything_and_sub_teams_roll_up(
    client_for, world, team_okrs
):
    response = client_for(world.outsider).get(reverse("company"))
    # One objective hidden from Olga: the company's and 产品部's figures are over what she sees.
    rows = seen_by_outsider(rows_of(world))
    assert response.context["summary"]["total"] == len(rows) == 6
    assert response.context["hidden_count"] is None  # one owner's hidden objective: withheld
    # One root team (the company itself): its departments are the sub-teams, each rolling up
    # its own sub-teams (the docs team's objectives count in the product team's).
    assert [s["team"] for s in response.context["subteams"]] == [
        world.extra["support"],
        world.product,
    ]
    for team in (world.product, world.extra["support"]):
        entry = next(s for s in response.context["subteams"] if s["team"] == team)
        under = seen_by_outsider(rows_of(world, team))
        assert entry["n"] == len(under)
        assert dict(entry["counts"]) == {s: sum(o.status == s for o in under) for s in STATUSES}
    body = response.content.decode()
    assert "Bob secret plan" not in body
    # The treemap: every department with objectives, sized by them, linking to its page
    # (drill down).
    treemap = {t["name"]: t for t in response.context["treemap"]}
    assert treemap["产品部"]["value"] == len(seen_by_outsider(rows_of(world, world.product))) == 5
    assert treemap["产品部"]["url"] == reverse("team", args=["product"])
    assert 'id="subteam-map"' in body
    # A second top-level team: the top-level teams are the sub-teams again.
    Team.objects.create(organization=world.org, name="Lab", slug="lab")
    response = client_for(world.outsider).get(reverse("company"))
    assert {s["team"].slug for s in response.context["subteams"]} == {"company", "lab"}


def test_the_flat_list_is_one_click_away_grouped_with_the_team_first(client_for, world, team_okrs):
    client = client_for(world.lead)
    overview = client.get(reverse("team", args=["product"])).content.decode()
    assert "?view=list" in overview
    listed = client.get(reverse("team", args=["product"]), {"view": "list"})
    titles = [o.title for o in listed.context["objectives"]]
    assert titles[0] == "Product: ship the editor"
    # Grouped by team: the product team's rows, then the docs team's.
    teams = [o.team_id for o in listed.context["objectives"]]
    assert teams == sorted(teams, key=lambda t: (t != world.product.pk, t))


def test_both_languages(client_for, world, team_okrs):
    client = client_for(world.lead)
    english = client.get(reverse("team", args=["product"])).content.decode()
    assert "Average confidence" in english and "At risk" in english
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("team", args=["product"])).content.decode()
    assert "平均信心指数" in chinese and "有风险与落后" in chinese and "进展更新及时度" in chinese
    assert "Average confidence" not in chinese


def grow_team(world, start, stop):
    """Members start..stop-1 of the docs team, each with an objective and a check-in."""
    for i in range(start, stop):
        member = make_member(world.org, f"p{i}@{world.org.slug}.test", f"Person {i}",
                             manager=world.lead)  # fmt: skip
        TeamMember.objects.create(team=world.docs, membership=member)
        objective = make_objective(member, world.cycle, f"Objective {i}", krs=2)
        check(member, objective, i % 40, confidence=i % 10, note=f"note {i}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/teams/product", "/teams/docs", "/company"])
def test_dashboards_make_the_same_queries_for_5_and_50_people(client_for, world, url):
    client = client_for(world.outsider)
    grow_team(world, 0, 5)
    small = queries(client, url)
    grow_team(world, 5, 50)
    assert queries(client, url) == small


def _figures(context):
    summary = context["summary"]
    return {
        "total": summary["total"],
        "avg": Decimal(summary["avg"]).quantize(Decimal("0.0001")),
        "counts": list(summary["counts"]),
        "key_results": summary["key_results"],
        "confidence": Decimal(str(summary["confidence"])).quantize(Decimal("0.01")),
        "fresh": summary["fresh"],
        "stale": summary["stale"],
        "never": summary["never"],
        "subteams": [(s["team"].pk, s["n"], s["counts"]) for s in context["subteams"]],
        "hidden": context["hidden_count"],
        "at_risk": [o.pk for o in context["at_risk"]],
    }


@pytest.mark.parametrize("url", ["/teams/product", "/company"])
def test_a_check_in_moves_the_headline_and_the_lists_together_at_once(
    client_for, world, team_okrs, url
):
    """With the worker's rows of today written, a check-in right after them changes the
    headline, the sub-team rollups and the at-risk list in the same way on the next read (the
    headline read the hourly row and lagged the lists by up to an hour)."""
    from mubiao.insights.tasks import write_snapshots

    client = client_for(world.outsider)
    assert write_snapshots.call() > 0
    before = _figures(client.get(url).context)
    fine = team_okrs["fine"]
    assert fine.pk not in before["at_risk"]
    # Alice's "fine" objective falls to nothing: off track (the cycle is a third through).
    check(world.alice, fine, 0, confidence=2, note="Lost the vendor")
    after = _figures(client.get(url).context)
    fine.refresh_from_db()
    assert fine.status == "off_track"
    assert fine.pk in after["at_risk"]
    counts_before, counts_after = dict(before["counts"]), dict(after["counts"])
    assert counts_after["off_track"] == counts_before["off_track"] + 1
    assert sum(counts_after.values()) == sum(counts_before.values())
    rows = seen_by_outsider(rows_of(world, None if url == "/company" else world.product))
    assert after["avg"] == (sum(o.progress for o in rows) / len(rows)).quantize(Decimal("0.0001"))
    assert after["avg"] < before["avg"]
    # On the company page the department holding Alice (产品部) moves with it.
    moved = [(b, a) for b, a in zip(before["subteams"], after["subteams"], strict=True) if b != a]
    if url == "/company":
        (was, now), *_ = moved
        assert len(moved) == 1 and was[0] == world.product.pk
        assert dict(now[2])["off_track"] == dict(was[2])["off_track"] + 1
    else:
        assert moved == []  # Alice is in 产品部 itself, not in its sub-team Docs
    assert "Figures as of" not in client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/teams/product", "/teams/docs", "/company"])
def test_dashboards_from_snapshots_make_the_same_queries_for_5_and_50_people(
    client_for, world, url
):
    from mubiao.insights.tasks import write_snapshots

    client = client_for(world.outsider)
    grow_team(world, 0, 5)
    write_snapshots.call()
    small = queries(client, url)
    grow_team(world, 5, 50)
    write_snapshots.call()
    assert queries(client, url) == small


def test_the_at_risk_list_takes_ties_at_its_end(client_for, world):
    """More at-risk objectives than the list shows, all at the same progress: the ones shown
    are the first by the whole severity order (never updated first), not by progress alone."""
    from mubiao.insights.selectors import AT_RISK_SHOWN

    made = [
        make_objective(world.alice, world.cycle, f"Behind {i}") for i in range(AT_RISK_SHOWN + 3)
    ]
    Objective.objects.filter(pk__in=[o.pk for o in made]).update(status="off_track", progress=0)
    updated = made[: AT_RISK_SHOWN - 2]
    KeyResult.objects.filter(objective__in=updated).update(last_check_in_at=timezone.now())
    shown = client_for(world.admin).get("/company").context["at_risk"]
    never = {o.pk for o in made[AT_RISK_SHOWN - 2 :]}
    assert [o.pk for o in shown][:5] == sorted(never)
    assert len(shown) == AT_RISK_SHOWN


def test_the_at_risk_list_says_where_each_ends_at_this_rate(client_for, world, team_okrs):
    """The forecast recomputed here from the check-ins: the straight line through (time,
    value) of the two check-ins, read at the due date (midnight, the organization's zone)."""
    from zoneinfo import ZoneInfo

    slow = make_objective(world.alice, world.cycle, "Alice slow climb")
    first = check(world.alice, slow, 10, days_ago=20)
    second = check(world.alice, slow, 20, days_ago=10)
    response = client_for(world.lead).get(reverse("team", args=["product"]))
    listed = {o.title: o for o in response.context["at_risk"]}
    due = dt.datetime.combine(world.cycle.end_date, dt.time.min, ZoneInfo(world.org.time_zone))
    per_second = (20 - 10) / (second.created_at - first.created_at).total_seconds()
    value = 20 + per_second * (due - second.created_at).total_seconds()
    assert abs(float(listed["Alice slow climb"].forecast) - min(value, 100) / 100) < 0.0001
    assert listed["Alice slow climb"].forecast_due == world.cycle.end_date
    # Two check-ins of the same value: it stays where it is; one check-in: no line to draw.
    assert listed["Alice behind"].forecast == Decimal("0.02")
    assert listed["Bob far behind"].forecast is None
    body = response.content.decode()
    assert "at this rate: " in body
    client = client_for(world.lead)
    client.cookies["django_language"] = "zh-hans"
    assert "照此速度：" in client.get(reverse("team", args=["product"])).content.decode()


@pytest.mark.parametrize("snapshots", [False, True])
def test_the_distribution_of_progress_counts_the_whole_team_by_band(
    client_for, world, team_okrs, snapshots
):
    """Ten bands of 10 points (the last holds 90% and up), counted from the rows here, the
    same live and from the worker's snapshot, on the page (chart and table) and in the API."""
    from mubiao.accounts.tokens import create_token
    from mubiao.insights.tasks import write_snapshots

    if snapshots:
        write_snapshots.call()
    rows = seen_by_outsider(rows_of(world, world.product))
    bands = [0] * 10
    for o in rows:
        bands[min(int(o.progress * 10), 9)] += 1
    assert sum(bands) == len(rows) == 5
    response = client_for(world.outsider).get(reverse("team", args=["product"]))
    assert response.context["summary"]["distribution"] == bands
    assert response.context["distribution"]["rows"][0] == ("0–10%", bands[0])
    body = response.content.decode()
    assert 'data-chart="histogram"' in body and "<td>90–100%</td>" in body
    _, secret = create_token(world.outsider)
    data = client_for(world.outsider).get(
        f"/api/v1/dashboards/teams/{world.product.pk}",
        headers={"authorization": f"Bearer {secret}"},
    )
    assert data.json()["headline"]["distribution"] == bands


def test_an_empty_cycle_shows_a_dash_not_zero_percent(client_for, world):
    body = client_for(world.lead).get(reverse("team", args=["product"])).content.decode()
    assert '<p class="glance-number">–</p>' in body


def test_people_link_to_their_objectives_and_leads_find_the_grading_review(
    client_for, world, team_okrs
):
    body = client_for(world.lead).get(reverse("team", args=["product"])).content.decode()
    assert f'href="{reverse("grading_review")}"' in body
    assert "owner=alice%40acme.test" in body and "view=list" in body
    listed = client_for(world.lead).get(
        reverse("team", args=["product"]), {"view": "list", "owner": "alice@acme.test"}
    )
    assert {o.owner_member_id for o in listed.context["objectives"]} == {world.alice.pk}
    member = client_for(world.alice).get(reverse("team", args=["product"])).content.decode()
    assert f'href="{reverse("grading_review")}"' not in member


def test_nobody_is_up_to_date_while_key_results_were_never_updated(client_for, world):
    """Three private objectives of Bob and two teammates were never checked in on: the team's
    figures count their key results as never updated for the admin, who sees them; for Olga,
    who may not, they are not counted at all (issue 12: never a hidden objective), and the
    page says some are left out."""
    for owner in [world.bob, *bobs_teammates(world, 2)]:
        make_objective(owner, world.cycle, f"{owner} secret plan", visibility="private")
    body = client_for(world.admin).get(reverse("team", args=["product"])).content.decode()
    assert "3 never updated" in body
    assert "Everyone is up to date." not in body
    body = client_for(world.outsider).get(reverse("team", args=["product"])).content.decode()
    assert "never updated" not in body
    assert "Figures count only the objectives you may see" in body


def test_on_pace_objectives_whose_forecast_falls_short_are_listed_with_the_reason(
    client_for, world
):
    """A third of the cycle gone (expected 33%). Alice's slow one is at 30% (on track) but
    climbed 2 points in 8 days: at this rate about 45% at the end, listed with its reason.
    Her steep one (5% → 40% in 10 days) ends past its target: not listed. Bob's private slow
    one is listed only for those who may see it."""
    from mubiao.insights.tasks import write_snapshots

    slow = make_objective(world.alice, world.cycle, "Alice slow but on pace")
    check(world.alice, slow, 28, days_ago=8)
    check(world.alice, slow, 30)
    steep = make_objective(world.alice, world.cycle, "Alice steep")
    check(world.alice, steep, 5, days_ago=10)
    check(world.alice, steep, 40)
    secret = make_objective(world.bob, world.cycle, "Bob slow secret", visibility="private")
    check(world.bob, secret, 28, days_ago=8)
    check(world.bob, secret, 30)
    for objective in (slow, steep, secret):
        objective.refresh_from_db()
        assert objective.status == "on_track", objective.title
    write_snapshots.call()  # the objective rows of a week ago, from the check-ins
    for reader, sees_secret in ((world.outsider, False), (world.bob, True), (world.admin, True)):
        response = client_for(reader).get(reverse("company"))
        listed = {o.title: o for o in response.context["at_risk"]}
        assert listed["Alice slow but on pace"].reason == "forecast"
        assert listed["Alice slow but on pace"].forecast < Decimal("0.9")
        assert "Alice steep" not in listed
        assert ("Bob slow secret" in listed) == sees_secret, reader
        body = response.content.decode()
        assert "on pace, but the forecast falls short" in body
        assert ("Bob slow secret" in body) == sees_secret
    client = client_for(world.outsider)
    client.cookies["django_language"] = "zh-hans"
    assert "进度正常，但预测无法达成" in client.get(reverse("company")).content.decode()
    from mubiao.accounts.tokens import create_token

    _, secret_token = create_token(world.outsider)
    data = client_for(world.outsider).get(
        "/api/v1/dashboards/company", headers={"authorization": f"Bearer {secret_token}"}
    )
    rows = [(o["title"], o["reason"]) for o in data.json()["at_risk"]]
    assert rows == [("Alice slow but on pace", "forecast")]


@pytest.mark.parametrize("url", ["company", "team"])
def test_todays_point_is_rounded_like_the_stored_days(client_for, world, url):
    """Three objectives at 10%, 10% and 11%: today's average 0.10333… is drawn as 10.33 in the
    page's JSON (on the scope's line and the sub-teams' lines) and as 0.1033 in the API."""
    for value, person in ((10, world.alice), (10, world.alice), (11, world.bob)):
        objective = make_objective(person, world.cycle, f"Goal {value}")
        services.check_in(person, objective.key_results.get(), value=value)
    args = [] if url == "company" else [world.product.slug]
    trend = client_for(world.admin).get(reverse(url, args=args)).context["trend"]
    for line in [trend["points"], *(sub["points"] for sub in trend["lines"])]:
        assert all(round(p, 2) == p for _, p in line), line
    if url == "company":
        assert trend["points"][-1][1] == 10.33


@pytest.mark.parametrize(("language", "basis"), [
    ("en", "Status: the status most of the sub-team's objectives have"),
    ("zh-hans", "状态：子团队多数目标所处的状态"),
])  # fmt: skip
def test_a_sub_teams_status_says_what_it_is_based_on(client_for, world, language, basis):
    """The sub-team's chip is the status most of its objectives have (issue 12 M4), beside
    counts of its objectives' own statuses: the table says so, in the reader's language."""
    objective = make_objective(world.bob, world.cycle, "Docs goal")
    services.check_in(world.bob, objective.key_results.get(), value=5)
    world.admin.user.language = language
    world.admin.user.save(update_fields=["language"])
    page = client_for(world.admin).get(reverse("company")).content.decode()
    table = page[page.index("subteam-table") :]
    assert basis in html.unescape(table[: table.index("</section>")])


def test_objectives_without_key_results_are_counted_beside_freshness(client_for, world):
    """The tester's 55 objectives with no key results took the headline down while the
    at-risk list and freshness ("everyone is up to date") said nothing: the dashboard counts
    them beside freshness, in both languages, and links to the list filtered to them."""
    done = make_objective(world.bob, world.cycle, "Measured")
    check(world.bob, done, 100)
    empty = [make_objective(world.bob, world.cycle, f"Empty {i}", krs=0) for i in range(3)]
    client = client_for(world.lead)
    url = reverse("team", args=[world.docs.slug])
    response = client.get(url)
    assert response.context["without_key_results"] == 3
    page = response.content.decode()
    assert "3 objectives have no key results" in page and "krs=none" in page
    assert "Everyone is up to date." not in page
    zh = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    assert "3 个目标没有关键结果" in zh
    listed = client.get(url, {"view": "list", "krs": "none"}).context["objectives"]
    assert {o.pk for o in listed} == {o.pk for o in empty}
    company = client_for(world.admin).get(reverse("company"))
    assert company.context["without_key_results"] == 3
