"""Adoption, framed as coaching: who has no OKRs in the cycle, who has not checked in for N
days, who has not graded while grading is open, which teams have nothing aligned.

Admins see the whole organization; team leads see the teams they lead and their sub-teams
(orgs.TeamAncestry). Every figure about people on a page, in the API and in the exports (the
headline, the lists, the team rows' counts) is counted from one set of per-person rows,
people(): the snapshot's (insights.PersonFreshness, as of its time, which the page states)
when the cycle has one, else worked out now; the team rows group those rows by team, so they
never disagree with the headline. The page makes the same queries for 5 people as for
100,000.

Every figure about people (whether someone has OKRs, when they last checked in, whether they
graded, and the per-team counts of such people) is taken over the objectives the reader may
see: a lead who is not someone's manager never learns of that person's private objectives,
not even that there is one. A team's objective and alignment counts are whole-team figures
(DESIGN.md §4), counted over all of the team's objectives like the dashboards' headline.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone

from mubiao.insights import selectors as insights
from mubiao.insights.models import PersonFreshness, TeamAdoption
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs import permissions
from mubiao.orgs.models import ManagerChain, Membership, Team, TeamAncestry, TeamMember

DEFAULT_DAYS = 7
MAX_DAYS = 366


def scope_teams(actor: Membership) -> QuerySet[Team] | None:
    """The teams whose people the actor may coach: None for an admin (the whole organization),
    the led teams' subtrees for a lead, an empty set for anyone else."""
    if permissions.is_admin(actor):
        return None
    return okr_selectors.teams(actor).filter(id__in=permissions.led_teams_subquery(actor))


def may_see_adoption(actor: Membership) -> bool:
    return permissions.is_admin(actor) or bool(permissions.led_team_ids(actor))


def figures_as_of(cycle: Cycle) -> datetime | None:
    """When the snapshot's per-person figures of the cycle were written (None: never)."""
    return PersonFreshness.objects.filter(cycle=cycle).values_list("written_at", flat=True).first()


@dataclass(frozen=True)
class Reading:
    """What the adoption page, its API and its exports read for one reader, cycle and filter:
    `everyone` (people()), `since` (no check-in since then: silent), `as_of` (the snapshot's
    time, None: worked out now) and `counted_by`, the stored counts (insights.TeamAdoption)
    that count the reader's scope, (kind, team id), or None when they do not (no snapshot, or
    a lead who may not see some of their people's OKRs: counted from `everyone`).
    `taken_at`: the moment every figure is as of (the snapshot's, else when read), the one a
    page states; a page reads its figures in one transactions.one_snapshot, so that the
    database they come from is of one moment too."""

    cycle: Cycle
    days: int
    since: datetime
    as_of: datetime | None
    everyone: QuerySet
    counted_by: tuple[str, int | None] | None
    taken_at: datetime


def read(actor: Membership, cycle: Cycle, days: int, *, counts: bool = True) -> Reading:
    """The reader's adoption figures of the cycle: from the hourly snapshot when there is one,
    "no check-in for `days` days" then meaning before the snapshot's time less `days` (every
    figure about people is as of that time, as the page says), else worked out now.
    `counts=False` for a reader of the people alone (the export): no stored counts looked
    for (counted_by None), which spares a lead's query of their top teams."""
    teams = scope_teams(actor)
    as_of, counted = _snapshot(cycle)
    counted = counted and counts
    taken_at = as_of or timezone.now()
    since = taken_at - timedelta(days=days)
    if as_of is None:
        everyone = people(actor, cycle, teams, None)
        return Reading(cycle, days, since, None, everyone, None, taken_at)
    admin = permissions.is_admin(actor)
    unseen = [] if admin else _unseen_by_rule(actor, cycle, teams)
    everyone = people(actor, cycle, teams, as_of, unseen)
    # Without counts (a snapshot written before they were kept), people()'s rows count. The
    # top led teams are read whatever `unseen` holds: the same queries for any data.
    counted_by = None
    if counted and admin:
        counted_by = (TeamAdoption.Kind.ORGANIZATION, None)
    elif counted:
        top = _top_led_teams(actor)
        if len(top) == 1 and not unseen:
            counted_by = (TeamAdoption.Kind.SUBTREE, top[0])
    return Reading(cycle, days, since, as_of, everyone, counted_by, taken_at)


