"""Every figure about a person, as every role reads it, for every visibility of that person's
objective (issue 12, black-box finding 1).

One person (Alice, of the product team) owns one objective of the cycle, behind, checked in on
today. Who may see it is written out below by hand from DESIGN.md §4 (never asked of the
permission code). Per-person figures (the dashboards' people table, adoption's lists and CSV)
count it only for readers who may see it; whole-team figures (the headline's objective count)
count it for everyone, and the reader is told how many they cannot see; the at-risk list
lists it only to those who see it; a personal weekly report and the calibration page are read
only by people who see all of Alice's objectives; a team's weekly report holds only what every
one of its readers may see.
"""

import csv
import io

import pytest
from django.test import Client
from django.utils import timezone

from mubiao.accounts.tokens import create_token
from mubiao.okrs import services
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, TeamMember
from mubiao.reports import services as reports
from tests.conftest import make_member, make_objective

pytestmark = pytest.mark.django_db

VISIBILITIES = ("public", "team", "private")
TITLE = "ZQ Alice plan"

# Sees Alice's objective, by visibility (public, team, private), decided by hand:
SEES = {
    # a member of the product team: public and team objectives filed under it
    "member": (True, True, False),
    # a member of the support team: public only
    "other_team_member": (True, False, False),
    # the product team's lead, who is also Alice's manager: everything
    "lead": (True, True, True),
    # a second lead of the product team, nobody's manager: not her private objective
    "lead_not_manager": (True, True, False),
    # the lead's manager (Alice's manager chain), in another team, leading none: everything
    "manager": (True, True, True),
    "admin": (True, True, True),
    "owner": (True, True, True),
}
# Adoption is the admins' and the leads' (for their subtree).
ADOPTION = {"lead", "lead_not_manager", "admin", "owner"}
# Alice's shared weekly report: her managers and the admins.
REPORT_READERS = {"lead", "manager", "admin", "owner"}
# Her calibration: her direct manager only (not the skip-level manager, admins or leads).
CALIBRATION = {"lead"}


@pytest.fixture
def readers(world):
    mia = make_member(world.org, "mia@acme.test", "Mia Manager")
    TeamMember.objects.create(team=world.extra["support"], membership=mia)
    world.lead.manager = mia
    world.lead.save()
    carl = make_member(world.org, "carl@acme.test", "Carl")
    TeamMember.objects.create(team=world.product, membership=carl)
    emma = make_member(world.org, "emma@acme.test", "Emma Lead")
    TeamMember.objects.create(team=world.product, membership=emma, is_lead=True)
    owner = make_member(world.org, "owner@acme.test", "Oscar Owner", role="owner")
    assert world.alice.manager_id == world.lead.pk
    return {
        "member": carl,
        "other_team_member": world.outsider,
        "lead": world.lead,
        "lead_not_manager": emma,
        "manager": mia,
        "admin": world.admin,
        "owner": owner,
    }


