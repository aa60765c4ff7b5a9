"""Permission-scoped reads of the team and company dashboards.

Whole-team figures (the headline, the sub-team rollups) count the objectives of the scope the
reader may see, never one hidden from them: any figure over a hidden objective lets the reader
subtract the visible list from it and read the hidden one (rules.take_off_hidden, over
hidden_by_atom); the figures say that some are not counted, never how many. A reader who sees
everything gets the whole figures the database keeps. Figures about one person (the per-person
table, and adoption's lists built on it) are computed only over the objectives the reader may
see too. Lists of objectives (the at-risk list)
show only what the reader may see and say how many they leave out. Every function makes a fixed
number of queries whatever the size of the team: aggregates and correlated subqueries over
indexed columns, never a query per row, never a permission check per row.
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.db.models.lookups import GreaterThan
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mubiao.id_sets import NO_ID, ReadFirst, listed_when_few
from mubiao.insights import rules
from mubiao.insights.models import (
    ObjectiveSnapshot,
    PersonFreshness,
    TeamFigures,
    TeamMemberFreshness,
)
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective, Status
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team, TeamAncestry, TeamMember
from mubiao.orgs.rules import today_for

AT_RISK_SHOWN = 20
# On-track objectives whose forecast falls short, listed after those behind.
FORECAST_SHOWN = 10

# A person's status on the leaders' pages: their objectives' statuses read as an objective's key
# results' are (okrs.rules.key_results_status, equal weights: the worst among those started,
# not started only while none has, on track while some are done and others not yet started),
# ranked in the one order of the statuses (okrs.rules.SEVERITY). In SQL, each part (own, led
# teams') gives the set of its statuses as a mask of one bit per status (SUM(DISTINCT bit)),
# the two parts' masks are OR-ed and the rank is looked up per mask: each subquery once.
_STATUS_BIT = {status: 1 << rank for status, rank in okr_rules.SEVERITY.items()}
_STATUS_BIT_OF = Case(
    *(When(status=status, then=Value(bit)) for status, bit in _STATUS_BIT.items()),
    output_field=IntegerField(),
)


def _rank_of_mask(mask: int) -> int:
    statuses = [status for status, bit in _STATUS_BIT.items() if mask & bit]
    status = okr_rules.key_results_status(statuses, [okr_rules.ONE] * len(statuses))
    return okr_rules.SEVERITY[status]


class _RankOfMask(Func):
    """The rank of a status mask (NULL for none): a simple CASE, its operand evaluated once."""

    arg_joiner = " | "
    template = (
        "CASE (%(expressions)s) "
        + " ".join(
            f"WHEN {mask} THEN {_rank_of_mask(mask)}" for mask in range(1, 2 ** len(_STATUS_BIT))
        )
        + " END"
    )
    output_field = IntegerField()


STATUS_OF_RANK = {rank: status for status, rank in okr_rules.SEVERITY.items()}


def distribution_aggregates() -> dict:
    """How many objectives fall in each band of progress (rules.DISTRIBUTION_BANDS), as
    aggregates named band0…band9."""
    aggregates = {}
    for index, (low, high) in enumerate(rules.DISTRIBUTION_BANDS):
        band = Q()
        if low is not None:
            band &= Q(progress__gte=low)
        if high is not None:
            band &= Q(progress__lt=high)
        aggregates[f"band{index}"] = Count("id", filter=band)
    return aggregates


def objective_confidence() -> Subquery:
    """An objective's confidence, as an annotation: the mean of its active key results' latest
    confidences (None when none is given). The headline, the at-risk list and the objective
    snapshots (insights.snapshots) all mean this one figure."""
    given = KeyResult.objects.filter(
        objective=OuterRef("pk"), state=KeyResult.State.ACTIVE, confidence__isnull=False
    )
    return Subquery(
        given.order_by().values("objective").annotate(a=Avg("confidence")).values("a")[:1],
        output_field=FloatField(),
    )


def hidden_count(actor: Membership) -> int | None:
    """How many objectives the reader cannot see: 0 for an admin (none), None (withheld) for
    everyone else whatever is hidden, since the number, or its turning from 0 to None, would
    tell the reader that someone just made a private objective (issue 12, S2). No query."""
    return 0 if permissions.is_admin(actor) else None


def hidden_by_atom(
    actor: Membership, cycle: Cycle, scope: Q, now: datetime, hidden: list[int] | None = None
) -> dict:
    """hidden_atoms() of the cycle's objectives in `scope`, as its figures count them;
    `hidden`: hidden_ids() of a scope that holds this one, when read already."""
    objectives = okr_selectors.objectives_for_figures(actor, cycle).filter(scope)
    if isinstance(hidden, list) and not permissions.is_admin(actor):
        return hidden_atoms(actor, objectives.filter(pk__in=hidden), now, seen_tested=True)
    return hidden_atoms(actor, objectives, now)


# A reader's hidden objectives are read by id once when there are at most this many: the
# page's next reads (the headline's atoms, its progress line, the sub-teams' lines) filter by
# that list, where each tested the visibility of every non-public objective of the scope
# again (a leader of 100,000 people: 46,000 objectives, ~150 ms a read).
HIDDEN_LISTED = 500


def hidden_ids(actor: Membership, cycle: Cycle, team: Team | None) -> list[int] | QuerySet:
    """The ids of hidden_objectives of the cycle under `team` (None: the organization) as a
    list (one query; two under a team) when there are at most HIDDEN_LISTED, else their
    queryset of ids (read by each statement that uses it). The list is never empty (an id no
    row has stands in), so that what the page reads next does not depend on whether anything
    is hidden. None for an admin, who sees everything: no query."""
    if permissions.is_admin(actor):
        return [NO_ID]
    scope = Q()
    if team is not None:
        # The sub-teams listed: the planner reads their non-public objectives off the
        # (organization, cycle, team) index, where the closure's subquery (estimated at a few
        # rows) had it read every non-public objective of the cycle (a department at 100,000
        # people: 83 → 7 ms).
        subtree = permissions.team_subtree_subquery(team.pk)
        scope = Q(team_id__in=list(subtree.values_list("team_id", flat=True)))
    # In no order (the list is sorted, a subquery's order is none): ordered by position, a
    # column outside objective_hidden_kinds_idx, every candidate row was read off the table.
    hidden = hidden_objectives(actor, cycle, scope).order_by()
    return listed_when_few(hidden.values_list("pk", flat=True), HIDDEN_LISTED)


def hidden_atoms(
    actor: Membership, objectives: QuerySet, now: datetime, seen_tested: bool = False
) -> dict:
    """{team id (None: filed under no team): sums} of `objectives` filed directly under that
    team that the reader may not see: the names of insights.figures.scope_sums (the atoms of
    rules.take_off_hidden; an atom with nothing hidden has no entry). Counted over the
    team and private ones only (a public objective is seen by every member), in ONE query
    grouped by team, one row per atom whatever the number of atoms or hidden objectives (the
    bands as distribution_aggregates counts them; each hidden objective's key-result figures
    index lookups on its id); none for an admin, who sees everything. `seen_tested`: the
    objectives are already those the reader may not see."""
    if permissions.is_admin(actor):
        return {}
    active = (
        KeyResult.objects.filter(objective=OuterRef("pk"), state=KeyResult.State.ACTIVE)
        .order_by()
        .values("objective")
    )

    def per_objective(aggregate) -> Subquery:
        return Subquery(active.annotate(a=aggregate).values("a")[:1])

    fresh_since = now - rules.FRESH_FOR
    # Named apart from the model's fields (an annotation may not be called "progress").
    sums = {
        "objectives": Count("id"),
        "progress": Sum("progress"),
        **{status: Count("id", filter=Q(status=status)) for status in Status.values},
        **distribution_aggregates(),
        "key_results": Sum("kr_n"),
        "never": Sum("kr_never"),
        "confidence_sum": Sum("kr_confidence"),
        "confidence_n": Count("kr_confidence"),
        "fresh": Sum("kr_fresh"),
        # An objective with no active key result has no row in kr_n's subquery.
        "without_key_results": Count("id", filter=Q(kr_n__isnull=True)),
    }
    if not seen_tested:
        objectives = (
            objectives.exclude(visibility=Objective.Visibility.PUBLIC)
            .annotate(seen=okr_selectors.seen_by_reader(actor))
            .filter(seen=False)
        )
    rows = (
        objectives.order_by()
        .annotate(
            kr_n=per_objective(Count("objective")),
            kr_never=per_objective(Count("objective", filter=Q(last_check_in_at__isnull=True))),
            kr_confidence=per_objective(Avg("confidence", output_field=FloatField())),
            kr_fresh=per_objective(Count("objective", filter=Q(last_check_in_at__gte=fresh_since))),
        )
        .values("team_id")
        .annotate(**{f"atom_{name}": aggregate for name, aggregate in sums.items()})
    )
    return {row["team_id"]: {name: row[f"atom_{name}"] or 0 for name in sums} for row in rows}


def hidden_objectives(actor: Membership, cycle: Cycle, scope: Q) -> QuerySet[Objective]:
    """The cycle's objectives in `scope` the reader may not see, in any state (a draft or an
    archived one counted on the days it was live): what their progress lines take off the
    team rows (snapshots.visible_team_series). A public objective that is not a draft is
    seen by every member and is never tested; none for an admin."""
    objectives = Objective.objects.filter(organization_id=actor.organization_id, cycle=cycle)
    if permissions.is_admin(actor):
        return objectives.none()
    return (
        objectives.filter(scope)
        .exclude(Q(visibility=Objective.Visibility.PUBLIC) & ~Q(state=Objective.State.DRAFT))
        .annotate(seen=okr_selectors.seen_by_reader(actor))
        .filter(seen=False)
    )


def reader_basis(actor: Membership) -> dict:
    """What a reader's figures are taken over: `over_visible` (the objectives they may see)
    for everyone but an admin, who sees everything, whether or not anything is hidden at the
    moment, so that no figure, flag or series flips when someone makes an objective the
    reader may not see (issue 12, S2)."""
    return {"over_visible": not permissions.is_admin(actor)}


def _at_risk_candidates(visible: QuerySet[Objective]) -> Q:
    """Which rows can be among the first AT_RISK_SHOWN of the severity order: the list sorts by
    status (off track first), then progress, then what the rows' check-ins say. The lowest
    progress values of each status are read off the (cycle, status, progress) index, one
    query per status; every row up to the last value needed (ties included) is a candidate,
    so the full order is taken over at most a few dozen rows, not over the whole scope."""
    wanted, condition = AT_RISK_SHOWN, Q(pk__in=[])
    for status in (Status.OFF_TRACK, Status.AT_RISK):
        lowest = list(
            visible.filter(status=status)
            .order_by("progress", "id")
            .values_list("progress", flat=True)[:AT_RISK_SHOWN]
        )
        if wanted <= 0:
            continue
        if len(lowest) >= wanted:
            condition |= Q(status=status, progress__lte=lowest[wanted - 1])
        else:
            condition |= Q(status=status)
        wanted -= len(lowest)
    return condition


def _at_risk_candidates_by_team(actor: Membership, cycle: Cycle, team: Team) -> tuple[Q, list[int]]:
    """The candidates of _at_risk_candidates (the same rows) for the subtree of `team`, read
    team by team on PostgreSQL: for each team of the subtree (the ancestry closure), its
    lowest AT_RISK_SHOWN progress values of each status off the (cycle, team, status,
    progress, id) index, one correlated array per team (a LATERAL top-N); merged, they give
    the same last value needed per status (ties included) as the scope's lowest, then the
    ids up to it are read off each team's own (cycle, team, status) range, the value tested
    on the row. Each read orders by the team first, a range of one value (h14s): only the
    team's index serves it, whatever the statistics say of the team column. Two queries,
    each reading the subtree's teams and their own rows, whatever lies lower elsewhere in
    the organization; a read of the cycle's (cycle, status, progress) index dropped every
    lower row outside the subtree (issue 14). Visibility is the selector's
    (okr_selectors.visible_objectives), per team. Returns the candidates' condition and the
    subtree's team ids."""
    from django.contrib.postgres.expressions import ArraySubquery

    statuses = (Status.OFF_TRACK, Status.AT_RISK)
    teams = TeamAncestry.objects.filter(ancestor_id=team.pk)

    def of_team(status: str, **more) -> QuerySet[Objective]:
        # The team as a range of one value, first in the order: only an index that starts
        # with the team ((cycle, team, status, progress, id)) gives that order. With
        # `team_id = outer` the team is a constant of the sort, the cycle's (cycle, status,
        # progress, id) index gave the same order, and whenever the statistics made a team
        # look unselective (a table analyzed over few teams) the planner walked it from the
        # lowest progress up, dropping every lower row of the rest of the organization.
        return (
            okr_selectors.visible_objectives(actor)
            .filter(cycle=cycle, state__in=okr_selectors.FIGURE_STATES)
            .filter(team_id__gte=OuterRef("team_id"), team_id__lte=OuterRef("team_id"))
            .alias(unindexed_progress=F("progress") + Value(Decimal(0)))
            .filter(status=status, **more)
            .order_by("team_id", "progress", "id")
        )

    arrays = {
        f"lowest_{i}": ArraySubquery(of_team(status).values("progress")[:AT_RISK_SHOWN])
        for i, status in enumerate(statuses)
    }
    lowest: list[list[Decimal]] = [[] for _ in statuses]
    subtree = []
    for team_id, *row in teams.annotate(**arrays).values_list("team_id", *arrays):
        subtree.append(team_id)
        for i, values in enumerate(row):
            lowest[i].extend(values)
    wanted, bounds = AT_RISK_SHOWN, {}
    for i, status in enumerate(statuses):
        if wanted <= 0:
            continue
        values = sorted(lowest[i])[:AT_RISK_SHOWN]
        if len(values) >= wanted:
            # Tested on the row, not as an index range: a `progress <= value` range let the
            # cycle's (cycle, status, progress, id) index read every lower row of the
            # organization (the team's off-track objectives at 0 % beside thousands elsewhere);
            # each team's rows of the status are read off its own range instead.
            bounds[status] = {"unindexed_progress__lte": values[wanted - 1]}
        elif values:
            bounds[status] = {}
        wanted -= len(values)
    if not bounds:
        return Q(pk__in=[]), subtree
    ids = {
        f"ids_{i}": ArraySubquery(of_team(status, **more).values("id"))
        for i, (status, more) in enumerate(bounds.items())
    }
    found = [pk for row in teams.annotate(**ids).values_list(*ids) for pks in row for pk in pks]
    return Q(pk__in=found), subtree


