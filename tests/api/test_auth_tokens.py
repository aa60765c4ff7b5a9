"""Tokens: the service, the Bearer authentication, the /tokens endpoints, the CLI, rate limits."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mubiao.accounts import tokens
from mubiao.accounts.models import ApiToken
from tests.api.conftest import Api, field_errors


def test_create_token_stores_only_digest_and_prefix(world):
    token, secret = tokens.create_token(world.alice, name="BI", days=30)
    assert secret.startswith("mbo_") and len(secret) > 40
    assert token.prefix == secret[:12]
    assert token.digest == tokens.digest(secret) != secret
    assert secret not in {token.name, token.prefix, token.digest}
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert tokens.create_token(world.alice, days=0)[0].expires_at is None


def test_create_token_validates(world):
    with pytest.raises(ValidationError) as error:
        tokens.create_token(world.alice, name="x" * 101, days=-1)
    assert set(error.value.message_dict) == {"name", "days"}


def test_authenticate_rejects_dead_tokens(world):
    token, secret = tokens.create_token(world.alice)
    assert tokens.authenticate(secret) == token
    assert tokens.authenticate(secret + "x") is None
    assert tokens.authenticate("") is None
    assert tokens.authenticate("not-a-token") is None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert tokens.authenticate(secret) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None, revoked_at=timezone.now())
    assert tokens.authenticate(secret) is None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None)
    world.alice.is_active = False
    world.alice.save()
    assert tokens.authenticate(secret) is None


def _token_statements(context) -> list[str]:
    # The last-use stamp is best-effort (transactions.best_effort): on SQLite it sets a short
    # busy timeout and takes a savepoint around the write. Those are bookkeeping; what is
    # counted here is what touches the token table.
    return [q["sql"] for q in context.captured_queries if "accounts_apitoken" in q["sql"]]


def test_last_used_written_at_most_once_a_minute(world):
    token, secret = tokens.create_token(world.alice)
    with CaptureQueriesContext(connection) as context:
        tokens.authenticate(secret)
    assert len(_token_statements(context)) == 2  # read + first write
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    with CaptureQueriesContext(connection) as context:
        tokens.authenticate(secret)
    assert len(_token_statements(context)) == len(context.captured_queries) == 1  # read only
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    tokens.authenticate(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_revoke_token_rules(world, other_world):
    token, _secret = tokens.create_token(world.alice)
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(world.bob, token)
    with pytest.raises(ApiToken.DoesNotExist):
        tokens.revoke_token(other_world.admin, token)
    assert tokens.revoke_token(world.admin, token).revoked_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer mbo_wrong",
        "Basic dXNlcjpwYXNz",
        "Token mbo_x",
        "Bearer " + "x" * 5000,
    ],
)
def test_missing_or_bad_token_is_401(db, header):
    client = Api(**({"authorization": header} if header else {}))
    response = client.get("/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert field_errors(response) == {}


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - dt.timedelta(seconds=1)},
    ],
)
def test_revoked_and_expired_tokens_are_401(world, change):
    client = Api(world.alice)
    assert client.get("/me").status_code == 200
    ApiToken.objects.filter(pk=client.token.pk).update(**change)
    assert client.get("/me").status_code == 401


def test_token_acts_as_its_member(world, other_world):
    body = Api(other_world.bob).get("/me").json()
    assert body["id"] == other_world.bob.pk
    assert body["email"] == "bob@other.test"
    assert body["organization"]["slug"] == "other"
    assert body["role"] == "member" and body["is_admin"] is False


def test_messages_follow_the_persons_language_then_accept_language(world):
    anonymous = Api(**{"accept-language": "zh-hans"})
    assert "令牌" in anonymous.get("/me").json()["detail"]
    english = Api(world.alice, **{"accept-language": "en"})
    assert "required" in field_errors(english.post("/cycles", {}))["name"]
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    chinese = Api(world.alice, **{"accept-language": "en"})
    response = chinese.post("/objectives", {"cycle_id": world.cycle.pk})
    assert response["Content-Language"] == "zh-hans"
    assert is_chinese(field_errors(response)["title"])


def is_chinese(message: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in message)


def test_my_tokens_endpoints(world):
    alice = Api(world.alice)
    tokens.create_token(world.bob, name="bob's")
    created = alice.post("/tokens", {"name": "BI job", "days": 7})
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert tokens.authenticate(secret).membership == world.alice

    listed = alice.get("/tokens").json()
    assert listed["count"] == 2  # the client's own token and the new one, not Bob's
    assert all("secret" not in item and "digest" not in item for item in listed["items"])
    new_id = created.json()["id"]
    assert alice.delete(f"/tokens/{new_id}").status_code == 204
    assert tokens.authenticate(secret) is None

    bobs = ApiToken.objects.get(name="bob's")
    assert alice.delete(f"/tokens/{bobs.pk}").status_code == 404
    assert field_errors(alice.post("/tokens", {"days": 99999})) == {
        "days": "“99999”: Enter a number of at most 3,650."
    }


def test_rate_limit_answers_429_with_retry_after(world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    alice, bob = Api(world.alice), Api(world.bob)
    assert [alice.get("/me").status_code for _ in range(3)] == [200, 200, 200]
    limited = alice.get("/me")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert field_errors(limited) == {}
    assert bob.get("/me").status_code == 200  # per token


def test_cli_create_list_revoke(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "--org",
        "acme",
        "--user",
        "ALICE@acme.test",
        "--name",
        "BI",
        "--days",
        "10",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = tokens.authenticate(secret)
    assert token.membership == world.alice and token.name == "BI"
    assert token.prefix in err.getvalue()

    out = io.StringIO()
    call_command("token", "list", "--org", "acme", "--user", "alice@acme.test", stdout=out)
    assert token.prefix in out.getvalue() and secret not in out.getvalue()

    call_command("token", "revoke", token.prefix, "--org", "acme", stdout=io.StringIO())
    assert tokens.authenticate(secret) is None


def test_cli_errors(world, other_world):
    with pytest.raises(CommandError, match="not a member"):
        call_command("token", "create", "--org", "acme", "--user", "bob@other.test")
    with pytest.raises(CommandError, match="No organization"):
        call_command("token", "list", "--org", "nope")
    token, _secret = tokens.create_token(other_world.alice)
    with pytest.raises(CommandError, match="No token"):
        call_command("token", "revoke", token.prefix, "--org", "acme")
