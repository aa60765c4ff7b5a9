"""A draft is seen by those who may edit it (issue 12; orgs.permissions): what goes to people
who are not its editors (a chat group, a group digest, a team's or a person's weekly report,
which the person's managers read) holds no draft, whatever its visibility says. Pages and the
API are covered by the visibility matrix (tests/security/test_visibility_matrix.py, drafts of
every owner kind)."""

import datetime as dt

import pytest
from django.utils import timezone

from mubiao.notify import selectors as notify_selectors
from mubiao.notify import services as notify
from mubiao.notify.models import Delivery
from mubiao.okrs import services as okrs
from mubiao.okrs.models import Objective
from mubiao.orgs import permissions
from mubiao.reports import services as reports
from tests.conftest import make_objective

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = pytest.mark.every_case

DRAFT = "ZDRAFT plans not yet shared"
PUBLISHED = "ZPUBLISHED plans everyone reads"


@pytest.fixture
def pair(world):
    """A published and a draft public objective of the lead's, filed under 产品部, each with a
    key result Alice owns and a check-in of this week."""
    made = {}
    for title, state in ((PUBLISHED, "active"), (DRAFT, "draft")):
        objective = make_objective(world.lead, world.cycle, title, team=world.product)
        kr = objective.key_results.get()
        okrs.update_key_result(world.lead, kr, owner=world.alice)
        okrs.check_in(world.lead, kr, value=40, note=f"{title} note")
        Objective.objects.filter(pk=objective.pk).update(state=state)
        made[state] = Objective.objects.get(pk=objective.pk)
    return made


def test_who_sees_a_draft(world, pair):
    draft = pair["draft"]
    for reader, sees in ((world.admin, True), (world.lead, True), (world.alice, False),
                         (world.bob, False), (world.outsider, False)):  # fmt: skip
        assert permissions.can_see_objective(reader, draft) == sees, reader
        rows = Objective.objects.filter(pk=draft.pk).filter(
            permissions.objective_visibility_q(reader)
        )
        assert rows.exists() == sees, reader
        # Alice owns one of its key results: she sees it, and checks in, once it is published.
        kr = draft.key_results.get()
        assert permissions.can_see_key_result(reader, kr) == sees, reader
    assert not permissions.is_open_to_all(draft) and permissions.is_open_to_all(pair["active"])


def test_a_chat_group_hears_nothing_of_a_draft(world, pair, django_capture_on_commit_callbacks):
    notify.add_channel(world.admin, kind="email", name="All hands", address="all@acme.test",
                       events=["comment"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        okrs.add_comment(world.lead, objective=pair["draft"], body="draft comment")
        okrs.add_comment(world.lead, objective=pair["active"], body="published comment")
    (group,) = Delivery.objects.filter(channel__isnull=False)
    assert PUBLISHED in str(group.payload)
    assert DRAFT not in str(group.payload)


def test_a_group_digest_leaves_drafts_out(world, pair):
    now = timezone.now() + dt.timedelta(minutes=1)
    group = notify_selectors.digest(world.lead, now, 7, public_only=True)
    lead = notify_selectors.digest(world.lead, now, 7)
    assert group.key_results == lead.key_results == 1  # digests read published objectives


@pytest.mark.parametrize("whose", ["team", "person"])
def test_weekly_reports_leave_drafts_out(world, pair, whose):
    """A team's report is read by the team; Alice's by her managers; the lead's own by the
    admin above: none holds the draft, though the lead and Alice wrote its check-ins."""
    if whose == "team":
        report = reports.generate(world.lead, team=world.product)
    else:
        report = reports.generate(world.lead)
    assert PUBLISHED in report.body
    assert DRAFT not in report.body
    alices = reports.generate(world.alice)
    assert DRAFT not in alices.body
