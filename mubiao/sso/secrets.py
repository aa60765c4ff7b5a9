"""Secrets kept for outside services (identity providers' client secrets), encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) with a key derived from SECRET_KEY by HKDF: a copy of the
database alone does not reveal them. Changing SECRET_KEY makes stored secrets unreadable; the
settings page then asks for the secret again (README).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mubiao.sso.secrets").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str | None:
    """The secret, or None when it cannot be read (another SECRET_KEY encrypted it)."""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except (InvalidToken, ValueError):
        return None
