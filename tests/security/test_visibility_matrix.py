"""Visibility under attack, generated: every owner kind × visibility × alignment shape × role,
every page, partial, export and API read, every id (DESIGN.md §4 Visibility details).

One organization is built once for the module: a three-level team tree, every role, a manager
chain, people in several teams, objectives of every owner kind × visibility (with
collaborators, a key result owned by someone else, a check-in and a comment that mentions
people), and public and team-visible children aligned to each of them (to the objective and to
a key result, across teams), plus a template saved by someone who may only read its source.
Every stored text of objective N carries a marker `ZQ<N><letter>`; who may see objective N is
decided by an oracle written here from DESIGN.md §4 (plain Python over the world's description,
not the permission code under test). Then, as every person:

- every URL pattern of the web (pages, partials, exports) is requested with every id of its
  kind, and every GET operation of the OpenAPI document with every id of its path parameters;
  no answer may hold the marker of an objective the person may not see;
- a pattern that is neither requested nor listed as not applicable fails the coverage test, so
  a new page is covered (or consciously excluded) automatically;
- writes that name a hidden row (align to it or to its key result, edit, check in, comment,
  copy, save as template) are answered 404 and change nothing.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from mubiao.accounts.tokens import create_token
from mubiao.api.main import api as ninja_api
from mubiao.okrs import services
from mubiao.okrs.models import Activity, CheckIn, Comment, Cycle, KeyResult, Objective
from mubiao.orgs.models import Organization, Team, TeamMember
from mubiao.orgs.rules import today_for
from mubiao.playbook import services as playbook_services
from mubiao.playbook.models import Template
from mubiao.reports import services as reports
from mubiao.reports.models import WeeklyReport
from tests.conftest import make_member

# Every case in the PostgreSQL pass too (tests/conftest.py): each role and visibility has
# its own query shape.
pytestmark = pytest.mark.every_case

MARKER = re.compile(r"ZQ(\d{3})[TDKNC]")
OWNER_KINDS = ("organization", "team", "person")
VISIBILITIES = ("public", "team", "private")
EXPORT_FORMATS = ("md", "csv", "json", "xlsx")
API = "/api/v1"

# name: (role, teams it is a member of, teams it leads, manager)
PEOPLE = {
    "org_owner": ("owner", (), (), None),
    "admin": ("admin", (), (), None),
    "boss": ("member", ("sales",), (), None),  # top of the author's manager chain
    "manager": ("member", ("sales",), (), "boss"),
    "author": ("member", ("ios", "ops"), (), "manager"),  # owns the personal objectives
    "lead": ("member", (), ("ios",), None),  # leads the owning / filing team
    "ancestor_lead": ("member", (), ("root",), None),
    "team_member": ("member", ("ios",), (), None),
    "parent_member": ("member", ("mobile",), (), None),  # in the team above: sees no more
    "collaborator": ("member", ("ops",), (), None),
    "kr_owner": ("member", ("ops",), (), None),
    "child_owner": ("member", ("sales",), (), None),  # aligns across teams
    "outsider": ("member", ("ops",), (), None),
}
TEAMS = {"root": None, "mobile": "root", "ios": "mobile", "sales": "root", "ops": "root"}


@dataclass
class Row:
    """What the oracle knows of one objective."""

    index: int
    pk: int
    owner_type: str
    visibility: str
    owner_member: str | None = None
    owner_team: str | None = None
    team: str | None = None
    collaborators: set[str] = field(default_factory=set)
    kr_owners: set[str] = field(default_factory=set)
    draft: bool = False
    key_results: list[int] = field(default_factory=list)
    check_ins: list[int] = field(default_factory=list)


@dataclass
class VisWorld:
    org: Organization
    cycle: Cycle
    members: dict
    teams: dict
    rows: list[Row]
    own: dict  # person → the id of a public objective of their own
    template: Template
    tokens: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# The oracle: DESIGN.md §4 over the world's description


def _subtree(team: str) -> set[str]:
    found = {team}
    changed = True
    while changed:
        changed = False
        for name, parent in TEAMS.items():
            if parent in found and name not in found:
                found.add(name)
                changed = True
    return found


def _led(person: str) -> set[str]:
    return set().union(*(_subtree(t) for t in PEOPLE[person][2])) if PEOPLE[person][2] else set()


def _managers(person: str | None) -> set[str]:
    chain = set()
    while person is not None and PEOPLE[person][3] is not None:
        person = PEOPLE[person][3]
        chain.add(person)
    return chain


def may_edit(person: str, row: Row) -> bool:
    """Admins, the owner, collaborators, and leads of the owning team or a team above it."""
    if PEOPLE[person][0] in ("owner", "admin"):
        return True
    if person == row.owner_member or person in row.collaborators:
        return True
    return row.owner_team is not None and row.owner_team in _led(person)


def may_see(person: str, row: Row) -> bool:
    role, member_of, _leads, _manager = PEOPLE[person]
    if row.draft:
        # A draft is not yet anyone's objective but its authors' (issue 12): whoever may edit
        # it sees it, whatever its visibility says; the owner's managers, the owners of its key
        # results and its team see it once it is published.
        return may_edit(person, row)
    if role in ("owner", "admin") or row.visibility == "public":
        return True
    if person == row.owner_member or person in row.collaborators or person in row.kr_owners:
        return True
    if person in _managers(row.owner_member):
        return True
    if row.owner_team is not None and row.owner_team in _led(person):
        return True  # the owning team's leads and their ancestors' leads
    owning = row.owner_team or row.team
    return (
        row.visibility == "team"
        and owning is not None
        and (owning in member_of or owning in _led(person))
    )


def hidden_rows(world: VisWorld, person: str) -> list[Row]:
    return [row for row in world.rows if not may_see(person, row)]


# --------------------------------------------------------------------------------------------
# The world


def _marker(index: int, letter: str) -> str:
    return f"ZQ{index:03d}{letter}"


def _build() -> VisWorld:
    org = Organization.objects.create(name="Vis Inc", slug="vis")
    today = today_for(org)
    members = {}
    for name, (role, *_rest) in PEOPLE.items():
        members[name] = make_member(org, f"{name}@vis.test", name.replace("_", " ").title(),
                                    role=role)  # fmt: skip
    for name, (_role, *_rest, manager) in PEOPLE.items():
        if manager:
            members[name].manager = members[manager]
            members[name].save()
    teams = {}
    for name, parent in TEAMS.items():
        teams[name] = Team.objects.create(
            organization=org, name=name.title(), slug=name, parent=teams.get(parent)
        )
    for name, (_role, member_of, leads, _manager) in PEOPLE.items():
        for team in member_of:
            TeamMember.objects.create(team=teams[team], membership=members[name])
        for team in leads:
            TeamMember.objects.create(team=teams[team], membership=members[name], is_lead=True)
    admin = members["admin"]
    cycle = services.create_cycle(
        admin, name="Vis quarter", kind=Cycle.Kind.QUARTER, state=Cycle.State.ACTIVE,
        start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=59),
    )  # fmt: skip
    rows: list[Row] = []

    def objective(creator, owner_type, visibility, *, parent=None, parent_kr=None, **owner):
        index = len(rows)
        obj = services.create_objective(
            members[creator],
            cycle=cycle,
            title=f"{_marker(index, 'T')} objective",
            description=f"{_marker(index, 'D')} description",
            owner_type=owner_type,
            visibility=visibility,
            owner_member=members[owner["member"]] if owner.get("member") else None,
            owner_team=teams[owner["team"]] if owner.get("team") else None,
            collaborators=[members[c] for c in owner.get("collaborators", ())],
            parent_objective=parent,
            parent_key_result=parent_kr,
            key_results=[
                {"title": f"{_marker(index, 'K')} first", "owner": members[kr]}
                for kr in owner.get("kr_owners", ())
            ]
            + [{"title": f"{_marker(index, 'K')} second", "start_value": 0, "target_value": 9}],
        )
        key_results = list(obj.key_results.order_by("position"))
        entry = services.check_in(admin, key_results[0], value=3, note=_marker(index, "N"))
        services.add_comment(
            admin, objective=obj, body=f"{_marker(index, 'C')} @outsider @parent_member @boss"
        )
        services.add_comment(admin, check_in=entry, body=f"{_marker(index, 'C')} on a check-in")
        rows.append(
            Row(
                index,
                obj.pk,
                owner_type,
                visibility,
                owner_member=owner.get("member"),
                owner_team=owner.get("team"),
                team=obj.team.slug if obj.team_id else None,
                collaborators=set(owner.get("collaborators", ())),
                kr_owners={kr.owner.user.email.split("@")[0] for kr in key_results if kr.owner},
                key_results=[kr.pk for kr in key_results],
                check_ins=[entry.pk],
            )
        )
        return obj

    owners = {
        "organization": ("admin", {}),
        "team": ("lead", {"team": "ios"}),
        "person": ("author", {"member": "author"}),
    }
    bases = []
    for owner_type in OWNER_KINDS:
        creator, owner = owners[owner_type]
        for visibility in VISIBILITIES:
            bases.append(
                objective(
                    creator,
                    owner_type,
                    visibility,
                    collaborators=["collaborator"],
                    kr_owners=["kr_owner"],
                    **owner,
                )
            )
    for parent in bases:
        # Across teams: child_owner is in Sales, the parents belong to iOS or the organization.
        objective("admin", "person", "public", member="child_owner", parent=parent)
        objective("admin", "team", "team", team="sales",
                  parent_kr=parent.key_results.order_by("position").first())  # fmt: skip
    # Drafts of every owner kind (made drafts by a direct update, as a shell or a bulk load
    # would: the kept counts follow by trigger), with a public child aligned to each: aligned
    # while the parent was published, as data from before a parent had to be (issue 12).
    for owner_type in OWNER_KINDS:
        creator, owner = owners[owner_type]
        for visibility in ("public", "team"):
            draft = objective(
                creator, owner_type, visibility, collaborators=["collaborator"],
                kr_owners=["kr_owner"], **owner,
            )  # fmt: skip
            draft_row = rows[-1]
            if visibility == "public":
                objective("admin", "person", "public", member="child_owner", parent=draft)
            Objective.objects.filter(pk=draft.pk).update(state=Objective.State.DRAFT)
            draft_row.draft = True
    own = {
        name: services.create_objective(
            admin, cycle=cycle, title=f"Own objective of {name}", owner_type="person",
            owner_member=members[name], key_results=[{"title": "Own key result"}],
        ).pk
        for name in PEOPLE
    }  # fmt: skip
    # The manager may read the author's private objective but not edit it: their template
    # stays theirs alone.
    private_person = next(r for r in rows if r.owner_type == "person" and r.visibility == "private")
    template = playbook_services.save_objective_as_template(
        members["manager"], Objective.objects.get(pk=private_person.pk)
    )
    # Every team's weekly report (by an admin) and every person's own, shared: each is read
    # as frozen text by all its readers.
    for team in teams.values():
        reports.share(admin, reports.generate(admin, team=team))
    for member in members.values():
        reports.share(member, reports.generate(member))
    return VisWorld(org, cycle, members, teams, rows, own, template)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; each test runs in a savepoint inside this transaction and rolls back."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = _build()
        built.tokens = {name: create_token(m, name="probe")[1] for name, m in built.members.items()}
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 0


def test_the_oracle_and_the_world_agree_on_shape(world, db):
    """Every owner kind × visibility is there, and every role hides something from someone."""
    shapes = {(r.owner_type, r.visibility) for r in world.rows}
    assert shapes >= {(o, v) for o in OWNER_KINDS for v in VISIBILITIES}
    assert {r.owner_type for r in world.rows if r.draft} == set(OWNER_KINDS)
    hidden = {person: len(hidden_rows(world, person)) for person in PEOPLE}
    assert hidden["admin"] == hidden["org_owner"] == 0
    assert hidden["outsider"] > hidden["team_member"] > 0
    assert all(n > 0 for person, n in hidden.items() if PEOPLE[person][0] == "member")
    # A team-owned objective is filed under its owner, whoever created it.
    assert all(r.team == r.owner_team for r in world.rows if r.owner_type == "team")


@pytest.mark.parametrize("per_row", [False, True], ids=["sets", "per_row"])
def test_the_condition_selects_what_the_oracle_says(world, db, per_row):
    """objective_visibility_q, with its sets hashed or probed per row (the people table's
    correlated subqueries), on an objective and through a key result's `objective__`, selects
    exactly the rows the oracle lets each person see."""
    from mubiao.orgs import permissions

    ours = {row.pk for row in world.rows}
    for person in PEOPLE:
        actor = world.members[person]
        seen = {row.pk for row in world.rows if may_see(person, row)}
        condition = permissions.objective_visibility_q(actor, per_row=per_row)
        assert set(Objective.objects.filter(condition).values_list("pk", flat=True)) & ours == (
            seen
        ), person
        through = permissions.objective_visibility_q(actor, "objective__", per_row=per_row)
        krs = KeyResult.objects.filter(through, objective__in=ours)
        assert set(krs.values_list("objective_id", flat=True)) == {
            row.pk for row in world.rows if row.key_results and row.pk in seen
        }, person


# --------------------------------------------------------------------------------------------
# Every URL pattern, discovered


def _patterns(resolver=None, prefix=""):
    """(route, name, pattern) of every named URL pattern below the root URLconf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "api/", "i18n/")):
                continue  # Django admin (staff only), the API (below, from OpenAPI), i18n
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield route, entry.name, entry


