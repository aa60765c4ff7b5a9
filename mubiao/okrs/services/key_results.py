"""Key results."""

from collections.abc import Sequence
from copy import copy
from decimal import Context, Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mubiao.okrs import display, limits, number_input, numbers, rules
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
)
from mubiao.okrs.services import published_parents
from mubiao.okrs.services._common import (
    _check_not_archived,
    _check_version,
    _check_writable_cycle,
    _confidence,
    _decimal,
    _weight,
    log,
    stored_values,
)
from mubiao.okrs.services.progress import (
    _lock_objectives,
    _manual_progress,
    _recompute_key_result,
    _roll_up,
    _walked,
    beyond_stored_progress,
    recompute_objective,
)
from mubiao.okrs.services.scale import in_units_of, scale_slips, taken_as_typed
from mubiao.okrs.transfer.readings import (
    TITLE_NUMBERS,
    levels_in_unit,
    levels_unread,
    metric_type_for,
    needs_start,
    numbers_unread,
    read_title,
    title_disagreement_messages,
    title_disagreements,
    title_due_disagreement,
    title_refusals,
    unreadable_messages,
)
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.orgs.rules import today_for
from mubiao.transactions import speaks_actors_language, write_transaction

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


# What a done / not-done or milestone key result always has: a field sent with another value is
# refused naming it (never a success that left it as it was).
_FIXED = {
    KeyResult.MetricType.BOOLEAN: {"start_value": Decimal(0), "target_value": Decimal(1),
                                   "direction": KeyResult.Direction.INCREASE, "unit": ""},
    KeyResult.MetricType.MILESTONE: {"start_value": Decimal(0), "target_value": Decimal(100),
                                     "direction": KeyResult.Direction.INCREASE},
}  # fmt: skip
# A milestone's and a percent key result's values are percentages, so "%" is the only unit
# either may be given besides none, and "%" is what is stored whichever was given: one key
# result has one unit on every path (the API, imports, the forms).
_PERCENT_TYPES = (KeyResult.MetricType.MILESTONE, KeyResult.MetricType.PERCENT)
PERCENT_UNIT = "%"


def _fixed_field_errors(kr: KeyResult, given) -> dict:
    """{field: message} for each field `given` in this write that a done / not-done or
    milestone key result cannot take (a direction, start or target, a unit on done / not
    done), as `kr` holds them before they are set to what that type always has."""
    fixed = _FIXED.get(kr.metric_type, {})
    errors = {}
    if "unit" in given and kr.metric_type in _PERCENT_TYPES:
        if (kr.unit or "").strip() not in ("", "%"):
            errors["unit"] = _(
                "A percent or milestone key result is counted in percent; leave its unit out "
                "or write %."
            )
        fixed = {name: value for name, value in fixed.items() if name != "unit"}
    for field in sorted(set(given) & set(fixed)):
        value = getattr(kr, field)
        if field == "unit":
            value = (value or "").strip()
        if value != fixed[field]:
            if kr.metric_type == KeyResult.MetricType.BOOLEAN:
                errors[field] = _(
                    "A done / not-done key result has no start, target, direction or unit to "
                    "set; leave this out."
                )
            else:
                errors[field] = _(
                    "A milestone key result always goes up from 0 to 100 percent; leave its "
                    "start, target and direction out."
                )
    return errors


def _validate_key_result(kr: KeyResult, cycle: Cycle, given=(), *, measured=True) -> None:
    """Refuses what cannot be stored; `given`: the fields this write sent (the fields a done /
    not-done or milestone key result cannot take are refused when sent, else set);
    `measured`: this write sets how the key result is measured (a rename of one stored before
    start = target was refused is not refused for it)."""
    errors = {}
    if problem := limits.title_error(kr.title, max_length(KeyResult, "title")):
        errors["title"] = problem
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
    if (
        kr.metric_type == KeyResult.MetricType.BOOLEAN
        and kr.progress_source == KeyResult.ProgressSource.CHILDREN
    ):
        # Aligned objectives give a share done (0–100 %); done / not done has no share to show.
        errors["progress_source"] = _(
            "A done / not-done key result is marked done by hand; it cannot take its progress "
            "from aligned objectives. Make it a number or percent key result first."
        )
    errors.update(_fixed_field_errors(kr, given))
    if kr.metric_type in _PERCENT_TYPES:
        kr.unit = PERCENT_UNIT  # its values are percentages whatever unit is held
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        kr.start_value, kr.target_value = Decimal(0), Decimal(1)
        kr.direction = KeyResult.Direction.INCREASE
        kr.unit = ""
    elif kr.metric_type == KeyResult.MetricType.MILESTONE:
        kr.start_value, kr.target_value = Decimal(0), Decimal(100)
        kr.direction = KeyResult.Direction.INCREASE
    elif "metric_type" not in errors and "direction" not in errors:
        errors.update(_direction_errors(kr))
    if measured and _measures_nothing(kr):
        errors["target_value"] = _(
            "The target equals the start value, so the key result would be done before any "
            "work: change one of them, or choose at least / at most to keep a level."
        )
    manual = kr.progress_source == KeyResult.ProgressSource.MANUAL
    if not errors and manual and (beyond := beyond_stored_progress(kr, kr.current_value)):
        if "current_value" in given:
            # A full amount on a unit with a magnitude (2,500,000 on M USD) names the unit.
            typed = given["current_value"] if isinstance(given, dict) else kr.current_value
            errors["current_value"] = in_units_of(
                kr, typed, kr.current_value, confirmable=False
            ) or beyond_stored_progress(kr, kr.current_value, typed)
        else:
            errors["target_value"] = beyond
    if kr.due_date and not (cycle.start_date <= kr.due_date <= cycle.end_date):
        errors["due_date"] = _("The due date must fall within the cycle (%(start)s – %(end)s).") % {
            "start": cycle.start_date.isoformat(),
            "end": cycle.end_date.isoformat(),
        }
    if errors:
        raise ValidationError(errors)


def _direction_errors(kr: KeyResult) -> dict:
    """{target_value: message} where `kr`'s target goes against its direction."""
    if not rules.against_direction(kr.direction, kr.start_value, kr.target_value):
        return {}
    if kr.direction == KeyResult.Direction.INCREASE:
        return {
            "target_value": _(
                "For an increasing key result the target must not be below the start value."
            )
        }
    return {
        "target_value": _(
            "For a decreasing key result the target must not be above the start value."
        )
    }


