"""Issue 9 (h9w2, probe9c finding 3): on a 10 → 3 分钟 key result "1000" was asked about ("did
you mean 10?") while "50000", "100000", "5000000" and "0.5亿" — farther still — were stored
without a word: only a value some factor brought back into the range was asked about. Now the
question is monotonic (rules.far_from_range): every value as far or farther from the range, on
the same side, is asked about on every path, naming the value meant where a slip of scale
explains it, and kept once confirmed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from mubiao.okrs import rules, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.services.scale import off_scale
from mubiao.okrs.transfer import import_okrs
from tests.web.test_stale_check_ins import HTMX, inline_form, page_form

# Numbers of every magnitude a person types: a few digits times a power of ten.
numbers = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-999, max_value=999),
    st.integers(min_value=-3, max_value=6),
)
UNITS = ["分钟", "人", "万元", "k USD", "", "%"]


def _typed(value: Decimal, unit: str) -> str:
    # A value typed in the key result's own unit: a bare share on a percentage (0.3 for 30 %)
    # and a dot before three digits (1.200) are asked about for how they were written, not
    # for their distance (services.scale.off_scale).
    text = f"{value.normalize() + 0:f}"
    return f"{text}{unit}" if unit == "%" else text


@settings(max_examples=300, deadline=None)
@given(start=numbers, target=numbers, unit=st.sampled_from(UNITS), v=numbers, beyond=numbers)
def test_a_value_farther_than_one_asked_about_is_asked_about(start, target, unit, v, beyond):
    if start == target or not off_scale(kr := _unsaved(start, target, unit), _typed(v, unit), v):
        return
    low, high = sorted((start, target))
    if low <= v <= high:
        return
    # w: farther than v from the range, on the same side
    w = v + abs(beyond) if v > high else v - abs(beyond)
    assert off_scale(kr, _typed(w, unit), w), (start, target, unit, v, w)


def _unsaved(start, target, unit) -> KeyResult:
    metric = "percent" if unit == "%" else "number"
    return KeyResult(start_value=start, target_value=target, unit=unit, metric_type=metric)


@pytest.mark.parametrize(
    ("value", "start", "target", "far"),
    [
        ("30", 10, 3, False),  # 3× the high end's size is the threshold
        ("31", 10, 3, True),
        ("5000000", 10, 3, True),
        ("-4", 10, 3, False),  # within a span of the range
        ("-5", 10, 3, True),  # below a range wholly above zero: under lo / 3 …
        ("0", 5000, 6000, True),  # … zero included, a span away
        ("0", 1200, 2400, False),  # no more than a span away
        ("300", 0, 100, False),  # an overshoot
        ("301", 0, 100, True),
        ("-5000", 0, 100, True),
        ("5000", -100, -10, True),
    ],
)
def test_the_threshold(value, start, target, far):
    assert rules.far_from_range(Decimal(value), Decimal(start), Decimal(target)) is far


def _kr(world):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Faster",
        key_results=[{"title": "Response time", "metric_type": "number", "unit": "分钟",
                      "start_value": 10, "target_value": 3, "direction": "decrease"}],
    )  # fmt: skip
    return objective.key_results.get()


def _services(world, kr, typed, confirm, fixture):
    try:
        services.check_in(world.alice, kr, value=typed, scale_confirmed=confirm)
    except ValidationError as error:
        return 422, " ".join(error.message_dict["value"])
    return 201, ""


def _api_check_in(world, kr, typed, confirm, api):
    answer = api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": typed, "confirm_scale": confirm}
    )
    return answer.status_code, answer.content.decode()


def _api_patch(world, kr, typed, confirm, api):
    answer = api(world.alice).patch(
        f"/key-results/{kr.pk}", {"current_value": typed, "confirm_scale": confirm}
    )
    return answer.status_code, answer.content.decode()


def _api_create(world, kr, typed, confirm, api):
    answer = api(world.alice).post(
        "/key-results",
        {"objective_id": kr.objective_id, "title": "Wait", "unit": "分钟", "start_value": 10,
         "target_value": 3, "direction": "decrease", "current_value": typed,
         "confirm_scale": confirm},
    )  # fmt: skip
    if answer.status_code == 201:
        KeyResult.objects.filter(pk=kr.pk).update(current_value=answer.json()["current_value"])
    return answer.status_code, answer.content.decode()


def _web(load, headers):
    def post(world, kr, typed, confirm, client_for):
        client = client_for(world.alice)
        form = {**load(client, kr), "value": typed}
        if confirm:
            form["confirmed_value"] = typed
        answer = client.post(reverse("check_in", args=[kr.pk]), form, **headers)
        return answer.status_code, answer.content.decode()

    return post


PATHS = {
    "services": _services,
    "api check-in": _api_check_in,
    "api patch": _api_patch,
    "api create": _api_create,
    "page": _web(page_form, {}),
    "inline": _web(inline_form, HTMX),
}
# (typed, the value suggested or None, the value stored once confirmed), on 10 → 3 分钟
FAR = [
    ("1000", "10", 1000),
    ("50000", None, 50000),
    ("100000", None, 100000),
    ("5000000", None, 5000000),
    ("0.5亿", None, 50000000),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("typed", "meant", "stored"), FAR)
def test_every_path_asks_then_keeps_a_confirmed_value(
    world, api, client_for, path, typed, meant, stored
):
    kr = _kr(world)
    fixture = client_for if path in ("page", "inline") else api
    status, said = PATHS[path](world, kr, typed, False, fixture)
    assert status == 422, said[-2000:]
    assert "far from this key result" in said, said[-2000:]
    if meant:
        assert f"did you mean {meant}?" in said, said[-2000:]
    kr.refresh_from_db()
    assert kr.current_value == 10
    status, said = PATHS[path](world, kr, typed, True, fixture)
    assert status < 400, said[-2000:]
    kr.refresh_from_db()
    assert kr.current_value == stored


@pytest.mark.django_db
def test_an_import_preview_asks_at_the_cell(world):
    header = "owner,objective,key result,unit,start,target,current"
    data = f"{header}\n,Faster,Response time,分钟,10,3,50000\n".encode()
    preview = import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle,
                          dry_run=True)  # fmt: skip
    said = [question for question in preview.questions if "is far from" in question]
    assert len(said) == 1 and "row 2" in said[0], preview.questions
