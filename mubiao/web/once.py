"""A create form is applied once, however often it is sent (a double click, two tabs sending
the same page again, a re-sent request after a reload).

Each create form carries a hidden one-time token (FIELD, `{% sent_once %}`): a fresh random
nonce signed with the time it was issued. Sending it claims the nonce in the database (a
unique row, web.models.Claim) before anything is written, so that of two sendings at the same
moment, which read the same session and the same rows, only one creates: the other is told so
and shown what the first one made. The claim is given back when the write fails (the form is
shown again with the message and may be sent again). The import confirmations claim their
preview's nonce the same way (web.uploads.applying).
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.contrib import messages
from django.core import signing
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.web.models import Claim

FIELD = "once"
# A form older than this is refused rather than risked: its claim may have been cleared.
MAX_AGE = 24 * 60 * 60  # seconds
_SALT = "mubiao.web.once"


class Taken(Exception):
    """The nonce was claimed before: `claim` is that claim (its result, once it is known)."""

    def __init__(self, claim: Claim | None):
        self.claim = claim
        super().__init__("taken")


class Refused(Exception):
    """The form's token cannot be used (altered, or older than MAX_AGE): nothing is saved."""

    @property
    def message(self) -> str:
        return _(
            "This form is too old or was altered, so it was not saved (it might repeat an "
            "earlier sending). Check what you typed and save again."
        )


def token() -> str:
    """A fresh token for one form."""
    return signing.TimestampSigner(salt=_SALT).sign(secrets.token_hex(16))


def clear_claims(now=None) -> int:
    """Delete the claims older than twice the longest token life (MAX_AGE; an import
    preview's is shorter): their tokens are refused by then anyway. Returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(seconds=2 * MAX_AGE)
    return Claim.objects.filter(claimed_at__lt=cutoff).delete()[0]


@contextmanager
def claim(nonce: str, result: str = "") -> Iterator[Claim]:
    """Claim `nonce` for the writes in the block (Taken when it was claimed already; `result`:
    where a second sending is taken, when known before the writes), give it
    back when the block fails. Old claims are cleared by the worker (clear_claims), not here:
    a sending costs one statement (INSERT … ON CONFLICT DO NOTHING: no transaction or
    savepoint of its own to survive the unique index refusing it; issue 14's check-in)."""
    claimed = Claim(nonce=nonce, result=result, claimed_at=timezone.now())
    table = connection.ops.quote_name(Claim._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (nonce, claimed_at, result) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (nonce) DO NOTHING RETURNING id",
            [nonce, connection.ops.adapt_datetimefield_value(claimed.claimed_at), result],
        )
        inserted = cursor.fetchone()
    if inserted is None:
        raise Taken(Claim.objects.filter(nonce=nonce).first())
    claimed.pk = inserted[0]
    try:
        yield claimed
    except BaseException:
        claimed.delete()
        raise


@contextmanager
def sending(request, *, result: str = "") -> Iterator[Claim | None]:
    """The block's writes happen once per form token sent (Taken, Refused otherwise). A
    request without a token (a script posting the form's fields) is applied as sent, as the
    API is; the pages always send one. Where a second sending is taken: `result` when it is
    known before the writes (a check-in's key result page; the claim is given back if they
    fail), else `done(claimed, url)` after them (one more statement)."""
    sent = request.POST.get(FIELD, "")
    if not sent:
        yield None
        return
    try:
        nonce = signing.TimestampSigner(salt=_SALT).unsign(sent, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        raise Refused from None
    with claim(nonce, result) as claimed:
        yield claimed


def done(claimed: Claim | None, url: str) -> None:
    """Record where the first sending's result is shown."""
    if claimed is not None:
        claimed.result = url
        claimed.save(update_fields=["result"])


def sent_before(request, taken: Taken, fallback: str) -> HttpResponse:
    """The answer to a second sending: what the first made, with a word saying so (the page
    it came from while the first is still being saved)."""
    result = taken.claim.result if taken.claim is not None else ""
    if result:
        messages.info(request, _("This form was already sent and saved: here is the result."))
    else:
        messages.info(request, _("This form was already sent and is being saved."))
    target = result or fallback
    if request.headers.get("HX-Request") == "true":
        # The whole page goes there, not the fragment the form would have replaced.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)
