"""Issue 9, "numbers people can trust" (brief h9m), on every path a typed value or a title
arrives by: spaced Chinese compounds (`10 万 5 千`, `1 亿 2 千万`), a digit before one
magnitude (`1百`), units spelled another way than the key result's (`300 msec` on ms, `3 钟头`
on h, `45pct` on %), a rating out of 5 (`评分从 3/5 提升到 4/5`) and number words inside a
hyphenated compound (`One-on-one meetings`, `一对一访谈`) are read as meant or refused naming
what was typed, never dropped or changed (docs/okrtext-numbers.md)."""

from decimal import Decimal

import pytest

from mubiao.okrs import services
from mubiao.okrs.models import KeyResult
from tests.api.conftest import TYPED_VALUE_PATHS, field_errors, stored_or_refused
from tests.conftest import make_objective

pytestmark = pytest.mark.postgres

D = Decimal
# (metric type, unit, start, target, typed, the value stored, or a word of the refusal)
CHECK_INS = [
    ("number", "", 0, 200000, "10 万 5 千", D(105000)),
    ("number", "", 0, 200000, "10万5千", D(105000)),
    ("number", "", 0, 200000000, "1 亿 2 千万", D(120000000)),
    ("number", "人", 0, 50000, "3 万 2 千人", D(32000)),
    ("number", "", 0, 1000, "1百", D(100)),
    ("number", "", 0, 5000, "3千", D(3000)),
    ("number", "ms", 500, 200, "300 毫秒", D(300)),
    ("number", "ms", 500, 200, "300 msec", D(300)),
    ("number", "毫秒", 500, 200, "300 ms", D(300)),
    ("number", "h", 10, 2, "3 钟头", D(3)),
    ("number", "周", 10, 2, "3 weeks", D(3)),
    ("currency", "¥", 0, 1000, "300 元", D(300)),
    ("currency", "CNY", 0, 1000, "¥300", D(300)),
    ("percent", "%", 0, 100, "45pct", D(45)),
    # Refused, quoting what was typed: never read in part.
    ("number", "", 0, 200000, "5 千 10 万", "5 千 10 万"),
    ("number", "", 0, 5, "4/5", "4/5"),
    ("number", "", 0, 100, "45pct", "45pct"),
]


def _kr(world, metric_type, unit, start, target):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    direction = "decrease" if target < start else "increase"
    return services.update_key_result(world.alice, kr, metric_type=metric_type, unit=unit,
                                      direction=direction, start_value=start,
                                      target_value=target)  # fmt: skip


@pytest.mark.parametrize(("metric_type", "unit", "start", "target", "typed", "expected"), CHECK_INS)
@pytest.mark.parametrize("path", TYPED_VALUE_PATHS, ids=lambda path: path.__name__)
def test_a_typed_value_is_stored_as_meant_or_refused_on_every_path(
    world, client_for, api, path, metric_type, unit, start, target, typed, expected
):
    kr = _kr(world, metric_type, unit, start, target)
    stored_or_refused(kr, path(world, client_for, api, kr, typed), start, expected)


@pytest.mark.parametrize("typed", ["5 千 10 万", "4/5"])
def test_a_refusal_is_said_in_the_persons_language(world, api, typed):
    kr = _kr(world, "number", "", 0, 200000)
    answer = api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": typed}, **{"accept-language": "zh-hans"}
    )
    assert answer.status_code == 422
    message = field_errors(answer)["value"]
    assert typed in message and any("\u4e00" <= char <= "\u9fff" for char in message), message


# (title, fields sent with it, start and target stored)
TITLES = [
    ("用户数从 10 万 5 千 提升到 20 万", {}, (105000, 200000)),
    ("注册用户从 3 万 2 千人提升到 5 万人", {}, (32000, 50000)),
    ("签约客户从1百家提升到3千家", {}, (100, 3000)),
    ("评分从 3/5 提升到 4/5", {}, (3, 4)),
    ("Raise rating from 3/5 to 4/5", {}, (3, 4)),
    ("Raise activation from 30pct to 45pct", {}, (30, 45)),
    # A number word inside a compound is no number the title states: the fields are the answer,
    # or agree with the numbers it does state.
    ("One-on-one meetings with 10 customers", {"start_value": 0, "target_value": 10}, (0, 10)),
    ("一对一访谈 20 位客户", {"start_value": 0, "target_value": 20}, (0, 20)),
    ("Double-sided marketplace launched in 3 cities", {"target_value": 3}, (0, 3)),
    (
        "Two-factor authentication for all admins",
        {"metric_type": "number", "start_value": 0, "target_value": 40, "unit": "admins"},
        (0, 40),
    ),
    (
        "One-click checkout",
        {"metric_type": "percent", "start_value": 0, "target_value": 30},
        (0, 30),
    ),
]


@pytest.mark.parametrize(("title", "sent", "expected"), TITLES)
def test_a_key_result_created_from_its_title_states_what_was_meant(
    world, api, title, sent, expected
):
    objective = make_objective(world.alice, world.cycle, krs=0)
    answer = api(world.alice).post(
        "/key-results", {"objective_id": objective.pk, "title": title, **sent}
    )
    assert answer.status_code == 201, answer.content
    kr = KeyResult.objects.get(objective=objective)
    assert (kr.start_value, kr.target_value) == tuple(D(v) for v in expected)
    if "pct" in title:  # a percentage, as "30%" is
        assert "%" in (kr.unit, kr.get_metric_type_display(), kr.metric_type) or (
            kr.metric_type == KeyResult.MetricType.PERCENT
        ), (kr.unit, kr.metric_type)


@pytest.mark.parametrize(("title", "sent", "expected"), TITLES)
def test_the_text_import_reads_the_title_alike(world, api, title, sent, expected):
    parsed = (
        api(world.alice)
        .post("/okrtext/parse", {"text": f"O1: Grow\nKR1: {title}\n", "lang": "en"})
        .json()
    )
    kr = parsed["sections"][0]["objectives"][0]["key_results"][0]
    if not sent:
        assert (D(str(kr["start"])), D(str(kr["target"]))) == tuple(D(v) for v in expected)
    else:
        assert kr["target"] in (None, expected[1]), kr


# The writing form reads the title by the same reader: fields that say what the title means
# are saved without a question (title, start, target, unit).
FORM = [
    ("One-on-one meetings with 10 customers", "0", "10", "customers"),
    ("用户数从 10 万 5 千 提升到 20 万", "105000", "200000", ""),
    ("评分从 3/5 提升到 4/5", "3", "4", ""),
    ("签约客户从1百家提升到3千家", "100", "3000", "家"),
]


@pytest.mark.parametrize(("title", "start", "target", "unit"), FORM)
def test_the_writing_form_takes_fields_that_say_what_the_title_means(
    world, title, start, target, unit
):
    from mubiao.web.forms import KeyResultForm

    form = KeyResultForm(
        data={"title": title, "metric_type": "number", "direction": "increase",
              "start_value": start, "target_value": target, "unit": unit, "weight": "1",
              "progress_source": "manual"},
        actor=world.alice,
    )  # fmt: skip
    assert form.is_valid(), form.errors
