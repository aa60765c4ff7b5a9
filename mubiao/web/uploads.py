"""An uploaded file kept in the person's session between its preview and the confirmation
(compressed, database-backed, so any app server can finish the import).

The confirm form carries back a preview token: a fresh random nonce, the time it was issued
and an HMAC of both with the file's digest (Django's salted_hmac, keyed by SECRET_KEY). It is
accepted once, within PREVIEW_MAX_AGE, for the file kept under that nonce in the same session:
a forged or altered token, an expired one, one already applied, or one of an earlier preview is
refused with a message that says which, and nothing is imported. The token is hex only, so it
fits any form field and URL.
"""

import base64
import hashlib
import secrets
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.web import create_once

FIELD = "preview"  # the confirm form's hidden field naming the preview it confirms
PREVIEW_MAX_AGE = 30 * 60  # seconds: a preview older than this describes a past organization
_SALT = "mubiao.web.uploads.preview"
_NONCE_HEX = 32
_ISSUED_HEX = 8
# Session key suffixes: the nonces issued and those already applied (short lists), to tell an
# earlier preview or a used one from a made-up token.
_ISSUED, _USED = ":issued", ":used"
_REMEMBERED = 20


class Stale(Exception):
    """The confirm form cannot be applied: `reason` is one of FORGED, EXPIRED, USED, REPLACED."""

    FORGED, EXPIRED, USED, REPLACED = "forged", "expired", "used", "replaced"

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self) -> str:
        if self.reason == Stale.FORGED:
            return _(
                "This import form was not issued by this server for your session (it was "
                "altered or copied): nothing was imported. Preview the file again, then import it."
            )
        if self.reason == Stale.EXPIRED:
            minutes = PREVIEW_MAX_AGE // 60
            return ngettext(
                "This preview is more than %(minutes)s minute old, so it may no longer describe "
                "the organization: nothing was imported. Preview the file again, then import it.",
                "This preview is more than %(minutes)s minutes old, so it may no longer describe "
                "the organization: nothing was imported. Preview the file again, then import it.",
                minutes,
            ) % {"minutes": minutes}
        if self.reason == Stale.USED:
            return _(
                "This preview was already imported; importing it again would change nothing, so "
                "nothing was done. Preview the file again to import it once more."
            )
        return _(
            "You previewed another file since this one: nothing was imported. Preview the file "
            "again, then import it."
        )


def _mac(nonce: str, issued: str, digest: str) -> str:
    return salted_hmac(_SALT, f"{nonce}:{issued}:{digest}", algorithm="sha256").hexdigest()


def keep(request, key: str, name: str, data: bytes, **extra) -> str:
    """Keep the file; the one-time preview token the confirm form carries back (FIELD)."""
    digest = hashlib.sha256(data).hexdigest()
    nonce = secrets.token_hex(_NONCE_HEX // 2)
    issued = f"{int(time.time()):0{_ISSUED_HEX}x}"
    request.session[key] = {
        "name": name,
        "data": base64.b64encode(zlib.compress(data)).decode(),
        "digest": digest,
        "nonce": nonce,
        **extra,
    }
    _remember(request, key + _ISSUED, nonce)
    return nonce + issued + _mac(nonce, issued, digest)


def kept(request, key: str) -> dict | None:
    """What `keep` stored, its `data` as bytes again; None when the form names no preview and
    nothing waits; Stale (with its reason) when the token cannot be applied: the file applied
    must be the one whose preview is on the person's screen, once."""
    token = request.POST.get(FIELD, "")
    pending = request.session.get(key)
    if not token:
        if pending:
            raise Stale(Stale.REPLACED)  # a page without the token: not the preview kept
        return None
    nonce, issued = token[:_NONCE_HEX], token[_NONCE_HEX : _NONCE_HEX + _ISSUED_HEX]
    mac = token[_NONCE_HEX + _ISSUED_HEX :]
    if nonce in request.session.get(key + _USED, ()):
        raise Stale(Stale.USED)
    if not pending or pending.get("nonce") != nonce:
        # Not the file this session keeps: an earlier preview's token, or one made up.
        earlier = nonce in request.session.get(key + _ISSUED, ())
        raise Stale(Stale.REPLACED if earlier else Stale.FORGED)
    if not constant_time_compare(mac, _mac(nonce, issued, pending["digest"])):
        raise Stale(Stale.FORGED)
    if not _well_formed(issued) or time.time() - int(issued, 16) > PREVIEW_MAX_AGE:
        raise Stale(Stale.EXPIRED)
    return {**pending, "data": zlib.decompress(base64.b64decode(pending["data"]))}


@contextmanager
def applying(pending: dict) -> Iterator[None]:
    """Apply what `kept` returned at most once, across requests: its nonce is claimed in the
    database first (web.create_once.claim; Stale USED when another request claimed it: two
    confirmations sent at the same moment both pass `kept`, whose session neither has written
    back yet), and given back when applying it fails, so that the person may confirm again
    after answering."""
    try:
        with create_once.claim(pending["nonce"]):
            yield
    except create_once.AlreadySent:
        raise Stale(Stale.USED) from None


def _well_formed(issued: str) -> bool:
    return len(issued) == _ISSUED_HEX and all(c in "0123456789abcdef" for c in issued)


def _remember(request, key: str, nonce: str) -> None:
    request.session[key] = [*request.session.get(key, ()), nonce][-_REMEMBERED:]


def forget(request, key: str) -> None:
    """The import is applied: its file goes, and its token is remembered as used."""
    pending = request.session.pop(key, None)
    if pending and pending.get("nonce"):
        _remember(request, key + _USED, pending["nonce"])
