"""Issue 13, review rv-invites: a fresh tester's minor findings on invitation links.

1. Deactivating a pending invitee kills every link; reactivating opens a new invitation (new
   nonce): the old links stay dead, the new one can be copied or sent.
2. Pages whose address carries a secret are never stored (Cache-Control: no-store).
3. Bad links from one client lock out that link from that address, and all links from that
   address only at the much higher per-address limit: never the links of everyone.
4. The lockout page says what happened and when to try again, in both languages.
5. A dead copied link says what is true (replaced, withdrawn; ask your admin), the same words
   whatever account the address has."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse

from mubiao.accounts import services as accounts
from mubiao.accounts.models import Invitation, User
from mubiao.orgs import services as orgs
from mubiao.orgs.models import Membership
from mubiao.people.services import import_people

pytestmark = pytest.mark.django_db

LIMIT = 3


def invite(world, email) -> Membership:
    return accounts.invite_member(world.admin, email=email, name="Typed Name")


def links(member) -> dict[str, str]:
    invitation = Invitation.objects.get(membership=member)
    return {
        kind: urlsplit(accounts.invitation_url(invitation, mailbox=kind == "mailbox")).path
        for kind in ("copied", "mailbox")
    }


def set_active(world, member, active: bool) -> None:
    member.refresh_from_db()
    orgs.update_member(world.admin, member, role=member.role, is_active=active)


def alert(page) -> str:
    return re.search(r'role="alert">(.*?)</p>', page.content.decode()).group(1)


def forged(path: str) -> str:
    return path[:-3] + ("b" if path[-3] != "b" else "c") + path[-2:]


# 1 ------------------------------------------------------------------------------------------


def assert_old_links_dead_and_a_new_one_open(member, before) -> None:
    for kind, path in before.items():
        page = Client().get(path)
        assert page.status_code == 410, kind  # the tester's finding: 200, the link alive again
        assert "replaced" in alert(page)
    # A new invitation, pending, with its own links: the admin copies one or sends it.
    invitation = Invitation.objects.get(membership=member)
    assert invitation.state == Invitation.State.PENDING
    after = links(member)
    assert set(after.values()).isdisjoint(before.values())
    assert Client().get(after["copied"]).status_code == 200


def import_status(world, email, status) -> None:
    data = f"email,status\n{email},{status}\n".encode()
    import_people(world.admin, file_name="people.csv", data=data)


@pytest.mark.parametrize("way", ["admin", "people import"])
def test_reactivating_a_pending_invitee_does_not_revive_the_old_links(world, way):
    member = invite(world, "nina@acme.test")
    before = links(member)
    if way == "admin":
        set_active(world, member, False)
    else:
        import_status(world, "nina@acme.test", "deactivated")
    for path in before.values():
        assert Client().get(path).status_code == 410  # what it says: test_a_dead_copied_link_…
    if way == "admin":
        set_active(world, member, True)
    else:
        import_status(world, "nina@acme.test", "active")
    assert_old_links_dead_and_a_new_one_open(member, before)
    mail.outbox.clear()
    accounts.resend_invitation(world.admin, member)
    (message,) = mail.outbox
    sent = urlsplit(re.search(r"https?://\S+", message.body).group(0)).path
    assert 'type="password"' in Client().get(sent).content.decode()


def test_a_directory_sync_that_lists_an_invitee_again_does_not_revive_the_old_links(
    world, settings
):
    from mubiao.directory import services as directory
    from tests.directory.servers import SERVERS, acme_directory
    from tests.directory.test_sync import connect

    settings.MUBIAO_DIRECTORY_HOLD_PERCENT = 100
    with acme_directory(SERVERS["feishu"]()) as server:
        connect(world, server, invite=True)
        directory.sync(world.admin)
        member = world.org.memberships.get(user__email="wang@acme.test")
        before = links(member)
        server.people["u-wang"]["active"] = False
        directory.sync(world.admin)
        assert Client().get(before["copied"]).status_code == 410
        server.people["u-wang"]["active"] = True
        directory.sync(world.admin)
    member.refresh_from_db()
    assert member.is_active
    assert_old_links_dead_and_a_new_one_open(member, before)


def test_a_withdrawn_invitation_stays_withdrawn_while_deactivated(world):
    """Withdrawing deactivates; the invitation is withdrawn in the database too (not only hidden
    behind the inactive membership), so no later path that reactivates revives its links."""
    member = invite(world, "gone@acme.test")
    set_active(world, member, False)
    assert Invitation.objects.get(membership=member).state == Invitation.State.REVOKED


# 2 ------------------------------------------------------------------------------------------


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_with_a_secret_in_their_address_are_never_stored(world):
    member = invite(world, "nina@acme.test")
    paths = links(member)
    client = Client()
    for kind, path in paths.items():
        assert no_store(client.get(path)), kind
        assert no_store(client.get(forged(path))), kind  # the refusal too
    # A password-reset link, its redirect and its form.
    client.post(reverse("password_reset"), {"email": "alice@acme.test"})
    reset = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    first = client.get(reset)
    assert first.status_code == 302 and no_store(first)
    assert no_store(client.get(first.url))
    # Two-factor set-up (it shows the secret) and the second step of a sign-in.
    admin = Client()
    admin.force_login(world.admin.user)
    setup = admin.get(reverse("twofactor_setup"))
    assert setup.status_code == 200 and no_store(setup)
    assert no_store(Client().get(reverse("twofactor_verify")))
    # Single sign-on callbacks carry the provider's one-time code.
    assert no_store(Client().get(reverse("sso_callback", args=["acme"]) + "?code=x&state=y"))
    assert no_store(Client().get(reverse("sso_app_callback", args=["acme"]) + "?code=x"))


# 3 and 4 ------------------------------------------------------------------------------------


@pytest.fixture
def low_limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = LIMIT * 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


def test_bad_links_from_one_client_do_not_lock_out_everyone_elses_links(world, low_limits):
    good = links(invite(world, "nina@acme.test"))["copied"]
    target = links(invite(world, "omar@acme.test"))["copied"]
    office = Client(REMOTE_ADDR="198.51.100.7")  # the attacker and the invitees behind one NAT
    answers = [office.get(forged(target)).status_code for _ in range(LIMIT + 2)]
    assert answers == [410] * (LIMIT - 1) + [429] * 3
    # The link guessed at is refused from that address; another link is not (the finding: 429).
    assert office.get(target).status_code == 429
    assert office.get(good).status_code == 200
    # Nor is the guessed link from elsewhere.
    assert Client(REMOTE_ADDR="203.0.113.9").get(target).status_code == 200


def test_many_bad_links_lock_the_address_out_and_say_so(world, low_limits):
    good = links(invite(world, "nina@acme.test"))["copied"]
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(LIMIT * 3):  # one try at each of many made-up links: the per-address limit
        attacker.get(f"/accounts/invitation/made-up-{n}:sig/")
    refused = attacker.get(good)
    assert refused.status_code == 429
    assert alert(refused) == (
        "Too many invitation or password-reset links that do not work were opened from your "
        "network, so links opened from it are refused for now. Try again in 15 minutes."
    )
    assert refused["Retry-After"] == str(15 * 60)
    # When to try again is when the refusal ends: ten minutes later, five minutes are left.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=10))
    later = attacker.get(good, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert later.status_code == 429 and later["Retry-After"] == str(5 * 60)
    assert alert(later) == (
        "你所在的网络打开了过多无效的邀请链接或重置密码链接，来自该网络的链接暂时被拒绝。"
        "请在 5 分钟后重试。"
    )
    assert Client(REMOTE_ADDR="203.0.113.9").get(good).status_code == 200


def test_the_per_link_refusal_says_so_in_both_languages(world, low_limits):
    target = links(invite(world, "omar@acme.test"))["mailbox"]
    client = Client(REMOTE_ADDR="198.51.100.8")
    for _ in range(LIMIT):
        client.get(forged(target))
    english = client.get(target)
    assert alert(english) == (
        "This link was tried too many times from your network without working. Try it again "
        "in 15 minutes, or ask for a new link."
    )
    chinese = client.get(target, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert alert(chinese) == (
        "你所在的网络使用此链接失败的次数过多。请在 15 分钟后再试，或索取新链接。"
    )


def test_bad_reset_links_count_per_link_too(world, low_limits):
    client = Client(REMOTE_ADDR="198.51.100.9")
    client.post(reverse("password_reset"), {"email": "alice@acme.test"})
    alices = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    client.post(reverse("password_reset"), {"email": "bob@acme.test"})
    bobs = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path
    for _ in range(LIMIT):
        client.get(forged(alices))
    assert client.get(alices).status_code == 429
    assert client.get(bobs).status_code == 302  # on to the form: not locked out


# 5 ------------------------------------------------------------------------------------------


def _no_account(world):
    return invite(world, "nina@acme.test")


def _account_with_password(world):
    User.objects.create_user(email="solo@example.test", password="pw-Mubiao-2026")
    return invite(world, "solo@example.test")


def _replaced(world, member):
    accounts.resend_invitation(world.admin, member)


def _withdrawn(world, member):
    accounts.revoke_invitation(world.admin, member)


def _deactivated(world, member):
    set_active(world, member, False)


DEAD = {
    _replaced: "A newer link replaced this one. Ask your admin for the new link.",
    _withdrawn: "This invitation was withdrawn. Ask your admin for a new one.",
    _deactivated: "This invitation was withdrawn. Ask your admin for a new one.",
}


@pytest.mark.parametrize("kill", DEAD, ids=lambda kill: kill.__name__)
def test_a_dead_copied_link_says_what_is_true_and_nothing_of_the_account(world, kill):
    pages = []
    for make in (_no_account, _account_with_password):
        member = make(world)
        path = links(member)["copied"]
        kill(world, member)
        page = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
        assert page.status_code == 410
        assert alert(page) == DEAD[kill]
        html = page.content.decode().replace(path, "PATH")
        pages.append(re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]+"', r'\1"*"', html))
    assert pages[0] == pages[1]


def test_a_dead_copied_link_speaks_chinese(world):
    member = invite(world, "nina@acme.test")
    path = links(member)["copied"]
    accounts.resend_invitation(world.admin, member)
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(path)
    assert alert(page) == "此链接已被新的链接取代，请向管理员索取新链接。"
    accounts.revoke_invitation(world.admin, member)
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(path)
    assert alert(page) == "此邀请已被撤回。如仍需加入，请联系管理员重新邀请。"