def _type_of_unit(fields: dict) -> None:
    """A key result given a unit and no metric type is measured as the unit says, on every
    route (the API, the services, the writing page, the imports): `%` a percentage, a
    currency (`万元`, `元`, `USD`) an amount of money, any other a number (readings.
    metric_type_for, the rule a title's unit follows). A metric type sent wins (issue 9,
    h9y: the API and the services stored a number where an import stored currency)."""
    if fields.get("metric_type"):
        return
    fields.pop("metric_type", None)
    unit = numbers.clean_unit(fields.get("unit"))
    if unit and (kind := metric_type_for(unit)) != KeyResult.MetricType.NUMBER:
        fields["metric_type"] = kind


def _refuse_money_in_percent(kr: KeyResult, fields: dict) -> None:
    """An amount of money counted in `%`: the metric type and the unit sent contradict each
    other, and neither is taken over the other (docs/api.md): refused naming both."""
    if (
        {"metric_type", "unit"} & set(fields)
        and kr.metric_type == KeyResult.MetricType.CURRENCY
        and (kr.unit or "").strip() == PERCENT_UNIT
    ):
        said = _(
            "An amount of money is not counted in %(unit)s: choose the metric type percent, or "
            "give the currency as the unit."
        ) % {"unit": PERCENT_UNIT}
        raise ValidationError({"metric_type": [said], "unit": [said]})


def _apply_key_result_fields(
    actor: Membership, kr: KeyResult, fields: dict, *, direction_from_numbers: bool = False
) -> None:
    """Set `fields` on `kr`, each read as typed. `direction_from_numbers`: this write takes
    the direction from the start and target (_direction_of_numbers), so that a start or
    target's "did you mean" offers only the readings the write then takes."""
    unknown = set(fields) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name, value in fields.items():
        if name in _VALUES:
            continue  # read below, in the metric type and unit this write leaves
        if name == "weight":
            value = _weight(actor, value, kr.weight)
        elif name == "owner":
            permissions.same_organization(actor, value)
        elif name == "title":
            value = limits.one_line(value)
        elif name == "unit":
            value = numbers.clean_unit(value)
        elif name == "confidence":
            value = _confidence(value)
        setattr(kr, name, value)
    _refuse_money_in_percent(kr, fields)
    if not kr.unit and kr.metric_type in _UNIT_FROM_VALUES:
        # As an import's row: a key result given no unit takes the one its values are written
        # in (`¥5,000`; `2亿` on creation: 2 亿), or is refused naming both where they disagree.
        kr.unit = number_input.values_unit(
            {name: fields[name] for name in _VALUES if name in fields}, magnitude=kr.pk is None
        )
    # Each value is read, and those refused are read again once the others are set, so that
    # what a refusal offers is weighed against the range this write leaves (a start's
    # offers against the target sent with it, not the target held before).
    refused = []
    for name in _VALUES:
        if name in fields:
            try:
                setattr(kr, name, _read_value(kr, fields[name], name, direction_from_numbers))
            except ValidationError:
                refused.append(name)
    errors = {}
    for name in refused:
        try:
            _read_value(kr, fields[name], name, direction_from_numbers)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


# The metric types counted in a unit of their own (a percentage's is %; done / not-done and
# milestone key results have none).
_UNIT_FROM_VALUES = (KeyResult.MetricType.NUMBER, KeyResult.MetricType.CURRENCY)

# The fields that say how a key result is measured.
_MEASURED_BY = {"metric_type", "direction", "start_value", "target_value", "progress_source"}


def _measures_nothing(kr: KeyResult) -> bool:
    """An increase or decrease whose target is its start: done at creation, whatever happens.
    A level kept (at least / at most, 保持) is legitimately its own start (DESIGN §4)."""
    return (
        kr.progress_source == KeyResult.ProgressSource.MANUAL
        and kr.metric_type in _NEEDS_TARGET
        and kr.direction in (KeyResult.Direction.INCREASE, KeyResult.Direction.DECREASE)
        and kr.start_value == kr.target_value
    )


# A key result's values, read after its metric type and unit (a string means one value on every
# path: "2,000", "280人", "5万元" on a 千元 key result, "62%" on a percent one).
_VALUES = ("start_value", "target_value", "current_value")


def _read_value(kr: KeyResult, value, name: str, direction_from_numbers: bool = False):
    """`value` sent or typed for `name`, read as a check-in's (number_input.read_value: `完成`
    on a done / not-done key result, `280人` in 人). The start and target of a done / not-done
    or milestone key result are fixed (_FIXED): read as plain numbers, so that one sent with
    another value is refused as such, not as a word that is no answer."""
    if name != "current_value" and kr.metric_type in _FIXED:
        return _decimal(value, name, level=True)
    levels = (kr.start_value, kr.target_value)
    # A value's "did you mean" offers only what is then taken as typed: a current value's
    # as a check-in's does (scale.taken_as_typed), a start's or target's within the range
    # rules (issue 9, h9u: `1.500` as the start of 100 → 1,500 offered 1,500, the target
    # then "equal to the start").
    if name == "current_value":
        offered = lambda reading: taken_as_typed(kr, reading)  # noqa: E731
    else:
        offered = lambda reading: level_taken_as_typed(kr, name, reading, direction_from_numbers)  # noqa: E731
    return number_input.read_value(
        value, name, metric_type=kr.metric_type, unit=kr.unit or "", levels=levels,
        offered=offered,
    )  # fmt: skip


def level_taken_as_typed(
    kr: KeyResult, name: str, typed: str, direction_from_numbers: bool
) -> bool:
    """Whether `typed` as `kr`'s start or target (`name`) is stored as typed, asked nothing:
    read as such, its range kept in its direction (or the direction taken from it), not
    measuring nothing, no progress beyond what is stored, no slip of scale to ask about."""
    levels = (kr.start_value, kr.target_value)
    try:
        number = number_input.read_value(
            typed, name, metric_type=kr.metric_type, unit=kr.unit or "", levels=levels
        )
    except ValidationError:
        return False
    kr = copy(kr)
    following = kr.current_value == kr.start_value  # unmeasured: stands at its start
    setattr(kr, name, number)
    if following:
        kr.current_value = kr.start_value
    if direction_from_numbers:
        _direction_of_numbers(kr)
    manual = kr.progress_source == KeyResult.ProgressSource.MANUAL
    return not (
        _direction_errors(kr)
        or _measures_nothing(kr)
        or (manual and beyond_stored_progress(kr, kr.current_value))
        or scale_slips(kr, {name: typed})
    )