# Pages and partials read with GET: the kind of id each one takes (None: no id) and the query
# strings to try.
READS = {
    "home": (None, [""]),
    "objective_create": (None, [""]),
    "align_options": (None, ["align_q=ZQ&parent=o:{objective}"]),
    "check_mine": (None, [""]),
    "objective": ("objective", [""]),
    "objective_edit": ("objective", [""]),
    "objective_grade": ("objective", [""]),
    "key_result": ("key_result", [""]),
    "key_result_row": ("key_result", [""]),
    "check_in": ("key_result", [""]),
    "teams": (None, [""]),
    "team": ("team", ["", "view=list"]),
    "team_check": ("team", [""]),
    "company": (None, ["", "view=list", "view=list&team={team}"]),
    "alignment": (None, ["", "q=ZQ"]),
    "alignment_children": ("objective", [""]),
    "alignment_map": (None, ["", "offset=1"]),
    "alignment_map_children": ("objective", [""]),
    "alignment_map_hidden": (None, [""]),
    "alignment_map_archived": (None, [""]),
    "alignment_map_search": (None, ["q=ZQ"]),
    "grading": (None, [""]),
    "grading_review": (None, ["", "team={team}"]),
    "grading_review_csv": (None, [""]),
    "grading_review_xlsx": (None, [""]),
    "calibration": ("member", [""]),
    "adoption": (None, ["", "days=1"]),
    "adoption_csv": (None, [""]),
    "adoption_xlsx": (None, [""]),
    "search": (None, ["q=ZQ"]),
    "team_options": (
        None,
        [
            "team_q=s",
            "kind=slug&team_q=o",
            "kind=owner&team_q=e",
            "kind=slug&field=keep&keep={team}",
            "kind=owner&field=o&o=team:{team}",
        ],
    ),
    "mentions": (None, ["q=o"]),
    "notifications": (None, [""]),
    "settings": (None, [""]),
    "settings_cycles": (None, [""]),
    "settings_teams": (None, [""]),
    "settings_team": ("team_pk", [""]),
    "settings_people": (None, [""]),
    "settings_member": ("member", [""]),
    "settings_quality": (None, [""]),
    "templates": (None, ["scope=organization"]),
    "template": ("template", [""]),
    "template_use": ("template", [""]),
    "template_edit": ("template", [""]),
    "transfer": (None, [""]),
    "export": (None, [f"format={fmt}&cycle={{cycle}}" for fmt in EXPORT_FORMATS]),
    "preferences": (None, [""]),
    "notify_preferences": (None, [""]),
    "notify_channels": (None, [""]),
    "reports": (None, [""]),
    "report": ("report", [""]),
    "report_markdown": ("report", [""]),
    "report_xlsx": ("report", [""]),
}
# Writes: requested by test_writes_naming_a_hidden_row_are_404_and_change_nothing.
WRITES = {
    "objective_edit", "objective_archive", "objective_restore", "objective_copy",
    "objective_move", "objective_grade", "objective_comment", "kr_comment", "check_in",
    "key_result_restore", "check_in_comment", "template_from_objective",
}  # fmt: skip
NOT_APPLICABLE = {
    "setup": "the first run, before any organization exists",
    "organization_create": "creates an organization; renders no OKR",
    "lint_advice": "lints the text posted to it, nothing stored",
    "notifications_read": "marks one's own notifications read",
    "settings_cycle_state": "admins only, who see everything",
    "template_create": "a blank form",
    "template_delete": "only the author or an admin, covered by the template tests",
    "import_preview": "reads the uploaded file, not stored rows",
    "import_confirm": "writes the uploaded file",
    "import_blank_sheet": "an empty spreadsheet",
    "login": "before signing in",
    "logout": "signing out",
    "password_reset": "before signing in",
    "password_reset_done": "before signing in",
    "password_reset_confirm": "before signing in",
    "password_reset_complete": "before signing in",
    "set_language": "a preference",
    "switch_organization": "one's own memberships only (tests/orgs/test_switch_organization.py)",
    "accept_invitation": "before joining",
    "settings_invitation_resend": "admins only, who see everything; renders no OKR",
    "settings_invitation_revoke": "admins only, who see everything; renders no OKR",
    "settings_invitations_resend_unsent": "admins only, who see everything; renders no OKR",
    "healthz": "answers 'ok' to anyone, reads no row",
    "settings_next_cycle": "admins only, who see everything",
    "people_import": "admins only; reads the uploaded file, renders no OKR",
    "people_import_confirm": "admins only; writes the uploaded file",
    "people_export": "admins only; people, no OKR",
    "sso_find": "before signing in",
    "sso_start": "before signing in",
    "sso_callback": "before signing in",
    "sso_app_start": "before signing in",
    "sso_app_callback": "before signing in",
    "settings_sso": "admins only, who see everything; renders no OKR",
    "settings_sso_remove": "admins only, who see everything; renders no OKR",
    "settings_sso_verify": "admins only, who see everything; renders no OKR",
    "settings_directory": "admins only, who see everything; renders no OKR",
    "settings_directory_sync": "admins only; teams and people from the directory, no OKR",
    "settings_directory_remove": "admins only, who see everything; renders no OKR",
    "twofactor_verify": "before signing in",
    "twofactor_setup": "one's own sign-in; renders no OKR",
    "twofactor_change": "one's own sign-in; renders no OKR",
    "api_token_create": "one's own token; renders no OKR",
    "api_token_revoke": "one's own tokens only, others 404: tests/accounts/test_token_page.py",
    "notify_check_in": "a signed link, not an id: tests/notify/test_one_tap.py",
    "notify_channel": "admins only, who see everything; renders no OKR",
    "notify_slack_press": "signed by Slack, no session: test_chat_presses",
    "notify_feishu_press": "signed by 飞书, no session: test_chat_presses",
    "notify_chat_link": "a signed link that renders no OKR: tests/notify/test_chat_presses.py",
}


