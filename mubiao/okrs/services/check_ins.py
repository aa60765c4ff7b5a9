"""Check-ins."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.okrs import limits, number_input
from mubiao.okrs.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
)
from mubiao.okrs.services._common import (
    _check_not_archived,
    _check_version,
    _check_writable_cycle,
    _confidence,
    log,
)
from mubiao.okrs.services.key_results import (
    _lock_key_result_on_the_way,
    refuse_value_of_aligned,
)
from mubiao.okrs.services.progress import (
    _manual_progress,
    _roll_up,
    beyond_stored_progress,
)
from mubiao.okrs.services.scale import OFF_SCALE, in_units_of, off_scale, taken_as_typed
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Organization
from mubiao.orgs.rules import today_for
from mubiao.transactions import write_transaction


@write_transaction
def check_in(
    actor: Membership,
    key_result: KeyResult,
    *,
    value,
    confidence: int | None = None,
    note: str = "",
    source_url: str = "",
    at: datetime | None = None,
    via: str = "",
    next_step: str = "",
    is_blocker: bool = False,
    scale_confirmed: bool = False,
    version: int | str | None = None,
) -> CheckIn:
    """Record a new value for a key result; it becomes the current value and progress moves
    up the alignment chain. Concurrent check-ins queue on the locks of the alignment chain
    (the module's lock order) rather than lose each other. A back-dated one (`at` before the
    latest check-in) joins the history without replacing the newer current value. `via`
    ("link": a one-tap link from a reminder) is kept in the activity log. `next_step` and
    `is_blocker` (the note names a blocker) feed the weekly report's plans and risks. A value
    100× or 1000× off the key result's range (0.45 on 40 → 60 %) is refused naming the value
    likely meant, unless `scale_confirmed` (the web form's confirm step, the API's
    `confirm_scale`). `version`, the key result's version the caller read (the API's
    If-Match; a web form sending back the value it was loaded with), refuses the check-in
    (Conflict) when the key result changed since: a value read before someone else's check-in
    would put theirs back."""
    permissions.same_organization(actor, key_result)
    kr, locked, on_the_way = _lock_key_result_on_the_way(key_result)
    objective = kr.objective
    permissions.require(permissions.can_check_in(actor, kr))
    _check_version(kr, version)
    _check_writable_cycle(objective.cycle)
    # Archived, or of an archived objective: refused naming which (issue 9).
    _check_not_archived(objective, kr)
    # Nothing is read first: no value may be written on it (refuse_value_of_aligned).
    refuse_value_of_aligned(kr, value, None, "value")
    errors = {}
    number = None
    try:
        levels = (kr.start_value, kr.target_value)
        number = number_input.read_value(
            value, "value", metric_type=kr.metric_type, unit=kr.unit, levels=levels,
            offered=lambda reading: taken_as_typed(kr, reading),
        )  # fmt: skip
    except ValidationError as error:
        errors.update(error.message_dict)
    if number is not None and (beyond := beyond_stored_progress(kr, number, value)):
        # 2,500,000 on a key result in M USD: the unit is named, and 2.5 (issue 9, h9b2).
        errors["value"] = [in_units_of(kr, value, number, confirmable=False) or beyond]
    elif number is not None and not scale_confirmed and (off := off_scale(kr, value, number)):
        errors["value"] = [ValidationError(off, code=OFF_SCALE)]
    try:
        confidence = _confidence(confidence)
    except ValidationError as error:
        errors.update(error.message_dict)
    for name, written in (("note", note), ("next_step", next_step)):
        if problem := limits.text_error(written or "", limits.CHECK_IN_TEXT):
            errors[name] = [problem]
    if len(source_url) > 500 or (source_url and not re.match(r"^https?://\S+$", source_url)):
        errors["source_url"] = [_("Enter a valid URL.")]
    if at is not None and (
        problem := _measured_at_problem(at, objective.cycle, actor.organization)
    ):
        errors["at"] = [problem]
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
    kr.updated_at = timezone.now()
    entry = CheckIn.objects.create(
        organization_id=kr.organization_id,
        key_result=kr,
        author=actor,
        created_at=at,
        value=number,
        confidence=confidence,
        note=note or "",
        next_step=next_step or "",
        is_blocker=bool(is_blocker),
        source_url=source_url or "",
        progress=progress,
        via=via,
    )
    extra = {"via": via} if via else {}
    log(actor, "key_result.checked_in", kr, at=at, value=str(number), previous=str(previous),
        check_in=entry.pk, **extra)  # fmt: skip
    # Stored by _roll_up's one update of the key results, with its progress and status worked
    # out there from the ones before (and so a worse pace told as on every other write).
    statuses = _roll_up(
        locked, [objective.pk], today_for(actor.organization), actor=actor,
        key_results=on_the_way, tell=False,
        written=(kr, ["current_value", "confidence", "last_check_in_at", "version",
                      "updated_at"]),
    )  # fmt: skip
    _notify_check_in(actor, kr, objective, locked, statuses, on_the_way)
    # The active key results of the objectives the rollup walked (objective id -> rows), as
    # stored here, each with its owner: an answer showing what moved (the inline check-in's)
    # reads none of them again (issue 14).
    entry.key_results_on_the_way = on_the_way
    return entry


# A sender's clock a little ahead of the server's is no measurement from the future.
CLOCK_SKEW = timedelta(minutes=5)


def _measured_at_problem(at, cycle: Cycle, organization: Organization) -> str | None:
    """Why `at` cannot be when a value was measured: no time zone, in the future (it would
    stay the current value against every later check-in), or before the cycle began. After the
    cycle's last day is fine: a value measured during grading."""
    if not isinstance(at, datetime) or timezone.is_naive(at):
        return _("Give the measurement time with its time zone.")
    local = at.astimezone(ZoneInfo(organization.time_zone))
    # The time in the organization's zone, named: "18:00" alone is read in the reader's own.
    shown = {
        "at": f"{local:%Y-%m-%d %H:%M} {organization.time_zone}",
        "start": cycle.start_date.isoformat(),
    }
    if at > timezone.now() + CLOCK_SKEW:
        return (
            _("The measurement time %(at)s is in the future; record a value once measured.") % shown
        )
    if local.date() < cycle.start_date:
        return _("The measurement time %(at)s is before the cycle starts on %(start)s.") % shown
    return None


