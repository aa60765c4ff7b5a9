"""Issue 13, h13r: a used or expired single sign-on link (a callback reloaded) is no guessed
secret and is not counted toward the sign-in lock-out; a forged answer names no account and
counts toward the per-address limit (MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT), not the per-pair
one, so that people behind one office address are not locked out of every organization's
single sign-on."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from tests.directory.servers import SERVERS, acme_directory
from tests.sso.conftest import PASSWORD
from tests.sso.test_oidc import acme, browser, provider, to_provider_login
from tests.sso.test_workapps import connect, signed_in, to_vendor

__all__ = ["acme", "browser", "provider"]  # fixtures

PAIR_LIMIT, ADDRESS_LIMIT = 3, 8


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.AXES_FAILURE_LIMIT = PAIR_LIMIT
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT


@pytest.fixture
def feishu():
    with acme_directory(SERVERS["feishu"]()) as running:
        yield running


@pytest.mark.django_db
def test_app_callbacks_reloaded_by_an_office_lock_nobody_out(world, feishu):
    connect(world.admin, feishu)
    office = [Client() for _ in range(ADDRESS_LIMIT + 2)]
    for person in office:
        back = to_vendor(person, feishu, "u-wang")
        assert person.get(back).status_code == 302
        person.logout()
        again = person.get(back)  # reloaded: used already
        assert again.status_code == 400 and b"expired or was used already" in again.content
    fresh = Client()
    assert fresh.get(to_vendor(fresh, feishu, "u-wang")).status_code == 302
    assert signed_in(fresh)


@pytest.mark.django_db
def test_forged_app_answers_count_toward_the_address_limit_only(world, feishu):
    connect(world.admin, feishu)
    forger = Client()
    back = to_vendor(forger, feishu, "u-wang")
    forged = back.replace("state=", "state=x")
    answers = [forger.get(forged).status_code for _ in range(ADDRESS_LIMIT)]
    assert answers == [400] * (ADDRESS_LIMIT - 1) + [429]
    assert forger.get(back).status_code == 429  # the address, for the cool-off
    # Saying the minutes left: ten minutes on, five of the 15-minute cool-off.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=10))
    later = forger.get(back)
    assert later.status_code == 429 and later["Retry-After"] == str(5 * 60)
    assert "Try again in 5 minutes." in later.content.decode()
    # Counted toward the address: its passwords are refused as well.
    answer = Client().post(
        "/accounts/login/", {"username": world.alice.user.email, "password": "pw-Mubiao-2026"}
    )
    assert answer.status_code == 429


def test_an_oidc_callback_reloaded_by_an_office_locks_nobody_out(provider, browser):
    for _ in range(PAIR_LIMIT + 2):
        client = browser()
        page = to_provider_login(client)
        client.follow_redirects = False
        next_url = re.search(r"name=next value='([^']+)'", page.text).group(1)
        answer = client.post(
            page.url,
            data={
                "username": "alice",
                "password": PASSWORD,
                "next": next_url.replace("&amp;", "&"),
            },
        )
        callback = client.get(page.url.join(answer.headers["location"])).headers["location"]
        assert client.get(callback).status_code == 302
        for _reload in range(2):
            again = client.get(callback)
            assert again.status_code == 400 and "expired or was used already" in again.text
    client = browser()
    assert client.get("/sso/acme/").status_code == 200  # to the provider, not refused
