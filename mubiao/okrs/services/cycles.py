"""Cycles."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mubiao.okrs.models import (
    Cycle,
    Objective,
)
from mubiao.okrs.services._common import log
from mubiao.okrs.services.progress import _lock_objectives, refresh_cycle
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import write_transaction


def _validate_cycle(actor: Membership, cycle: Cycle) -> None:
    errors = {}
    if not cycle.name.strip():
        errors["name"] = _("This field is required.")
    if cycle.start_date and cycle.end_date and cycle.end_date < cycle.start_date:
        errors["end_date"] = _("The end date must not be before the start date.")
    if cycle.parent_id:
        parent = cycle.parent
        permissions.same_organization(actor, parent)
        if parent.pk == cycle.pk:
            errors["parent"] = _("A cycle cannot contain itself.")
        elif not (parent.start_date <= cycle.start_date and cycle.end_date <= parent.end_date):
            errors["parent"] = _("The cycle must lie within its parent cycle.")
    same_name = Cycle.objects.filter(organization_id=actor.organization_id, name=cycle.name)
    if same_name.exclude(pk=cycle.pk).exists():
        errors["name"] = _("A cycle with this name already exists.")
    if not errors and cycle.kind != Cycle.Kind.CUSTOM:
        overlapping = Cycle.objects.filter(
            organization_id=actor.organization_id,
            kind=cycle.kind,
            start_date__lte=cycle.end_date,
            end_date__gte=cycle.start_date,
        ).exclude(pk=cycle.pk)
        if overlapping.exists():
            errors["start_date"] = _("Cycles of the same kind must not overlap (%(name)s).") % {
                "name": overlapping.first().name
            }
    if errors:
        raise ValidationError(errors)


@write_transaction
def create_cycle(
    actor: Membership,
    *,
    name: str,
    start_date: date,
    end_date: date,
    kind: str = Cycle.Kind.QUARTER,
    parent: Cycle | None = None,
    state: str = Cycle.State.PLANNING,
) -> Cycle:
    permissions.require(permissions.can_manage_organization(actor))
    cycle = Cycle(
        organization_id=actor.organization_id,
        name=name.strip(),
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        parent=parent,
        state=state,
    )
    _validate_cycle(actor, cycle)
    cycle.save()
    log(actor, "cycle.created", cycle, name=cycle.name)
    return cycle


@write_transaction
def update_cycle(actor: Membership, cycle: Cycle, **fields) -> Cycle:
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, cycle)
    for name, value in fields.items():
        if name not in ("name", "kind", "start_date", "end_date", "parent"):
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(cycle, name, value)
    _validate_cycle(actor, cycle)
    cycle.save()
    log(actor, "cycle.updated", cycle, fields=sorted(fields))
    if {"start_date", "end_date"} & fields.keys():
        # All of the cycle's objectives change their pace status: locked up front, in order.
        _lock_objectives(Objective.objects.filter(cycle=cycle).values_list("pk", flat=True),
                         roll_up=False)  # fmt: skip
        refresh_cycle(cycle)
    return cycle


# planning → active → grading → closed; an admin may step back one state to fix a mistake.
CYCLE_TRANSITIONS = {
    Cycle.State.PLANNING: {Cycle.State.ACTIVE},
    Cycle.State.ACTIVE: {Cycle.State.GRADING, Cycle.State.PLANNING},
    Cycle.State.GRADING: {Cycle.State.CLOSED, Cycle.State.ACTIVE},
    Cycle.State.CLOSED: {Cycle.State.GRADING},
}


@write_transaction
def set_cycle_state(actor: Membership, cycle: Cycle, state: str) -> Cycle:
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, cycle)
    if state not in CYCLE_TRANSITIONS.get(cycle.state, set()):
        raise ValidationError(
            {"state": _("A cycle cannot go from %(old)s to %(new)s.")
             % {"old": cycle.get_state_display(), "new": Cycle.State(state).label
                if state in Cycle.State.values else state}}
        )  # fmt: skip
    old = cycle.state
    cycle.state = state
    cycle.save(update_fields=["state"])
    if Cycle.State.CLOSED in (old, state):
        # The objectives' states change below: their rows are locked first, in order.
        _lock_objectives(Objective.objects.filter(cycle=cycle).values_list("pk", flat=True),
                         roll_up=False)  # fmt: skip
    if state == Cycle.State.CLOSED:
        Objective.objects.filter(cycle=cycle, state=Objective.State.ACTIVE).update(
            state=Objective.State.CLOSED
        )
    elif old == Cycle.State.CLOSED:
        Objective.objects.filter(cycle=cycle, state=Objective.State.CLOSED).update(
            state=Objective.State.ACTIVE
        )
    log(actor, "cycle.state", cycle, old=old, new=state)
    _announce(actor, cycle, state)
    return cycle


def _announce(actor: Membership, cycle: Cycle, state: str) -> None:
    from mubiao.notify import messages as kinds
    from mubiao.notify.services import Event, notify_organization

    kind = {Cycle.State.ACTIVE: kinds.CYCLE_STARTED, Cycle.State.GRADING: kinds.GRADING_OPEN}
    if state in kind:
        notify_organization(Event(kind[state], cycle.organization_id, actor=actor, cycle=cycle))


@write_transaction
def delete_cycle(actor: Membership, cycle: Cycle) -> None:
    """A cycle that holds OKRs is history and is never deleted."""
    permissions.require(permissions.can_manage_organization(actor))
    permissions.same_organization(actor, cycle)
    if cycle.objectives.exists() or cycle.children.exists():
        raise ValidationError({"cycle": _("A cycle that holds OKRs cannot be deleted.")})
    log(actor, "cycle.deleted", cycle, name=cycle.name)
    cycle.delete()
