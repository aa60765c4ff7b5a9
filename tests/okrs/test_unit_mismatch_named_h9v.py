"""Issue 9 (brief h9v, task 3): a check-in or target typed in another unit than its key
result's is refused as a unit mismatch naming both units, in one sentence whatever the pair:
`3 分钟` on a percentage was answered "enter the number alone, without 分钟" (不要带分钟), as if
the unit were the mistake and not the value. A table: unit pairs × routes (the key result page's
check-in, the API's check-in and target, `mubiao import` of a sheet's current and target cells)
× language; nothing is stored."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn, Objective
from tests.api.conftest import Api, sent_check_in, sent_patch

pytestmark = pytest.mark.postgres

# (metric type, the key result's unit, what is typed, the unit typed)
PAIRS = [
    ("percent", "%", "3 分钟", "分钟"),
    ("percent", "%", "3 weeks", "weeks"),
    ("percent", "%", "5 人", "人"),
    ("currency", "元", "5 人", "人"),
    ("number", "分钟", "5 人", "人"),  # 3 周 on minutes is read as 30,240 minutes: one dimension
]
MISMATCH = {
    "en": "“{typed}” is in {typed_unit}, but this key result is counted in {unit}.",
    "zh-hans": "“{typed}”的单位是{typed_unit}，但这个关键结果以{unit}计。",
}
NOT_SAID = ("alone", "不要带", "without")


def _key_result(world, metric_type, unit):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Grow",
        key_results=[{"title": "Measured", "metric_type": metric_type, "unit": unit,
                      "start_value": 10, "target_value": 90}],
    )  # fmt: skip
    return objective.key_results.get()


def _expected(lang, typed, typed_unit, unit) -> str:
    said = MISMATCH[lang].format(typed=typed, typed_unit=typed_unit, unit=unit)
    return said.replace("的单位是weeks", "的单位是 weeks")  # a Latin word beside Chinese: spaced


def _check(said: str, expected: str) -> None:
    assert expected in said, said
    assert not any(words in said for words in NOT_SAID), said


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("metric_type", "unit", "typed", "typed_unit"), PAIRS)
def test_a_value_in_another_unit_is_a_mismatch_naming_both(
    world, client_for, metric_type, unit, typed, typed_unit, lang, tmp_path
):
    kr = _key_result(world, metric_type, unit)
    expected = _expected(lang, typed, typed_unit, unit)
    # The key result page's check-in: refused beside the field, what was typed kept.
    client = client_for(world.alice)
    client.cookies["django_language"] = lang
    answer = client.post(reverse("check_in", args=[kr.pk]), {"value": typed},
                         headers={"accept-language": lang})  # fmt: skip
    assert answer.status_code == 422
    page = answer.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    _check(page.replace("&#x27;", "'"), expected)
    # The API: a check-in and a target.
    api = Api(world.alice, **{"accept-language": lang})
    _check(sent_check_in(api, kr, typed), expected)
    _check(sent_patch(api, kr, "target_value", typed), expected)
    assert not CheckIn.objects.filter(key_result=kr).exists()
    # `mubiao import` of a sheet: its current and target cells, in the command's language
    # (the server's, English here), the same sentence.
    expected = _expected("en", typed, typed_unit, unit)
    for cells in (f"10,{typed},", f"10,90,{typed}"):
        sheet = tmp_path / "okrs.csv"
        sheet.write_text(
            f"objective,key result,metric type,unit,start,target,current\n"
            f"Sheet,Measured,{metric_type},{unit},{cells}\n",
            encoding="utf-8",
        )
        with pytest.raises(CommandError) as refused:
            call_command("import", str(sheet), "--org", "acme", "--cycle", world.cycle.name,
                         stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
        _check(str(refused.value), expected)
    assert not Objective.objects.filter(title="Sheet").exists()
