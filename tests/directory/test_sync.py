"""Directory sync against loopback 飞书 / 企业微信 / 钉钉 contact APIs (servers.py): teams and
people follow the directory, a second run changes nothing, moves, arrivals and departures,
the preview changes nothing, rate limits and expired tokens, errors change nothing."""

import pytest

from mubiao import vault
from mubiao.accounts.models import User
from mubiao.directory import services
from mubiao.directory.models import SECRET_PURPOSE, DirectorySource, LinkedPerson, SyncRun
from mubiao.directory.selectors import run_text
from mubiao.directory.vendors import DirectoryError
from mubiao.okrs.models import Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from tests.conftest import make_member, make_objective, run_queued_tasks
from tests.directory.servers import APP_ID, APP_SECRET, SERVERS, acme_directory

pytestmark = pytest.mark.django_db


def connect(world, server, *, secret=APP_SECRET, **options):
    return services.save_source(
        world.admin,
        vendor=server.vendor,
        app_id=APP_ID,
        app_secret=secret,
        api_url=server.url,
        **options,
    )


def state(org):
    return (
        sorted(
            Membership.objects.filter(organization=org).values_list(
                "user__email", "user__name", "title", "is_active", "manager__user__email"
            )
        ),
        sorted(
            Team.objects.filter(organization=org).values_list("name", "parent__name", "is_archived")
        ),
        sorted(
            TeamMember.objects.filter(team__organization=org).values_list(
                "membership__user__email", "team__name", "is_lead"
            )
        ),
    )


def member(org, email):
    return Membership.objects.select_related("manager__user").get(
        organization=org, user__email=email
    )


def test_the_first_sync_builds_the_tree_and_people_and_the_second_changes_nothing(world, server):
    connect(world, server)
    result = services.sync(world.admin)
    assert result.count("team.create") == 2  # 产品部 is the world's own, matched by name
    assert result.count("person.create") == 4
    teams = {t.name: t for t in Team.objects.filter(organization=world.org)}
    assert teams["产品部"] == world.product and teams["市场部"].parent == world.company
    assert teams["文档组"].parent == teams["产品部"]
    wang = member(world.org, "wang@acme.test")
    assert (wang.user.name, wang.title, wang.manager.user.email) == (
        "王芳",
        "编辑",
        "lilei@acme.test",
    )
    assert member(world.org, "zhao@acme.test").manager.user.email == "hanmeimei@acme.test"
    assert TeamMember.objects.get(
        team=teams["产品部"], membership__user__email="lilei@acme.test"
    ).is_lead
    assert set(
        TeamMember.objects.filter(membership__user__email="zhao@acme.test").values_list(
            "team__name", flat=True
        )
    ) == {"产品部", "市场部"}
    before = state(world.org)
    again = services.sync(world.admin)
    assert again.changes == [] and state(world.org) == before
    assert SyncRun.objects.filter(organization=world.org, ok=True).count() == 2


def test_moves_arrivals_departures_and_renames_follow(world, server):
    connect(world, server)
    services.sync(world.admin)
    wang = member(world.org, "wang@acme.test")
    objective = make_objective(wang, world.cycle, "文档零错误")
    server.people["u-wang"].update(departments=["13"], manager="u-han")  # moved
    server.people["u-zhao"]["departments"] = ["12"]  # moved
    server.people["u-new"] = {
        "name": "新人",
        "email": "new@acme.test",
        "title": "",
        "departments": ["12"],
        "manager": "u-li",
    }
    del server.people["u-han"]  # left
    server.people["u-zhao"]["manager"] = "u-li"
    server.departments["13"]["leaders"] = []
    server.departments["12"]["name"] = "文档与培训组"
    result = services.sync(world.admin)
    kinds = sorted(change.kind for change in result.changes)
    assert kinds.count("person.create") == 1 and kinds.count("person.deactivate") == 1
    han = member(world.org, "hanmeimei@acme.test")
    assert not han.is_active  # deactivated, never deleted
    assert Objective.objects.filter(pk=objective.pk).exists()
    wang = member(world.org, "wang@acme.test")
    assert wang.is_active and wang.manager is None  # her manager is no longer listed
    assert set(TeamMember.objects.filter(membership=wang).values_list("team__name", flat=True)) == {
        "市场部"
    }
    assert Team.objects.filter(organization=world.org, name="文档与培训组").exists()
    assert not Team.objects.filter(organization=world.org, name="文档组").exists()
    assert member(world.org, "new@acme.test").manager.user.email == "lilei@acme.test"


