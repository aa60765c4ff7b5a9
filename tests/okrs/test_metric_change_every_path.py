"""One rule for a key result whose unit or metric type changes (review of issue 9): every path
that can change a stored key result's unit or type — the services, PATCH /key-results/{id}
and the objective's edit form (/okrs/<id>/edit) — goes through services.update_key_result,
which applies rules.on_metric_change, and this table drives each path with the same cases:
the values are converted (or restarted / kept), or the change is refused with a message on
the field that changes, and nothing is stored.

The other paths that write key results cannot change a stored one's unit or type: imports
(text, xlsx, csv, JSON; `mubiao import` on the command line) and templates create new key
results only (a unit and type given together at creation are read as given), and the
command line's `grade` grades. There is no PUT for a key result."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_stale_edits import load

# (the change sent, whether the key result has a check-in (280 of 0 → 1000 人), the outcome:
# the stored (metric type, unit, start, target, current) after it, or the field refused).
CASES = [
    ({"unit": "千人"}, True, ("number", "千人", 0, 1, Decimal("0.28"))),  # converted
    ({"unit": "千人"}, False, ("number", "千人", 0, 1, 0)),  # converted, at its start
    ({"unit": "分钟"}, True, "unit"),  # check-ins in 人 cannot be read in 分钟
    ({"unit": "次"}, False, "unit"),  # 0 → 1000 人 relabelled 次: the range is asked for
    ({"unit": "次", "start_value": "0", "target_value": "50"}, False, ("number", "次", 0, 50, 0)),
    ({"metric_type": "boolean"}, True, "metric_type"),  # 280 people are not "done"
    ({"metric_type": "boolean", "current_value": "完成"}, True, "metric_type"),
    ({"unit": "分钟", "current_value": "3"}, True, "unit"),
    ({"unit": ""}, True, "unit"),  # 280 人 are not 280 of nothing
    ({"metric_type": "percent"}, False, "metric_type"),  # 0 → 1000 is not 0 → 1000 %
    ({"metric_type": "milestone"}, False, ("milestone", "%", 0, 100, 0)),  # its own range
    # h9m: number → currency (every path kept 人 as a currency): 280 人 are no amount of
    # money, nor are check-ins in 人 read in 元; a count in no unit or in 元 keeps its values.
    ({"metric_type": "currency"}, True, "metric_type"),
    ({"metric_type": "currency"}, False, "metric_type"),
    ({"metric_type": "currency", "unit": "元"}, True, "metric_type"),
]


def _kr(world, checked_in: bool) -> KeyResult:
    objective = make_objective(world.alice, world.cycle)
    kr = services.update_key_result(
        world.alice, objective.key_results.get(), unit="人", target_value=1000
    )
    if checked_in:
        services.check_in(world.alice, kr, value="280")
    return KeyResult.objects.get(pk=kr.pk)


def _stored(kr: KeyResult) -> tuple:
    kr = KeyResult.objects.get(pk=kr.pk)
    values = (kr.start_value, kr.target_value, kr.current_value)
    return (kr.metric_type, kr.unit, *values), [c.value for c in kr.check_ins.all()]


def _by_services(world, kr, change) -> str | None:
    try:
        services.update_key_result(world.alice, kr, **change)
    except ValidationError as error:
        return _one(error.message_dict)
    return None


def _by_api(world, kr, change) -> str | None:
    response = Api(world.alice).patch(f"/key-results/{kr.pk}", change)
    if response.status_code == 422:
        return _one(field_errors(response))
    assert response.status_code == 200, response.content
    return None


def _by_edit_form(world, kr, change, client) -> str | None:
    url = reverse("objective_edit", args=[kr.objective_id])
    form = load(client, url)
    form.update({f"kr-0-{name}": value for name, value in change.items()})
    response = client.post(url, form)
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    return _one(response.context["formset"].forms[0].errors)


def _one(errors) -> str:
    """The one field a refusal names (a message beside it, saying what to do)."""
    assert len(errors) == 1 and all(errors.values()), errors
    return next(iter(errors))


@pytest.mark.parametrize("path", ["services", "api", "edit form"])
@pytest.mark.parametrize(
    ("change", "checked_in", "outcome"),
    CASES,
    ids=[" ".join(f"{k}={v}" for k, v in c.items()) + (" checked-in" if ci else "")
         for c, ci, _ in CASES],
)  # fmt: skip
def test_one_rule_on_every_path(world, client_for, path, change, checked_in, outcome):
    kr = _kr(world, checked_in)
    before, history = _stored(kr)
    if path == "services":
        refused = _by_services(world, kr, change)
    elif path == "api":
        refused = _by_api(world, kr, change)
    else:
        refused = _by_edit_form(world, kr, change, client_for(world.alice))
    after, history_after = _stored(kr)
    if isinstance(outcome, str):
        assert refused == outcome
        assert (after, history_after) == (before, history)  # nothing changed
        return
    assert refused is None
    assert after == outcome
    # The history reads the same amounts in the new terms (280 人 is 0.28 千人).
    assert history_after == ([after[-1]] if checked_in else [])
