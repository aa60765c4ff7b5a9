"""Secrets Mubiao must use again later (identity providers' client secrets, chat channels'
webhook keys and signing secrets), encrypted at rest: a vendor signature needs the secret
itself, so a hash will not do.

Fernet (AES-128-CBC with HMAC-SHA256, from the maintained `cryptography` package) under a key
derived from SECRET_KEY by HKDF with a `purpose` info string, so each use has its own key and
a secret of one never decrypts as another's. A copy of the database alone reveals nothing.
Changing SECRET_KEY makes stored secrets unreadable (`decrypt` gives None); each app then asks
for the secret again (README).
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _key(purpose: str) -> bytes:
    if not purpose:
        raise ValueError("vault: a purpose is required")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"mubiao.{purpose}".encode()
    ).derive(settings.SECRET_KEY.encode())


def _fernet(purpose: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key(purpose)))


def encrypt(plain: str, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(plain.encode()).decode()


def decrypt(stored: str, *, purpose: str) -> str | None:
    """The secret, or None when it cannot be read (another SECRET_KEY or purpose encrypted
    it, or the stored text was damaged)."""
    try:
        return _fernet(purpose).decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def hint(plain: str) -> str:
    """What a settings page shows of a secret once stored, so that an admin can tell which
    one is set: its last four characters when the secret is long enough that they give little
    away; for a shorter one, no character of it but a keyed fingerprint ("#" and four hex
    digits), which still tells two secrets apart and says that one is set."""
    if len(plain) > 8:
        return "…" + plain[-4:]
    key = _key("secret-hint")
    return "#" + hmac.new(key, plain.encode(), hashlib.sha256).hexdigest()[:4]
