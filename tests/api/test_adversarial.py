"""The API attacked the way an outside checker would: over a real socket, two organizations of
identical shape, every role, every operation of the OpenAPI document (iterated, not
hand-picked).

- Isolation: the other organization's ids and the ids of rows hidden by visibility, in path,
  query and body, are answered 404/422 (403 only where the row is one's own to see), change
  nothing in the database, and never show up in any answer (titles, emails, ids, counts).
- Bad input of every shape against every write: never a 5xx, always the documented error body
  (on PostgreSQL the shapes only a strict database refuses; SQLite gets them all).
- Authentication: missing, malformed, unknown, revoked, expired tokens and tokens of people who
  left are 401; over the rate limit is 429 with Retry-After.
"""

import datetime as dt
import json
import re

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from mubiao.accounts.models import ApiToken
from mubiao.accounts.tokens import create_token
from mubiao.api.main import api as ninja_api
from mubiao.notify.models import Notification
from mubiao.okrs import selectors, services
from mubiao.okrs.models import Activity, CheckIn, Comment, Cycle, KeyResult, Objective
from mubiao.orgs.models import Membership, Team, TeamMember
from mubiao.playbook.models import Template
from mubiao.reports import services as reports
from mubiao.reports.models import WeeklyReport
from tests.api.conftest import field_errors
from tests.conftest import make_objective, make_world

# Every case in the PostgreSQL pass too (tests/conftest.py): each operation and role has its
# own query shape, and PostgreSQL refuses values SQLite takes.
pytestmark = pytest.mark.every_case

