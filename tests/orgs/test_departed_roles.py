"""Issue 13 (h13s): someone who left (deactivated) is never made a manager or a team lead, on
any path — people import (naming row and column), member form service, invitation, team form,
API — while a manager or lead they already were is handed over (orgs.departures)."""

import pytest
from django.core.exceptions import ValidationError

from mubiao.accounts import services as accounts
from mubiao.okrs.transfer.errors import ImportFailed
from mubiao.orgs import services as orgs
from mubiao.orgs.models import Membership, TeamMember
from mubiao.people.services import import_people
from tests.api.conftest import Api, field_errors

pytestmark = pytest.mark.django_db

LEFT = "has left (deactivated)"


@pytest.fixture
def departed(world):
    """Olga has left."""
    Membership.objects.filter(pk=world.outsider.pk).update(is_active=False)
    world.outsider.refresh_from_db()
    return world.outsider


# (case, file, the refused row and column; None: accepted)
FILES = [
    (
        "a departed member as a manager",
        ("email,manager\nalice@acme.test,olga@acme.test\n"),
        "row 2, column “manager”",
    ),
    (
        "a manager deactivated by the same file",
        (
            "email,status,manager\n"
            "bob@acme.test,active,alice@acme.test\n"
            "alice@acme.test,deactivated,\n"
        ),
        "row 2, column “manager”",
    ),
    (
        "a new person under a departed manager",
        ("email,manager\nnew@acme.test,olga@acme.test\n"),
        "row 2, column “manager”",
    ),
    (
        "a departed member made a lead",
        ("email,leads\nolga@acme.test,Company/产品部\n"),
        "row 2, column “leads”",
    ),
    (
        "a lead deactivated by the same file",
        ("email,status,leads\nbob@acme.test,deactivated,Company/Support\n"),
        "row 2, column “leads”",
    ),
    (
        "reactivated and made a manager: fine",
        ("email,status\nolga@acme.test,active\nalice@acme.test,active\n"),
        None,
    ),
    (
        "reactivated, then a manager: fine",
        ("email,status,manager\nolga@acme.test,active,\nalice@acme.test,active,olga@acme.test\n"),
        None,
    ),
    (
        # One answer however often the file is imported (h13q, probe13): an edited export that
        # deactivates a lead and still names their team is refused, as its re-import would be.
        "a lead kept in the cell while leaving: refused",
        ("email,status,leads\nlead@acme.test,deactivated,Company/产品部\n"),
        "row 2, column “leads”",
    ),
]


@pytest.mark.parametrize(("case", "data", "where"), FILES, ids=[f[0] for f in FILES])
def test_a_people_import(world, departed, case, data, where):
    if where is None:
        import_people(world.admin, file_name="p.csv", data=data.encode())
        return
    with pytest.raises(ImportFailed) as failed:
        import_people(world.admin, file_name="p.csv", data=data.encode())
    text = " | ".join(failed.value.texts)
    assert where in text and LEFT in text, text


def test_the_member_form_service(world, departed):
    with pytest.raises(ValidationError) as refused:
        orgs.update_member(world.admin, world.alice, role="member", manager=departed)
    assert LEFT in " ".join(refused.value.message_dict["manager"])


def test_an_invitation(world, departed):
    with pytest.raises(ValidationError) as refused:
        accounts.invite_member(world.admin, email="new@acme.test", manager=departed)
    assert LEFT in " ".join(refused.value.message_dict["manager"])


def test_the_team_form_service(world, departed):
    with pytest.raises(ValidationError) as refused:
        orgs.save_team(world.admin, world.docs, name="Docs", parent=world.product, leads=[departed])
    assert LEFT in " ".join(refused.value.message_dict["leads"])
    assert not TeamMember.objects.filter(membership=departed, is_lead=True).exists()


def test_the_api(world, departed):
    client = Api(world.admin)
    answer = client.patch(f"/members/{world.alice.pk}", {"manager_id": departed.pk})
    assert answer.status_code in (400, 422) and "manager_id" in field_errors(answer)
    answer = client.patch(f"/teams/{world.docs.pk}", {"lead_ids": [departed.pk]})
    assert answer.status_code in (400, 422) and "lead_ids" in field_errors(answer)
