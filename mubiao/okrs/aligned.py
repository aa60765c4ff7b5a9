"""Kept counts of the objectives aligned to each objective (the alignment tree's "has children").

`Objective.aligned_count` counts the objectives that are not archived and are aligned to the
objective or to one of its key results; `Objective.aligned_public_count` the public ones among
them. They are kept by signals (okrs.apps), like the team and manager closure tables, so that
services, imports, the demo and code that saves rows directly all keep them right: every save
of an objective that may change its alignment, visibility or state, every delete of an objective
or a key result, recounts the old and the new parent in one set-based UPDATE. QuerySet.update()
and bulk_create send no signal: code that changes alignment, visibility or state that way calls
`recount()` itself (none does today; benchmarks.scale calls it after its COPY).

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


def _seen(instance) -> tuple:
    values = instance.__dict__
    return tuple(values.get(name) for name in TRACKED)


# Signal receivers (connected in okrs.apps) ----------------------------------------------------


def objective_loaded(sender, instance, **kwargs) -> None:
    """Remember what the row said when it was read (or built), to recount its old parent."""
    instance._aligned_seen = _seen(instance)


def objective_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if update_fields is not None and not set(update_fields) & {
        "parent_objective",
        "parent_key_result",
        "state",
        "visibility",
    }:
        return
    before = getattr(instance, "_aligned_seen", (None,) * len(TRACKED))
    after = _seen(instance)
    instance._aligned_seen = after
    if not created and before == after:
        return
    recount_parents(
        [before[0], after[0]],
        [before[1], after[1]],
    )


def objective_deleted(sender, instance, **kwargs) -> None:
    seen = _seen(instance)
    recount_parents([seen[0]], [seen[1]])


def key_result_deleted(sender, instance, **kwargs) -> None:
    """Children aligned to a deleted key result lose their parent (SET_NULL, no signal)."""
    recount([instance.objective_id])
