"""Every write to cycles and OKRs, each in one transaction that also writes the activity log.

Views and API endpoints call these functions and nothing else to change data. Each takes the
acting Membership first, checks permissions (orgs.permissions), validates its input (raising
ValidationError with per-field messages in the person's language), writes, and keeps the cached
progress and pace status of the touched key results, objectives and every aligned ancestor
correct.

Lock order (one for every write path; PostgreSQL, where writes run concurrently):

1. Objectives first, in ONE statement, ascending id, FOR NO KEY UPDATE (`_lock_objectives`):
   the objectives the write changes, every objective their progress rolls up into (through
   key results whose progress source is `children`), and the objective of the key result
   each of those is aligned to (locked even if unchanged, so that a concurrent switch of that
   key result's progress source reads this write's result). Only objective rows: no join in
   the locking statement, no cycle, organization, team or membership row is ever locked.
2. Key results next, only ever written by a transaction that holds their objective's lock (so
   their implicit row locks never wait on each other); read after the objective is locked.
3. Inserts (check-ins, comments, activity, notifications) last; they only take the key-share
   locks of their foreign keys, which FOR NO KEY UPDATE does not block.

Every write function runs in `write_transaction`: should two writes still deadlock (an
alignment chain changed between reading and locking it), the outermost transaction is re-run.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.okrs import limits, number_input, pace, rules
from mubiao.okrs.models import (
    Activity,
    CheckIn,
    Comment,
    Cycle,
    KeyResult,
    Notification,
    Objective,
)
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for
from mubiao.transactions import write_transaction


class Conflict(Exception):
    """The row changed since the client read it (its version moved on)."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def _activity(
    actor: Membership | None, verb: str, target, *, at: datetime | None = None, **data
) -> Activity:
    return Activity(
        organization_id=target.organization_id,
        actor=actor,
        verb=verb,
        target_type=target._meta.model_name,
        target_id=target.pk,
        data=data,
        created_at=at or timezone.now(),
    )


def log(actor: Membership | None, verb: str, target, *, at: datetime | None = None, **data) -> None:
    """Record a write in the activity log (`at`: when it happened, for back-dated check-ins)."""
    _activity(actor, verb, target, at=at, **data).save()


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise Conflict(obj.version)


def _decimal(value, field: str, **limits) -> Decimal:
    """A number typed or sent for `field`, read as people type it (okrs.numbers)."""
    if field == "weight":
        limits.setdefault("places", 2)  # weights are stored with two decimal places
    return number_input.read(value, field, **limits)