def test_every_url_pattern_is_probed_or_excluded(db):
    names = {name for _route, name, _pattern in _patterns()}
    unaccounted = names - set(READS) - WRITES - set(NOT_APPLICABLE)
    assert not unaccounted, (
        f"URL patterns neither probed nor listed as not applicable: {unaccounted}"
    )
    assert not (set(READS) | WRITES | set(NOT_APPLICABLE)) - names, "listed but gone"


def _ids(world: VisWorld, kind: str | None) -> list:
    if kind is None:
        return [None]
    if kind == "objective":
        return [r.pk for r in world.rows] + [world.own["outsider"]]
    if kind == "key_result":
        # The first of each objective: the others are read along with it (objective pages, the
        # API's lists), and a page per key result costs the same whatever its shape.
        return [r.key_results[0] for r in world.rows]
    if kind == "team":
        return [t.slug for t in world.teams.values()]
    if kind == "team_pk":
        return [t.pk for t in world.teams.values()]
    if kind == "member":
        return [m.pk for m in world.members.values()]
    if kind == "template":
        return [world.template.pk]
    if kind == "report":
        return list(
            WeeklyReport.objects.filter(organization=world.org).values_list("pk", flat=True)
        )
    raise AssertionError(kind)


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return _text_of(content)


def _text_of(content: bytes) -> str:
    if content[:2] == b"PK":  # xlsx: every cell's text
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8", errors="replace")


