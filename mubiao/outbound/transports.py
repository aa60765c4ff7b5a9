"""HTTP clients that connect only where mubiao.outbound.guard allows, and to the address it
checked: httpx (chat channels, directory vendors) and requests (Authlib's OIDC client).

Each request, redirects included (every hop passes through the transport again), resolves its
host once, checks every address, and connects to the first. The request keeps its Host header,
and TLS its server name (SNI and certificate checks), so the vendor sees nothing different. A
name answering with a public address at the check and with 127.0.0.1 a moment later (DNS
rebinding) therefore cannot send the request inside the server's own network.
"""

import httpx
import requests
from requests.adapters import HTTPAdapter

from mubiao.outbound.guard import Refused, checked_address


class RefusedAddress(httpx.ConnectError):
    """httpx's error for a host refused by the guard (a ConnectError: callers that report
    "could not connect to …" need no case of their own)."""

    def __init__(self, refused: Refused, *, request: httpx.Request):
        super().__init__(str(refused), request=request)
        self.refused = refused


class Unresolved(httpx.ConnectError):
    """The host name did not resolve (DNS): nothing was sent; it may resolve later."""

    def __init__(self, host: str, exc: Exception, *, request: httpx.Request):
        super().__init__(f"{host}: {exc}", request=request)
        self.host = host


class PinnedTransport(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        try:
            address = checked_address(host)
        except Refused as refused:
            raise RefusedAddress(refused, request=request) from None
        except (OSError, UnicodeError) as exc:
            raise Unresolved(host, exc, request=request) from exc
        if address != host:
            request.url = request.url.copy_with(host=address)
            if request.url.scheme == "https":
                request.extensions = {**request.extensions, "sni_hostname": host}
        return super().handle_request(request)


def pinned_httpx(**options) -> httpx.Client:
    return httpx.Client(transport=PinnedTransport(), **options)


class RefusedConnection(requests.ConnectionError):
    """requests' error for a host refused by the guard."""

    def __init__(self, refused: Refused, *, request):
        super().__init__(str(refused), request=request)
        self.refused = refused


class PinnedAdapter(HTTPAdapter):
    def send(self, request, **kwargs):
        parsed = requests.utils.urlparse(request.url)
        host = parsed.hostname or ""
        try:
            address = checked_address(host)
        except Refused as refused:
            raise RefusedConnection(refused, request=request) from None
        except (OSError, UnicodeError) as exc:
            raise requests.ConnectionError(f"{host}: {exc}", request=request) from exc
        # A copy: requests builds a redirect's request from the one it sent, whose Host
        # header would then name the old host.
        request = request.copy()
        request.headers.setdefault("Host", parsed.netloc.rsplit("@", 1)[-1])
        request.mubiao_pinned = (host, address)
        return super().send(request, **kwargs)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        host, address = request.mubiao_pinned
        host_params["host"] = address
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = host
            pool_kwargs["assert_hostname"] = host
        return host_params, pool_kwargs


def pin(session: requests.Session) -> requests.Session:
    """`session` with every request pinned; proxies from the environment are not used (they
    would resolve the name themselves)."""
    session.trust_env = False
    adapter = PinnedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