ROLES = ("admin", "lead", "alice", "outsider")
PREFIX = "/api/v1"
DOCUMENT = ninja_api.get_openapi_schema(path_prefix=PREFIX)
SCHEMAS = DOCUMENT["components"]["schemas"]
OPERATIONS = [
    (method.upper(), path.removeprefix(PREFIX), operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
]
WRITES = [op for op in OPERATIONS if op[0] != "GET"]
FOR_ADMINS_AND_LEADS = {
    "/adoption", "/adoption/teams", "/grading-review", "/grading-review/objectives",
}  # fmt: skip

# Which kind of row a path parameter, query filter or body field names.
KIND_OF = {
    "objective_id": "objective", "parent_objective_id": "objective", "objective": "objective",
    "key_result_id": "key_result", "parent_key_result_id": "key_result",
    "key_result": "key_result", "check_in_id": "check_in", "check_in": "check_in",
    "member_id": "member", "owner_member_id": "member", "owner_member": "member",
    "owner_id": "member", "owner": "member", "manager_id": "member", "author_id": "member",
    "collaborator_ids": "member", "lead_ids": "member", "member_ids": "member",
    "team_id": "team", "owner_team_id": "team", "owner_team": "team", "team": "team",
    "team_ids": "team", "lead_team_ids": "team",
    "cycle_id": "cycle", "cycle": "cycle", "template_id": "template", "token_id": "token",
    "report_id": "report",
}  # fmt: skip
# `parent_id` and `parent` name a team under /teams and a cycle under /cycles.
PARENT_KIND = {"/teams": "team", "/cycles": "cycle"}
# The kind of the `id` of the rows a path answers with.
ROW_KIND = {
    "/objectives": "objective", "/key-results": "key_result", "/comments": "comment",
    "/members": "member", "/teams": "team", "/cycles": "cycle", "/templates": "template",
    "/tokens": "token", "/me": "member",
}  # fmt: skip


def kind_of(name: str, path: str) -> str | None:
    if name in ("parent_id", "parent"):
        return next((kind for root, kind in PARENT_KIND.items() if path.startswith(root)), None)
    return KIND_OF.get(name)


def _populate(slug: str):
    """An organization with objectives of every visibility, each with a key result, a check-in
    and a comment, every title carrying a marker that names it."""
    w = make_world(slug)
    rows = {}

    def objective(label, owner, **fields):
        obj = make_objective(owner, w.cycle, f"obj-{slug}-{label}", **fields)
        kr = obj.key_results.get()
        KeyResult.objects.filter(pk=kr.pk).update(title=f"kr-{slug}-{label}")
        entry = services.check_in(owner, kr, value=10, note=f"note-{slug}-{label}")
        comment = services.add_comment(owner, body=f"comment-{slug}-{label}", check_in=entry)
        rows[label] = (obj, kr, entry, comment)
        return obj

    objective("public", w.alice)
    private = objective("private", w.bob, visibility=Objective.Visibility.PRIVATE)
    objective("team", w.bob, visibility=Objective.Visibility.TEAM, team=w.docs)
    # A public child of a private parent: the child is visible, its parent is not.
    child = objective("child", w.bob)
    services.align_objective(w.bob, child, parent_objective=private)
    for role in ROLES:
        objective(f"own-{role}", getattr(w, role))
    Template.objects.create(
        organization=w.org, role="tpl", language="en", title=f"tpl-{slug}", body="O: x"
    )
    w.extra["rows"] = rows
    w.extra["secrets"] = {role: create_token(getattr(w, role), name="probe")[1] for role in ROLES}
    return w


@pytest.fixture
def worlds(transactional_db):
    worlds = _populate("acme"), _populate("beta")
    for world in worlds:
        reports.generate(world.admin)  # a draft: only its author reads it
    return worlds


def hidden_ids(me: Membership, mine, theirs) -> dict[str, set[int]]:
    """Ids of every kind that `me` must never see or reach."""
    visible = set(
        selectors.visible_objectives(me, include_archived=True).values_list("pk", flat=True)
    )
    hidden = {"objective": set(), "key_result": set(), "check_in": set(), "comment": set()}
    for world in (mine, theirs):
        for obj, kr, entry, comment in world.extra["rows"].values():
            if world is theirs or obj.pk not in visible:
                hidden["objective"].add(obj.pk)
                hidden["key_result"].add(kr.pk)
                hidden["check_in"].add(entry.pk)
                hidden["comment"].add(comment.pk)
    org = theirs.org
    hidden["member"] = set(Membership.objects.filter(organization=org).values_list("pk", flat=True))
    hidden["team"] = set(Team.objects.filter(organization=org).values_list("pk", flat=True))
    hidden["cycle"] = set(Cycle.objects.filter(organization=org).values_list("pk", flat=True))
    hidden["template"] = set(Template.objects.filter(organization=org).values_list("pk", flat=True))
    hidden["report"] = {
        report.pk
        for report in WeeklyReport.objects.all()
        if report.organization_id == org.pk
        or (report.state == WeeklyReport.State.DRAFT and report.author_id != me.pk)
    }
    hidden["token"] = set(
        ApiToken.objects.filter(membership__organization=org).values_list("pk", flat=True)
    )
    return hidden


def hidden_markers(me: Membership, mine, theirs) -> list[str]:
    """Texts that must never appear in an answer to `me`."""
    hidden = hidden_ids(me, mine, theirs)
    markers = [f"@{theirs.org.slug}.test", theirs.org.name, f"tpl-{theirs.org.slug}",
               theirs.cycle.name]  # fmt: skip
    for world in (mine, theirs):
        slug = world.org.slug
        for label, (obj, *_rest) in world.extra["rows"].items():
            if obj.pk in hidden["objective"]:
                markers += [f"{kind}-{slug}-{label}" for kind in ("obj", "kr", "note", "comment")]
    return [marker for marker in markers if marker]


def assert_no_leak(response, path: str, hidden: dict, markers: list[str]) -> None:
    text = response.text
    for marker in markers:
        assert marker not in text, (path, marker, text[:500])
    try:
        body = response.json()
    except ValueError:
        return
    row_kind = next((kind for root, kind in ROW_KIND.items() if path.startswith(root)), None)
    if path.endswith("/check-ins"):
        row_kind = "check_in"
    if path.endswith("/alignable-parents"):  # a cycle's too: the rows are objectives
        row_kind = "objective"

    def walk(value, key=None, rows_of=None):
        if isinstance(value, dict):
            for name, item in value.items():
                if name == "id" and rows_of:
                    assert item not in hidden.get(rows_of, ()), (path, rows_of, item)
                nested = {"key_results": "key_result"}.get(name)
                walk(item, name, nested or (rows_of if name == "items" else None))
        elif isinstance(value, list):
            for item in value:
                walk(item, key, rows_of)
        elif isinstance(value, int) and key and kind_of(key, path):
            assert value not in hidden[kind_of(key, path)], (path, key, value, text[:500])

    walk(body, rows_of=row_kind)


def snapshot() -> dict:
    """Everything a request could change (last_used_at is a hint, not state)."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (
            Objective,
            KeyResult,
            WeeklyReport,
            CheckIn,
            Comment,
            Team,
            TeamMember,
            Membership,
            Cycle,
            Template,
            Notification,
            Activity,
        )
    } | {"ApiToken": sorted(ApiToken.objects.values_list("pk", "revoked_at", "expires_at"))}


def resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        return resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"))
    return schema


def body_schema(operation) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return resolve(content["schema"]) if content else None


def example(schema: dict, path: str, own: dict, name: str = ""):
    """A plausible value of a schema; ids are the caller's own visible rows."""
    schema = resolve(schema)
    kind = kind_of(name, path)
    if kind:
        return [own[kind]] if schema.get("type") == "array" else own[kind]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            prop: example(sub, path, own, prop)
            for prop, sub in schema.get("properties", {}).items()
            if prop in schema.get("required", ())
        }
    if kind == "array":
        return [example(schema["items"], path, own)]
    if schema.get("format") == "date":
        return dt.date.today().isoformat()
    return {"integer": 1, "number": 1, "boolean": True}.get(kind, "probe")


