"""An API client that authenticates with a real token of a given member."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mubiao.accounts.tokens import create_token
from mubiao.okrs import services


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Tests that check rate limiting set their own limit.
    settings.API_RATE_LIMIT_PER_MINUTE = 0


class Api:
    """Django's test client (so the whole middleware stack runs) speaking JSON to /api/v1."""

    def __init__(self, member=None, *, secret: str | None = None, **headers):
        if member is not None and secret is None:
            self.token, secret = create_token(member, name="tests")
        if secret is not None:
            headers["authorization"] = f"Bearer {secret}"
        self.secret = secret
        self.client = Client(headers=headers)

    def get(self, path, params=None, **headers):
        return self.client.get(f"/api/v1{path}", params or {}, headers=headers)

    def _send(self, method, path, data, headers):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data)
        return getattr(self.client, method)(
            f"/api/v1{path}", body, content_type="application/json", headers=headers
        )

    def post(self, path, data=None, **headers):
        return self._send("post", path, {} if data is None else data, headers)

    def patch(self, path, data=None, **headers):
        return self._send("patch", path, {} if data is None else data, headers)

    def delete(self, path, **headers):
        return self.client.delete(f"/api/v1{path}", headers=headers)


@pytest.fixture
def api(db):
    """api(member) → a client acting as that member."""
    return Api


def field_errors(response) -> dict[str, str]:
    """{field: message} of an error response (asserting its shape on the way)."""
    body = response.json()
    assert set(body) >= {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    return {error["field"]: error["message"] for error in body["errors"]}


def sent_check_in(client, kr, value, **body) -> str | None:
    """POST a check-in of `value` (and any other `body` fields): the value's refusal when the
    API answers 422, None when it stored it (201; anything else fails the test)."""
    response = client.post(f"/key-results/{kr.pk}/check-ins", {"value": value, **body})
    if response.status_code == 422:
        return field_errors(response)["value"]
    assert response.status_code == 201, response.content[:300]
    return None


def sent_patch(client, kr, field, value, **body) -> str | None:
    """PATCH one field of a key result: the field's refusal when the API answers 422, None when
    it stored it (200; anything else fails the test)."""
    response = client.patch(f"/key-results/{kr.pk}", {field: value, **body})
    if response.status_code == 422:
        return field_errors(response)[field]
    assert response.status_code == 200, response.content[:300]
    return None


# A value typed on each path that records one: the service, a check-in and a PATCH of the
# current value through the API, the key result page's check-in. Each gives the refusal as
# said, or None when the value was taken.
def typed_by_service(world, client_for, api, kr, typed):
    try:
        services.check_in(world.alice, kr, value=typed)
    except ValidationError as error:
        return error.message_dict["value"][0]
    return None


def typed_in_an_api_check_in(world, client_for, api, kr, typed):
    return sent_check_in(api(world.alice), kr, typed)


def typed_as_the_api_current_value(world, client_for, api, kr, typed):
    return sent_patch(api(world.alice), kr, "current_value", typed)


def typed_on_the_page(world, client_for, api, kr, typed):
    response = client_for(world.alice).post(reverse("check_in", args=[kr.pk]), {"value": typed})
    if response.status_code == 422:
        return response.content.decode()
    assert response.status_code == 302
    return None


def stored_or_refused(kr, said: str | None, start, expected) -> None:
    """What a TYPED_VALUE_PATHS path `said` of a value typed on `kr`: the value `expected`
    stored, or (a string) a refusal that names it with `start` left the current value."""
    kr.refresh_from_db()
    if isinstance(expected, str):
        assert said and expected in said, said
        assert kr.current_value == start
    else:
        assert said is None, said[-2000:]
        assert kr.current_value == expected


TYPED_VALUE_PATHS = [
    typed_by_service,
    typed_in_an_api_check_in,
    typed_as_the_api_current_value,
    typed_on_the_page,
]