def level_offers(
    name: str, metric_type, unit: str, start, target, direction=None, title_direction=None
):
    """What a start's or target's "did you mean" may offer where it is read before the key
    result exists (a file's row, the writing page's field; number_input.message's `offered`):
    the readings the key result then takes as typed (level_taken_as_typed), `name` read against
    the other end (`start`, `target`; a blank start is the column's 0); any reading where the
    target is unknown. `direction`: the one given; else `title_direction()`, the one its title
    says, if any; else the one its numbers go."""
    if name == "start_value" and target is None:
        return None
    start = Decimal(0) if start is None else start
    percent = unit == "%" and metric_type in (None, "", KeyResult.MetricType.PERCENT)
    kind = KeyResult.MetricType.PERCENT if percent else metric_type or KeyResult.MetricType.NUMBER

    def taken(reading: str) -> bool:
        said = direction or (title_direction() if title_direction else None)
        kr = KeyResult(metric_type=kind, unit=unit, start_value=start, current_value=start,
                       target_value=start if target is None else target,
                       direction=said or KeyResult.Direction.INCREASE)  # fmt: skip
        return level_taken_as_typed(kr, name, reading, not said)

    return taken


def refuse_value_of_aligned(kr: KeyResult, value, stored, field: str) -> None:
    """Refuse (on `field`) `value` written over `stored` on a key result that takes its progress
    from its aligned objectives (rules.value_written_by_hand): the one check of a check-in,
    an update's current value and a new key result's (an import's `current`)."""
    if rules.value_written_by_hand(kr.progress_source, value, stored):
        raise ValidationError(
            {field: _("This key result takes its progress from its aligned objectives.")}
        )


def _build_key_result(
    actor: Membership,
    objective: Objective,
    cycle: Cycle,
    *,
    position: int,
    refuse_unapplied: bool = False,
    scale_confirmed: bool = False,
    title_checked: bool = False,
    title_due: bool = True,
    **fields,
) -> KeyResult:
    """A validated, unsaved key result with its progress and pace status computed.
    `refuse_unapplied`: a field its metric type cannot take (_FIXED) is refused naming it, as
    the API answers what a client sent; imports, templates and the pages' hidden fields leave
    it to the type. `title_checked`: a number sent against the title's is refused (the API; a
    file's columns are what was exported, its title written before, as the web form asks).
    `title_due=False`: a due date the title states is not taken (an import said that it lies
    outside the cycle: readings.outside_note)."""
    kr = KeyResult(organization_id=actor.organization_id, objective=objective, position=position)
    fields.setdefault("owner", objective.owner_member)
    if fields.get("direction") in ("", None):
        fields.pop("direction", None)  # the form's "automatic", the API's left out
    # A missing target is said with every other field's refusal, in one answer.
    missing, stated = (
        _target_stated(fields, title_checked, cycle, title_due) if refuse_unapplied else ({}, None)
    )
    _type_of_unit(fields)
    try:
        automatic = "direction" not in fields
        _apply_key_result_fields(actor, kr, fields, direction_from_numbers=automatic)
        if automatic:
            _direction_of_numbers(kr)
        if stated is not None:
            _refuse_title_disagreement(kr, *stated)
        _start_of_kept_level(kr, fields)
        _start_of_a_change(kr, fields)
        if "current_value" not in fields:
            kr.current_value = kr.start_value
        refuse_value_of_aligned(kr, kr.current_value, kr.start_value, "current_value")
        _refuse_scale_slips(kr, fields, scale_confirmed)
        _validate_key_result(kr, cycle, given=fields if refuse_unapplied else ())
    except ValidationError as error:
        # error_dict, not message_dict: a refusal's code (OFF_SCALE) reaches the pages' confirm step
        raise ValidationError({**error.error_dict, **missing}) from None
    if missing:
        raise ValidationError(missing)
    if kr.metric_type in (KeyResult.MetricType.BOOLEAN, KeyResult.MetricType.MILESTONE) and (
        "current_value" not in fields
    ):
        kr.current_value = Decimal(0)
    if kr.current_value != kr.start_value and kr.progress_source == KeyResult.ProgressSource.MANUAL:
        # A current value given on creation was measured now: it is the first check-in, so
        # that the history explains every value the key result shows (first_check_in).
        kr.last_check_in_at = timezone.now()
    # No aligned objectives yet.
    _recompute_key_result(kr, cycle, today_for(actor.organization), {}, actor.organization)
    limits.check(kr)  # bulk_create sends no pre_save
    return kr


def _direction_of_numbers(kr: KeyResult) -> None:
    """The direction nobody chose (the API's left out, the writing form's "automatic", a file
    without the column, a title that says none) is the one the start and target say: down
    from 10 to 3 分钟 is a decrease, never an increase invented for it and then refused as
    "the target must not be below the start" (issue 9, h9b2). A direction chosen is kept,
    and refused where the numbers say the other way."""
    if kr.metric_type in _NEEDS_TARGET and kr.target_value < kr.start_value:
        kr.direction = KeyResult.Direction.DECREASE
    elif kr.metric_type in _NEEDS_TARGET:
        kr.direction = KeyResult.Direction.INCREASE


def _start_of_kept_level(kr: KeyResult, fields: dict) -> None:
    """A level kept at most / at least a target (成本不超过 50 万) starts where it stands: the
    start given, else the current value given; with neither it is refused naming the start,
    on every path that creates one (issue 9 S2): the column's 0 would be stored as a value
    nobody entered, under every ceiling, done before any check-in."""
    if kr.metric_type not in _NEEDS_TARGET or kr.progress_source != KeyResult.ProgressSource.MANUAL:
        return
    start_given = fields.get("start_value") is not None
    current = fields.get("current_value") is not None
    if rules.needs_written_start(kr.direction, start_given=start_given, current_given=current):
        raise ValidationError(
            {
                "start_value": _(
                    "Enter the start value: where the level stands now. A level kept at most "
                    "or at least its target has no start of its own, and none is assumed."
                )
            }
        )
    if kr.direction in rules.KEPT and not start_given:
        kr.start_value = kr.current_value  # where it stands, as given


def _start_of_a_change(kr: KeyResult, fields: dict) -> None:
    """An increase or decrease given no start starts at the column's 0; where 0 cannot be its
    start (a decrease to 5, an increase to 0 or to -5) the start is asked for, as a level kept
    asks for it, rather than the target refused against a start nobody typed ("the target
    must not be above the start value" for a start left blank)."""
    if (
        fields.get("start_value") is not None
        or fields.get("target_value") is None
        or kr.metric_type not in _NEEDS_TARGET
        or kr.progress_source != KeyResult.ProgressSource.MANUAL
    ):
        return
    if kr.direction == KeyResult.Direction.DECREASE and kr.target_value >= kr.start_value:
        said = _(
            "Enter the start value: where the level stands now. A decreasing key result goes "
            "down from its start to its target, and none is assumed."
        )
    elif kr.direction == KeyResult.Direction.INCREASE and kr.target_value <= kr.start_value:
        said = _(
            "Enter the start value: where the level stands now. Without one an increasing key "
            "result starts at 0, which is not below this target."
        )
    else:
        return
    raise ValidationError({"start_value": said})


