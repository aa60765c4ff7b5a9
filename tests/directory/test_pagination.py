"""Issue 13 (h13n): a vendor's broken pagination never passes for the whole directory. A
repeated page token, "more" without a next page, or has_more that is neither true nor false
fail the sync (and its preview) with a message naming the endpoint, after a handful of
requests, changing nothing; nobody is deactivated. A department listed twice is read once.
(企业微信's lists are not paged.)"""

import pytest
from django.utils import translation

from mubiao.directory import services
from mubiao.directory.models import SyncRun
from mubiao.directory.selectors import run_text
from mubiao.directory.vendors import DirectoryError
from mubiao.orgs.models import Membership
from tests.directory.servers import SERVERS, acme_directory
from tests.directory.test_sync import connect, state

pytestmark = pytest.mark.django_db
PAGED = ["dingtalk", "feishu"]

FAULTS = {
    "repeat": "a page it had already sent",
    "no_token": "named no next page",
    "bad_has_more": "has_more='yes'",
}


@pytest.fixture(params=PAGED)
def server(request):
    with acme_directory(SERVERS[request.param]()) as running:
        yield running


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "sync"])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_broken_pagination_fails_the_sync_and_changes_nothing(world, server, fault, dry_run):
    connect(world, server)
    services.sync(world.admin)
    before, active = state(world.org), Membership.objects.filter(is_active=True).count()
    server.paging_fault, server.calls = fault, []
    with pytest.raises(DirectoryError) as refused:
        services.sync(world.admin, dry_run=dry_run)
    assert FAULTS[fault] in refused.value.message
    assert "/" in refused.value.message.split("answered", 1)[1]  # the endpoint
    assert len(server.calls) < 20  # not ~53,000 requests
    assert state(world.org) == before
    assert Membership.objects.filter(is_active=True).count() == active
    if not dry_run:  # a preview is not logged
        assert FAULTS[fault] in run_text(SyncRun.objects.latest("pk"))


def test_a_department_listed_twice_is_read_once(world, server):
    connect(world, server)
    services.sync(world.admin)
    before = state(world.org)
    server.paging_fault, server.calls = "duplicate", []
    assert not services.sync(world.admin).changes
    assert state(world.org) == before
    people_listings = [c for c in server.calls if c.endswith(("find_by_department", "user/list"))]
    # Each department's people once (a listing has a page or two, PAGE_SIZE people each).
    assert len(people_listings) <= 2 * (len(server.departments) + 1)


def test_the_message_is_in_the_admins_language(world, server):
    connect(world, server)
    server.paging_fault = "no_token"
    with pytest.raises(DirectoryError) as refused:
        services.sync(world.admin, dry_run=True)
    with translation.override("zh-hans"):
        assert "没有给出下一页" in refused.value.message
