"""The people table's pages read from the place of the previous page's last row (its "next"
link's signed cursor, web.views.people_pages) list, walked to the end and back, everyone once
in the order recomputed here in Python from the rows' own figures: every sort, both ways,
ties (same names, same figures) and people without a figure (NULLs, last both ways); the team
page (its name order off the subtree name index) and the company page; constant queries; a
cursor changed by hand is refused (422), never a 500."""

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.insights import selectors as insights
from mubiao.okrs import selectors
from mubiao.okrs.models import KeyResult, Objective
from mubiao.web.views import people_pages
from tests.conftest import make_member, twin_cycle
from tests.insights.test_team_people_order import SORTS, _people

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NOW = dt.datetime(2026, 11, 30, 9, 30, 0, 250_000, tzinfo=dt.UTC)


def _figures(world) -> None:
    """_people's department with figures that tie and that are missing: progress in quarters,
    confidence of 5 or 8 or none, check-ins on two moments or never."""
    people = _people(world)
    for i, person in enumerate(people):
        for objective in Objective.objects.filter(owner_member=person):
            Objective.objects.filter(pk=objective.pk).update(progress=(i % 3) / 4)
            KeyResult.objects.filter(objective=objective).update(
                confidence=(None, 5, 8)[i % 3],
                last_check_in_at=(None, NOW, NOW - dt.timedelta(days=3))[i // 2 % 3],
            )


def _expected(reader, cycle, members, sort) -> list[int]:
    """The rows people() reads, sorted in Python: the sort's figure (NULLs last both ways; by
    check-in, those with objectives who never checked in first), then the name (the database's
    name order, its collation, read from the name sort), then the id."""
    rows = list(insights.people(reader, cycle, members, "name"))
    rank = {}
    for row in rows:
        rank.setdefault(row.user.name, len(rank))
    key, descending = sort.lstrip("-"), sort.startswith("-")
    figure = {
        "name": lambda r: rank[r.user.name],
        "objectives": lambda r: r.objective_count,
        "progress": lambda r: None if r.avg_progress is None else float(r.avg_progress),
        # Worst first (rules.SEVERITY, highest rank first) for `status`.
        "status": lambda r: None if r.worst_rank is None else -r.worst_rank,
        "checkin": lambda r: r.last_check_in,
        "confidence": lambda r: r.avg_confidence,
    }[key]
    present = [r for r in rows if figure(r) is not None]
    missing = [r for r in rows if figure(r) is None]
    tie = {r.pk: (rank[r.user.name], r.pk) for r in rows}
    present.sort(key=lambda r: tie[r.pk])
    present.sort(key=figure, reverse=descending)  # stable: the ties keep name, id order
    missing.sort(key=lambda r: tie[r.pk])
    ordered = present + missing
    if sort == "checkin":
        ordered.sort(key=lambda r: not (r.objective_count and r.last_check_in is None))
    return [r.pk for r in ordered]


def _walk(reader, cycle, members, sort, within, size):
    """Every page forward from page 1 by the "next" links, then back from the last by the
    "previous" links: (pages forward, pages backward, the query count of each page read)."""
    factory = RequestFactory()

    def read(cursor):
        request = factory.get("/", {people_pages.PARAM: cursor} if cursor else {})
        with CaptureQueriesContext(connection) as queries:
            page = people_pages.people_page(request, reader, cycle, members, sort, within, size)
        counts.append(len(queries))
        return page

    counts, forward, cursor = [], [], None
    while True:
        page = read(cursor)
        forward.append([p.pk for p in page])
        assert page.number == len(forward)
        if not page.has_next():
            break
        cursor = page.next_cursor
    backward = [forward[-1]]
    while page.has_previous():
        page = read(page.previous_cursor)
        backward.insert(0, [p.pk for p in page])
    assert page.number == 1
    return forward, backward, counts


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("scope", ["team", "company"])
def test_walking_the_pages_lists_everyone_once_in_order(world, sort, scope):
    _figures(world)
    for reader in (world.lead, world.alice, world.admin):
        if scope == "team":
            within, members = world.product, selectors.team_members(reader, world.product)
        else:
            within, members = None, selectors.members(reader)
        expected = _expected(reader, world.cycle, members, sort)
        assert len(expected) == len(set(expected)) >= 14
        # One a page (every row a page's edge), three (a last page part full), all on one.
        for size in (1, 3, 50):
            forward, backward, counts = _walk(reader, world.cycle, members, sort, within, size)
            where = (reader.user.name, size)
            assert [pk for page in forward for pk in page] == expected, where
            assert backward == forward, where
            assert all(len(page) == size for page in forward[:-1]), where
            # Page 1 (by number) and every page from a cursor: the same few queries.
            assert len(set(counts[1:])) <= 1 and max(counts) <= counts[0] + 1, (where, counts)


def test_the_team_page_follows_its_links(world, client_for):
    """The page itself: 60 people more, 50 a page; the "next" link opens the rest, the
    "previous" link the first page again, a page number still opens its page."""
    _figures(world)
    for i in range(60):
        person = make_member(world.org, f"n{i}@acme.test", f"N{i % 7}", manager=world.lead)
        world.product.team_members.create(membership=person)
    client = client_for(world.lead)
    url = reverse("team", args=["product"])
    first = client.get(url, {"sort": "-checkin"}).context["people"]
    second = client.get(url, {"sort": "-checkin", "pcursor": first.next_cursor})
    assert second.status_code == 200
    rest = second.context["people"]
    assert rest.number == 2 and not rest.has_next()
    members = selectors.team_members(world.lead, world.product)
    expected = _expected(world.lead, world.cycle, members, "-checkin")
    assert [p.pk for p in first] + [p.pk for p in rest] == expected
    assert f"pcursor={rest.previous_cursor}".replace(":", "%3A") in second.content.decode()
    again = client.get(url, {"sort": "-checkin", "pcursor": rest.previous_cursor})
    assert [p.pk for p in again.context["people"]] == [p.pk for p in first]
    by_number = client.get(url, {"sort": "-checkin", "ppage": 2}).context["people"]
    assert [p.pk for p in by_number] == [p.pk for p in rest]


@pytest.mark.parametrize(
    "change",
    [
        lambda cursor: cursor[:-3] + ("abc" if not cursor.endswith("abc") else "xyz"),
        lambda cursor: "x" + cursor,
        lambda cursor: "not a cursor",
        lambda cursor: cursor.split(":")[0] + "::",
    ],
)
def test_a_changed_cursor_is_refused_clearly(world, client_for, change):
    _figures(world)
    client = client_for(world.lead)
    url = reverse("team", args=["product"])
    page = client.get(url, {"sort": "progress"}).context["people"]
    cursor = page.next_cursor or people_pages.signing.dumps(
        {"s": "progress", "p": [0.5, "a", 1], "n": 2, "b": False}, salt=people_pages._SALT
    )
    response = client.get(url, {"sort": "progress", "pcursor": change(cursor)})
    assert response.status_code == 422
    assert "pcursor" in response.content.decode()
    # A good cursor of another order, the sort changed by hand: refused too.
    response = client.get(url, {"sort": "name", "pcursor": cursor})
    assert response.status_code == 422


def _team_page_cursor(world, client) -> str:
    for i in range(60):
        person = make_member(world.org, f"n{i}@acme.test", f"N{i % 7}", manager=world.lead)
        world.product.team_members.create(membership=person)
    page = client.get(reverse("team", args=["product"]), {"sort": "-name"}).context["people"]
    assert page.next_cursor
    return page.next_cursor


def test_a_cursor_opens_only_the_table_it_was_made_for(world, client_for):
    """Probe 27: a place in 产品部's table opened Support's page and the company's as "page 2"
    with a "previous" link (rows filtered, nothing shown that should not be, but a page of
    another table). A table is its team (or the company) and its cycle."""
    client = client_for(world.admin)
    cursor = _team_page_cursor(world, client)
    own = client.get(reverse("team", args=["product"]), {"sort": "-name", "pcursor": cursor})
    assert own.status_code == 200 and own.context["people"].number == 2
    for url in (reverse("team", args=["support"]), reverse("company")):
        response = client.get(url, {"sort": "-name", "pcursor": cursor})
        assert response.status_code == 422, url
        assert "pcursor" in response.content.decode()
    other = twin_cycle(world, "twin")
    request = RequestFactory().get("/", {people_pages.PARAM: cursor})
    members = selectors.team_members(world.admin, world.product)
    with pytest.raises(people_pages.params.Refused):
        people_pages.people_page(request, world.admin, other, members, "-name", world.product, 50)


def test_a_cursor_and_a_page_number_together_are_refused(world, client_for):
    """Both say which page; one would be dropped unsaid (probe 27: `ppage` was ignored)."""
    client = client_for(world.admin)
    cursor = _team_page_cursor(world, client)
    url = reverse("team", args=["product"])
    response = client.get(url, {"sort": "-name", "pcursor": cursor, "ppage": "2"})
    assert response.status_code == 422
    assert "ppage" in response.content.decode()
