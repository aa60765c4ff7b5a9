"""Permission-scoped reads: every page, API call and export that depends on who is asking.

Each function takes the asking Membership first and returns only rows of its organization that
it may see (orgs.permissions). Lists come back as querysets with their related rows joined or
prefetched, so that a page makes the same number of queries for 10 objectives as for 10,000.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.accounts.models import Invitation, User
from mubiao.id_sets import ReadFirst, listed_when_few
from mubiao.okrs import rules, wording
from mubiao.okrs.models import (
    KEPT_ROOT,
    Activity,
    CheckIn,
    Comment,
    Cycle,
    KeyResult,
    Objective,
)
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization, Team, TeamMember, TeamSubtreeMember
from mubiao.orgs.rules import today_for

ACTIVE_STATES = (Objective.State.DRAFT, Objective.State.ACTIVE, Objective.State.CLOSED)
# The objectives aggregate figures count (dashboards, their snapshots, adoption's per-team
# counts): a draft is not yet an objective anyone is held to, so it counts in no figure and
# shows only on the pages that list it (issue 12: a draft lowered every team's average).
FIGURE_STATES = (Objective.State.ACTIVE, Objective.State.CLOSED)


def cycles(actor: Membership) -> QuerySet[Cycle]:
    return Cycle.objects.filter(organization_id=actor.organization_id)


def get_cycle(actor: Membership, pk) -> Cycle:
    return cycles(actor).get(pk=pk)


def current_cycle(actor: Membership, today: date | None = None) -> Cycle | None:
    """The cycle a person most likely means now: of the open cycles containing today, one
    already under way (active or grading) before one still being planned, then a standard cycle
    (year, half, quarter, two months, month) before a custom one, then the one that started last
    (a quarter before its year), then the shorter; else the nearest upcoming one, else the
    latest. Every route's default (pages, dashboards, API) is this one function."""
    # A cycle just created in planning, with nothing in it yet, must not take every page's
    # default from the quarter people are working in. Cycles with the same dates (a company
    # quarter and a team's) are told apart by id, so the same one is current on every page and
    # on either database.
    today = today or today_for(actor.organization)
    open_cycles = cycles(actor).exclude(state=Cycle.State.CLOSED)
    planned_last = Case(When(state=Cycle.State.PLANNING, then=1), default=0)
    # An active side project (a custom cycle overlapping the quarter) must not become the
    # company's default (issue 12).
    custom_last = Case(When(kind=Cycle.Kind.CUSTOM, then=1), default=0)
    containing = (
        open_cycles.filter(start_date__lte=today, end_date__gte=today)
        .order_by(planned_last, custom_last, "-start_date", "end_date", "id")
        .first()
    )
    if containing:
        return containing
    return (
        open_cycles.filter(start_date__gt=today).order_by("start_date", "id").first()
        or cycles(actor).order_by("-end_date", "-id").first()
    )


def next_cycle(cycle: Cycle) -> Cycle | None:
    """The following cycle of the same kind (for "copy to the next cycle")."""
    return (
        Cycle.objects.filter(
            organization_id=cycle.organization_id, kind=cycle.kind, start_date__gt=cycle.start_date
        )
        .order_by("start_date", "id")
        .first()
    )


def running_cycles(
    now: datetime, *, ended_days: int = 0, organization: Organization | None = None
) -> Iterator[tuple[Cycle, date]]:
    """(cycle, its organization's today) for every cycle not closed that contains that day or
    ended at most `ended_days` days before it: the worker's tasks, across organizations (no
    actor), or one organization's when given. Time zones are at most a day and a bit from UTC:
    candidates by UTC date, then each one by its own day."""
    utc_today = now.date()
    candidates = Cycle.objects.all() if organization is None else organization.cycles.all()
    candidates = (
        candidates.exclude(state=Cycle.State.CLOSED)
        .filter(
            start_date__lte=utc_today + timedelta(days=1),
            end_date__gte=utc_today - timedelta(days=1 + ended_days),
        )
        .select_related("organization")
    )
    for cycle in candidates:
        today = today_for(cycle.organization, now)
        if cycle.start_date <= today and cycle.end_date >= today - timedelta(days=ended_days):
            yield cycle, today


def enclosing_cycle_ids(cycle: Cycle) -> list[int]:
    """The cycle and those that contain it (its year for a quarter): annual company objectives
    are the roots of a quarter's alignment tree. Cycle trees are two or three levels deep."""
    ids, current = [], cycle
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def cycles_nested(one: Cycle, other: Cycle) -> bool:
    """Whether two cycles are one, or one contains the other (a quarter and its year): the
    cycles an objective and its parent may be of (rules.parent_refusal)."""
    return one.pk in enclosing_cycle_ids(other) or other.pk in enclosing_cycle_ids(one)


def teams(actor: Membership) -> QuerySet[Team]:
    return Team.objects.filter(organization_id=actor.organization_id, is_archived=False)


def team_subtree_ids(team: Team) -> QuerySet:
    return Team.objects.filter(id__in=permissions.team_subtree_subquery(team.pk)).values("id")


# Members who joined (accepted their invitation, or were added without one).
JOINED = Q(invitation__isnull=True) | Q(invitation__accepted_at__isnull=False)


def name_q(query: str, lookup: str = "icontains", prefix: str = "") -> Q:
    """Members (reached through `prefix`, e.g. "owner_member__") whose name, as this
    organization knows it (Membership.name: an invitee's is the invitation's), holds (or,
    lookup="istartswith", starts with) `query`: an invitee is never found by the name another
    organization gave their account."""
    p = prefix
    joined = Q(**{f"{p}invitation__isnull": True}) | Q(
        **{f"{p}invitation__accepted_at__isnull": False}
    )
    return (joined & Q(**{f"{p}user__name__{lookup}": query})) | Q(
        **{f"{p}invitation__accepted_at__isnull": True, f"{p}invitation__name__{lookup}": query}
    )


