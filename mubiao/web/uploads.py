"""An uploaded file kept in the person's session between its preview and the confirmation
(compressed, database-backed, so any app server can finish the import)."""

import base64
import zlib


def keep(request, key: str, name: str, data: bytes, **extra) -> None:
    request.session[key] = {
        "name": name,
        "data": base64.b64encode(zlib.compress(data)).decode(),
        **extra,
    }


def kept(request, key: str) -> dict | None:
    """What `keep` stored, its `data` as bytes again; None when nothing waits."""
    pending = request.session.get(key)
    if not pending:
        return None
    return {**pending, "data": zlib.decompress(base64.b64decode(pending["data"]))}


def forget(request, key: str) -> None:
    request.session.pop(key, None)