def id_fields(schema: dict, path: str, trail=()):
    """(trail, name, is_list) of every id field of a body, one level into lists of objects."""
    for prop, sub in schema.get("properties", {}).items():
        sub = resolve(sub)
        if kind_of(prop, path):
            yield trail, prop, sub.get("type") == "array"
        elif sub.get("type") == "array" and resolve(sub["items"]).get("type") == "object":
            yield from id_fields(resolve(sub["items"]), path, (*trail, prop, 0))


def own_ids(world, role: str) -> dict[str, int]:
    me = getattr(world, role)
    obj, kr, entry, _comment = world.extra["rows"][f"own-{role}"]
    return {
        "objective": obj.pk, "key_result": kr.pk, "check_in": entry.pk, "member": me.pk,
        "team": world.docs.pk, "cycle": world.cycle.pk, "token": 0,
        "template": Template.objects.get(organization=world.org).pk,
        "report": reports.generate(me).pk,
    }  # fmt: skip


def fill_path(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[KIND_OF[m.group(1)]]), path)


@pytest.fixture
def clients(live_server, worlds):
    opened = []

    def client(world, role):
        http = httpx.Client(
            base_url=f"{live_server.url}{PREFIX}",
            headers={"Authorization": f"Bearer {world.extra['secrets'][role]}"},
            timeout=30,
        )
        opened.append(http)
        return http

    yield client
    for http in opened:
        http.close()


