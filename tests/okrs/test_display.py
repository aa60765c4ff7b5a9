"""One formatter for a value with its unit per language (issue 9: a currency key result in 元
read "元450,000" on its page)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import display, services
from mubiao.web.activity import _value
from mubiao.web.templatetags.okr_ui import format_value

D = Decimal

# unit, value, Chinese, English
TABLE = [
    ("元", D(450000), "450,000 元", "¥450,000"),
    ("¥", D(450000), "¥450,000", "¥450,000"),
    ("￥", D("1200.5"), "¥1,200.5", "¥1,200.5"),
    ("$", D(-5), "-$5", "-$5"),
    ("美元", D(3), "3 美元", "$3"),
    ("USD", D(3000), "3,000 USD", "$3,000"),
    ("€", D("0.5"), "€0.5", "€0.5"),
    ("万元", D(45), "45 万元", "45 万元"),
    ("%", D("62.5000"), "62.5%", "62.5%"),
    ("人", D(280), "280 人", "280 人"),
    ("tickets", D(35), "35 tickets", "35 tickets"),
    ("", D("1234567.25"), "1,234,567.25", "1,234,567.25"),
    ("元", D("-0"), "0 元", "¥0"),
    ("元", None, "–", "–"),
]


@pytest.mark.parametrize(("unit", "value", "zh", "en"), TABLE)
def test_units_by_language(unit, value, zh, en):
    assert display.with_unit(value, unit, "zh-hans") == zh
    assert display.with_unit(value, unit, "en") == en
    for language, expected in (("zh-hans", zh), ("en", en)):
        with translation.override(language):
            assert display.with_unit(value, unit) == expected


@pytest.mark.django_db
def test_pages_and_the_activity_log_use_it(world, client_for):
    objective = services.create_objective(
        world.alice, cycle=world.cycle, title="Revenue",
        key_results=[{"title": "Sales", "metric_type": "currency", "unit": "元",
                      "start_value": 0, "target_value": 450000}],
    )  # fmt: skip
    kr = objective.key_results.get()
    services.check_in(world.alice, kr, value="120000")
    with translation.override("zh-hans"):
        assert format_value(kr, D(450000)) == "450,000 元"
        assert _value(kr, "120000") == "120,000 元"
    world.alice.user.language = "zh-hans"
    world.alice.user.save()
    page = client_for(world.alice).get(reverse("key_result", args=[kr.pk])).content.decode()
    assert "450,000 元" in page and "元450,000" not in page and "120,000 元" in page
    world.alice.user.language = "en"
    world.alice.user.save()
    page = client_for(world.alice).get(reverse("key_result", args=[kr.pk])).content.decode()
    assert "¥450,000" in page and "元450,000" not in page