def _top_led_teams(actor: Membership) -> list[int]:
    """The teams the actor leads that are under no other team they lead (at most two: one
    is all read() needs to know). A lead's scope is their subtrees; with one, its stored
    subtree row counts each of its people once, where two subtrees' rows may share people."""
    led = TeamMember.objects.filter(membership=actor, is_lead=True)
    below = TeamAncestry.objects.filter(ancestor_id__in=led.values("team_id"), depth__gt=0)
    tops = led.exclude(team_id__in=below.values("team_id"))
    return list(tops.order_by("team_id").values_list("team_id", flat=True)[:2])


def _snapshot(cycle: Cycle) -> tuple[datetime | None, bool]:
    """figures_as_of(), and whether that snapshot kept adoption's counts (one query)."""
    counted = Exists(TeamAdoption.objects.filter(cycle=cycle))
    found = PersonFreshness.objects.filter(cycle=cycle).values_list("written_at", counted)
    return found.first() or (None, False)


def people(
    actor: Membership,
    cycle: Cycle,
    teams: QuerySet[Team] | None,
    as_of: datetime | None,
    unseen: list[int] | None = None,
):
    """Everyone in scope with `objective_count`, `last_check_in` (on their OKRs' key results)
    and `has_ungraded`, over their OKRs (okrs_of_person) that the actor may see.

    From the snapshot's per-person figures (PersonFreshness) when the cycle has them (`as_of`,
    figures_as_of()): taken as
    they are for an admin (who sees everything), and for a person whose every team or private
    objective the actor sees by rule now (their own ones: the person is the actor or reports
    to them; their led teams' ones: those teams are the actor's led teams or below them);
    worked out live only for the others (`unseen`, _unseen_by_rule(): a CASE whose subqueries
    run for their rows alone). So the lists are an indexed join over the scope, not
    correlated subqueries over every person; the figures are as of the snapshot (at most an
    hour old; the page says so). Without a snapshot, everything is worked out live."""
    members = okr_selectors.members(actor)
    if teams is not None:
        members = members.filter(
            pk__in=TeamMember.objects.filter(team__in=teams).values("membership_id")
        )
    members = members.select_related("user")
    live = _live_figures(actor, cycle)
    if as_of is None:
        return members.annotate(**live).order_by("user__name", "pk")
    members = members.annotate(
        figures=FilteredRelation("freshness", condition=Q(freshness__cycle=cycle))
    )
    stored = {
        "objective_count": Coalesce(
            F("figures__objectives") + F("figures__team_objectives"), Value(0)
        ),
        "last_check_in": F("figures__last_own_check_in_at"),
        # Never NULL (a person with no row has none), so that excluding them keeps the row.
        "has_ungraded": Case(When(figures__ungraded__gt=0, then=Value(True)), default=False),
    }
    # Whether something of theirs is hidden from this reader is checked now, not taken from the
    # snapshot: a visibility, manager or lead change since then must not let the stored
    # figures count an objective this reader may no longer see. Who needs working out live is
    # read once, as ids (_unseen_by_rule): as a condition on every person's row it was
    # evaluated again in each figure built on it (for the CEO, 20,000 rows × a dozen times).
    if unseen is None:
        unseen = [] if permissions.is_admin(actor) else _unseen_by_rule(actor, cycle, teams)
    if len(unseen) > UNSEEN_AS_IDS_AT_MOST:
        # The ids go into three CASEs: past this many they would near the databases' limit on
        # a statement's parameters (a 500). Everyone is then worked out live, as with no snapshot.
        return members.annotate(**live).order_by("user__name", "pk")
    if unseen:
        stored = {
            name: Case(When(pk__in=unseen, then=live[name]), default=value, output_field=field)
            for (name, value), field in zip(stored.items(), _FIELDS, strict=True)
        }
    return members.annotate(**stored).order_by("user__name", "pk")


_FIELDS = (IntegerField(), DateTimeField(), BooleanField())
# How many people worked out live are named by id in the adoption query (see people()).
UNSEEN_AS_IDS_AT_MOST = 2000


