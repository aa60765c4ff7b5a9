"""Team and company figures that do not grow with the organization: per-team sums kept by the
database, added up per request.

`TeamFigures` holds, per cycle and team, the figures of the live objectives filed under the
team (not its sub-teams): how many, their progress summed, how many in each status and band of
progress, their active key results and those never checked in on, their confidences
(each objective's, the mean of its active key results' latest) summed and counted, and how many
have no active key result.
`TeamCheckInDay` holds how many of those key results were last checked in on each day (UTC),
`TeamCheckInHour` within each hour, `TeamCheckInMinute` within each minute. A scope's headline
(headline_of(scope_sums())) is then a sum over one row per team of the scope, and "checked in
within 7 days" the days after the day 7 days ago, that day's hours after the moment's hour,
that hour's minutes after the moment's minute, plus that one minute's key results checked in
after the moment: no read over every objective and key result of the cycle.

Kept by the database (triggers installed by insights 0008 on SQLite and PostgreSQL), as
okrs.aligned keeps the aligned counts, and for the same reason: a row written behind the
services' back (bulk_create, COPY, a queryset's update(), raw SQL, the security prober) must
still be counted. Every insert, delete, or change of an objective's cycle, team, state,
progress or status, and of a key result's objective, state, confidence or last check-in,
recomputes the rows of the (cycle, team) it left and the one it joined from that team's
objectives alone (a few dozen rows): recomputed, not adjusted, so they never drift. On
PostgreSQL the triggers run once per statement (transition tables), so a bulk load recomputes
each team once; an advisory lock per (cycle, team) keeps two transactions from writing the
same team's rows at once (each recomputes after the other commits).

SQLite drops a table's triggers when a migration remakes the table: a migration that remakes
okrs_objective or okrs_keyresult must call `install_triggers` again (tests/insights/
test_team_figures.py checks that they exist after every migration).
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum

from mubiao.insights import rules
from mubiao.insights.models import (
    TeamCheckInDay,
    TeamCheckInHour,
    TeamCheckInMinute,
    TeamFigures,
)
from mubiao.okrs import aligned
from mubiao.okrs.models import Cycle, KeyResult, Status
from mubiao.okrs.selectors import FIGURE_STATES
from mubiao.orgs import permissions
from mubiao.orgs.models import Team, TeamAncestry

_BANDS = []
for _low, _high in rules.DISTRIBUTION_BANDS:
    _band = " AND ".join(
        [f"o.progress >= {_low}"] * (_low is not None)
        + [f"o.progress < {_high}"] * (_high is not None)
    )
    _BANDS.append(f"SUM(CASE WHEN {_band} THEN 1 ELSE 0 END)")
_STATUSES = [f"SUM(CASE WHEN o.status = '{s}' THEN 1 ELSE 0 END)" for s in Status.values]
_COLUMNS = ", ".join(
    [
        "cycle_id, team_id, objectives, progress",
        *Status.values,
        *(f"band{i}" for i in range(len(_BANDS))),
        "key_results, never, confidence_sum, confidence_n, without_key_results",
    ]
)

# The objectives of the rows to recompute: `{where}` is a condition on `o` (one cycle and team
# in a trigger, everything when installing). Each objective's key results are read by three
# subqueries on its id, not by joining a grouped read of the team's key results: in a
# transaction that has just loaded many rows the planner's statistics still say the tables are
# empty, and a join then rescans the whole grouped read for every objective (a bulk load of 1,000
# objectives took minutes on PostgreSQL); a subquery on the id is an index lookup whatever the
# statistics say.
# The objectives counted (okrs.selectors.FIGURE_STATES: no draft, nothing archived).
_COUNTED = "o.state IN ({})".format(", ".join(f"'{s}'" for s in FIGURE_STATES))
_ACTIVE = "FROM okrs_keyresult kr WHERE kr.objective_id = o.id AND kr.state = 'active'"
_INSERT_FIGURES = (
    f"INSERT INTO insights_teamfigures ({_COLUMNS})"  # noqa: S608 (constant pieces)
    " SELECT o.cycle_id, o.team_id, COUNT(*), SUM(o.progress), "
    + ", ".join(_STATUSES + _BANDS)
    + ", COALESCE(SUM(o.n), 0), COALESCE(SUM(o.never), 0), SUM(o.c), COUNT(o.c),"  # noqa: S608
    " SUM(CASE WHEN o.n = 0 THEN 1 ELSE 0 END)"
    " FROM (SELECT o.cycle_id, o.team_id, o.progress, o.status,"
    f" (SELECT COUNT(*) {_ACTIVE}) AS n,"
    f" (SELECT SUM(CASE WHEN kr.last_check_in_at IS NULL THEN 1 ELSE 0 END) {_ACTIVE}) AS never,"
    f" (SELECT AVG(kr.confidence) {_ACTIVE}) AS c"
    f" FROM okrs_objective o WHERE {_COUNTED} AND {{where}}) o"
    " GROUP BY o.cycle_id, o.team_id"
)
# The key results' last check-ins counted per (cycle, team, `{when}`): the day or the hour.
_INSERT_CHECK_INS = (
    "INSERT INTO insights_teamcheckin{table} (cycle_id, team_id, {table}, key_results)"  # noqa: S608
    " SELECT o.cycle_id, o.team_id, {when}, COUNT(*) FROM okrs_keyresult kr"
    " JOIN okrs_objective o ON o.id = kr.objective_id"
    " WHERE kr.state = 'active' AND kr.last_check_in_at IS NOT NULL"
    f" AND {_COUNTED} AND {{where}} GROUP BY o.cycle_id, o.team_id, {{when}}"
)
_FIGURES_TABLE = "insights_teamfigures"


def _tables(truncated: dict) -> list[str]:
    return [_FIGURES_TABLE, *(f"insights_teamcheckin{table}" for table in truncated)]


def _insert_check_ins(where: str, truncated: dict) -> list[str]:
    """`truncated`: {"day": SQL of kr.last_check_in_at's UTC day, "hour": of its hour,
    "minute": of its minute}."""
    return [
        _INSERT_CHECK_INS.format(table=table, when=when, where=where)
        for table, when in truncated.items()
    ]


def _recompute(cycle: str, team_is: str, truncated: dict) -> list[str]:
    """The statements recomputing the rows of one (cycle, team): `cycle` an expression, and
    `team_is` a condition on "{col}" saying the column holds the team (or is empty)."""
    where = f"o.cycle_id = {cycle} AND {team_is.format(col='o.team_id')}"
    statements = [
        f"DELETE FROM {table} WHERE cycle_id = {cycle} AND {team_is.format(col='team_id')}"  # noqa: S608
        for table in _tables(truncated)
    ]
    return [
        *statements,
        _INSERT_FIGURES.format(where=where),
        *_insert_check_ins(where, truncated),
    ]


# Which changes of a row move the figures (OLD and NEW joined on the row's id).
_OBJECTIVE_COLUMNS = ("cycle_id", "team_id", "state", "progress", "status")
_KEY_RESULT_COLUMNS = ("objective_id", "state", "confidence", "last_check_in_at")


def _changed(columns, distinct: str) -> str:
    return " OR ".join(f"o.{c} {distinct} n.{c}" for c in columns)


# The hour's first instant as Django writes a datetime on SQLite (UTC text), so that the column
# compares with the parameters it is read with.
_SQLITE_WHEN = {
    "day": "date(kr.last_check_in_at)",
    "hour": "strftime('%Y-%m-%d %H:00:00', kr.last_check_in_at)",
    "minute": "strftime('%Y-%m-%d %H:%M:00', kr.last_check_in_at)",
}


def _sqlite(truncated: dict) -> list[str]:
    def objective(row):
        return "; ".join(_recompute(f"{row}.cycle_id", f"{{col}} IS {row}.team_id", truncated))

    def key_result(row):
        pick = "(SELECT {} FROM okrs_objective WHERE id = " + row + ".objective_id)"  # noqa: S608
        return "; ".join(
            _recompute(pick.format("cycle_id"), f"{{col}} IS {pick.format('team_id')}", truncated)
        )

    def changed(columns):
        return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)

    return [
        "CREATE TRIGGER insights_objective_figures_insert AFTER INSERT ON okrs_objective"
        f" BEGIN {objective('NEW')}; END",
        "CREATE TRIGGER insights_objective_figures_delete AFTER DELETE ON okrs_objective"
        f" BEGIN {objective('OLD')}; END",
        "CREATE TRIGGER insights_objective_figures_update AFTER UPDATE ON okrs_objective"
        f" WHEN {changed(_OBJECTIVE_COLUMNS)} BEGIN {objective('OLD')}; {objective('NEW')}; END",
        "CREATE TRIGGER insights_keyresult_figures_insert AFTER INSERT ON okrs_keyresult"
        f" BEGIN {key_result('NEW')}; END",
        "CREATE TRIGGER insights_keyresult_figures_delete AFTER DELETE ON okrs_keyresult"
        f" BEGIN {key_result('OLD')}; END",
        "CREATE TRIGGER insights_keyresult_figures_update AFTER UPDATE ON okrs_keyresult"
        f" WHEN {changed(_KEY_RESULT_COLUMNS)}"
        f" BEGIN {key_result('OLD')}; {key_result('NEW')}; END",
    ]


# Truncated in UTC whatever the session's time zone (an hour of India's is not one of UTC's).
_PG_WHEN = {
    "day": "(kr.last_check_in_at AT TIME ZONE 'UTC')::date",
    "hour": "date_trunc('hour', kr.last_check_in_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
    "minute": "date_trunc('minute', kr.last_check_in_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
}

# PL/pgSQL keeps a statement's plan for the session, and after five runs a generic one made
# without the team's and cycle's values; a plan made while the tables were small (or before any
# ANALYZE: a bulk load in one transaction, a new organization's first import) then kept reading
# every key result for one team's recomputation (2 s for a team of 5 objectives beside 1,000
# others; minutes at 100,000 people). Planned afresh with the values each time instead: a trigger
# runs these a few times per statement, so planning costs next to nothing.
_CUSTOM_PLANS = " SET plan_cache_mode = force_custom_plan"


def _postgresql(truncated: dict) -> list[str]:
    def run(team_is):
        return "; ".join(_recompute("p_cycle", team_is, truncated))

    # The (cycle, team) pairs a statement touched: of the rows inserted, deleted, or changed in
    # a way that moves the figures (then both the pair left and the pair joined).
    objective_pairs = {
        "INSERT": "SELECT cycle_id, team_id FROM new_rows",
        "DELETE": "SELECT cycle_id, team_id FROM old_rows",
        "UPDATE": "SELECT o.cycle_id, o.team_id FROM old_rows o"  # noqa: S608 (constant pieces)
        " JOIN new_rows n ON n.id = o.id"
        f" WHERE {_changed(_OBJECTIVE_COLUMNS, 'IS DISTINCT FROM')}"
        " UNION SELECT n.cycle_id, n.team_id FROM old_rows o JOIN new_rows n ON n.id = o.id"
        f" WHERE {_changed(_OBJECTIVE_COLUMNS, 'IS DISTINCT FROM')}",
    }
    of = (
        "SELECT ob.cycle_id, ob.team_id FROM {rows}"
        " JOIN okrs_objective ob ON ob.id = {k}.objective_id"
    )
    changed_krs = (
        " FROM old_rows o JOIN new_rows n ON n.id = o.id"
        f" JOIN okrs_objective ob ON ob.id = {{side}}.objective_id"
        f" WHERE {_changed(_KEY_RESULT_COLUMNS, 'IS DISTINCT FROM')}"
    )
    key_result_pairs = {
        "INSERT": of.format(rows="new_rows k", k="k"),
        "DELETE": of.format(rows="old_rows k", k="k"),
        "UPDATE": "SELECT ob.cycle_id, ob.team_id"
        + changed_krs.format(side="o")
        + " UNION SELECT ob.cycle_id, ob.team_id"
        + changed_krs.format(side="n"),
    }

    def function(name, pairs):
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{op}' THEN"  # noqa: S608 (constant pieces)
            f" FOR r IN SELECT DISTINCT * FROM ({sql}) p ORDER BY 1, 2 LOOP"
            " PERFORM insights_refigure(r.cycle_id, r.team_id); END LOOP;"
            for i, (op, sql) in enumerate(pairs.items())
        )
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql{_CUSTOM_PLANS}"
            " AS $$"
            f" DECLARE r record; BEGIN {branches} END IF; RETURN NULL; END $$"
        )

    def triggers(table, name):
        tables = {
            "INSERT": "NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        }
        return [
            f"CREATE TRIGGER {name}_{op.lower()} AFTER {op} ON {table}"
            f" REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            for op, transition in tables.items()
        ]

    return [
        # One team's rows, recomputed under a lock of that (cycle, team) held to the end of the
        # transaction: a second writer waits, then recomputes from what the first committed.
        "CREATE OR REPLACE FUNCTION insights_refigure(p_cycle bigint, p_team bigint)"
        f" RETURNS void LANGUAGE plpgsql{_CUSTOM_PLANS} AS $$ BEGIN"
        " PERFORM pg_advisory_xact_lock(hashtextextended("
        "'insights_teamfigures ' || p_cycle || ' ' || COALESCE(p_team, 0), 0));"
        f" IF p_team IS NULL THEN {run('{col} IS NULL')};"
        f" ELSE {run('{col} = p_team')}; END IF; END $$",
        function("insights_objective_figures", objective_pairs),
        function("insights_keyresult_figures", key_result_pairs),
        *triggers("okrs_objective", "insights_objective_figures"),
        *triggers("okrs_keyresult", "insights_keyresult_figures"),
    ]


TRIGGERS = tuple(
    f"insights_{table}_figures_{op}"
    for table in ("objective", "keyresult")
    for op in ("insert", "delete", "update")
)


def install_triggers(connection) -> None:
    """Create the triggers that keep the rows (replacing them where they exist), then
    recompute every row, so that the triggers start from true figures. Also the repair after a
    load that bypassed them (triggers disabled for speed). The tables of counts not created yet
    are left out: a migration before insights 0017 installs them without the minutes' (0017
    installs them again)."""
    aligned.drop_triggers(connection, TRIGGERS)
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"kept team figures on {vendor}")
    present = set(connection.introspection.table_names())
    truncated = {
        table: when
        for table, when in (_PG_WHEN if vendor == "postgresql" else _SQLITE_WHEN).items()
        if f"insights_teamcheckin{table}" in present
    }
    statements = (_postgresql if vendor == "postgresql" else _sqlite)(truncated)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        for table in _tables(truncated):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (constant)
        cursor.execute(_INSERT_FIGURES.format(where="1 = 1"))
        for statement in _insert_check_ins("1 = 1", truncated):
            cursor.execute(statement)


# --------------------------------------------------------------------------------------------
# Reading


def _rows(model, cycle: Cycle, team: Team | None) -> QuerySet:
    """The rows of the scope: every team's of the cycle (and those filed under no team) for
    the organization, the team and its sub-teams' for a team (the closure)."""
    rows = model.objects.filter(cycle=cycle)
    if team is not None:
        rows = rows.filter(team_id__in=permissions.team_subtree_subquery(team.pk))
    return rows


