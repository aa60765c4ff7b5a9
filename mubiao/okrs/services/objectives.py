"""Objectives."""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from mubiao.okrs import display, limits, rules
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import (
    Activity,
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
)
from mubiao.okrs.services import published_parents
from mubiao.okrs.services._common import (
    _activity,
    _check_due_dates_within,
    _check_not_archived,
    _check_version,
    _check_writable_cycle,
    _weight,
    log,
    read_share,
    stored_values,
)
from mubiao.okrs.services.key_results import _build_key_result, check_room, first_check_in
from mubiao.okrs.services.progress import _lock_objectives, _objective_numbers, _roll_up
from mubiao.okrs.transfer.readings import title_from_start
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for
from mubiao.transactions import write_transaction

OBJECTIVE_FIELDS = (
    "title",
    "description",
    "kind",
    "visibility",
    "weight",
    "progress_source",
    "aligned_share",
    "state",
    "team",
    "owner_type",
    "owner_member",
    "owner_team",
)


def _validate_objective(actor: Membership, objective: Objective) -> None:
    errors = {}
    if problem := limits.title_error(objective.title, max_length(Objective, "title")):
        errors["title"] = problem
    # Said with the objective's other errors (a file's row fixed in one go); the pre_save check
    # (okrs.limits) would stop at the first save.
    for field in ("description", "retrospective"):
        value = getattr(objective, field) or ""
        if problem := limits.text_error(value, max_length(Objective, field)):
            errors[field] = problem
    for field, choices in (
        ("kind", Objective.Kind),
        ("visibility", Objective.Visibility),
        ("state", Objective.State),
        ("owner_type", Objective.OwnerType),
        ("progress_source", Objective.ProgressSource),
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


def default_team(member: Membership | None) -> Team | None:
    """The team a personal objective is filed under unless given: the owner's led team first."""
    if member is None:
        return None
    tm = member.team_memberships.select_related("team").order_by("-is_lead", "id").first()
    return tm.team if tm else None


def filing_team(
    actor: Membership,
    owner_type: str,
    owner_member: Membership | None = None,
    owner_team: Team | None = None,
) -> Team | None:
    """The team an objective of this owner is filed under unless one is given: a team's under
    that team, a person's under their led team first (the actor's when no person is named, as
    create_objective takes it), the organization's under none. Creating, changing the owner and
    the form's preview of who will see it (web writing) file alike."""
    if owner_type == Objective.OwnerType.TEAM:
        return owner_team
    if owner_type == Objective.OwnerType.PERSON:
        return default_team(owner_member or actor)
    return None


def _check_filing_team(actor: Membership, objective: Objective) -> None:
    """A personal objective is filed under a team its owner belongs to or leads: filed under
    any other, it would sit on that team's dashboard and at-risk list and count in its figures
    (issue 12, probe 12: a member filed public objectives under another department). Admins
    may file anywhere; a team's objective is filed under its owner (_validate_objective)."""
    if (
        objective.owner_type != Objective.OwnerType.PERSON
        or objective.team_id is None
        or objective.owner_member_id is None
        or permissions.is_admin(actor)
    ):
        return
    owner = objective.owner_member
    if objective.team_id in permissions.led_team_ids(owner) or (
        owner.team_memberships.filter(team_id=objective.team_id).exists()
    ):
        return
    raise ValidationError({"team": _(
        "%(name)s is not in the team “%(team)s”: a personal objective is filed under a team "
        "its owner belongs to or leads."
    ) % {"name": owner.display_name, "team": objective.team.name}})  # fmt: skip


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
    progress_source: str = Objective.ProgressSource.KEY_RESULTS,
    aligned_share: int = 50,
    state: str = Objective.State.ACTIVE,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    collaborators: Iterable[Membership] = (),
    key_results: Sequence[dict] = (),
    position: int | None = None,
    kept_parent: bool = False,
) -> Objective:
    """Create an objective and, optionally, its key results (each a dict of create_key_result
    keyword arguments) in one step. `kept_parent`: the parent is the one the objective carried
    forward had (copy_objective), kept even where the actor may not see it."""
    permissions.same_organization(
        actor, cycle, owner_member, owner_team, team, parent_objective, parent_key_result
    )
    _check_writable_cycle(cycle, "definition")
    if owner_type == Objective.OwnerType.PERSON and owner_member is None and owner_team is None:
        owner_member = actor
    objective = Objective(
        organization_id=actor.organization_id,
        cycle=cycle,
        owner_type=owner_type,
        owner_member=owner_member if owner_type == Objective.OwnerType.PERSON else None,
        owner_team=owner_team if owner_type == Objective.OwnerType.TEAM else None,
        title=limits.one_line(title),
        description=description or "",
        kind=kind,
        visibility=visibility,
        weight=_weight(actor, weight, Decimal(1)),
        progress_source=progress_source,
        aligned_share=read_share(aligned_share),
        state=state,
        created_by=actor,
    )
    objective.team = team or filing_team(
        actor, owner_type, objective.owner_member, objective.owner_team
    )
    # The objective's refusals and every key result's are said together (a form or a file's
    # row is fixed in one go); who may own it is asked of an objective that can be stored.
    errors = {}
    try:
        _validate_objective(actor, objective)
    except ValidationError as error:
        errors = dict(error.error_dict)
    if not errors:
        permissions.require(_can_own(actor, objective))
        if team is not None:
            # A team given is checked; the owner's default one is theirs by construction and
            # would cost two queries a row in imports for nothing.
            _check_filing_team(actor, objective)
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
            errors.update(
                {f"key_results.{index}.{field}": refused
                 for field, refused in error.error_dict.items()}
            )  # fmt: skip
    try:
        # On the list (the API's field); a form says it at its first row over the limit, an
        # import at that key result's line.
        check_room(objective, len(key_results), "key_results")
    except ValidationError as error:
        for field, refused in error.error_dict.items():
            errors[field] = [*errors.get(field, []), *refused]
    if errors:
        raise ValidationError(errors)
    objective.progress, objective.status, objective.score = _objective_numbers(
        objective, krs, actor.organization.weights_enabled, today_for(actor.organization)
    )  # nothing is aligned to it yet
    objective.save()
    members = list(collaborators)
    if members:
        permissions.same_organization(actor, *members)
        objective.collaborators.set(members)
    KeyResult.objects.bulk_create(krs)
    CheckIn.objects.bulk_create(filter(None, (first_check_in(actor, kr) for kr in krs)))
    Activity.objects.bulk_create(
        [_activity(actor, "objective.created", objective, title=objective.title)]
        + [
            _activity(actor, "key_result.created", kr, title=kr.title, objective=objective.pk)
            for kr in krs
        ]
    )
    if parent_objective is not None or parent_key_result is not None:
        locked = _lock_for_alignment(objective, parent_objective, parent_key_result)
        objective = locked[objective.pk]
        _set_alignment(
            actor, objective, parent_objective, parent_key_result, locked, kept=kept_parent
        )
    return objective


