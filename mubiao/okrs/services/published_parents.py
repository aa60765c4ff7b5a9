"""A parent is published (okrs.rules.ALIGNABLE_STATES): the refusals of the routes that would
align to a draft or archived objective, or make a parent one while objectives are aligned to it.

Each refusal names the parent to whoever made the request, who sees it (the alignment's parent
passed permissions.visible_or_absent; a state change is asked by its editor), and the children
only as far as that person may see them: the rest are counted, never named."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mubiao.okrs import rules
from mubiao.okrs.models import Objective
from mubiao.okrs.wording import sentences
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership

# Children named in a refusal at most; the others are counted.
NAMED_CHILDREN = 5


def check_parent(parent: Objective) -> None:
    """Refuse an alignment to `parent` (the objective aligned to, or the one whose key result
    is) unless it is published."""
    if rules.may_align_to(parent.state):
        return
    if parent.state == Objective.State.ARCHIVED:
        message = _(
            "“%(parent)s” is archived: objectives are aligned only to published ones. "
            "Restore it first, or choose another parent."
        )
    else:
        message = _(
            "“%(parent)s” is a draft: objectives are aligned only to published ones. "
            "Publish it first, or choose another parent."
        )
    raise ValidationError({"parent": message % {"parent": parent.title}})


def check_restored_under(actor: Membership, objective: Objective, old_state: str) -> None:
    """An archived objective brought back (to any live state) under a parent that is no longer
    published would be the child the parent's own change was refused for: refused too. The
    parent is named only to someone who may see it."""
    if old_state != Objective.State.ARCHIVED or objective.state == Objective.State.ARCHIVED:
        return
    kr = objective.parent_key_result
    parent = kr.objective if kr is not None else objective.parent_objective
    if parent is None or rules.may_align_to(parent.state):
        return
    if permissions.can_see_objective(actor, parent):
        message = _(
            "It is aligned to “%(parent)s”, which is not published: align it elsewhere or "
            "unalign it before restoring it."
        ) % {"parent": parent.title}
    else:
        message = _(
            "It is aligned to an objective that is not published: align it elsewhere or "
            "unalign it before restoring it."
        )
    raise ValidationError({"state": message})


def check_children(actor: Membership, objective: Objective, old_state: str) -> None:
    """Refuse taking a parent back to draft or archiving it while live objectives are aligned
    to it or to its key results (rules.leaves_children_unpublished): the message says how many,
    names those `actor` may see and counts the others. `objective` is the locked row with its
    new state; its kept `aligned_count` counts the live children."""
    count = objective.aligned_count
    if not rules.leaves_children_unpublished(old_state, objective.state, count):
        return
    children = (
        Objective.objects.filter(
            Q(parent_objective=objective) | Q(parent_key_result__objective=objective),
            organization_id=objective.organization_id,
        )
        .exclude(state=Objective.State.ARCHIVED)
        .filter(permissions.objective_visibility_q(actor))
        .order_by("title", "id")
    )
    seen = children.count()
    names = list(children.values_list("title", flat=True)[:NAMED_CHILDREN])
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
    listed = pgettext("list separator", ", ").join(parts)
    if objective.state == Objective.State.ARCHIVED:
        then = _("Align them elsewhere, unalign or archive them before archiving “%(parent)s”.")
    else:
        then = _(
            "Align them elsewhere, unalign or archive them before taking “%(parent)s” back to "
            "draft."
        )
    message = ngettext(
        "%(count)s objective is aligned to “%(parent)s”: %(children)s.",
        "%(count)s objectives are aligned to “%(parent)s”: %(children)s.",
        count,
    ) % {"count": count, "parent": objective.title, "children": listed}
    raise ValidationError({"state": sentences([message, then % {"parent": objective.title}])})
