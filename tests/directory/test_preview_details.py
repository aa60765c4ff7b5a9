"""The preview says, for every changed field, what it was and what it becomes, and for a
deactivation what else happens (a pending invitation withdrawn, reports handed over, team
leads given up, OKRs kept), in the reader's language; applying does what it said."""

import pytest
from django.utils import translation

from mubiao.accounts.models import Invitation
from mubiao.directory import services
from mubiao.directory.models import DirectorySource
from mubiao.orgs.models import Membership
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


def details(result, who):
    return [d for c in result.changes if who in c.subject for d in c.details]


def test_every_change_shows_before_and_after(world, server):
    connect(world, server)
    services.sync(world.admin)
    server.people["u-wang"].update(title="主编", departments=["13"], manager="u-han")
    server.departments["12"]["name"] = "文档与培训组"
    result = services.sync(world.admin, dry_run=True)
    wang = details(result, "wang@acme.test")
    assert "job title: 编辑 → 主编" in wang
    assert "teams: 文档组 → 市场部" in wang
    assert "manager: 李雷 <lilei@acme.test> → 韩梅梅 <hanmeimei@acme.test>" in wang
    team = next(c for c in result.changes if c.kind == "team.update")
    assert team.details == ["name: 文档组 → 文档与培训组"]
    # A renamed team is the team's change, not its members'.
    del server.people["u-wang"]["title"]
    server.people["u-wang"].update(title="编辑", departments=["12"], manager="u-li")
    result = services.sync(world.admin, dry_run=True)
    assert [c.kind for c in result.changes] == ["team.update"]


def test_a_deactivation_says_what_happens_and_does_it(world, client_for, server):
    connect(world, server)
    DirectorySource.objects.update(invite=True)
    services.sync(world.admin)
    han = Membership.objects.get(organization=world.org, user__email="hanmeimei@acme.test")
    assert han.pending_invitation is not None
    del server.people["u-han"]
    result = services.sync(world.admin, dry_run=True)
    said = details(result, "hanmeimei@acme.test")
    # Invited, not joined: not called active (h13s); who the reports now report to, the team
    # by its whole path, the objectives kept.
    assert said[0] == "status: invited → deactivated"
    assert "their pending invitation is withdrawn" in said
    # They own no objectives: nothing is said about objectives (not "their 0 objectives").
    assert not [d for d in said if "objective" in d], said
    assert "赵强 now has no manager (nobody above stays)" in said  # 韩梅梅 has none
    assert any(d.startswith("no longer leads ") and " / 市场部" in d for d in said), said
    page = client_for(world.admin).post(
        "/settings/directory/sync", {"preview": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = page.content.decode()
    assert "已邀请 → 已停用" in text and "其未接受的邀请被撤回" in text and "赵强暂无上级" in text
    assert "个目标保留" not in text
    services.sync(world.admin)
    invitation = Invitation.objects.get(membership=han)
    assert invitation.revoked_at is not None


def test_every_person_of_the_directory_appears_in_the_preview(world, server):
    """Issue 13 (h13n): two people with one address in two letter cases: the first is added,
    the other shown as not added, with the reason (in the reader's language)."""
    connect(world, server)
    base = {"title": "", "departments": [], "manager": None, "active": True}
    server.people["u-dup1"] = {**base, "name": "Du One", "email": "dup@acme.test"}
    server.people["u-dup2"] = {**base, "name": "Du Two", "email": "DUP@acme.test"}
    result = services.sync(world.admin, dry_run=True)
    shown = {c.subject for c in result.changes}
    assert any("Du One" in s or "dup@acme.test" in s for s in shown)
    assert "Du Two" in shown
    problems = [str(p) for p in result.problems]
    assert any("Du Two" in p and "Du One" in p and "not added" in p for p in problems)
    with translation.override("zh-hans"):
        assert any("未被添加" in str(p) for p in result.problems)
