"""Issue 9, a black-box tester's check-ins (brief h9u), on every path a check-in arrives by (the
service, the API's check-in and current value, the key result page, and a file's current value):
`+5` on an NPS, `–3` with an en dash, `4/5` and `4.2 星` on a 5-point rating in 分, `1 千 5`,
`十三块五` on 元 are stored as meant; `13 美元` on 元 and a range `250-300` are refused saying so,
nothing stored (okrs.numbers.read_value with the key result's start and target)."""

from decimal import Decimal

import pytest

from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import TYPED_VALUE_PATHS, field_errors, stored_or_refused
from tests.api.test_numbers_as_meant import _kr

pytestmark = pytest.mark.postgres

D = Decimal
# (metric type, unit, start, target, typed, the value stored, or a word of the refusal)
CHECK_INS = [
    ("number", "NPS", -5, 20, "+5", D(5)),
    ("number", "", -5, 20, "+5", D(5)),
    ("number", "", -5, 20, "–3", D(-3)),
    ("percent", "%", 0, 10, "–3%", D(-3)),
    ("number", "分", D("3.5"), D("4.2"), "4/5", D(4)),
    ("number", "分", D("3.5"), D("4.2"), "4.2 星", D("4.2")),
    ("number", "stars", D("4.1"), D("4.5"), "4.2 stars", D("4.2")),
    ("number", "元", 0, 5000, "1 千 5", D(1500)),
    ("currency", "元", 0, 100, "十三块五", D("13.5")),
    ("currency", "元", 0, 100, "13 美元", "美元"),
    ("number", "人", 0, 500, "250-300", "275"),
    ("number", "", 0, 100, "+5", "+5"),
]


def typed_in_a_file(world, client_for, api, kr, typed):
    """The value as a CSV's current value of a new key result with kr's metric, unit, start
    and target: the import's refusal, or None with the value taken (kr then holds it)."""
    rows = [
        "objective,key result,metric type,start,target,unit,current",
        f'o,k,{kr.metric_type},{kr.start_value},{kr.target_value},"{kr.unit}","{typed}"',
    ]
    try:
        result = import_okrs(
            world.alice, file_name="okrs.csv", data="\n".join(rows).encode(), cycle=world.cycle
        )
    except ImportFailed as refused:
        return str(refused)
    kr.current_value = result.created[0].key_results.get().current_value
    kr.save()
    return None


@pytest.mark.parametrize(("metric_type", "unit", "start", "target", "typed", "expected"), CHECK_INS)
@pytest.mark.parametrize(
    "path", [*TYPED_VALUE_PATHS, typed_in_a_file], ids=lambda path: path.__name__
)
def test_a_check_in_is_stored_as_spoken_or_refused_on_every_path(
    world, client_for, api, path, metric_type, unit, start, target, typed, expected
):
    kr = _kr(world, metric_type, unit, start, target)
    stored_or_refused(kr, path(world, client_for, api, kr, typed), start, expected)


def test_a_range_is_refused_in_the_persons_language(world, api):
    kr = _kr(world, "number", "人", 0, 500)
    answer = api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": "250-300"}, **{"accept-language": "zh-hans"}
    )
    assert answer.status_code == 422
    assert "范围" in field_errors(answer)["value"]