def _leaks(world: VisWorld, person: str, text: str) -> set[str]:
    hidden = {r.index for r in hidden_rows(world, person)}
    return {m.group(0) for m in MARKER.finditer(text) if int(m.group(1)) in hidden}


def _urls(world: VisWorld):
    from django.urls import reverse

    for name, (kind, queries) in READS.items():
        for pk in _ids(world, kind):
            path = reverse(name, args=[pk] if pk is not None else [])
            for query in queries:
                query = query.format(objective=world.rows[0].pk, team="ios", cycle=world.cycle.pk)
                separator = "&" if query else ""
                yield name, f"{path}?cycle={world.cycle.pk}{separator}{query}"


@pytest.mark.slow
@pytest.mark.parametrize("person", list(PEOPLE))
def test_no_page_partial_or_export_shows_a_hidden_row(world, db, person):
    client = Client()
    client.force_login(world.members[person].user)
    leaks, errors, seen = {}, {}, set()
    for name, url in _urls(world):
        response = client.get(url)
        if response.status_code >= 500:
            errors[url] = response.status_code
            continue
        text = _text(response)
        found = _leaks(world, person, text)
        if found:
            leaks[url] = sorted(found)
        seen |= {m.group(0) for m in MARKER.finditer(text)}
    assert not errors, errors
    assert not leaks, f"{person} sees hidden rows: {leaks}"
    # The probe reads something: every row the person may see shows up somewhere.
    visible = {r.index for r in world.rows if may_see(person, r)}
    assert {int(m[2:5]) for m in seen} >= visible


