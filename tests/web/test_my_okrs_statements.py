"""My OKRs' statements, counted (issue 14: its requests per second against a bare view): the
organization's cycles are read once for the chosen cycle and the top bar's switcher, a person
who leads no team asks for no list of led teams' objectives, and the page count reads the
objectives' own table alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_objective

pytestmark = pytest.mark.django_db


def statements(client, **params) -> list[str]:
    """The statements of My OKRs asked for a second time (the first remembers the cycle)."""
    client.get(reverse("home"), params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_a_member_who_leads_nothing(client_for, world):
    make_objective(world.alice, world.cycle, "Alice's", krs=3)
    client = client_for(world.alice)
    for params in ({"cycle": world.cycle.pk}, {}):
        read = statements(client, **params)
        # Session, user, membership, the cycles, the page count, the led teams (none), the
        # objectives and their key results, the unread notifications.
        assert len(read) == 9, read
        assert sum('FROM "okrs_cycle"' in sql for sql in read) == 1, read
        count = next(sql for sql in read if "COUNT(" in sql and "okrs_objective" in sql)
        assert "JOIN" not in count, count


def test_a_team_lead_reads_the_cycles_once(client_for, world):
    make_objective(world.lead, world.cycle, "Lead's", krs=2)
    make_objective(world.lead, world.cycle, "Team's", owner_type="team",
                   owner_team=world.product, krs=2)  # fmt: skip
    read = statements(client_for(world.lead), cycle=world.cycle.pk)
    # A member's nine and the led teams' objectives with their key results.
    assert len(read) == 11, read
    assert sum('FROM "okrs_cycle"' in sql for sql in read) == 1, read
    assert "Team&#x27;s" in client_for(world.lead).get(reverse("home")).content.decode()
