"""Cycles: one at a time, a year with its parts in one step, and the next cycle prepared
from the unfinished objectives of this one."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import limits, rules
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import YEAR_PARTS, Cycle, KeyResult, Objective, year_cycle_names
from mubiao.okrs.selectors import enclosing_cycle_ids, visible_objectives
from mubiao.okrs.services import published_parents
from mubiao.okrs.services._common import (
    _check_due_dates_within,
    day_range_problem,
    log,
    stored_values,
)
from mubiao.okrs.services.objectives import copy_objective
from mubiao.okrs.services.progress import _lock_objectives, refresh_cycle
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import write_transaction


def _validate_cycle(
    actor: Membership,
    cycle: Cycle,
    *,
    check_overlap: bool = True,
    kind_fields: Sequence[str] = ("kind",),
) -> None:
    """Raises ValidationError keyed by field. A kind its days do not fit is refused on each of
    `kind_fields` (the span fields a caller sent; none: not checked)."""
    errors = {}
    if problem := limits.title_error(cycle.name, max_length(Cycle, "name")):
        errors["name"] = problem
    for name in ("start_date", "end_date"):
        if (day := getattr(cycle, name)) and (problem := day_range_problem(day)):
            errors[name] = problem
    if cycle.kind not in Cycle.Kind.values:
        # The API's schema names the kinds; a caller of the service may not (tests did).
        errors["kind"] = _("Unknown kind of cycle: %(kinds)s.") % {"kinds": cycle.kind}
    if cycle.start_date and cycle.end_date and cycle.end_date < cycle.start_date:
        errors.setdefault("end_date", _("The end date must not be before the start date."))
    elif (
        kind_fields
        and "kind" not in errors
        and cycle.start_date
        and cycle.end_date
        and not rules.cycle_kind_fits(cycle.kind, cycle.start_date, cycle.end_date)
    ):
        low, high = rules.CYCLE_KIND_DAYS[cycle.kind]
        days = rules.cycle_days(cycle.start_date, cycle.end_date)
        refusal = ngettext(
            "A cycle of the kind “%(kind)s” spans %(low)s to %(high)s days; %(start)s … %(end)s "
            "is %(days)s day. Choose the kind that fits (custom for any span) or other dates.",
            "A cycle of the kind “%(kind)s” spans %(low)s to %(high)s days; %(start)s … %(end)s "
            "is %(days)s days. Choose the kind that fits (custom for any span) or other dates.",
            days,
        ) % {
            "kind": Cycle.Kind(cycle.kind).label, "low": low, "high": high,
            "start": cycle.start_date.isoformat(), "end": cycle.end_date.isoformat(),
            "days": days,
        }  # fmt: skip
        for name in kind_fields:  # a day out of range keeps its own message
            errors.setdefault(name, refusal)
    if cycle.parent_id:
        parent = cycle.parent
        permissions.same_organization(actor, parent)
        if parent.pk == cycle.pk:
            errors["parent"] = _("A cycle cannot contain itself.")
        elif not (parent.start_date <= cycle.start_date and cycle.end_date <= parent.end_date):
            errors["parent"] = _("The cycle must lie within its parent cycle.")
    if cycle.pk and "end_date" not in errors:
        # Its own dates changing must not leave the cycles it contains outside it either.
        outside = cycle.children.exclude(
            start_date__gte=cycle.start_date, end_date__lte=cycle.end_date
        ).values_list("name", flat=True)[:10]
        if outside:
            errors["start_date"] = _(
                "These cycles lie within this one and would fall outside it: %(names)s. Change "
                "their dates first."
            ) % {"names": ", ".join(outside)}
    same_name = Cycle.objects.filter(organization_id=actor.organization_id, name=cycle.name)
    if same_name.exclude(pk=cycle.pk).exists():
        errors["name"] = _("A cycle with this name already exists.")
    if check_overlap and not errors:
        # Custom cycles too (DESIGN §3): two cycles of one kind over the same day make "the
        # current cycle" and a year-less date in imported text ambiguous. A year over its
        # quarters is fine: different kinds.
        other = (
            Cycle.objects.filter(
                organization_id=actor.organization_id,
                kind=cycle.kind,
                start_date__lte=cycle.end_date,
                end_date__gte=cycle.start_date,
            )
            .exclude(pk=cycle.pk)
            .order_by("start_date", "pk")
            .first()
        )
        if other:
            errors["start_date"] = _(
                "Cycles of the same kind must not overlap: %(name)s runs from %(start)s to %(end)s."
            ) % {
                "name": other.shown_name,
                "start": other.start_date.isoformat(),
                "end": other.end_date.isoformat(),
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
    kind: str | None = None,
    parent: Cycle | None = None,
    state: str = Cycle.State.PLANNING,
) -> Cycle:
    """A new cycle; without a `kind`, the one its days fit (rules.cycle_kind_for), and a kind
    given must fit its days (a `month` from October to December is refused, naming `kind`)."""
    permissions.require(permissions.can_manage_organization(actor))
    if kind is None and isinstance(start_date, date) and isinstance(end_date, date):
        kind = rules.cycle_kind_for(start_date, end_date)
    kind = kind or Cycle.Kind.CUSTOM
    cycle = Cycle(
        organization_id=actor.organization_id,
        name=limits.one_line(name),
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
    # The state as stored now, its row locked: a cycle closed since it was read keeps its span,
    # and saving below does not reopen it.
    cycle.state = Cycle.objects.select_for_update().values_list("state", flat=True).get(pk=cycle.pk)
    spanned = [name for name in rules.CYCLE_SPAN_FIELDS
               if name in fields and fields[name] != getattr(cycle, name)]  # fmt: skip
    if refused := rules.cycle_span_refusal(cycle.state, spanned):
        said = _(
            "The cycle “%(cycle)s” is closed: its dates and its kind no longer change. An "
            "administrator can reopen it in Settings → Cycles."
        ) % {"cycle": cycle.shown_name}
        raise ValidationError(dict.fromkeys(refused, said))
    before = stored_values(cycle)
    for name, value in fields.items():
        if name not in ("name", "kind", "start_date", "end_date", "parent"):
            raise ValidationError({name: _("This field cannot be changed.")})
        # A name is on one line as on creation (and as every title).
        setattr(cycle, name, limits.one_line(value) if name == "name" else value)
    # Checked when the days or the kind change only: two cycles that overlapped before the
    # rule (DESIGN §3) stay renamable where they are.
    moved = any(getattr(cycle, name) != before[name] for name in rules.CYCLE_SPAN_FIELDS)
    # The kind is checked against the days whenever either changes (a quarter's end moved by
    # 110 days was a quarter of 200 days), the refusal naming the fields sent; a rename leaves
    # a cycle made before the rule where it is.
    _validate_cycle(actor, cycle, check_overlap=moved, kind_fields=spanned)
    if stored_values(cycle) == before:
        return cycle
    moved = {"start_date", "end_date"} & fields.keys()
    if moved:
        # All of the cycle's objectives change their pace status: locked up front, in order,
        # so that no key result's due date changes while the new dates are checked against it.
        _lock_objectives(Objective.objects.filter(cycle=cycle).values_list("pk", flat=True),
                         roll_up=False)  # fmt: skip
        _check_due_dates_within(
            KeyResult.objects.filter(objective__cycle=cycle), cycle.start_date, cycle.end_date,
            "end_date" if "end_date" in fields else "start_date",
        )  # fmt: skip
    cycle.save()
    if cycle.parent_id != before["parent_id"]:
        published_parents.check_cycle_reparented(actor, cycle)
    log(actor, "cycle.updated", cycle, fields=sorted(fields))
    if moved:
        refresh_cycle(cycle, actor=actor)
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
    if state == cycle.state:
        # The state it has: no change, so no history entry nor announcement, as every write
        # that changes nothing (issue 9, E8; h9u: answered "cannot go from Active to Active").
        return cycle
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


# --------------------------------------------------------------------------------------------
# A year in one step, and the next cycle prepared from this one

FIRST_YEAR, LAST_YEAR = 2000, 2200


class YearCycles(list):
    """What create_year answers: [the year, its parts in order], and `created`, those of them
    this call made (the others existed already and were reused), and `attached`, existing parts
    that had no parent cycle and were put inside the year."""

    def __init__(self, cycles: list[Cycle], created: list[Cycle], attached: list[Cycle]):
        super().__init__(cycles)
        self.created = created
        self.attached = attached


@write_transaction
def create_year(
    actor: Membership, *, year: int, parts: Sequence[str] = (), state: str = Cycle.State.PLANNING
) -> YearCycles:
    """A calendar year and, inside it, its halves, quarters, two-month cycles or months (any of
    YEAR_PARTS), all at once or none: [the year, its parts in order]. A cycle of the same kind
    that already spans exactly one of those periods is reused, not created again, so that a
    retry or a second form creates only what is missing; such a part with no parent cycle (the
    current quarter made at sign-up, say) is put inside the year, one with a parent keeps it.
    Errors are keyed "year" or "parts" and name the cycle they concern."""
    permissions.require(permissions.can_manage_organization(actor))
    errors = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Enter a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR, "last": LAST_YEAR
        }  # fmt: skip
    unknown = [kind for kind in parts if kind not in YEAR_PARTS]
    if unknown:
        errors["parts"] = _("Unknown kind of cycle: %(kinds)s.") % {"kinds": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    wanted = [
        (kind, *span)
        for kind in (Cycle.Kind.YEAR, *YEAR_PARTS)  # in a fixed order, whatever was asked
        if kind == Cycle.Kind.YEAR or kind in parts
        for span in year_cycle_names(year, kind)
    ]
    existing = {
        (cycle.kind, cycle.start_date, cycle.end_date): cycle
        for cycle in Cycle.objects.filter(
            organization_id=actor.organization_id,
            kind__in={kind for kind, *_span in wanted},
            start_date__gte=date(year, 1, 1),
            end_date__lte=date(year, 12, 31),
        )
    }
    cycles, created, attached = [], [], []
    for kind, name, start, end in wanted:
        if cycle := existing.get((kind, start, end)):
            if kind != Cycle.Kind.YEAR and cycle.parent_id is None:
                update_cycle(actor, cycle, parent=cycles[0])
                attached.append(cycle)
            cycles.append(cycle)
            continue
        try:
            cycle = create_cycle(
                actor,
                name=name,
                kind=kind,
                start_date=start,
                end_date=end,
                parent=cycles[0] if cycles else None,
                state=state,
            )
        except ValidationError as error:
            raise ValidationError(
                {"year" if kind == Cycle.Kind.YEAR else "parts": [
                    f"{name}: {message}" for message in error.messages
                ]}
            ) from None  # fmt: skip
        cycles.append(cycle)
        created.append(cycle)
    return YearCycles(cycles, created, attached)


def unfinished_objectives(actor: Membership, cycle: Cycle):
    """The cycle's objectives the actor may carry forward: visible, editable, not archived,
    progress below 100%, not owned by someone who has left (their copy would belong to nobody
    who can work on it: give the objective to someone else first)."""
    permissions.same_organization(actor, cycle)
    return (
        visible_objectives(actor)
        .filter(cycle=cycle, progress__lt=1)
        .filter(permissions.objective_edit_q(actor))
        .exclude(owner_member__is_active=False)
    )


@dataclass
class CarriedForward:
    """What prepare_next_cycle did: {source id: its copy} made now, and those made before."""

    copies: dict[int, Objective]
    already: dict[int, Objective]

    def message(self, cycle: Cycle) -> str:
        """`2 objectives copied to 2026 Q2; 1 was already there and was not copied again.`"""
        copied = ngettext(
            "%(count)s objective copied to %(cycle)s.",
            "%(count)s objectives copied to %(cycle)s.",
            len(self.copies),
        ) % {"count": len(self.copies), "cycle": cycle.shown_name}
        if not self.already:
            return copied
        if not self.copies:
            return ngettext(
                "Nothing new to copy: the chosen objective is already in %(cycle)s.",
                "Nothing new to copy: the %(count)s chosen objectives are already in %(cycle)s.",
                len(self.already),
            ) % {"count": len(self.already), "cycle": cycle.shown_name}
        already = ngettext(
            "%(count)s was already there and was not copied again.",
            "%(count)s were already there and were not copied again.",
            len(self.already),
        ) % {"count": len(self.already)}
        # Two sentences: a space between them in English, none in Chinese.
        return _("%(copied)s %(already)s") % {"copied": copied, "already": already}


@write_transaction
def prepare_next_cycle(
    actor: Membership, objectives: Sequence[Objective], cycle: Cycle
) -> CarriedForward:
    """Copy the chosen objectives into `cycle` (okrs.services.copy_objective, carried: each key
    result starts from its last measured value, its target kept). Alignment is kept: to the
    copy of a parent objective or key result that was copied too, else to a parent in a cycle
    that contains `cycle` (its year), else the copy has no parent. All copied or none.

    Idempotent: an objective carried into `cycle` before is not copied again (`already`), and
    two runs at once wait for each other on the cycle's row, the second finding the first's
    copies (objective_carried_once backs this up)."""
    permissions.same_organization(actor, cycle, *objectives)
    chosen = {objective.pk: objective for objective in objectives}
    if not chosen:
        raise ValidationError({"objectives": _("Choose at least one objective.")})
    if any(objective.cycle_id == cycle.pk for objective in chosen.values()):
        raise ValidationError({"cycle": _("Choose another cycle than the objectives' own.")})
    if cycle.is_closed:  # closed cycles are read-only (DESIGN §3)
        raise ValidationError(
            {
                "cycle": _("%(cycle)s is closed: nothing can be copied into it.")
                % {"cycle": cycle.shown_name}
            }
        )
    departed = [o for o in chosen.values() if o.owner_member_id and not o.owner_member.is_active]
    if departed:
        raise ValidationError(
            {
                "objectives": _(
                    "Owned by someone who has left: %(titles)s. Give them to someone else "
                    "before carrying them forward."
                )
                % {"titles": _("; ").join(f"“{o.title}”" for o in departed)}
            }
        )
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    already = {
        copy.carried_from_id: copy
        for copy in Objective.objects.filter(cycle=cycle, carried_from__in=list(chosen))
    }
    kept_cycles = set(enclosing_cycle_ids(cycle))

    def parent_id(objective: Objective) -> int | None:
        if objective.parent_key_result_id:
            return objective.parent_key_result.objective_id
        return objective.parent_objective_id

    copies: dict[int, Objective] = dict(already)  # an earlier run's copies are parents too
    key_result_copies: dict[int, KeyResult] = {}
    remaining = [o for pk, o in chosen.items() if pk not in already]
    while remaining:
        # Parents before their children, so that a child finds its parent's copy.
        ready = [o for o in remaining if parent_id(o) not in chosen or parent_id(o) in copies]
        ready = ready or remaining[:1]  # a loop cannot exist (alignment is a tree); be safe
        for objective in ready:
            remaining.remove(objective)
            parent_objective = parent_key_result = None
            if objective.parent_key_result_id:
                parent_key_result = key_result_copies.get(objective.parent_key_result_id) or (
                    objective.parent_key_result
                    if objective.parent_key_result.objective.cycle_id in kept_cycles
                    else None
                )
            elif objective.parent_objective_id:
                parent_objective = copies.get(objective.parent_objective_id) or (
                    objective.parent_objective
                    if objective.parent_objective.cycle_id in kept_cycles
                    else None
                )
            copy = copy_objective(
                actor,
                objective,
                cycle,
                parent_objective=parent_objective,
                parent_key_result=parent_key_result,
                carried=True,
            )
            copies[objective.pk] = copy
            sources = objective.key_results.filter(state=KeyResult.State.ACTIVE)
            key_result_copies.update(
                zip(sources.values_list("pk", flat=True), copy.key_results.all(), strict=True)
            )
    return CarriedForward({pk: copy for pk, copy in copies.items() if pk not in already}, already)