def _unseen_by_rule(actor: Membership, cycle: Cycle, teams: QuerySet[Team]) -> list[int]:
    """Ids of the people in a lead's scope `teams` with a live team or private objective of the
    cycle that `actor` does not see by rule, whatever its collaborators: one of their own, the
    actor being neither them nor in their manager chain, or one of a team they lead, not one of
    the actor's led teams or below. The stored figures of everyone else are what the actor
    sees. One query that starts from the few people or teams the rules leave out (the scope
    less the actor's manager chain below them, orgs.ManagerChain; the led teams less the
    actor's subtree, orgs.TeamAncestry) and only then reads their objectives: for the CEO
    both are empty, where testing each team or private objective of the scope read 9,000
    objectives and probed 20,000 people's at 20,000 people."""
    restricted = Objective.objects.filter(
        cycle=cycle, state__in=okr_selectors.FIGURE_STATES
    ).exclude(visibility=Objective.Visibility.PUBLIC)
    scope = TeamMember.objects.filter(team__in=teams).values("membership_id")
    # The manager chain's depth 0 is the actor: they see their own objectives too.
    chain = ManagerChain.objects.filter(manager=actor).values("member_id")
    own = restricted.filter(owner_member_id__in=scope.exclude(membership_id__in=chain))
    led = (
        TeamMember.objects.filter(is_lead=True, membership_id__in=scope)
        .exclude(team_id__in=permissions.led_teams_subquery(actor))
        .filter(team_id__in=restricted.values("owner_team_id"))
    )
    # Unordered parts (SQLite refuses ordered ones), the whole ordered by the selected column:
    # a UNION cannot take the objectives' default ordering.
    ids = (
        own.order_by()
        .values_list("owner_member_id", flat=True)
        .union(led.order_by().values_list("membership_id", flat=True))
    )
    return list(ids.order_by("owner_member_id"))


# A person's OKRs: the one definition (insights.selectors.okrs_of_person), here as there.
okrs_of_person = insights.okrs_of_person


def _count(objectives: QuerySet) -> Subquery:
    # COUNT as a plain function: an aggregate would make the subquery GROUP BY.
    counted = objectives.annotate(c=Func("pk", function="COUNT")).values("c")[:1]
    return Subquery(counted, output_field=IntegerField())


def _last_check_in(objectives: QuerySet) -> Subquery:
    latest = (
        KeyResult.objects.filter(
            objective__in=objectives.values("pk"),
            state=KeyResult.State.ACTIVE,
            last_check_in_at__isnull=False,
        )
        .order_by("-last_check_in_at")
        .values("last_check_in_at")[:1]
    )
    return Subquery(latest)


def _live_figures(actor: Membership, cycle: Cycle) -> dict:
    """people()'s figures worked out from the objectives, as correlated subqueries."""
    own, team = okrs_of_person(actor, cycle)
    # The same, as seen from inside a key result's subquery.
    own_last, team_last = (_last_check_in(qs) for qs in okrs_of_person(actor, cycle, depth=2))
    return {
        "objective_count": _count(own) + _count(team),
        # The later of the two; Coalesce first, as SQLite's MAX(a, b) is NULL with a NULL.
        "last_check_in": Greatest(Coalesce(own_last, team_last), Coalesce(team_last, own_last)),
        "has_ungraded": ExpressionWrapper(
            Q(Exists(own.filter(score__isnull=True))) | Q(Exists(team.filter(score__isnull=True))),
            output_field=BooleanField(),
        ),
    }


# Has OKRs of the cycle: their own or their led teams' (okrs_of_person). The one definition of
# the headline, the lists, the per-team rows (team_rows) and the exports.
HAS_OKRS = Q(objective_count__gt=0)


def _silent(since: datetime) -> Q:
    """Has OKRs and no check-in on them since `since` ("not updated")."""
    return HAS_OKRS & (Q(last_check_in__isnull=True) | Q(last_check_in__lt=since))


def lists(everyone, cycle: Cycle, since: datetime) -> dict:
    """The three coaching lists as querysets (the caller pages them): totals() counts them.
    "Not graded": one of their OKRs has no score, while the cycle is being graded."""
    grading = cycle.state == Cycle.State.GRADING
    return {
        "no_okrs": everyone.exclude(HAS_OKRS),
        "silent": everyone.filter(_silent(since)),
        "ungraded": everyone.filter(has_ungraded=True) if grading else everyone.none(),
    }


# What a reader may page through or export: everyone in scope, or one coaching list. The page
# shows the three lists; the API (`list`) and the CSV/xlsx (`?list=`) take one by this name.
LISTS = ("everyone", "no_okrs", "silent", "ungraded")


