"""The pace-status refresh of a whole cycle, set-based (the worker runs it every 6 hours).

Pace status moves with the calendar, progress does not: progress changes only on writes (a
check-in, an edit, an aligned child's change), which recompute it at once. So the refresh only
re-derives statuses, in a few statements per cycle whatever its size:

1. the distinct due dates of the cycle's key results (in practice a handful);
2. one UPDATE of the key results whose status changes, with the thresholds of DESIGN.md §4
   (okrs.rules.pace_status) worked out in Python for each due date and compared in SQL;
3. one UPDATE of the objectives whose worst active key-result status changes.

tests/okrs/test_pace.py holds the result equal to okrs.rules for every key result.
"""

from datetime import date

from django.db import transaction
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from mubiao.okrs import rules
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status

# Due dates compared in one statement (a CASE branch each); more make several statements.
DUE_DATES_PER_STATEMENT = 200


def refresh_cycle_statuses(cycle: Cycle, today: date) -> int:
    """Re-derive the pace status of every active key result and objective of the cycle
    (archived objectives keep theirs). Returns how many objectives changed status."""
    with transaction.atomic():
        key_results = KeyResult.objects.filter(
            objective__cycle=cycle, state=KeyResult.State.ACTIVE
        ).exclude(objective__state=Objective.State.ARCHIVED)
        due_dates = sorted(
            set(key_results.order_by().values_list("due_date", flat=True).distinct()),
            key=lambda d: (d is not None, d),
        )
        for start in range(0, len(due_dates), DUE_DATES_PER_STATEMENT):
            chunk = due_dates[start : start + DUE_DATES_PER_STATEMENT]
            status = _status_case(cycle, chunk, today)
            due = Q(due_date__isnull=True) if None in chunk else Q(pk__in=[])
            due |= Q(due_date__in=[d for d in chunk if d is not None])
            key_results.filter(due).exclude(status=status).update(status=status)
        worst = Coalesce(
            Subquery(
                KeyResult.objects.filter(objective=OuterRef("pk"), state=KeyResult.State.ACTIVE)
                .annotate(severity=_severity())
                .order_by("-severity")
                .values("status")[:1]
            ),
            Value(Status.NOT_STARTED),
        )
        return (
            Objective.objects.filter(cycle=cycle)
            .exclude(state=Objective.State.ARCHIVED)
            .exclude(status=worst)
            .update(status=worst)
        )


def _status_case(cycle: Cycle, due_dates, today: date) -> Case:
    """rules.pace_status as SQL for key results due on these dates (None: the cycle's end)."""
    branches = [When(progress__gte=rules.ONE, then=Value(Status.DONE))]
    for due in due_dates:
        on = Q(due_date__isnull=True) if due is None else Q(due_date=due)
        end = due or cycle.end_date
        expected = rules.expected_progress(cycle.start_date, end, today)
        if rules.elapsed_fraction(cycle.start_date, end, today) < rules.NOT_STARTED_WINDOW:
            branches.append(
                When(on & Q(last_check_in_at__isnull=True), then=Value(Status.NOT_STARTED))
            )
        branches += [
            When(
                on & Q(progress__gte=expected - rules.ON_TRACK_SLACK), then=Value(Status.ON_TRACK)
            ),
            When(on & Q(progress__gte=expected - rules.AT_RISK_SLACK), then=Value(Status.AT_RISK)),
        ]
    return Case(*branches, default=Value(Status.OFF_TRACK))


def _severity() -> Case:
    return Case(
        *(When(status=status, then=Value(rank)) for status, rank in rules.SEVERITY.items()),
        output_field=IntegerField(),
    )