BANDS = [f"band{i}" for i in range(len(rules.DISTRIBUTION_BANDS))]


def _summed(rows: QuerySet) -> QuerySet:
    """The sum of the rows' key results, as a one-row values list (none without rows)."""
    return (
        rows.order_by().values("cycle").annotate(n=Sum("key_results")).values_list("n", flat=True)
    )


def scope_sums(cycle: Cycle, team: Team | None, now: datetime) -> dict:
    """The sums behind the headline of every live objective of the cycle under `team` (None:
    the whole organization): {objectives, progress (summed), one count per status and band
    (band0…), key_results, never, confidence_sum, confidence_n, without_key_results, fresh},
    the names of selectors.hidden_by_atom's, so that a reader's withheld atoms can be taken off
    (rules.take_off_hidden). Three queries over one row per team of the scope and the key
    results last checked in within the minute 7 days ago."""
    sums = ["objectives", "progress", *Status.values, *BANDS]
    sums += ["key_results", "never", "confidence_sum", "confidence_n", "without_key_results"]
    row = _rows(TeamFigures, cycle, team).order_by().aggregate(**{k: Sum(k) for k in sums})
    fresh_since = now - rules.FRESH_FOR
    # Whole days after the day of `fresh_since`, that day's hours after its hour and that
    # hour's minutes after its minute from the kept rows; that minute itself from its key
    # results (those checked in after the moment).
    moment = fresh_since.astimezone(UTC)
    edge_day = moment.date()
    next_midnight = datetime.combine(edge_day + timedelta(days=1), time.min, tzinfo=UTC)
    next_hour = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    next_minute = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
    days = TeamCheckInDay.objects.filter(cycle=cycle, day__gt=edge_day)
    hours = TeamCheckInHour.objects.filter(cycle=cycle, hour__gte=next_hour, hour__lt=next_midnight)
    minutes = TeamCheckInMinute.objects.filter(
        cycle=cycle, minute__gte=next_minute, minute__lt=next_hour
    )
    if team is None:
        # One statement (each part's sum, one row each), read off the cycle's (cycle,
        # day|hour|minute, team) indexes.
        after = sum(_summed(days).union(_summed(hours), _summed(minutes), all=True))
    else:
        after = _subtree_sum(team, days, hours, minutes)
    edge = KeyResult.objects.filter(
        organization_id=cycle.organization_id,
        state=KeyResult.State.ACTIVE,
        last_check_in_at__gte=fresh_since,
        last_check_in_at__lt=next_minute,
        objective__cycle=cycle,
        objective__state__in=FIGURE_STATES,
    )
    figures = {key: row[key] or 0 for key in sums}
    figures["confidence_sum"] = float(figures["confidence_sum"])
    figures["fresh"] = after + edge.count()
    return figures