def listed(everyone, cycle: Cycle, since: datetime, name: str | None):
    """The people of list `name` (LISTS; None: everyone), as the page's list and the API have
    them: the one filter of every route (an export of ?list=silent listed everyone)."""
    if name in (None, "everyone"):
        return everyone
    return lists(everyone, cycle, since)[name]


def list_counts(totals: dict) -> dict:
    """How long each coaching list is, from totals() (no query of its own)."""
    return {
        "no_okrs": totals["people"] - totals["with_okrs"],
        "silent": totals["with_okrs"] - totals["checked_in"],
        "ungraded": totals["ungraded"],
    }


def list_rows(everyone, cycle: Cycle, since: datetime, windows: dict) -> dict:
    """The rows of each coaching list (lists(): the same people in the same order, name then
    id) within its window, `windows` {"no_okrs" | "silent" | "ungraded": (start, stop)} as row
    positions from 0, read in ONE query whatever the lists hold: so the page makes as many
    queries with an empty list as with a full one, for 100 people as for 100,000.

    Row numbers are taken within two partitions: "no OKRs" and "not updated" exclude each other
    (HAS_OKRS), so one partition by which of them a person is in numbers both; "not graded"
    (only while grading) may hold people of either, so it is numbered apart."""
    order = [F("user__name").asc(), F("pk").asc()]
    kind = Case(
        When(~HAS_OKRS, then=Value("no_okrs")),
        When(_silent(since), then=Value("silent")),
        default=Value(""),
    )
    rows = everyone.annotate(
        list_kind=kind,
        kind_rank=Window(RowNumber(), partition_by=[kind], order_by=order),
        ungraded_rank=Window(RowNumber(), partition_by=[F("has_ungraded")], order_by=order),
    )
    # Row numbers count from 1; the windows from 0.
    wanted = Q(pk__isnull=True)
    for name in ("no_okrs", "silent"):
        start, stop = windows[name]
        wanted |= Q(list_kind=name, kind_rank__gt=start, kind_rank__lte=stop)
    if cycle.state == Cycle.State.GRADING:
        start, stop = windows["ungraded"]
        wanted |= Q(has_ungraded=True, ungraded_rank__gt=start, ungraded_rank__lte=stop)
    grading = cycle.state == Cycle.State.GRADING
    found = {name: [] for name in windows}
    for person in rows.filter(wanted):
        # A row the one list's window brought may be outside the other's.
        if person.list_kind in found and _within(windows[person.list_kind], person.kind_rank):
            found[person.list_kind].append(person)
        if grading and person.has_ungraded and _within(windows["ungraded"], person.ungraded_rank):
            found["ungraded"].append(person)
    return found


def _by_team(rows: QuerySet, team: str, **aggregates) -> dict:
    """{team id: aggregates} of `rows` grouped by their field `team`."""
    return {row.pop(team): row for row in rows.values(team).annotate(**aggregates)}


def _within(window: tuple[int, int], rank: int) -> bool:
    return window[0] < rank <= window[1]


def _counts(cycle: Cycle, since: datetime) -> dict:
    """The aggregates of people() rows that count the lists: people − with OKRs = "no OKRs",
    with OKRs − checked in = "not updated", ungraded = "not graded" (0 unless grading)."""
    grading = cycle.state == Cycle.State.GRADING
    return {
        "people": Count("pk"),
        "with_okrs": Count("pk", filter=HAS_OKRS),
        "checked_in": Count("pk", filter=HAS_OKRS & ~_silent(since)),
        # Counting no row: a filter that is never true (an empty IN would empty the query).
        "ungraded": Count("pk", filter=Q(has_ungraded=True) if grading else Q(pk__isnull=True)),
    }


def totals(reading: Reading) -> dict:
    """The organization's (or the lead's scope's) counts of the lists, one query: the stored
    counts of the scope when they count it (Reading.counted_by: a few rows whatever the
    organization's size), else the people() rows' (_counts)."""
    if reading.counted_by is not None:
        kind, team_id = reading.counted_by
        stored = _stored(reading).filter(kind=kind, team_id=team_id)
        return _named(stored.aggregate(**_sums(reading)))
    return reading.everyone.order_by().aggregate(**_counts(reading.cycle, reading.since))


def _stored(reading: Reading) -> QuerySet:
    return TeamAdoption.objects.filter(cycle=reading.cycle).order_by()


