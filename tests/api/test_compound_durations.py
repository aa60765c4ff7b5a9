"""Issue 9 (h9v, probe9d kind 4): a duration written in two units — `1 分 30 秒`, `1分30秒`,
`1 min 30 s`, `1h30m` — was misread by the title reader (`1分30秒` as 90 and 30, `1 min 30 s`
as 1 and 30) and refused by every value field. One reader (okrtext.numbers.duration) reads it
everywhere: 90 秒 in a title, 1.5 on a key result counted in 分钟, 90 on one counted in 秒; a
key result counted in anything but time refuses it naming both units."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mubiao.okrs import numbers, services
from mubiao.okrs.numbers import NumberError
from mubiao.okrtext import read_key_result
from mubiao.okrtext.numbers import duration
from mubiao.okrtext.text import normalise
from tests.api.conftest import Api, field_errors
from tests.web.test_stale_check_ins import HTMX, inline_form, page_form

# (typed, seconds)
SPELLINGS = [("1 分 30 秒", 90), ("1分30秒", 90), ("1 min 30 s", 90), ("0h1m30s", 90),
             ("1 minute 30 seconds", 90), ("1h30m", 5400), ("1 小时 30 分钟", 5400),
             ("1小时5分10秒", 3910)]  # fmt: skip


@pytest.mark.parametrize(("typed", "seconds"), SPELLINGS)
def test_one_reading_of_a_compound_duration(typed, seconds):
    value, unit = duration(normalise(typed))
    assert value * {"秒": 1, "s": 1, "分钟": 60, "min": 60}[unit] == seconds
    assert duration(normalise("3 分钟")) is None  # one unit: the token reader's


@pytest.mark.parametrize(
    ("title", "start", "target"),
    [
        ("平均响应时间从 2分30秒 降到 1分30秒", 150, 90),
        ("响应时间从2分30秒降到1分30秒", 150, 90),
        ("平均响应时间从 2 分 30 秒降到 1 分 30 秒", 150, 90),
        ("Cut first response from 2 min 30 s to 1 min 30 s", 150, 90),
        ("Cut build time from 2h30m to 1h30m", 150, 90),
    ],
)
def test_the_title_reader_reads_one_value_per_duration(title, start, target):
    reading = read_key_result(title)
    assert (reading.start, reading.target, reading.direction) == (start, target, "decrease")


# (unit of the key result, typed, value read or the refusal's code)
VALUES = [
    ("分钟", "1 分 30 秒", Decimal("1.5")),
    ("分钟", "1h30m", 90),
    ("秒", "1分30秒", 90),
    ("秒", "1 min 30 s", 90),
    ("小时", "1h30m", Decimal("1.5")),
    ("min", "1分30秒", Decimal("1.5")),
    ("秒", "-1分30秒", -90),
    ("人", "1分30秒", "wrong_unit"),
    ("", "1 min 30 s", "unit_not_expected"),
    ("分钟", "1分10秒", "inexact_in_unit"),  # 1.1666… 分钟: refused, never rounded
]


@pytest.mark.parametrize(("unit", "typed", "expected"), VALUES)
def test_a_value_field_reads_it_in_the_key_results_unit(unit, typed, expected):
    if isinstance(expected, str):
        with pytest.raises(NumberError) as error:
            numbers.read_number(typed, unit=unit, level=True)
        assert error.value.code == expected
    else:
        assert numbers.read_number(typed, unit=unit, level=True) == expected


def _kr(world, unit="分钟"):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Faster",
        key_results=[{"title": "Response", "metric_type": "number", "unit": unit,
                      "start_value": 3, "target_value": 1, "direction": "decrease"}],
    )  # fmt: skip
    return objective.key_results.get()


@pytest.mark.django_db
def test_every_path_stores_it_in_the_unit_or_refuses_it(world, client_for):
    api, client = Api(world.alice), client_for(world.alice)
    kr = _kr(world)
    assert api.post(f"/key-results/{kr.pk}/check-ins", {"value": "2分30秒"}).status_code == 201
    kr.refresh_from_db()
    assert kr.current_value == Decimal("2.5")
    for read, headers in ((page_form, {}), (inline_form, HTMX)):
        form = {**read(client, kr), "value": "1 min 30 s"}
        assert client.post(reverse("check_in", args=[kr.pk]), form, **headers).status_code < 400
        kr.refresh_from_db()
        assert kr.current_value == Decimal("1.5")
    response = api.patch(f"/key-results/{kr.pk}", {"target_value": "0h0m30s"})
    assert response.status_code == 200, response.content
    kr.refresh_from_db()
    assert kr.target_value == Decimal("0.5")
    counted = _kr(world, unit="人")
    response = api.post(f"/key-results/{counted.pk}/check-ins", {"value": "1分30秒"})
    assert response.status_code == 422
    assert "this key result is counted in 人" in field_errors(response)["value"]
