"""Who may see and change what (DESIGN.md §4 Permissions), in one place.

Pages, the API, exports and notifications all ask these functions. Reads are expressed as
querysets filters so that a list of 10,000 objectives is filtered by the database in one query;
the team and manager trees are read from their closure tables (no per-node queries).

- Organization owner/admin: everything in the organization.
- Team lead: the team's and its sub-teams' OKRs.
- Person: own OKRs, key results they own, check-ins on those.
- Visibility: public = all members; team = members of the team that owns the objective (for a
  personal objective: the team it is filed under) and the leads of that team and its
  ancestors, plus owner, collaborators and the owner's manager chain; private = owner,
  collaborators, manager chain, admins. The owner of a key result sees the key result and its
  objective as a collaborator would (DESIGN.md §4 Visibility details).
- Drafts: a draft is seen by those who may edit it (admins, its owner, its collaborators, leads
  of the owning team or a team above it), whatever its visibility says; the rest of its
  audience (its team, the owner's managers, the owners of its key results) sees it once it is
  published (issue 12). `open_to_all_q` / `is_open_to_all`: public and published, what a chat
  group, a mailing list or anyone in the organization may read.

Anything that renders another row (a parent, a child, a comment's target, a template's source)
asks the same question of that row: `objective_visibility_q` / `can_see_objective`.
"""

import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mubiao.orgs.models import ManagerChain, Membership, Organization, TeamAncestry, TeamMember

# The trees are read through their closure tables (orgs.models, kept by orgs.closures): each
# set below is one indexed join, planned once per query as a hashed set, never a recursive
# query evaluated per candidate row.


def led_teams_subquery(membership: Membership) -> QuerySet:
    """Ids (`team_id`) of the teams the member leads and all their sub-teams."""
    leads = TeamMember.objects.filter(membership_id=membership.pk, is_lead=True)
    return TeamAncestry.objects.filter(ancestor_id__in=leads.values("team_id")).values("team_id")


def reports_subquery(membership: Membership) -> QuerySet:
    """Ids (`member_id`) of everyone who reports to the member, directly or not."""
    return ManagerChain.objects.filter(manager_id=membership.pk, depth__gt=0).values("member_id")


def managers_subquery(member_id: int) -> QuerySet:
    """Ids (`manager_id`) of everyone the member reports to, directly or not
    (reports_subquery turned around)."""
    return ManagerChain.objects.filter(member_id=member_id, depth__gt=0).values("manager_id")


def team_subtree_subquery(team_id: int) -> QuerySet:
    """Ids (`team_id`) of a team and all its sub-teams."""
    return TeamAncestry.objects.filter(ancestor_id=team_id).values("team_id")


def led_team_ids(membership: Membership) -> set[int]:
    """Ids of the teams the member leads and their sub-teams (cached on the membership)."""
    cached = getattr(membership, "_led_team_ids", None)
    if cached is None:
        cached = set(led_teams_subquery(membership).values_list("team_id", flat=True))
        membership._led_team_ids = cached
    return cached


def is_admin(membership: Membership | None) -> bool:
    return bool(membership) and membership.role in (Membership.Role.OWNER, Membership.Role.ADMIN)


def open_to_all_q(prefix: str = "") -> Q:
    """Objectives (reached through `prefix`) that anyone in their organization may see: public
    and not a draft. Chat groups, webhooks, group digests and team reports read only these."""
    return Q(**{f"{prefix}visibility": "public"}) & ~Q(**{f"{prefix}state": "draft"})


def is_open_to_all(objective) -> bool:
    """open_to_all_q for one objective."""
    return objective.visibility == "public" and objective.state != "draft"


def objective_visibility_q(
    membership: Membership, prefix: str | tuple[str, ...] = "", per_row: bool = False
) -> Q:
    """The condition an objective (reached through `prefix`) must meet to be seen by `membership`.
    Several prefixes: the first objective reached of them (their columns coalesced), for rows
    that reach at most one (an objective's parent, directly or through its key result).

    `per_row`: the manager chain and the led teams are probed for each row tested (an indexed
    lookup on the closure tables' keys) instead of hashed as sets; for subqueries correlated to
    an outer row (one person's objectives in a table of people), where the sets of a leader
    of 100,000 people were built again for each outer row.

    Admins see everything in their organization; the organization filter itself is the caller's
    (selectors always add it). Team visibility follows the team that owns the objective: a
    team-owned objective is always filed under its owner (the objective_team_is_owner
    constraint), so `team_id` names the owning team of every objective, and of a personal one
    the team it is filed under.
    """
    if is_admin(membership):
        return Q()
    # Built once per membership object and prefix (a request reads its membership once, and a
    # page asks this of its lists, their parents and its counts several times). What is kept
    # is the condition, whose sets are subqueries evaluated by each statement: it says who may
    # see, never what was seen, so it stays exact as teams, managers and collaborators change.
    built = getattr(membership, "_visibility_q", None)
    if built is None:
        built = membership._visibility_q = {}
    if (prefix, per_row) not in built:
        built[prefix, per_row] = Q(_Visible(membership, prefix, per_row))
    return built[prefix, per_row]