def _confidence(value) -> int | None:
    """0–10 as given; None (not set) when nobody gave one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return int(number_input.read(value, "confidence", whole=True, low=0, high=10))


def _check_writable_cycle(cycle: Cycle) -> None:
    if cycle.state == Cycle.State.CLOSED:
        raise ValidationError({"cycle": _("This cycle is closed and can no longer be changed.")})


# --------------------------------------------------------------------------------------------
# Cycles


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
    return cycle


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
# Progress: kept on key results and objectives, recomputed on every write


def _key_result_status(kr: KeyResult, cycle: Cycle, today: date) -> str:
    due = kr.due_date or cycle.end_date
    expected = rules.expected_progress(cycle.start_date, due, today)
    elapsed = rules.elapsed_fraction(cycle.start_date, due, today)
    return rules.pace_status(
        progress=kr.progress,
        expected=expected,
        has_check_ins=kr.last_check_in_at is not None,
        elapsed=elapsed,
    )


# Aligned objectives whose progress counts towards their parent key result.
COUNTED_CHILD_STATES = (Objective.State.ACTIVE, Objective.State.CLOSED)


def _children_progress(key_result_ids: Sequence[int]) -> dict[int, Decimal]:
    """Progress of children-sourced key results: one aggregate row per key result, however
    many objectives are aligned to it (a key result without counted children is absent)."""
    if not key_result_ids:
        return {}
    rows = (
        Objective.objects.filter(
            parent_key_result_id__in=key_result_ids, state__in=COUNTED_CHILD_STATES
        )
        .order_by()
        .values("parent_key_result_id")
        .annotate(total=Sum("progress"), count=Count("pk"))
    )
    return {
        row["parent_key_result_id"]: rules.children_progress_from_sum(row["total"], row["count"])
        for row in rows
    }


# The progress columns hold at most 99,999.9999 (about ten million percent): far beyond any
# real over-achievement, but a value typed with a few zeros too many must not overflow them.
MAX_STORED_PROGRESS = Decimal("99999")


def _manual_progress(kr: KeyResult, current: Decimal) -> Decimal:
    progress = rules.kr_progress(
        metric_type=kr.metric_type,
        direction=kr.direction,
        start=kr.start_value,
        target=kr.target_value,
        current=current,
    )
    return min(progress, MAX_STORED_PROGRESS)


def _recompute_key_result(
    kr: KeyResult, cycle: Cycle, today: date, children: dict[int, Decimal]
) -> None:
    """Progress and status of one key result (`children`: see _children_progress)."""
    if kr.progress_source == KeyResult.ProgressSource.CHILDREN:
        kr.progress = children.get(kr.pk, rules.children_progress(()))
    else:
        kr.progress = _manual_progress(kr, kr.current_value)
    kr.status = _key_result_status(kr, cycle, today)


def _objective_numbers(krs: Sequence[KeyResult]) -> tuple[Decimal, str]:
    """(progress, status) of an objective from its active key results."""
    return (
        rules.weighted_mean((kr.progress, kr.weight) for kr in krs),
        rules.objective_status((kr.status, kr.weight) for kr in krs),
    )


# The rollup chain of some objectives, one query whatever the depth: each objective with the
# objective of the key result it is aligned to (parent_id) and that key result's progress
# source; the walk goes on through `children` key results only. UNION, not UNION ALL, ends it
# on cyclic data.
_CHAIN_SQL = """
WITH RECURSIVE chain(id, parent_id, source) AS (
    SELECT o.id, k.objective_id, k.progress_source
    FROM {objective} o LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    WHERE o.id IN ({ids})
  UNION
    SELECT o.id, k.objective_id, k.progress_source
    FROM chain c
    JOIN {objective} o ON o.id = c.parent_id
    LEFT JOIN {key_result} k ON k.id = o.parent_key_result_id
    WHERE c.source = %s
)
"""
_LINKS_SQL = "SELECT id, parent_id, source FROM chain"
# Step 1 of the lock order in one statement: the chain and the objectives it is aligned to.
_LOCK_CHAIN_SQL = """
SELECT id FROM {objective}
WHERE id IN (SELECT id FROM chain UNION SELECT parent_id FROM chain)
ORDER BY id {for_update}
"""


def _chain(ids: set[int], *, lock: bool = False) -> list[tuple]:
    """Rows (id, parent_id, source) of the rollup chain of `ids`; with `lock`, lock the chain and
    the objectives it is aligned to instead (FOR NO KEY UPDATE, ascending id) and return
    their (id,)."""
    names = {
        "objective": connection.ops.quote_name(Objective._meta.db_table),
        "key_result": connection.ops.quote_name(KeyResult._meta.db_table),
        "ids": ", ".join(["%s"] * len(ids)),
        "for_update": "FOR NO KEY UPDATE" if connection.features.has_select_for_update else "",
    }
    sql = (_CHAIN_SQL + (_LOCK_CHAIN_SQL if lock else _LINKS_SQL)).format(**names)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, KeyResult.ProgressSource.CHILDREN])
        return cursor.fetchall()


def _lock_objectives(ids: Iterable[int], *, roll_up: bool = True) -> dict[int, Objective]:
    """Lock objectives in the module's lock order; returns the locked rows by id, each with its
    cycle and parent key result loaded (not locked).

    With `roll_up`, also every objective the write may change through alignment, and the
    objective of each key result one of those is aligned to (see the module docstring); each
    row's `rollup_parent` is then (objective its progress rolls into or None, source of the
    link). The chain is locked as read at the start of the statement, then read again once
    locked, when no one can change it: if it changed in between, the newly needed rows are
    locked too (outside the order; a deadlock that may cause is retried by
    write_transaction). The rows are read after the last lock, so they are the committed
    ones. Queries: 2 (lock, read), or 3 with roll_up, whatever the depth.
    """
    start = {pk for pk in ids if pk is not None}
    links: dict[int, tuple[int | None, str | None]] = {}
    held: set[int] = set()
    if roll_up and start:
        held = {pk for (pk,) in _chain(start, lock=True)}
    while True:
        if roll_up and start:
            links = {pk: (parent, source) for pk, parent, source in _chain(start)}
        wanted = start | set(links) | {p for p, _ in links.values() if p is not None}
        missing = wanted - held
        if not missing:
            break
        # No join in the locking statement: only objective rows are locked.
        held |= set(
            Objective.objects.filter(pk__in=missing)
            .select_for_update(no_key=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        start -= missing - held  # an objective that does not exist is not waited for
        if not roll_up:
            break
    rows = Objective.objects.filter(pk__in=held).select_related("cycle", "parent_key_result")
    locked = {row.pk: row for row in rows}
    for pk, row in locked.items():
        row.rollup_parent = links.get(pk, (None, None))
    return locked


def _roll_up(locked: dict[int, Objective], starts: Iterable[int], today: date) -> None:
    """Recompute objectives `starts` and every objective they roll up into, children first,
    and store what changed. All of them are in `locked` (_lock_objectives with roll_up).

    Per objective: one read of its active key results, one aggregate for its children-sourced
    ones, and one update each for changed key results and the objective: O(alignment depth)
    rows, never every sibling."""
    for start in starts:
        seen: set[int] = set()
        current = locked.get(start)
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            krs = list(KeyResult.objects.filter(objective=current, state=KeyResult.State.ACTIVE))
            children = _children_progress(
                [kr.pk for kr in krs if kr.progress_source == KeyResult.ProgressSource.CHILDREN]
            )
            changed = []
            for kr in krs:
                old = (kr.progress, kr.status)
                _recompute_key_result(kr, current.cycle, today, children)
                if (kr.progress, kr.status) != old:
                    changed.append(kr)
            if changed:
                KeyResult.objects.bulk_update(changed, ["progress", "status"])
            numbers = _objective_numbers(krs)
            if numbers != (current.progress, current.status):
                current.progress, current.status = numbers
                Objective.objects.filter(pk=current.pk).update(
                    progress=current.progress, status=current.status
                )
            # Only a parent key result that takes its progress from its children rolls up.
            parent, source = current.rollup_parent
            if source != KeyResult.ProgressSource.CHILDREN:
                break
            current = locked[parent]


def recompute_objective(objective: Objective, *, today: date | None = None) -> None:
    """Recompute an objective from its key results, then every ancestor it rolls up into,
    under the locks of the module's lock order; `objective` gets the stored numbers."""
    locked = _lock_objectives({objective.pk})
    _roll_up(locked, [objective.pk], today or today_for(objective.organization))
    objective.progress, objective.status = (
        locked[objective.pk].progress,
        locked[objective.pk].status,
    )