@pytest.mark.parametrize("role", ROLES)
def test_no_operation_reaches_or_shows_hidden_rows(clients, worlds, role):
    mine, theirs = worlds
    me = getattr(mine, role)
    http = clients(mine, role)
    hidden = hidden_ids(me, mine, theirs)
    markers = hidden_markers(me, mine, theirs)
    own = own_ids(mine, role)
    own["token"] = ApiToken.objects.filter(membership=me).first().pk
    probes = 0

    def send(method, path, operation, *, params=None, body=None, expect=None):
        nonlocal probes
        probes += 1
        before = snapshot() if method != "GET" else None
        kwargs = {"params": params} if params else {}
        if body is not None:
            kwargs["json"] = body
        response = http.request(method, path, **kwargs)
        assert response.status_code < 500, (method, path, params, body, response.text)
        if expect:
            assert response.status_code in expect, (method, path, params, body, response.text)
        assert_no_leak(response, path, hidden, markers)
        if before is not None:
            assert snapshot() == before, (method, path, params, body, response.text)
        return response

    for method, template, operation in OPERATIONS:
        parameters = operation.get("parameters", [])
        schema = body_schema(operation)
        # A hidden row in the path: 404, whatever the body says.
        for parameter in (p for p in parameters if p["in"] == "path"):
            kind = KIND_OF[parameter["name"]]
            for pk in sample(hidden[kind]):
                path = fill_path(template, own | {kind: pk})
                body = example(schema, template, own) if schema else None
                send(method, path, operation, body=body, expect={404})
        if method == "GET":
            # Every row the role may read, read: none of them names a hidden one.
            kinds = [KIND_OF[p["name"]] for p in parameters if p["in"] == "path"]
            # The coaching pages' data is for admins and leads: anyone else gets their 404.
            answers = {200, 404, 422} if template in FOR_ADMINS_AND_LEADS else {200, 422}
            for pk in readable(kinds[0], mine, hidden, own) if kinds else [None]:
                path = fill_path(template, own | ({kinds[0]: pk} if kinds else {}))
                send(method, path, operation, params={"limit": 200}, expect=answers)
        if method == "DELETE" or ("{" in template and method != "GET" and not schema):
            continue  # archive/restore/delete of one's own rows would really change them
        path = fill_path(template, own)
        # A hidden row in a filter: nothing hidden comes back (a 404 for a comment target).
        for parameter in (p for p in parameters if p["in"] == "query"):
            kind = kind_of(parameter["name"], template)
            if not kind:
                continue
            for pk in sample(hidden[kind]):
                response = send(method, path, operation, params={parameter["name"]: pk},
                                expect={200, 404, 422})  # fmt: skip
                if response.status_code == 200 and "count" in response.json():
                    page = response.json()
                    assert page["count"] == len(page["items"]), (path, parameter, page)
        if schema is None:
            continue
        # A hidden row in the body: a 422 on that field (403 where the role may not write).
        for trail, name, is_list in id_fields(schema, template):
            for pk in sample(hidden[kind_of(name, template)]):
                value = [pk] if is_list else pk
                body = example(schema, template, own)
                if trail:  # a field of a list item, e.g. key_results.0.owner_id
                    item = example(schema_at(schema, trail), template, own) | {name: value}
                    body[trail[0]] = [item]
                else:
                    body[name] = value
                send(method, path, operation, body=body, expect={403, 404, 422})
    assert probes > 150


def sample(ids: set[int]) -> list[int]:
    """The first two hidden ids (the caller's own organization's, where it has hidden rows)
    and the last (the other organization's): every way of being hidden, in a bounded time."""
    ordered = sorted(ids)
    return list(dict.fromkeys(ordered[:2] + ordered[-1:]))


def readable(kind: str, world, hidden: dict, own: dict) -> list[int]:
    """Ids of a kind in the caller's organization that it may see (for the kinds that have
    hidden rows; one own row of the others)."""
    column = {"objective": 0, "key_result": 1}.get(kind)
    if column is None:
        return [own[kind]]
    return [row[column].pk for row in world.extra["rows"].values()
            if row[column].pk not in hidden[kind]]  # fmt: skip


def schema_at(schema: dict, trail) -> dict:
    """The schema of the list item a trail ("key_results", 0) leads to."""
    for step in trail:
        if isinstance(step, str):
            schema = resolve(resolve(schema["properties"][step])["items"])
    return schema


# --- bad input -------------------------------------------------------------------------------