# The id compiled into the sets' SQL in place of a member's: no row has it.
_STAND_IN = -1_000_000_007


def _visibility_sets(membership: Membership) -> dict[str, RawSQL]:
    """The member's sets the condition tests against (name → SQL with parameters). Their SQL
    is the same for every member, so each is compiled once per process and database vendor
    with a stand-in id, which is then swapped for the member's among the parameters: the same
    subqueries appear in every statement of every page."""
    return {
        name: RawSQL(sql, [membership.pk if param == _STAND_IN else param for param in params])  # noqa: S611
        for name, (sql, params) in _compiled_sets(connection.vendor).items()
    }


@functools.cache
def _compiled_sets(vendor: str) -> dict[str, tuple[str, tuple]]:
    from mubiao.okrs.models import KeyResult

    stand_in = Membership(pk=_STAND_IN)
    return {
        name: (raw.sql, tuple(raw.params))
        for name, raw in (
            (
                "my_teams",
                _compiled(TeamMember.objects.filter(membership_id=_STAND_IN).values("team_id")),
            ),
            ("led_teams", _compiled(led_teams_subquery(stand_in))),
            ("reports", _compiled(reports_subquery(stand_in))),
            ("collaborations", _compiled(_collaborations(stand_in))),
            (
                "key_results",
                _compiled(KeyResult.objects.filter(owner_id=_STAND_IN).values("objective_id")),
            ),
        )
    }


class _Visible(Expression):
    """objective_visibility_q's condition for a non-admin, on the objective reached through
    `prefix`, as one expression written as SQL: the six columns it reads are resolved as F()
    would (joins included, relabelled in subqueries), the rest is text with parameters. Built
    as a Q of ~20 lookups, Django resolved and compiled every lookup again for each statement
    and each prefix, which was most of a page's time (issue 14: My OKRs' requests per second).

    One flat OR: its editors see an objective in any state (owner, leads of the owning teams,
    collaborators), the rest of its audience once it is published. The owner of one of the
    objective's key results sees it as a collaborator would (and so can check in on the key
    result they own). Every set is an IN over the member's own rows (a small hashed set),
    never an EXISTS per row. (Nesting the published test around an inner OR overflowed
    SQLite's expression depth on the adoption page.)"""

    conditional = True
    COLUMNS = ("owner_member_id", "owner_team_id", "id", "visibility", "state", "team_id")

    def __init__(self, membership: Membership, prefix: str = "", per_row: bool = False):
        super().__init__(output_field=BooleanField())
        self.membership, self.prefix, self.per_row = membership, prefix, per_row
        prefixes = (prefix,) if isinstance(prefix, str) else prefix
        columns = [[F(p + name) for p in prefixes] for name in self.COLUMNS]
        self.columns = [each[0] if len(each) == 1 else Coalesce(*each) for each in columns]

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(membership={self.membership.pk}, {self.prefix!r}, "
            f"per_row={self.per_row})"
        )

    @property
    def identity(self):
        return (self.__class__, self.membership.pk, self.prefix, self.per_row, *self.columns)

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        owner, owner_team, pk, visibility, state, team = (
            compiler.compile(column)[0] for column in self.columns
        )
        test = _set_test(connection, self.membership, self.per_row)
        published = f"NOT ({state} = %s)"
        parts = [
            (f"{owner} = %s", [self.membership.pk]),
            test("led_teams", owner_team),
            test("collaborations", pk),
            (f"({visibility} = %s AND {published})", ["public", "draft"]),
            _all(test("reports", owner), (published, ["draft"])),
            _all(
                (f"{visibility} = %s", ["team"]),
                _any(test("my_teams", team), test("led_teams", team)),
                (published, ["draft"]),
            ),
            _all(test("key_results", pk), (published, ["draft"])),
        ]
        return (
            "(" + " OR ".join(sql for sql, _ in parts) + ")",
            [param for _, params in parts for param in params],
        )


def _all(*parts):
    return "(" + " AND ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def _any(*parts):
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


# Each of the member's sets as a probe of one row: (table's model, its column tested, the
# column naming the member, extra condition).
def _probe_tables():
    from mubiao.okrs.models import KeyResult, Objective

    return {
        "my_teams": (TeamMember, "team_id", "membership_id", ""),
        "collaborations": (Objective.collaborators.through, "objective_id", "membership_id", ""),
        "key_results": (KeyResult, "objective_id", "owner_id", ""),
        "reports": (ManagerChain, "member_id", "manager_id", " AND vis.depth > 0"),
    }


