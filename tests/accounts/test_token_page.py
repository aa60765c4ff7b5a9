"""API tokens on the Preferences page: made, shown once, used, listed, revoked; only one's own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"mbo_[A-Za-z0-9_-]{43}")


def created_secret(response) -> str:
    secrets = set(SECRET.findall(response.content.decode()))
    assert len(secrets) == 1, secrets
    return secrets.pop()


def api_me(secret: str):
    # A fresh client: the API call carries the token alone, no session.
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")


def revoke(client, token, *, confirm=True):
    data = {"confirm": "1"} if confirm else {}
    return client.post(reverse("api_token_revoke", args=[token.pk]), data)


def test_a_token_made_on_the_page_works_once_shown_and_stops_when_revoked(client_for, world):
    client = client_for(world.alice)
    response = client.post(
        reverse("api_token_create"), {"token-name": "BI export", "token-days": "30"}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = created_secret(response)
    page = response.content.decode()
    assert "Authorization: Bearer" in page and 'href="/api/v1/docs"' in page
    token = ApiToken.objects.get()
    assert (token.membership, token.name, token.prefix) == (world.alice, "BI export", secret[:12])
    assert token.digest == tokens.digest(secret)
    # Nowhere to be shown again: not in the session (where the messages are kept) nor a cookie.
    assert secret not in repr(dict(client.session.items()))
    assert secret not in str(client.cookies)

    me = api_me(secret)
    assert me.status_code == 200 and me.json()["email"] == "alice@acme.test"

    page = client.get(reverse("preferences")).content.decode()
    assert not SECRET.search(page)
    assert f"<code>{token.prefix}…</code>" in page and "BI export" in page
    assert f'data-token="{token.pk}" data-state="live"' in page

    # The row's button asks first; nothing is revoked until the confirmation.
    asked = revoke(client, token, confirm=False)
    assert asked.status_code == 200 and "data-token-revoke-confirm" in asked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None and api_me(secret).status_code == 200

    done = revoke(client, token)
    assert done.status_code == 302 and done["Location"] == "/accounts/preferences/#api-tokens"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_me(secret).status_code == 401
    page = client.get(reverse("preferences")).content.decode()
    assert f'data-token="{token.pk}" data-state="revoked"' in page and "Revoked on" in page
    assert reverse("api_token_revoke", args=[token.pk]) not in page  # no button any more


def test_states_validity_and_the_default(client_for, world, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 7
    client = client_for(world.alice)
    assert 'name="token-days" value="7"' in client.get(reverse("preferences")).content.decode()
    client.post(reverse("api_token_create"), {"token-name": "default", "token-days": ""})
    client.post(reverse("api_token_create"), {"token-name": "forever", "token-days": "0"})
    default, forever = ApiToken.objects.order_by("pk")
    assert 6 < (default.expires_at - default.created_at).total_seconds() / 86400 <= 7
    assert forever.expires_at is None
    ApiToken.objects.filter(pk=default.pk).update(expires_at=default.created_at)

    page = client.get(reverse("preferences")).content.decode()
    assert f'data-token="{default.pk}" data-state="expired"' in page
    assert f'data-token="{forever.pk}" data-state="live"' in page and "Never" in page
    assert "Not used yet" in page
    # Only the live token has a revoke button.
    assert reverse("api_token_revoke", args=[forever.pk]) in page
    assert reverse("api_token_revoke", args=[default.pk]) not in page


def test_revoking_is_a_post_with_its_csrf_token(world):
    token, _ = tokens.create_token(world.alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert revoke(client, token).status_code == 403
    assert client.post(reverse("api_token_create"), {"token-name": "x"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "admin"])
def test_another_members_token_is_not_found(client_for, world, who):
    token, secret = tokens.create_token(world.alice, name="alice's")
    client = client_for(getattr(world, who))
    assert token.prefix not in client.get(reverse("preferences")).content.decode()
    assert revoke(client, token).status_code == 404
    assert revoke(client, token, confirm=False).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and api_me(secret).status_code == 200


def test_another_organizations_token_is_not_found(client_for, world, other_world):
    token, _ = tokens.create_token(world.alice)
    client = client_for(other_world.alice)
    assert token.prefix not in client.get(reverse("preferences")).content.decode()
    assert revoke(client, token).status_code == 404
    assert client.post(f"/accounts/preferences/tokens/{2**70}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_without_an_organization_there_is_no_tokens_section(world):
    user = User.objects.create_user(email="nobody@else.test", password="pw-Mubiao-2026")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("preferences"))
    assert page.status_code == 200 and "data-api-tokens" not in page.content.decode()
    assert client.post(reverse("api_token_create"), {"token-name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


TOO_LONG = (
    "Keep this at most 100 characters long (it has 101).",
    "最多 100 个字符（现在有 101 个）。",
)
DAYS = ("Enter a number of days from 0 to 3650.", "请输入 0 到 3650 之间的天数。")
BAD_INPUTS = [
    ("name", {"token-name": "x" * 101, "token-days": "30"}, TOO_LONG),
    ("days", {"token-name": "n", "token-days": "-1"}, DAYS),
    ("days", {"token-name": "n", "token-days": "99999"}, DAYS),
    ("days", {"token-name": "n", "token-days": "abc"}, DAYS),
    ("days", {"token-name": "n", "token-days": "三十"}, DAYS),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("field", "data", "message"), BAD_INPUTS)
def test_bad_input_is_told_on_its_field_in_the_persons_language(
    client_for, world, language, field, data, message
):
    User.objects.filter(pk=world.alice.user_id).update(language=language)
    response = client_for(world.alice).post(reverse("api_token_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    # The message under its own field: the field's block, from its input to the block's end.
    block = re.search(rf'name="token-{field}".*?</div>', page, re.S).group(0)
    assert message[language != "en"] in block
    assert not SECRET.search(page)
    assert not ApiToken.objects.exists()


def test_the_section_in_chinese(client_for, world):
    User.objects.filter(pk=world.alice.user_id).update(language="zh-hans")
    client = client_for(world.alice)
    page = client.get(reverse("preferences")).content.decode()
    assert "API 令牌" in page and "还没有令牌。" in page and "创建令牌" in page
    response = client.post(reverse("api_token_create"), {"token-name": "报表", "token-days": "0"})
    page = response.content.decode()
    assert "请现在复制：它不会再显示。" in page and "永不过期" in page and "有效" in page


def test_the_page_costs_the_same_queries_for_one_token_or_many(client_for, world):
    client = client_for(world.alice)
    tokens.create_token(world.alice, name="first")
    client.get(reverse("preferences"))  # the session and the caches warmed up
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("preferences"))
    for n in range(25):
        token, _ = tokens.create_token(world.alice, name=f"token {n}")
    tokens.revoke_token(world.alice, token)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("preferences")).content.decode()
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    # Twenty a page, newest first; the second page has the rest.
    assert page.count("data-token=") == 20 and page.index("token 24") < page.index("token 23")
    assert 'href="/accounts/preferences/?page=2"' in page
    second = client.get(reverse("preferences"), {"page": 2}).content.decode()
    assert second.count("data-token=") == 6 and "first" in second


def test_the_lists_pages_stay_on_preferences_after_a_post(client_for, world):
    for n in range(21):
        tokens.create_token(world.alice, name=f"token {n}")
    response = client_for(world.alice).post(reverse("api_token_create"), {"token-name": "new"})
    assert 'href="/accounts/preferences/?page=2"' in response.content.decode()
