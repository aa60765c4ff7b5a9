"""One-tap check-in links: signed (django.core.signing, SECRET_KEY), expiring after 7 days, for
one person and one key result or all of theirs. The link carries identities only; the page
re-reads the person and their rights on every use, so a link never grants more than they have
now and stops working when they are deactivated."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "mubiao.notify.check-in-link"
MAX_AGE_DAYS = 7


def token_for(membership_id: int, key_result_id: int | None = None) -> str:
    return signing.dumps({"m": membership_id, "k": key_result_id or 0}, salt=SALT, compress=True)


def check_in_url(membership_id: int, key_result_id: int | None = None) -> str:
    path = reverse("notify_check_in", args=[token_for(membership_id, key_result_id)])
    return settings.SITE_URL + path


def read(token: str) -> tuple[int, int | None]:
    """(membership id, key result id or None for "all mine"). Raises signing.SignatureExpired
    after 7 days and signing.BadSignature for anything not made by token_for."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        raise signing.BadSignature("malformed")
    return data["m"], (data.get("k") or None)


def person_of(token: str) -> int | None:
    """The membership id a link made by token_for names, expired or not (to answer in their
    language that it no longer works); None for anything else."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return data.get("m") if isinstance(data, dict) and isinstance(data.get("m"), int) else None


# "Link your chat account": sent (only to the presser) when an unknown chat user presses a
# card's button. Opening it signed in to Mubiao, in the same organization, and confirming lets
# that chat account act as you; it carries the chat identity only, never a Mubiao one. Each
# press gives a new link (its nonce), which links once (notify.services.link_chat_account
# claims it): a link passed on afterwards links nobody.
CHAT_SALT = "mubiao.notify.chat-link"
CHAT_MAX_AGE_HOURS = 24


def chat_link_url(organization_id: int, vendor: str, workspace: str, user_id: str) -> str:
    token = signing.dumps(
        {
            "o": organization_id,
            "v": vendor,
            "w": workspace,
            "u": user_id,
            "n": secrets.token_urlsafe(9),
        },
        salt=CHAT_SALT,
        compress=True,
    )
    return settings.SITE_URL + reverse("notify_chat_link", args=[token])


def chat_link_key(token: str) -> str:
    """What a chat link is claimed by when it is used (one use each)."""
    return hashlib.sha256(token.encode()).hexdigest()


def read_chat_link(token: str) -> tuple[int, str, str, str]:
    """(organization id, vendor, workspace, chat user id); raises signing.SignatureExpired after
    a day and signing.BadSignature for anything not made by chat_link_url."""
    data = signing.loads(token, salt=CHAT_SALT, max_age=CHAT_MAX_AGE_HOURS * 3600)
    fields = (
        (data.get("o"), data.get("v"), data.get("w"), data.get("u"))
        if isinstance(data, dict)
        else ()
    )
    if (
        len(fields) != 4
        or not isinstance(fields[0], int)
        or not all(isinstance(f, str) for f in fields[1:])
    ):
        raise signing.BadSignature("malformed")
    return fields
