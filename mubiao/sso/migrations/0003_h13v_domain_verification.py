"""E-mail domains are verified through DNS from now on (issue 13, h13v). The domains claimed
before were never checked, and any of them may be another company's, so none is marked
verified: each becomes a pending claim with its own token, still in effect (routing the sign-in
page, bounding what the provider vouches for) for GRACE after this migration so that nobody's
sign-in changes overnight, flagged on the settings page until an admin publishes the record and
verifies it; after that it works only once verified."""

import datetime as dt
import secrets

import django.utils.timezone
import mubiao.sso.models
from django.db import migrations, models


GRACE = dt.timedelta(days=30)


def flag_existing_claims(apps, schema_editor):
    EmailDomain = apps.get_model("sso", "EmailDomain")
    until = django.utils.timezone.now() + GRACE
    for claim in EmailDomain.objects.all():
        # AddField's callable default ran once for every row: each claim gets its own token.
        claim.token = secrets.token_urlsafe(24)
        claim.grace_until = until
        claim.save(update_fields=["token", "grace_until"])


class Migration(migrations.Migration):

    dependencies = [
        ('sso', '0002_h13k_invite_legacy_just_in_time'),
    ]

    operations = [
        migrations.AddField(
            model_name='emaildomain',
            name='added_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name='emaildomain',
            name='checked_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='emaildomain',
            name='grace_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='emaildomain',
            name='missing_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='emaildomain',
            name='token',
            field=models.CharField(default=mubiao.sso.models.new_token, max_length=64),
        ),
        migrations.AddField(
            model_name='emaildomain',
            name='verified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(flag_existing_claims, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='emaildomain',
            name='domain',
            field=models.CharField(max_length=253, verbose_name='e-mail domain'),
        ),
        migrations.AddIndex(
            model_name='emaildomain',
            index=models.Index(fields=['domain'], name='sso_domain_domain'),
        ),
        migrations.AddIndex(
            model_name='emaildomain',
            index=models.Index(fields=['verified_at', 'checked_at'], name='sso_domain_recheck'),
        ),
        migrations.AddConstraint(
            model_name='emaildomain',
            constraint=models.UniqueConstraint(fields=('provider', 'domain'), name='sso_domain_once_per_org'),
        ),
        migrations.AddConstraint(
            model_name='emaildomain',
            constraint=models.UniqueConstraint(condition=models.Q(('verified_at__isnull', False)), fields=('domain',), name='sso_domain_verified_once'),
        ),
    ]