def test_a_department_that_goes_is_archived_and_comes_back(world, server):
    connect(world, server)
    services.sync(world.admin)
    server.people["u-wang"]["departments"] = ["11"]
    gone = server.departments.pop("12")
    services.sync(world.admin)
    assert Team.objects.get(organization=world.org, name="文档组").is_archived
    server.departments["12"] = gone
    result = services.sync(world.admin)
    assert [c.fields for c in result.changes if c.kind == "team.update"] == [["restored"]]
    assert not Team.objects.get(organization=world.org, name="文档组").is_archived


def test_existing_members_and_teams_are_matched_not_doubled(world, server):
    server.people["u-lead"] = {
        "name": "Li Lead",
        "email": "LEAD@acme.test",
        "title": "产品总监",
        "departments": ["11"],
        "manager": None,
    }
    connect(world, server)
    services.sync(world.admin)
    assert Team.objects.filter(organization=world.org, name="产品部").count() == 1
    assert (
        Membership.objects.filter(organization=world.org, user__email="lead@acme.test").count() == 1
    )
    # Places in teams made by hand stay.
    assert TeamMember.objects.filter(team=world.docs, membership=world.bob).exists()


def test_the_preview_changes_nothing(world, server):
    connect(world, server)
    before = state(world.org)
    result = services.sync(world.admin, dry_run=True)
    assert result.count("person.create") == 4
    assert state(world.org) == before
    assert not SyncRun.objects.exists()


def test_rate_limits_are_waited_out_and_expired_tokens_fetched_again(world, server):
    connect(world, server)
    waits = []
    server.rate_limited = 2
    services.sync(world.admin, sleep=waits.append)
    assert len(waits) == 2
    server.expire_token = True
    services.sync(world.admin, sleep=waits.append)
    assert server.tokens_issued == 3  # one per run, and one after the expiry


def test_a_directory_that_keeps_refusing_changes_nothing_and_is_logged(world, server):
    connect(world, server)
    before = state(world.org)
    server.rate_limited = 100
    with pytest.raises(DirectoryError) as refused:
        services.sync(world.admin, sleep=lambda seconds: None)
    assert "too many requests" in refused.value.message
    assert state(world.org) == before
    run = SyncRun.objects.get()
    assert not run.ok and "too many requests" in run_text(run)


def test_a_wrong_secret_names_the_vendors_error(world, server):
    connect(world, server, secret="wrong")
    with pytest.raises(DirectoryError) as refused:
        services.sync(world.admin)
    assert "error 4" in refused.value.message or "error 1" in refused.value.message


def test_the_secret_is_stored_encrypted_and_members_cannot_sync(world, server):
    source = connect(world, server)
    assert APP_SECRET not in source.app_secret
    assert vault.decrypt(source.app_secret, purpose=SECRET_PURPOSE) == APP_SECRET
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.sync(world.alice)
    assert DirectorySource.objects.count() == 1


@pytest.fixture
def feishu():
    with acme_directory(SERVERS["feishu"]()) as running:
        yield running