def _answerable_for(objective: Objective) -> list[Membership]:
    """Who answers for an objective, and so hears of check-ins on the OKRs aligned to it: its
    owner for a person's; the owning team's leads for a team's; for the organization's, its
    owners and admins (who set the company's objectives). notify keeps only those who may see
    the aligned objective. One query, none for a person's objective (its owner is read)."""
    if objective.owner_type == Objective.OwnerType.PERSON:
        return [objective.owner_member] if objective.owner_member_id else []
    people = Membership.objects.filter(organization_id=objective.organization_id)
    if objective.owner_type == Objective.OwnerType.TEAM:
        people = people.filter(
            team_memberships__team_id=objective.owner_team_id, team_memberships__is_lead=True
        )
    else:
        people = people.filter(role__in=[Membership.Role.OWNER, Membership.Role.ADMIN])
    # With their choices: notify reads no preference of its own (issue 14).
    return list(people.select_related("user", "notify_preference").distinct())


def _notify_check_in(
    actor: Membership,
    kr: KeyResult,
    objective: Objective,
    locked: dict,
    statuses: dict,
    on_the_way: dict[int, list[KeyResult]],
) -> None:
    """Tell who answers for the objective this one is aligned to (_answerable_for; notify
    filters for what each may see) and, as on every write, the owners of the key results
    whose pace got worse (`statuses`, _roll_up's), all in one notify_many: the key results on
    the way and their objectives are the rows locked and read already (issue 14). The parent
    objective is usually one of the chain's objectives locked (and read) for the rollup; one
    aligned without rolling up (a parent objective, not a key result counting its children)
    is read here."""
    from mubiao.notify import messages as kinds
    from mubiao.notify.services import Event, notify_many, pace_worse_events

    known = {}
    for krs in on_the_way.values():
        for row in krs:
            row.objective = locked[row.objective_id]
            known[row.pk] = row
    events = pace_worse_events(
        {pk: tuple(pair) for pk, pair in statuses.items()}, actor=actor, known=known
    )

    parent_id = objective.parent_objective_id or (
        objective.parent_key_result.objective_id if objective.parent_key_result_id else None
    )
    parent = locked.get(parent_id) if parent_id else None
    if parent_id and parent is None:
        parent = (
            Objective.objects.filter(pk=parent_id)
            .select_related("owner_member__user", "owner_member__notify_preference")
            .first()
        )
    # Also with no one to tell: the channels subscribed hear of it.
    if parent is not None:
        owners = _answerable_for(parent)
        events.append(Event(kinds.ALIGNED_CHECKIN, kr.organization_id, actor=actor,
                            objective=objective, key_result=kr, recipients=owners,
                            data={"parent_title": parent.title}))  # fmt: skip
    # The organization as read with the chain, in this transaction.
    notify_many(events, organization=locked[objective.pk].organization)