def _parent_id(objective: Objective) -> int | None:
    """The objective `objective` is aligned to, directly or through one of its key results."""
    kr = objective.parent_key_result
    return kr.objective_id if kr is not None else objective.parent_objective_id


def _lock_for_alignment(
    objective: Objective, new: Objective | None, parent_key_result: KeyResult | None
) -> dict[int, Objective]:
    """Lock an objective with the chains of its current and of its new parent (`new`, or the
    objective of `parent_key_result`), until the current one, read before the lock, is the one
    still there once locked."""
    new_id = parent_key_result.objective_id if parent_key_result else (new.pk if new else None)
    old = (
        Objective.objects.filter(pk=objective.pk)
        .values_list("parent_key_result__objective_id", "parent_objective_id")
        .first()
    )
    old = (old[0] or old[1]) if old else None
    while True:
        locked = _lock_objectives({objective.pk, old, new_id})
        current = _parent_id(locked[objective.pk])
        if current == old:
            return locked
        old = current


# Who owns an objective and who may see it: changed only by whoever may govern it.
GOVERNED_FIELDS = ("owner_type", "owner_member", "owner_team", "team", "visibility")


def _require_governance(actor: Membership, objective: Objective, fields: dict, collaborators):
    """A collaborator edits content; changing the owner, the filing team, the visibility or the
    collaborators (what decides who may see it) needs permissions.can_govern_objective."""
    changes = [
        name
        for name in GOVERNED_FIELDS
        if name in fields and getattr(objective, name) != fields[name]
    ]
    if collaborators is not None and {m.pk for m in collaborators} != set(
        objective.collaborators.values_list("pk", flat=True)
    ):
        changes.append("collaborators")
    if changes:
        permissions.require(permissions.can_govern_objective(actor, objective))


