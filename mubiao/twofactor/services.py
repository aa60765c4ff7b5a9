"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238) for owners and admins.

Codes are checked by django-otp's TOTPDevice: each code works once (a replayed one is refused)
and failures slow the device down (1, 2, 4, … seconds, OTP_TOTP_THROTTLE_FACTOR). Failed codes
at sign-in also count as failed sign-ins of the client address (accounts.throttle).
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from mubiao.okrs.services import log
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import speaks_actors_language, write_transaction
from mubiao.twofactor.models import RecoveryCode

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class TooSoon(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def device_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator, when they switched two-factor sign-in on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def may_enrol(membership: Membership | None) -> bool:
    return permissions.is_admin(membership)


@speaks_actors_language
def enrolment_device(actor: Membership) -> TOTPDevice:
    """The not yet confirmed authenticator being set up (a new secret the first time)."""
    permissions.require(may_enrol(actor))
    device = TOTPDevice.objects.filter(user=actor.user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=actor.user, name="Mubiao", confirmed=False)


def _digest(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _allowed(device: TOTPDevice) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details or {}).get("locked_until")
        seconds = max(int((wait - timezone.now()).total_seconds()) + 1, 1) if wait else 1
        raise TooSoon(seconds)


def _check_totp(device: TOTPDevice, code: str) -> bool:
    _allowed(device)
    return device.verify_token(_normal(code))


def _wrong_code() -> ValidationError:
    return ValidationError(
        {"code": _("That code is not right. Type the 6 digits your authenticator app shows now.")}
    )


@speaks_actors_language
def confirm(actor: Membership, code: str) -> list[str]:
    """Switch two-factor sign-in on with the first code from the app; returns the recovery
    codes (shown this once)."""
    device = enrolment_device(actor)
    if not _check_totp(device, code):
        raise _wrong_code()
    return _activate(actor, device)


@write_transaction
def _activate(actor: Membership, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=actor.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log(actor, "twofactor.enabled", actor)
    return _new_recovery_codes(actor.user)


def _new_recovery_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
        for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


def _require_code(actor: Membership, code: str) -> None:
    device = device_of(actor.user)
    if device is None or not _check_totp(device, code):
        raise _wrong_code()


@speaks_actors_language
def renew_recovery_codes(actor: Membership, code: str) -> list[str]:
    _require_code(actor, code)
    return _renew_recovery_codes(actor)


@write_transaction
def _renew_recovery_codes(actor: Membership) -> list[str]:
    codes = _new_recovery_codes(actor.user)
    # The codes themselves are a secret, as a password is: the log says only that they changed.
    log(actor, "twofactor.recovery_codes_renewed", actor)
    return codes


@speaks_actors_language
def switch_off(actor: Membership, code: str) -> None:
    _require_code(actor, code)
    _deactivate(actor)


@write_transaction
def _deactivate(actor: Membership) -> None:
    TOTPDevice.objects.filter(user=actor.user).delete()
    RecoveryCode.objects.filter(user=actor.user).delete()
    log(actor, "twofactor.disabled", actor)


def verify_sign_in(user, code: str) -> bool:
    """The second step of signing in: a code from the app, or an unused recovery code (then
    used up). TooSoon while the device is slowed down after failures."""
    device = device_of(user)
    if device is None:
        return False
    _allowed(device)
    if len(_normal(code)) == 12:
        used = RecoveryCode.objects.filter(
            user=user, digest=_digest(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            return True
        device.throttle_increment()
        return False
    return _check_totp(device, code)


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
