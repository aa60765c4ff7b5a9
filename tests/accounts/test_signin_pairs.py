"""Failed sign-ins lock an account out from the address they came from, not the address as a
whole: colleagues behind one NAT or proxy keep signing in whatever typos the others make. Every
way in that checks a secret for a named account (the sign-in page, the admin's, the
two-factor step) counts the same way; only the much higher per-address limit refuses an
address for every account."""

import datetime as dt
import re
import time

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_member, make_world

PASSWORD = "pw-Mubiao-2026"
LIMIT = 3
COLLEAGUES = [f"colleague{n}@acme.test" for n in range(LIMIT + 1)]


def _code(device, at: float) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at
    return f"{totp.token():06d}"


def _password(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def _admin_page(client, email, password):
    return client.post("/admin/login/", {"username": email, "password": password})


def _two_factor(client, email, password):
    """The password is right, the code is `password` == PASSWORD or an hour old."""
    _password(client, email, PASSWORD)
    device = TOTPDevice.objects.get(user__email=email)
    at = time.time() if password == PASSWORD else time.time() - 3600
    return client.post("/accounts/two-factor/verify", {"code": _code(device, at)})


WAYS = {"sign-in page": _password, "admin sign-in": _admin_page, "two-factor": _two_factor}


@pytest.fixture
def acme(db, settings, way):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = 0
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own slowing down is tested elsewhere
    world = make_world("acme")
    for email in COLLEAGUES:
        user = make_member(world.org, email, email.split("@")[0], role="admin").user
        if way == "two-factor":
            TOTPDevice.objects.create(user=user, name="Mubiao", confirmed=True)
    return world


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def signs_in(way, address: str, email: str) -> bool:
    """Whether the right secrets sign in (the admin's page only signs staff in: its failures
    share the count, checked through the sign-in page)."""
    client = client_at(address)
    has_device = TOTPDevice.objects.filter(user__email=email).exists()
    answer = (_two_factor if has_device else _password)(client, email, PASSWORD)
    return answer.status_code == 302 and "_auth_user_id" in client.session


def fail(way, address: str, email: str) -> int:
    return way(client_at(address), email, "wrong").status_code


@pytest.mark.parametrize("way", WAYS)
def test_one_typo_each_from_one_address_locks_nobody_out(acme, way):
    answers = [fail(WAYS[way], "203.0.113.1", email) for email in COLLEAGUES[:LIMIT]]
    assert 429 not in answers
    assert all(signs_in(WAYS[way], "203.0.113.1", email) for email in COLLEAGUES)


@pytest.mark.parametrize("way", WAYS)
def test_failures_lock_that_account_from_that_address_only(acme, way):
    guessed = COLLEAGUES[0]
    answers = [fail(WAYS[way], "203.0.113.1", guessed) for _ in range(LIMIT)]
    assert answers[-1] == 429
    assert not signs_in(WAYS[way], "203.0.113.1", guessed)  # the right secret, too late
    assert signs_in(WAYS[way], "203.0.113.1", COLLEAGUES[1])  # a colleague behind the same NAT
    assert signs_in(WAYS[way], "198.51.100.7", guessed)  # the account from its owner's address


@pytest.mark.parametrize("way", WAYS)
def test_many_failures_from_one_address_lock_the_address(acme, settings, way):
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = LIMIT + 1
    for email in COLLEAGUES:
        fail(WAYS[way], "203.0.113.1", email)
    assert not signs_in(WAYS[way], "203.0.113.1", "bob@acme.test")
    assert signs_in(WAYS[way], "198.51.100.7", "bob@acme.test")


def _aged(minutes: int) -> None:
    """The clock moved on by `minutes`: every failure counted is that much older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def _lockout(answer) -> tuple[int, str, str]:
    text = re.search(r'role="alert">(.*?)</p>', answer.content.decode()).group(1)
    return answer.status_code, answer["Retry-After"], text


# What locks the client out: an account from the address (LIMIT failures), or the address as a
# whole (failures over every colleague at the address limit).
LOCKS = {"account": [COLLEAGUES[0]] * LIMIT, "address": COLLEAGUES}


def _right_secret(way, client, email):
    """The right secret for `email`; on the two-factor step, the code alone, by a `client`
    whose password was accepted before the lockout (the step's own refusal)."""
    if way is not _two_factor:
        return way(client, email, PASSWORD)
    device = TOTPDevice.objects.get(user__email=email)
    return client.post("/accounts/two-factor/verify", {"code": _code(device, time.time())})


@pytest.mark.parametrize("lock", LOCKS)
@pytest.mark.parametrize("way", WAYS)
def test_the_lockout_quotes_the_minutes_left_and_ends_then(acme, settings, way, lock):
    settings.MUBIAO_SIGNIN_ADDRESS_FAILURE_LIMIT = LIMIT + 1 if lock == "address" else 0
    client, zh = client_at("203.0.113.1"), client_at("203.0.113.1")
    zh.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    if way == "two-factor":
        for each in (client, zh):
            _password(each, COLLEAGUES[0], PASSWORD)
    for email in LOCKS[lock]:
        fail(WAYS[way], "203.0.113.1", email)
    english = "Too many failed attempts for this account or from your network. Try again in "
    # The right secret at once, ten minutes later (in Chinese), and after the 15-minute cool-off:
    # a refused try does not start the cool-off again.
    assert _lockout(_right_secret(WAYS[way], client, COLLEAGUES[0])) == (
        429, "900", english + "15 minutes."
    )  # fmt: skip
    _aged(10)
    assert _lockout(_right_secret(WAYS[way], zh, COLLEAGUES[0])) == (
        429, "300", "此账户或你所在网络的失败尝试次数过多。请在 5 分钟后重试。"
    )  # fmt: skip
    _aged(4)
    answer = _right_secret(WAYS[way], client, COLLEAGUES[0])
    assert _lockout(answer)[1:] == ("60", english + "1 minute.")
    _aged(2)
    assert signs_in(WAYS[way], "203.0.113.1", COLLEAGUES[0])
