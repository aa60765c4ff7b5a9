"""A parent is published, live and of the child's cycle (okrs.rules.parent_refusal): the
refusals of the routes that would align to (or keep aligned under) a draft or archived
objective, an archived key result or a parent of another cycle, or make a parent one of those
while objectives are aligned to it.

Each refusal names the parent to whoever made the request when they see it (an alignment's
parent passed permissions.visible_or_absent; a state change is asked by its editor), and the
children only as far as that person may see them: the rest are counted, never named. A parent
the person may not see is never described: it answers as a missing one, or, kept under an
objective of theirs, as "an objective you cannot see"."""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.okrs import rules
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.selectors import cycles_nested
from mubiao.okrs.wording import sentences
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership

# Children named in a refusal at most; the others are counted.
NAMED_CHILDREN = 5


def refusal(cycle: Cycle, parent: Objective, key_result: KeyResult | None) -> str | None:
    """The message for why an objective of `cycle` may not be aligned to `parent` (or to its
    `key_result`), naming them; None when it may. `key_result.state` is read from the row:
    a key result is written only under its objective's lock, which the caller holds."""
    kr_state = None
    if key_result is not None:
        kr_state = KeyResult.objects.filter(pk=key_result.pk).values_list("state", flat=True)
        kr_state = kr_state.first() or KeyResult.State.ARCHIVED
    reason = rules.parent_refusal(parent.state, kr_state, cycles_nested(cycle, parent.cycle))
    if reason == "archived":
        message = _(
            "“%(parent)s” is archived: objectives are aligned only to published ones. "
            "Restore it first, or choose another parent."
        )
    elif reason == "draft":
        message = _(
            "“%(parent)s” is a draft: objectives are aligned only to published ones. "
            "Publish it first, or choose another parent."
        )
    elif reason == "key_result_archived":
        message = _(
            "The key result “%(parent)s” is archived: objectives are aligned only to active "
            "key results. Restore it first, or choose another parent."
        )
    elif reason == "other_cycle":
        message = _(
            "“%(parent)s” is in %(cycle)s: an objective is aligned only to one of its own "
            "cycle (%(own)s), of a cycle containing it or of one it contains. Choose another "
            "parent."
        )
    else:
        return None
    # The objective's state is told of the objective; the rest of what was chosen.
    named = key_result if key_result is not None and reason not in ("archived", "draft") else parent
    return message % {
        "parent": named.title,
        "cycle": parent.cycle.shown_name,
        "own": cycle.shown_name,
    }


def check_parent(
    actor: Membership,
    cycle: Cycle,
    parent: Objective,
    key_result: KeyResult | None = None,
    field: str = "parent",
) -> None:
    """Refuse aligning (or keeping aligned) an objective of `cycle` to `parent` (the objective
    aligned to, or the one whose `key_result` is; the row as locked) unless
    rules.parent_refusal allows it. The parent is named only to someone who may see it: a
    kept one (carried forward, restored, moved) may be hidden from the actor."""
    message = refusal(cycle, parent, key_result)
    if message is None:
        return
    if not permissions.can_see_objective(actor, parent):
        message = _(
            "It is aligned to an objective you cannot see, which it cannot stay aligned to: "
            "align it elsewhere or unalign it first."
        )
    raise ValidationError({field: message})


def check_kept_parent(actor: Membership, objective: Objective, field: str) -> None:
    """An objective restored from the archive, or moved to another cycle, keeps its parent
    only where it could be aligned to it now: else refused (at `field`) as the alignment
    would be."""
    kr = objective.parent_key_result
    parent = kr.objective if kr is not None else objective.parent_objective
    if parent is not None and objective.state != Objective.State.ARCHIVED:
        check_parent(actor, objective.cycle, parent, kr, field)


def _refuse_children(
    actor: Membership, parent, children: QuerySet, count: int, then: str, field: str = "state"
):
    """Refuse a change of `parent` (an objective or a key result) while `count` live
    objectives, `children`, are aligned to it: the message says how many, names those `actor`
    may see and counts the others; `then` says what to do first."""
    if count == 0:
        return
    message = ngettext(
        "%(count)s objective is aligned to “%(parent)s”: %(children)s.",
        "%(count)s objectives are aligned to “%(parent)s”: %(children)s.",
        count,
    ) % {"count": count, "parent": parent.title, "children": _named(actor, children, count)}
    raise ValidationError({field: sentences([message, then])})


def _named(actor: Membership, children: QuerySet, count: int) -> str:
    """`count` objectives, `children`: the first NAMED_CHILDREN of those `actor` may see by
    title, the others counted (“2 more objectives”, “1 objective you cannot see”)."""
    visible = children.filter(permissions.objective_visibility_q(actor)).order_by("title", "id")
    seen = visible.count()
    names = list(visible.values_list("title", flat=True)[:NAMED_CHILDREN])
    parts = [f"“{name}”" for name in names]
    if seen > len(names):
        parts.append(
            ngettext("%(count)s more objective", "%(count)s more objectives", seen - len(names))
            % {"count": seen - len(names)}
        )
    if count > seen:
        # Counted, never named (as okrs.selectors' notices count what a person cannot see).
        parts.append(
            ngettext(
                "%(count)s objective you cannot see", "%(count)s objectives you cannot see",
                count - seen,
            ) % {"count": count - seen}
        )  # fmt: skip
    return pgettext("list separator", ", ").join(parts)


