"""A vendor's own words (飞书 `msg`, 企业微信/钉钉 `errmsg`, the newer 钉钉 API's `message`)
are shown to an admin only when the answer came from the vendor's documented host or one the
site's operator named (MUBIAO_OUTBOUND_ALLOW_PRIVATE as a host name). Any other address is
what an admin typed — an intranet service that answers with its secrets ("飞书 返回错误 7：
INTERNAL-SECRET aws_secret_access_key=…") — so its text is never reflected: the error code
and our own sentence instead. Table over the three vendors, in the preview page, the sync log
and the raised error."""

import pytest
from django.urls import reverse

from mubiao.directory import services
from mubiao.directory.models import SyncRun
from mubiao.directory.selectors import run_text
from mubiao.directory.vendors import DirectoryError
from mubiao.outbound.guard import speaks_for
from tests.directory.servers import APP_ID, SERVERS, acme_directory

pytestmark = pytest.mark.django_db

LEAK = "INTERNAL-SECRET aws_secret_access_key=AKIAEXAMPLE"


@pytest.fixture(params=sorted(SERVERS))
def leaky(request):
    """The vendor's fake, every error answer's text replaced by an intranet host's secrets."""
    with acme_directory(SERVERS[request.param]()) as running:
        answer = running.respond

        def respond(*args):
            status, headers, body = answer(*args)
            for key in ("msg", "errmsg", "message", "error_description"):
                if key in body and (body.get("code") or body.get("errcode") or status >= 400):
                    body[key] = LEAK
            return status, headers, body

        running.respond = respond
        yield running


def preview_page(world, client_for, server):
    services.save_source(
        world.admin, vendor=server.vendor, app_id=APP_ID, app_secret="wrong",
        api_url=server.url,
    )  # fmt: skip
    response = client_for(world.admin).post(reverse("settings_directory_sync"), {"preview": "1"})
    return response


def test_an_unknown_hosts_words_are_never_shown(world, client_for, leaky):
    response = preview_page(world, client_for, leaky)
    html = response.content.decode()
    assert response.status_code == 502
    assert "INTERNAL-SECRET" not in html and "AKIA" not in html
    assert "answered error" in html and "not shown" in html
    with pytest.raises(DirectoryError) as refused:
        services.sync(world.admin)
    assert "INTERNAL-SECRET" not in refused.value.message
    run = SyncRun.objects.filter(organization=world.org).latest("pk")
    assert "INTERNAL-SECRET" not in run_text(run)


def test_a_host_the_operator_named_speaks_for_the_vendor(world, client_for, leaky, settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.1"]
    html = preview_page(world, client_for, leaky).content.decode()
    assert "INTERNAL-SECRET" in html


@pytest.mark.parametrize(
    ("url", "allowed", "shown"),
    [
        ("https://open.feishu.cn/open-apis", False, True),
        ("https://OPEN.FEISHU.CN./x", False, True),
        ("https://open.feishu.cn.evil.test/x", False, False),
        ("http://10.0.0.7:8080", True, False),  # all private addresses allowed: not named
        ("http://10.0.0.7:8080", ["10.0.0.0/8"], False),  # a network: not named either
        ("http://vendor.intranet:8080", ["vendor.intranet"], True),
        ("", ["vendor.intranet"], False),
    ],
)
def test_speaks_for(settings, url, allowed, shown):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = allowed
    assert speaks_for(url, {"open.feishu.cn"}) is shown
