"""An identity provider's free text (an OAuth error's `error_description`) is shown to the
person signing in only when the issuer's host is one the site's operator named
(MUBIAO_OUTBOUND_ALLOW_PRIVATE): an issuer is whatever an admin typed, and an intranet service
answering there may put its secrets in it. Otherwise the RFC 6749 error code alone, and only
when it is one (a closed vocabulary of lower-case words)."""

import pytest
from authlib.integrations.base_client import OAuthError

from mubiao.sso.models import IdentityProvider
from mubiao.sso.oidc import _oauth_reason

LEAK = "INTERNAL-SECRET aws_secret_access_key=AKIAEXAMPLE"


@pytest.mark.parametrize(
    ("allowed", "error", "description", "shown"),
    [
        (True, "access_denied", LEAK, "access_denied"),  # every private address: none named
        (["10.0.0.0/8"], "access_denied", LEAK, "access_denied"),
        (["idp.intranet"], "access_denied", LEAK, LEAK),  # the operator named the host
        (False, "server_error", "", "server_error"),
        (False, LEAK, "", "an error without a standard code"),
        (False, "", None, "an error without a standard code"),
    ],
)
def test_only_the_code_unless_the_operator_named_the_host(
    settings, allowed, error, description, shown
):
    settings.MUBIAO_OUTBOUND_ALLOW_PRIVATE = allowed
    provider = IdentityProvider(name="Keycloak", issuer="http://idp.intranet:8080/realms/acme")
    assert _oauth_reason(provider, OAuthError(error=error, description=description)) == shown