# --------------------------------------------------------------------------------------------
# Every GET operation of the API


OPERATIONS = [
    (path.removeprefix(API), operation)
    for path, methods in ninja_api.get_openapi_schema(path_prefix=API)["paths"].items()
    for method, operation in methods.items()
    if method == "get"
]
PATH_KINDS = {
    "objective_id": "objective", "key_result_id": "key_result", "team_id": "team_pk",
    "member_id": "member", "template_id": "template", "cycle_id": "cycle", "report_id": "report",
}  # fmt: skip
# List operations whose query names one row: every id of its kind is tried.
LIST_TARGETS = {
    "/comments": [("objective", "objective"), ("key_result", "key_result"),
                  ("check_in", "check_in")],
    "/key-results": [(None, None), ("objective", "objective")],
    "/objectives": [(None, None), ("search", "ZQ"), ("team", "team_pk")],
    "/alignment/search": [("q", "ZQ")],
}  # fmt: skip


def _api_ids(world, kind):
    if kind == "cycle":
        return [world.cycle.pk]
    if kind == "check_in":
        return [pk for r in world.rows for pk in r.check_ins]
    return _ids(world, kind)


def _api_requests(world):
    for path, operation in OPERATIONS:
        params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        if params:
            (param,) = params
            assert param in PATH_KINDS, f"{path}: which rows does {param} name?"
            kinds = PATH_KINDS[param]
            for pk in _api_ids(world, kinds):
                yield path.replace("{" + param + "}", str(pk)), {"limit": 200}
            continue
        for name, kind in LIST_TARGETS.get(path, [(None, None)]):
            if name is None:
                yield path, {"limit": 200}
            elif kind == "ZQ":
                yield path, {"limit": 200, name: "ZQ"}
            else:
                for pk in _api_ids(world, kind):
                    yield path, {"limit": 200, name: pk}


