"""Issue 13, tester's finding 5: an invitee who has not accepted may be given the owner role
(by an owner: in the import, the API and Settings alike); they are shown as invited and become
an owner on accepting, but never count as the organization's last owner meanwhile, so no file,
API call or form can leave the organization with only owners nobody can sign in as."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mubiao.accounts import services as people
from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs import services as organizations
from mubiao.orgs.models import Membership
from mubiao.people.exporter import export_people
from mubiao.people.services import import_people
from tests.api.conftest import Api, field_errors

from .test_import import state

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world):
    world.admin.role = Membership.Role.OWNER
    world.admin.save()
    return world.admin


@pytest.fixture
def invitee(world, owner):
    return people.invite_member(owner, email="nina@acme.test", name="Nina")


def test_the_import_makes_an_invitee_an_owner_and_says_so(world, owner, invitee):
    data = "邮箱,角色\nnina@acme.test,所有者\nnew@acme.test,owner\n".encode()
    preview = import_people(owner, file_name="people.csv", data=data, dry_run=True)
    notes = [p for p in preview.problems if "invited as an owner" in p]
    assert len(notes) == 2 and "row 2" in notes[0] and "nina@acme.test" in notes[0]
    import_people(owner, file_name="people.csv", data=data)
    invitee.refresh_from_db()
    assert invitee.role == "owner" and invitee.is_pending
    exported = export_people(owner, fmt="csv").decode()
    assert re.search(r"nina@acme.test,.*,Owner,.*,Invited", exported)


def test_the_api_shows_an_invited_owner_as_invited(world, owner, invitee):
    organizations.update_member(owner, invitee, role="owner")
    shown = Api(owner).get(f"/members/{invitee.pk}").json()
    assert (shown["role"], shown["status"]) == ("owner", "invited")


def test_an_import_cannot_leave_only_invited_owners(world, owner, invitee):
    data = "邮箱,角色\nnina@acme.test,owner\nadmin@acme.test,admin\n".encode()
    before = state(world.org)
    with pytest.raises(ImportFailed) as failed:
        import_people(owner, file_name="people.csv", data=data)
    assert "row 3" in failed.value.text
    assert "at least one active owner who has joined" in failed.value.text
    assert state(world.org) == before


@pytest.mark.parametrize("how", ["service", "api"])
def test_the_last_joined_owner_cannot_step_down_for_an_invitee(world, owner, invitee, how):
    organizations.update_member(owner, invitee, role="owner")
    if how == "service":
        with pytest.raises(ValidationError) as refused:
            organizations.update_member(owner, owner, role="admin")
        message = refused.value.message_dict["role"][0]
    else:
        answer = Api(owner).patch(f"/members/{owner.pk}", {"role": "admin"})
        assert answer.status_code == 422
        message = field_errors(answer)["role"]
    assert "at least one active owner who has joined" in message
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_once_the_invitee_accepts_the_former_owner_may_step_down(world, owner, invitee):
    organizations.update_member(owner, invitee, role="owner")
    link = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    people.accept_invitation(link.rstrip("/").rsplit("/", 1)[1], password="pw-Mubiao-2026")
    organizations.update_member(owner, owner, role="admin")
    owner.refresh_from_db()
    assert owner.role == "admin"
