"""Issue 13: making and revoking an API token are writes like any other: each writes one
activity-log entry, on every path (Preferences page, API, command line), which names the token
as its list does and never holds its secret; and the page's create form, sent again (a reload
of the page that showed the secret), makes no second token."""

import io
import json
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken, User
from mubiao.okrs.models import Activity
from mubiao.web import once as sent_once
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"mbo_[A-Za-z0-9_-]{43}")


def _page_create(world, client_for):
    secret = SECRET.search(
        client_for(world.alice)
        .post(reverse("api_token_create"), {"token-name": "BI", "token-days": "30"})
        .content.decode()
    ).group(0)
    return world.alice, secret


def _api_create(world, client_for):
    return world.alice, Api(world.alice).post("/tokens", {"name": "BI", "days": 30}).json()[
        "secret"
    ]


def _cli_create(world, client_for):
    out = io.StringIO()
    call_command(
        "token", "create", "--org", "acme", "--user", "alice@acme.test", "--name", "BI",
        "--days", "30", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    return world.alice, out.getvalue().strip()


def _page_revoke(world, client_for, token):
    client_for(world.alice).post(reverse("api_token_revoke", args=[token.pk]), {"confirm": "1"})
    return world.alice


def _api_revoke(world, client_for, token):
    Api(world.alice).delete(f"/tokens/{token.pk}")
    return world.alice


def _cli_revoke(world, client_for, token):
    call_command("token", "revoke", token.prefix, "--org", "acme", stdout=io.StringIO())
    return world.alice  # the command line revokes through the token's own member


def _admin_revoke(world, client_for, token):
    tokens.revoke_token(world.admin, token)
    return world.admin


CREATES = {"page": _page_create, "api": _api_create, "command line": _cli_create}
REVOKES = {
    "page": _page_revoke,
    "api": _api_revoke,
    "command line": _cli_revoke,
    "an admin": _admin_revoke,
}


def _new_entries(since: int) -> list[Activity]:
    return list(Activity.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk() -> int:
    return Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _says_nothing_secret(entry: Activity, secret: str, token: ApiToken) -> None:
    stored = json.dumps(entry.data)
    assert secret not in stored and secret[len(token.prefix) :] not in stored
    assert token.digest not in stored


@pytest.mark.parametrize("path", CREATES)
def test_making_a_token_is_logged_without_its_secret(world, client_for, path):
    since = _last_pk()
    actor, secret = CREATES[path](world, client_for)
    token = ApiToken.objects.get(digest=tokens.digest(secret))
    entries = [e for e in _new_entries(since) if e.data.get("token") == token.pk]
    assert [(e.verb, e.actor, e.target_type, e.target_id) for e in entries] == [
        ("api_token.created", actor, "membership", world.alice.pk)
    ]
    assert entries[0].organization_id == world.org.pk
    assert entries[0].data == {"token": token.pk, "prefix": token.prefix, "name": "BI"}
    _says_nothing_secret(entries[0], secret, token)


@pytest.mark.parametrize("path", REVOKES)
def test_revoking_a_token_is_logged_once_without_its_secret(world, client_for, path):
    token, secret = tokens.create_token(world.alice, name="BI")
    since = _last_pk()
    actor = REVOKES[path](world, client_for, token)
    tokens.revoke_token(world.alice, token)  # again: already revoked, nothing more is written
    entries = [e for e in _new_entries(since) if e.data.get("token") == token.pk]
    assert [(e.verb, e.actor, e.target_type, e.target_id, e.data) for e in entries] == [
        (
            "api_token.revoked", actor, "membership", world.alice.pk,
            {"token": token.pk, "prefix": token.prefix, "name": "BI"},
        )
    ]  # fmt: skip
    _says_nothing_secret(entries[0], secret, token)


def _form_token(page) -> str:
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def _create(client, once, days="30"):
    return client.post(
        reverse("api_token_create"), {"token-name": "BI", "token-days": days, "once": once}
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sending_the_create_form_again_makes_no_second_token(world, client_for, language):
    User.objects.filter(pk=world.alice.user_id).update(language=language)
    client = client_for(world.alice)
    once = _form_token(client.get(reverse("preferences")))
    first = _create(client, once)
    assert first.status_code == 200 and SECRET.search(first.content.decode())
    # The reload: the browser sends the same form again.
    again = _create(client, once)
    assert again.status_code == 302 and again["Location"] == "/accounts/preferences/#api-tokens"
    page = client.get(again["Location"]).content.decode()
    assert not SECRET.search(page)
    assert {
        "en": "This form was already sent: the token was created then and shown that once.",
        "zh-hans": "此表单已经提交过：令牌已在那时创建，并且只显示了那一次。",
    }[language] in page
    assert ApiToken.objects.filter(membership=world.alice).count() == 1
    assert Activity.objects.filter(verb="api_token.created").count() == 1
    # The page that showed the secret carries a fresh token: another token is one more.
    assert _form_token(first) != once
    assert _create(client, _form_token(first)).status_code == 200
    assert ApiToken.objects.filter(membership=world.alice).count() == 2


def test_a_refused_form_may_be_corrected_and_sent_again(world, client_for):
    client = client_for(world.alice)
    once = _form_token(client.get(reverse("preferences")))
    assert _create(client, once, days="-1").status_code == 400
    assert _create(client, once).status_code == 200  # the refusal gave its claim back
    assert ApiToken.objects.filter(membership=world.alice).count() == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_altered_or_day_old_form_creates_nothing(world, client_for, settings, language):
    User.objects.filter(pk=world.alice.user_id).update(language=language)
    client = client_for(world.alice)
    once = _form_token(client.get(reverse("preferences")))
    old = signing.TimestampSigner(salt="mubiao.web.once")
    old.timestamp = lambda: signing.b62_encode(int(1e9))  # issued in 2001
    message = {
        "en": "This form is too old or was altered, so it was not saved",
        "zh-hans": "此表单已过期或被改动，未保存",
    }[language]
    for sent in (once[:-1] + ("A" if once[-1] != "A" else "B"), old.sign("0" * 32)):
        refused = _create(client, sent)
        assert refused.status_code == 400 and message in refused.content.decode()
    assert not ApiToken.objects.filter(membership=world.alice).exists()
    assert sent_once.MAX_AGE == 24 * 60 * 60