def _check_movable(objective: Objective, cycle: Cycle) -> None:
    """A graded objective, or one in a cycle being graded or closed, stays in its cycle: its
    scores grade that cycle, and moved they would stand as another cycle's grades; nor does one
    move into such a cycle (rules.move_refusal: the one rule, both ways)."""
    refusal = rules.move_refusal(objective.cycle.state, cycle.state)
    if refusal == "out" and objective.cycle.state == Cycle.State.GRADING:
        raise ValidationError({"cycle": _(
            "The cycle “%(cycle)s” is being graded: its objectives cannot be moved to another "
            "cycle. Copy the objective to the other cycle instead."
        ) % {"cycle": objective.cycle.shown_name}})  # fmt: skip
    if refusal == "out":
        _check_writable_cycle(objective.cycle, "definition")  # closed: "can no longer be changed"
    if refusal == "in" and cycle.state == Cycle.State.GRADING:
        raise ValidationError({"cycle": _(
            "The cycle “%(cycle)s” is being graded: no objective can be moved into it. Move "
            "it to a cycle in planning or active."
        ) % {"cycle": cycle.shown_name}})  # fmt: skip
    if refusal == "in":
        raise ValidationError({"cycle": _(
            "The cycle “%(cycle)s” is closed: no objective can be moved into it. Move it to a "
            "cycle in planning or active."
        ) % {"cycle": cycle.shown_name}})  # fmt: skip
    if objective.score is not None or objective.key_results.filter(score__isnull=False).exists():
        raise ValidationError({"cycle": _(
            "This objective has been graded in “%(cycle)s”: it cannot be moved to another "
            "cycle. Copy it to the other cycle instead."
        ) % {"cycle": objective.cycle.shown_name}})  # fmt: skip


@write_transaction
def update_objective(
    actor: Membership, objective: Objective, *, version: int | str | None = None, **fields
) -> Objective:
    return _updated_objective(actor, objective, version=version, **fields)[0]


def _updated_objective(
    actor: Membership, objective: Objective, *, version: int | str | None = None, **fields
) -> tuple[Objective, bool]:
    """update_objective's write, and whether it wrote anything: a state change that leaves the
    state as it was (archiving an archived objective) is then no entry in its history either."""
    permissions.same_organization(actor, objective)
    locked = _lock_objectives({objective.pk})
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_version(objective, version)
    _check_writable_cycle(objective.cycle, "definition")
    changing = sorted(set(fields) - {"state"})
    if changing and fields.get("state", objective.state) == Objective.State.ARCHIVED:
        # Archived and staying so, nothing else of it changes; a write that restores it may
        # change the rest with it (issue 9).
        _check_not_archived(objective, fields=changing)
    before = stored_values(objective)
    collaborators = fields.pop("collaborators", None)
    if collaborators is not None:
        collaborators = list(collaborators)
    _require_governance(actor, objective, fields, collaborators)
    old_cycle, cycle = objective.cycle, fields.pop("cycle", objective.cycle)
    if cycle.pk != old_cycle.pk:
        permissions.same_organization(actor, cycle)
        _check_movable(objective, cycle)
        _check_due_dates_within(
            KeyResult.objects.filter(objective=objective), cycle.start_date, cycle.end_date,
            "cycle",
        )  # fmt: skip
        objective.cycle = cycle
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name in ("owner_member", "owner_team", "team"):
        permissions.same_organization(actor, fields.get(name))
    for name, value in fields.items():
        if name == "weight":
            value = _weight(actor, value, objective.weight)
        elif name == "aligned_share":
            value = read_share(value)
        elif name == "title":
            value = limits.one_line(value)
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
            objective.team = filing_team(
                actor, objective.owner_type, objective.owner_member, objective.owner_team
            )
        permissions.require(_can_own(actor, objective))
    _validate_objective(actor, objective)
    moved = cycle.pk != old_cycle.pk
    if "state" in fields:
        published_parents.check_children(actor, objective, before["state"])
    restored = before["state"] == Objective.State.ARCHIVED != objective.state
    if restored or moved:
        # Its parent is kept: only where it could be aligned to now.
        published_parents.check_kept_parent(actor, objective, "cycle" if moved else "state")
    if moved:
        published_parents.check_moved_children(actor, objective, cycle)
    if (objective.team_id, objective.owner_member_id) != (
        before["team_id"],
        before["owner_member_id"],
    ):
        # Checked when the filing changes only: an objective filed before its owner left the
        # team stays editable where it is.
        _check_filing_team(actor, objective)
    same_collaborators = collaborators is None or {m.pk for m in collaborators} == set(
        objective.collaborators.values_list("pk", flat=True)
    )
    if stored_values(objective) == before and same_collaborators:
        return objective, False
    objective.version += 1
    objective.save()
    if collaborators is not None:
        members = list(collaborators)
        permissions.same_organization(actor, *members)
        objective.collaborators.set(members)
    changed = {*fields, *(["collaborators"] if collaborators is not None else []),
               *(["cycle"] if moved else [])}  # fmt: skip
    log(actor, "objective.updated", objective, fields=sorted(changed))
    if moved:
        log(actor, "objective.moved", objective, old_cycle=old_cycle.pk, new_cycle=cycle.pk)
    # Pace status follows the cycle's dates; weight and state count in the parent's progress;
    # the progress source and share decide the objective's own.
    if moved or {"weight", "state", "progress_source", "aligned_share"} & set(fields):
        _roll_up(locked, [objective.pk], today_for(actor.organization), actor=actor)
    return objective, True


