"""Values typed on another scale than the key result's ("did you mean"), on every path that
takes a typed value: check-ins, edits of the current value, starts and targets."""

from copy import copy

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mubiao.okrs import number_input, numbers, rules
from mubiao.okrs.models import KeyResult
from mubiao.okrs.number_input import grouped
from mubiao.okrs.services.progress import beyond_stored_progress
from mubiao.okrs.wording import fill
from mubiao.okrtext import read_key_result

# The code of a refusal a person may confirm (web: the form's confirm step; API: confirm_scale).
OFF_SCALE = "off_scale"


def off_scale(kr: KeyResult, typed, number) -> str | None:
    """Why `number` (typed as `typed`) should be confirmed before it is stored on `kr`, or
    None: far from the range (rules.far_from_range), naming the value likely meant where a
    slip of scale explains it (rules.meant_on_scale); `1.200` read as 1.2 far below a range
    that holds 1,200; a bare share of 1 on a percentage."""
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        return None
    start, target = kr.start_value, kr.target_value
    if question := in_units_of(kr, typed, number, confirmable=True):
        return question
    if rules.far_from_range(number, start, target):
        factor = numbers.unit_factor(kr.unit)
        # A magnitude written in words (`十万`, `0.5亿` on a key result in 万元, `250k`) was
        # read exactly as meant: no slip of scale to suggest (十万 is no 100 with three zeros
        # too many), but the value it reads as is said, as far from the range as it is.
        magnitude = numbers.typed_with_magnitude(typed)
        # Thousands written in groups (`1.200.000`, `1,200,000`) have every zero written on
        # purpose: the value in the unit's base is suggested (250,000 on k USD: 250), never a
        # zero too many (1,200 is not what `1.200.000` says).
        # A value typed in another unit (`2 hours` on minutes: 120) was converted exactly:
        # the value it reads as is said, no slip of digits the person never typed (12).
        converted = numbers.typed_in_another_unit(typed, kr.unit)
        slips = not numbers.typed_in_groups(typed) and not converted
        meant = None if magnitude else rules.meant_on_scale(number, start, target, factor,
                                                            slips=slips)  # fmt: skip
        shown = {
            "value": number_input.quoted(typed),
            "start": grouped(start),
            "target": grouped(target),
            "unit": f" {kr.unit}" if kr.unit and kr.unit != "%" else kr.unit,
        }
        if magnitude or converted or (meant is None and not slips):
            return _(
                "“%(value)s” was read as %(read)s, far from this key result's range "
                "(%(start)s → %(target)s%(unit)s). Check it, then confirm “%(value)s” or "
                "enter another value."
            ) % {**shown, "read": grouped(number) + (shown["unit"] if converted else "")}
        if meant is None:
            return (
                _(
                    "“%(value)s” is far from this key result's range (%(start)s → "
                    "%(target)s%(unit)s). Check it, then confirm “%(value)s” or enter "
                    "another value."
                )
                % shown
            )
        return _(
            "“%(value)s” is far from this key result's range (%(start)s → %(target)s%(unit)s): "
            "did you mean %(meant)s? Enter that, or confirm “%(value)s”."
        ) % {**shown, "meant": number_format(meant, force_grouping=True)}
    # `1.200` read as 1.2 on 0 → 5000: a thousands dot (the European way) is likelier.
    if _dotted(typed) and (thousands := rules.meant_as_thousands(number, start, target)):
        return _(
            "“%(value)s” was read as %(read)s, far below this key result's range: did you "
            "mean %(meant)s? Enter that, or confirm “%(value)s”."
        ) % {
            "value": number_input.quoted(typed),
            "read": grouped(number),
            "meant": grouped(thousands),
        }
    # Near the range (0.3 on 20 → 50 %) a share typed for a percentage is no value far off
    # it, but a slip all the same.
    if (
        _percent(kr)
        and not says_percent(typed)
        and (meant := rules.meant_as_share(number, start, target))
    ):
        return _(
            "“%(value)s” looks like a share of 1, but this key result is measured in "
            "percent: did you mean %(meant)s %%? Enter that, or confirm “%(value)s”."
        ) % {"value": number_input.quoted(typed), "meant": grouped(meant)}
    return None


