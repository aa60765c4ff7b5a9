"""Members that a provider or work app added just in time before issue 13's cross-organization
fix (h13j) were made without an invitation, even for an account another organization has: the
provider then vouched for an account it may not speak for. Such a membership gets a pending
invitation now, as _join makes today: the account enters by accepting it with its own password
(an admin resends the link), and the provider refuses it meanwhile (sso.selectors.vouches_for).
Memberships of accounts no other organization has are left alone: the provider vouches for
them."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def invite_legacy_members(apps, schema_editor):
    Activity = apps.get_model("okrs", "Activity")
    Membership = apps.get_model("orgs", "Membership")
    Invitation = apps.get_model("accounts", "Invitation")
    joined = Activity.objects.filter(verb="member.joined", target_type="membership").values(
        "target_id"
    )
    now = timezone.now()
    for membership in Membership.objects.filter(pk__in=joined, invitation__isnull=True):
        shared = (
            Membership.objects.filter(user_id=membership.user_id)
            .exclude(organization_id=membership.organization_id)
            .exists()
        )
        if shared:
            Invitation.objects.create(
                membership=membership,
                nonce=secrets.token_urlsafe(16),
                sent_at=now,
                expires_at=now + dt.timedelta(days=settings.MUBIAO_INVITATION_DAYS),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("sso", "0001_initial"),
        ("okrs", "0019_h13i_objective_carried_from"),
        ("orgs", "0002_closure_tables"),
        ("accounts", "0005_h13i_invitation_name"),
    ]

    operations = [migrations.RunPython(invite_legacy_members, migrations.RunPython.noop)]