def test_owners_are_never_deactivated_and_people_without_email_are_listed(world, feishu):
    owner = make_member(world.org, "owner@acme.test", "Olivia Owner", role="owner")
    feishu.people["u-owner"] = {
        "name": "Olivia Owner",
        "email": "owner@acme.test",
        "title": "CEO",
        "departments": [],
        "manager": None,
    }
    feishu.people["u-nomail"] = {
        "name": "无邮箱",
        "email": "",
        "mobile": "",
        "title": "",
        "departments": ["11"],
        "manager": None,
    }
    connect(world, feishu)
    result = services.sync(world.admin)
    assert [c.subject for c in result.changes if c.kind == "person.skip"] == ["无邮箱"]
    assert any("无邮箱" in str(problem) for problem in result.problems)
    del feishu.people["u-owner"]
    result = services.sync(world.admin)
    owner.refresh_from_db()
    assert owner.is_active
    assert any("owner@acme.test" in str(problem) for problem in result.problems)


def test_people_with_only_a_mobile_number_become_members_without_email(world, server):
    for pid, mobile in (("u-m1", "+86 13912345678"), ("u-m2", "13800001111")):
        server.people[pid] = {
            "name": f"手机{pid[-1]}",
            "email": "",
            "mobile": mobile,
            "title": "销售",
            "departments": ["13"],
            "manager": "u-han",
        }
    connect(world, server)
    result = services.sync(world.admin)
    assert result.count("person.create") == 6 and not result.count("person.skip")
    added = Membership.objects.select_related("user", "manager__user").get(
        organization=world.org, user__name="手机1"
    )
    assert (added.user.email, added.user.mobile) == ("", "+86 13912345678")
    assert added.manager.user.email == "hanmeimei@acme.test"
    assert not added.user.has_usable_password()
    assert "手机1 <+86 13912345678>" in [c.subject for c in result.changes]
    assert LinkedPerson.objects.filter(external_id="u-m1", membership=added).exists()
    # Stored as no address at all (NULL), so that two such people do not clash.
    assert User.objects.filter(email__isnull=True).count() == 2
    before = state(world.org)
    assert not services.sync(world.admin).changes
    assert state(world.org) == before


def test_a_manager_loop_in_the_directory_changes_nothing(world, feishu):
    feishu.people["u-li"]["manager"] = "u-wang"  # 王芳 reports to 李雷, who reports to her
    connect(world, feishu)
    before = state(world.org)
    with pytest.raises(DirectoryError, match="loop"):
        services.sync(world.admin)
    assert state(world.org) == before


def test_an_account_of_another_organization_is_invited_not_added(
    world, server, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 13 (h13j): the directory lists an address whose account belongs to another
    organization; it becomes a pending invitation under the directory's name, and the account's
    own name, time zone and language stay out of this organization's lists and exports."""
    from mubiao.people.exporter import export_people
    from tests.conftest import make_world

    beta = make_world("beta")
    own = make_member(beta.org, "wang@acme.test", "Wang of Beta").user
    own.timezone, own.language = "America/Chicago", "en"
    own.save()
    connect(world, server)  # invitations off: new people are added, this one is invited
    with django_capture_on_commit_callbacks(execute=True):
        services.sync(world.admin)
    wang = Membership.objects.select_related("user", "invitation").get(
        organization=world.org, user=own
    )
    assert wang.is_pending and wang.display_name == "王芳" and wang.name == "王芳"
    run_queued_tasks()  # the worker sends the invitation
    assert [m.to for m in mailoutbox] == [["wang@acme.test"]]
    assert not member(world.org, "lilei@acme.test").pending_invitation  # a new account
    exported = export_people(world.admin, fmt="csv").decode("utf-8-sig")
    row = next(line for line in exported.splitlines() if "wang@acme.test" in line)
    assert "Wang of Beta" not in exported and "America/Chicago" not in row
    assert "English" not in row
    # A second sync changes nothing: still invited, and no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.sync(world.admin)
    run_queued_tasks()
    assert Membership.objects.get(pk=wang.pk).is_pending and len(mailoutbox) == 1
