"""Sign-in through the company's work app (飞书 / Lark, 钉钉, 企业微信): the OAuth 2 round
trip with the app credentials of the organization's directory sync (mubiao.directory).

The `state` sent to the vendor is signed (with the organization's slug and a nonce, for ten
minutes) and the session keeps the nonce and the PKCE verifier until the vendor sends the
person back: a state that is forged, for another organization, stale or used once already
is refused (CSRF, replay).
"""

import secrets

from django.core import signing
from django.utils.translation import gettext as _

from mubiao.directory import services as directory
from mubiao.directory import vendors
from mubiao.directory.models import DirectorySource
from mubiao.sso.oidc import SignInProblem, cancelled_at

SESSION_KEY = "mubiao_sso_app"
STATE_SALT = "mubiao.sso.workapps.state"
STATE_MAX_AGE = 600  # seconds: the vendors' codes live five minutes


def _client(source: DirectorySource, **client_options) -> vendors.Client:
    try:
        return directory.client_of(source, **client_options)
    except vendors.DirectoryError as error:
        raise SignInProblem(error.message) from None


def start(request, source: DirectorySource, redirect_uri: str, **client_options) -> str:
    """The vendor's sign-in page (a QR code to scan with the app, or its sign-in form)."""
    nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    request.session[SESSION_KEY] = {"nonce": nonce, "verifier": verifier}
    state = signing.dumps([source.organization.slug, nonce], salt=STATE_SALT)
    client = _client(source, **client_options)
    client.http.close()  # the vendor's page is only an address
    return client.login_url(redirect_uri, state, verifier)


def _expired(*, forged: bool = False) -> SignInProblem:
    """A used or expired link, or (`forged`) a state we did not sign."""
    return SignInProblem(
        _("This sign-in link has expired or was used already. Start signing in again."),
        suspicious=True,
        spent=not forged,
    )


def finish(request, source: DirectorySource, redirect_uri: str, **client_options):
    """The vendor's Identity of the person who came back with a code."""
    kept = request.session.pop(SESSION_KEY, None)  # once only, whatever follows
    try:
        slug, nonce = signing.loads(
            request.GET.get("state", ""), salt=STATE_SALT, max_age=STATE_MAX_AGE
        )
    except signing.SignatureExpired:
        raise _expired() from None
    except (signing.BadSignature, ValueError, TypeError):
        raise _expired(forged=True) from None
    if not kept or kept.get("nonce") != nonce or slug != source.organization.slug:
        raise _expired()
    name = vendors.VENDOR_NAMES[source.vendor]
    # 钉钉 sends the code as authCode; a person who declined comes back without one (飞书
    # adds error=access_denied): cancelled, as at an OIDC provider (oidc.cancelled_at).
    code = request.GET.get("code") or request.GET.get("authCode") or ""
    if not code:
        raise cancelled_at(name)
    client = _client(source, **client_options)
    try:
        return client.identify(code, redirect_uri, kept["verifier"])
    except vendors.CodeRefused:
        raise _expired() from None
    except vendors.DirectoryError as error:
        raise SignInProblem(error.message) from None
    finally:
        client.http.close()
