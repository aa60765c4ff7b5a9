"""Every length and range limit is checked before the database: the same answer on SQLite and
PostgreSQL (this module runs in both passes), a ValidationError naming the field.

The cases are generated from the model fields themselves: each text field with a max_length
gets a value of exactly that length (stored) and one character more (refused), each decimal
field the largest value its column holds (stored) and the next power of ten (refused).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from mubiao.okrs import limits, services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.orgs import services as org_services
from mubiao.orgs.models import Team
from tests.conftest import weights_switched_on

# The fields each model's services write (the rest are derived, e.g. a team's slug, or given
# at grading).
WRITTEN = {
    Cycle: {"name"},
    Team: {"name"},
    Objective: set(services.OBJECTIVE_FIELDS),
    KeyResult: set(services.KEY_RESULT_FIELDS),
}


def _limited_fields():
    for model, written in WRITTEN.items():
        for field in model._meta.concrete_fields:
            if field.is_relation or field.choices or field.name not in written:
                continue
            if isinstance(field, models.CharField) and field.max_length:
                yield model, field.name, "a" * field.max_length, "a" * (field.max_length + 1)
            elif isinstance(field, models.DecimalField):
                bound = limits.decimal_bound(field)
                if limits.bound_included(field):  # ±10¹⁵ are values, as the refusal says
                    yield model, field.name, bound, bound * 10
                else:
                    yield model, field.name, bound - 1, bound


def _write(world, model, field, value):
    """Write `value` into `model.field` through the services."""
    if model is Cycle:
        return services.update_cycle(world.admin, world.cycle, name=value)
    if model is Team:
        return org_services.save_team(world.admin, name=value)
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Limits", key_results=[{"title": "KR"}]
    )
    if model is Objective:
        return services.update_objective(world.alice, objective, **{field: value})
    extra = {"start_value": 0} if field == "target_value" else {}
    if field == "start_value":
        # A level to keep may equal its start; any other target equal to it is refused.
        extra = {"target_value": value, "direction": KeyResult.Direction.AT_LEAST}
    if field == "current_value":
        # A current value near the largest target keeps progress within what Mubiao stores.
        largest = limits.decimal_bound(KeyResult._meta.get_field("target_value")) - 1
        extra = {"target_value": largest, "direction": KeyResult.Direction.AT_LEAST}
    return services.update_key_result(
        world.alice, objective.key_results.get(), **{field: value}, **extra
    )


@pytest.mark.parametrize(
    ("model", "field", "largest", "too_large"),
    [pytest.param(*case, id=f"{case[0].__name__}.{case[1]}") for case in _limited_fields()],
)
def test_each_limit_is_a_validation_error_on_both_databases(
    world, model, field, largest, too_large
):
    with weights_switched_on(world):  # a weight is written only where weights count
        saved = _write(world, model, field, largest)
        saved.refresh_from_db()
        assert getattr(saved, field) == largest
        with pytest.raises(ValidationError) as error:
            _write(world, model, field, too_large)
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a\x00b", "Remove the control character U+0000 from this text."),
        # (U+000B, a line tabulation, is a line break: a title stores it as a space, one_line.)
        ("a\x1bb", "Remove the control character U+001B from this text."),
        ("a\ud800b", "This text contains characters that cannot be stored."),
        ("x" * 501, "Keep this at most 500 characters long (it has 501)."),
    ],
)
def test_text_that_cannot_be_stored(world, value, message):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Limits")
    with pytest.raises(ValidationError) as error:
        services.create_key_result(world.alice, objective, title=value)
    assert error.value.message_dict == {"title": [message]}
    assert limits.errors(KeyResult(title="ok\ttab\nline")) == {}
