"""Channel secrets at rest: encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the
maintained `cryptography` package) under a key derived from Django's SECRET_KEY, because a
vendor signature (飞书, 钉钉, webhooks) needs the secret itself, not a hash of it. Rotating
SECRET_KEY makes stored secrets unreadable: the channel then fails with a clear error and an
admin enters the secret again."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_SALT = b"mubiao.notify.channel-secret"


def _fernet() -> Fernet:
    key = hashlib.sha256(_SALT + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    """The secret, or raises ValueError when it cannot be read (SECRET_KEY changed)."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("channel secret unreadable") from error


def hint(plain: str) -> str:
    """What the settings page shows of a secret once stored: its last four characters."""
    return "…" + plain[-4:] if len(plain) > 8 else "…"
