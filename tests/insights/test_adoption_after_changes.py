"""Adoption right after a visibility, manager or team change, before the next snapshot: the
stored per-person figures must never count an objective the reader may no longer see (page,
CSV and xlsx, as each role), and must count one the reader may now see."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from mubiao.insights import snapshots
from mubiao.okrs import services
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import TeamMember
from mubiao.orgs.rules import today_for
from tests.api.conftest import Api
from tests.conftest import make_member, make_objective
from tests.insights.test_adoption import in_scope as people_in_scope

pytestmark = pytest.mark.django_db


def _manager_moves_then_private(world, pat, goal):
    Api(world.admin).patch(f"/members/{pat.pk}", {"manager_id": world.admin.pk})
    Api(pat).patch(f"/objectives/{goal.pk}", {"visibility": "private"})


def _made_private(world, pat, goal):
    Api(pat).patch(f"/objectives/{goal.pk}", {"visibility": "private"})


def _made_team_only(world, pat, goal):
    Api(pat).patch(f"/objectives/{goal.pk}", {"visibility": "team"})


def _made_public(world, pat, goal):
    Api(pat).patch(f"/objectives/{goal.pk}", {"visibility": "public"})


def _manager_becomes_lead(world, pat, goal):
    Api(world.admin).patch(f"/members/{pat.pk}", {"manager_id": world.lead.pk})


def _moved_to_docs_team(world, pat, goal):
    Api(world.admin).patch(f"/members/{pat.pk}", {"team_ids": [world.docs.pk]})


# (change, visibility before the snapshot, manager before)
CHANGES = [
    (_manager_moves_then_private, "public", "lead"),
    (_made_private, "public", None),
    (_made_team_only, "public", None),
    (_made_public, "private", None),
    (_manager_becomes_lead, "private", None),
    (_moved_to_docs_team, "private", None),
]


@pytest.mark.parametrize("viewer", ["admin", "lead"])
@pytest.mark.parametrize(("change", "visibility", "manager"), CHANGES)
def test_adoption_right_after_a_change_counts_only_what_the_reader_sees_now(
    client_for, world, viewer, change, visibility, manager
):
    pat = make_member(
        world.org, "pat@acme.test", "Pat", manager=getattr(world, manager or "", None)
    )
    TeamMember.objects.create(team=world.product, membership=pat)
    goal = make_objective(pat, world.cycle, "Pat's goal", visibility=visibility)
    services.check_in(pat, goal.key_results.get(), value=10)
    snapshots.write_day(world.cycle, today_for(world.org))
    change(world, pat, goal)
    reader = getattr(world, viewer)
    reader.refresh_from_db()
    sees = (
        Objective.objects.filter(pk=goal.pk)
        .filter(permissions.objective_visibility_q(reader))
        .exists()
    )
    client = client_for(reader)
    context = client.get(reverse("adoption"), {"days": 7}).context
    in_scope = viewer == "admin" or pat.pk in {p.pk for p in people_in_scope(world, reader)}
    if in_scope:
        assert (pat.pk in {p.pk for p in context["no_okrs"]}) == (not sees)
    export = client.get(reverse("adoption_csv")).getvalue().decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(export)) if row[1] == "pat@acme.test"]
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("adoption_xlsx")).getvalue()))
    cells = [r for r in book.active.iter_rows(values_only=True) if r[1] == "pat@acme.test"]
    if not in_scope:
        assert rows == [] and cells == []
        return
    assert rows[0][2] == ("1" if sees else "0")
    assert (rows[0][3] != "") == sees
    assert cells[0][2] == (1 if sees else 0)
    assert client_for(world.alice).get(reverse("adoption_csv")).status_code == 404


@pytest.mark.parametrize("source", ["stored", "live"])
@pytest.mark.parametrize("grading", [False, True])
def test_headline_rows_and_exports_share_one_definition(client_for, world, source, grading):
    """A lead whose only OKRs are their team's has OKRs in the headline, in their team's row and
    in the CSV; grading an objective right after the snapshot moves the headline's, the list's
    and the team row's "not graded" together (with the next snapshot when they read one)."""
    make_objective(world.lead, world.cycle, "Product goal", owner_type="team",
                   owner_team=world.product)  # fmt: skip
    alice = make_objective(world.alice, world.cycle, "Alice plan")
    make_objective(world.bob, world.cycle, "Bob plan")
    if grading:
        world.cycle.state = world.cycle.State.GRADING
        world.cycle.save(update_fields=["state"])
    if source == "stored":
        snapshots.write_day(world.cycle, today_for(world.org))
    if grading:
        kr = alice.key_results.get()
        services.grade_objective(world.alice, alice, scores={kr.pk: ("0.7", "")},
                                 retrospective="Done")  # fmt: skip
    client = client_for(world.admin)
    context = client.get(reverse("adoption"), {"days": 7}).context
    totals, no_okrs = context["totals"], {p.pk for p in context["no_okrs"]}
    ungraded = {p.pk for p in context["ungraded"]}
    assert world.lead.pk not in no_okrs
    for row in context["team_rows"]:
        members = set(TeamMember.objects.filter(team=row["team"], membership__is_active=True)
                      .values_list("membership_id", flat=True))  # fmt: skip
        assert row["with_okrs"] == len(members - no_okrs), row["team"]
        if grading:
            assert row["ungraded"] == len(members & ungraded), row["team"]
    export = list(
        csv.reader(io.StringIO(client.get(reverse("adoption_csv")).getvalue().decode("utf-8-sig")))
    )
    lead_row = next(r for r in export if r[1] == world.lead.user.email)
    assert lead_row[2] == "1" and lead_row[-1] == "yes"  # their team's objective
    assert totals["with_okrs"] == sum(1 for r in export[1:] if r[-1] == "yes")
    if grading:
        # From the snapshot, Alice's grading after it shows with the next one (all together).
        assert (world.alice.pk in ungraded) == (source == "stored") and world.bob.pk in ungraded
        assert totals["ungraded"] == len(ungraded) == sum(1 for r in export[1:] if r[5] == "yes")
