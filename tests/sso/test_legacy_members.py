"""Members a provider added just in time before the cross-organization fix, without an
invitation: the data migration gives those whose account another organization has a pending
invitation (they accept with their own password), and leaves the rest alone."""

import importlib

import pytest
from django.apps import apps

from mubiao.accounts.models import Invitation
from mubiao.okrs.models import Activity
from mubiao.orgs.models import Membership
from mubiao.sso import selectors
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mubiao.sso.migrations.0002_h13k_invite_legacy_just_in_time")


def joined_just_in_time(org, user):
    membership = Membership.objects.create(organization=org, user=user)
    Activity.objects.create(
        organization=org, actor=membership, verb="member.joined", target_type="membership",
        target_id=membership.pk, data={"via": "sso"},
    )  # fmt: skip
    return membership


def test_legacy_members_of_shared_accounts_are_invited(world, other_world):
    shared = joined_just_in_time(world.org, other_world.admin.user)
    own = joined_just_in_time(world.org, make_member(other_world.org, "x@x.test", "X").user)
    own.user.memberships.exclude(organization=world.org).delete()
    added_by_hand = Membership.objects.create(organization=world.org, user=other_world.alice.user)
    assert not selectors.vouches_for(world.org.pk, shared.user)
    migration.invite_legacy_members(apps, None)
    shared.refresh_from_db()
    assert shared.is_pending
    assert not Invitation.objects.filter(membership__in=[own, added_by_hand]).exists()
    migration.invite_legacy_members(apps, None)  # again: nothing more
    assert Invitation.objects.filter(membership__organization=world.org).count() == 1