# One value of every shape (each field gets all of them).
BAD_VALUES = [
    None, True, -1, 2**64, -1e308, 1.5, "NaN", "", "x" * 100_001, "a\x00b", "\ud800",
    "\u202eRTL\u202c😀", "2026-02-30", [None], {"a": {"b": {"c": []}}}, [[[[[[[[[[]]]]]]]]]],
]  # fmt: skip
RAW_BODIES = [
    b"", b"null", b"[]", b"1", b'"x"', b"{", b"{'a': 1}", b"\xff\xfe", b"[" * 5000 + b"]" * 5000,
    b'{"a": ' * 3000 + b"1" + b"}" * 3000, b'{"title": "a", "title": 1}', b"NaN",
    b'{"value": NaN}', b'{"value": Infinity}', b'{"value": 1e99999}',
    b'{"value": 123456789012345678901234567890}', b"\x00",
]  # fmt: skip
# What a strict database refuses and SQLite takes (an integer past 64 bits, a NUL byte, a lone
# surrogate): all the PostgreSQL pass sends. The other shapes are refused before any query, by
# the same code on either database, and are sent in the SQLite pass.
STRICT_VALUES = [2**64, -1e308, "a\x00b", "\ud800"]
STRICT_BODIES = [b'{"value": 123456789012345678901234567890}', b"\x00"]


JSON = {"Content-Type": "application/json"}
CONTENT_TYPES = (
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
    "application/json; charset=latin-1",
)


def assert_error_body(response, context) -> None:
    assert response.status_code < 500, (context, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("detail"), str) and body["detail"], (context, body)
        assert isinstance(body.get("errors"), list), (context, body)
        for error in body["errors"]:
            assert set(error) == {"field", "message"}, (context, body)
            assert error["field"] is None or isinstance(error["field"], str), (context, body)
            assert isinstance(error["message"], str) and error["message"], (context, body)


@pytest.mark.parametrize(
    ("method", "template", "operation"), WRITES, ids=[f"{m} {t}" for m, t, _op in WRITES]
)
def test_bad_input_of_every_shape_is_a_documented_4xx(clients, worlds, method, template, operation):
    mine, _theirs = worlds
    http = clients(mine, "admin")
    own = own_ids(mine, "admin")
    own["token"] = 10**12  # never revoke the token the probe runs with
    path = fill_path(template, own)
    schema = body_schema(operation)
    strict = connection.vendor != "sqlite"
    for raw in STRICT_BODIES if strict else RAW_BODIES:
        response = http.request(method, path, content=raw, headers=JSON)
        assert_error_body(response, (method, path, raw[:40]))
    if schema is None:
        return
    valid = example(schema, template, own)
    for content_type in () if strict else CONTENT_TYPES:
        response = http.request(
            method, path, content=json.dumps(valid), headers={"Content-Type": content_type}
        )
        assert_error_body(response, (method, path, content_type))
    for field in schema.get("properties", {}):
        for value in STRICT_VALUES if strict else BAD_VALUES:
            # json.dumps escapes a lone surrogate, which httpx's own encoder refuses.
            response = http.request(
                method, path, content=json.dumps(valid | {field: value}), headers=JSON
            )
            assert_error_body(response, (method, path, field, repr(value)[:60]))
        extra = http.request(method, path, json=valid | {f"{field}_x": 1, "": None})
        assert_error_body(extra, (method, path, "extra"))


# A bare `*` is no garbage: any current version (RFC 9110), met by a row that exists
# (tests/api/test_if_match_any.py); quoted, it is a version no row has.
IF_MATCH_GARBAGE = ["garbage", "W/", '"', "-1", "1" * 50, "1.5", "０", "W/ 3", '"*"', 'W/"x"',
                    "99999999999999999999", "3, 4"]  # fmt: skip


@pytest.mark.parametrize("if_match", IF_MATCH_GARBAGE)
def test_if_match_garbage_is_400_or_409(clients, worlds, if_match):
    mine, _theirs = worlds
    http = clients(mine, "alice")
    own = own_ids(mine, "alice")
    for method, template, _op in WRITES:
        if "If-Match" not in json.dumps(_op.get("parameters", [])):
            continue
        path = fill_path(template, own)
        schema = body_schema(_op)  # a valid body: the If-Match alone is what is wrong
        body = example(schema, template, own) if schema else {}
        before = snapshot()
        response = http.request(method, path, json=body, headers={"If-Match": if_match.encode()})
        assert response.status_code in (400, 409), (path, if_match, response.text)
        assert_error_body(response, (path, if_match))
        assert snapshot() == before


# --- authentication --------------------------------------------------------------------------