def taken_as_typed(kr: KeyResult, typed: str) -> bool:
    """Whether `typed` as `kr`'s current value (a check-in, an edit of the key result, an
    import's current) is stored as typed, asked nothing: a reading a refusal offers (`1.000`
    on a count: 1,000 or 1) is one the path takes (h10m E11: 1,000 offered on a key result of
    0 → 50 was asked about again, far from its range)."""
    levels = (kr.start_value, kr.target_value)
    try:
        number = number_input.read_value(
            typed, "value", metric_type=kr.metric_type, unit=kr.unit, levels=levels
        )
    except ValidationError:
        return False
    up, down = KeyResult.Direction.INCREASE, KeyResult.Direction.DECREASE
    if kr.direction in (up, down) and None not in levels:
        # A key result being created or edited is read before its direction is taken from
        # its numbers (key_results._direction_of_numbers): its progress goes as they do.
        kr = copy(kr)
        kr.direction = down if kr.target_value < kr.start_value else up
    return not beyond_stored_progress(kr, number, typed) and off_scale(kr, typed, number) is None


def in_units_of(kr: KeyResult, typed, number, *, confirmable: bool) -> str | None:
    """On a key result whose unit carries a magnitude (M USD, 万元, 亿元, k users, K, 千人:
    numbers.unit_factor), a full amount typed for it (2,500,000 on 1 → 3 M USD): the question
    that names the unit and the value in it (2.5), or None. Asked where the number is far from
    the range and the value in the unit is not (an over-achievement, 5 on 1 → 3, is meant
    too), before any other refusal of its size: "more than 9,999,900% of the way" told the
    person nothing of the unit (issue 9, h9b2). A value typed with a magnitude of its own
    (`250万`, `2.5M`) was read in the unit already. `confirmable`: the value itself could be
    stored, so confirming it is offered."""
    if kr.metric_type == KeyResult.MetricType.BOOLEAN or number is None:
        return None
    factor = numbers.unit_factor(kr.unit)
    if factor == 1 or numbers.typed_with_magnitude(typed):
        return None
    start, target = kr.start_value, kr.target_value
    meant = rules.offerable(number / factor)  # suggested as it would be stored
    if (
        meant is None
        or not rules.far_from_range(number, start, target)
        or rules.far_from_range(meant, start, target)
    ):
        return None
    # `2000` on 万元 is 2,000 万元, as typed: the question says so, and what it would be if it
    # was typed in the unit's base (2,000 元: 0.2 万元), never that 2000 *is* 0.2 万元 (h9w).
    shown = {
        "value": number_input.quoted(typed),
        "unit": kr.unit.strip(),
        "meant": grouped(meant),
        "number": grouped(number),
        "start": grouped(start),
        "target": grouped(target),
        "base": numbers.unit_base(kr.unit),
    }
    if shown["base"]:
        asked = _(
            "“%(value)s”: this key result counts in %(unit)s, so %(value)s is %(number)s "
            "%(unit)s, far from its range (%(start)s → %(target)s %(unit)s). If it is "
            "%(number)s %(base)s, that is %(meant)s %(unit)s: did you mean %(meant)s?"
        )
    else:
        asked = _(
            "“%(value)s”: this key result counts in %(unit)s, so %(value)s is %(number)s "
            "%(unit)s, far from its range (%(start)s → %(target)s %(unit)s). If it is "
            "%(number)s without the unit's magnitude, that is %(meant)s %(unit)s: did you mean "
            "%(meant)s?"
        )
    confirm = _("Enter %(meant)s, or confirm “%(value)s”.")
    enter = confirm if confirmable else _("Enter %(meant)s.")
    question = fill(asked, shown)
    return question + ("" if question.endswith(("？", "。")) else " ") + fill(enter, shown)


def _dotted(typed) -> bool:
    return numbers.ambiguous_separator(typed) == "."


def _percent(kr: KeyResult) -> bool:
    return kr.metric_type in (KeyResult.MetricType.PERCENT, KeyResult.MetricType.MILESTONE) or (
        kr.unit == "%"
    )


def says_percent(typed) -> bool:
    """Whether a value was typed saying it is a percentage (`0.3%`, `百分之0.3`, not `0.3` nor
    a JSON 0.3): only a value that does not may be a share typed for a percentage."""
    return isinstance(typed, str) and ("%" in typed or "％" in typed or "百分" in typed)