def refresh_cycle(cycle: Cycle, *, today: date | None = None) -> int:
    """Re-derive the pace status of every key result and objective of a cycle (it moves with
    the calendar, not only with writes), in a few set-based statements (okrs.pace); run by the
    worker. Returns how many objectives changed status."""
    return pace.refresh_cycle_statuses(cycle, today or today_for(cycle.organization))


# --------------------------------------------------------------------------------------------
# Objectives


OBJECTIVE_FIELDS = (
    "title",
    "description",
    "kind",
    "visibility",
    "weight",
    "state",
    "team",
    "owner_type",
    "owner_member",
    "owner_team",
)


def _validate_choice(value, choices, field: str) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("Select a valid choice.")})


def _validate_objective(actor: Membership, objective: Objective) -> None:
    errors = {}
    if not (objective.title or "").strip():
        errors["title"] = _("This field is required.")
    elif len(objective.title) > 500:
        errors["title"] = _("Keep the objective under 500 characters.")
    for field, choices in (
        ("kind", Objective.Kind),
        ("visibility", Objective.Visibility),
        ("state", Objective.State),
        ("owner_type", Objective.OwnerType),
    ):
        if getattr(objective, field) not in choices.values:
            errors[field] = _("Select a valid choice.")
    if objective.weight is not None and objective.weight < 0:
        errors["weight"] = _("The weight cannot be negative.")
    owner_type = objective.owner_type
    if owner_type == Objective.OwnerType.PERSON and objective.owner_member_id is None:
        errors["owner_member"] = _("Choose the person who owns this objective.")
    if owner_type == Objective.OwnerType.TEAM and objective.owner_team_id is None:
        errors["owner_team"] = _("Choose the team that owns this objective.")
    elif owner_type == Objective.OwnerType.TEAM and objective.team_id != objective.owner_team_id:
        # "Team" visibility follows the filing team: filed elsewhere, the objective would show
        # to another team (the objective_team_is_owner constraint says the same).
        errors["team"] = _("A team's objective is filed under the team that owns it.")
    if errors:
        raise ValidationError(errors)


def _default_team(member: Membership | None) -> Team | None:
    if member is None:
        return None
    tm = member.team_memberships.select_related("team").order_by("-is_lead", "id").first()
    return tm.team if tm else None


def _can_own(actor: Membership, objective: Objective) -> bool:
    """Who may create or hand over an objective for this owner."""
    if permissions.is_admin(actor):
        return True
    if objective.owner_type == Objective.OwnerType.PERSON:
        return objective.owner_member_id == actor.pk
    if objective.owner_type == Objective.OwnerType.TEAM:
        return objective.owner_team_id in permissions.led_team_ids(actor)
    return False