def _subtree_sum(team: Team, *parts: QuerySet) -> int:
    """The key results of `parts` (rows of TeamCheckInDay, …Hour or …Minute) summed over the
    teams of `team`'s subtree, each team's rows read by its id, off the (cycle, team, day|hour)
    indexes (one statement). Filtered by the closure's subquery instead, PostgreSQL read
    the organization's rows of the week off the cycle's (cycle, day|hour, team) index and
    kept the subtree's: a 2,000-person department at 100,000 people read 60,000 day rows and
    33,000 hour rows for 1,900 of them (7,210 buffers, ~240 ms; issue 14)."""

    def per_team(rows: QuerySet) -> Subquery:
        return Subquery(
            rows.filter(team_id=OuterRef("team_id"))
            .order_by()
            .values("team_id")
            .annotate(n=Sum("key_results"))
            .values("n")
        )

    subtree = TeamAncestry.objects.filter(ancestor_id=team.pk).order_by()
    names = [f"part{i}" for i in range(len(parts))]
    sums = subtree.annotate(
        **{name: per_team(rows) for name, rows in zip(names, parts, strict=True)}
    ).aggregate(**{f"{name}_sum": Sum(name) for name in names})
    return sum(value or 0 for value in sums.values())


def headline_of(sums: dict) -> dict:
    """The headline of the dashboards from scope_sums' sums (taken off or not):
    {avg (Decimal 0–1 to 4 places, rules.mean_point; 0 with no objective), total, counts
    [(status, n)], distribution [n per band], behind, key_results, confidence (float 0–10 or
    None), fresh, stale, never, fresh_share (Decimal 0–1 or None)}."""
    total, key_results = sums["objectives"], sums["key_results"]
    counts = [(s, sums[s]) for s in Status.values]
    return {
        # Rounded once (rules.mean_point), as the progress line's kept days: the headline,
        # its line's last point and the API's figure are one number.
        "avg": rules.mean_point(sums["progress"], total) or Decimal(0),
        "total": total,
        "counts": counts,
        "distribution": [sums[band] for band in BANDS],
        "behind": sum(n for s, n in counts if s in rules.AT_RISK_STATUSES),
        "key_results": key_results,
        "confidence": sums["confidence_sum"] / sums["confidence_n"]
        if sums["confidence_n"]
        else None,
        "fresh": sums["fresh"],
        "stale": key_results - sums["never"] - sums["fresh"],
        "never": sums["never"],
        "fresh_share": rules.share(sums["fresh"], key_results),
    }
