"""The OpenID Connect client: authorization code flow with PKCE (S256), built per organization
from its provider's discovery document with Authlib.

Authlib keeps state, nonce and PKCE verifier in the session and checks the ID token (signature
from the provider's JWKS, issuer, audience, expiry, nonce). Everything that can go wrong with
the provider becomes a `SignInProblem` carrying a message in the person's language.
"""

import re
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from authlib.integrations.requests_client import OAuth2Session
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from mubiao import vault
from mubiao.outbound import guard, transports
from mubiao.sso import rules
from mubiao.sso.models import SECRET_PURPOSE, IdentityProvider

TIMEOUT_SECONDS = 10
SCOPE = "openid email profile"


class SignInProblem(Exception):
    def __init__(
        self,
        message: str,
        *,
        suspicious: bool = False,
        unreachable: bool = False,
        spent: bool = False,
        cancelled: bool = False,
    ):
        super().__init__(message)
        self.message = message
        # A forged or replayed answer (counted as a failed sign-in), not a provider failure.
        self.suspicious = suspicious or spent
        # A used or expired sign-in link (a callback reloaded, a code taken already): no
        # guessed secret, so not counted: reloaded by everyone behind one office address,
        # it would lock the whole office out (as used invitation and reset links do not).
        self.spent = spent
        # Nothing answered: saving the settings tolerates it (the provider may be down).
        self.unreachable = unreachable
        # The person stopped at the provider (or it refused them): nothing failed here.
        self.cancelled = cancelled


def cancelled_at(provider: str) -> SignInProblem:
    """The person declined at their provider or work app (or it did not let them in): no
    error of anyone's, the same words for every provider and app."""
    return SignInProblem(
        _(
            "Signing in was cancelled at %(provider)s (or it did not let you in): "
            "nothing changed. Sign in again when you are ready."
        )
        % {"provider": provider},
        cancelled=True,
    )


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _unreachable(provider_name: str) -> SignInProblem:
    return SignInProblem(
        _("%(provider)s could not be reached. Try again in a few minutes, or ask your admin.")
        % {"provider": provider_name}
    )


class _PinnedSession(OAuth2Session):
    """Authlib's session for every request to the provider (discovery document, token, JWKS,
    UserInfo): only to public addresses unless the site allows others, and to the address
    checked (mubiao.outbound)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        transports.pin(self)


class _PinnedApp(DjangoOAuth2App):
    client_cls = _PinnedSession


def _client(issuer: str, client_id: str, client_secret: str | None):
    return OAuth().register(
        "provider",
        client_cls=_PinnedApp,
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url(issuer),
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )


def check_issuer(issuer: str, provider_name: str) -> None:
    """Fetch the discovery document as a sign-in will; SignInProblem when it cannot be read or
    names another issuer, worded for the admin saving the settings."""
    _metadata(_client(issuer, "", None), issuer, provider_name, admin=True)


def _metadata(client, issuer: str, provider_name: str, *, admin: bool = False) -> dict:
    """The discovery document; each way it can fail named apart, with its address: nothing
    answers there (unreachable), something answers that is no OpenID Connect issuer (an HTTP
    error, not JSON, not a document), or the document names another issuer."""
    url = discovery_url(issuer)
    names = {"provider": provider_name, "url": url}
    try:
        metadata = client.load_server_metadata()
    except transports.RefusedConnection as error:
        raise SignInProblem(guard.message(error.refused, _("Issuer URL"))) from None
    except requests.HTTPError as error:
        raise SignInProblem(
            _(
                "%(url)s answered HTTP %(status)s: %(issuer)s is not an OpenID Connect issuer "
                "(it has no discovery document). Check the issuer URL."
            )
            % {**names, "issuer": issuer, "status": error.response.status_code}
        ) from None
    except (requests.ConnectionError, requests.Timeout):
        # The admin saving the settings is the admin a person signing in is told to ask.
        unreachable = (
            _(
                "%(provider)s could not be reached at %(url)s. Check the issuer URL, and that "
                "this server may connect to it (a firewall or proxy in between); then save "
                "again."
            )
            if admin
            else _(
                "%(provider)s could not be reached at %(url)s. Try again in a few minutes, or "
                "ask your admin."
            )
        )
        raise SignInProblem(unreachable % names, unreachable=True) from None
    except (requests.RequestException, ValueError, TypeError):
        # An address requests cannot use, or an answer that is not a JSON object.
        metadata = None
    if not isinstance(metadata, dict):
        raise SignInProblem(
            _(
                "%(url)s did not answer with a discovery document: %(issuer)s is not an OpenID "
                "Connect issuer. Check the issuer URL."
            )
            % {**names, "issuer": issuer}
        )
    if not rules.same_issuer(issuer, metadata.get("issuer")):
        raise SignInProblem(
            _(
                "The discovery document at %(url)s is for the issuer %(found)s, not "
                "%(issuer)s. Enter the issuer exactly as the provider names it."
            )
            % {**names, "issuer": issuer, "found": _named_issuer(metadata.get("issuer"))}
        )
    # Checked at every sign-in too, not only when saved: the provider may drop one later, and
    # Authlib would then fail the callback with a bare RuntimeError (a 500).
    for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not metadata.get(needed):
            raise SignInProblem(
                _("The discovery document at %(url)s has no “%(field)s”.")
                % {"url": url, "field": needed}
            )
    # The addresses the server itself calls (the sign-in page is the browser's business).
    for called in ("token_endpoint", "jwks_uri", "userinfo_endpoint"):
        if refused := guard.problem(str(metadata.get(called) or ""), called):
            raise SignInProblem(refused)
    return metadata


def _named_issuer(found) -> str:
    """The issuer a discovery document names, shown only when it is an address, as the
    standard says it is (what the admin needs to correct a path or a trailing slash): any
    other value is the answering host's free text, not reflected."""
    found = str(found or "")
    parts = urlsplit(found)
    if (
        len(found) <= 200
        and parts.scheme in ("http", "https")
        and parts.hostname
        and not parts.username
        and not parts.password
        and not parts.query
        and not any(c.isspace() for c in found)
    ):
        return found
    return _("another address")


