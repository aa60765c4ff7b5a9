"""sso.0003 (h13v): the domains claimed before verification existed become pending claims, each
with its own token, still in effect for 30 days (docs/sign-in.md), none marked verified."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mubiao import vault
from mubiao.sso.models import SECRET_PURPOSE, EmailDomain
from tests.conftest import make_world, migrations_at

BEFORE = [("sso", "0002_h13k_invite_legacy_just_in_time")]
AFTER = [("sso", "0003_h13v_domain_verification")]


@pytest.mark.django_db(transaction=True)
def test_existing_domains_become_flagged_pending_claims():
    world = make_world("acme")
    with migrations_at(BEFORE):
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        provider = old.get_model("sso", "IdentityProvider").objects.create(
            organization_id=world.org.pk, name="Okta", issuer="https://id.acme.test",
            client_id="m", client_secret=vault.encrypt("s", purpose=SECRET_PURPOSE),
        )  # fmt: skip
        for domain in ("acme.test", "acme.cn"):
            old.get_model("sso", "EmailDomain").objects.create(provider=provider, domain=domain)
        MigrationExecutor(connection).migrate(AFTER)
        claims = list(EmailDomain.objects.all())
        assert len(claims) == 2 and len({c.token for c in claims}) == 2
        assert all(len(c.token) >= 32 for c in claims)
        assert not any(c.verified_at for c in claims)
        in_30_days = timezone.now() + dt.timedelta(days=30)
        assert all(abs(c.grace_until - in_30_days) < dt.timedelta(minutes=5) for c in claims)
