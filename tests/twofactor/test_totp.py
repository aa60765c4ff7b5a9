"""Two-factor sign-in for owners and admins with codes computed here as an authenticator app
does (TOTP, RFC 6238): enrolment, the second step at sign-in, replay, throttling, recovery
codes (stored hashed, each once)."""

import hashlib
import re
import time
from base64 import b32encode

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mubiao.twofactor.models import RecoveryCode

PASSWORD = "pw-Mubiao-2026"


def code_for(device, at=None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    answer = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert answer.status_code == 302
    page = client.get("/accounts/two-factor/").content.decode()
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def enrolled(world, client_for):
    device, codes = enrol(client_for(world.admin))
    # The code that confirmed the app is spent for this time step: as if the sign-ins below
    # came a minute later, a code of the current step is accepted once.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return device, codes


def sign_in(email, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    answer = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    return client, answer


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_enrolment_gives_recovery_codes_stored_only_as_digests(world, client_for):
    client = client_for(world.admin)
    device, codes = enrol(client)
    assert device.confirmed and device.user == world.admin.user
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(
        RecoveryCode.objects.filter(user=world.admin.user).values_list("digest", flat=True)
    )
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    page = client.get("/accounts/two-factor/").content.decode()
    assert "10 recovery codes left" in page and codes[0] not in page  # shown once


def test_reloading_the_setup_page_keeps_the_one_secret_being_set_up(world, client_for):
    client = client_for(world.admin)
    first = client.get("/accounts/two-factor/").content.decode()
    second = client.get("/accounts/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=world.admin.user)  # one device, not one per visit
    secret = b32encode(device.bin_key).decode()
    assert not device.confirmed and secret in first and secret in second


def test_a_wrong_first_code_does_not_switch_it_on(world, client_for):
    client = client_for(world.admin)
    client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    answer = client.post(
        "/accounts/two-factor/", {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 400
    assert "验证码不正确" in answer.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_members_are_not_offered_two_factor(world, client_for):
    assert client_for(world.alice).get("/accounts/two-factor/").status_code == 404


def test_the_password_alone_no_longer_signs_in(world, enrolled):
    device, _codes = enrolled
    client, answer = sign_in(world.admin.user.email)
    assert answer.status_code == 302 and answer["Location"] == "/accounts/two-factor/verify"
    assert not signed_in(client)
    answer = client.post("/accounts/two-factor/verify", {"code": code_for(device)})
    assert answer.status_code == 302 and signed_in(client)


def test_a_code_works_once(world, enrolled):
    device, _codes = enrolled
    code = code_for(device)
    client, _answer = sign_in(world.admin.user.email)
    client.post("/accounts/two-factor/verify", {"code": code})
    assert signed_in(client)
    again, _answer = sign_in(world.admin.user.email)
    answer = again.post("/accounts/two-factor/verify", {"code": code})
    assert answer.status_code == 400 and not signed_in(again)


def test_wrong_codes_are_slowed_down(world, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first failure
    device, _codes = enrolled
    client, _answer = sign_in(world.admin.user.email, "zh-hans")
    first = client.post("/accounts/two-factor/verify", {"code": "111111"})
    assert "验证码不正确" in first.content.decode()
    # Within the wait after a failure even the right code is refused (then 2, 4, … times).
    second = client.post("/accounts/two-factor/verify", {"code": code_for(device)})
    assert second.status_code == 400 and not signed_in(client)
    assert "错误次数过多" in second.content.decode()


def test_a_recovery_code_signs_in_once(world, enrolled):
    _device, codes = enrolled
    client, _answer = sign_in(world.admin.user.email)
    client.post("/accounts/two-factor/verify", {"code": codes[0].upper().replace("-", " ")})
    assert signed_in(client)
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1
    again, _answer = sign_in(world.admin.user.email)
    assert again.post("/accounts/two-factor/verify", {"code": codes[0]}).status_code == 400


def test_verify_without_a_password_first_goes_back_to_sign_in(db):
    answer = Client().post("/accounts/two-factor/verify", {"code": "123456"})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/"


def test_switching_off_takes_a_current_code(world, enrolled, client_for):
    device, _codes = enrolled
    client = client_for(world.admin)
    client.post("/accounts/two-factor/change", {"code": "000000", "action": "off"})
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1
    device.save()
    client.post("/accounts/two-factor/change", {"code": code_for(device), "action": "off"})
    assert not TOTPDevice.objects.exists() and not RecoveryCode.objects.exists()
