"""MUBIAO_SITE_URL unset in a deployment: `serve` (on any host: a loopback one may sit behind
a reverse proxy), the worker and `mubiao directory sync` with invitations say so at their
start; set, or in a debug run on this machine, they say nothing. The directory's invitations
link to the configured address."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings

from mubiao.web.management.commands.serve import site_url_unset
from tests.conftest import run_queued_tasks
from tests.directory.servers import Feishu, acme_directory
from tests.directory.test_sync import connect

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "configured, debug, host, warned",
    [
        (False, False, "127.0.0.1", True),  # behind a reverse proxy
        (False, False, "0.0.0.0", True),
        (False, True, "127.0.0.1", False),  # a developer's machine
        (False, True, "0.0.0.0", True),
        (True, False, "0.0.0.0", False),
        (True, True, "127.0.0.1", False),
    ],
)
def test_serve_warns(configured, debug, host, warned):
    with override_settings(SITE_URL_CONFIGURED=configured, DEBUG=debug):
        assert site_url_unset(host) is warned


@pytest.fixture
def feishu():
    with acme_directory(Feishu()) as running:
        yield running


@override_settings(SITE_URL_CONFIGURED=False, DEBUG=False)
# The worker's queue runner closes the database connection when it ends: in a test's
# transaction the next query found it closed on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_worker_and_the_sync_command_warn(world, feishu):
    err = io.StringIO()
    call_command("worker", "--batch", stdout=io.StringIO(), stderr=err)
    assert "MUBIAO_SITE_URL is not set" in err.getvalue()
    err = io.StringIO()
    call_command("notify", "run-due", stdout=io.StringIO(), stderr=err)
    assert "MUBIAO_SITE_URL is not set" in err.getvalue()
    connect(world, feishu, invite=True)
    err = io.StringIO()
    call_command("directory", "sync", "--org", "acme", stdout=io.StringIO(), stderr=err)
    assert "MUBIAO_SITE_URL is not set" in err.getvalue()


@override_settings(SITE_URL_CONFIGURED=True, SITE_URL="https://okr.acme.test", DEBUG=False)
def test_configured_nothing_is_said_and_invitations_use_it(
    world, feishu, django_capture_on_commit_callbacks
):
    connect(world, feishu, invite=True)
    err = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("directory", "sync", "--org", "acme", stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""
    run_queued_tasks()  # the worker sends the invitations
    assert mail.outbox and all("https://okr.acme.test/" in m.body for m in mail.outbox)
    assert not any("127.0.0.1" in m.body for m in mail.outbox)


@override_settings(SITE_URL_CONFIGURED=False, DEBUG=False, ALLOWED_HOSTS=["okr.corp.test"])
def test_a_sync_from_the_web_links_invitations_to_the_address_it_came_to(
    world, feishu, django_capture_on_commit_callbacks
):
    """Issue 13 (h13n): e-mails sent while answering a request use the request's address."""
    connect(world, feishu, invite=True)
    admin = Client(HTTP_HOST="okr.corp.test")
    admin.force_login(world.admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post("/settings/directory/sync", {"apply": "1"}, secure=True)
    assert answer.status_code == 302, answer.content.decode()
    run_queued_tasks()  # the worker sends the invitations
    assert mail.outbox and all("https://okr.corp.test/" in m.body for m in mail.outbox)
    assert not any("127.0.0.1" in m.body for m in mail.outbox)
