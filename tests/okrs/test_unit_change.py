"""Changing a key result's unit never re-reads its values in other terms (issue 9, probe 1):
0 → 140 万元 with check-ins of 75 and 80 万元, its unit changed to 元, kept the target 140 (now
140 元: progress 500000 %) and its history read "75 元". Within one family whose factor the
number reader knows (万元 ↔ 元 ↔ 千元 ↔ 亿元, USD ↔ k USD, 人 ↔ 千人 ↔ 万人) every value is
converted — start, target, current and each check-in's — so progress and the history read the same
amounts; a value sent with the change is read in the new unit; an unrelated unit (人 → 分钟)
under check-ins is refused naming the unit; without check-ins a unit is a label."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import Activity, KeyResult
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective
from tests.web.test_stale_edits import load


def _kr(world, unit, start, target, check_ins=()):
    objective = make_objective(world.alice, world.cycle)
    kr = services.update_key_result(
        world.alice, objective.key_results.get(), unit=unit, start_value=start,
        target_value=target, scale_confirmed=True,
    )  # fmt: skip
    for value in check_ins:
        services.check_in(world.alice, kr, value=str(value), scale_confirmed=True)
    kr.refresh_from_db()
    return kr


def _values(kr):
    kr.refresh_from_db()
    history = [c.value for c in kr.check_ins.order_by("created_at", "pk")]
    return kr.unit, kr.start_value, kr.target_value, kr.current_value, history


# (old unit, values, new unit, values in the new unit)
FAMILIES = [
    ("万元", (0, 140, [75, 80]), "元", (0, 1400000, [750000, 800000])),
    ("元", (0, 1400000, [750000]), "万元", (0, 140, [75])),
    ("千元", (10, 500, [25.5]), "万元", (1, 50, [Decimal("2.55")])),
    ("亿元", (1, 3, [2]), "万元", (10000, 30000, [20000])),
    ("USD", (0, 1000000, [250000]), "k USD", (0, 1000, [250])),
    ("k USD", (0, 1000, [250]), "USD", (0, 1000000, [250000])),
    ("人", (0, 1000, [280]), "千人", (0, 1, [Decimal("0.28")])),
    ("万人", (1, 5, [3]), "人", (10000, 50000, [30000])),
]


@pytest.mark.parametrize(("old", "before", "new", "after"), FAMILIES)
def test_a_unit_of_the_same_family_converts_every_value(world, old, before, new, after):
    kr = _kr(world, old, before[0], before[1], before[2])
    progress, status = kr.progress, kr.status
    kr = services.update_key_result(world.alice, kr, unit=new)
    start, target, history = after
    assert _values(kr) == (new, start, target, history[-1], history)
    assert (kr.progress, kr.status) == (progress, status)
    entry = Activity.objects.filter(verb="key_result.updated", target_id=kr.pk).latest("pk")
    assert entry.data["converted"]["from"] == old and entry.data["converted"]["to"] == new


def test_a_current_value_sent_with_the_change_is_read_in_the_new_unit(world):
    """The instance: PATCH {"unit": "元", "current_value": "700000"} on 0 → 140 万元."""
    kr = _kr(world, "万元", 0, 140, [75, 80])
    kr = services.update_key_result(world.alice, kr, unit="元", current_value="700000")
    assert _values(kr) == ("元", 0, 1400000, 700000, [750000, 800000, 700000])
    assert kr.progress == Decimal("0.5")


def test_a_start_or_target_sent_with_the_change_is_read_in_the_new_unit(world):
    kr = _kr(world, "USD", 0, 1000000, [250000])
    kr = services.update_key_result(world.alice, kr, unit="k USD", target_value="2000")
    assert _values(kr) == ("k USD", 0, 2000, 250, [250])


@pytest.mark.parametrize(
    ("old", "new"), [("人", "分钟"), ("万元", "人"), ("人", ""), ("USD", "元")]
)
def test_an_unrelated_unit_under_check_ins_is_refused_naming_the_unit(world, old, new):
    kr = _kr(world, old, 0, 100, [40])
    before = _values(kr)
    for fields in ({"unit": new}, {"unit": new, "current_value": "30"}):
        with pytest.raises(ValidationError) as error:
            services.update_key_result(world.alice, kr, **fields)
        assert f"counted in “{old}”" in error.value.message_dict["unit"][0]
        assert _values(kr) == before


@pytest.mark.parametrize(("old", "before", "new", "after"), FAMILIES)
def test_without_check_ins_a_unit_of_the_same_family_converts_the_range(
    world, old, before, new, after
):
    """The instance (probe9d): 0 → 140 万元 without check-ins, its unit changed to 元, kept 140
    as 140 元. A range is converted as a history is."""
    kr = _kr(world, old, before[0], before[1])
    current, progress = kr.current_value, kr.progress
    kr = services.update_key_result(world.alice, kr, unit=new)
    factor = Decimal(after[1]) / Decimal(before[1])
    assert _values(kr) == (new, after[0], after[1], current * factor, [])
    assert kr.progress == progress


# (old unit, new unit): the start and target would read as other amounts.
UNRELATED = [("人", "次"), ("人", "分钟"), ("万元", "人"), ("USD", "元"), ("人", "")]


@pytest.mark.parametrize(("old", "new"), UNRELATED)
def test_without_check_ins_an_unrelated_unit_asks_for_the_range_in_it(world, old, new):
    """0 → 100 人 relabelled 次 was 0 → 100 次 without a word: refused naming the unit and
    saying what to give, unless the same change gives the start and the target."""
    kr = _kr(world, old, 0, 100)
    before = _values(kr)
    for fields in ({"unit": new}, {"unit": new, "target_value": "30"}):
        with pytest.raises(ValidationError) as error:
            services.update_key_result(world.alice, kr, **fields)
        said = error.value.message_dict["unit"][0]
        assert "Give the start and target" in said
        assert (f"in “{new}” too" if new else "plain numbers too") in said
        assert _values(kr) == before
    kr = services.update_key_result(world.alice, kr, unit=new, start_value="10", target_value="30")
    assert _values(kr) == (new, 10, 30, 10, [])


def test_the_refusal_speaks_the_members_language(world):
    world.alice.user.language = "zh-hans"
    world.alice.user.save(update_fields=["language"])
    kr = _kr(world, "人", 0, 100)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, unit="次")
    assert "也请以“次”给出起始值和目标值" in error.value.message_dict["unit"][0]


def test_a_unit_given_to_values_that_had_none_keeps_them(world):
    kr = _kr(world, "", 0, 100, [40])
    assert _values(services.update_key_result(world.alice, kr, unit="人")) == (
        "人", 0, 100, 40, [40],
    )  # fmt: skip


def test_a_conversion_that_cannot_be_stored_exactly_is_refused(world):
    """1.5 元 is 0.00015 万元: more decimal places than are kept, so nothing is converted."""
    kr = _kr(world, "元", 0, 100, [Decimal("1.5")])
    before = _values(kr)
    with pytest.raises(ValidationError) as error:
        services.update_key_result(world.alice, kr, unit="万元")
    assert "0.00015" in error.value.message_dict["unit"][0]
    assert _values(kr) == before


def test_the_api_converts_and_refuses_alike(world):
    api = Api(world.alice)
    kr = _kr(world, "万元", 0, 140, [75, 80])
    response = api.patch(f"/key-results/{kr.pk}", {"unit": "元", "current_value": "700000"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert Decimal(str(body["target_value"])) == 1400000
    assert Decimal(str(body["progress"])) == Decimal("0.5")
    listed = api.get(f"/key-results/{kr.pk}/check-ins").json()
    values = sorted(Decimal(str(entry["value"])) for entry in listed["items"])
    assert values == [700000, 750000, 800000]
    other = _kr(world, "人", 0, 100, [40])
    response = api.patch(f"/key-results/{other.pk}", {"unit": "分钟", "current_value": "3"})
    assert response.status_code == 422
    assert "“人”" in field_errors(response)["unit"]


def test_the_edit_form_converts_what_it_did_not_change(world, client_for):
    """The instance on /okrs/<id>/edit: USD → k USD with current 300 saved 300 k USD →
    1,000,000 k USD; the target shown and sent back as loaded is converted, not re-read."""
    kr = _kr(world, "USD", 0, 1000000, [250000])
    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    form = {**load(client, url), "kr-0-unit": "k USD", "kr-0-current_value": "300"}
    assert client.post(url, form).status_code == 302
    assert _values(KeyResult.objects.get(pk=kr.pk)) == ("k USD", 0, 1000, 300, [250, 300])
    page = client.get(reverse("key_result", args=[kr.pk])).content.decode()
    assert "250 k USD" in page


def test_the_api_and_the_edit_form_ask_for_the_range_alike(world, client_for):
    """The kind on every path: PATCH and /okrs/<id>/edit refuse a relabelling unit or a number
    made a percentage without the range (naming the field), and take it given with it."""
    api = Api(world.alice)
    kr = _kr(world, "人", 0, 140)
    response = api.patch(f"/key-results/{kr.pk}", {"metric_type": "percent"})
    assert response.status_code == 422
    assert "Give the start and target as Percentage too" in field_errors(response)["metric_type"]
    response = api.patch(f"/key-results/{kr.pk}", {"unit": "次", "target_value": 140})
    assert "in “次” too" in field_errors(response)["unit"]
    assert _values(kr) == ("人", 0, 140, 0, [])
    response = api.patch(
        f"/key-results/{kr.pk}", {"unit": "次", "start_value": 0, "target_value": 70}
    )
    assert response.status_code == 200, response.content
    assert _values(kr) == ("次", 0, 70, 0, [])

    client = client_for(world.alice)
    url = reverse("objective_edit", args=[kr.objective_id])
    response = client.post(url, {**load(client, url), "kr-0-unit": "分钟"})
    assert response.status_code == 200
    assert "in “分钟” too" in response.content.decode()
    assert _values(kr) == ("次", 0, 70, 0, [])
    # The target changed beside the unit: the start shown (0) is said in 分钟 with it.
    form = {**load(client, url), "kr-0-unit": "分钟", "kr-0-target_value": "30"}
    assert client.post(url, form).status_code == 302
    assert _values(kr) == ("分钟", 0, 30, 0, [])
