"""Sign-in protection over real HTTP (live server): failed sign-ins lock the account out from the
client address for a cool-off, and many failures the address as a whole (here at the same
small limit; tests/accounts/test_signin_pairs.py has the pairs against a higher one), on
every way in that takes a secret (password, reset link,
invitation link), and X-Forwarded-For is only believed when MUBIAO_PROXY_COUNT says so."""

import datetime as dt
import re
from urllib.parse import urlsplit

import httpx
import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F

from mubiao.accounts import services as people
from tests.conftest import make_world

PASSWORD = "pw-Mubiao-2026"
LIMIT = 3


@pytest.fixture
def acme(transactional_db, settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = LIMIT
    return make_world("acme")


@pytest.fixture
def http(live_server):
    def make(address: str | None = None, language: str = "en") -> httpx.Client:
        headers = {"Accept-Language": language}
        if address:
            headers["X-Forwarded-For"] = address
        return httpx.Client(base_url=live_server.url, headers=headers, timeout=30)

    return make


def csrf(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def expected_answers(ok: int) -> list[int]:
    """What LIMIT failures answer: the form again, and the lockout page at the limit."""
    return [ok] * (LIMIT - 1) + [429]


def sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    token = csrf(client, "/accounts/login/")
    return client.post(
        "/accounts/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": token},
    )


def test_failed_passwords_lock_the_account_from_that_address(acme, http, settings):
    settings.MUBIAO_PROXY_COUNT = 1  # one trusted proxy: X-Forwarded-For is the address
    with http("203.0.113.1") as client:
        answers = [sign_in(client, "Alice@acme.test", "wrong").status_code for _ in range(LIMIT)]
        assert answers == expected_answers(200)
        refused = sign_in(client, "alice@acme.test", PASSWORD)  # the right password, too late
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) == 15 * 60
        assert "Too many failed attempts" in refused.text
        assert "_auth_user_id" not in client.cookies.get("sessionid", "")
        assert client.get("/").status_code == 302  # not signed in
    with http("198.51.100.7") as client:  # the account from elsewhere is not affected
        assert sign_in(client, "alice@acme.test", PASSWORD).status_code == 302


def test_failed_passwords_over_many_accounts_lock_the_address(acme, http, settings):
    settings.MUBIAO_PROXY_COUNT = 1
    with http("203.0.113.9", language="zh-hans") as client:
        answers = [sign_in(client, f"nobody{n}@acme.test", "wrong") for n in range(LIMIT)]
        # the failure that reaches the address's limit answers the lockout page, as an account's
        assert [answer.status_code for answer in answers] == expected_answers(200)
        refused = sign_in(client, "bob@acme.test", PASSWORD)
        assert refused.status_code == 429
        assert "失败尝试次数过多" in refused.text
    with http("203.0.113.10") as client:
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 302


def test_a_spoofed_forwarded_for_is_ignored_unless_a_proxy_is_configured(acme, http, settings):
    assert settings.MUBIAO_PROXY_COUNT == 0
    for n in range(LIMIT):
        with http(f"203.0.113.{n + 1}") as client:  # a new "address" each time, all made up
            sign_in(client, f"nobody{n}@acme.test", "wrong")
    with http("198.51.100.200") as client:
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 429


def test_with_two_proxies_the_address_the_outer_one_saw_counts(acme, http, settings):
    settings.MUBIAO_PROXY_COUNT = 2
    # The client's own (made-up) entry changes; what the outer proxy saw stays 203.0.113.5.
    for n in range(LIMIT):
        with http(f"10.9.9.{n}, 203.0.113.5, 10.0.0.2") as client:
            sign_in(client, f"nobody{n}@acme.test", "wrong")
    with http("10.9.9.99, 203.0.113.5, 10.0.0.2") as client:
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 429
    with http("203.0.113.6, 10.0.0.2") as client:
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(acme, http):
    # The failures are aged past the 15-minute cool-off rather than waited out: a cool-off of a
    # second (and a sleep) let a loaded machine unlock the account before the check that it is
    # locked.
    with http() as client:
        for _ in range(LIMIT):
            sign_in(client, "alice@acme.test", "wrong")
        assert sign_in(client, "alice@acme.test", PASSWORD).status_code == 429
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))
        assert sign_in(client, "alice@acme.test", PASSWORD).status_code == 302


