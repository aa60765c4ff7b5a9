"""Issue 13 (h13q): a team's leads changed by a sync are a change of that team — counted in
the summary ("N teams added or changed"), shown in the preview and kept in the sync log. The
first sync matches the organization's own 产品部, whose lead (Li Lead) was set by hand and is
not in the directory: the directory's leader (李雷) is added beside her (the documented rule:
a hand-set lead on someone the directory does not list is kept), so the preview names both.
Before, it said "2 teams added or changed" and nothing of 产品部. Table over the vendors."""

import pytest

from mubiao.directory import services
from mubiao.directory.models import SyncRun
from mubiao.directory.selectors import run_text
from mubiao.orgs.models import TeamMember
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


def test_lead_changes_are_team_changes_in_the_preview_the_summary_and_the_log(world, server):
    connect(world, server)
    preview = services.sync(world.admin, dry_run=True)
    product = [c for c in preview.changes if c.subject.endswith("/产品部")]
    assert [c.kind for c in product] == ["team.update"]
    before, after = product[0].values["leads"]
    assert "lead@acme.test" in before and "lilei@acme.test" not in before
    assert "lead@acme.test" in after and "lilei@acme.test" in after  # two leads: both named
    assert "3 teams added or changed" in preview.summary
    market = next(c for c in preview.changes if c.subject.endswith("/市场部"))
    assert market.kind == "team.create" and "hanmeimei@acme.test" in market.values["leads"][1]
    services.sync(world.admin)
    leads = TeamMember.objects.filter(team=world.product, is_lead=True)
    assert sorted(leads.values_list("membership__user__email", flat=True)) == [
        "lead@acme.test",
        "lilei@acme.test",
    ]
    run = SyncRun.objects.filter(organization=world.org).latest("pk")
    assert "3 teams added or changed" in run_text(run)
    assert services.sync(world.admin).changes == []  # the second run changes nothing


def test_a_leader_leaving_the_department_is_a_team_change(world, server):
    connect(world, server)
    services.sync(world.admin)
    server.departments["13"]["leaders"] = []
    result = services.sync(world.admin, dry_run=True)
    market = [c for c in result.changes if c.subject.endswith("/市场部")]
    assert [(c.kind, c.fields) for c in market] == [("team.update", ["leads"])], result.changes
    assert market[0].values["leads"][1] == ""
    assert "1 team added or changed" in result.summary
