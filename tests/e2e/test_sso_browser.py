"""Single sign-on in a real browser (Chromium through Playwright), in Chinese: from the sign-in
page's single sign-on box to the loopback OpenID Connect provider's own sign-in form and back,
signed in."""

import pytest

from mubiao.sso import services
from tests.conftest import make_world
from tests.e2e.conftest import shoot

# The provider fixture comes from the single sign-on tests; the browser is the one every browser
# test shares (a second Playwright in the same process refuses to start inside the first's loop).
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, PASSWORD, oidc_provider, verified  # noqa: F401

pytestmark = pytest.mark.e2e


def test_signing_in_through_the_provider_in_a_browser(transactional_db, oidc_provider, open_page):  # noqa: F811
    acme = make_world("acme")
    verified(services.save_provider(
        acme.admin, name="Keycloak", issuer=oidc_provider, client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET, domains="acme.test",
    ))  # fmt: skip
    page = open_page(locale="zh-CN")
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_who", "alice@acme.test")
    page.get_by_role("button", name="使用单点登录继续").click()
    # A link, not the form: the sign-in page's CSP sends forms nowhere but Mubiao.
    page.get_by_role("link", name="使用Keycloak登录").click()
    page.wait_for_selector("text=Identity provider")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(page.base + "/")
    shoot(page, "sso-signed-in")
    assert "Alice" in page.content()
    assert page.errors == []
