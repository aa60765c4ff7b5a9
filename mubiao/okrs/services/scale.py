"""Values typed on another scale than the key result's ("did you mean"), on every path that
takes a typed value: check-ins, edits of the current value, starts and targets."""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mubiao.okrs import number_input, rules
from mubiao.okrs.models import KeyResult

# The code of a refusal a person may confirm (web: the form's confirm step; API: confirm_scale).
OFF_SCALE = "off_scale"


def off_scale(kr: KeyResult, typed, number) -> str | None:
    """Why `number` (typed as `typed`) looks like a slip of scale on `kr`, naming the value
    likely meant (rules.meant_on_scale), or None."""
    if kr.metric_type == KeyResult.MetricType.BOOLEAN:
        return None
    meant = rules.meant_on_scale(number, kr.start_value, kr.target_value)
    if meant is None:
        return None
    return _(
        "“%(value)s” is far from this key result's range (%(start)s → %(target)s%(unit)s): "
        "did you mean %(meant)s? Enter that, or confirm “%(value)s”."
    ) % {
        "value": number_input.shown(
            typed if isinstance(typed, str) else number_input.written(typed)
        ),
        "start": number_format(kr.start_value.normalize() + 0, force_grouping=True),
        "target": number_format(kr.target_value.normalize() + 0, force_grouping=True),
        "unit": f" {kr.unit}" if kr.unit and kr.unit != "%" else kr.unit,
        "meant": number_format(meant, force_grouping=True),
    }


def _shown(number) -> str:
    return number_format(number.normalize() + 0, force_grouping=True)


def scale_slips(kr: KeyResult, typed: dict) -> dict[str, list[ValidationError]]:
    """{field: [refusal]} for the values of `typed` (the fields a create or an edit was given,
    already applied to `kr`) that look typed on another scale: a current value far off the
    range (off_scale), or a start or target typed as a share on a percentage key result whose
    other end is a percentage (rules.meant_between). Each refusal has the code OFF_SCALE, so
    that a path may ask the person to confirm."""
    errors = {}
    if kr.metric_type in (KeyResult.MetricType.BOOLEAN, KeyResult.MetricType.MILESTONE):
        return errors
    measured = kr.progress_source == KeyResult.ProgressSource.MANUAL
    if (
        measured
        and "current_value" in typed
        and kr.current_value != kr.start_value
        and (off := off_scale(kr, typed["current_value"], kr.current_value))
    ):
        errors["current_value"] = [ValidationError(off, code=OFF_SCALE)]
    percent = kr.metric_type == KeyResult.MetricType.PERCENT or kr.unit == "%"
    if percent and {"start_value", "target_value"} & set(typed):
        slip = rules.meant_between(kr.start_value, kr.target_value)
        if slip and slip[0] in typed:
            name, meant = slip
            other = kr.target_value if name == "start_value" else kr.start_value
            value = getattr(kr, name)
            errors[name] = [
                ValidationError(
                    _(
                        "“%(value)s” looks like a share, but the other end is %(other)s %%: "
                        "did you mean %(meant)s %%? Enter that, or confirm “%(value)s”."
                    )
                    % {"value": _shown(value), "other": _shown(other), "meant": _shown(meant)},
                    code=OFF_SCALE,
                )
            ]
    return errors