def _reset_link(client: httpx.Client, email: str) -> str:
    token = csrf(client, "/accounts/password-reset/")
    client.post("/accounts/password-reset/", data={"email": email, "csrfmiddlewaretoken": token})
    return urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path


def _invitation_link(acme, client=None) -> str:
    people.invite_member(acme.admin, email=f"new{len(mail.outbox)}@acme.test")
    return urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body).group(0)).path


# Every way in through a secret link: how to get a good link, and how a forged one looks.
SECRET_LINKS = {
    "password reset": lambda acme, client: _reset_link(client, "bob@acme.test"),
    "invitation": _invitation_link,
}


@pytest.mark.parametrize("way", SECRET_LINKS)
def test_guessing_secret_links_locks_the_address(acme, http, settings, way):
    settings.MUBIAO_PROXY_COUNT = 1
    with http("203.0.113.20") as client:
        good = SECRET_LINKS[way](acme, client)
        forged = good[:-3] + ("b" if good[-3] != "b" else "c") + good[-2:]
        answers = [client.get(forged).status_code for _ in range(LIMIT)]
        assert answers == expected_answers(200 if way == "password reset" else 410)
        refused = client.get(good)  # even a good link, from this address, for the cool-off
        assert refused.status_code == 429
        # The address limit (here as low as the per-link one) refuses every link from it.
        assert "links that do not work were opened from your network" in refused.text
    with http("203.0.113.21") as client:
        answer = client.get(good, follow_redirects=True)
        assert answer.status_code == 200
        assert 'type="password"' in answer.text
        # the address was locked, not the account the link is for
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 302


def test_a_new_password_by_email_ends_the_accounts_lockout(acme, http, settings):
    settings.MUBIAO_PROXY_COUNT = 1
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = 0
    with http("198.51.100.1") as client:
        for _ in range(LIMIT):
            sign_in(client, "bob@acme.test", "wrong")
    with http("198.51.100.1") as client:
        assert sign_in(client, "bob@acme.test", PASSWORD).status_code == 429
        form_page = client.get(_reset_link(client, "bob@acme.test"), follow_redirects=True)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
        saved = client.post(
            str(form_page.url.path),
            data={"new_password1": "Fresh-2026-pass", "new_password2": "Fresh-2026-pass",
                  "csrfmiddlewaretoken": token},
        )  # fmt: skip
        assert saved.status_code == 302
        assert sign_in(client, "bob@acme.test", "Fresh-2026-pass").status_code == 302


def test_reset_emails_are_limited_per_address_and_per_email(acme, http, settings):
    settings.MUBIAO_PROXY_COUNT = 1
    settings.MUBIAO_RESET_EMAILS_PER_HOUR = 2
    with http("203.0.113.30") as client:
        for _ in range(2):
            _reset_link(client, "alice@acme.test")
        token = csrf(client, "/accounts/password-reset/")
        refused = client.post(
            "/accounts/password-reset/",
            data={"email": "alice@acme.test", "csrfmiddlewaretoken": token},
        )
        assert refused.status_code == 429
        assert "Too many password reset emails" in refused.text
        assert 0 < int(refused.headers["Retry-After"]) <= 3600
    sent = len(mail.outbox)
    with http("203.0.113.31") as client:  # the same email from elsewhere: still limited
        token = csrf(client, "/accounts/password-reset/")
        data = {"email": "alice@acme.test", "csrfmiddlewaretoken": token}
        assert client.post("/accounts/password-reset/", data=data).status_code == 429
        data["email"] = "bob@acme.test"  # another email from this address: fine
        assert client.post("/accounts/password-reset/", data=data).status_code == 302
    assert len(mail.outbox) == sent + 1


def test_the_admin_sign_in_shares_the_count(acme, http):
    with http() as client:
        for _ in range(LIMIT - 1):
            sign_in(client, "admin@acme.test", "wrong")
        token = csrf(client, "/admin/login/")
        refused = client.post(
            "/admin/login/",
            data={"username": "admin@acme.test", "password": "wrong", "csrfmiddlewaretoken": token},
        )
        assert refused.status_code == 429
        assert sign_in(client, "admin@acme.test", PASSWORD).status_code == 429