# Slow, like the page crawl: on PostgreSQL every API operation is read by every role in
# tests/api/test_adversarial.py (test_no_operation_reaches_or_shows_hidden_rows).
@pytest.mark.slow
@pytest.mark.parametrize("person", list(PEOPLE))
def test_no_api_read_shows_a_hidden_row(world, db, person):
    client = Client(headers={"authorization": f"Bearer {world.tokens[person]}"})
    leaks, errors = {}, {}
    hidden_objectives = {r.pk for r in hidden_rows(world, person)}
    for path, params in _api_requests(world):
        response = client.get(API + path, params)
        if response.status_code >= 500:
            errors[path] = response.status_code
            continue
        found = _leaks(world, person, response.content.decode())
        if found:
            leaks[f"{path} {params}"] = sorted(found)
        if path.startswith("/objectives") and response.status_code == 200:
            body = response.json()
            for item in body.get("items", [body]):
                # A hidden parent is not even named by its id.
                assert item.get("parent_objective_id") not in hidden_objectives, (path, item)
    assert not errors, errors
    assert not leaks, f"{person} reads hidden rows through the API: {leaks}"


# --------------------------------------------------------------------------------------------
# Writes naming hidden rows


def _snapshot() -> tuple:
    return (
        list(Objective.objects.order_by("pk").values_list(
            "pk", "title", "version", "parent_objective_id", "parent_key_result_id", "state",
            "cycle_id",
        )),
        list(KeyResult.objects.order_by("pk").values_list("pk", "current_value", "version",
                                                          "state")),
        CheckIn.objects.count(),
        Comment.objects.count(),
        Template.objects.count(),
        Activity.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize("person", [p for p in PEOPLE if PEOPLE[p][0] == "member"])
def test_writes_naming_a_hidden_row_are_404_and_change_nothing(world, db, person):
    from django.urls import reverse

    web = Client()
    web.force_login(world.members[person].user)
    api = Client(headers={"authorization": f"Bearer {world.tokens[person]}"})
    own = world.own[person]
    before = _snapshot()
    answers = {}

    def expect_404(label, response):
        if response.status_code != 404:
            answers[label] = response.status_code

    made_up = {}

    def expect_absent(label, path, body, field):
        """A hidden id named in a body gets the answer a made-up id gets (404, or the 422
        that names the field), so that it neither works nor tells that the row exists."""
        response = api.post(path, body, content_type="application/json")
        if (path, field) not in made_up:
            made_up[path, field] = api.post(
                path, {**body, field: 10**9}, content_type="application/json"
            ).content.decode()
        # A refusal quotes the id that was sent (issue 9): the same words around either id.
        said = response.content.decode().replace(f"\\u201c{body[field]}\\u201d", "\\u201c?\\u201d")
        if response.status_code not in (404, 422) or said != made_up[path, field].replace(
            f"\\u201c{10**9}\\u201d", "\\u201c?\\u201d"
        ):
            answers[label] = (response.status_code, response.content[:200])

    for row in hidden_rows(world, person):
        kr = row.key_results[0]
        for label, body in (
            ("parent_objective_id", {"parent_objective_id": row.pk}),
            ("parent_key_result_id", {"parent_key_result_id": kr}),
        ):
            expect_absent(f"api align to {label} {row.index}", f"{API}/objectives/{own}/align",
                          body, label)  # fmt: skip
        expect_404(
            f"api edit {row.index}",
            api.patch(
                f"{API}/objectives/{row.pk}", {"title": "x"}, content_type="application/json"
            ),
        )
        expect_404(
            f"api check-in {row.index}",
            api.post(
                f"{API}/key-results/{kr}/check-ins", {"value": 1}, content_type="application/json"
            ),
        )
        expect_404(
            f"api comment {row.index}",
            api.post(
                f"{API}/comments",
                {"objective_id": row.pk, "body": "hi"},
                content_type="application/json",
            ),
        )
        expect_404(
            f"api copy {row.index}",
            api.post(f"{API}/objectives/{row.pk}/copy", {}, content_type="application/json"),
        )
        expect_absent(f"api key result {row.index}", f"{API}/key-results",
                      {"objective_id": row.pk, "title": "x"}, "objective_id")  # fmt: skip
        for name in (
            "objective_edit",
            "objective_archive",
            "objective_restore",
            "objective_copy",
            "objective_move",
            "objective_grade",
            "objective_comment",
            "template_from_objective",
        ):
            expect_404(
                f"web {name} {row.index}",
                web.post(reverse(name, args=[row.pk]), {"title": "x", "body": "hi"}),
            )
        for name in ("check_in", "kr_comment", "key_result_restore"):
            expect_404(
                f"web {name} {row.index}",
                web.post(reverse(name, args=[kr]), {"value": "1", "body": "hi"}),
            )
        expect_404(
            f"web check_in_comment {row.index}",
            web.post(reverse("check_in_comment", args=[row.check_ins[0]]), {"body": "hi"}),
        )
        # The objective form refuses a hidden parent as it refuses a made-up one.
        response = web.post(reverse("objective_edit", args=[own]), {
            "title": "Own objective", "owner": f"person:{world.members[person].pk}",
            "kind": "committed", "visibility": "public", "parent": f"o:{row.pk}",
            "kr-TOTAL_FORMS": "0", "kr-INITIAL_FORMS": "0",
        })  # fmt: skip
        if response.status_code == 302:
            answers[f"web align {row.index}"] = 302
    assert not answers, f"{person}: writes on hidden rows were not refused with 404: {answers}"
    assert _snapshot() == before


@pytest.mark.parametrize("person", list(PEOPLE))
def test_no_export_shows_a_hidden_row_in_any_batch(world, db, person, monkeypatch):
    """The streamed export (issue 14), quick enough to run always: every format through the
    web route, read in batches of two objectives (every batch boundary crossed), shows no
    hidden row, and is the very file the export writes when it reads everything in one batch."""
    from django.urls import reverse

    from mubiao.okrs.transfer import exporter
    from tests.transfer.test_streamed_export import _whole

    monkeypatch.setattr(exporter, "CHUNK", 2)
    member = world.members[person]
    client = Client()
    client.force_login(member.user)
    for fmt in EXPORT_FORMATS:
        response = client.get(reverse("export"), {"format": fmt, "cycle": world.cycle.pk})
        assert response.status_code == 200, fmt
        content = b"".join(response.streaming_content)
        text = _text_of(content)
        assert not _leaks(world, person, text), (fmt, sorted(_leaks(world, person, text)))
        before = _whole(member, world.cycle, fmt)
        if fmt == "xlsx":
            assert text == _text_of(before)
        else:
            assert content == before, fmt