def test_every_operation_refuses_requests_without_a_valid_token(live_server, worlds):
    mine, _theirs = worlds
    alice = mine.alice
    revoked, revoked_secret = create_token(alice, name="revoked")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired, expired_secret = create_token(alice, name="expired", days=1)
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    _left, left_secret = create_token(mine.bob, name="left")
    Membership.objects.filter(pk=mine.bob.pk).update(is_active=False)
    _gone, gone_secret = create_token(mine.lead, name="user gone")
    mine.lead.user.__class__.objects.filter(pk=mine.lead.user_id).update(is_active=False)
    valid = mine.extra["secrets"]["alice"]
    headers = [
        {}, {"Authorization": ""}, {"Authorization": "Bearer"}, {"Authorization": "Bearer  x"},
        {"Authorization": valid}, {"Authorization": f"Basic {valid}"},
        {"Authorization": f"Token {valid}"}, {"Authorization": f"Bearer {valid}x"},
        {"Authorization": f"Bearer {valid[:-1]}"}, {"Authorization": "Bearer mbo_"},
        {"Authorization": "Bearer " + "mbo_" + "A" * 5000},
        {"Authorization": f"Bearer {revoked_secret}"},
        {"Authorization": f"Bearer {expired_secret}"},
        {"Authorization": f"Bearer {left_secret}"}, {"Authorization": f"Bearer {gone_secret}"},
        {"Authorization": "Bearer mbo_\u00e9\u00e9".encode()},
    ]  # fmt: skip
    own = own_ids(mine, "alice")
    own["token"] = revoked.pk
    with httpx.Client(base_url=f"{live_server.url}{PREFIX}", timeout=30) as http:
        for method, template, _operation in OPERATIONS:
            path = fill_path(template, own)
            before = snapshot() if method != "GET" else None
            for header in headers:
                response = http.request(method, path, headers=header, json={})
                assert response.status_code == 401, (method, path, header, response.text)
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
                assert_error_body(response, (method, path, header))
            if before is not None:
                assert snapshot() == before, (method, path)


def test_a_token_follows_its_membership_not_its_person(live_server, worlds):
    """Moving a person to another organization (a new membership there, the old one
    deactivated) ends the old token: it neither works nor reaches the new organization."""
    mine, theirs = worlds
    secret = mine.extra["secrets"]["alice"]
    Membership.objects.filter(pk=mine.alice.pk).update(is_active=False)
    Membership.objects.create(organization=theirs.org, user=mine.alice.user, role="admin")
    with httpx.Client(base_url=f"{live_server.url}{PREFIX}", timeout=30) as http:
        for path in ("/me", "/objectives", "/members", "/teams"):
            response = http.get(path, headers={"Authorization": f"Bearer {secret}"})
            assert response.status_code == 401, (path, response.text)


def test_rate_limit_answers_429_with_retry_after(live_server, worlds, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    mine, _theirs = worlds
    auth = {"Authorization": f"Bearer {mine.extra['secrets']['alice']}"}
    with httpx.Client(base_url=f"{live_server.url}{PREFIX}", timeout=30) as http:
        answers = [http.get("/me", headers=auth) for _ in range(5)]
    assert [a.status_code for a in answers][:3] == [200, 200, 200]
    limited = answers[-1]
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert_error_body(limited, "429")


# --- error fields name what the request sent ---------------------------------------------------


def test_a_rule_broken_by_an_id_names_the_id_field_of_the_request(api, world):
    """The services name the row (`parent`, `manager`); the client sent `parent_id`."""
    admin = api(world.admin)
    cycle = admin.patch(f"/cycles/{world.cycle.pk}", {"parent_id": world.cycle.pk})
    team = admin.patch(f"/teams/{world.product.pk}", {"parent_id": world.docs.pk})
    member = admin.patch(f"/members/{world.alice.pk}", {"manager_id": world.alice.pk})
    assert [cycle.status_code, team.status_code, member.status_code] == [422] * 3
    assert field_errors(cycle).keys() == {"parent_id"}
    assert field_errors(team).keys() == {"parent_id"}
    assert field_errors(member).keys() == {"manager_id"}