def person_q(
    actor: Membership, query: str, lookup: str = "icontains", *, email: str | None = None
) -> Q:
    """name_q, or the account's email holding (starting with) `email` (the query unless given),
    for the members of the actor's organization.

    The same condition, narrowed first to the memberships of the accounts whose name or email
    matches and of the invitations whose name does, each read off its trigram index
    (accounts.0006): an OR across the user, invitation and membership tables otherwise reads
    every person of the organization (0.2 s of a search at 100,000 people)."""
    email = query if email is None else email
    users = User.objects.filter(
        Q(**{f"name__{lookup}": query}) | Q(**{f"email__{lookup}": email})
    ).values("pk")
    candidates = (
        Membership.objects.filter(organization_id=actor.organization_id, user__in=users)
        .values("pk")
        .union(Invitation.objects.filter(**{f"name__{lookup}": query}).values("membership_id"))
    )
    return Q(pk__in=candidates) & (name_q(query, lookup) | Q(**{f"user__email__{lookup}": email}))


def members(actor: Membership, *, deactivated: bool = False) -> QuerySet[Membership]:
    """The organization's active members; with `deactivated`, an admin's view also holds those
    deactivated (as the people list in Settings shows them, to reactivate)."""
    found = Membership.objects.filter(organization_id=actor.organization_id)
    if not (deactivated and permissions.can_manage_organization(actor)):
        found = found.filter(is_active=True)
    return found.select_related("user", "invitation", "manager__user", "manager__invitation")


def team_members(actor: Membership, team: Team) -> QuerySet[Membership]:
    """The active members of the team and of its sub-teams (the team page's people): their
    team memberships found through the closure's rows below the team (teamancestry_down_idx,
    then teammember_unique), first (ReadFirst), so that a department's list is read from its
    own rows."""
    return members(actor).filter(
        ReadFirst(
            F("pk"),
            TeamMember.objects.filter(
                team_id__in=permissions.team_subtree_subquery(team.pk)
            ).values("membership_id"),
        )
    )


def team_members_by_name(
    actor: Membership,
    team: Team,
    first: int,
    *,
    descending: bool = False,
    after: list | None = None,
    backward: bool = False,
) -> QuerySet[Membership]:
    """team_members(actor, team) among the team's `first` active members in name order (the
    person's name; then the membership's id, ascending both ways): one range of the subtree's
    name index (orgs.TeamSubtreeMember, ancestor = the team: its subtree's active members with
    their names, subtreemember_name_idx), the page's rows, not every member, however many
    teams the department is made of (a page of its people table, issue 14, h14x; h14w read
    each subtree team's first `first`, every member of a department of small squads).
    `after`: a place (name, membership id) in that order, the `first` after it (before it,
    `backward`): the same range entered at the place, a deep page as cheap as the first."""
    table = connection.ops.quote_name(TeamSubtreeMember._meta.db_table)
    # Read backward, the order's every column is reversed (the first rows before the place).
    name_down = descending != backward
    where, args = "", [team.pk]
    if after is not None:
        name, pk = after
        # The range's bound first (an index condition: the scan starts at the place, not at
        # the team's first entry), then the place's ties.
        past = "<" if name_down else ">"
        where = (
            f" AND name_key {past}= %s AND (name_key {past} %s"
            f" OR membership_id {'<' if backward else '>'} %s)"
        )
        args += [name, name, pk]
    sql = (
        f"SELECT membership_id FROM {table} WHERE ancestor_id = %s{where}"  # noqa: S608 (constant names)
        f" ORDER BY name_key {'DESC' if name_down else 'ASC'},"
        f" membership_id {'DESC' if backward else 'ASC'} LIMIT %s"
    )
    return members(actor).filter(
        ReadFirst(F("pk"), RawSQL(sql, [*args, first], output_field=IntegerField()))  # noqa: S611
    )


def visible_objectives(actor: Membership, *, include_archived: bool = False) -> QuerySet[Objective]:
    return _organization_objectives(actor, include_archived=include_archived).filter(
        permissions.objective_visibility_q(actor)
    )


def _organization_objectives(actor: Membership, *, include_archived: bool) -> QuerySet[Objective]:
    """Every objective of the actor's organization, seen or not: callers add the visibility
    condition or a filter that implies it."""
    qs = Objective.objects.filter(organization_id=actor.organization_id)
    if not include_archived:
        qs = qs.exclude(state=Objective.State.ARCHIVED)
    return qs


def _pk(row_or_id) -> int | None:
    return getattr(row_or_id, "pk", row_or_id)


def key_results_listed(include_archived: bool = False) -> QuerySet[KeyResult]:
    """The key results an objective lists (with_details' prefetch), in its order: not archived
    unless asked. Not filtered by visibility: a key result is seen with its objective."""
    krs = KeyResult.objects.select_related("owner__user").order_by("position", "id")
    if not include_archived:
        krs = krs.filter(state=KeyResult.State.ACTIVE)
    return krs


def _key_results_prefetch(include_archived: bool = False) -> Prefetch:
    return Prefetch("key_results", queryset=key_results_listed(include_archived))


def with_details(qs: QuerySet[Objective], *, include_archived_krs: bool = False):
    """Join and prefetch what an objective card shows: owner, team, cycle, parent, KRs."""
    return qs.select_related(
        "cycle",
        "owner_member__user",
        "owner_team",
        "team",
        "parent_objective",
        "parent_key_result__objective",
    ).prefetch_related(_key_results_prefetch(include_archived_krs))


