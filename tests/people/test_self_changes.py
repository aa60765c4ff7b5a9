"""Nobody deactivates themselves or gives up managing people by a slip: the service behind the
web people page and the API (orgs.services.update_member) and people files refuse it alike, in
the user's language, and change nothing; the same change to someone else goes through, and an
owner may still step down to admin."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.okrs.transfer import ImportFailed
from mubiao.orgs.models import Membership
from mubiao.orgs.services import update_member
from mubiao.people.services import import_people
from tests.people.test_import import csv_bytes, state

pytestmark = pytest.mark.django_db(transaction=False)


def by_service(actor, member, *, role, is_active):
    update_member(actor, member, role=role, is_active=is_active)


def by_file(actor, member, *, role, is_active):
    status = "在职" if is_active else "离职"
    data = csv_bytes("email,role,status", f"{member.user.email},{role},{status}")
    import_people(actor, file_name="p.csv", data=data)


WAYS = {"web page and API": by_service, "people file": by_file}
CHANGES = {
    "demoted": {"role": Membership.Role.MEMBER, "is_active": True},
    "deactivated": {"role": Membership.Role.ADMIN, "is_active": False},
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "You cannot deactivate yourself or give up your own right"),
        ("zh-hans", "不能停用自己"),
    ],
)
def test_an_admin_cannot_demote_or_deactivate_themselves(world, way, change, language, said):
    before = state(world.org)
    with translation.override(language), pytest.raises((ValidationError, ImportFailed)) as no:
        WAYS[way](world.admin, world.admin, **CHANGES[change])
    assert said in str(no.value)
    assert state(world.org) == before


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("way", WAYS)
def test_the_same_change_to_another_admin_goes_through(world, way, change):
    other = world.lead
    other.role = Membership.Role.ADMIN
    other.save(update_fields=["role"])
    WAYS[way](world.admin, other, **CHANGES[change])
    other.refresh_from_db()
    assert (other.role, other.is_active) == (CHANGES[change]["role"], CHANGES[change]["is_active"])


@pytest.mark.parametrize("way", WAYS)
def test_an_owner_may_step_down_to_admin_beside_another_owner(world, way):
    world.admin.role = world.lead.role = Membership.Role.OWNER
    world.admin.save(update_fields=["role"])
    world.lead.save(update_fields=["role"])
    WAYS[way](world.admin, world.admin, role=Membership.Role.ADMIN, is_active=True)
    world.admin.refresh_from_db()
    assert world.admin.role == Membership.Role.ADMIN