def _refuse_scale_slips(kr: KeyResult, fields: dict, confirmed: bool) -> None:
    """Before the range's own checks: target 0.6 on a 40 % start is a slip of scale to name,
    not a target below the start."""
    if not confirmed and (slips := scale_slips(kr, fields)):
        raise ValidationError(slips)


# What a key result's values are read by, for scale_slips_of.
_READ_WITH = ("metric_type", "unit", "direction", "progress_source", *_VALUES)


@speaks_actors_language
def scale_slips_of(actor: Membership, fields: dict) -> dict[str, list[ValidationError]]:
    """The values of a new key result's `fields` (as create_key_result takes them) typed on
    another scale (scale.scale_slips), for a path that warns rather than asks (an import's
    preview). A field whose typed value cannot be read (blank, a word) is left out, and refused
    by its own field's check when written: it never silences the questions about the others
    (a current value `abc` beside a target 0.6 on a 40 % start). With a start or target left
    out the range is unknown, so only what a value says alone is asked (scale_slips' `ranged`)."""
    read = {name: fields[name] for name in _READ_WITH if name in fields}
    while True:
        # The title says how the numbers were written ("0.8% → 0.3%" is no share of 1).
        kr = KeyResult(organization_id=actor.organization_id, title=fields.get("title") or "")
        try:
            _apply_key_result_fields(actor, kr, read)
            break
        except ValidationError as error:
            # Each refusal names its field (one of `read`): read the others again without it.
            for name in error.error_dict:
                del read[name]
    if "current_value" not in read:
        kr.current_value = kr.start_value
    ranged = all(name in read for name in ("start_value", "target_value") if name in fields)
    return scale_slips(kr, read, ranged=ranged)


@speaks_actors_language
def stored_as(actor: Membership, cycle: Cycle, fields: dict) -> KeyResult | None:
    """The key result an import of `fields` (as create_key_result takes them) into `cycle`
    stores, built by the import's own reading and checks (_build_key_result, as the importer
    calls it), unsaved; None where they refuse it (the refusal is said where the import says
    it). For a preview that answers the values an import stores (/okrtext/parse: a line's
    `{target=1.2万}` was answered as no target while the import stored 1.2 万)."""
    objective = Objective(organization_id=actor.organization_id, cycle=cycle,
                          owner_type=Objective.OwnerType.PERSON, owner_member=actor)  # fmt: skip
    try:
        return _build_key_result(actor, objective, cycle, position=0, refuse_unapplied=True,
                                 scale_confirmed=True, **fields)  # fmt: skip
    except ValidationError:
        return None


# The metric types whose target only the person can state.
_NEEDS_TARGET = (KeyResult.MetricType.NUMBER, KeyResult.MetricType.PERCENT,
                 KeyResult.MetricType.CURRENCY)  # fmt: skip


def _target_stated(
    fields: dict, title_checked: bool, cycle: Cycle, title_due: bool = True
) -> tuple[dict, tuple | None]:
    """A number, percent or currency key result sent (by the API) without some of its numbers
    takes the ones its title states, as the writing form reads them ("NPS 从 30 提升到 50" is
    30 → 50, for the fields not sent; with a target sent, only where `title_checked`: a file's
    columns are its numbers); without a target in either it is refused naming the
    target. A target nobody gave is never assumed (the column's default 100 would be stored as
    their answer). Returns the refusal ({field: message}) to say with the other fields' ones,
    and what the title says with the fields sent, for _refuse_title_disagreement once the
    values sent are read (a field sent against the title is refused, never stored beside it).
    The title is read in `cycle` (read_title, as every route reads it): a due date not sent
    is the one it states, and one it states that cannot be (a day its month lacks, a day
    outside the cycle) is refused naming the due date, never dropped."""
    sent = {name for name in TITLE_NUMBERS if fields.get(name) is not None}
    if not (fields.get("unit") or "").strip():
        sent.discard("unit")  # a blank unit gives none ("Ship v1.2.3 of the SDK": a milestone)
    if "target_value" in sent and not title_checked:
        # A file's columns are the numbers, as exported (round trips); a start or direction
        # it leaves out is the title's, as the API takes them.
        _start_and_direction_stated(fields, cycle, sent)
        return {}, None
    if "target_value" not in sent:
        fields.pop("target_value", None)
    draft = read_title(fields.get("title") or "", cycle)
    dated = _title_due(fields, draft, title_checked) if title_due else {}
    reading = draft.reading
    if (
        title_checked
        and (ambiguous := _unreadable_title(reading))
        and (sent or fields.get("metric_type", KeyResult.MetricType.NUMBER) not in _NEEDS_TARGET)
    ):
        # Numbers sent beside it answer none of the title's (the title alone is asked its
        # target below, in the same words).
        return {**dated, **ambiguous}, None
    no_numbers = reading.target is None or reading.direction == "milestone"
    if not sent and no_numbers and not numbers_unread(reading):
        # "Launch the new onboarding", "12 月底前上线新手引导 2.0" (due on the day it names):
        # a milestone, as the writing form and the imports read it (issue 9), rather than
        # "Enter the target" for a number it never had; a type sent without a target is asked.
        fields.setdefault("metric_type", KeyResult.MetricType.MILESTONE)
    if fields.get("metric_type", KeyResult.MetricType.NUMBER) not in _NEEDS_TARGET or (
        fields.get("progress_source") == KeyResult.ProgressSource.CHILDREN
    ):
        return dated, None
    missing, stated = _numbers_stated(fields, title_checked, draft, sent)
    return {**dated, **missing}, stated


def _start_and_direction_stated(fields: dict, cycle: Cycle, sent: set) -> None:
    """The start and direction a file's row or item with a target leaves out, from its title,
    in the row's unit (levels_in_unit: "从 3 小时降到 2 小时" over 分钟, target 120, starts at
    180 and goes down, not from 0 up). A start only where the row gives its unit or the title
    writes none: the row's target is in that unit ("从 800 万元…" beside a target of
    10000000 and no unit is not known to start at 8,000,000)."""
    if {"start_value", "direction"} <= sent:
        return
    if fields.get("metric_type", KeyResult.MetricType.NUMBER) not in _NEEDS_TARGET:
        return
    draft = read_title(fields.get("title") or "", cycle)
    reading, read = draft.reading, draft.fields
    if reading.target is None or reading.direction == "milestone" or levels_unread(reading):
        return
    unit = fields.get("unit") or ""
    levels = levels_in_unit(read, unit)
    if levels is None:
        return  # units of other kinds: the row's numbers, as written (title_against_columns)
    fields.setdefault("direction", levels["direction"])
    if reading.start is not None and (unit or not read.get("unit")):
        fields.setdefault("start_value", levels["start_value"])