def _live_children(objective: Objective) -> QuerySet:
    return Objective.objects.filter(
        Q(parent_objective=objective) | Q(parent_key_result__objective=objective),
        organization_id=objective.organization_id,
    ).exclude(state=Objective.State.ARCHIVED)


def check_children(actor: Membership, objective: Objective, old_state: str) -> None:
    """Refuse taking a parent back to draft or archiving it while live objectives are aligned
    to it or to its key results (rules.leaves_children_unpublished). `objective` is the locked
    row with its new state; its kept `aligned_count` counts the live children."""
    count = objective.aligned_count
    if not rules.leaves_children_unpublished(old_state, objective.state, count):
        return
    if objective.state == Objective.State.ARCHIVED:
        then = _("Align them elsewhere, unalign or archive them before archiving “%(parent)s”.")
    else:
        then = _(
            "Align them elsewhere, unalign or archive them before taking “%(parent)s” back to "
            "draft."
        )
    _refuse_children(
        actor, objective, _live_children(objective), count, then % {"parent": objective.title}
    )


def check_key_result_children(actor: Membership, key_result: KeyResult) -> None:
    """Refuse archiving (or removing from the form, which archives) a key result while live
    objectives are aligned to it, as for an objective."""
    children = Objective.objects.filter(
        parent_key_result=key_result, organization_id=key_result.organization_id
    ).exclude(state=Objective.State.ARCHIVED)
    then = _("Align them elsewhere, unalign or archive them before archiving “%(parent)s”.")
    _refuse_children(
        actor, key_result, children, children.count(), then % {"parent": key_result.title}
    )


def check_moved_children(actor: Membership, objective: Objective, cycle: Cycle) -> None:
    """Refuse moving a parent to `cycle` while live objectives aligned to it (or to its key
    results) are of cycles not nested with `cycle`: they would be aligned to another cycle."""
    children = _live_children(objective)
    child_cycles = Cycle.objects.filter(pk__in=children.values("cycle_id")).select_related("parent")
    stranded = [c.pk for c in child_cycles if not cycles_nested(c, cycle)]
    if not stranded:
        return
    children = children.filter(cycle_id__in=stranded)
    then = _(
        "Align them elsewhere, unalign or archive them before moving “%(parent)s” to %(cycle)s."
    ) % {"parent": objective.title, "cycle": cycle.shown_name}
    _refuse_children(actor, objective, children, children.count(), then, "cycle")


def check_cycle_reparented(actor: Membership, cycle: Cycle) -> None:
    """Refuse giving `cycle` (saved, not committed) a new parent cycle while live objectives
    are aligned across its subtree's edge (an objective of a cycle within it to a parent
    outside, or the other way) to a cycle no longer nested with theirs (rules.parent_refusal:
    the sprint taken out of its quarter would leave its objectives aligned to the quarter's).
    One query for the objectives, whatever their number; cycles are few per organization."""
    cycles = {c.pk: c for c in Cycle.objects.filter(organization_id=cycle.organization_id)}
    for each in cycles.values():  # the tree as saved, without a query per step
        each.parent = cycles.get(each.parent_id)
    below, todo = set(), [cycle.pk]
    while todo:
        pk = todo.pop()
        if pk not in below:
            below.add(pk)
            todo += [c.pk for c in cycles.values() if c.parent_id == pk]
    across = (
        Objective.objects.filter(organization_id=cycle.organization_id)
        .exclude(state=Objective.State.ARCHIVED)
        .annotate(
            parent_cycle=Coalesce(
                "parent_objective__cycle_id", "parent_key_result__objective__cycle_id"
            )
        )
        .filter(parent_cycle__isnull=False)
        .filter(Q(cycle_id__in=below) ^ Q(parent_cycle__in=below))
    )
    pairs = set(across.values_list("cycle_id", "parent_cycle").distinct())
    stranded = [pair for pair in pairs if not cycles_nested(cycles[pair[0]], cycles[pair[1]])]
    if not stranded:
        return
    children = across.filter(
        reduce(or_, (Q(cycle_id=child, parent_cycle=parent) for child, parent in stranded))
    )
    count = children.count()
    message = ngettext(
        "%(count)s objective is aligned across %(cycle)s to a cycle that would no longer hold "
        "its own or lie within it: %(children)s.",
        "%(count)s objectives are aligned across %(cycle)s to cycles that would no longer hold "
        "their own or lie within them: %(children)s.",
        count,
    ) % {"count": count, "cycle": cycle.shown_name, "children": _named(actor, children, count)}
    then = _("Align them elsewhere or unalign them first, then change the cycle's parent cycle.")
    raise ValidationError({"parent": sentences([message, then])})
