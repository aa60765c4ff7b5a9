"""h10m E11: on a key result counted in 家, `1.000` typed at a check-in was answered "did you
mean 1,000 or 1?", and 1,000 typed then was asked about again (far from the range 0 → 50);
`12.345`'s decimal reading, 12.345, was the same question again. Property: every reading a
check-in offers is taken as it is offered, asked nothing more, on every range and in both
languages; where it offers none, it says how to write the value."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import CheckIn
from tests.okrs.test_offered_readings_are_taken_on_every_route import _offered

pytestmark = pytest.mark.django_db

RANGES = [(0, 50), (0, 2000), (100, 1500), (0, 5), (0, 20000), (50, 0)]
TYPED = ["1.000", "12.345", "1.200", "-1.000", "１．０００ 家", "4,5", "1,,200", "1 ,200"]


def _kr(world, start, target):
    objective = services.create_objective(world.alice, cycle=world.cycle, title="Grow",
                                          key_results=[])  # fmt: skip
    return services.create_key_result(world.alice, objective, title="Shops", unit="家",
                                      start_value=start, target_value=target)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("levels", RANGES, ids=str)
def test_every_reading_offered_is_taken_as_offered(world, lang, levels):
    kr = _kr(world, *levels)
    asked_again, offered_any = [], False
    with translation.override(lang):
        for typed in TYPED:
            with pytest.raises(ValidationError) as refused:
                services.check_in(world.alice, kr, value=typed)
            said = refused.value.message_dict["value"][0]
            for reading in _offered(said, lang):
                offered_any = True
                try:
                    services.check_in(world.alice, kr, value=reading)
                except ValidationError as again:
                    asked_again.append((typed, said, reading, again.message_dict))
    assert asked_again == []
    assert offered_any
    assert CheckIn.objects.filter(key_result=kr).exists()


@pytest.mark.parametrize(
    ("lang", "levels", "typed", "said"),
    [
        # 1,000 is far from 0 → 50: only 1 is offered.
        ("en", (0, 50), "1.000", "did you mean 1 (a decimal point)? Enter 1."),
        ("zh-hans", (0, 50), "1.000", "你是指 1（点是小数点）吗？请输入 1。"),
        # Both readings fit 0 → 2,000.
        ("en", (0, 2000), "1.000", "did you mean 1,000 (a dot grouping thousands) or 1"),
        # 12.345 as typed is the same question: only 12,345 is offered.
        ("en", (0, 20000), "12.345", "did you mean 12,345 (a dot grouping thousands)? Enter"),
        # Neither can be taken as typed on 0 → 50: how to write it, no value.
        ("en", (0, 50), "12.345", "Enter the value measured, without a dot before three"),
        ("zh-hans", (0, 50), "12.345", "请输入测得的值"),
    ],
)
def test_the_question_offers_what_the_check_in_takes(world, lang, levels, typed, said):
    kr = _kr(world, *levels)
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.check_in(world.alice, kr, value=typed)
    assert said in refused.value.message_dict["value"][0]