def _unreadable_title(reading) -> dict:
    """{"title": [why]} for a title whose numbers cannot be read without a guess
    (readings.title_refusals), or {}. The API refuses it whatever numbers are sent with it."""
    refused = title_refusals(reading)
    return {"title": refused} if refused else {}


def _title_due(fields: dict, draft, checked: bool = True) -> dict:
    """The due date the title states, for a key result sent without one (`Launch in 3 markets
    by Dec 15`: 2026-12-15, as the writing form and the imports read it), or its refusal
    ({"due_date": [message]}). One sent is the one to store (checked against the cycle with
    the other fields), refused where the title states another day and `checked` (the API:
    a file's due date is its column, said by the import, readings.due_of_title)."""
    if fields.get("due_date") is not None:
        return _due_against_title(draft, fields["due_date"]) if checked else {}
    if refused := draft.refusals.get("due_date"):
        # Said on the title, which states it: no due date was sent (h9x).
        return {"title": refused}
    if draft.fields.get("due_date") is not None:
        fields["due_date"] = draft.fields["due_date"]
    return {}


def _due_against_title(draft, due) -> dict:
    """{"due_date": [message]} for a due date `due` sent beside a title (`draft`) that states
    another day, naming both (issue 9, h9u: "Launch by Jan 20" took a due date of Feb 15
    without a word, where a target against the title was refused), or {}."""
    said = title_due_disagreement(draft, due)
    if said is None:
        return {}
    return {
        "due_date": [
            _(
                "The title says “%(said)s” (%(title_due)s), but the due date sent is %(due)s: "
                "send the title's date, or change the title."
            )
            % said
        ]
    }


def _numbers_stated(
    fields: dict, title_checked: bool, draft, sent: set
) -> tuple[dict, tuple | None]:
    """_target_stated for the numbers of a number, percent or currency key result."""
    reading = draft.reading
    # "成本降低到 5 万元": the target is written, the start is not: asked for unless sent, never
    # taken as the target (a key result done before any check-in).
    asks_start = needs_start(reading) and reading.target_type == "absolute"
    if asks_start and not reading.unreadable and "start_value" not in sent:
        return {"start_value": unreadable_messages(reading, dates=False)}, None
    unread = levels_unread(reading)
    if "target_value" not in sent:
        if unread:
            # "日活跃用户增长 15%": said as the text import says it (a change needs a start).
            return {"target_value": unreadable_messages(reading, dates=False)}, None
        if reading.target is None or reading.direction == "milestone":
            return {"target_value": [_("Enter the target.")]}, None
    elif reading.target is None or reading.direction == "milestone" or unread:
        return {}, None  # no numbers in the title to agree with: the fields sent are the answer
    read = draft.fields
    levels = levels_in_unit(read, fields.get("unit") or "")
    refused = {}
    if levels is None:
        # "2 小时" over 人: no level in the unit given to take for the numbers not sent (the
        # rest is read as written, so that the unit alone is said).
        refused = title_disagreement_messages(read, ["unit"], {"unit": fields.get("unit")})
        levels = read
    for name in TITLE_NUMBERS:
        fields.setdefault(name, levels[name])
    if not fields["unit"]:  # a blank unit gives none: "覆盖 3 万人" is 3 万人, not 3 of nothing
        fields["unit"] = levels["unit"]
    return refused, (read, reading.start is not None, sent) if title_checked else None


def _refuse_title_disagreement(kr: KeyResult, read: dict, baseline_read: bool, compared) -> None:
    """The fields `compared` (read in `kr`'s unit) that say other than its title's numbers
    `read` are refused naming each and what the title says (issue 9: "Grow revenue from 100 to
    200 万元" sent with target 300 stored 0 → 300 beside it)."""
    entered = {name: getattr(kr, name) for name in TITLE_NUMBERS}
    if not baseline_read:
        # Without a start the title's way is the reader's guess ("满意度 90" reads as an
        # increase), not something written: a direction sent (decrease, at most) is the answer,
        # where the writing form, which can be answered "keep", asks.
        compared = [name for name in compared if name != "direction"]
    found = title_disagreements(read, entered, baseline_read=baseline_read, compared=compared)
    if found:
        raise ValidationError(title_disagreement_messages(read, found, entered))


def _title_changed(kr: KeyResult, old_title: str, fields: dict) -> None:
    """A title changed to one that states other numbers ("…到 100 家" → "…到 150 家") is refused
    naming the fields that say otherwise, sent or stored, as the writing form asks: the title
    and the numbers never disagree without a word (the new numbers are sent with the title).
    A due date it states is the key result's unless one is sent with it, or refused naming
    the due date, as on creation (_title_due)."""
    if "title" not in fields or kr.title == old_title:
        return
    draft = read_title(kr.title, kr.objective.cycle)
    if unreadable := _unreadable_title(draft.reading):
        raise ValidationError(unreadable)
    if "due_date" in fields:
        if dated := _due_against_title(draft, kr.due_date):
            raise ValidationError(dated)
    elif kr.due_date is not None:
        # A due date someone set is never moved by a title sent alone (h9x: "Launch X by Dec
        # 25" moved 2026-12-10 without a word): one stating another day is refused on it.
        if said := title_due_disagreement(draft, kr.due_date):
            message = _(
                "The title says “%(said)s” (%(title_due)s), but the key result is due %(due)s: "
                "send the due date with the title, or change the title."
            )
            raise ValidationError({"title": [message % said]})
        if refused := draft.refusals.get("due_date"):
            raise ValidationError({"title": refused})
    else:
        # An empty due date takes the title's day, as on creation; the API says so
        # (readings.due_date_notes).
        if dated := _title_due(fields, draft):
            raise ValidationError(dated)
        kr.due_date = fields.get("due_date")
    _refuse_against_title(kr, draft, TITLE_NUMBERS)