def _set_test(connection, membership: Membership, per_row: bool):
    """_Visible's test of a column against one of the member's sets (name, column) → (sql,
    params): IN over the hashed set, or (`per_row`) a probe of that column's row in the set's
    table by its unique index, for each row tested. In a join, PostgreSQL charged the hashed
    sets' build to every probe of the inner table and hashed all 330,000 objectives of the
    cycle to test 800 key results (300 ms; probed: 6 ms)."""
    if not per_row:
        sets = _visibility_sets(membership)
        return lambda name, column: (f"{column} IN ({sets[name].sql})", sets[name].params)
    q = connection.ops.quote_name
    # OFFSET 0 keeps PostgreSQL from turning a probe back into a hashed set (it does not for a
    # subquery with an OFFSET).
    offset = " OFFSET 0" if connection.vendor == "postgresql" else ""

    def test(name, column):
        # The probed tables under aliases of their own: the outer row may be of the same table
        # (a key result's objective tested for the key results its reader owns).
        if name == "led_teams":
            ancestry, members = q(TeamAncestry._meta.db_table), q(TeamMember._meta.db_table)
            sql = (
                f"EXISTS (SELECT 1 FROM {ancestry} vis_a INNER JOIN {members} vis_m ON "  # noqa: S608
                f"vis_m.team_id = vis_a.ancestor_id WHERE vis_a.team_id = {column} AND "
                f"vis_m.membership_id = %s AND vis_m.is_lead = %s{offset})"
            )
            return sql, [membership.pk, True]
        model, tested, member, extra = _probe_tables()[name]
        sql = (
            f"EXISTS (SELECT 1 FROM {q(model._meta.db_table)} vis WHERE vis.{tested} = {column} "  # noqa: S608
            f"AND vis.{member} = %s{extra}{offset})"
        )
        return sql, [membership.pk]

    return test


def _compiled(subquery: QuerySet) -> RawSQL:
    """An uncorrelated subquery as its SQL, to be embedded as is (`x__in=`)."""
    sql, params = subquery.query.get_compiler(subquery.db).as_sql()
    return RawSQL(sql, params)  # noqa: S611 (compiled by the ORM from our own querysets)


def _collaborator_q(membership: Membership, prefix: str) -> Q:
    return Q(**{f"{prefix}pk__in": _collaborations(membership)})


def _collaborations(membership: Membership) -> QuerySet:
    """Ids (`objective_id`) of the objectives the member collaborates on: IN over the member's
    own collaborations (a small hashed set), not an EXISTS per row."""
    from mubiao.okrs.models import Objective

    mine = Objective.collaborators.through.objects.filter(membership_id=membership.pk)
    return mine.values("objective_id")


def leads_above_subquery(team_id: int) -> QuerySet:
    """Ids (`membership_id`) of the leads of a team and of every team above it: those who
    lead it (led_teams_subquery, turned around)."""
    above = TeamAncestry.objects.filter(team_id=team_id).values("ancestor_id")
    return TeamMember.objects.filter(team_id__in=above, is_lead=True).values("membership_id")


def members_seeing_q(objective) -> Q | None:
    """The condition a membership must meet to see `objective`: objective_visibility_q turned
    around, for one objective (a weekly report asks it of every objective it would hold, of
    all its readers at once). None: everyone in its organization (open_to_all). The
    organization filter is the caller's, as for objective_visibility_q; the two are held
    equal by tests/orgs/test_visibility_turned_around.py over every role × visibility × state.

    Its editors in any state (admins, its owner, its collaborators, leads of the owning team
    or a team above it); the rest of its audience once published: the owners of its key
    results, the owner's managers and, when team-visible, the members of the team it is filed
    under and the leads of that team and those above."""
    from mubiao.okrs.models import KeyResult, Objective

    if is_open_to_all(objective):
        return None
    collaborators = Objective.collaborators.through.objects.filter(objective_id=objective.pk)
    seen = Q(role__in=(Membership.Role.OWNER, Membership.Role.ADMIN)) | Q(
        pk__in=collaborators.values("membership_id")
    )
    if objective.owner_member_id:
        seen |= Q(pk=objective.owner_member_id)
    if objective.owner_team_id:
        seen |= Q(pk__in=leads_above_subquery(objective.owner_team_id))
    if objective.state != Objective.State.DRAFT:
        # Owners only: a key result without one puts a NULL in the list, and NOT IN a list
        # holding NULL is never true (a report's count of readers who may not see it).
        owners = KeyResult.objects.filter(objective_id=objective.pk, owner__isnull=False)
        seen |= Q(pk__in=owners.values("owner_id"))
        if objective.owner_member_id:
            seen |= Q(pk__in=managers_subquery(objective.owner_member_id))
        if objective.visibility == Objective.Visibility.TEAM and objective.team_id:
            members = TeamMember.objects.filter(team_id=objective.team_id)
            seen |= Q(pk__in=members.values("membership_id")) | Q(
                pk__in=leads_above_subquery(objective.team_id)
            )
    return seen


