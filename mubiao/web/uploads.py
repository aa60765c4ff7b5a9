"""An uploaded file kept in the person's session between its preview and the confirmation
(compressed, database-backed, so any app server can finish the import)."""

import base64
import hashlib
import zlib

from django.utils.translation import gettext as _

FIELD = "preview"  # the confirm form's hidden field naming the preview it confirms


class Stale(Exception):
    """The confirm form is for another preview than the one the session keeps (the person
    previewed another file since, in another tab)."""

    @property
    def message(self) -> str:
        return _(
            "You previewed another file since this one: nothing was imported. Preview the file "
            "again, then import it."
        )


def keep(request, key: str, name: str, data: bytes, **extra) -> str:
    """Keep the file; its digest, which the confirm form carries back (FIELD)."""
    digest = hashlib.sha256(data).hexdigest()
    request.session[key] = {
        "name": name,
        "data": base64.b64encode(zlib.compress(data)).decode(),
        "digest": digest,
        **extra,
    }
    return digest


def kept(request, key: str) -> dict | None:
    """What `keep` stored, its `data` as bytes again; None when nothing waits; Stale when the
    request confirms another preview than the last one: the file applied must be the one
    whose preview is on the person's screen."""
    pending = request.session.get(key)
    if not pending:
        return None
    if request.POST.get(FIELD) != pending.get("digest"):
        raise Stale
    return {**pending, "data": zlib.decompress(base64.b64decode(pending["data"]))}


def forget(request, key: str) -> None:
    request.session.pop(key, None)