def _refuse_against_title(kr: KeyResult, draft, compared) -> None:
    """_refuse_title_disagreement for the fields `compared`, where the title `draft` (read_title)
    states a level to compare with: a manual number, percent or currency key result whose
    title reads a target that is not a change ("成本降低 10%") nor a milestone."""
    if kr.metric_type not in _NEEDS_TARGET or kr.progress_source != KeyResult.ProgressSource.MANUAL:
        return
    reading = draft.reading
    if reading.target is None or reading.direction == "milestone" or levels_unread(reading):
        # A target stated without its start ("降到 2 小时") is compared as on creation: a
        # PATCH of target 2 on a key result counted in 分钟 was stored beside it.
        return
    read = draft.fields
    _refuse_title_disagreement(kr, read, reading.start is not None, compared)


def _numbers_changed(kr: KeyResult, old_title: str, fields: dict, before: dict) -> None:
    """Numbers changed under an unchanged title that states others (a target of 300 sent to
    "Grow revenue from 100 to 200 万元") are refused naming each changed field and what the
    title says, as on creation (issue 9: refused when created, stored when edited). Only the
    fields this write changes are compared: a key result that already disagrees with its
    title (kept on the writing form, which asks) may still be edited elsewhere."""
    if kr.title != old_title:
        return  # _title_changed compared every number with the new title
    changed = [
        name for name in TITLE_NUMBERS if name in fields and getattr(kr, name) != before[name]
    ]
    # A due date moved under a title stating another day is refused, as on creation (h9u).
    moved = "due_date" in fields and kr.due_date != before["due_date"]
    if moved and (dated := _due_against_title(read_title(kr.title, kr.objective.cycle),
                                              kr.due_date)):  # fmt: skip
        raise ValidationError(dated)
    if not changed:
        return
    # Another metric type says something of every number.
    compared = TITLE_NUMBERS if "metric_type" in changed else changed
    _refuse_against_title(kr, read_title(kr.title, kr.objective.cycle), compared)


def check_room(objective: Objective, adding: int, field: str = "objective") -> None:
    """Refuse (ValidationError on `field`) `adding` active key results to `objective` when it
    would then hold more than limits.ACTIVE_KEY_RESULTS: the one check of every path that adds
    one (create_objective, so an import, a template's form and a copy; create_key_result;
    restore_key_result). A stored objective is counted under its lock (_lock_objectives), so
    that two people adding the last one at once do not both succeed; one not stored yet holds
    none."""
    active = 0
    if objective.pk is not None:
        active = objective.key_results.filter(state=KeyResult.State.ACTIVE).count()
    count = active + adding
    if adding > 0 and count > limits.ACTIVE_KEY_RESULTS:
        message = limits.too_many_key_results(objective.title, count)
        raise ValidationError({field: ValidationError(message, code="too_many_key_results")})


def first_check_in(actor: Membership, kr: KeyResult) -> CheckIn | None:
    """The check-in a saved new key result starts its history with (unsaved), or None: one
    when it was created with a current value other than its start (_build_key_result)."""
    if kr.last_check_in_at is None:
        return None
    return CheckIn(
        organization_id=kr.organization_id, key_result=kr, author=actor,
        created_at=kr.last_check_in_at, value=kr.current_value, confidence=kr.confidence,
        progress=_manual_progress(kr, kr.current_value), via=CheckIn.VIA_CREATED,
    )  # fmt: skip