def _sums(reading: Reading) -> dict:
    """_counts() over stored rows (insights.TeamAdoption): checked in within N days of the
    snapshot's time are the rows whose days are N or fewer. Not graded is summed only while
    grading (0 otherwise, as _counts: _named() says so; aggregate() takes no constant)."""
    # Named apart from the columns they add up (Django refuses a Sum named as its column).
    sums = {
        "sum_people": Coalesce(Sum("people"), 0),
        "sum_with_okrs": Coalesce(Sum("with_okrs"), 0),
        "sum_checked_in": Coalesce(Sum("with_okrs", filter=Q(days__lte=reading.days)), 0),
    }
    if reading.cycle.state == Cycle.State.GRADING:
        sums["sum_ungraded"] = Coalesce(Sum("ungraded"), 0)
    return sums


def _named(row: dict) -> dict:
    """A row of _sums() under _counts()' names."""
    named = {key.removeprefix("sum_"): value for key, value in row.items()}
    named.setdefault("ungraded", 0)  # not summed: not grading
    return named


def flags(person, cycle: Cycle, since: datetime) -> dict:
    """One row of people() as the lists classify it (the API's and the exports' columns)."""
    has_okrs = person.objective_count > 0
    last = person.last_check_in
    return {
        "has_okrs": has_okrs,
        "silent": has_okrs and (last is None or last < since),
        "ungraded": cycle.state == Cycle.State.GRADING and person.has_ungraded,
    }


def team_rows(actor: Membership, reading: Reading, teams: list[Team]) -> list[dict]:
    """Per team (its direct members): people, with OKRs, checked in since `since`, not graded,
    counted over the same per-person figures as the headline and the lists (the stored
    counts, insights.TeamAdoption, when they count the scope; else people()'s rows), so a
    team's counts are its members' rows of those lists; and its objectives of the cycle and
    how many are aligned, over the ones the actor may see (`over_visible`, as
    insights.selectors.reader_basis, for every reader but an admin:
    a count over them would tell whether a hidden one is aligned). Two grouped
    queries, and a third for a reader who is not an admin (the objectives hidden from them)."""
    cycle = reading.cycle
    ids = [t.pk for t in teams]
    if reading.counted_by is not None:
        stored = _stored(reading).filter(kind=TeamAdoption.Kind.TEAM, team_id__in=ids)
        found = _by_team(stored, "team_id", **_sums(reading))
        people = {team: _named(row) for team, row in found.items()}
    else:
        members = reading.everyone.order_by().filter(team_memberships__team_id__in=ids)
        people = _by_team(members, "team_memberships__team_id", **_counts(cycle, reading.since))
    aligned = Q(parent_objective__isnull=False) | Q(parent_key_result__isnull=False)
    figures = okr_selectors.objectives_for_figures(actor, cycle).filter(team_id__in=ids).order_by()
    objectives = _by_team(
        figures, "team_id", objectives=Count("pk"), aligned=Count("pk", filter=aligned)
    )
    # What the reader may not see is counted apart, over the teams' team and private
    # objectives alone (a public one is seen by every member), off their index: testing
    # every objective of the teams against the reader's visibility took 665 ms for the CEO's
    # 50 teams at 20,000 people. Nothing is hidden from an admin (no query).
    hidden = {}
    if not permissions.is_admin(actor):
        restricted = figures.exclude(visibility=Objective.Visibility.PUBLIC)
        unseen = restricted.annotate(seen=okr_selectors.seen_by_reader(actor)).filter(seen=False)
        hidden = _by_team(
            unseen,
            "team_id",
            objectives=Count("pk"),
            aligned=Count("pk", filter=aligned),
        )
    rows, basis = [], insights.reader_basis(actor)
    for team in teams:
        counts = dict.fromkeys(("people", "with_okrs", "checked_in", "ungraded"), 0)
        counts |= dict.fromkeys(("objectives", "aligned"), 0)
        counts.update(people.get(team.pk, {}))
        counts.update(objectives.get(team.pk, {}))
        off = hidden.get(team.pk, dict.fromkeys(("objectives", "aligned"), 0))
        # The leak-by-subtraction rule of the dashboards (insights.rules.take_off_hidden).
        counts.update(basis)
        counts["objectives"] -= off["objectives"]
        counts["aligned"] -= off["aligned"]
        rows.append({"team": team, **counts})
    return rows