@write_transaction
def archive_objective(actor: Membership, objective: Objective) -> Objective:
    """Hide an objective (restorable); its aligned parent key result forgets its progress."""
    objective, wrote = _updated_objective(actor, objective, state=Objective.State.ARCHIVED)
    if wrote:  # archived already: nothing happened, nothing to record
        log(actor, "objective.archived", objective)
    return objective


@write_transaction
def restore_objective(actor: Membership, objective: Objective) -> Objective:
    objective, wrote = _updated_objective(actor, objective, state=Objective.State.ACTIVE)
    if wrote:
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
    *,
    kept: bool = False,
) -> None:
    """`objective` is the row in `locked`, from _lock_for_alignment. `kept`: the parent is the
    one an original had (create_objective's `kept_parent`), kept even where the actor may not
    see it, as the form keeps it (web.forms.KEEP_HIDDEN_PARENT)."""
    permissions.same_organization(actor, parent_objective, parent_key_result)
    if not kept:
        permissions.visible_or_absent(actor, parent_objective, parent_key_result)
    if parent_objective is not None and parent_key_result is not None:
        raise ValidationError({"parent": _("Align to an objective or to a key result, not both.")})
    target = parent_objective or (parent_key_result.objective if parent_key_result else None)
    # Named as the request names it (the API's parent_objective_id / parent_key_result_id; the
    # form's and the file's "aligned to"): the picker never offers what is refused here
    # (selectors.alignable_parents).
    field = "parent_key_result" if parent_key_result is not None else "parent_objective"
    if target is not None and target.pk == objective.pk:
        raise ValidationError({field: _("An objective cannot be aligned to itself.")})
    if target is not None and rules.creates_alignment_cycle(
        _ancestor_map(target), objective.pk, target.pk
    ):
        raise ValidationError(
            {field: _("An objective cannot be aligned to its own descendant: “%(parent)s” is "
                      "aligned below it, so this alignment would make a loop.")
             % {"parent": target.title}}
        )  # fmt: skip
    if target is not None:
        # The row as locked (_lock_for_alignment): a parent taken back to draft meanwhile counts.
        published_parents.check_parent(
            actor, objective.cycle, locked.get(target.pk, target), parent_key_result, field
        )
    old_parent = _parent_id(objective)
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
        [pk for pk in (old_parent, target.pk if target else None) if pk is not None],
        today_for(actor.organization),
        actor=actor,
    )


