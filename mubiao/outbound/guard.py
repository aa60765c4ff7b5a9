"""Which addresses the server may call at an organization admin's request.

Everything an organization admin can point the server at (a directory's API address, an OIDC
issuer and the endpoints its discovery document names, chat-group and webhook addresses) is a
request the server makes from inside its own network. Left open, an admin of one organization
could make it call its neighbours: the cloud metadata service at 169.254.169.254, a database's
HTTP port on 127.0.0.1, an intranet host on 10/8. So a host must resolve to public addresses
only: checked when the address is saved (`problem`, a message naming the field) and again
when each request is made (`checked_address`, used by mubiao.outbound.transports, which then
connect to that very address so a name re-pointed in between — DNS rebinding — changes
nothing). Site operators whose vendors run on their own network (and the test suite, whose
fake vendors listen on loopback) allow them with MUBIAO_OUTBOUND_ALLOW_PRIVATE.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# 64:ff9b::/96 (NAT64) carries an IPv4 address in its last 32 bits: 64:ff9b::7f00:1 is
# 127.0.0.1 through the gateway, though Python counts the prefix as global.
NAT64 = ipaddress.ip_network("64:ff9b::/96")

# Never allowed, not even by MUBIAO_OUTBOUND_ALLOW_PRIVATE (which exists for loopback test
# fakes and on-premises vendors): link-local, where the clouds' metadata services answer with
# the server's own credentials — 169.254.169.254 (AWS, Azure, GCP, Tencent Cloud),
# fd00:ec2::254 (AWS over IPv6) — and Alibaba Cloud's 100.100.100.200.
FORBIDDEN_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32")
)


class Refused(Exception):
    """A host that resolves inside the server's own networks, not allowed by the site
    (`forbidden`: a link-local or metadata address, never allowed)."""

    def __init__(self, host: str, address: str, *, forbidden: bool = False):
        super().__init__(f"{host} resolves to {address}, inside the server's own network")
        self.host, self.address, self.forbidden = host, address, forbidden


def resolve(host: str) -> list[str]:
    """The addresses `host` resolves to (itself for an address, in any spelling the C library
    reads: 2130706433 and 0177.0.0.1 are 127.0.0.1), in the resolver's order. OSError when
    it does not resolve."""
    found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in found))


def is_public(address: str) -> bool:
    """Not loopback, private, link-local, multicast, reserved, shared (100.64/10) or
    unspecified — nor an IPv6 address that carries such an IPv4 one (mapped, 6to4, Teredo,
    NAT64)."""
    return all(
        each.is_global and not each.is_multicast for each in _inner(ipaddress.ip_address(address))
    )


def _inner(ip) -> list:
    """`ip` and the IPv4 addresses an IPv6 one carries (mapped, 6to4, Teredo, NAT64)."""
    inner = []
    if ip.version == 6:
        inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in NAT64:
            inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [each for each in (ip, *inner) if each is not None]


def is_forbidden(address: str) -> bool:
    """In FORBIDDEN_NETWORKS, directly or carried inside an IPv6 address."""
    return any(
        each.version == net.version and each in net
        for each in _inner(ipaddress.ip_address(address))
        for net in FORBIDDEN_NETWORKS
    )


def _allowed(host: str, address: str) -> bool:
    """Whether the site lets requests go to this private address (the setting: True for all,
    or host names and networks)."""
    allowed = settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE
    if allowed is True:
        return True
    ip = ipaddress.ip_address(address)
    for entry in allowed or ():
        if entry.lower() == host.lower().rstrip("."):
            return True
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a host name
    return False


def checked_address(host: str) -> str:
    """The address to connect to for `host`: its first, once every address it resolves to is
    public or allowed (Refused otherwise; OSError when it does not resolve). Every address is
    checked, not only the first: a connection retried on the next one must be as safe."""
    host = (host or "").strip("[]")
    addresses = resolve(host)
    for address in addresses:
        if is_forbidden(address):
            raise Refused(host, address, forbidden=True)
        if not is_public(address) and not _allowed(host, address):
            raise Refused(host, address)
    return addresses[0]


def resolves_inside(url: str) -> bool:
    """Whether `url`'s host resolves to any address that is not public (allowed or not): an
    on-premises vendor, whose address need not have the vendor's public host name."""
    try:
        return not all(is_public(a) for a in resolve(urlsplit(url.strip()).hostname or ""))
    except (OSError, UnicodeError, ValueError):
        return False


def problem(url: str, field: str) -> str:
    """Why an admin may not save `url` in the field labelled `field` ("" when they may): a host
    inside the server's own network. A host that does not resolve is not known to be inside
    (the caller's own check, or the request, reports it)."""
    host = urlsplit(url.strip()).hostname or ""
    try:
        checked_address(host)
    except Refused as refused:
        return message(refused, field)
    except (OSError, UnicodeError, ValueError):
        pass
    return ""


def message(refused: Refused, field: str) -> str:
    if refused.forbidden:
        return _(
            "%(field)s: %(host)s is a link-local or cloud metadata address inside the "
            "server's own network (%(address)s); Mubiao never sends there."
        ) % {"field": field, "host": refused.host, "address": refused.address}
    return _(
        "%(field)s: %(host)s is inside the server's own network (%(address)s); enter the "
        "public address of the service."
    ) % {"field": field, "host": refused.host, "address": refused.address}


def speaks_for(url: str, documented_hosts=()) -> bool:
    """Whether the free text in an answer from `url` (a vendor's `msg`, an OAuth error's
    description, a chat server's body) may be shown to a person: only when its host is one of
    the vendor's documented ones, or one the site's operator named in
    MUBIAO_OUTBOUND_ALLOW_PRIVATE (a host name, not "all" nor a network). Any other host is
    whatever an admin typed — an intranet service whose answer may hold its secrets — so only
    the error's code and our own sentence are shown."""
    host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    if not host:
        return False
    if host in {h.lower() for h in documented_hosts}:
        return True
    allowed = settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE
    return allowed is not True and host in {str(entry).lower() for entry in allowed or ()}
