"""No organization admin can point the server at its own network (SSRF): every outbound
address an admin sets — a directory's API address, an OIDC issuer, a chat group's or webhook's
address — is refused when saved if its host is or resolves to a loopback, private, link-local,
multicast, reserved or unspecified address (any spelling), and checked again at each request,
redirects included, the connection going to the address checked (mubiao.outbound)."""

import httpx
import pytest
import requests
from django.core.exceptions import ValidationError

from mubiao.directory import services as directory
from mubiao.directory.models import DirectorySource
from mubiao.directory.vendors import DirectoryError
from mubiao.notify import services as notify
from mubiao.notify.models import Channel
from mubiao.outbound import guard, transports
from mubiao.sso import oidc
from mubiao.sso import services as sso
from mubiao.sso.models import IdentityProvider
from tests.directory.servers import APP_ID, APP_SECRET, Feishu, acme_directory
from tests.loopback import Loopback, QuietHandler

BAD_HOSTS = [
    "127.0.0.1", "127.1.2.3", "localhost", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1",
    "0.0.0.0", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254",
    "224.0.0.1", "240.0.0.1", "255.255.255.255", "[::1]", "[::]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[fe80::1]", "[fc00::1]", "[ff02::1]",
    "[2002:7f00:1::]", "[64:ff9b::7f00:1]",
]  # fmt: skip


def _directory(world, url):
    directory.save_source(
        world.admin, vendor="feishu", app_id=APP_ID, app_secret=APP_SECRET, api_url=url
    )


def _issuer(world, url):
    sso.save_provider(world.admin, name="Okta", issuer=url, client_id="x", client_secret="y")


def _webhook(world, url):
    notify.add_channel(world.admin, kind="webhook", name="Hook", url=url, secret="s")


def _chat_group(world, url):
    notify.add_channel(world.admin, kind="wecom", name="Group", url=url)


FIELDS = {
    "directory api_url": (_directory, "api_url", "API address", DirectorySource),
    "OIDC issuer": (_issuer, "issuer", "Issuer URL", IdentityProvider),
    "webhook url": (_webhook, "url", "Webhook address", Channel),
    "chat group url": (_chat_group, "url", "Webhook address", Channel),
}


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_an_internal_host_is_refused_when_saved_naming_the_field(world, settings, field, host):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
    save, key, label, model = FIELDS[field]
    with pytest.raises(ValidationError) as refused:
        save(world, f"http://{host}:8080/hook")
    message = refused.value.message_dict[key][0]
    assert message.startswith(f"{label}: ") and "inside the server's own network" in message
    assert not model.objects.exists()


def test_the_refusal_is_in_the_admins_language(world, settings):
    from django.utils import translation

    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _directory(world, "http://169.254.169.254/")
    assert "服务器自己的网络" in refused.value.message_dict["api_url"][0]


@pytest.mark.parametrize("host", ["8.8.8.8", "[2606:4700:4700::1111]", "example.invalid"])
def test_public_and_unresolvable_hosts_pass_the_check(settings, host):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
    assert guard.problem(f"https://{host}/", "X") == ""


def test_the_setting_allows_listed_hosts_and_networks_only(settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["localhost", "10.20.0.0/16"]
    assert guard.problem("http://localhost:1/", "X") == ""
    assert guard.problem("http://10.20.3.4/", "X") == ""
    assert guard.problem("http://127.0.0.1/", "X")
    assert guard.problem("http://10.21.0.1/", "X")


@pytest.mark.parametrize(
    "value, allowed",
    [("", False), ("0", False), ("1", True), ("true", True),
     ("vendor.intranet, 10.0.0.0/8", ["vendor.intranet", "10.0.0.0/8"])],
)  # fmt: skip
def test_the_setting_is_read_from_the_environment(value, allowed):
    from mubiao.settings import outbound_allowance

    assert outbound_allowance(value) == allowed


# -- at request time ---------------------------------------------------------------------------


class Redirector(Loopback):
    """Answers every request with a redirect to `target`, or 200 "{}" at /final."""

    def __init__(self):
        self.requests = []
        owner = self

        class Handler(QuietHandler):
            def do_GET(self):
                owner.requests.append((self.path, self.headers.get("Host")))
                if self.path == "/final":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                    return
                self.send_response(302)
                self.send_header("Location", f"{owner.base}/final")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.serve(Handler)


def test_a_saved_directory_now_inside_the_network_is_not_called(world, settings):
    with acme_directory(Feishu()) as feishu:
        _directory(world, feishu.url)  # saved while allowed (an on-premises vendor)
        settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
        with pytest.raises(DirectoryError) as refused:
            directory.sync(world.admin, dry_run=True)
    assert feishu.calls == []
    assert "is inside the server's own network" in refused.value.message


def test_an_issuer_now_inside_the_network_is_not_called(settings):
    with Redirector() as server:
        settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
        with pytest.raises(oidc.SignInProblem) as refused:
            oidc.check_issuer(server.base, "Okta")
    assert refused.value.message.startswith("Issuer URL: 127.0.0.1 is inside")
    assert server.requests == []


def test_a_redirect_to_an_internal_host_is_refused_with_requests(settings):
    # localhost is allowed (by name), 127.0.0.1 is not: the redirect's hop is checked again.
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["localhost"]
    with Redirector() as server, transports.pin(requests.Session()) as session:
        start = server.base.replace("127.0.0.1", "localhost")
        with pytest.raises(transports.RefusedConnection):
            session.get(f"{start}/start", timeout=5)
    assert server.requests == [("/start", start.removeprefix("http://"))]


def test_a_redirect_to_an_internal_host_is_refused_with_httpx(settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["localhost"]
    with Redirector() as server, transports.pinned_httpx(follow_redirects=True) as client:
        start = server.base.replace("127.0.0.1", "localhost")
        with pytest.raises(transports.RefusedAddress):
            client.get(f"{start}/start", timeout=5)
    assert [path for path, _host in server.requests] == ["/start"]


def test_requests_connects_to_the_checked_address_under_its_own_name(settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = ["127.0.0.0/8", "::1/128"]
    with Redirector() as server, transports.pin(requests.Session()) as session:
        start = server.base.replace("127.0.0.1", "localhost")
        answer = session.get(f"{start}/start", timeout=5)
    assert answer.json() == {}
    # Asked for by name both times (Host), though dialled at the checked address.
    assert server.requests == [
        ("/start", start.removeprefix("http://")),
        ("/final", server.base.removeprefix("http://")),
    ]


def test_an_unresolvable_host_is_a_connection_error_not_a_crash(settings):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = False
    with transports.pinned_httpx() as client, pytest.raises(httpx.ConnectError):
        client.get("http://no-such-host.invalid/", timeout=2)
