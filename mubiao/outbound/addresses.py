"""One reading of an address typed for a server Mubiao calls (a directory's API, an OIDC
issuer, a chat or webhook receiver), the same in every field: http or https, a host, an
optional port. An on-premises host is often one word (`http://ldap-gw:8080`, `https://idp/`):
it is an address like any other here; whether Mubiao may call it is the guard's decision
(guard.problem: private addresses only with MUBIAO_OUTBOUND_ALLOW_PRIVATE), not its shape's."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def address_problem(url: str) -> str:
    """Why `url` is not such an address ("" when it is), in no language: a typo in a
    setting is refused on saving instead of failing as a DNS error retried for a day."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return "scheme"
    if not parts.hostname or re.search(r"[\s\x00-\x1f]", url):
        return "host"
    return ""


def validate_address(value: str) -> None:
    """The form validator of every such field (Django's URLValidator refuses a one-word host)."""
    if value and address_problem(value.strip()):
        raise ValidationError(
            _(
                "Enter an address starting with http:// or https:// and a host, such as "
                "https://idp.example.com or http://ldap-gw:8080."
            ),
            code="invalid",
        )
