"""If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak entity tag (`W/"4"`) never
matches, even the row's own version, alone or in a list (`"3", W/"4"` is met only by 3). It
met the precondition (issue 9, h9z). Such a request is a 412 naming If-Match, with the current
version, and writes nothing; `*`, a bare `4` and `"4"` are still met, and every ETag sent is
strong. Every route that takes If-Match (the table of tests/api/test_if_match_any.py, itself
checked against the API's description), through the whole middleware stack; on a missing row
a weak tag is the 404, as `*` is (test_if_match_any_on_a_missing_row_is_still_a_404)."""

import pytest

from tests.api.conftest import Api, field_errors
from tests.api.test_if_match_any import ROUTES
from tests.api.test_if_match_any import rows as rows  # the fixture
from tests.api.test_if_match_lists import _row_path, _send, _versions

pytestmark = pytest.mark.django_db

IDS = [" ".join(route) for route in ROUTES]

# Around the current version `{v}` and a stale one `{a}`.
WEAK = ['W/"{v}"', ' W/"{v}" ', "W/{v}", '"{a}", W/"{v}"', 'W/"{v}", "{a}"', 'W/"{a}", W/"{v}"']
MET = ["*", "{v}", '"{v}"', '"{v}", W/"{a}"', 'W/"{v}", "{v}"', 'W/"{a}",, {v}']


def _read(rows, route):
    who, path, _body, _written = ROUTES[route]
    return Api(getattr(rows, who)).get(_row_path(path(rows)))


@pytest.mark.every_case  # each route's own locks and reads, on PostgreSQL too
@pytest.mark.parametrize("written", WEAK)
@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_a_weak_tag_never_meets_if_match(rows, route, written):
    version, (a, _b) = _versions(rows, route)
    before = _read(rows, route).content
    response = _send(rows, route, written.format(v=version, a=a))
    assert response.status_code == 412, (written, response.status_code, response.content)
    body = response.json()
    assert body["current_version"] == version
    assert response.headers["ETag"] == f'"{version}"'
    message = field_errors(response)["If-Match"]
    assert "W/" in message and f'"{version}"' in message, message
    assert _read(rows, route).content == before  # nothing written


@pytest.mark.parametrize("written", MET)
@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_a_strong_tag_star_or_bare_version_still_meets_it(rows, route, written):
    version, (a, _b) = _versions(rows, route)
    response = _send(rows, route, written.format(v=version, a=a))
    assert response.status_code in (200, 201, 204), (written, response.content)
    assert ROUTES[route][3](rows, response.json() if response.content else None)


@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_a_stale_strong_tag_is_still_the_409(rows, route):
    version, (a, b) = _versions(rows, route)
    for written in ('"{a}"', "{a}", '"{a}", "{b}"'):
        response = _send(rows, route, written.format(a=a, b=b))
        assert response.status_code == 409, (written, response.content)
        assert response.json()["current_version"] == version


@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_every_etag_sent_is_strong(rows, route):
    """The read's, the 409's and a PATCH's ETag are each the strong `"<version>"`. A POST
    action (align, check-in, share) and a delete send none: their target is not the row whose
    version If-Match compared (RFC 9110 §8.8.3: an ETag names the target's representation)."""
    version, (stale, _b) = _versions(rows, route)
    read = _read(rows, route)
    assert read.headers["ETag"] == f'"{version}"'
    conflict = _send(rows, route, f'"{stale}"')
    assert conflict.status_code == 409, conflict.content
    assert conflict.headers["ETag"] == f'"{version}"'
    response = _send(rows, route, "*")
    assert response.status_code in (200, 201, 204), response.content
    if route[0] == "patch":
        assert response.headers["ETag"] == f'"{_read(rows, route).json()["version"]}"'
    else:
        assert not response.has_header("ETag")


def test_the_412_is_said_in_chinese_too(rows):
    route = ("patch", "/objectives/{objective_id}")
    version, _stale = _versions(rows, route)
    response = Api(rows.alice, **{"accept-language": "zh-hans"}).patch(
        f"/objectives/{rows.extra['child'].pk}", {"title": "X"}, **{"If-Match": f'W/"{version}"'}
    )
    assert response.status_code == 412
    assert "弱" in response.json()["detail"], response.json()