def _client(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def _alice_row(people, world):
    (row,) = [p for p in people if p.pk == world.alice.pk]
    return row


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_every_figure_about_a_person_counts_only_what_the_reader_may_see(
    world, readers, visibility
):
    objective = make_objective(
        world.alice, world.cycle, TITLE, visibility=visibility, team=world.product
    )
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value=5, confidence=3, note="ZQ note")
    report = reports.generate(world.alice)
    reports.share(world.alice, report)
    team_report = reports.generate(world.lead, team=world.product)
    reports.share(world.lead, team_report)
    today = timezone.localdate().isoformat()

    for role, member in readers.items():
        sees = SEES[role][VISIBILITIES.index(visibility)]
        where = f"{role} reading a {visibility} objective"
        admin = permissions.is_admin(member)
        client = _client(member)

        # The people table of the team and company dashboards.
        for url in ("/teams/product", "/company"):
            response = client.get(url)
            row = _alice_row(response.context["people"], world)
            assert row.objective_count == (1 if sees else 0), (where, url)
            assert (row.avg_progress is not None) == sees, (where, url)
            assert (row.avg_confidence == 3) if sees else row.avg_confidence is None, where
            assert (row.last_check_in is not None) == sees, (where, url)
            # One objective, hidden or not: a figure over it would tell it, so the headline
            # counts it only for readers who see it (the minimum-count rule); every reader but
            # an admin reads over what they may see, whatever is hidden (issue 12, S2).
            assert response.context["summary"]["total"] == (1 if sees else 0), (where, url)
            assert response.context["summary"]["over_visible"] == (not admin), where
            assert response.context["hidden_count"] == (0 if admin else None), where

        # The API's dashboards: the headline counts it for those who see it (one hidden:
        # over the visible ones), the at-risk list lists it only to them.
        _, secret = create_token(member)
        api = Client(headers={"authorization": f"Bearer {secret}"})
        for path in (f"/api/v1/dashboards/teams/{world.product.pk}", "/api/v1/dashboards/company"):
            data = api.get(path).json()
            assert data["headline"]["objectives"] == (1 if sees else 0), (where, path)
            assert data["headline"]["over_visible"] == (not admin), (where, path)
            assert data["headline"]["hidden_objectives"] == (0 if admin else None), where
            assert ([o["id"] for o in data["at_risk"]] == [objective.pk]) == sees, (where, path)
            assert (TITLE in str(data)) == sees, (where, path)

        # Adoption: with the objective hidden, Alice has no OKRs as far as this reader knows.
        response = client.get("/adoption")
        if role not in ADOPTION:
            assert response.status_code == 404, where
            assert client.get("/adoption.csv").status_code == 404, where
        else:
            no_okrs = {p.pk for p in response.context["no_okrs"]}
            assert (world.alice.pk not in no_okrs) == sees, where
            product_row = next(
                r for r in response.context["team_rows"] if r["team"].pk == world.product.pk
            )
            assert product_row["with_okrs"] == (1 if sees else 0), where
            assert product_row["checked_in"] == (1 if sees else 0), where
            rows = list(csv.reader(io.StringIO(client.get("/adoption.csv").getvalue().decode())))
            (alice,) = [r for r in rows if r[1] == world.alice.user.email]
            assert alice[2:4] == (["1", today] if sees else ["0", ""]), where

        # Alice's own weekly report holds every objective of hers: only readers who see
        # them all open it; the team's report holds only what all its readers may see.
        response = client.get(f"/reports/{report.pk}")
        assert response.status_code == (200 if role in REPORT_READERS else 404), where
        if role in REPORT_READERS:
            assert sees and TITLE in response.content.decode(), where
        response = client.get(f"/reports/{team_report.pk}")
        if response.status_code == 200:
            assert (TITLE in response.content.decode()) == (visibility == "public"), where

        # Calibration: Alice and her managers.
        response = client.get(f"/people/{world.alice.pk}/calibration")
        assert response.status_code == (200 if role in CALIBRATION else 404), where


def test_the_people_table_makes_the_same_queries_whoever_reads_it(world, readers):
    """The visibility condition is part of the table's one query, not a check per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        make_objective(world.alice, world.cycle, f"Plan {i}", visibility=VISIBILITIES[i])

    added = []

    def count(member, n_people):
        for i in range(n_people):
            added.append(i)
            extra = make_member(world.org, f"p{len(added)}@acme.test", f"P {i}")
            TeamMember.objects.create(team=world.product, membership=extra)
            make_objective(extra, world.cycle, f"Hidden {i}", visibility="private")
        with CaptureQueriesContext(connection) as captured:
            assert _client(member).get("/teams/product").status_code == 200
        return len(captured)

    for member in (readers["member"], readers["lead_not_manager"]):
        assert count(member, 2) == count(member, 12)
    assert Membership.objects.filter(organization=world.org).count() > 12
