"""`benchmarks.scale --reuse` describes an organization it generated earlier, whatever an admin
added to it since: a second top-level team, cycle or owner is not the generated one."""

import datetime as dt

import pytest
from django.db import connection

from mubiao.okrs.models import Cycle
from mubiao.orgs.models import Membership, Team

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY, on PostgreSQL")
def test_reuse_picks_the_generated_rows_after_an_admin_added_more(analyze):
    from benchmarks import scale

    org = scale._generate("reuse", 100)
    before = scale._describe(org)
    # Added before the generated ones in every order the old lookups used (name, id, none).
    Team.objects.create(organization=org, name="A new division", slug="a-new")
    today = dt.date.today()
    Cycle.objects.create(
        organization=org, name="Another quarter", kind="quarter", state="active",
        start_date=today, end_date=today + dt.timedelta(days=30),
    )  # fmt: skip
    Membership.objects.filter(pk=before["head"].pk).update(role="owner")
    after = scale._describe(org)
    assert {k: getattr(v, "pk", v) for k, v in after.items()} == {
        k: getattr(v, "pk", v) for k, v in before.items()
    }
