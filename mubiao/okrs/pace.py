"""The pace-status refresh of a whole cycle, set-based (the worker runs it every 6 hours).

Pace status moves with the calendar, progress does not: progress changes only on writes (a
check-in, an edit, an aligned child's change), which recompute it at once. So the refresh only
re-derives statuses, in a few statements per cycle whatever its size:

1. the distinct due dates of the cycle's key results (in practice a handful);
2. one UPDATE of the key results whose status changes, with the thresholds of DESIGN.md §4
   (okrs.rules.pace_status) worked out in Python for each due date and compared in SQL;
3. one UPDATE of the objectives whose status changes (rules.key_results_status: the worst
   status of the started key results heavy enough to set it), from one grouped pass over the key
   results.

Whatever takes its progress from aligned objectives (an objective, or a key result fed by
them, and so its objective: FED_BY_ALIGNED) is left to okrs.services.refresh_cycle, which rolls
them up after their children's statuses are refreshed (rules.aligned_status).

tests/okrs/test_pace.py holds the result equal to okrs.rules for every key result.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from mubiao.okrs import rules
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
from mubiao.orgs.models import Organization

# Due dates compared in one statement (a CASE branch each); more make several statements.
DUE_DATES_PER_STATEMENT = 200

# An objective with an active key result fed by the objectives aligned to it.
FED_BY_ALIGNED = Q(
    Exists(
        KeyResult.objects.filter(
            objective=OuterRef("pk"),
            state=KeyResult.State.ACTIVE,
            progress_source=KeyResult.ProgressSource.CHILDREN,
        )
    )
)


def refresh_cycle_statuses(cycle: Cycle, today: date, statuses: dict | None = None) -> int:
    """Re-derive the pace status of every active key result and objective of the cycle
    (archived objectives keep theirs), but those left to okrs.services.refresh_cycle (the
    module's docstring). Returns how many objectives changed status; the key
    results that change go into `statuses` (id → [before, after]), read in the statement
    before each UPDATE, only the rows it changes, locked as it would lock them: a refresh
    running at the same time waits, then finds them changed and reads (and tells) nothing."""
    with transaction.atomic():
        key_results = (
            KeyResult.objects.filter(objective__cycle=cycle, state=KeyResult.State.ACTIVE)
            .exclude(objective__state=Objective.State.ARCHIVED)
            .exclude(progress_source=KeyResult.ProgressSource.CHILDREN)
        )
        due_dates = sorted(
            set(key_results.order_by().values_list("due_date", flat=True).distinct()),
            key=lambda d: (d is not None, d),
        )
        organization = Organization.objects.only("settings").get(pk=cycle.organization_id)
        zone = ZoneInfo(organization.time_zone)
        for start in range(0, len(due_dates), DUE_DATES_PER_STATEMENT):
            chunk = due_dates[start : start + DUE_DATES_PER_STATEMENT]
            status = _status_case(cycle, chunk, today, zone)
            due = Q(due_date__isnull=True) if None in chunk else Q(pk__in=[])
            due |= Q(due_date__in=[d for d in chunk if d is not None])
            changing = key_results.filter(due).exclude(status=status)
            if statuses is not None:
                rows = (
                    changing.select_for_update(no_key=True, of=("self",))
                    .annotate(after=status)
                    .values_list("pk", "status", "after")
                )
                statuses.update((pk, [before, after]) for pk, before, after in rows)
            changing.update(status=status)
        return _refresh_objectives(cycle, organization.weights_enabled)


def _refresh_objectives(cycle: Cycle, weights_enabled: bool) -> int:
    """One UPDATE … FROM a grouped pass over the cycle's key results (PostgreSQL, and SQLite
    since 3.33): a correlated subquery per objective costs minutes at 300,000 objectives.

    The status is rules.key_results_status in SQL: the worst among the key results that set it
    (all when the organization has weights off or every weight is 0, else those weighing at
    least a tenth of the heaviest) and have started (`not_started` when none has), `on_track`
    for a `done` while a key result that counts in the progress (weight above 0) is not done."""
    ranks = rules.SEVERITY.items()
    rank_of = " ".join(f"WHEN '{status}' THEN {rank}" for status, rank in ranks)
    status_of = " ".join(f"WHEN {rank} THEN '{status}'" for status, rank in ranks)
    objectives, key_results = Objective._meta.db_table, KeyResult._meta.db_table
    equal = "(%(equal)s = 1 OR heavy.weight = 0)"
    setting = f"({equal} OR kr.weight * {rules.STATUS_WEIGHT_RATIO} >= heavy.weight)"
    counting = f"({equal} OR kr.weight > 0)"
    # Among the key results that have started: none started leaves it NULL, not_started below.
    started = f"{setting} AND kr.status <> %(not_started)s"
    worst = f"MAX(CASE WHEN {started} THEN CASE kr.status {rank_of} END END)"
    # The grouped pass is a subquery in FROM, not a WITH: a statement that starts with WITH
    # reports no row count on SQLite.
    sql = f"""
        UPDATE {objectives} SET status = worst.status FROM (
            SELECT o.id AS id,
                   CASE WHEN {worst} = {rules.SEVERITY[Status.DONE]}
                             AND MAX(CASE WHEN {counting} AND kr.status <> %(done)s
                                     THEN 1 END) = 1
                        THEN %(on_track)s
                        ELSE CASE {worst} {status_of} ELSE %(not_started)s END
                   END AS status
            FROM {objectives} o
            LEFT JOIN {key_results} kr ON kr.objective_id = o.id AND kr.state = %(active)s
            LEFT JOIN (
                SELECT objective_id, MAX(weight) AS weight FROM {key_results}
                WHERE state = %(active)s GROUP BY objective_id
            ) heavy ON heavy.objective_id = o.id
            WHERE o.cycle_id = %(cycle)s AND o.state <> %(archived)s
              AND o.progress_source = %(source)s
              AND NOT EXISTS (
                SELECT 1 FROM {key_results} fed WHERE fed.objective_id = o.id
                AND fed.state = %(active)s AND fed.progress_source = %(children)s
              )
            GROUP BY o.id
        ) AS worst
        WHERE {objectives}.id = worst.id AND {objectives}.status <> worst.status
    """  # noqa: S608 (table names, statuses and the ratio are constants)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "equal": 0 if weights_enabled else 1,
                "done": Status.DONE,
                "on_track": Status.ON_TRACK,
                "not_started": Status.NOT_STARTED,
                "active": KeyResult.State.ACTIVE,
                "cycle": cycle.pk,
                "archived": Objective.State.ARCHIVED,
                "source": Objective.ProgressSource.KEY_RESULTS,
                "children": KeyResult.ProgressSource.CHILDREN,
            },
        )
        return cursor.rowcount


def _status_case(cycle: Cycle, due_dates, today: date, zone: ZoneInfo) -> Case:
    """rules.key_result_status as SQL for key results due on these dates (None: the cycle's
    end). The organization's weights setting and time zone are read as stored now (one query,
    every time): a worker's cycle may hold an organization read before an admin changed them.

    The not-started window runs from the later of the cycle's start and the day the key result
    was created (in the organization's time zone): the elapsed share of it shrinks as that day
    moves later, so the window is one bound on `created_at` per due date (_window_opens)."""
    done_or_not = Q(metric_type__in=rules.DONE_OR_NOT_TYPES)
    unchecked = Q(last_check_in_at__isnull=True)
    branches = [When(progress__gte=rules.ONE, then=Value(Status.DONE))]
    for due in due_dates:
        on = Q(due_date__isnull=True) if due is None else Q(due_date=due)
        end = due or cycle.end_date
        if today > end:
            branches.append(When(on, then=Value(Status.OFF_TRACK)))
            continue
        branches += [
            When(on & done_or_not & unchecked, then=Value(Status.NOT_STARTED)),
            When(on & done_or_not, then=Value(Status.ON_TRACK)),
        ]
        opens = _window_opens(cycle.start_date, end, today)
        if opens is not None:
            created = (
                Q()
                if opens <= cycle.start_date
                else Q(created_at__gte=datetime.combine(opens, time(), tzinfo=zone))
            )
            branches.append(When(on & unchecked & created, then=Value(Status.NOT_STARTED)))
        expected = rules.expected_progress(cycle.start_date, end, today)
        branches += [
            When(
                on & Q(progress__gte=expected - rules.ON_TRACK_SLACK), then=Value(Status.ON_TRACK)
            ),
            When(on & Q(progress__gte=expected - rules.AT_RISK_SLACK), then=Value(Status.AT_RISK)),
        ]
    return Case(*branches, default=Value(Status.OFF_TRACK))


def _window_opens(start: date, end: date, today: date) -> date | None:
    """The earliest day a key result may have been created and still be in its not-started
    window on `today` (rules.key_result_status: over [max(start, created), end], its elapsed
    share rules.not_started_elapsed); None when none is. The elapsed share only falls as that
    day moves later (to 0 from the due day on: a window with no length): a binary search."""

    def inside(day: date) -> bool:
        return rules.not_started_elapsed(max(start, day), end, today) < rules.NOT_STARTED_WINDOW

    if inside(start):
        return start
    low, high = start, max(start, today) + timedelta(days=1)  # inside(low) is False
    if not inside(high):
        return None
    while (high - low).days > 1:
        middle = low + timedelta(days=(high - low).days // 2)
        if inside(middle):
            high = middle
        else:
            low = middle
    return high
