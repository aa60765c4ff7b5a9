"""Calibration (issue 12 §7): for a person, each past cycle's confidence against the final
scores ("your confidence 7/10 ended at 0.45 on average").

A key result's confidence is the last one given in a check-in up to the cycle's end (or, when
none was given by then, the last one given since); its score is the grade it got. Only the
person and their direct manager see it (issue 12: "that person and their manager"; not
skip-level managers, admins or leads of the teams above: it is the person's own learning, a
conversation between the two), so `may_see` is the one check the page and the API make. One
grouped query, whatever the number of cycles and key results.
"""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from mubiao.okrs import rules as okr_rules
from mubiao.okrs.models import CheckIn, Cycle, KeyResult
from mubiao.orgs.models import Membership


def may_see(actor: Membership, person: Membership) -> bool:
    return actor.pk in (person.pk, person.manager_id)


def readable_among(actor: Membership, ids: list[int]) -> set[int]:
    """Which of these people's calibration the actor may open (may_see), in one query: a page
    of people links each one it may."""
    reports = Membership.objects.filter(pk__in=ids, manager_id=actor.pk)
    return set(reports.values_list("pk", flat=True)) | ({actor.pk} & set(ids))


def table(person: Membership) -> list[dict]:
    """Per graded cycle (newest first) and last confidence given (None: never given): how many
    graded key results of the person's objectives, and their average score."""
    given = CheckIn.objects.filter(key_result=OuterRef("pk"), confidence__isnull=False).order_by(
        "-created_at", "-id"
    )
    # The last confidence given by the cycle's end; else the last given at all (check-ins
    # written after the end, while grading, still say what the person believed).
    last_confidence = Coalesce(
        Subquery(
            given.filter(created_at__date__lte=OuterRef("objective__cycle__end_date")).values(
                "confidence"
            )[:1]
        ),
        Subquery(given.values("confidence")[:1]),
    )
    rows = (
        KeyResult.objects.filter(
            organization_id=person.organization_id,
            objective__owner_member=person,
            objective__cycle__state__in=(Cycle.State.GRADING, Cycle.State.CLOSED),
            state=KeyResult.State.ACTIVE,
            score__isnull=False,
        )
        .annotate(last_confidence=last_confidence)
        .values(
            "objective__cycle_id",
            "objective__cycle__name",
            "objective__cycle__start_date",
            "objective__cycle__end_date",
            "objective__cycle__kind",
            "last_confidence",
        )
        .annotate(key_results=Count("pk"), total=Sum("score"), graded=Count("score"))
        .order_by("-objective__cycle__start_date", "objective__cycle_id", "last_confidence")
    )
    cycles: dict[int, dict] = {}
    for row in rows:
        if row["objective__cycle_id"] not in cycles:
            # The page names it in the reader's language (Cycle.shown_name; issue 12, probe
            # 12: it read the name from a key the row did not have and named no cycle).
            named = Cycle(
                name=row["objective__cycle__name"], kind=row["objective__cycle__kind"],
                start_date=row["objective__cycle__start_date"],
                end_date=row["objective__cycle__end_date"],
            )  # fmt: skip
            cycles[row["objective__cycle_id"]] = {
                "name": named.name, "shown_name": named.shown_name, "rows": []
            }  # fmt: skip
        cycle = cycles[row["objective__cycle_id"]]
        cycle["rows"].append(
            {
                "confidence": row["last_confidence"],
                "key_results": row["key_results"],
                "average": okr_rules.score_mean(row["total"], row["graded"]),
            }
        )
    return list(cycles.values())
