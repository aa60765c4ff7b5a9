"""Daily team snapshots, written set-based: per cycle, one grouped pass over its objectives and
one over the day's check-ins, each grouped by every ancestor team at once (orgs.TeamAncestry),
then the day's rows replaced in one statement. The cost grows with the number of teams, not with
the number of people or OKRs read again later: the charts read these rows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from mubiao.insights import adoption, rules
from mubiao.insights.models import (
    ObjectiveSnapshot,
    PersonFreshness,
    TeamAdoption,
    TeamMemberFreshness,
    TeamSnapshot,
)
from mubiao.okrs import rollup as okr_rollup
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors as okr_selectors
from mubiao.okrs.models import CheckIn, Cycle, KeyResult, Objective, Status
from mubiao.orgs.models import Membership, TeamAncestry, TeamMember
from mubiao.transactions import write_transaction

_Q4 = Decimal("0.0001")


def _figures(rows, key):
    """{group key: figures} from grouped rows of objectives."""
    return {
        row[key]: {
            "objectives": row["n"],
            "progress": rules.mean_point(row["total"] or 0, row["n"]) or Decimal(0).quantize(_Q4),
            "progress_total": row["total"] or Decimal(0),
            **{status: row[status] for status in Status.values},
        }
        for row in rows
    }


def _objective_figures(prefix: str = ""):
    return {
        "n": Count(f"{prefix}id"),
        "total": Sum(f"{prefix}progress"),
        **{s: Count(f"{prefix}id", filter=Q(**{f"{prefix}status": s})) for s in Status.values},
    }


def write_day(cycle: Cycle, day: dt.date) -> int:
    """Replace the cycle's snapshots of `day` (the organization's date) with today's figures;
    returns how many rows were written."""
    zone = ZoneInfo(cycle.organization.time_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=1)
    live = okr_selectors.FIGURE_STATES
    # One filter() call: its conditions hold for the same objective row the figures count.
    by_team = _figures(
        TeamAncestry.objects.filter(team__objectives__cycle=cycle, team__objectives__state__in=live)
        .values("ancestor_id")
        .annotate(**_objective_figures("team__objectives__")),
        "ancestor_id",
    )
    whole = Objective.objects.filter(cycle=cycle, state__in=live).aggregate(**_objective_figures())
    day_check_ins = CheckIn.objects.filter(
        key_result__objective__cycle=cycle,
        key_result__objective__state__in=live,
        created_at__gte=start,
        created_at__lt=end,
    )
    activity = {
        row["ancestor_id"]: row
        for row in TeamAncestry.objects.filter(
            team__objectives__key_results__check_ins__in=day_check_ins.values("pk")
        )
        .values("ancestor_id")
        .annotate(
            check_ins=Count("team__objectives__key_results__check_ins", distinct=True),
            people=Count("team__objectives__key_results__check_ins__author", distinct=True),
        )
    }
    org_activity = day_check_ins.aggregate(
        check_ins=Count("id"), people=Count("author", distinct=True)
    )
    expected = okr_rules.expected_progress(cycle.start_date, cycle.end_date, day).quantize(_Q4)
    now = timezone.now()

    def row(team_id, figures, counts):
        return TeamSnapshot(
            organization_id=cycle.organization_id,
            cycle=cycle,
            team_id=team_id,
            day=day,
            expected=expected,
            check_ins=counts.get("check_ins") or 0,
            people_updated=counts.get("people") or 0,
            written_at=now,
            **figures,
        )

    rows = [row(team, figures, activity.get(team, {})) for team, figures in by_team.items()]
    rows.append(row(None, _figures([{"k": None, **whole}], "k")[None], org_activity))
    return len(rows) + _replace(cycle, day, rows, now)


@write_transaction
def _replace(cycle: Cycle, day: dt.date, rows: list[TeamSnapshot], now: dt.datetime) -> int:
    """The day's rows go in one transaction, with the objectives' rows and the people's
    freshness: a reader sees the old day or the new one. The objectives' rows go first: each
    team's confidence is the mean of its objectives' (as the headline's). Returns how many
    objective rows."""
    written = _write_objectives(cycle, day)
    confidence = _team_confidence(cycle, day)
    for row in rows:
        total, n = confidence.get(row.team_id, (None, 0))
        row.confidence = rules.mean_point(total, n)
        row.confidence_total, row.confidence_n = total or Decimal(0), n
    TeamSnapshot.objects.filter(cycle=cycle, day=day).delete()
    TeamSnapshot.objects.bulk_create(rows, batch_size=1000)
    _write_freshness(cycle, now)
    _write_adoption(cycle, now)
    return written


def _team_confidence(cycle: Cycle, day: dt.date) -> dict[int | None, tuple[Decimal | None, int]]:
    """{team id (None: the organization): (the sum, the number) of its counted objectives'
    confidences (okrs.selectors.FIGURE_STATES; each the mean of its key results' latest) on
    `day`}, from the objectives' rows of that day, grouped by every ancestor team at once."""
    path = "team__objectives__snapshots__"
    by_team = {
        row["ancestor_id"]: (row["c"], row["n"])
        # One filter() call: the objective counted and its row of the day are one join.
        for row in TeamAncestry.objects.filter(
            team__objectives__state__in=okr_selectors.FIGURE_STATES,
            **{f"{path}cycle": cycle, f"{path}day": day},
        )
        .values("ancestor_id")
        .annotate(c=Sum(f"{path}confidence"), n=Count(f"{path}confidence"))
    }
    whole = ObjectiveSnapshot.objects.filter(
        cycle=cycle, day=day, objective__state__in=okr_selectors.FIGURE_STATES
    ).aggregate(c=Sum("confidence"), n=Count("confidence"))
    by_team[None] = (whole["c"], whole["n"])
    return by_team


# Every live objective of the cycle as it is now, with the mean of its active key results'
# latest confidences, in one INSERT … SELECT (insights.models.ObjectiveSnapshot).
_OBJECTIVES_SQL = """
INSERT INTO {snapshot} (organization_id, cycle_id, objective_id, day, progress, status,
                        confidence, score, team_id, counted)
SELECT o.organization_id, o.cycle_id, o.id, %s, o.progress, o.status,
       (SELECT AVG(k.confidence) FROM {key_result} k
        WHERE k.objective_id = o.id AND k.state = %s AND k.confidence IS NOT NULL),
       o.score, o.team_id, o.state IN ({live})
FROM {objective} o
WHERE o.cycle_id = %s AND o.state <> %s
"""


def _write_objectives(cycle: Cycle, day: dt.date) -> int:
    ObjectiveSnapshot.objects.filter(cycle=cycle, day=day).delete()
    names = {
        "snapshot": ObjectiveSnapshot._meta.db_table,
        "key_result": KeyResult._meta.db_table,
        "objective": Objective._meta.db_table,
    }
    live = list(okr_selectors.FIGURE_STATES)
    sql = _OBJECTIVES_SQL.format(
        **{k: connection.ops.quote_name(v) for k, v in names.items()},
        live=", ".join(["%s"] * len(live)),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [day, KeyResult.State.ACTIVE, *live, cycle.pk, Objective.State.ARCHIVED]
        )
        return cursor.rowcount


# Per person of the cycle (insights.models.PersonFreshness), in one INSERT … SELECT over three
# kinds of rows: the active key results they own in live objectives (the last check-in over
# the public ones and over all, how many are in others' objectives), their own live
# objectives and the live objectives of the teams they lead (together their OKRs,
# insights.adoption.okrs_of_person: the last check-in on each one's active key results,
# whether it has a score).
_FRESHNESS_SQL = """
INSERT INTO {freshness} (organization_id, cycle_id, membership_id, last_public_check_in_at,
                         public_key_results, key_results, last_check_in_at,
                         foreign_key_results, objectives, last_own_check_in_at, ungraded,
                         team_objectives, restricted, restricted_team, written_at)
SELECT %(organization)s, %(cycle)s, p.membership_id, MAX(p.last_public), SUM(p.public_krs),
       SUM(p.krs), MAX(p.last_any), SUM(p.foreign_krs), SUM(p.own), MAX(p.last_own),
       SUM(p.ungraded), SUM(p.team_own), SUM(p.restricted), SUM(p.restricted_team), %(now)s
FROM (
    SELECT k.owner_id AS membership_id,
           CASE WHEN o.visibility = %(public)s THEN k.last_check_in_at END AS last_public,
           CASE WHEN o.visibility = %(public)s THEN 1 ELSE 0 END AS public_krs,
           1 AS krs, k.last_check_in_at AS last_any,
           CASE WHEN o.owner_member_id = k.owner_id THEN 0 ELSE 1 END AS foreign_krs,
           0 AS own, NULL AS last_own,
           0 AS ungraded, 0 AS team_own, 0 AS restricted, 0 AS restricted_team
    FROM {key_result} k JOIN {objective} o ON o.id = k.objective_id
    WHERE o.cycle_id = %(cycle)s AND o.state IN ({counted}) AND k.state = %(active)s
      AND k.owner_id IS NOT NULL
    UNION ALL
    SELECT o.owner_member_id, NULL, 0, 0, NULL, 0, 1,
           (SELECT MAX(k.last_check_in_at) FROM {key_result} k
            WHERE k.objective_id = o.id AND k.state = %(active)s),
           CASE WHEN o.score IS NULL THEN 1 ELSE 0 END, 0,
           CASE WHEN o.visibility = %(public)s THEN 0 ELSE 1 END, 0
    FROM {objective} o
    WHERE o.cycle_id = %(cycle)s AND o.state IN ({counted}) AND o.owner_member_id IS NOT NULL
    UNION ALL
    SELECT tm.membership_id, NULL, 0, 0, NULL, 0, 0,
           (SELECT MAX(k.last_check_in_at) FROM {key_result} k
            WHERE k.objective_id = o.id AND k.state = %(active)s),
           CASE WHEN o.score IS NULL THEN 1 ELSE 0 END, 1, 0,
           CASE WHEN o.visibility = %(public)s THEN 0 ELSE 1 END
    FROM {objective} o JOIN {team_member} tm ON tm.team_id = o.owner_team_id
    WHERE o.cycle_id = %(cycle)s AND o.state IN ({counted}) AND tm.is_lead = %(true)s
) p
GROUP BY p.membership_id
"""


# The objectives a person's figures count (okrs.selectors.FIGURE_STATES), as parameters.
_COUNTED_STATES = {f"state{i}": s for i, s in enumerate(okr_selectors.FIGURE_STATES)}


def _write_freshness(cycle: Cycle, now: dt.datetime) -> None:
    TeamMemberFreshness.objects.filter(cycle=cycle).delete()
    PersonFreshness.objects.filter(cycle=cycle).delete()
    names = {
        "freshness": PersonFreshness._meta.db_table,
        "key_result": KeyResult._meta.db_table,
        "objective": Objective._meta.db_table,
        "team_member": TeamMember._meta.db_table,
    }
    sql = _FRESHNESS_SQL.format(
        counted=", ".join(f"%({name})s" for name in _COUNTED_STATES),
        **{k: connection.ops.quote_name(v) for k, v in names.items()},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "organization": cycle.organization_id,
                "cycle": cycle.pk,
                "now": now,
                "public": Objective.Visibility.PUBLIC,
                **_COUNTED_STATES,
                "active": KeyResult.State.ACTIVE,
                "true": True,
            },
        )
        cursor.execute(_member_rows(_THEIR_TEAMS, "f.cycle_id = %s"), [cycle.pk])


# TeamMemberFreshness: PersonFreshness's "not updated" figures under each team of the person.
_MEMBER_COLUMNS = [
    "last_public_check_in_at", "public_key_results", "last_check_in_at", "key_results",
    "foreign_key_results",
]  # fmt: skip
# The people's own memberships' teams, or (a trigger's) the one membership's.
_THEIR_TEAMS = ("tm.team_id", " JOIN orgs_teammember tm ON tm.membership_id = f.membership_id")
_NEW_TEAM = ("NEW.team_id", "")


def _member_rows(team: tuple[str, str], where: str) -> str:
    column, join = team
    return (
        "INSERT INTO insights_teammemberfreshness (cycle_id, team_id, membership_id, "  # noqa: S608
        f"{', '.join(_MEMBER_COLUMNS)}) SELECT f.cycle_id, {column}, f.membership_id, "
        f"{', '.join('f.' + c for c in _MEMBER_COLUMNS)} FROM insights_personfreshness f{join}"
        f" WHERE {where}"
    )


MEMBER_TRIGGERS = [f"insights_teammember_freshness_{op}" for op in ("insert", "delete", "update")]


def install_member_triggers(connection) -> None:
    """The triggers that keep TeamMemberFreshness to the team memberships on every write
    (people import, directory sync, the team forms, the API, departures), then its rows
    rewritten from PersonFreshness (also the repair after a load that bypassed them)."""
    drop_member_triggers(connection)
    insert = _member_rows(_NEW_TEAM, "f.membership_id = NEW.membership_id")
    delete = (
        "DELETE FROM insights_teammemberfreshness"
        " WHERE team_id = OLD.team_id AND membership_id = OLD.membership_id"
    )
    if connection.vendor == "postgresql":
        statements = [
            "CREATE OR REPLACE FUNCTION insights_teammember_freshness() RETURNS trigger AS $$"
            f" BEGIN IF TG_OP <> 'INSERT' THEN {delete}; END IF;"
            f" IF TG_OP <> 'DELETE' THEN {insert}; END IF; RETURN NULL; END"
            " $$ LANGUAGE plpgsql",
            *(
                f"CREATE TRIGGER {name} AFTER {op} ON orgs_teammember FOR EACH ROW"
                " EXECUTE FUNCTION insights_teammember_freshness()"
                for name, op in zip(
                    MEMBER_TRIGGERS,
                    ("INSERT", "DELETE", "UPDATE OF team_id, membership_id"),
                    strict=True,
                )
            ),
        ]
    else:
        statements = [
            f"CREATE TRIGGER {MEMBER_TRIGGERS[0]} AFTER INSERT ON orgs_teammember"
            f" BEGIN {insert}; END",
            f"CREATE TRIGGER {MEMBER_TRIGGERS[1]} AFTER DELETE ON orgs_teammember"
            f" BEGIN {delete}; END",
            f"CREATE TRIGGER {MEMBER_TRIGGERS[2]} AFTER UPDATE OF team_id, membership_id"
            f" ON orgs_teammember BEGIN {delete}; {insert}; END",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("DELETE FROM insights_teammemberfreshness")
        cursor.execute(_member_rows(_THEIR_TEAMS, "1 = 1"))


def drop_member_triggers(connection) -> None:
    on = " ON orgs_teammember" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for name in MEMBER_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS insights_teammember_freshness()")


# TeamAdoption.days of a check-in longer ago than any filter may ask.
ADOPTION_LONGER = adoption.MAX_DAYS + 1


def _write_adoption(cycle: Cycle, now: dt.datetime) -> None:
    """The adoption counts (insights.models.TeamAdoption) from the freshness rows just
    written, as adoption.people() reads them for an admin: the organization's active members,
    each non-archived team's direct ones, and each team's with its sub-teams' (adoption's
    scope for a lead), each person counted once per row. Worked out here, once an hour, in one
    pass over the members (three reads), so that no page does it."""
    figures = {
        pk: (objectives > 0, last, ungraded > 0)
        for pk, objectives, last, ungraded in PersonFreshness.objects.filter(cycle=cycle)
        .annotate(all_objectives=F("objectives") + F("team_objectives"))
        .values_list("membership_id", "all_objectives", "last_own_check_in_at", "ungraded")
    }
    members = Membership.objects.filter(organization_id=cycle.organization_id, is_active=True)
    teams_of: dict[int, list[int]] = {}
    for membership_id, team_id in TeamMember.objects.filter(
        membership__in=members, team__is_archived=False
    ).values_list("membership_id", "team_id"):
        teams_of.setdefault(membership_id, []).append(team_id)
    above: dict[int, list[int]] = {}
    for team_id, ancestor_id in TeamAncestry.objects.filter(
        team__organization_id=cycle.organization_id
    ).values_list("team_id", "ancestor_id"):
        above.setdefault(team_id, []).append(ancestor_id)
    counts: dict[tuple, list[int]] = {}

    def add(kind, team_id, days, has_okrs, ungraded):
        row = counts.setdefault((kind, team_id, days), [0, 0, 0])
        row[0] += 1
        row[1] += has_okrs
        row[2] += ungraded

    for pk in members.values_list("pk", flat=True):
        has_okrs, last, ungraded = figures.get(pk, (False, None, False))
        days = None
        if has_okrs and last is not None:
            # Whole days rounded up: "last < written_at - N days" exactly when days > N.
            days = min(max(-((last - now) // dt.timedelta(days=1)), 0), ADOPTION_LONGER)
        person = (days, has_okrs, ungraded)
        add(TeamAdoption.Kind.ORGANIZATION, None, *person)
        teams = teams_of.get(pk, ())
        for team_id in teams:
            add(TeamAdoption.Kind.TEAM, team_id, *person)
        for ancestor_id in {a for team_id in teams for a in above.get(team_id, ())}:
            add(TeamAdoption.Kind.SUBTREE, ancestor_id, *person)
    TeamAdoption.objects.filter(cycle=cycle).delete()
    TeamAdoption.objects.bulk_create(
        (
            TeamAdoption(
                cycle=cycle, kind=kind, team_id=team_id, days=days, people=people,
                with_okrs=with_okrs, ungraded=ungraded, written_at=now,
            )
            for (kind, team_id, days), (people, with_okrs, ungraded) in counts.items()
        ),
        batch_size=2000,
    )  # fmt: skip


def series(cycle: Cycle, team_id: int | None) -> list[TeamSnapshot]:
    """A team's (or, with None, the organization's) snapshots of the cycle, by day: one
    indexed read of at most one row per day."""
    return list(TeamSnapshot.objects.filter(cycle=cycle, team_id=team_id).order_by("day"))


def confidence_on(cycle: Cycle, team_id: int | None, day: dt.date) -> Decimal | None:
    """A team's (None: the organization's) confidence on `day` as its snapshot kept it (None
    without one): one indexed read."""
    row = TeamSnapshot.objects.filter(cycle=cycle, team_id=team_id, day=day)
    return row.values_list("confidence", flat=True).first()


def team_series(cycle: Cycle, team_ids: list[int]) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """{team id: [(day, progress)]} of the cycle's snapshots of several teams, by day: one read
    off the (cycle, team, day) index."""
    lines: dict[int, list[tuple[dt.date, Decimal]]] = {pk: [] for pk in team_ids}
    rows = TeamSnapshot.objects.filter(cycle=cycle, team_id__in=team_ids).order_by("team_id", "day")
    for team_id, day, progress in rows.values_list("team_id", "day", "progress"):
        lines[team_id].append((day, progress))
    return lines


Point = tuple[dt.date, Decimal | None, Decimal | None]


def visible_team_series(cycle: Cycle, team_ids: list[int | None], hidden) -> dict:
    """{team id (None: the organization): [(day, average progress, average confidence)]}: each
    team's rows of the cycle less the rows of the objectives in `hidden` (the reader's
    selectors.hidden_ids, a list or a queryset) that the team's row counted that day (filed under
    it or below, live): the line over the objectives the reader may see. Two reads whatever
    the size of the team (the team rows, then the hidden objectives' rows grouped by team
    and day); the cost grows with the hidden objectives, not with the visible ones.

    Rows written before their sums were kept (progress_total None) stand for progress ×
    objectives and their confidence for every objective's."""
    lines: dict[int | None, list[Point]] = {pk: [] for pk in team_ids}
    teams = [pk for pk in team_ids if pk is not None]
    which = Q(team_id__in=teams) | (Q(team__isnull=True) if None in lines else Q(pk__in=[]))
    rows = TeamSnapshot.objects.filter(which, cycle=cycle).order_by("team_id", "day")
    taken_off = _hidden_sums(cycle, teams, None in lines, hidden)
    for row in rows:
        p, n, c, cn = taken_off.get((row.team_id, row.day), (0, 0, 0, 0))
        total = row.progress_total
        if total is None:
            total = row.progress * row.objectives
        given, given_n = row.confidence_total, row.confidence_n
        if given_n is None:
            given_n = row.objectives if row.confidence is not None else 0
            given = (row.confidence or 0) * given_n
        lines[row.team_id].append(
            (
                row.day,
                rules.mean_point(total - p, row.objectives - n) if row.objectives > n else None,
                rules.mean_point(given - c, given_n - cn) if given_n > cn else None,
            )
        )
    return lines


def _hidden_sums(cycle: Cycle, teams: list[int], organization: bool, hidden) -> dict:
    """{(team id or None, day): (progress sum, objectives, confidence sum, confidences)} of
    the counted rows of `hidden` objectives, by each of `teams` at or above the row's team
    (orgs.TeamAncestry), and with `organization` every row under None: one read each."""
    found: dict = {}
    # selectors.hidden_ids: a short list read once, or the hidden objectives' queryset.
    hidden_pks = hidden if isinstance(hidden, list) else hidden.values("pk")

    def sums(prefix: str) -> dict:
        return {
            "p": Sum(f"{prefix}progress"), "n": Count(f"{prefix}id"),
            "c": Sum(f"{prefix}confidence"), "cn": Count(f"{prefix}confidence"),
        }  # fmt: skip

    if teams:
        path = "team__objective_snapshots__"
        # One filter() call: the row counted, hidden and of the cycle is one join.
        rows = (
            TeamAncestry.objects.filter(
                ancestor_id__in=teams,
                **{
                    f"{path}cycle": cycle,
                    f"{path}counted": True,
                    f"{path}objective__in": hidden_pks,
                },
            )
            .values("ancestor_id", f"{path}day")
            .annotate(**sums(path))
        )
        for row in rows:
            _add(found, (row["ancestor_id"], row[f"{path}day"]), row)
    if organization:
        rows = ObjectiveSnapshot.objects.filter(cycle=cycle, counted=True, objective__in=hidden_pks)
        for row in rows.values("day").annotate(**sums("")):
            _add(found, (None, row["day"]), row)
    return found


def _add(found: dict, key, row) -> None:
    p, n, c, cn = found.get(key, (0, 0, 0, 0))
    found[key] = (p + (row["p"] or 0), n + row["n"], c + (row["c"] or 0), cn + row["cn"])


def missing_days(cycle: Cycle, today: dt.date) -> list[dt.date]:
    """The cycle's past days (before `today`) with no organization row: days the worker did
    not run (the cycle began before it, or it was stopped). One indexed read."""
    last = min(today - dt.timedelta(days=1), cycle.end_date)
    have = set(
        TeamSnapshot.objects.filter(
            cycle=cycle, team__isnull=True, day__gte=cycle.start_date, day__lte=last
        ).values_list("day", flat=True)
    )
    days = (
        cycle.start_date + dt.timedelta(days=i) for i in range((last - cycle.start_date).days + 1)
    )
    return [day for day in days if day not in have]


def backfill(cycle: Cycle, days: list[dt.date]) -> int:
    """Rows for past `days` from the value history, so that the progress line shows the cycle
    and not a jump on the day the worker first ran. One pass over the check-ins in time order
    (streamed) keeps each key result's value as of the end of each day; a day's figures are
    then the live rule itself over the alignment tree held in memory (okrs.rollup.roll_up,
    as okrs.services.progress.recompute_organization computes today's): a key result fed by
    the objectives aligned to it, an objective that takes its progress from the objectives
    aligned to it or to its key results, or a mix, count on past days exactly as today
    (issue 12: no jump on today's point). The tree holds the cycle's objectives and every
    objective counted in them, whatever its cycle. The cost is the check-ins plus
    (teams + objectives) × days: one objective row per objective and day is what the
    per-objective snapshot holds.

    A backfilled team row holds what the worker's does (objectives, average progress,
    expected, status counts, check-ins, people who checked in, the mean of its objectives'
    confidences) but no `written_at`. An objective row holds its progress and status on that
    day, the mean of its key results' latest confidences given by then, and no score (scores
    come at grading, after the day). Returns how many rows were written."""
    if not days:
        return 0
    zone = ZoneInfo(cycle.organization.time_zone)
    tree = _Tree(cycle)
    in_cycle = tree.in_cycle  # {objective: (team, counted)}
    above: dict[int | None, list[int | None]] = {None: [None]}
    for team_id, ancestor_id in TeamAncestry.objects.filter(
        team_id__in={t for t, _c in in_cycle.values() if t is not None}
    ).values_list("team_id", "ancestor_id"):
        above.setdefault(team_id, [None]).append(ancestor_id)
    counted = [pk for pk, (_t, c) in in_cycle.items() if c]
    wanted = set(days)
    rows: list[TeamSnapshot] = []
    objective_rows: list[ObjectiveSnapshot] = []
    check_ins: dict[int | None, int] = {}
    people: dict[int | None, set] = {}

    def day_start(day):
        return dt.datetime.combine(day, dt.time.min, tzinfo=zone)

    def close(day):
        if day in wanted:
            numbers, _krs = okr_rollup.roll_up(
                tree.objectives.values(),
                tree.key_results.values(),
                weights_enabled=tree.weights_enabled,
                today=day,
            )
            confidences = {pk: tree.confidence(pk) for pk in in_cycle}
            teams: dict[int | None, dict] = {}
            for pk in counted:
                progress, status = numbers[pk]
                for team in above.get(in_cycle[pk][0], [None]):
                    figures = teams.setdefault(
                        team,
                        {"n": 0, "total": Decimal(0), "c": [], **dict.fromkeys(Status.values, 0)},
                    )
                    figures["n"] += 1
                    figures["total"] += progress.quantize(_Q4)
                    figures[status] += 1
                    if confidences[pk] is not None:
                        figures["c"].append(confidences[pk])
            teams.setdefault(
                None, {"n": 0, "total": Decimal(0), "c": [], **dict.fromkeys(Status.values, 0)}
            )
            expected = okr_rules.expected_progress(cycle.start_date, cycle.end_date, day)
            rows.extend(
                TeamSnapshot(
                    organization_id=cycle.organization_id, cycle=cycle, team_id=team, day=day,
                    objectives=f["n"],
                    progress=rules.mean_point(f["total"], f["n"]) or Decimal(0).quantize(_Q4),
                    expected=expected.quantize(_Q4), check_ins=check_ins.get(team, 0),
                    people_updated=len(people.get(team, ())),
                    confidence=rules.mean_point(f["c"]), progress_total=f["total"],
                    confidence_total=sum(f["c"], Decimal(0)), confidence_n=len(f["c"]),
                    **{status: f[status] for status in Status.values},
                )
                for team, f in teams.items()
            )  # fmt: skip
            objective_rows.extend(
                ObjectiveSnapshot(
                    organization_id=cycle.organization_id, cycle=cycle, objective_id=pk, day=day,
                    progress=numbers[pk][0].quantize(_Q4), status=numbers[pk][1],
                    confidence=confidences[pk], team_id=team, counted=is_counted,
                )
                for pk, (team, is_counted) in in_cycle.items()
            )  # fmt: skip
        check_ins.clear()
        people.clear()

    day, last = cycle.start_date, max(days)
    history = (
        CheckIn.objects.filter(
            key_result_id__in=list(tree.key_results), created_at__lt=day_start(last + _DAY)
        )
        .order_by("created_at", "id")
        .values_list("key_result_id", "progress", "confidence", "created_at", "author_id")
    )
    for kr_id, progress, confidence, at, author in history.iterator(chunk_size=5000):
        while day <= last and at >= day_start(day + _DAY):
            close(day)
            day += _DAY
        kr = tree.key_results[kr_id]
        kr.progress, kr.checked = progress, True
        if confidence is not None:
            tree.confidences[kr_id] = Decimal(confidence)
        owner = in_cycle.get(kr.objective_id)
        if owner is not None and owner[1] and at >= day_start(day):
            for team in above.get(owner[0], [None]):
                check_ins[team] = check_ins.get(team, 0) + 1
                if author is not None:
                    people.setdefault(team, set()).add(author)
    while day <= last:
        close(day)
        day += _DAY
    with transaction.atomic():
        TeamSnapshot.objects.filter(cycle=cycle, day__in=days).delete()
        TeamSnapshot.objects.bulk_create(rows, batch_size=1000)
        ObjectiveSnapshot.objects.filter(cycle=cycle, day__in=days).delete()
        ObjectiveSnapshot.objects.bulk_create(objective_rows, batch_size=5000)
    return len(rows) + len(objective_rows)


_DAY = dt.timedelta(days=1)


class _Tree:
    """The alignment tree a cycle's figures need, as okrs.rollup takes it: the cycle's
    objectives that are not archived (`in_cycle`: their team and whether the team rows count
    them) and, level by level, every objective counted in one of them (aligned to it or to
    one of its key results, in a state that counts), whatever its cycle; their active key
    results, each at its value before any check-in (its start) until the replay moves it."""

    def __init__(self, cycle: Cycle):
        self.weights_enabled = cycle.organization.weights_enabled
        self.zone = ZoneInfo(cycle.organization.time_zone)
        fields = (
            "id", "progress_source", "aligned_share", "weight", "state", "parent_objective_id",
            "parent_key_result_id", "cycle__start_date", "cycle__end_date", "progress", "status",
            "team_id",
        )  # fmt: skip
        self.objectives: dict[int, okr_rollup.ObjectiveNode] = {}
        self.key_results: dict[int, okr_rollup.KeyResultNode] = {}
        self.confidences: dict[int, Decimal] = {}
        self.in_cycle: dict[int, tuple[int | None, bool]] = {}
        self.krs_of: dict[int, list[int]] = {}
        live = okr_selectors.FIGURE_STATES
        found = Objective.objects.filter(cycle=cycle).exclude(state=Objective.State.ARCHIVED)
        first = True
        while True:
            level = []
            for row in found.exclude(pk__in=list(self.objectives)).values_list(*fields):
                pk, source, share, weight, state, parent, parent_kr, start, end, p, st, team = row
                self.objectives[pk] = okr_rollup.ObjectiveNode(
                    pk=pk, source=source, share=Decimal(share) / 100, weight=weight, state=state,
                    parent_objective_id=parent, parent_key_result_id=parent_kr,
                    cycle_start=start, cycle_end=end, progress=p, status=st,
                )  # fmt: skip
                if first:
                    self.in_cycle[pk] = (team, state in live)
                level.append(pk)
            if not level:
                return
            kr_ids = []
            for kr in KeyResult.objects.filter(
                objective_id__in=level, state=KeyResult.State.ACTIVE
            ).order_by("objective_id", "position", "pk"):
                self.key_results[kr.pk] = okr_rollup.KeyResultNode(
                    pk=kr.pk, objective_id=kr.objective_id, source=kr.progress_source,
                    weight=kr.weight, due=kr.due_date,
                    created=kr.created_at.astimezone(self.zone).date(),
                    done_or_not=kr.metric_type in okr_rules.DONE_OR_NOT_TYPES,
                    progress=okr_rules.kr_progress(
                        metric_type=kr.metric_type, direction=kr.direction,
                        start=kr.start_value, target=kr.target_value, current=None,
                    ),
                )  # fmt: skip
                kr_ids.append(kr.pk)
                self.krs_of.setdefault(kr.objective_id, []).append(kr.pk)
            found = Objective.objects.filter(
                Q(parent_objective_id__in=level) | Q(parent_key_result_id__in=kr_ids),
                state__in=okr_rollup.COUNTED_CHILD_STATES,
            )
            first = False

    def confidence(self, objective_id: int) -> Decimal | None:
        """The mean of the objective's active key results' latest confidences so far."""
        return rules.mean_point(
            [
                self.confidences[kr]
                for kr in self.krs_of.get(objective_id, ())
                if kr in self.confidences
            ]
        )