@write_transaction
def create_key_result(
    actor: Membership,
    objective: Objective,
    *,
    refuse_unapplied: bool = False,
    scale_confirmed: bool = False,
    title_checked: bool = False,
    **fields,
) -> KeyResult:
    """A new key result. A start, target or current value typed on another scale than the
    key result's (scale.scale_slips: target 0.6 with start 40 %) is refused naming the value
    likely meant (code OFF_SCALE), unless `scale_confirmed`; `title_checked` as
    _build_key_result."""
    permissions.same_organization(actor, objective)
    locked = _lock_objectives({objective.pk})
    objective = locked[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _check_writable_cycle(objective.cycle, "definition")
    _check_not_archived(objective, fields=("objective",))
    check_room(objective, 1)  # under the objective's lock, taken above
    last = objective.key_results.aggregate(last=Max("position"))["last"]
    kr = _build_key_result(
        actor, objective, objective.cycle, position=0 if last is None else last + 1,
        refuse_unapplied=refuse_unapplied, scale_confirmed=scale_confirmed,
        title_checked=title_checked, **fields,
    )  # fmt: skip
    kr.save()
    log(actor, "key_result.created", kr, title=kr.title, objective=objective.pk)
    if entry := first_check_in(actor, kr):
        entry.save()
    _roll_up(locked, [objective.pk], today_for(actor.organization), actor=actor)
    kr.refresh_from_db()
    return kr


@write_transaction
def update_key_result(
    actor: Membership,
    key_result: KeyResult,
    *,
    version: int | str | None = None,
    refuse_unapplied: bool = False,
    scale_confirmed: bool = False,
    **fields,
) -> KeyResult:
    """Change the fields given. A start, target or current value typed on another scale (as
    create_key_result) is refused naming the value likely meant, unless `scale_confirmed`."""
    permissions.same_organization(actor, key_result)
    kr, locked = _lock_key_result(key_result)
    permissions.require(permissions.can_edit_objective(actor, kr.objective))
    _check_version(kr, version)
    _check_writable_cycle(kr.objective.cycle, "definition")
    if fields:  # none: archive_key_result / restore_key_result taking the lock
        _check_not_archived(kr.objective, kr, sorted(fields))
    before = stored_values(kr)
    previous, old_type, old_unit, old_title = kr.current_value, kr.metric_type, kr.unit, kr.title
    was_measured = kr.last_check_in_at is not None or previous != kr.start_value
    automatic = fields.get("direction") == ""  # the writing form's "automatic", chosen anew
    if automatic:
        fields.pop("direction")
    if "unit" in fields and not fields.get("metric_type"):
        # A number given a currency as its unit is an amount, as if its type were sent (the
        # values mean the same); given `%` it stays a number counted in %: its values were not
        # typed as percentages (a percentage needs its start and target sent with it).
        implied = {**fields}
        _type_of_unit(implied)
        if kr.metric_type == KeyResult.MetricType.NUMBER and implied.get("metric_type") == (
            KeyResult.MetricType.CURRENCY
        ):
            fields["metric_type"] = KeyResult.MetricType.CURRENCY
    _apply_key_result_fields(actor, kr, fields, direction_from_numbers=automatic)
    if automatic:
        _direction_of_numbers(kr)
    if "current_value" in fields:
        refuse_value_of_aligned(kr, kr.current_value, previous, "current_value")
    if refuse_unapplied:  # the writing form asks this itself, and keeps what is confirmed
        _title_changed(kr, old_title, fields)
        _numbers_changed(kr, old_title, fields, before)
    restated = {"start_value", "target_value"} <= set(fields)
    change = _metric_change(kr, old_type, old_unit, was_measured, restated)
    factor = _convert(kr, old_type, old_unit, fields) if change == "convert" else Decimal(1)
    if not was_measured and "current_value" not in fields:
        # Unmeasured (no check-in, its current value its start), it stands at its start
        # wherever the start moves: given anew (issue 9, probe p2: a PATCH of the start left
        # the current value behind, 12.5 % of a range nobody had measured) or converted. After
        # _convert, which would convert a start given in the new unit once more.
        kr.current_value = kr.start_value
    # A value sent as it is stored, in the terms it was stored in (a form's unchanged field, a
    # PATCH repeating it), was asked about when it was typed: it is not asked about again.
    retyped = {name: value for name, value in fields.items()
               if name not in _VALUES or getattr(kr, name) != before[name]
               or (kr.metric_type, kr.unit) != (old_type, old_unit)}  # fmt: skip
    _refuse_scale_slips(kr, retyped, scale_confirmed)
    _validate_key_result(
        kr,
        kr.objective.cycle,
        given=fields if refuse_unapplied else (),
        measured=bool(set(fields) & _MEASURED_BY),
    )
    _on_metric_change(kr, change, old_type, old_unit, fields)
    if factor != 1:
        previous = _converted(
            previous, factor, old_unit, kr.unit
        )  # measured before, in the new unit
    elif "current_value" not in fields:
        previous = kr.current_value  # a restart at the new start is no measurement
    if stored_values(kr) == before:
        return kr
    # A value typed into the key result is measured now, like a check-in, and joins the history
    # as one: the current value stays the latest check-in's value.
    measured = kr.current_value != previous
    if measured:
        kr.last_check_in_at = timezone.now()
    kr.version += 1
    kr.save()
    if factor != 1:
        _convert_check_ins(kr, factor)
    if measured:
        CheckIn.objects.create(
            organization_id=kr.organization_id, key_result=kr, author=actor,
            created_at=kr.last_check_in_at, value=kr.current_value,
            progress=_manual_progress(kr, kr.current_value),
        )  # fmt: skip
    converted = {"converted": {"from": old_unit, "to": kr.unit, "factor": str(factor)}}
    log(actor, "key_result.updated", kr, fields=sorted(fields),
        **(converted if factor != 1 else {}))  # fmt: skip
    _roll_up(locked, [kr.objective_id], today_for(actor.organization), actor=actor)
    kr.refresh_from_db()
    return kr


def _metric_change(
    kr: KeyResult, old_type: str, old_unit: str, measured: bool, restated: bool
) -> str:
    """rules.on_metric_change for this write (the key result holds what was sent)."""
    checked_in = kr.last_check_in_at is not None and kr.check_ins.exists()
    return rules.on_metric_change(
        old_type=old_type, new_type=kr.metric_type, measured=measured, checked_in=checked_in,
        old_unit=old_unit, new_unit=kr.unit or "", restated=restated,
    )  # fmt: skip


def _convert(kr: KeyResult, old_type: str, old_unit: str, fields: dict) -> Decimal:
    """Into a unit of the same family (万元 → 元): the values not sent with the change (those
    sent were read in the new unit) multiplied by the units' factor, after checking that they
    and every check-in's value can be stored exactly. Returns the factor."""
    factor = rules.values_factor(old_type=old_type, new_type=kr.metric_type,
                                 old_unit=old_unit, new_unit=kr.unit or "")  # fmt: skip
    for name in _VALUES:
        if name not in fields:
            setattr(kr, name, _converted(getattr(kr, name), factor, old_unit, kr.unit))
    for value in kr.check_ins.values_list("value", flat=True):
        _converted(value, factor, old_unit, kr.unit)
    return factor


def _on_metric_change(kr: KeyResult, change: str, old_type: str, old_unit: str, fields) -> None:
    """A changed metric type or unit never re-reads a value in other terms
    (rules.on_metric_change; a conversion is _convert's): an unmeasured key result restarts
    at its new start, a measured one without check-ins needs its current value, and one whose
    check-ins the new terms cannot read is refused, naming the field."""
    terms = (old_type, kr.metric_type, old_unit, kr.unit or "")
    if change == "restart" and "current_value" not in fields:
        kr.current_value = kr.start_value
    elif change == "refuse":
        raise ValidationError(_check_ins_refusal(*terms))
    elif change == "restate":
        raise ValidationError(_restate_refusal(*terms))
    elif change == "ask" and "current_value" not in fields:
        raise ValidationError({"current_value": _current_value_question(*terms)})


# A factor between units of time is a repeating decimal (1/60 for 分钟 → 小时): a product is
# read to 20 significant digits, so that 3 分钟 is 0.05 小时, not 0.05000…001 refused as inexact.
_CONVERSION = Context(prec=20)


def _converted(value: Decimal, factor: Decimal, old_unit: str, new_unit: str) -> Decimal:
    """`value` in the new unit, or a refusal on the unit where it cannot be stored exactly
    (1.5 元 is 0.00015 万元: more decimal places than are kept)."""
    converted = _CONVERSION.plus(value * factor)
    if converted != converted.quantize(Decimal(1).scaleb(-numbers.STORED_PLACES)) or (
        abs(converted) > numbers.MAX_ABS
    ):
        raise ValidationError(
            {"unit": _(
                "%(value)s in “%(new)s” is %(converted)s, which cannot be stored exactly "
                "(up to %(places)s decimal places, within ±10¹⁵): keep “%(old)s”."
            ) % {"value": display.with_unit(value, old_unit), "old": old_unit,
                 "new": new_unit, "converted": display.number(converted),
                 "places": numbers.STORED_PLACES}}
        )  # fmt: skip
    return converted.quantize(Decimal(1).scaleb(-numbers.STORED_PLACES))


def _convert_check_ins(kr: KeyResult, factor: Decimal) -> None:
    """Every check-in's value in the key result's new unit (the same amounts: progress and
    the history read as before); _on_metric_change checked that each is stored exactly."""
    check_ins = list(kr.check_ins.only("pk", "value"))
    for entry in check_ins:
        entry.value = _CONVERSION.plus(entry.value * factor).quantize(
            Decimal(1).scaleb(-numbers.STORED_PLACES)
        )
    CheckIn.objects.bulk_update(check_ins, ["value"], batch_size=500)


def _type_labels(old_type: str, new_type: str) -> dict:
    """A metric type change as its refusals name it: each type's label."""
    return {
        "old": KeyResult.MetricType(old_type).label,
        "new": KeyResult.MetricType(new_type).label,
    }


def _check_ins_refusal(old_type: str, new_type: str, old_unit: str, new_unit: str) -> dict:
    """{field: why} for a metric type or unit not changed under check-ins counted in the old
    terms (they would read as other amounts)."""
    if old_type != new_type:
        return {"metric_type": _(
            "This key result has check-ins measured as %(old)s; measured as %(new)s, they "
            "would read as something else. Keep it measured as %(old)s, or add a new key "
            "result measured as %(new)s."
        ) % _type_labels(old_type, new_type)}  # fmt: skip
    if not new_unit:
        return {"unit": _(
            "This key result's check-ins are counted in “%(old)s”; without a unit they would "
            "read as plain numbers. Keep “%(old)s”, or add a new key result without a unit."
        ) % {"old": old_unit}}  # fmt: skip
    return {"unit": _(
        "This key result's check-ins are counted in “%(old)s”, which does not convert into "
        "“%(new)s”: they would read as “%(new)s”. Keep “%(old)s”, or add a new key result "
        "counted in “%(new)s”."
    ) % {"old": old_unit, "new": new_unit}}  # fmt: skip


def _restate_refusal(old_type: str, new_type: str, old_unit: str, new_unit: str) -> dict:
    """{field: why} for a changed unit or metric type whose start and target would read as
    other amounts (0 → 140 人 as 0 → 140 次, a number 0 → 140 as 0 → 140 %): they are asked
    for in the new terms, in the same change."""
    if old_type != new_type:
        return {"metric_type": _(
            "This key result's start and target are measured as %(old)s; measured as %(new)s "
            "they would mean something else. Give the start and target as %(new)s too, with "
            "the change."
        ) % _type_labels(old_type, new_type)}  # fmt: skip
    if not new_unit:
        return {"unit": _(
            "This key result's start and target are counted in “%(old)s”; without a unit they "
            "would mean something else. Give the start and target as plain numbers too, with "
            "the change."
        ) % {"old": old_unit}}  # fmt: skip
    return {"unit": _(
        "This key result's start and target are counted in “%(old)s”; in “%(new)s” they would "
        "mean something else. Give the start and target in “%(new)s” too, with the change."
    ) % {"old": old_unit, "new": new_unit}}  # fmt: skip


def _current_value_question(old_type: str, new_type: str, old_unit: str, new_unit: str) -> str:
    """Why a measured key result's current value is asked for with its new metric type or
    unit; a unit that is none is said so (it read "counted in “”")."""
    if old_type != new_type:
        return _(
            "This key result was measured as %(old)s; measured as %(new)s, its current "
            "value would mean something else. Enter its current value as %(new)s with the "
            "change."
        ) % _type_labels(old_type, new_type)
    if not old_unit:
        return _(
            "This key result had no unit; in “%(new)s” its current value would mean something "
            "else. Enter its current value in “%(new)s” with the change."
        ) % {"new": new_unit}
    if not new_unit:
        return _(
            "This key result was counted in “%(old)s”; without a unit its current value would "
            "mean something else. Enter its current value as a plain number with the change."
        ) % {"old": old_unit}
    return _(
        "This key result was counted in “%(old)s”; in “%(new)s” its current value would "
        "mean something else. Enter its current value in “%(new)s” with the change."
    ) % {"old": old_unit, "new": new_unit}


def _lock_key_result(
    key_result: KeyResult, *, roll_up: bool = True
) -> tuple[KeyResult, dict[int, Objective]]:
    """A key result read under its objective's lock (a key result is written only by whoever
    holds that lock: step 2 of the lock order), and the locked objectives."""
    locked = _lock_objectives({key_result.objective_id}, roll_up=roll_up)
    kr = KeyResult.objects.get(pk=key_result.pk)
    kr.objective = locked[kr.objective_id]
    return kr, locked


def _lock_key_result_on_the_way(
    key_result: KeyResult,
) -> tuple[KeyResult, dict[int, Objective], dict[int, list[KeyResult]]]:
    """_lock_key_result for a write that rolls up, plus the active key results of every
    objective the rollup walks (_roll_up's `key_results`), read in the same query: the key
    result is the very instance among them, so the rollup sees it as written, each with its
    owner and their choices, whom a pace that got worse is told (a check-in's queries, issue
    14)."""
    locked = _lock_objectives({key_result.objective_id})
    walked = _walked(locked, [key_result.objective_id])
    krs_of: dict[int, list[KeyResult]] = {}
    kr = None
    for row in (
        KeyResult.objects.filter(
            Q(pk=key_result.pk) | Q(objective_id__in=walked, state=KeyResult.State.ACTIVE)
        )
        .select_related("owner__user", "owner__notify_preference")
        .order_by("objective_id", "pk")
    ):
        if row.pk == key_result.pk:
            kr = row
        if row.state == KeyResult.State.ACTIVE and row.objective_id in walked:
            krs_of.setdefault(row.objective_id, []).append(row)
    if kr is None:
        raise KeyResult.DoesNotExist
    kr.objective = locked[kr.objective_id]
    return kr, locked, krs_of


def _set_key_result_state(actor: Membership, key_result: KeyResult, state: str, verb: str):
    kr = update_key_result(actor, key_result)  # locks, checks the right to edit
    # A key result of an archived objective is neither archived nor restored on its own: its
    # objective is restored first (issue 9).
    _check_not_archived(kr.objective, kr, ("state",), own_state=False)
    if kr.state == state:
        return kr  # the state it has: no new version, no history entry (issue 9, E8)
    if state == KeyResult.State.ACTIVE:
        check_room(kr.objective, 1)  # under the lock update_key_result took
    if state == KeyResult.State.ARCHIVED:
        # Objectives aligned to it keep a live parent (published_parents).
        published_parents.check_key_result_children(actor, kr)
    KeyResult.objects.filter(pk=kr.pk).update(state=state, version=F("version") + 1)
    log(actor, verb, kr)
    recompute_objective(kr.objective, actor=actor)
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
    _check_not_archived(objective, fields=("key_results",))
    stored = dict(objective.key_results.values_list("pk", "position"))
    for kr in key_results:
        if kr.objective_id != objective.pk:
            raise ValidationError({"key_results": _("A key result belongs to another objective.")})
    moved = [(position, kr) for position, kr in enumerate(key_results)
             if stored.get(kr.pk) != position]  # fmt: skip
    if not moved:
        return  # the order it already has: nothing to write
    _check_writable_cycle(objective.cycle, "order", "key_results")
    for position, kr in moved:
        KeyResult.objects.filter(pk=kr.pk).update(position=position)
    log(actor, "key_result.reordered", objective, order=[kr.pk for kr in key_results])
