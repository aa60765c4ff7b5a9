"""If-Match with a list of entity tags (RFC 9110 §13.1.1: `If-Match: "3", "4"`) is met when
any one of them is the row's version (a weak one, `W/"4"`, never: the strong comparison,
tests/api/test_if_match_is_strong_h9z.py), on every route that honours If-Match; it was refused as a
malformed header (400) whatever it listed (issue 9, h9u). A list that is not one (`"3" "4"`
without a comma, `*` among tags, a tag that is no version) is still a 400 naming the header;
a list of versions none of which is current is the same 409 as one stale version. Every route
is the table of tests/api/test_if_match_any.py, itself checked against the API's description."""

import pytest

from tests.api.conftest import Api, field_errors
from tests.api.test_if_match_any import ROUTES
from tests.api.test_if_match_any import rows as rows  # the fixture

pytestmark = pytest.mark.django_db

IDS = [" ".join(route) for route in ROUTES]


def _row_path(path: str) -> str:
    """The row whose version a route's If-Match is compared with (a check-in's key result)."""
    for action in ("/check-ins", "/align", "/share"):
        path = path.removesuffix(action)
    return path


def _send(rows, route, if_match):
    who, path, body, _written = ROUTES[route]
    client = Api(getattr(rows, who))
    if route[0] == "delete":
        return client.delete(path(rows), **{"If-Match": if_match})
    return client._send(route[0], path(rows), body, {"If-Match": if_match})


def _versions(rows, route):
    """The row's version and two that are not it."""
    who, path, _body, _written = ROUTES[route]
    read = Api(getattr(rows, who)).get(_row_path(path(rows)))
    assert read.status_code == 200, read.content
    version = read.json()["version"]
    stale = [v for v in (1, 2, 3) if v != version][:2]
    return version, stale


# How a list may be written around the current version `{v}` and stale ones `{a}`, `{b}`.
MET = [
    '"{a}", "{v}"',
    '  "{v}" ,"{a}"  ',
    '"{a}","{b}",{v}',
    '"{v}", ',
    '"{a}",, "{v}"',
    'W/"{a}", "{v}"',
]
STALE = ['"{a}", "{b}"', "{a},{b}"]
MALFORMED = ['"{a}" "{v}"', '"{a}", *', '*, "{v}"', '"{a}", "x{v}"', '"{a}", "{v}', ",", " , , "]


@pytest.mark.every_case  # each route's own locks and reads, on PostgreSQL too
@pytest.mark.parametrize("written", MET)
@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_a_list_holding_the_current_version_is_met(rows, route, written):
    version, (a, b) = _versions(rows, route)
    response = _send(rows, route, written.format(v=version, a=a, b=b))
    assert response.status_code in (200, 201, 204), response.content
    assert ROUTES[route][3](rows, response.json() if response.content else None)


@pytest.mark.parametrize("route", list(ROUTES), ids=IDS)
def test_a_list_without_it_is_a_conflict_and_one_that_is_no_list_a_400(rows, route):
    version, (a, b) = _versions(rows, route)
    for written in STALE:
        response = _send(rows, route, written.format(v=version, a=a, b=b))
        assert response.status_code == 409, (written, response.content)
        assert response.json()["current_version"] == version
    for written in MALFORMED:
        response = _send(rows, route, written.format(v=version, a=a, b=b))
        assert response.status_code == 400, (written, response.content)
        assert field_errors(response).keys() == {"If-Match"}
    assert _versions(rows, route)[0] == version  # nothing written