@write_transaction
def create_objective(
    actor: Membership,
    *,
    cycle: Cycle,
    title: str,
    owner_type: str = Objective.OwnerType.PERSON,
    owner_member: Membership | None = None,
    owner_team: Team | None = None,
    team: Team | None = None,
    description: str = "",
    kind: str = Objective.Kind.COMMITTED,
    visibility: str = Objective.Visibility.PUBLIC,
    weight: Decimal | int | str = 1,
    state: str = Objective.State.ACTIVE,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    collaborators: Iterable[Membership] = (),
    key_results: Sequence[dict] = (),
    position: int | None = None,
) -> Objective:
    """Create an objective and, optionally, its key results (each a dict of create_key_result
    keyword arguments) in one step."""
    permissions.same_organization(
        actor, cycle, owner_member, owner_team, team, parent_objective, parent_key_result
    )
    _check_writable_cycle(cycle)
    if owner_type == Objective.OwnerType.PERSON and owner_member is None and owner_team is None:
        owner_member = actor
    objective = Objective(
        organization_id=actor.organization_id,
        cycle=cycle,
        owner_type=owner_type,
        owner_member=owner_member if owner_type == Objective.OwnerType.PERSON else None,
        owner_team=owner_team if owner_type == Objective.OwnerType.TEAM else None,
        title=(title or "").strip(),
        description=description or "",
        kind=kind,
        visibility=visibility,
        weight=_decimal(weight, "weight"),
        state=state,
        created_by=actor,
    )
    objective.team = team or (
        owner_team if owner_type == Objective.OwnerType.TEAM else _default_team(owner_member)
    )
    _validate_objective(actor, objective)
    permissions.require(_can_own(actor, objective))
    if position is None:
        last = (
            Objective.objects.filter(
                cycle=cycle,
                owner_type=objective.owner_type,
                owner_member=objective.owner_member,
                owner_team=objective.owner_team,
            )
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        position = 0 if last is None else last + 1
    objective.position = position
    # The key results are validated and their progress computed before anything is written,
    # so that the objective and its key results go in with a few bulk statements (imports of
    # thousands of key results depend on it).
    krs = []
    for index, kr_fields in enumerate(key_results):
        try:
            krs.append(_build_key_result(actor, objective, cycle, position=index, **kr_fields))
        except ValidationError as error:
            raise ValidationError(
                {f"key_results.{index}.{field}": messages
                 for field, messages in error.message_dict.items()}
            ) from None  # fmt: skip
    objective.progress, objective.status = _objective_numbers(krs)
    objective.save()
    members = list(collaborators)
    if members:
        permissions.same_organization(actor, *members)
        objective.collaborators.set(members)
    KeyResult.objects.bulk_create(krs)
    Activity.objects.bulk_create(
        [_activity(actor, "objective.created", objective, title=objective.title)]
        + [
            _activity(actor, "key_result.created", kr, title=kr.title, objective=objective.pk)
            for kr in krs
        ]
    )
    if parent_objective is not None or parent_key_result is not None:
        locked = _lock_for_alignment(objective, parent_key_result)
        objective = locked[objective.pk]
        _set_alignment(actor, objective, parent_objective, parent_key_result, locked)
    return objective


def _lock_for_alignment(
    objective: Objective, parent_key_result: KeyResult | None
) -> dict[int, Objective]:
    """Lock an objective with the chains of its current and of its new parent key result
    (until the current one, read before the lock, is the one still there once locked)."""
    new = parent_key_result.objective_id if parent_key_result else None
    old = (
        Objective.objects.filter(pk=objective.pk)
        .values_list("parent_key_result__objective_id", flat=True)
        .first()
    )
    while True:
        locked = _lock_objectives({objective.pk, old, new})
        current = locked[objective.pk].parent_key_result
        if (current.objective_id if current else None) == old:
            return locked
        old = current.objective_id


@write_transaction
def update_objective(
    actor: Membership, objective: Objective, *, version: int | None = None, **fields
) -> Objective:
    permissions.same_organization(actor, objective)
    locked = _lock_objectives({objective.pk})
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_version(objective, version)
    _check_writable_cycle(objective.cycle)
    collaborators = fields.pop("collaborators", None)
    old_cycle, cycle = objective.cycle, fields.pop("cycle", objective.cycle)
    if cycle.pk != old_cycle.pk:
        permissions.same_organization(actor, cycle)
        _check_writable_cycle(cycle)
        objective.cycle = cycle
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name in ("owner_member", "owner_team", "team"):
        permissions.same_organization(actor, fields.get(name))
    for name, value in fields.items():
        if name == "weight":
            value = _decimal(value, "weight")
        elif name == "title":
            value = (value or "").strip()
        setattr(objective, name, value)
    if "owner_type" in fields or "owner_member" in fields or "owner_team" in fields:
        # An owner of the other kind is refused by name rather than dropped without a word.
        for name, owner_type, message in (
            ("owner_member", Objective.OwnerType.PERSON,
             _("Only an objective owned by a person has an owner person; change the owner "
               "type too.")),
            ("owner_team", Objective.OwnerType.TEAM,
             _("Only an objective owned by a team has an owner team; change the owner type "
               "too.")),
        ):  # fmt: skip
            if fields.get(name) is not None and objective.owner_type != owner_type:
                raise ValidationError({name: message})
            if objective.owner_type != owner_type:
                setattr(objective, name, None)
        if "team" not in fields:
            # A new owner brings their filing team, as on creation.
            objective.team = objective.owner_team or _default_team(objective.owner_member)
        permissions.require(_can_own(actor, objective))
    _validate_objective(actor, objective)
    objective.version += 1
    objective.save()
    if collaborators is not None:
        members = list(collaborators)
        permissions.same_organization(actor, *members)
        objective.collaborators.set(members)
    moved = cycle.pk != old_cycle.pk
    changed = {*fields, *(["collaborators"] if collaborators is not None else []),
               *(["cycle"] if moved else [])}  # fmt: skip
    log(actor, "objective.updated", objective, fields=sorted(changed))
    if moved:
        log(actor, "objective.moved", objective, old_cycle=old_cycle.pk, new_cycle=cycle.pk)
    # Pace status follows the cycle's dates; weight and state count in the parent's progress.
    if moved or "weight" in fields or "state" in fields:
        _roll_up(locked, [objective.pk], today_for(actor.organization))
    return objective


@write_transaction
def archive_objective(actor: Membership, objective: Objective) -> Objective:
    """Hide an objective (restorable); its aligned parent key result forgets its progress."""
    objective = update_objective(actor, objective, state=Objective.State.ARCHIVED)
    log(actor, "objective.archived", objective)
    return objective


@write_transaction
def restore_objective(actor: Membership, objective: Objective) -> Objective:
    objective = update_objective(actor, objective, state=Objective.State.ACTIVE)
    log(actor, "objective.restored", objective)
    return objective


def _ancestor_map(start: Objective) -> dict[int, int | None]:
    """objective id → the objective it is aligned to, for `start` and its ancestors only.

    Alignment chains are short (company → department → team → person), so walking up one
    row at a time stays cheap whatever the size of the organization.
    """
    parent_of: dict[int, int | None] = {}
    current: int | None = start.pk
    while current is not None and current not in parent_of:
        row = (
            Objective.objects.filter(pk=current)
            .values_list("parent_objective_id", "parent_key_result__objective_id")
            .first()
        )
        parent_of[current] = (row[0] or row[1]) if row else None
        current = parent_of[current]
    return parent_of


def _set_alignment(
    actor: Membership,
    objective: Objective,
    parent_objective: Objective | None,
    parent_key_result: KeyResult | None,
    locked: dict[int, Objective],
) -> None:
    """`objective` is the row in `locked`, from _lock_for_alignment."""
    permissions.same_organization(actor, parent_objective, parent_key_result)
    permissions.visible_or_absent(actor, parent_objective, parent_key_result)
    if parent_objective is not None and parent_key_result is not None:
        raise ValidationError({"parent": _("Align to an objective or to a key result, not both.")})
    target = parent_objective or (parent_key_result.objective if parent_key_result else None)
    if target is not None and rules.creates_alignment_cycle(
        _ancestor_map(target), objective.pk, target.pk
    ):
        raise ValidationError(
            {"parent": _("This alignment would make a loop: the parent already supports "
                         "this objective.")}
        )  # fmt: skip
    old_parent_kr = objective.parent_key_result
    objective.parent_objective = parent_objective
    objective.parent_key_result = parent_key_result
    objective.save(update_fields=["parent_objective", "parent_key_result", "updated_at"])
    log(
        actor,
        "objective.aligned",
        objective,
        parent_objective=parent_objective.pk if parent_objective else None,
        parent_key_result=parent_key_result.pk if parent_key_result else None,
    )
    _roll_up(
        locked,
        [kr.objective_id for kr in (old_parent_kr, parent_key_result) if kr is not None],
        today_for(actor.organization),
    )


@write_transaction
def align_objective(
    actor: Membership,
    objective: Objective,
    *,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    version: int | None = None,
) -> Objective:
    """Align an objective under a parent objective or key result (both None: unalign).

    The parent must be one the actor can see: any other is absent (its DoesNotExist, a 404).
    """
    permissions.same_organization(actor, objective)
    locked = _lock_for_alignment(objective, parent_key_result)
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_version(objective, version)
    _check_writable_cycle(objective.cycle)
    _set_alignment(actor, objective, parent_objective, parent_key_result, locked)
    Objective.objects.filter(pk=objective.pk).update(version=F("version") + 1)
    objective.refresh_from_db()
    return objective


@write_transaction
def reorder_objectives(actor: Membership, objectives: Sequence[Objective]) -> None:
    _lock_objectives((objective.pk for objective in objectives), roll_up=False)
    for position, objective in enumerate(objectives):
        permissions.same_organization(actor, objective)
        permissions.require(permissions.can_edit_objective(actor, objective))
        Objective.objects.filter(pk=objective.pk).update(position=position)
    if objectives:
        log(actor, "objective.reordered", objectives[0], order=[o.pk for o in objectives])


@write_transaction
def move_objective(actor: Membership, objective: Objective, cycle: Cycle) -> Objective:
    """Move an objective to another cycle (update_objective with `cycle`)."""
    return update_objective(actor, objective, cycle=cycle)


@write_transaction
def copy_objective(
    actor: Membership, objective: Objective, cycle: Cycle | None = None
) -> Objective:
    """Copy an objective and its active key results into a cycle (by default the next one of
    the same kind), values reset to their start, alignment kept when the parent is there.

    Copying content out needs the right to edit the objective (DESIGN.md §4 Visibility details);
    one the actor cannot see is absent (DoesNotExist)."""
    permissions.same_organization(actor, objective, cycle)
    permissions.visible_or_absent(actor, objective)
    permissions.require(permissions.can_edit_objective(actor, objective))
    if cycle is None:
        from mubiao.okrs.selectors import next_cycle

        cycle = next_cycle(objective.cycle)
        if cycle is None:
            raise ValidationError({"cycle": _("There is no next cycle to copy into.")})
    key_results = [
        {
            "title": kr.title,
            "metric_type": kr.metric_type,
            "start_value": kr.start_value,
            "target_value": kr.target_value,
            "unit": kr.unit,
            "direction": kr.direction,
            "weight": kr.weight,
            "owner": kr.owner,
            "progress_source": kr.progress_source,
        }
        for kr in objective.key_results.filter(state=KeyResult.State.ACTIVE)
    ]
    copy = create_objective(
        actor,
        cycle=cycle,
        title=objective.title,
        owner_type=objective.owner_type,
        owner_member=objective.owner_member,
        owner_team=objective.owner_team,
        team=objective.team,
        description=objective.description,
        kind=objective.kind,
        visibility=objective.visibility,
        weight=objective.weight,
        collaborators=list(objective.collaborators.all()),
        key_results=key_results,
    )
    log(actor, "objective.copied", copy, source=objective.pk)
    return copy


# --------------------------------------------------------------------------------------------
# Key results


KEY_RESULT_FIELDS = (
    "title",
    "owner",
    "metric_type",
    "start_value",
    "target_value",
    "current_value",
    "unit",
    "direction",
    "due_date",
    "weight",
    "confidence",
    "progress_source",
)


def _validate_key_result(kr: KeyResult, cycle: Cycle) -> None:
    errors = {}
    if not (kr.title or "").strip():
        errors["title"] = _("This field is required.")
    for field, choices in (
        ("metric_type", KeyResult.MetricType),
        ("direction", KeyResult.Direction),
        ("progress_source", KeyResult.ProgressSource),
    ):
        if getattr(kr, field) not in choices.values:
            errors[field] = _("Select a valid choice.")
    if kr.confidence is not None and not 0 <= kr.confidence <= 10:
        errors["confidence"] = _("Confidence is a whole number from 0 to 10.")
    if kr.weight is not None and kr.weight < 0:
        errors["weight"] = _("The weight cannot be negative.")
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        kr.start_value, kr.target_value = Decimal(0), Decimal(1)
        kr.direction = KeyResult.Direction.INCREASE
    elif kr.metric_type == KeyResult.MetricType.MILESTONE:
        kr.start_value, kr.target_value = Decimal(0), Decimal(100)
        kr.direction = KeyResult.Direction.INCREASE
    elif "metric_type" not in errors and "direction" not in errors:
        if kr.direction == KeyResult.Direction.INCREASE and kr.target_value < kr.start_value:
            errors["target_value"] = _(
                "For an increasing key result the target must not be below the start value."
            )
        elif kr.direction == KeyResult.Direction.DECREASE and kr.target_value > kr.start_value:
            errors["target_value"] = _(
                "For a decreasing key result the target must not be above the start value."
            )
    if kr.due_date and not (cycle.start_date <= kr.due_date <= cycle.end_date):
        errors["due_date"] = _("The due date must fall within the cycle (%(start)s – %(end)s).") % {
            "start": cycle.start_date.isoformat(),
            "end": cycle.end_date.isoformat(),
        }
    if errors:
        raise ValidationError(errors)


def _apply_key_result_fields(actor: Membership, kr: KeyResult, fields: dict) -> None:
    unknown = set(fields) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name, value in fields.items():
        if name in ("start_value", "target_value", "current_value", "weight"):
            value = _decimal(value, name)
        elif name == "owner":
            permissions.same_organization(actor, value)
        elif name == "title":
            value = (value or "").strip()
        elif name == "confidence":
            value = _confidence(value)
        setattr(kr, name, value)


def _build_key_result(
    actor: Membership, objective: Objective, cycle: Cycle, *, position: int, **fields
) -> KeyResult:
    """A validated, unsaved key result with its progress and pace status computed."""
    kr = KeyResult(organization_id=actor.organization_id, objective=objective, position=position)
    fields.setdefault("owner", objective.owner_member)
    _apply_key_result_fields(actor, kr, fields)
    if "current_value" not in fields:
        kr.current_value = kr.start_value
    _validate_key_result(kr, cycle)
    if kr.metric_type in (KeyResult.MetricType.BOOLEAN, KeyResult.MetricType.MILESTONE) and (
        "current_value" not in fields
    ):
        kr.current_value = Decimal(0)
    _recompute_key_result(kr, cycle, today_for(actor.organization), {})  # no aligned objectives yet
    limits.check(kr)  # bulk_create sends no pre_save
    return kr


@write_transaction
def create_key_result(actor: Membership, objective: Objective, **fields) -> KeyResult:
    permissions.same_organization(actor, objective)
    locked = _lock_objectives({objective.pk})
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_writable_cycle(objective.cycle)
    last = objective.key_results.aggregate(last=Max("position"))["last"]
    kr = _build_key_result(
        actor, objective, objective.cycle, position=0 if last is None else last + 1, **fields
    )
    kr.save()
    log(actor, "key_result.created", kr, title=kr.title, objective=objective.pk)
    _roll_up(locked, [objective.pk], today_for(actor.organization))
    kr.refresh_from_db()
    return kr


@write_transaction
def update_key_result(
    actor: Membership, key_result: KeyResult, *, version: int | None = None, **fields
) -> KeyResult:
    permissions.same_organization(actor, key_result)
    kr, locked = _lock_key_result(key_result)
    permissions.require(permissions.can_edit_objective(actor, kr.objective))
    _check_version(kr, version)
    _check_writable_cycle(kr.objective.cycle)
    previous = kr.current_value
    _apply_key_result_fields(actor, kr, fields)
    _validate_key_result(kr, kr.objective.cycle)
    # A value typed into the key result is measured now, like a check-in, and joins the history
    # as one: the current value stays the latest check-in's value.
    measured = kr.current_value != previous
    if measured:
        kr.last_check_in_at = timezone.now()
    kr.version += 1
    kr.save()
    if measured:
        CheckIn.objects.create(
            organization_id=kr.organization_id, key_result=kr, author=actor,
            created_at=kr.last_check_in_at, value=kr.current_value,
            progress=_manual_progress(kr, kr.current_value),
        )  # fmt: skip
    log(actor, "key_result.updated", kr, fields=sorted(fields))
    _roll_up(locked, [kr.objective_id], today_for(actor.organization))
    kr.refresh_from_db()
    return kr


def _lock_key_result(
    key_result: KeyResult, *, roll_up: bool = True
) -> tuple[KeyResult, dict[int, Objective]]:
    """A key result read under its objective's lock (a key result is written only by whoever
    holds that lock: step 2 of the lock order), and the locked objectives."""
    locked = _lock_objectives({key_result.objective_id}, roll_up=roll_up)
    kr = KeyResult.objects.get(pk=key_result.pk)
    kr.objective = locked[kr.objective_id]
    return kr, locked


def _set_key_result_state(actor: Membership, key_result: KeyResult, state: str, verb: str):
    kr = update_key_result(actor, key_result)
    KeyResult.objects.filter(pk=kr.pk).update(state=state)
    log(actor, verb, kr)
    recompute_objective(kr.objective)
    kr.refresh_from_db()
    return kr


@write_transaction
def archive_key_result(actor: Membership, key_result: KeyResult) -> KeyResult:
    return _set_key_result_state(actor, key_result, KeyResult.State.ARCHIVED, "key_result.archived")


@write_transaction
def restore_key_result(actor: Membership, key_result: KeyResult) -> KeyResult:
    return _set_key_result_state(actor, key_result, KeyResult.State.ACTIVE, "key_result.restored")


@write_transaction
def reorder_key_results(
    actor: Membership, objective: Objective, key_results: Sequence[KeyResult]
) -> None:
    permissions.same_organization(actor, objective)
    objective = _lock_objectives({objective.pk}, roll_up=False)[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    for position, kr in enumerate(key_results):
        if kr.objective_id != objective.pk:
            raise ValidationError({"key_results": _("A key result belongs to another objective.")})
        KeyResult.objects.filter(pk=kr.pk).update(position=position)
    log(actor, "key_result.reordered", objective, order=[kr.pk for kr in key_results])


# --------------------------------------------------------------------------------------------
# Check-ins


@write_transaction
def check_in(
    actor: Membership,
    key_result: KeyResult,
    *,
    value,
    confidence: int | None = None,
    note: str = "",
    source_url: str = "",
    status_override: str = "",
    at: datetime | None = None,
) -> CheckIn:
    """Record a new value for a key result; it becomes the current value and progress moves
    up the alignment chain. Concurrent check-ins queue on the locks of the alignment chain
    (the module's lock order) rather than lose each other. A back-dated one (`at` before the
    latest check-in) joins the history without replacing the newer current value."""
    permissions.same_organization(actor, key_result)
    kr, locked = _lock_key_result(key_result)
    objective = kr.objective
    permissions.require(permissions.can_check_in(actor, kr))
    _check_writable_cycle(objective.cycle)
    if kr.state != KeyResult.State.ACTIVE or objective.state == Objective.State.ARCHIVED:
        raise ValidationError({"key_result": _("This key result is archived.")})
    if kr.progress_source == KeyResult.ProgressSource.CHILDREN:
        raise ValidationError(
            {"value": _("This key result takes its progress from its aligned objectives.")}
        )
    errors = {}
    number = None
    try:
        number = number_input.read_value(value, "value", metric_type=kr.metric_type, unit=kr.unit)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        confidence = _confidence(confidence)
    except ValidationError as error:
        errors.update(error.message_dict)
    if status_override and status_override not in rules.STATUSES:
        errors["status_override"] = [_("Select a valid choice.")]
    if len(source_url) > 500 or (source_url and not re.match(r"^https?://\S+$", source_url)):
        errors["source_url"] = [_("Enter a valid URL.")]
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    previous = kr.current_value
    progress = _manual_progress(kr, number)
    # The current value is the one measured last, whatever the order of writing: a back-dated
    # check-in joins the history without replacing a newer value (same time: the later write).
    if kr.last_check_in_at is None or at >= kr.last_check_in_at:
        kr.current_value, kr.last_check_in_at = number, at
        if confidence is not None:
            kr.confidence = confidence
    kr.version += 1
    _recompute_key_result(kr, objective.cycle, today_for(actor.organization), {})  # a manual one
    kr.save(update_fields=["current_value", "confidence", "last_check_in_at", "version",
                           "progress", "status", "updated_at"])  # fmt: skip
    entry = CheckIn.objects.create(
        organization_id=kr.organization_id,
        key_result=kr,
        author=actor,
        created_at=at,
        value=number,
        confidence=confidence,
        note=note or "",
        source_url=source_url or "",
        status_override=status_override or "",
        progress=progress,
    )
    log(actor, "key_result.checked_in", kr, at=at, value=str(number), previous=str(previous),
        check_in=entry.pk)  # fmt: skip
    _roll_up(locked, [objective.pk], today_for(actor.organization))
    return entry


# --------------------------------------------------------------------------------------------
# Comments and mentions

# An @ that starts a mention (not the middle of an email address), and its first word.
MENTION_RE = re.compile(r"(?<![\w.])@([\w.\-]+)", re.UNICODE)


@dataclass
class Mentions:
    members: list[Membership]
    teams: list[Team]


def find_mentions(actor: Membership, body: str) -> Mentions:
    """Teams and people mentioned in a text.

    `@name` matches the longest team or person name that the text after the @ starts with, so
    names with spaces (`@Liam Turner`) and Chinese names run into the following text
    (`@客户支持部门xx`) both work; `@someone@example.com` or `@someone` also match an email
    address or its local part. Candidates are fetched by the first characters of each mention
    only, never the whole organization.
    """
    found_teams: dict[int, Team] = {}
    found_members: dict[int, Membership] = {}
    for match in MENTION_RE.finditer(body):
        word, rest = match.group(1), body[match.start(1) :].lower()
        stem = word[:2]
        teams = Team.objects.filter(
            organization_id=actor.organization_id, is_archived=False, name__istartswith=stem
        )
        named = [t for t in teams if rest.startswith(t.name.lower())]
        if named:
            team = max(named, key=lambda t: len(t.name))
            found_teams[team.pk] = team
            continue
        people = Membership.objects.filter(
            Q(user__name__istartswith=stem) | Q(user__email__istartswith=word),
            organization_id=actor.organization_id,
            is_active=True,
        ).select_related("user")
        matches = [
            m
            for m in people
            if (m.user.name and rest.startswith(m.user.name.lower()))
            or word.lower() in (m.user.email.lower(), m.user.email.lower().split("@")[0])
        ]
        if matches:
            member = max(matches, key=lambda m: len(m.user.name or ""))
            found_members[member.pk] = member
    return Mentions(list(found_members.values()), list(found_teams.values()))


@write_transaction
def add_comment(
    actor: Membership,
    *,
    body: str,
    objective: Objective | None = None,
    key_result: KeyResult | None = None,
    check_in: CheckIn | None = None,
) -> Comment:
    """Comment on something the actor can see (the caller fetched it through the selectors);
    mentioned people, and the members of mentioned teams, are notified when they can see it."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > 10_000:
        raise ValidationError({"body": _("Keep a comment under 10,000 characters.")})
    if [objective, key_result, check_in].count(None) != 2:
        raise ValidationError({"target": _("Comment on one objective, key result or check-in.")})
    permissions.same_organization(actor, objective, key_result, check_in)
    target_objective = objective or (key_result or check_in.key_result).objective
    permissions.visible_or_absent(actor, target_objective)
    comment = Comment.objects.create(
        organization_id=actor.organization_id,
        objective=objective,
        key_result=key_result,
        check_in=check_in,
        author=actor,
        body=body,
    )
    mentions = find_mentions(actor, body)
    comment.mentioned_members.set(mentions.members)
    comment.mentioned_teams.set(mentions.teams)
    _notify_mentions(actor, comment, target_objective, mentions)
    log(actor, "comment.created", comment, objective=target_objective.pk)
    return comment


def _notify_mentions(
    actor: Membership, comment: Comment, objective: Objective, mentions: Mentions
) -> None:
    recipient_ids = {m.pk for m in mentions.members}
    if mentions.teams:
        recipient_ids |= set(
            Membership.objects.filter(
                team_memberships__team__in=mentions.teams, is_active=True
            ).values_list("pk", flat=True)
        )
    recipient_ids.discard(actor.pk)
    if not recipient_ids:
        return
    # A private objective is never revealed through a notification.
    recipients = Membership.objects.filter(pk__in=recipient_ids).select_related("user")
    allowed = [
        m
        for m in recipients
        if Objective.objects.filter(pk=objective.pk)
        .filter(permissions.objective_visibility_q(m))
        .exists()
    ]
    Notification.objects.bulk_create(
        Notification(
            organization_id=comment.organization_id,
            recipient=m,
            comment=comment,
            verb="mentioned",
        )
        for m in allowed
    )


# --------------------------------------------------------------------------------------------
# Grading


def _require_grading(cycle: Cycle) -> None:
    if cycle.state != Cycle.State.GRADING:
        raise ValidationError({"score": _("Scores are given when the cycle is in grading.")})


def _score(value, field: str = "score") -> Decimal:
    score = _decimal(value, field)
    try:
        rules.validate_score(score)
    except ValueError:
        raise ValidationError(
            {field: _("A score is a number from 0.0 to 1.0 with one decimal.")}
        ) from None
    return score


@write_transaction
def grade_key_result(
    actor: Membership, key_result: KeyResult, *, score, note: str = ""
) -> KeyResult:
    permissions.same_organization(actor, key_result)
    kr, _locked = _lock_key_result(key_result, roll_up=False)
    permissions.require(permissions.can_edit_objective(actor, kr.objective))
    _require_grading(kr.objective.cycle)
    kr.score = _score(score)
    kr.score_note = note or ""
    kr.version += 1
    kr.save(update_fields=["score", "score_note", "version", "updated_at"])
    log(actor, "key_result.graded", kr, score=str(kr.score))
    _update_objective_score(kr.objective)
    return kr


def _update_objective_score(objective: Objective) -> None:
    active = list(objective.key_results.filter(state=KeyResult.State.ACTIVE))
    # The key results that count for progress and status count for the score, too.
    counted = rules.weights_that_count(kr.weight for kr in active)
    krs = [kr for kr, w in zip(active, counted, strict=True) if w > 0 and kr.score is not None]
    weights = [kr.weight for kr in krs] if objective.organization.weights_enabled else None
    score = rules.objective_score([kr.score for kr in krs], weights)
    Objective.objects.filter(pk=objective.pk).update(score=score)
    objective.score = score


@write_transaction
def grade_objective(
    actor: Membership,
    objective: Objective,
    *,
    scores: dict[int, tuple[object, str]],
    retrospective: str = "",
) -> Objective:
    """Grade all key results of an objective at once and write its retrospective.

    scores maps key result id → (score, note). A committed objective that scores below 1.0
    must explain the miss in its retrospective (OKR-C02).
    """
    permissions.same_organization(actor, objective)
    objective = _lock_objectives({objective.pk}, roll_up=False)[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _require_grading(objective.cycle)
    krs = {kr.pk: kr for kr in objective.key_results.filter(state=KeyResult.State.ACTIVE)}
    errors, parsed = {}, {}
    for kr_id, (value, note) in scores.items():
        kr = krs.get(int(kr_id))
        if kr is None:
            errors[f"score_{kr_id}"] = [_("This key result does not belong to the objective.")]
            continue
        try:
            parsed[kr.pk] = (_score(value, f"score_{kr.pk}"), note or "")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    for kr_id, (score, note) in parsed.items():
        KeyResult.objects.filter(pk=kr_id).update(
            score=score, score_note=note, version=F("version") + 1
        )
    objective.retrospective = (retrospective or "").strip()
    _update_objective_score(objective)
    if (
        objective.kind == Objective.Kind.COMMITTED
        and objective.score is not None
        and objective.score < 1
        and not objective.retrospective
    ):
        raise ValidationError(
            {"retrospective": _("A committed objective below 1.0 needs a note on what was "
                                "missed and why.")}
        )  # fmt: skip
    objective.version += 1
    objective.save(update_fields=["retrospective", "score", "version", "updated_at"])
    log(actor, "objective.graded", objective, score=str(objective.score))
    return objective


def suggested_scores(objective: Objective) -> dict[int, Decimal]:
    """The suggested grade of each active key result: its progress, rounded to one decimal."""
    return {
        kr.pk: rules.suggested_score(kr.progress)
        for kr in objective.key_results.filter(state=KeyResult.State.ACTIVE)
    }


def mark_notifications_read(actor: Membership, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(Q(pk__in=list(ids)))
    return qs.update(read_at=timezone.now())