def can_see_objective(membership: Membership, objective) -> bool:
    """objective_visibility_q for one objective (answered without a query when it can be)."""
    if objective is None or objective.organization_id != membership.organization_id:
        return False
    if (
        is_admin(membership)
        or is_open_to_all(objective)
        or objective.owner_member_id == membership.pk
    ):
        return True
    return (
        type(objective)
        .objects.filter(pk=objective.pk)
        .filter(objective_visibility_q(membership))
        .exists()
    )


def can_see_key_result(membership: Membership, key_result) -> bool:
    """A key result is seen with its objective (its owner sees both once it is published)."""
    if key_result is None or key_result.organization_id != membership.organization_id:
        return False
    return _owns_published(membership, key_result) or can_see_objective(
        membership, key_result.objective
    )


def _owns_published(membership: Membership, key_result) -> bool:
    return key_result.owner_id == membership.pk and key_result.objective.state != "draft"


def objective_govern_q(membership: Membership, prefix: str = "") -> Q:
    """Who may change who owns and who sees an objective (owner, filing team, visibility,
    collaborators) and publish its content as an organization template, as a queryset condition
    (the organization filter is the caller's): admins; the person who owns it; leads of the
    owning team or of one of its ancestors (DESIGN.md §4 Permissions). Collaborators edit an
    objective's content but never widen who may see it."""
    if is_admin(membership):
        return Q()
    p = prefix
    return Q(**{f"{p}owner_member_id": membership.pk}) | Q(
        **{f"{p}owner_team_id__in": led_teams_subquery(membership)}
    )


def objective_edit_q(membership: Membership, prefix: str = "") -> Q:
    """Who may edit an objective's content: whoever may govern it (objective_govern_q) and its
    collaborators. A list page tells in one query which of its objectives are editable."""
    if is_admin(membership):
        return Q()
    return objective_govern_q(membership, prefix) | _collaborator_q(membership, prefix)


def can_govern_objective(membership: Membership, objective) -> bool:
    """objective_govern_q for one objective (answered without a query when it can be)."""
    if objective.organization_id != membership.organization_id:
        return False
    if is_admin(membership) or objective.owner_member_id == membership.pk:
        return True
    return (
        type(objective)
        .objects.filter(pk=objective.pk)
        .filter(objective_govern_q(membership))
        .exists()
    )


def can_edit_objective(membership: Membership, objective) -> bool:
    """objective_edit_q for one objective (answered without a query when it can be)."""
    if objective.organization_id != membership.organization_id:
        return False
    if is_admin(membership) or objective.owner_member_id == membership.pk:
        return True
    return (
        type(objective)
        .objects.filter(pk=objective.pk)
        .filter(objective_edit_q(membership))
        .exists()
    )


def can_check_in(membership: Membership, key_result) -> bool:
    """Whoever may edit the objective, and the key result's own owner."""
    if key_result.organization_id != membership.organization_id:
        return False
    return _owns_published(membership, key_result) or can_edit_objective(
        membership, key_result.objective
    )


def can_manage_organization(membership: Membership | None) -> bool:
    """Cycles, teams, people and organization settings."""
    return is_admin(membership)


def can_set_up() -> bool:
    """The first run: while no organization exists, anyone may create the first one (/setup)."""
    return not Organization.objects.exists()


def can_create_organization(user) -> bool:
    """A signed-in person may create an organization from the web on the first run, or at any
    time where the server allows it (MUBIAO_ALLOW_NEW_ORGANIZATIONS). The command line
    (`mubiao createorg`) is the operator's and always may."""
    return user.is_authenticated and (settings.MUBIAO_ALLOW_NEW_ORGANIZATIONS or can_set_up())


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless the check passed (services call it before writing)."""
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def visible_or_absent(actor: Membership, *rows) -> None:
    """A row the actor may not see is treated as absent, like another organization's: raise its
    DoesNotExist (a 404), so that writes naming a hidden objective or key result (an alignment,
    a copy, a template) neither succeed nor tell that it exists."""
    for row in rows:
        if row is None:
            continue
        model_name = row._meta.model_name
        visible = (
            can_see_key_result(actor, row)
            if model_name == "keyresult"
            else can_see_objective(actor, row)
        )
        if not visible:
            raise row.__class__.DoesNotExist


def same_organization(actor: Membership, *rows) -> None:
    """Another organization's row is treated as absent, never as forbidden: raise its
    DoesNotExist, which pages and the API answer with 404, so existence does not leak."""
    for row in rows:
        if row is not None and row.organization_id != actor.organization_id:
            raise row.__class__.DoesNotExist
