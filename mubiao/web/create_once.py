"""A create form sent again creates nothing more: reloading the page its POST answered (the
browser sends the form again), a double click, the same page sent from a second tab.

The form carries a hidden one-time token (FIELD, `token()`): a random nonce signed with the
time it was issued. Sending it claims the nonce in the database (`claim`: a unique row of
web.AppliedPreview, which makes an import preview apply once the same way) before anything is
written, so that of two sendings, even at the same moment, only the first writes; the other
is told so (AlreadySent). A write that fails gives the claim back: the form, corrected, may be
sent again.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.web.models import AppliedPreview

FIELD = "once"
MAX_AGE = 24 * 60 * 60  # seconds a form may stay open before it is sent
# Claims older than this are forgotten: every token that may still be sent (MAX_AGE, an import
# preview's shorter life) is younger, so a forgotten claim can never be claimed again.
CLAIMS_KEPT = timedelta(seconds=2 * MAX_AGE)
_SALT = "mubiao.web.create_once"


class AlreadySent(Exception):
    """The form's nonce was claimed by an earlier sending: nothing is written."""


class Expired(Exception):
    """The form's token is older than MAX_AGE or not one this server issued: nothing is
    written, as it might repeat an earlier sending whose claim is forgotten."""

    @property
    def message(self) -> str:
        return _(
            "This form was open too long (or was altered), so nothing was saved: it might "
            "repeat an earlier sending. Check it and send it again."
        )


def token() -> str:
    """A fresh token for one form."""
    return signing.TimestampSigner(salt=_SALT).sign(secrets.token_hex(16))


@contextmanager
def claim(nonce: str) -> Iterator[None]:
    """Claim `nonce` for the writes in the block (AlreadySent when it was claimed before), in a
    transaction of its own so that a second sending sees it at once; given back when the
    block fails."""
    AppliedPreview.objects.filter(claimed_at__lt=timezone.now() - CLAIMS_KEPT).delete()
    try:
        with transaction.atomic():
            claimed = AppliedPreview.objects.create(nonce=nonce)
    except IntegrityError:
        raise AlreadySent from None
    try:
        yield
    except BaseException:
        claimed.delete()
        raise


@contextmanager
def sending(request) -> Iterator[None]:
    """The block's writes happen once per token sent (AlreadySent, Expired otherwise). A POST
    without a token (a script sending the form's fields) is written as sent, as the API's
    requests are; the pages always send one."""
    sent = request.POST.get(FIELD, "")
    if not sent:
        yield
        return
    try:
        nonce = signing.TimestampSigner(salt=_SALT).unsign(sent, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        raise Expired from None
    with claim(nonce):
        yield
