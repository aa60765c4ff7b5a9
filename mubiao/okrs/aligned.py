"""Kept counts of the objectives aligned to each objective (the alignment tree's "has children").

`Objective.aligned_count` counts the objectives that are not archived and are aligned to the
objective or to one of its key results; `Objective.aligned_public_count` the public ones among
them. The okrs services keep them: every write that changes an objective's alignment,
visibility or state (align, update with its archive and restore, and create, copy, import and
the demo through them) recounts the old and the new parent in one set-based UPDATE. No signal
does it: a post_init receiver remembering each row's parent cost every Objective ever read,
and a post_delete receiver one UPDATE per deleted row. So code that writes rows another way
keeps the counts itself: after bulk_create or COPY, `recount_parents_of(rows)` or
`recount(queryset)`; deletes go through `delete_objectives` and `delete_key_results` (one
recount for the whole set). Closing or reopening a cycle (ACTIVE ⇄ CLOSED) changes no count.

Readers (okrs.selectors.with_children_flag) answer "does this reader see an aligned objective?"
from the counts for everyone who sees every objective (admins) and whenever a public child
exists or no child exists; only an objective whose children are all team or private asks the
database about the reader's visibility, for that row alone.
"""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

# What an objective's saved row says about its parent's counts.
TRACKED = ("parent_objective_id", "parent_key_result_id", "state", "visibility")


def _counts():
    """aligned_count and aligned_public_count of the outer objective row, as expressions: two
    correlated counts, each read off an index (children by parent objective; key results by
    objective, then children by parent key result)."""
    from mubiao.okrs.models import Objective

    live = Objective.objects.exclude(state=Objective.State.ARCHIVED).order_by()
    direct = live.filter(parent_objective=OuterRef("pk"))
    through = live.filter(parent_key_result__objective=OuterRef("pk"))

    def count(qs, group):
        return Coalesce(
            Subquery(qs.values(group).annotate(n=Count("id")).values("n")[:1]), Value(0)
        )

    public = Objective.Visibility.PUBLIC
    return {
        "aligned_count": count(direct, "parent_objective")
        + count(through, "parent_key_result__objective"),
        "aligned_public_count": count(direct.filter(visibility=public), "parent_objective")
        + count(through.filter(visibility=public), "parent_key_result__objective"),
    }


def recount(objectives: QuerySet | Iterable[int]) -> int:
    """Set the kept counts of these objectives (a queryset of them, or ids) from their children,
    in one UPDATE; returns how many rows it touched."""
    from mubiao.okrs.models import Objective

    if not isinstance(objectives, QuerySet):
        ids = {pk for pk in objectives if pk is not None}
        if not ids:
            return 0
        objectives = Objective.objects.filter(pk__in=ids)
    return objectives.order_by().update(**_counts())


def recount_parents(objective_ids: Iterable[int], key_result_ids: Iterable[int]) -> int:
    """Recount the given objectives and the objectives owning the given key results."""
    from mubiao.okrs.models import KeyResult, Objective

    objective_ids = {pk for pk in objective_ids if pk is not None}
    key_result_ids = {pk for pk in key_result_ids if pk is not None}
    if not key_result_ids:
        return recount(objective_ids)
    # The key results' objectives by a subquery: the UPDATE stays one statement.
    owners = KeyResult.objects.filter(pk__in=key_result_ids).values("objective_id")
    return recount(Objective.objects.filter(Q(pk__in=objective_ids) | Q(pk__in=owners)))


def recount_parents_of(objectives: Iterable) -> int:
    """Recount the parents of objectives written without the services (bulk_create)."""
    objectives = list(objectives)
    return recount_parents(
        (o.parent_objective_id for o in objectives),
        (o.parent_key_result_id for o in objectives),
    )


def delete_objectives(objectives: QuerySet) -> int:
    """Delete these objectives (their key results with them) and recount the objectives that
    stay and lost an aligned child, in one UPDATE whatever the number of rows; returns how
    many objectives were deleted. A child of a deleted objective or key result loses its
    parent (SET_NULL) and counts nowhere: nothing to recount for it."""
    from mubiao.okrs.models import Objective

    parents = set(
        objectives.order_by().values_list("parent_objective_id", "parent_key_result_id").distinct()
    )
    deleted = objectives.delete()[1].get(Objective._meta.label, 0)
    # The deleted parents are no longer there to update, nor are deleted key results' owners.
    recount_parents((o for o, _kr in parents), (kr for _o, kr in parents))
    return deleted


def delete_key_results(key_results: QuerySet) -> int:
    """Delete these key results and recount the objectives they belonged to (their aligned
    children lose their parent: SET_NULL) in one UPDATE; returns how many were deleted."""
    from mubiao.okrs.models import KeyResult

    owners = set(key_results.order_by().values_list("objective_id", flat=True).distinct())
    deleted = key_results.delete()[1].get(KeyResult._meta.label, 0)
    recount(owners)
    return deleted