def _provider_client(provider: IdentityProvider):
    secret = vault.decrypt(provider.client_secret, purpose=SECRET_PURPOSE)
    if secret is None:
        raise SignInProblem(
            _(
                "Single sign-on is not set up completely: an admin must enter the client secret "
                "again."
            )
        )
    client = _client(provider.issuer, provider.client_id, secret)
    _metadata(client, provider.issuer, provider.name)
    return client


def start(request, provider: IdentityProvider, redirect_uri: str):
    """The redirect to the provider's sign-in page."""
    client = _provider_client(provider)
    try:
        return client.authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError):
        raise _unreachable(provider.name) from None


def finish(request, provider: IdentityProvider) -> dict:
    """The claims about the person, from a checked ID token (and the UserInfo endpoint when the
    token names no e-mail address)."""
    client = _provider_client(provider)
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise SignInProblem(_("%(provider)s sent no ID token.") % {"provider": provider.name})
        if not claims.get("email") and client.server_metadata.get("userinfo_endpoint"):
            userinfo = client.userinfo(token=token)
            # OIDC Core §5.3.2: an answer without the ID token's subject may be about
            # someone else (a substituted token) and must not be used.
            if userinfo.get("sub") is None or userinfo.get("sub") != claims.get("sub"):
                raise SignInProblem(
                    _("The answer from %(provider)s could not be verified.")
                    % {"provider": provider.name},
                    suspicious=True,
                )
            claims |= {k: v for k, v in userinfo.items() if k != "sub"}
    except MismatchingStateError:
        raise SignInProblem(_expired(), spent=True) from None
    except OAuthError as error:
        # invalid_grant: the code was used already or has expired.
        if error.error == "invalid_grant":
            raise SignInProblem(_expired(), spent=True) from None
        if error.error == "access_denied":  # RFC 6749 §4.1.2.1: declined at the provider
            raise cancelled_at(provider.name) from None
        raise SignInProblem(
            _("%(provider)s did not sign you in (%(reason)s).")
            % {"provider": provider.name, "reason": _oauth_reason(provider, error)}
        ) from None
    except (JoseError, AuthlibBaseError):  # the ID token's signature or claims
        raise SignInProblem(
            _("The answer from %(provider)s could not be verified.") % {"provider": provider.name},
            suspicious=True,
        ) from None
    except (requests.RequestException, ValueError):
        raise _unreachable(provider.name) from None
    return claims


# RFC 6749's error codes are a closed vocabulary of a few lower-case words; anything else
# is the provider's free text.
OAUTH_ERROR_CODE = re.compile(r"^[a-z_]{1,40}$")


def _oauth_reason(provider: IdentityProvider, error: OAuthError) -> str:
    """What the provider said: its error's description only from a host the site's operator
    named (outbound.speaks_for; an issuer is whatever an admin typed, and an intranet service's
    answer may hold its secrets), else the RFC 6749 error code alone."""
    if error.description and guard.speaks_for(provider.issuer):
        return str(error.description)[:200]
    code = str(error.error or "")
    return code if OAUTH_ERROR_CODE.match(code) else _("an error without a standard code")


def _expired() -> str:
    return _("This sign-in link has expired or was used already. Start signing in again.")