def confidence_annotations(now: datetime) -> dict:
    """An objective's confidence and its change over the last 7 days, as annotations: its
    confidence is the mean of its active key results' latest confidences (the same basis as the
    headline's and the people table's), its drop the mean fall of those key results' confidence
    since a week ago, over the ones that had a confidence then (so no key result is compared
    with another one)."""
    given = KeyResult.objects.filter(
        objective=OuterRef("pk"), state=KeyResult.State.ACTIVE, confidence__isnull=False
    )
    before = (
        CheckIn.objects.filter(
            key_result=OuterRef("pk"),
            confidence__isnull=False,
            created_at__lt=now - rules.FRESH_FOR,
        )
        .order_by("-created_at", "-id")
        .values("confidence")[:1]
    )
    change = (
        given.annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .order_by()
        .values("objective")
        .annotate(d=Avg(F("before") - F("confidence"), output_field=FloatField()))
        .values("d")[:1]
    )
    return {
        "latest_confidence": objective_confidence(),
        "confidence_change": Subquery(change, output_field=FloatField()),
    }


def _at_risk_rows(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """What a row of the at-risk list shows beside the objective: its last update, last note
    and confidence with its drop."""
    check_ins = CheckIn.objects.filter(key_result__objective=OuterRef("pk"))
    last_update = (
        KeyResult.objects.filter(objective=OuterRef("pk"), state=KeyResult.State.ACTIVE)
        .exclude(last_check_in_at__isnull=True)
        .order_by("-last_check_in_at")
        .values("last_check_in_at")[:1]
    )
    return (
        objectives.select_related("owner_member__user", "owner_team")
        .annotate(
            last_update=Subquery(last_update),
            last_note=Subquery(
                check_ins.exclude(note="").order_by("-created_at", "-id").values("note")[:1]
            ),
            **confidence_annotations(timezone.now()),
        )
        .annotate(drop=Coalesce(F("confidence_change"), Value(0.0)))
    )


def at_risk(
    actor: Membership, cycle: Cycle, scope: Q, expected, team: Team | None = None
) -> list[Objective]:
    """The first AT_RISK_SHOWN visible off-track and at-risk objectives of the scope, most
    severe first (status, shortfall against today's expected progress, days since the last
    update, confidence drop over the last 7 days), each with its last note; then the on-track
    ones whose forecast falls short (forecast_short), each row with its `reason` ("status"
    or "forecast"). How many are behind, visible or not, is the headline's (hidden_by_atom
    says how many the reader may not see). With `team`, `scope` must be its subtree
    (okr_selectors.in_team_subtree_q): on PostgreSQL its candidates are then read team by team
    (_at_risk_candidates_by_team), the same rows."""
    visible = (
        okr_selectors.visible_objectives(actor)
        .filter(cycle=cycle, state__in=okr_selectors.FIGURE_STATES)
        .filter(scope)
    )
    if team is not None and connection.vendor == "postgresql":
        # The candidates' ids (read off the organization's visible objectives of the cycle),
        # under the reader's visibility condition again: with the organization's or the
        # cycle's conditions beside the ids, the planner read the whole organization off an
        # (organization, ...) index.
        by_team, subtree = _at_risk_candidates_by_team(actor, cycle, team)
        candidates = Objective.objects.filter(by_team).filter(
            permissions.objective_visibility_q(actor)
        )
        # The forecasts' on-track rows, of the subtree's teams by their ids: the same rows as
        # the scope's (the cycle is the organization's, its figure states are not archived),
        # each team's read off its (cycle, team, status) range; beside the organization's
        # condition the planner read the organization's objectives off an index of it.
        forecast_scope = Objective.objects.filter(
            cycle=cycle, state__in=okr_selectors.FIGURE_STATES, team_id__in=subtree
        ).filter(permissions.objective_visibility_q(actor))
    else:
        candidates = visible.filter(_at_risk_candidates(visible))
        forecast_scope = visible
    rows = (
        _at_risk_rows(candidates)
        # Objectives share the cycle's expected progress: the lowest progress is the largest
        # shortfall.
        .annotate(status_rank=Case(When(status=Status.OFF_TRACK, then=Value(0)), default=Value(1)))
        .order_by(
            "status_rank",
            "progress",
            F("last_update").asc(nulls_first=True),
            F("drop").desc(),
            "id",
        )[:AT_RISK_SHOWN]
    )
    listed = list(rows)
    for objective in listed:
        objective.reason = "status"
    listed += forecast_short(actor, cycle, forecast_scope)
    for objective in listed:
        objective.shortfall = rules.shortfall(expected, objective.progress)
        objective.confidence_drop = rules.confidence_drop(objective.confidence_change)
    _add_forecasts(actor, cycle, listed)
    return [o for o in listed if o.reason == "status" or rules.falls_short(o.forecast)]


def forecast_short(actor: Membership, cycle: Cycle, visible: QuerySet[Objective]) -> list:
    """On-track objectives whose pace over the last 7 days (their progress now against the
    objective snapshot of a week ago) ends the cycle short (rules.falls_short): the
    FORECAST_SHOWN furthest short, read off the snapshots' (objective, day) index, each
    `reason` "forecast". The list keeps those whose forecast (the one shown, "at this rate":
    _add_forecasts) falls short too."""
    today = today_for(actor.organization)
    left = max((cycle.end_date - today).days, 0)
    week_ago = today - rules.FRESH_FOR
    # Joined to the day's snapshots (one filter() call: one join, the (objective, day) row),
    # not a subquery per objective: the planner then reads the day's rows off the (cycle,
    # day) index and hashes them, where a subquery probed the snapshots' index once for each
    # on-track objective of the scope (at 20,000 people 30,000 probes, up to 350,000
    # buffers).
    pace = (
        visible.filter(status=Status.ON_TRACK, snapshots__cycle=cycle, snapshots__day=week_ago)
        .annotate(then=F("snapshots__progress"))
        .annotate(
            projected=F("progress")
            + (F("progress") - F("then")) * Value(Decimal(left) / rules.FRESH_FOR.days)
        )
        .filter(projected__lt=rules.FORECAST_SHORT_OF)
    )
    rows = list(_at_risk_rows(pace).order_by("projected", "id")[:FORECAST_SHOWN])
    for objective in rows:
        objective.reason = "forecast"
    return rows


def _add_forecasts(actor: Membership, cycle: Cycle, objectives: list[Objective]) -> None:
    """Each listed objective's `forecast` ("at this rate: 62%") and `forecast_due`, projected
    from what its progress is made of (okrs.rules.part_shares): an objective made of its key
    results alone from their check-ins' trends (rules.objective_forecast), by its last key
    result's due date; one whose progress comes in any part from aligned objectives (progress
    source aligned or mix, or a key result fed by its aligned objectives) from its own
    progress over the cycle, by the cycle's end: its daily snapshots (ObjectiveSnapshot, each
    day's figure at the day's end) and today's progress, a day's last value each
    (okr_rules.forecast_by_day, as a key result's check-ins). Its key results' trends would
    project a figure its progress is not made of. Three queries for the whole list."""
    krs_of: dict[int, list[KeyResult]] = {o.pk: [] for o in objectives}
    krs = list(
        KeyResult.objects.filter(objective__in=objectives, state=KeyResult.State.ACTIVE)
        .select_related("objective__cycle")
        .order_by("objective_id", "position", "id")
    )
    okr_selectors.add_forecasts(actor.organization, krs)
    for kr in krs:
        krs_of[kr.objective_id].append(kr)
    rolled = {
        o.pk
        for o in objectives
        if o.progress_source != Objective.ProgressSource.KEY_RESULTS
        or any(kr.progress_source == KeyResult.ProgressSource.CHILDREN for kr in krs_of[o.pk])
    }
    zone = ZoneInfo(actor.organization.time_zone)
    today = today_for(actor.organization)
    days: dict[int, list] = {pk: [] for pk in rolled}
    # The listed objectives' snapshots, the rolled-up ones kept: one query whichever objectives
    # the at-risk list happens to hold (a page's query count must not depend on them), as the
    # key results' above.
    for pk, day, progress in (
        ObjectiveSnapshot.objects.filter(objective__in=objectives, day__lt=today)
        .order_by("day")
        .values_list("objective_id", "day", "progress")
    ):
        if pk in days:
            days[pk].append((datetime.combine(day, time.max, tzinfo=zone), progress))
    now = timezone.now()
    end = datetime.combine(cycle.end_date, time.min, tzinfo=zone)
    weights = actor.organization.weights_enabled
    for objective in objectives:
        own = krs_of[objective.pk]
        if objective.pk in rolled:
            objective.forecast = okr_rules.forecast_by_day(
                [*days[objective.pk], (now, objective.progress)], end, zone
            )
            objective.forecast_due = cycle.end_date
            continue
        objective.forecast = rules.objective_forecast(
            [(kr.forecast, kr.progress, kr.weight) for kr in own], weights
        )
        objective.forecast_due = max((kr.due_date or cycle.end_date for kr in own), default=None)


# The people table's sorts (people() orders each by its expression; the name's first).
PEOPLE_SORTS = ("name", "objectives", "progress", "status", "checkin", "confidence")
PEOPLE_COLUMNS = [
    ("name", _("Person")),
    ("objectives", _("Objectives")),
    ("progress", _("Progress")),
    ("status", _("Status")),
    ("checkin", _("Last check-in")),
    ("confidence", _("Confidence")),
]


def okrs_of_person(
    actor: Membership, cycle: Cycle, depth: int = 1, per_row: bool = False
) -> tuple[QuerySet, QuerySet]:
    """A person's OKRs of the cycle (docs/design-notes.md, "A person's OKRs"), the one
    definition behind every per-person figure (the dashboards' people table, adoption's page,
    lists, CSV/xlsx and API): the objectives figures count (okrs.selectors.FIGURE_STATES: a
    draft is not one yet) they own and those owned by a team they lead, as far as `actor` may
    see them, as two querysets on the member `depth` queries out (1: the outer row's pk).
    Two, not one with an OR: each is read off its own index (owner, owning team); the OR was
    read row by row (100 s for 3,000 people). `per_row`: visibility probed per row
    (permissions.objective_visibility_q), for subqueries correlated to each person."""
    live = (
        Objective.objects.filter(cycle=cycle, state__in=okr_selectors.FIGURE_STATES)
        .filter(permissions.objective_visibility_q(actor, per_row=per_row))
        .order_by()
    )
    person = "pk"
    for _level in range(depth):
        person = OuterRef(person)
    led = TeamMember.objects.filter(membership_id=OuterRef(person), is_lead=True)
    return live.filter(owner_member=person), live.filter(owner_team_id__in=led.values("team_id"))


class _PeopleRows(ModelIterable):
    """people()'s rows with their figures added up from the parts read in SQL:
    `objective_count` (their own and their led teams' objectives), `avg_progress` (Decimal,
    None without objectives), `avg_confidence` (float, None without a confidence)."""

    def __iter__(self):
        for person in super().__iter__():
            person.objective_count = person.own_objective_count + person.team_objective_count
            progress = person.own_progress_sum + person.team_progress_sum
            person.avg_progress = (
                Decimal(progress) / person.objective_count if person.objective_count else None
            )
            n = person.own_confidence_n + person.team_confidence_n
            confidence = person.own_confidence_sum + person.team_confidence_sum
            person.avg_confidence = float(confidence) / n if n else None
            yield person


def people(
    actor: Membership,
    cycle: Cycle,
    members: QuerySet[Membership],
    sort: str,
    *,
    of_team: Team | None = None,
    page: tuple[int, int] | None = None,
    seek: list | None = None,
    backward: bool = False,
) -> QuerySet[Membership]:
    """Each member with their OKRs of the cycle (okrs_of_person: their own objectives and
    their led teams' ones) that the actor may see: `objective_count` (both), `team_objective_count`
    (the led teams' part, shown apart), average progress, worst status, and those objectives'
    key results' last check-in and average confidence: correlated subqueries on indexed
    columns, so a page of the table is one query however many people there are. `sort` is a
    PEOPLE_SORTS key, "-" first for descending; people without a figure last. `of_team`:
    `members` are that team's (okrs.selectors.team_members(actor, of_team)), read first and
    then sorted. Sorted by name with `page` (offset, limit) given, the rows are only good for
    that slice: the page's candidates are read in name order off the team's subtree name index
    (okrs.selectors.team_members_by_name: one range, the first offset + limit) in place of
    `members`, not every member.
    Each row carries its place in the order as `seek0`, `seek1`… (people_seek_keys: the
    sort's value, the name, the id): `seek`, a row's place, gives the rows after it (before
    it, `backward`, read in the reverse order), a page of the table without an OFFSET.
    Sorted by name with `seek` and `page` given (its limit), the candidates are the limit
    next ones on the subtree name index from that place."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if of_team is not None and page is not None and key not in PEOPLE_SORTS[1:]:
        offset, limit = page
        members = okr_selectors.team_members_by_name(
            actor,
            of_team,
            offset + limit,
            descending=descending,
            after=seek,
            backward=backward,
        )
    own, team = okrs_of_person(actor, cycle, per_row=True)
    # The same objectives' active key results, as seen from inside a key result's subquery.
    own_krs, team_krs = (
        KeyResult.objects.filter(
            objective__in=qs.values("pk"), state=KeyResult.State.ACTIVE
        ).order_by()
        for qs in okrs_of_person(actor, cycle, depth=2, per_row=True)
    )
    integer, decimal = IntegerField(), DecimalField(max_digits=20, decimal_places=6)

    def over(qs, function, expression, field):
        """`function` of `expression` over the subquery's rows, 0 for a sum or count of none:
        a plain function, as an aggregate would make the subquery GROUP BY."""
        value = Subquery(
            qs.annotate(v=Func(expression, function=function, output_field=field)).values("v")[:1],
            output_field=field,
        )
        return Coalesce(value, Value(0), output_field=field) if function != "MAX" else value

    def mask(qs, expression, field):
        """The set of `expression`'s values over the subquery's rows as one bit each (0 for
        none): SUM(DISTINCT bit), the OR of bits on both databases."""
        value = Subquery(
            qs.annotate(
                v=Func(expression, template="SUM(DISTINCT %(expressions)s)", output_field=field)
            ).values("v")[:1],
            output_field=field,
        )
        return Coalesce(value, Value(0), output_field=field)

    def both(function, expression, field, objectives=True):
        first, second = (own, team) if objectives else (own_krs, team_krs)
        if function == "MASK":
            return mask(first, expression, field), mask(second, expression, field)
        a, b = over(first, function, expression, field), over(second, function, expression, field)
        if function == "MAX":
            # The later or the worse: PostgreSQL's GREATEST takes no NULL; SQLite's MAX(a, b)
            # is NULL with a NULL, so each is Coalesced with the other there.
            if connection.vendor == "postgresql":
                return Greatest(a, b)
            return Greatest(Coalesce(a, b), Coalesce(b, a))
        return a, b

    # Each subquery once per row: the sums and counts are read in their two parts (the
    # person's own objectives, their led teams') and added up, and the averages divided, in
    # Python (_PeopleRows). In SQL each annotation naming another repeated the other's
    # subqueries (a count in the average's condition and divisor: 28 subqueries per person
    # where 12 are needed; 20,600 of the 31,030 buffers of a department's first page at
    # 100,000 people, issue 14). A sort on a sum or an average orders by its expression.
    sums = {
        "objective": both("COUNT", F("pk"), integer),
        "progress": both("SUM", F("progress"), decimal),
        "confidence_sum": both("SUM", F("confidence"), integer, objectives=False),
        "confidence_n": both("COUNT", F("confidence"), integer, objectives=False),
    }
    rows = (
        members.select_related(None)
        .select_related("user")
        .annotate(
            own_objective_count=sums["objective"][0],
            team_objective_count=sums["objective"][1],
            own_progress_sum=sums["progress"][0],
            team_progress_sum=sums["progress"][1],
            worst_rank=_RankOfMask(*both("MASK", _STATUS_BIT_OF, integer)),
            last_check_in=both("MAX", F("last_check_in_at"), DateTimeField(), objectives=False),
            own_confidence_sum=sums["confidence_sum"][0],
            team_confidence_sum=sums["confidence_sum"][1],
            own_confidence_n=sums["confidence_n"][0],
            team_confidence_n=sums["confidence_n"][1],
        )
    )
    rows._iterable_class = _PeopleRows

    def total(key):
        a, b = sums[key]
        return a + b

    sort_expressions = {
        "objectives": total("objective"),
        "progress": Case(
            When(
                GreaterThan(total("objective"), Value(0)),
                # In floating point, as the confidence: a page's place in the order is
                # carried in its links and compared as it was read (people_seek_keys).
                then=Cast(total("progress"), FloatField()) / total("objective"),
            ),
            output_field=FloatField(),
        ),
        # Worst first: the one order of the statuses (okrs.rules.SEVERITY, off track > at risk
        # > on track > done > not started) read from its highest rank (probe 28: `sort=status`
        # listed on track first).
        "status": -F("worst_rank"),
        "checkin": F("last_check_in"),
        "confidence": Case(
            When(
                GreaterThan(total("confidence_n"), Value(0)),
                then=Cast(total("confidence_sum"), FloatField()) / total("confidence_n"),
            ),
            output_field=FloatField(),
        ),
    }
    name = F("user__name")
    if of_team is not None:
        # In the name index's order (accounts.User: the organization's first 50 read off it),
        # a team's page walked the whole organization's people until 50 of the team turned up
        # (78,832 buffers for a 2,000-person department's first page at 100,000 people, issue
        # 14). The name as an expression sorts the same and serves no index: the team's
        # members are read from their own rows (team_members) and sorted, at most a
        # department's; by name with the page given, the page's candidates only.
        name = Concat(name, Value(""))
    field = sort_expressions.get(key, name)
    keys = [(field, descending)]
    if sort == "checkin":
        # Longest silent first, as the "not updated" list, whose "show all" opens this order:
        # those with objectives who never checked in come before every date.
        never = Q(GreaterThan(total("objective"), Value(0)), last_check_in__isnull=True)
        keys.insert(0, (Case(When(never, then=Value(0)), default=Value(1)), False))
    if key in PEOPLE_SORTS[1:]:
        keys.append((name, False))
    keys.append((F("pk"), False))
    rows = rows.annotate(**{f"seek{i}": expression for i, (expression, _) in enumerate(keys)})
    if seek is not None:
        aliases = [(f"seek{i}", d) for i, (_, d) in enumerate(keys)]
        rows = rows.filter(_beyond(aliases, seek, backward))
    nulls = {"nulls_first": True} if backward else {"nulls_last": True}
    return rows.order_by(
        *(
            F(f"seek{i}").desc(**nulls) if d != backward else F(f"seek{i}").asc(**nulls)
            for i, (_, d) in enumerate(keys)
        )
    )


def people_seek_keys(sort: str) -> int:
    """How many values a row's place in people()'s `sort` order has (its `seek0`…)."""
    key = sort.lstrip("-")
    return 1 + (sort == "checkin") + (key in PEOPLE_SORTS[1:]) + 1


def _beyond(keys: list[tuple[str, bool]], values: list, backward: bool) -> Q:
    """The rows after the place `values` in the order `keys` ((alias, descending): NULLs last
    either way), or before it with `backward`: the first key past the place, the keys before it
    equal to the place's."""
    nothing = Q(pk__in=[])
    found, equal = nothing, Q()
    for (alias, descending), value in zip(keys, values, strict=True):
        if value is None:
            # NULLs come last: nothing is after one but its equals, everything else before.
            past = Q(**{f"{alias}__isnull": False}) if backward else nothing
            same = Q(**{f"{alias}__isnull": True})
        else:
            later = "lt" if descending == (not backward) else "gt"
            past = Q(**{f"{alias}__{later}": value})
            if not backward:
                past |= Q(**{f"{alias}__isnull": True})
            same = Q(**{alias: value})
        found |= equal & past
        equal &= same
    return found


def team_rollups(
    actor: Membership, cycle: Cycle, teams: list[Team], within: Team | None, hidden: dict
) -> list[dict]:
    """Each given team's figures counting all its sub-teams (objectives, average progress,
    status counts, its `status`: rules.team_status): the sum of its atoms (the objectives filed
    directly under each team of its subtree) with the hidden ones taken off
    (rules.take_off_hidden), `hidden` being hidden_by_atom of the scope `within` (None: the
    organization). `over_visible` as selectors.reader_basis.
    Two queries whatever the size of the organization: the team tree and the kept figures of
    every team (insights.figures: one row each)."""
    if not teams:
        return []
    tree = okr_selectors.teams(actor)
    kept = TeamFigures.objects.filter(cycle=cycle)
    if within is not None:
        tree = tree.filter(id__in=okr_selectors.team_subtree_ids(within))
        kept = kept.filter(team_id__in=permissions.team_subtree_subquery(within.pk))
    parent_of = dict(tree.values_list("id", "parent_id"))
    sums = ["progress", "objectives", *Status.values]
    wanted = {t.pk: {"team": t, "atoms": {}, **dict.fromkeys(sums, 0)} for t in teams}
    for row in kept.values("team_id", *sums):
        node, visited = row["team_id"], set()
        if node not in parent_of:
            continue
        while node is not None and node not in wanted and node not in visited:
            visited.add(node)
            node = parent_of.get(node)
        if node in wanted:
            entry = wanted[node]
            for key in sums:
                entry[key] += row[key] or 0
            if row["team_id"] in hidden:
                entry["atoms"][row["team_id"]] = hidden[row["team_id"]]
    result, basis = list(wanted.values()), reader_basis(actor)
    for entry in result:
        entry.update(rules.take_off_hidden({key: entry[key] for key in sums}, entry.pop("atoms")))
        entry.update(basis)
        entry["n"], entry["total"] = entry["objectives"], entry["progress"]
        # Rounded once, as the sub-team's line's kept days (rules.mean_point).
        entry["avg"] = rules.mean_point(entry["total"], entry["n"]) or Decimal(0)
        entry["behind"] = sum(entry[s] for s in rules.AT_RISK_STATUSES)
        entry["counts"] = [(s, entry[s]) for s in Status.values]
        entry["status"] = rules.team_status(entry["counts"])
    return result


# --------------------------------------------------------------------------------------------
# Who has not updated


STALE_AFTER = timedelta(days=7)
STALE_SHOWN = 30
# Candidates taken from the snapshot for a list of STALE_SHOWN: more than are shown, as the
# reader may see a recent check-in of some of them on a team or private key result.
STALE_CANDIDATES = 3 * STALE_SHOWN


def stale_people(actor: Membership, cycle: Cycle, within: Team | None) -> list:
    """The first STALE_SHOWN of the members of `within` and its sub-teams (None: of the
    organization) owning active key results in objectives of the cycle
    the actor may see who have not checked in on any of those for 7 days or more, never first,
    then longest silent, each with `.last` (their last check-in on them): exactly what the
    actor may see, in a fixed number of queries.

    From the snapshot's per-person figure (PersonFreshness): whoever has checked in on a
    public key result within the 7 days is up to date for every reader (they see it); the
    others who own a public key result are candidates in the order of their last public
    check-in, never later than the last one a reader sees, and only the first
    STALE_CANDIDATES of them are worked out for the actor from their own key results. Those
    who own no public key result (what the reader sees of them depends on the reader) are
    worked out live. For the people whose every key result the actor sees (everyone for an
    admin; for others their reports whose key results are all in their own objectives, which
    the manager chain sees) the candidates come from the figure over all key results instead,
    in a stream of their own: with the public figure, nearly everyone silent on public key
    results was up to date on a team or private one for such a reader, and the list fell back
    to the whole scope. The list is exact when its last person comes no later than the first
    candidate left out of each stream; else (rarely) the whole scope is worked out live, as it
    is when the cycle has no snapshot yet. Who is a candidate is as of the snapshot (at most
    an hour old); each date shown is live.

    A team's candidates are read per team of its subtree (TeamMemberFreshness, kept to the
    team memberships): the silent entries of each team's index, not every member's row."""
    cutoff = timezone.now() - STALE_AFTER
    if within is None:
        members = okr_selectors.members(actor)
        snapshot = PersonFreshness.objects.filter(cycle=cycle, membership__in=members.values("pk"))
    else:
        members = okr_selectors.team_members(actor, within)
        # Each subtree team's entries read off its index (ReadFirst): as a join the planner
        # read the cycle's silent entries of every team and kept the subtree's. A person in
        # two teams of the subtree has a row under each: the ids are distinct.
        snapshot = TeamMemberFreshness.objects.filter(
            ReadFirst(F("team_id"), permissions.team_subtree_subquery(within.pk)),
            cycle=cycle,
            membership__is_active=True,
        )
    if not PersonFreshness.objects.filter(cycle=cycle).exists():
        return _listed(_silent(actor, cycle, members.values("pk"), cutoff)[:STALE_SHOWN])
    admin = permissions.is_admin(actor)
    seen_whole = (
        Q()
        if admin
        else Q(foreign_key_results=0, membership__in=permissions.reports_subquery(actor))
    )
    streams = [(snapshot.filter(seen_whole), "key_results", "last_check_in_at")]
    if not admin:
        streams.append(
            (snapshot.exclude(seen_whole), "public_key_results", "last_public_check_in_at")
        )
    silent, first_left_out = [], []
    for rows, owns, last in streams:
        # Never checked in, then silent since before the cutoff: two ranges of the order's
        # index (personfreshness_order_idx / _all_order_idx), each read in order up to the
        # count wanted and merged. As one OR the index bounded the cycle only, and when fewer
        # than STALE_CANDIDATES qualified (a CEO's stream of the people outside their chain)
        # every person of the cycle was read and filtered (100,000 people: 101,889 buffers).
        # SQLite takes no LIMIT in a UNION's parts; its organizations are small.
        order = (F(last).asc(nulls_first=True), "membership_id")
        owning = rows.filter(**{f"{owns}__gt": 0}).values_list("membership_id", last).distinct()
        parts = [
            owning.filter(**{f"{last}__isnull": True}),
            owning.filter(**{f"{last}__lt": cutoff}),
        ]
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [part.order_by(*order)[: STALE_CANDIDATES + 1] for part in parts]
        candidates = list(
            parts[0].union(parts[1], all=True).order_by(*order)[: STALE_CANDIDATES + 1]
        )
        worked_out = [pk for pk, _ in candidates[:STALE_CANDIDATES]]
        silent += _silent(actor, cycle, worked_out or [NO_ID], cutoff)
        if len(candidates) > STALE_CANDIDATES:
            first_left_out.append(candidates[-1])
    if not admin:
        # No public key result: no public check-in either, which the order indexes find
        # (a team's per subtree team, not each member's row).
        no_public = snapshot.exclude(seen_whole).filter(
            public_key_results=0, last_public_check_in_at__isnull=True, key_results__gt=0
        )
        # Listed when few (a department's), as hidden_ids does: _silent's statement names its
        # owners twice, and the subquery was worked out twice (a department at 100,000
        # people: 2 × 20 ms).
        owners = listed_when_few(
            no_public.values_list("membership_id", flat=True).distinct(), HIDDEN_LISTED
        )
        silent += _silent(actor, cycle, owners, cutoff)
    silent.sort(key=_order)
    if any(
        len(silent) < STALE_SHOWN or _order(silent[STALE_SHOWN - 1]) > _order(row)
        for row in first_left_out
    ):
        silent = _silent(actor, cycle, members.values("pk"), cutoff)
    return _listed(silent[:STALE_SHOWN])


def _order(row: tuple) -> tuple:
    """The list's order of an (owner id, last check-in) row: never first, then oldest."""
    pk, last = row
    return (last is not None, last or datetime.min.replace(tzinfo=UTC), pk)


def _silent(actor: Membership, cycle: Cycle, owners, cutoff: datetime) -> list[tuple]:
    """(owner id, last check-in) of the `owners` whose active key results in visible objectives
    of the cycle have no check-in since `cutoff`, in the list's order: grouped from their key
    results, each tested for visibility on its own objective.

    The objectives are those of the owners' key results, each probed for visibility on its
    own: tested in the key results' join, PostgreSQL hashed every objective of the cycle to
    test 800 key results (a leader of 100,000 people: 300 ms)."""
    active = KeyResult.objects.filter(
        organization_id=actor.organization_id, state=KeyResult.State.ACTIVE, owner__in=owners
    )
    objectives = Objective.objects.filter(
        pk__in=active.values("objective_id"),
        cycle=cycle,
        state__in=okr_selectors.FIGURE_STATES,
    ).filter(permissions.objective_visibility_q(actor, per_row=True))
    return list(
        active.filter(objective__in=objectives.values("pk"))
        .values("owner_id")
        .annotate(last=Max("last_check_in_at"))
        .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
        .order_by(F("last").asc(nulls_first=True), "owner_id")
        .values_list("owner_id", "last")
    )


def _listed(silent: list[tuple]) -> list:
    """The people of (owner id, last) rows, in their order, each with `.last` (one query; an
    id that is never a row keeps it when nobody is silent: constant counts)."""
    people = Membership.objects.select_related("user").in_bulk([pk for pk, _ in silent] or [NO_ID])
    listed = []
    for pk, last in silent:
        if pk in people:
            people[pk].last = last
            listed.append(people[pk])
    return listed
