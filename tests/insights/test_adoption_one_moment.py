"""Issue 12 (brief h12d): the adoption page computes its headline, its team rows and its lists
one after another; a person who joined in between was in the "no OKRs" list but not in the
headcount, so "people with OKRs" + "without" no longer made the headcount. The page now reads
them in one transactions.one_snapshot: someone who joins while it is read is either kept
waiting (SQLite's in-memory test database) or not yet seen (PostgreSQL), never half counted."""

import threading

import pytest
from django.db import OperationalError, connection, connections
from django.urls import reverse

from mubiao.orgs.models import TeamMember
from tests.conftest import make_member, make_world


def _join(org, team, outcome: list) -> None:
    """A newcomer joins `team`, from another connection (another request), committed."""
    try:
        newcomer = make_member(org, "new@acme.test", "Newcomer")
        TeamMember.objects.create(team=team, membership=newcomer)
        outcome.append("joined")
    except OperationalError:  # SQLite's shared in-memory database: the page's read holds it
        outcome.append("kept waiting")
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_the_page_counts_one_moment(client_for):
    world = make_world("acme")
    outcome = []

    def between(execute, sql, params, many, context):
        # Before the lists' rows are read, after the headline and the team rows were.
        if "ROW_NUMBER" in sql and not outcome:
            joiner = threading.Thread(target=_join, args=(world.org, world.product, outcome))
            joiner.start()
            joiner.join()
        return execute(sql, params, many, context)

    client = client_for(world.admin)
    with connection.execute_wrapper(between):
        response = client.get(reverse("adoption"), {"cycle": world.cycle.pk})
    assert response.status_code == 200
    assert outcome in (["joined"], ["kept waiting"])
    totals, listed = response.context["totals"], response.context["no_okrs"]
    no_okrs = [person.user.name for person in listed.object_list]
    assert totals["people"] == totals["with_okrs"] + len(no_okrs) == 5
    assert listed.paginator.count == len(no_okrs)
    product = next(row for row in response.context["team_rows"] if row["team"] == world.product)
    assert product["people"] == 2 and "Newcomer" not in no_okrs
    # Read again, the newcomer is counted everywhere.
    if outcome == ["joined"]:
        totals = client.get(reverse("adoption"), {"cycle": world.cycle.pk}).context["totals"]
        assert totals["people"] == 6
