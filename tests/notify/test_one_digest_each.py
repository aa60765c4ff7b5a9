"""An owner or admin who leads the whole organization (its root team) gets the company digest
only, not a near-identical team digest beside it in the same pass; one who leads a part of it
gets both."""

import pytest
from django.utils import timezone

from mubiao.notify import messages as kinds
from mubiao.notify import services
from mubiao.notify.models import NextDue
from mubiao.okrs import services as okrs
from mubiao.orgs.models import TeamMember
from tests.conftest import make_objective


@pytest.mark.parametrize(("leads", "digests"), [("company", 1), ("product", 2)])
def test_the_owner_leading_the_root_team_gets_one_digest(world, smtp, leads, digests):
    TeamMember.objects.create(team=getattr(world, leads), membership=world.admin, is_lead=True)
    objective = make_objective(world.alice, world.cycle, "Grow revenue", team=world.product)
    okrs.check_in(world.alice, objective.key_results.get(), value=30, note="on it")
    services.run_due(timezone.now())
    due = max(NextDue.objects.filter(membership=world.admin).values_list("due_at", flat=True))
    sent = services.run_due(due)
    assert sent[kinds.COMPANY_DIGEST] == 1
    mails = [m for m in smtp.to("admin@acme.test") if "igest" in m["Subject"]]
    assert len(mails) == digests, [m["Subject"] for m in mails]