def with_parent_visibility(actor: Membership, qs: QuerySet[Objective]) -> QuerySet[Objective]:
    """Annotate `parent_visible`: whether the actor may see the objective's parent (an objective,
    or a key result through its objective; never both, objective_one_parent). A hidden parent
    is shown as "aligned to a private objective" (no title, link, progress or id:
    okr_ui.aligned_to, the API's parent ids); a row read without this flag counts its parent as
    hidden.

    The reader's visibility condition is tested on the parent's own columns, joined by its
    primary key (the same joins with_details makes), for each row read: a subquery over the
    visible objectives (and their key results) of the organization was hashed whole by the
    planner, even for a page of 20 rows. Tested once, on the columns of whichever parent the row
    has: tested for each kind of parent, PostgreSQL spent 15-20 ms planning each list of My OKRs
    (twice the sets' subqueries to plan; issue 14), 20 times what it took to run."""
    parents = ("parent_objective__", "parent_key_result__objective__")
    return qs.annotate(
        parent_visible=Case(
            When(
                (
                    Q(parent_objective__organization_id=actor.organization_id)
                    | Q(parent_key_result__objective__organization_id=actor.organization_id)
                )
                & permissions.objective_visibility_q(actor, prefix=parents),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def parent_is_hidden(objective: Objective) -> bool:
    """Whether the objective is aligned to something the reader may not see (read from the
    with_parent_visibility flag; a row without it counts as hidden)."""
    if objective.parent_objective_id or objective.parent_key_result_id:
        return not getattr(objective, "parent_visible", False)
    return False


LED_TEAMS_LISTED = 1000


def objective_list(
    actor: Membership,
    *,
    cycle: Cycle | int | None = None,
    owner_member: Membership | int | None = None,
    owner_team: Team | int | None = None,
    team_subtree: Team | None = None,
    owner_type: str | None = None,
    state: str | Iterable[str] | None = None,
    status: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    include_archived: bool = False,
    led_by_actor: bool = False,
    to_count: bool = False,
) -> QuerySet[Objective]:
    """Visible objectives filtered as the list pages and the API ask, in a stable order.

    `to_count`: the same rows without the joins and flags a page of them shows, for a
    paginator to count (building and planning the count with them was part of My OKRs' time).

    `led_by_actor`: only those owned by the teams the actor leads or their sub-teams. A list of
    the actor's own objectives, or of their led teams', is not filtered by the visibility
    condition: it is implied (objective_visibility_q's first two terms: what a person owns, and
    what the teams they lead own, they see in any state), and compiling it was most of My
    OKRs' time."""
    archived = include_archived or state == "archived"
    implied = led_by_actor or (owner_member is not None and _pk(owner_member) == actor.pk)
    qs = (
        _organization_objectives(actor, include_archived=archived)
        if implied
        else visible_objectives(actor, include_archived=archived)
    )
    if led_by_actor:
        # Listed when few: the closure's subquery is estimated at a few rows, and the planner
        # then walked every team objective of the organization in team order to keep a
        # department's (My OKRs of a department head at 100,000 people: 85 → 4 ms).
        led = listed_when_few(
            permissions.led_teams_subquery(actor).values_list("team_id", flat=True),
            LED_TEAMS_LISTED,
            known=permissions.led_team_ids(actor),
        )
        qs = qs.filter(owner_team_id__in=led)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if owner_member is not None:
        qs = qs.filter(owner_member=owner_member)
    if owner_team is not None:
        qs = qs.filter(owner_team=owner_team)
    if team_subtree is not None:
        qs = qs.filter(in_team_subtree_q(team_subtree))
    if owner_type:
        qs = qs.filter(owner_type=owner_type)
    if state:
        qs = qs.filter(state__in=[state] if isinstance(state, str) else list(state))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(title__icontains=search.strip())
    if to_count:
        return qs
    return with_parent_visibility(actor, with_details(qs)).order_by(
        "cycle_id", "owner_type", "position", "id"
    )


def in_team_subtree_q(team: Team) -> Q:
    """Objectives owned by or filed under the team or one of its sub-teams.

    One condition on `team_id`: a team-owned objective is always filed under its owner
    (objective_team_is_owner), so "owned by" adds no row to "filed under". The OR over both
    columns kept the planner from the (cycle, team) index: it read every objective of the cycle
    to keep a department's. The subtree comes straight from the closure (its rows are teams)."""
    return Q(team_id__in=permissions.team_subtree_subquery(team.pk))


def objectives_for_figures(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    """Every objective of the cycle that figures count (FIGURE_STATES: not a draft, not
    archived), visible to the actor or not, for aggregate figures only: callers take off what
    the actor may not see (insights.rules.take_off_hidden). Never render its rows: lists go
    through objective_list and tell how many rows they leave out."""
    return Objective.objects.filter(
        organization_id=actor.organization_id, cycle=cycle, state__in=FIGURE_STATES
    )


def seen_by_reader(actor: Membership) -> Case:
    """Whether the reader may see an objective, as one value per row (False where the
    visibility condition is false or cannot be decided): grouped or filtered on, the
    condition and its subqueries are evaluated once per row, not once per figure."""
    visible = permissions.objective_visibility_q(actor)
    if not visible:  # an admin's: everything (When refuses an empty condition)
        return Value(True, output_field=BooleanField())
    return Case(
        When(visible, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def get_objective(actor: Membership, pk, *, include_archived: bool = True) -> Objective:
    """One visible objective with its details; Objective.DoesNotExist for anything else
    (another organization's, or hidden by visibility: callers answer 404 for both)."""
    return with_parent_visibility(
        actor,
        with_details(
            visible_objectives(actor, include_archived=include_archived),
            include_archived_krs=True,
        ),
    ).get(pk=pk)


# An objective and those above it in its alignment chain (each step: the parent objective, or
# the objective of the parent key result), as a subquery of ids; the depth bound ends the walk
# on cyclic data.
_ANCESTRY_SQL = """
WITH RECURSIVE up(id, depth) AS (
    SELECT id, 0 FROM {objective} WHERE id = %s
    UNION ALL
    SELECT COALESCE(k.objective_id, o.parent_objective_id), up.depth + 1
    FROM up JOIN {objective} o ON o.id = up.id
    LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    WHERE up.depth < %s
)
SELECT id FROM up WHERE id IS NOT NULL
"""


def alignment_chain(
    actor: Membership, objective_id: int, limit: int, *, key_results: bool = True
) -> tuple[list, bool]:
    """The objective (first) and the visible objectives above it in its alignment chain, at
    most `limit` of them, nearest first, with what get_objective loads and `.can_edit` (as
    editable_objective_ids); and whether the chain goes on through an objective the actor may
    not see. Two queries whatever the depth (the chain's visible objectives, their key
    results): O(depth) rows; one without `key_results` (the caller holds the rows it shows)."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    objective = connection.ops.quote_name(Objective._meta.db_table)
    sql = _ANCESTRY_SQL.format(
        objective=objective, key_result=connection.ops.quote_name(KeyResult._meta.db_table)
    )
    column = f'{objective}."id"'
    if connection.vendor == "postgresql":
        # Worked out once, as an array of a few ids read by primary key: as an IN subquery the
        # planner hashed every visible objective of the organization to join them (5 s at
        # 100,000 people).
        condition = f"{column} = ANY(ARRAY({sql}))"
    else:
        condition = f"{column} IN ({sql})"
    rows = with_parent_visibility(
        actor,
        with_details(visible_objectives(actor, include_archived=True), include_archived_krs=True),
    ).filter(RawSQL(condition, [objective_id, limit], output_field=BooleanField()))  # noqa: S611
    if not key_results:
        rows = rows.prefetch_related(None)
    visible = {row.pk: row for row in rows.annotate(can_edit=_editable(actor))}
    chain, current = [], visible.get(objective_id)
    while current is not None:
        chain.append(current)
        parent = current.parent_objective_id or (
            current.parent_key_result.objective_id if current.parent_key_result_id else None
        )
        if parent is None or len(chain) > limit or any(o.pk == parent for o in chain):
            return chain, False
        current = visible.get(parent)
    return chain, bool(chain)


def _editable(actor: Membership):
    """Whether the actor may edit the row's objective, as an annotation (a few rows: a
    subquery on each)."""
    if permissions.is_admin(actor):
        return Value(True, output_field=BooleanField())
    return Exists(
        Objective.objects.filter(pk=OuterRef("pk")).filter(permissions.objective_edit_q(actor))
    )


def editable_objective_ids(actor: Membership, objective_ids: Iterable[int]) -> set[int]:
    """Which of these objectives the actor may edit (and so check in on), in one query."""
    ids = list(objective_ids)
    if not ids:
        return set()
    return set(
        Objective.objects.filter(organization_id=actor.organization_id, pk__in=ids)
        .filter(permissions.objective_edit_q(actor))
        .values_list("pk", flat=True)
    )


def visible_key_results(actor: Membership) -> QuerySet[KeyResult]:
    """Key results of visible objectives (archived ones included). Visibility is tested on
    each key result's own objective through the join, so that a page of the list is read off
    the key-result index, not matched against every visible objective of the organization."""
    return (
        KeyResult.objects.filter(organization_id=actor.organization_id)
        .filter(permissions.objective_visibility_q(actor, prefix="objective__"))
        .select_related("objective__cycle", "owner__user")
    )


def get_key_result(actor: Membership, pk) -> KeyResult:
    return visible_key_results(actor).get(pk=pk)


def check_ins(actor: Membership, key_result: KeyResult) -> QuerySet[CheckIn]:
    """The check-in history of a key result the actor can see (the caller fetched it through
    get_key_result)."""
    return CheckIn.objects.filter(
        organization_id=actor.organization_id, key_result=key_result
    ).select_related("author__user")


def own_confidence(actor: Membership, key_result: KeyResult) -> int | None:
    """The confidence a check-in form starts from: the key result's own where the actor gave it
    last, by whatever route (a check-in, the API's or the edit form's confidence, the key
    result's creation: issue 9, probe 15 D2, the header said 10 given through the API while the
    form started at "not given"), else the last the actor gave in a check-in, never someone
    else's (which saving would record as the actor's own).

    None once the key result's confidence is not set: a check-in without one keeps it, so it
    is unset only when nobody gave one or someone cleared it (the API's null, the edit form),
    and a form that brought back the value cleared would store it again on the next check-in.
    """
    if key_result.confidence is None:
        return None
    if _last_confidence_giver(key_result) == actor.pk:
        return key_result.confidence
    return (
        check_ins(actor, key_result)
        .filter(author=actor, confidence__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("confidence", flat=True)
        .first()
    )


def _last_confidence_giver(key_result: KeyResult) -> int | None:
    """The member who last wrote the key result's confidence, in the order of writing: a
    check-in that gave one, an edit that sent it, else its creation; None when unknown."""
    recent = list(
        Activity.objects.filter(
            organization_id=key_result.organization_id,
            target_type=KeyResult._meta.model_name,
            target_id=key_result.pk,
            verb__in=("key_result.checked_in", "key_result.updated", "key_result.created"),
        )
        .order_by("-id")
        .values_list("verb", "actor_id", "data")[:50]
    )
    entries = [
        data.get("check_in") for verb, _actor, data in recent if verb == "key_result.checked_in"
    ]
    given = set(
        CheckIn.objects.filter(pk__in=entries, confidence__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for verb, actor_id, data in recent:
        if (
            verb == "key_result.created"
            or (verb == "key_result.updated" and "confidence" in data.get("fields", ()))
            or data.get("check_in") in given
        ):
            return actor_id
    return None


# What a key result's edit sends that changes its current value without a check-in of its own:
# a value typed, or a unit or metric change that converts or restarts the values.
_VALUE_FIELDS = {"current_value", "start_value", "metric_type", "unit"}


def last_value_writer(key_result: KeyResult) -> tuple[Activity | None, bool]:
    """Who last wrote the key result's current value, in the order of writing (not the time a
    value was measured: a back-dated check-in written last is the last writer), and whether it
    was a check-in: `(activity or None, checked_in)`. A conflict names this person, never the
    author of the latest check-in, which may be older than an edit that converted it."""
    recent = (
        Activity.objects.filter(
            organization_id=key_result.organization_id,
            target_type=KeyResult._meta.model_name,
            target_id=key_result.pk,
            verb__in=("key_result.checked_in", "key_result.updated"),
        )
        .select_related("actor__user")
        .order_by("-id")
    )
    for activity in recent[:50]:
        if activity.verb == "key_result.checked_in":
            return activity, True
        if "converted" in activity.data or _VALUE_FIELDS & set(activity.data.get("fields", ())):
            return activity, False
    return None, False


def get_check_in(actor: Membership, pk) -> CheckIn:
    """A check-in on a key result the actor can see; CheckIn.DoesNotExist otherwise."""
    return CheckIn.objects.select_related("key_result__objective").get(
        pk=pk,
        organization_id=actor.organization_id,
        key_result__in=visible_key_results(actor).values("pk"),
    )


def objective_activity(actor: Membership, objective: Objective, limit: int = 20):
    """The latest activity rows about a visible objective (the caller fetched it through
    get_objective) and its key results, newest first, in one query."""
    return (
        Activity.objects.filter(organization_id=actor.organization_id)
        .filter(
            Q(target_type="objective", target_id=objective.pk)
            | Q(target_type="keyresult", target_id__in=_key_result_ids(objective))
        )
        .select_related("actor__user")
        .order_by("-created_at", "-id")[:limit]
    )


def comments(actor: Membership, *, objective=None, key_result=None, check_in=None):
    qs = Comment.objects.filter(organization_id=actor.organization_id).select_related(
        "author__user"
    )
    if objective is not None:
        qs = qs.filter(objective=objective)
    if key_result is not None:
        qs = qs.filter(key_result=key_result)
    if check_in is not None:
        qs = qs.filter(check_in=check_in)
    return qs.order_by("created_at", "id")


def objective_comments(actor: Membership, objective: Objective):
    """Comments on a visible objective and on its key results, oldest first: the objective's
    page thread (by key-result ids, two index scans, not an OR through a join)."""
    return (
        comments(actor)
        .filter(Q(objective=objective) | Q(key_result__in=_key_result_ids(objective)))
        .select_related("key_result")
    )


def aligned_children(actor: Membership, objective: Objective) -> QuerySet[Objective]:
    """Visible objectives aligned to this objective or to one of its key results."""
    return with_parent_visibility(
        actor,
        with_details(
            visible_objectives(actor).filter(
                Q(parent_objective=objective) | Q(parent_key_result__in=_key_result_ids(objective))
            )
        ),
    ).order_by("owner_type", "position", "id")


def rollup(actor: Membership, objective: Objective, children) -> dict:
    """How an objective's progress is computed, for its page: the rule, the key results' and
    the aligned objectives' shares, each listed child's own share (`children`: rows of
    aligned_children, annotated with `contribution`, None for one that does not count), and how many
    counted ones the actor may not see. Computed over every counted child (the true number);
    two queries, whatever their number, and none for an objective of key results only."""
    # The services import this module: the same rows as the rollup, read by its own function.
    from mubiao.okrs.services.progress import COUNTED_CHILD_STATES, aligned_groups, counted_aligned

    active = [kr for kr in objective.key_results.all() if kr.state == KeyResult.State.ACTIVE]
    ids = [kr.pk for kr in active]
    groups = aligned_groups(objective, ids)
    part = rules.aligned_part(groups, actor.organization.weights_enabled)
    kr_share, aligned_share = rules.part_shares(
        objective.progress_source, objective.share, bool(active), part is not None
    )
    hidden = 0
    if part is not None:
        seen = (
            counted_aligned(objective.pk, ids)
            .annotate(seen=seen_by_reader(actor))
            .aggregate(n=Count("pk", filter=Q(seen=True)))
        )
        hidden = sum(group[1] for group in groups) - seen["n"]
        # Each visible child with its weight and share, the hidden ones counted (issue 12 §4:
        # "the contribution list shows only visible ones and counts the rest"). Their titles
        # and progress are never read here; what the parent's true progress tells of them is
        # the accepted consequence of one stored progress (docs/design-notes.md), of which
        # the person aligning such a child is told first (progress_notice).
        _progress, _statuses, denominator, weighted = part
        for child in children:
            counts = child.state in COUNTED_CHILD_STATES
            weight = child.weight if weighted else 1
            child.contribution = aligned_share * weight / denominator if counts else None
    return {
        "source": objective.progress_source,
        "key_results_share": kr_share,
        "aligned_share": aligned_share,
        "counted": part is not None,
        "hidden": hidden,
    }


def _key_result_ids(objective: Objective) -> list[int]:
    """The objective's key-result ids as values (from its prefetched key results when it has
    them): an OR of two indexed conditions on literal ids is two index scans, an OR through a
    join to key results reads every row of the organization."""
    return [kr.pk for kr in objective.key_results.all()]


def with_children_flag(actor: Membership, objectives: QuerySet[Objective]):
    """Annotate `has_children`: whether any visible objective is aligned to each objective or
    to one of its key results. Read from the kept counts (okrs.aligned): an admin sees every
    child, anyone sees a public one, nobody sees a child that does not exist; only a row whose
    children are all team, private or draft asks, for that row, whether the reader sees one of them
    (two EXISTS, each answered from an index)."""
    if permissions.is_admin(actor):
        return objectives.annotate(
            has_children=ExpressionWrapper(Q(aligned_count__gt=0), output_field=BooleanField())
        )
    # No organization filter here: children share their parent's organization (services
    # refuse any other alignment), and with it SQLite picks the organization index and scans.
    hidden_kinds = Objective.objects.filter(~permissions.open_to_all_q())
    visible = hidden_kinds.filter(permissions.objective_visibility_q(actor)).exclude(
        state=Objective.State.ARCHIVED
    )
    direct = visible.filter(parent_objective=OuterRef("pk"))
    through_kr = visible.filter(parent_key_result__objective=OuterRef("pk"))
    return objectives.annotate(
        has_children=Case(
            When(aligned_public_count__gt=0, then=Value(True)),
            When(aligned_count=F("aligned_public_count"), then=Value(False)),
            default=Exists(direct) | Exists(through_kr),
            output_field=BooleanField(),
        )
    )


def tree_roots(actor: Membership, parentless: QuerySet[Objective]) -> QuerySet[Objective]:
    """The roots of the alignment tree among `parentless` objectives, annotated with
    has_children (with_children_flag): the organization's, and those a visible objective is
    aligned to.

    Written as (company or kept count) and (company or has_children), not as company or
    (kept count and has_children): its first term is objective_tree_roots_idx's condition
    word for word (KEPT_ROOT), the only form in which SQLite reads the roots off that index
    instead of every parentless objective of the cycle."""
    company = Q(owner_type=Objective.OwnerType.ORGANIZATION)
    return (
        with_children_flag(actor, parentless)
        .filter(KEPT_ROOT)
        .filter(company | Q(has_children=True))
    )


def objectives_under_hidden_parents(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    """Visible objectives of the cycle aligned to an objective or key result the actor may not see
    (a team, private or draft one; archived or not: an archived parent the actor may not see is
    told as private, so that neither its title nor its state leaks): the alignment tree shows them
    under the placeholder "a private objective" so that they stay reachable, as search finds them.

    The candidate parents are the team, private and draft objectives with live children (the kept
    count, which the database keeps whatever writes the rows; objective_hidden_parent_idx): a
    small set, where testing every team and private objective of the organization for the
    reader's visibility took seconds at 100,000 people."""
    hidden_kinds = Objective.objects.filter(
        ~permissions.open_to_all_q(), organization_id=actor.organization_id, aligned_count__gt=0
    )
    # (As ids: an admin's visibility condition is empty, which exclude() reads as nothing.)
    seen = hidden_kinds.filter(permissions.objective_visibility_q(actor)).values("pk")
    return _under_parents(actor, cycle, hidden_kinds.exclude(pk__in=seen), parent_seen=False)


def objectives_under_archived_parents(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    """Visible objectives of the cycle aligned to an archived objective (or one of its key
    results) the actor may see: the tree never lists an archived objective, so they are
    shown under the placeholder "an archived objective"."""
    archived = Objective.objects.filter(
        organization_id=actor.organization_id, state=Objective.State.ARCHIVED
    ).filter(permissions.objective_visibility_q(actor))
    return _under_parents(actor, cycle, archived, parent_seen=True)


def _under_parents(actor: Membership, cycle: Cycle, parents: QuerySet, *, parent_seen: bool):
    """The visible objectives of the cycle aligned to one of `parents` or to one of their key
    results. Worked out from the parents, not from every visible objective of the cycle: the
    parents are team or private objectives with live children (objective_hidden_parent_idx)
    or archived ones (objective_archived_idx), whose children in the cycle come by the parent
    indexes, read as ids (one query), so that the page and its count test only those rows.
    Whether the actor may see each row's parent holds for all of them by construction: the
    flag of with_parent_visibility is the constant `parent_seen`."""
    parent_ids = parents.values("pk")
    in_cycle = Objective.objects.filter(cycle=cycle).order_by().values_list("pk", flat=True)
    candidates = (
        in_cycle.filter(parent_objective__in=parent_ids)
        .union(
            in_cycle.filter(
                parent_key_result__in=KeyResult.objects.filter(objective__in=parent_ids).values(
                    "pk"
                )
            ),
            all=True,
        )
        .order_by()
    )  # no default ordering: its columns are not in a union's result
    return (
        # (An id that is never a row keeps the queries when there is none: constant counts.)
        with_details(visible_objectives(actor).filter(pk__in=list(candidates) or [0]))
        .annotate(
            parent_visible=Value(parent_seen),
        )
        .order_by("owner_type", "position", "id")
    )


def unaligned_objectives(actor: Membership, cycle: Cycle) -> QuerySet[Objective]:
    """Team and personal objectives that support nothing."""
    return with_details(
        visible_objectives(actor)
        .filter(
            cycle=cycle,
            parent_objective__isnull=True,
            parent_key_result__isnull=True,
        )
        .exclude(owner_type=Objective.OwnerType.ORGANIZATION)
    ).order_by("owner_type", "position", "id")


def add_forecasts(organization: Organization, key_results: list) -> None:
    """`kr.forecast_value`: the value the trend of its check-ins reaches by its due date
    (rules.forecast_by_day), and `kr.forecast`, the progress at that value, or None; one query
    for all of them (each key result's objective and its cycle read already)."""
    points: dict[int, list] = {}
    rows = CheckIn.objects.filter(key_result__in=[kr.pk for kr in key_results])
    for kr_id, when, value in rows.order_by("created_at", "id").values_list(
        "key_result_id", "created_at", "value"
    ):
        points.setdefault(kr_id, []).append((when, value))
    # The due day starts at midnight in the organization's time zone, whoever looks.
    zone = ZoneInfo(organization.time_zone)
    for kr in key_results:
        due = kr.effective_due_date
        kr.forecast_value = rules.forecast_by_day(
            points.get(kr.pk, []), datetime.combine(due, time.min, tzinfo=zone), zone
        )
        kr.forecast = None if kr.forecast_value is None else progress_at(kr, kr.forecast_value)


def progress_at(kr: KeyResult, value) -> Decimal | None:
    """The progress (0–1, above 1 past the target) the key result would have at `value`, in
    its unit; None where its numbers cannot give one (rules.kr_progress refuses them)."""
    try:
        return rules.kr_progress(
            metric_type=kr.metric_type,
            direction=kr.direction,
            start=kr.start_value,
            target=kr.target_value,
            current=value,
        )
    except ValueError:
        return None


def without_key_results() -> Exists:
    """A filter for objectives with no active key result: nothing to read progress or pace
    from, so they stay "not started" all cycle (docs/design-notes.md). The dashboards count
    them beside check-in freshness and the flat list filters by it (?krs=none)."""
    active = KeyResult.objects.filter(objective_id=OuterRef("pk"), state=KeyResult.State.ACTIVE)
    return ~Exists(active)


# --------------------------------------------------------------------------------------------
# Informed consent before a hidden objective's progress is counted where more people see it
# (issue 12, docs/design-notes.md "A parent's rollup reveals one hidden child's progress").


def _audience(parent: Objective) -> str:
    if parent.visibility == Objective.Visibility.PUBLIC:
        return _("everyone in the organization")
    team = parent.team.name if parent.team_id else ""
    return _("members of team %(team)s") % {"team": team}


def _parent_of(objective: Objective) -> tuple[Objective | None, KeyResult | None]:
    key_result = objective.parent_key_result
    return (key_result.objective if key_result else objective.parent_objective), key_result


def _counted_in(objective: Objective) -> list[Objective]:
    """The objectives `objective`'s progress is counted in, nearest first: up its alignment
    while each one takes it in (rules.counts_aligned), so a rollup carries a change to the top.
    Its own link is read from `objective` as given (as it will be saved), those above as
    stored. Alignment cycles are refused when made; the seen set ends the walk on bad data."""
    found, seen = [], {objective.pk}
    parent, key_result = _parent_of(objective)
    while parent is not None and parent.pk not in seen:
        source = key_result.progress_source if key_result else None
        if not rules.counts_aligned(parent.progress_source, source):
            break
        found.append(parent)
        seen.add(parent.pk)
        parent, key_result = _parent_of(parent)
    return found


def _shown(child: Objective, chain: list[Objective]) -> list[tuple[Objective, str]]:
    """(objective, audience) for each objective of `chain` (where `child`'s progress is counted,
    nearest first) read by people who may not see `child` (rules.shares_progress_wider) and
    who could not read it in a nearer one: a public objective above a public one adds no one."""
    found, audiences = [], set()
    for objective in chain:
        audience = rules.shares_progress_wider(
            child.visibility, child.team_id, objective.visibility, objective.team_id, True
        )
        key = audience if audience != "team" else (audience, objective.team_id)
        if audience is None or "organization" in audiences or key in audiences:
            continue
        audiences.add(key)
        found.append((objective, audience))
    return found


def _newly_shown(
    child: Objective, now: list[Objective], was: list[Objective], child_was: Objective | None = None
) -> list[Objective]:
    """The objectives of `now` that newly show `child`'s progress to people who may not see
    it (`was`: where it was counted before the change; `child_was`: the child then, when it
    changed too)."""
    shown = _shown(child_was or child, was)
    before = {(objective.pk, audience) for objective, audience in shown}
    return [o for o, audience in _shown(child, now) if (o.pk, audience) not in before]


def progress_notice(actor: Membership, before: Objective | None, after: Objective) -> str | None:
    """What saving `after` (an objective as it will be; `before`: as stored, None when new)
    newly lets people read who may not see it: its own progress in the objectives it is
    counted in (its parent's, and through it those further up), and the progress of hidden
    objectives aligned to it in its own and further up. None when nothing is newly shown.
    Titles the actor may not see are counted, never named."""
    chain = _counted_in(after)
    was = _counted_in(before) if before is not None else []
    notes = [_child_notice(actor, before, after, chain, was)]
    if after.pk is not None:  # a new objective has nothing aligned to it

        def now(child):
            counted = rules.counts_aligned(after.progress_source, _source_of(child))
            return [after, *chain] if counted else []

        def then(child):
            if before is None or not rules.counts_aligned(
                before.progress_source, _source_of(child)
            ):
                return []
            return [before, *was]

        children = Objective.objects.filter(
            Q(parent_objective=after.pk) | Q(parent_key_result__objective=after.pk)
        ).select_related("parent_key_result")
        notes.append(_children_notice(actor, after, children, now, then))
    return wording.sentences(notes) or None


def key_result_notice(actor: Membership, before: KeyResult, after: KeyResult) -> str | None:
    """progress_notice for a key result saved as `after` (`before`: as stored): switched to
    progress from its aligned objectives, the hidden ones among them newly read in its
    objective's progress and in the objectives that one is counted in."""
    parent = after.objective
    chain = _counted_in(parent)

    def counted(key_result):
        counts = rules.counts_aligned(parent.progress_source, key_result.progress_source)
        return lambda child: [parent, *chain] if counts else []

    children = Objective.objects.filter(parent_key_result=after.pk)
    return _children_notice(actor, parent, children, counted(after), counted(before))


def _source_of(child: Objective) -> str | None:
    """The progress source of the key result `child` is aligned to, None when aligned to an
    objective."""
    return child.parent_key_result.progress_source if child.parent_key_result_id else None


def _child_notice(actor, before, after: Objective, chain, was) -> str | None:
    """`after`'s own progress newly shown where it is counted (`chain`; `was`: where `before`
    was)."""
    said = []
    for objective in _newly_shown(after, chain, was, before):
        direct = objective is chain[0]
        if not permissions.can_see_objective(actor, objective):
            # Kept aligned to one the actor may not see: neither its title nor its readers.
            said.append(
                _(
                    "Its progress will be counted in the objective it is aligned to, which "
                    "people who may not see it can see."
                )
                if direct
                else _(
                    "Through the objective it is aligned to, its progress will also be counted "
                    "in an objective further up, which people who may not see it can see."
                )
            )
            continue
        sentence = (
            _("Its progress will be counted in “%(parent)s”, which %(audience)s can see.")
            if direct
            else _(
                "Through the objective it is aligned to, its progress will also be counted in "
                "“%(parent)s”, which %(audience)s can see."
            )
        )
        said.append(sentence % {"parent": objective.title, "audience": _audience(objective)})
    return wording.sentences(said) or None


def _children_notice(actor, home: Objective, children, now, then) -> str | None:
    """The `children` of `home` (as it will be saved) whose progress is newly shown, combined,
    in it or in the objectives it is counted in, to people who may not see them; `now(child)`
    and `then(child)`: where the child is counted after the change and before it."""
    newly: dict[int, tuple[Objective, list[Objective]]] = {}
    for child in children.exclude(state=Objective.State.ARCHIVED).order_by("id"):
        for objective in _newly_shown(child, now(child), then(child)):
            newly.setdefault(objective.pk, (objective, []))[1].append(child)
    notes = [
        _combined_notice(actor, kids, objective, further=objective.pk != home.pk)
        for objective, kids in newly.values()
    ]
    return wording.sentences(notes) or None


def _combined_notice(actor, newly: list[Objective], parent: Objective, further: bool) -> str:
    """The objectives in `newly` will be shown combined in `parent`'s progress (`further`: in
    an objective above the one they are aligned to): those the actor sees by title, the
    others counted."""
    seen = set(
        visible_objectives(actor).filter(pk__in=[c.pk for c in newly]).values_list("pk", flat=True)
    )
    names = [f"“{child.title}”" for child in newly if child.pk in seen]
    hidden = len(newly) - len(names)
    if hidden:
        names.append(
            ngettext(
                "%(count)s objective you cannot see", "%(count)s objectives you cannot see", hidden
            )
            % {"count": hidden}
        )
    objectives = pgettext("list separator", ", ").join(names)
    if not further:
        return _(
            "The progress of %(objectives)s will be shown combined in its progress, which "
            "%(audience)s can see."
        ) % {"objectives": objectives, "audience": _audience(parent)}
    if not permissions.can_see_objective(actor, parent):
        return _(
            "The progress of %(objectives)s will also be counted in an objective further up, "
            "which people who may not see them can see."
        ) % {"objectives": objectives}
    return _(
        "The progress of %(objectives)s will also be counted in “%(parent)s”, which "
        "%(audience)s can see."
    ) % {"objectives": objectives, "parent": parent.title, "audience": _audience(parent)}


# The objectives aligned below one (each step: an objective aligned to it, or to one of its key
# results), the objective itself included, as a subquery of ids. UNION (not UNION ALL) drops
# rows met again, so that stored data already in a loop ends the walk.
_DESCENDANTS_SQL = """
WITH RECURSIVE down(id) AS (
    SELECT id FROM {objective} WHERE id = %s
    UNION
    SELECT o.id
    FROM down
    LEFT JOIN {key_result} k ON k.objective_id = down.id
    JOIN {objective} o ON (o.parent_objective_id = down.id OR o.parent_key_result_id = k.id)
    WHERE o.organization_id = %s
)
SELECT id FROM down
"""


def descendants_sql(objective_id: int, organization_id: int) -> tuple[str, list]:
    """SQL (with its parameters) for the ids of an objective and of every objective aligned
    below it, read in one recursive query however deep or wide the tree."""
    from django.db import connection

    quote = connection.ops.quote_name
    sql = _DESCENDANTS_SQL.format(
        objective=quote(Objective._meta.db_table), key_result=quote(KeyResult._meta.db_table)
    )
    return sql, [objective_id, organization_id]


def nested_cycle_ids(cycle: Cycle) -> list[int]:
    """The cycle, those containing it and those it contains (its year, its months): the cycles
    a parent of one of its objectives may be of (rules.parent_refusal). One query of the
    organization's cycles (a few dozen), walked in Python."""
    parent_of = dict(
        Cycle.objects.filter(organization_id=cycle.organization_id).values_list("pk", "parent_id")
    )
    nested, current = set(), cycle.pk
    while current is not None and current not in nested:  # up: those containing it
        nested.add(current)
        current = parent_of.get(current)
    below, todo = set(), [cycle.pk]
    while todo:  # down: those it contains
        pk = todo.pop()
        if pk not in below:
            below.add(pk)
            todo += [child for child, parent in parent_of.items() if parent == pk]
    return sorted(nested | below)


ALIGNABLE_ORDER = ("cycle_id", "owner_type", "position", "id")


def alignable_parents(actor: Membership, of: Objective | Cycle) -> QuerySet[Objective]:
    """The objectives `actor` may align `of` to (an objective, or a new objective of a cycle),
    each with its active key results (the key results one may align to): every parent the
    services would accept, and only those (issue 12, h12). Of the actor's organization and
    visible to them; published (rules.ALIGNABLE_STATES); of the cycle, one containing it or one
    it contains (rules.parent_refusal); for an objective, neither itself nor one aligned below
    it (which would make a loop: descendants_sql, one recursive subquery, no query per row).

    Two queries to list them (the organization's cycles, then the objectives) and one for their
    key results, whatever the number of objectives; ordered as the picker lists them: by cycle
    (in the order the cycles were made), then organization objectives first, then teams' and
    people's, in their own order. That is the order of the list index (objective_org_list_idx),
    so a page is read off it whatever the organization's size: ordered across the cycles by
    owner first, every objective of the year and the quarter was sorted (0.6 s at 100,000
    people, issue 14)."""
    from django.db.models.expressions import RawSQL

    cycle = of.cycle if isinstance(of, Objective) else of
    qs = visible_objectives(actor).filter(
        cycle_id__in=nested_cycle_ids(cycle), state__in=rules.ALIGNABLE_STATES
    )
    if isinstance(of, Objective) and of.pk is not None:
        from django.db import connection

        sql, params = descendants_sql(of.pk, actor.organization_id)
        column = f'{connection.ops.quote_name(Objective._meta.db_table)}."id"'
        qs = qs.filter(
            RawSQL(f"{column} NOT IN ({sql})", params, output_field=BooleanField())  # noqa: S611
        )
    return with_parent_visibility(actor, with_details(qs)).order_by(*ALIGNABLE_ORDER)