def _written_as_percent(kr: KeyResult, typed: dict, ends: set[str]) -> bool:
    """Whether the ends typed now say they are percentages: each typed with a percent sign
    (`0.2%`, `百分之0.5`; "0%" → "0.5" is still asked), or as the key result's title states
    them in percent (the form and the text import hand the services the numbers read from
    "崩溃率从 0.8% 降低到 0.3%")."""
    if all(says_percent(typed[name]) for name in ends):
        return True
    reading = read_key_result((kr.title or "").strip())
    return (
        reading.unit == "%"
        and reading.target_type == "absolute"
        and reading.target == kr.target_value
        and reading.start in (None, kr.start_value)
    )


def scale_slips(
    kr: KeyResult, typed: dict, *, ranged: bool = True
) -> dict[str, list[ValidationError]]:
    """{field: [refusal]} for the values of `typed` (the fields a create or an edit was given,
    already applied to `kr`) that look typed on another scale: a current value far off the
    range or a share of 1 for a percentage (off_scale), a start or target typed as a share on
    a percentage key result whose other end is a percentage (rules.meant_between), or both
    ends so typed (rules.meant_shares). Each refusal has the code OFF_SCALE, so
    that a path may ask the person to confirm. `ranged`: False where a start or target was
    typed that could not be read (`kr` holds no range then, only what a value says alone is
    asked: a dotted `1.200`)."""
    errors = {}
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        return errors
    measured = kr.progress_source == KeyResult.ProgressSource.MANUAL
    if (
        ranged
        and measured
        and "current_value" in typed
        and kr.current_value != kr.start_value
        and (off := off_scale(kr, typed["current_value"], kr.current_value))
    ):
        errors["current_value"] = [ValidationError(off, code=OFF_SCALE)]
    ends = {"start_value", "target_value"} & set(typed) if ranged else set()
    percent = kr.metric_type == KeyResult.MetricType.PERCENT or kr.unit == "%"
    shares = percent and ends and rules.meant_shares(kr.start_value, kr.target_value)
    slip = percent and ends and not shares and rules.meant_between(kr.start_value, kr.target_value)
    if (shares or slip) and _written_as_percent(kr, typed, ends):
        # A percentage written as one ("0.2%", "从 0.8% 降低到 0.3%" in the title) is no
        # share of 1 typed for it: small rates (crash, error, churn) are that small.
        shares = slip = None
    if shares:
        # 0.2 → 0.5 or "0%" → "0.5": the range itself typed as shares of 1, asked on the
        # target.
        errors["target_value"] = [
            ValidationError(
                _(
                    "“%(start)s → %(target)s” looks like shares of 1, but this key result is "
                    "measured in percent: did you mean %(start_meant)s %% → %(meant)s %%? "
                    "Enter those, or confirm “%(target)s”."
                )
                % {
                    "start": grouped(kr.start_value),
                    "target": grouped(kr.target_value),
                    "start_meant": grouped(shares[0]),
                    "meant": grouped(shares[1]),
                },
                code=OFF_SCALE,
            )
        ]
    elif slip and slip[0] in typed:
        name, meant = slip
        other = kr.target_value if name == "start_value" else kr.start_value
        value = getattr(kr, name)
        said = {"value": grouped(value), "other": grouped(other), "meant": grouped(meant)}
        if rules.against_direction(kr.direction, kr.start_value, kr.target_value):
            # Target 0.6 on 40 → 60 %: confirmed, it would be refused as below the start, so
            # confirming it is not offered (issue 9, h9w); 60 is.
            errors[name] = [
                ValidationError(
                    _(
                        "“%(value)s” looks like a share, but the other end is %(other)s %%: "
                        "did you mean %(meant)s %%? Enter that."
                    )
                    % said
                )
            ]
        else:
            errors[name] = [
                ValidationError(
                    _(
                        "“%(value)s” looks like a share, but the other end is %(other)s %%: "
                        "did you mean %(meant)s %%? Enter that, or confirm “%(value)s”."
                    )
                    % said,
                    code=OFF_SCALE,
                )
            ]
    for name in ("start_value", "target_value"):
        # `1.200` typed as a start or target, read as 1.2: no range yet tells which was meant
        # (a current value is asked about only where its range does, above), so it is asked
        # every time, as `4,5` is refused every time; confirmed, 1.2 is kept.
        if name in typed and name not in errors and _dotted(typed[name]):
            question = number_input.separator_question(number_input.quoted(typed[name]), ".",
                                                       getattr(kr, name))  # fmt: skip
            errors[name] = [ValidationError(question, code=OFF_SCALE)]
    return errors
