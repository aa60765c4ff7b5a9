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

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet(purpose: str) -> Fernet:
    if not purpose:
        raise ValueError("vault: a purpose is required")
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"mubiao.{purpose}".encode()
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


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
    """What a settings page shows of a secret once stored: its last four characters, and
    only for a secret long enough that they give little away."""
    return "…" + plain[-4:] if len(plain) > 8 else "…"
