"""Issue 13 (h13s): a server on the company's own network is often named by one word
(`http://ldap-gw:8080`, `https://idp/`): every field that takes the address of a server Mubiao
calls (directory API, OIDC issuer, chat or webhook receiver) reads it with one validator
(mubiao.outbound.addresses) and accepts it; whether it may be called is the outbound guard's
decision, not the address's shape."""

import pytest

from mubiao.directory.forms import SourceForm
from mubiao.notify.vendors.transport import endpoint_problem
from mubiao.sso.forms import ProviderForm

ADDRESSES = [
    ("http://ldap-gw:8080", True),
    ("https://idp/", True),
    ("https://idp", True),
    ("http://keycloak:8443/realms/acme", True),
    ("https://open.larksuite.com", True),
    ("ftp://idp", False),
    ("idp:8080", False),
    ("https://", False),
    ("https://idp:99999", False),
    ("https://i dp", False),
]


def directory_form(url):
    return SourceForm({"vendor": "feishu", "app_id": "a", "app_secret": "s", "api_url": url})


def provider_form(url):
    return ProviderForm({"name": "Keycloak", "issuer": url, "client_id": "c", "client_secret": "s"})


@pytest.mark.parametrize(("url", "fine"), ADDRESSES)
@pytest.mark.parametrize(
    ("form", "field"), [(directory_form, "api_url"), (provider_form, "issuer")]
)
def test_a_settings_form(url, fine, form, field):
    bound = form(url)
    bound.is_valid()
    assert (field not in bound.errors) == fine, bound.errors.get(field)


@pytest.mark.parametrize(("url", "fine"), ADDRESSES)
def test_a_webhook_address(url, fine):
    assert (endpoint_problem(url) == "") == fine