@write_transaction
def align_objective(
    actor: Membership,
    objective: Objective,
    *,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    version: int | str | None = None,
) -> Objective:
    """Align an objective under a parent objective or key result (both None: unalign).

    The parent must be one the actor can see: any other is absent (its DoesNotExist, a 404).
    """
    permissions.same_organization(actor, objective)
    locked = _lock_for_alignment(objective, parent_objective, parent_key_result)
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_version(objective, version)
    _check_writable_cycle(objective.cycle, "definition")
    field = "parent_key_result" if parent_key_result is not None else "parent_objective"
    _check_not_archived(objective, fields=(field,))
    asked = (getattr(parent_objective, "pk", None), getattr(parent_key_result, "pk", None))
    if asked == (objective.parent_objective_id, objective.parent_key_result_id):
        # The parent it has: no write, so no new version that would make every other client's
        # If-Match a false conflict, and no history entry (issue 9, E8).
        return objective
    _set_alignment(actor, objective, parent_objective, parent_key_result, locked)
    Objective.objects.filter(pk=objective.pk).update(version=F("version") + 1)
    objective.refresh_from_db()
    return objective


@write_transaction
def reorder_objectives(actor: Membership, objectives: Sequence[Objective]) -> None:
    locked = _lock_objectives((objective.pk for objective in objectives), roll_up=False)
    moved = False
    for position, objective in enumerate(objectives):
        permissions.same_organization(actor, objective)
        permissions.require(permissions.can_edit_objective(actor, objective))
        if locked[objective.pk].position != position:
            _check_writable_cycle(locked[objective.pk].cycle, "order", "objectives")
            Objective.objects.filter(pk=objective.pk).update(position=position)
            moved = True
    if moved:  # the order they already have is no write
        log(actor, "objective.reordered", objectives[0], order=[o.pk for o in objectives])


@write_transaction
def move_objective(actor: Membership, objective: Objective, cycle: Cycle) -> Objective:
    """Move an objective to another cycle (update_objective with `cycle`)."""
    return update_objective(actor, objective, cycle=cycle)


def _carried_values(kr: KeyResult) -> dict:
    """A carried key result's start and direction (rules.carried_forward). One whose progress
    comes from aligned objectives is measured anew by the copy's own aligned objectives."""
    if kr.progress_source != KeyResult.ProgressSource.MANUAL:
        return {}
    start, direction = rules.carried_forward(
        metric_type=kr.metric_type,
        direction=kr.direction,
        start=kr.start_value,
        target=kr.target_value,
        current=kr.current_value,
    )
    # Its title says where it starts too ("从 80 家提升到 100 家"): re-worded to the start it
    # is carried from, never left saying 80 beside a start of 90 (issue 9).
    title = title_from_start(kr.title, kr.unit, kr.start_value, start)
    if title is None:
        raise ValidationError(
            {
                "objectives": _(
                    "“%(title)s” says where it starts, but it goes on from %(start)s: write "
                    "its title without the start, or with %(start)s, before carrying it forward."
                )
                % {"title": kr.title, "start": display.with_unit(start, kr.unit)}
            }
        )
    return {"title": title, "start_value": start, "direction": direction}


@write_transaction
def copy_objective(
    actor: Membership,
    objective: Objective,
    cycle: Cycle | None = None,
    *,
    parent_objective: Objective | None = None,
    parent_key_result: KeyResult | None = None,
    carried: bool = False,
) -> Objective:
    """Copy an objective and its active key results into a cycle (by default the next one of
    the same kind), aligned to the parent given (the copy of the original's parent,
    cycles.prepare_next_cycle) or to none. A copy is a template: its key results start where the
    original's started. `carried`: the copy is the one "prepare the next cycle" makes
    (Objective.carried_from), made once per cycle, whose key results go on from their last
    measured value (rules.carried_forward). Confidence is never copied: a new cycle's is given
    anew.

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
            "scale_confirmed": True,  # stored values, kept or confirmed when they were typed
            **(_carried_values(kr) if carried else {}),
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
        progress_source=objective.progress_source,
        aligned_share=objective.aligned_share,
        collaborators=list(objective.collaborators.all()),
        key_results=key_results,
        parent_objective=parent_objective,
        parent_key_result=parent_key_result,
        # Carried forward, it keeps its original's parent (or that parent's copy).
        kept_parent=carried,
    )
    if carried:
        copy.carried_from = objective
        copy.save(update_fields=["carried_from"])
    log(actor, "objective.copied", copy, source=objective.pk)
    return copy
