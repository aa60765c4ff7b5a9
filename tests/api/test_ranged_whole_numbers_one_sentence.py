"""Issue 9 (h9f): a whole-number field with a small range (a reminder's hour 0–23 and weekday
0–6, an objective's aligned share 0–100, a key result's confidence 0–10) refuses every value
outside its rule with one sentence naming the field and its full range, whatever was wrong
(`50.5` was "Enter a whole number.", `150` "at most 23", `-1` "请输入不小于 0 的数", `1,5`
"0 到 23 之间的整数"). A weekday is a day, not a quantity: a day's name is never read as its
numeral (`六` was stored as 6, Sunday, for a Chinese Saturday); it is refused with the
numbering, as the web form takes only the days it lists."""

import pytest
from django.utils import translation

from mubiao.notify.models import Preference
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

# field: (how the request is sent, its name and range in en and zh-hans)
FIELDS = {
    "reminder_hour": ("Reminder hour", "a whole number from 0 to 23", "提醒时间", "0 到 23"),
    "reminder_weekday": ("Reminder weekday", "a whole number from 0 to 6 (0 = Monday",
                         "提醒日", "0 到 6"),
    "aligned_share": ("Share of aligned objectives", "a whole number from 0 to 100",
                      "对齐目标所占比例", "0 到 100"),
    "confidence": ("Confidence", "a whole number from 0 to 10", "信心指数", "0 到 10"),
}  # fmt: skip
VALUES = [50.5, 150, -1, "1,5", "50.5", "150", "-1"]
DAY_NAMES = ["六", "周六", "星期六", "礼拜六", "Saturday", "Sat", "日", "七", "〇"]


def _send(world, field, value, language):
    api = Api(world.alice, **{"accept-language": language})
    if field.startswith("reminder_"):
        return api._send("put", "/me/notification-preferences", {field: value}, {})
    objective = make_objective(world.alice, world.cycle)
    if field == "aligned_share":
        return api.patch(f"/objectives/{objective.pk}", {field: value})
    return api.patch(f"/key-results/{objective.key_results.get().pk}", {field: value})


CASES = [(f, v) for f in FIELDS for v in VALUES] + [("reminder_weekday", d) for d in DAY_NAMES]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("field", "value"), CASES)
def test_every_refusal_names_the_field_and_its_range(world, field, value, language):
    response = _send(world, field, value, language)
    assert response.status_code == 422, response.content
    said = field_errors(response)[field]
    en_name, en_rule, zh_name, zh_rule = FIELDS[field]
    name, rule = (en_name, en_rule) if language == "en" else (zh_name, zh_rule)
    assert said.startswith(name) and rule in said, said
    assert str(value) in said, said
    if field == "reminder_weekday":
        with translation.override(language):
            monday = "Monday" if language == "en" else "星期一"
        assert monday in said, said
    assert not Preference.objects.exists()


@pytest.mark.parametrize(("field", "value", "stored"), [
    ("reminder_weekday", "5", 5), ("reminder_weekday", "５", 5), ("reminder_weekday", 6, 6),
    ("reminder_hour", "8", 8), ("reminder_hour", 23, 23),
])  # fmt: skip
def test_a_whole_number_in_range_is_stored(world, field, value, stored):
    response = _send(world, field, value, "en")
    assert response.status_code == 200, response.content
    assert response.json()[field] == stored
