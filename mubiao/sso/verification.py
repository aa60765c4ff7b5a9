"""The DNS look-up of an e-mail domain's verification record (dnspython): the TXT record
`mubiao-verification=<token>` published at the domain itself or at `_mubiao.<domain>`.

The resolver is settings.MUBIAO_DNS_RESOLVER (`host` or `host:port`), else the system's.
"""

import enum

import dns.exception
import dns.resolver
from django.conf import settings

# Seconds for each name looked up (the domain, then _mubiao.<domain>); Verify is a click.
TIMEOUT_SECONDS = 5.0
PREFIX = "_mubiao"


class Found(enum.Enum):
    RECORD = "record"  # this claim's record is published
    OTHER_TOKEN = "other_token"  # a mubiao-verification record, but with another token
    NOTHING = "nothing"  # the names exist or not, but hold no such record (a definite answer)
    FAILED = "failed"  # no answer: timeout, SERVFAIL, refused (nothing can be concluded)


def names(domain: str) -> list[str]:
    """Where the record may be published: the domain, or the subdomain kept for it (for a
    domain whose apex holds a CNAME, or an admin who keeps the apex tidy)."""
    return [domain, f"{PREFIX}.{domain}"]


def _resolver() -> dns.resolver.Resolver:
    configured = settings.MUBIAO_DNS_RESOLVER
    resolver = dns.resolver.Resolver(configure=not configured)
    if configured:
        host, _, port = configured.rpartition(":") if configured.count(":") == 1 else (
            configured, "", ""
        )  # fmt: skip
        resolver.nameservers = [host]
        resolver.port = int(port) if port else 53
    resolver.timeout = resolver.lifetime = TIMEOUT_SECONDS
    return resolver


def _texts(answer) -> list[str]:
    """Each TXT record's text: its character-strings joined (a record longer than 255 bytes is
    split into several, RFC 7208 §3.3), surrounding spaces ignored."""
    return [b"".join(rdata.strings).decode("utf-8", "replace").strip() for rdata in answer]


def look_up(domain: str, record: str) -> Found:
    """Whether `record` (`mubiao-verification=<token>`) is published for the domain."""
    resolver = _resolver()
    found, failed = Found.NOTHING, False
    for name in names(domain):
        try:
            answer = resolver.resolve(name, "TXT", search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            continue
        except dns.exception.DNSException:  # timeout, SERVFAIL or REFUSED from every server
            failed = True
            continue
        texts = _texts(answer)
        if record in texts:
            return Found.RECORD
        if any(text.startswith("mubiao-verification=") for text in texts):
            found = Found.OTHER_TOKEN
    return Found.FAILED if failed and found is Found.NOTHING else found
