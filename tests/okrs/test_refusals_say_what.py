"""Issue 9 (h9w): refusals that said the wrong thing. `1e0` typed as a grade was told the
number limit ("at most 10¹⁵") instead of the grade's range; a key result that had no unit was
said to be "counted in “”"; OKR text pasted with a NUL is named once, by line and character."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from tests.api.conftest import Api, field_errors
from tests.conftest import make_objective

RANGE = {"en": "A score is a number from 0.0 to 1.0 with one decimal.",
         "zh-hans": "评分是 0.0 到 1.0 之间、保留一位小数的数字。"}  # fmt: skip
# Each beyond a number's limits in another way: too large, too many places or significant
# digits.
OUT_OF_LIMITS = ["10000000000000000", "0.12345", "0.1234567890123456"]
# Written with an exponent: asked for in digits, as every number is (probe 9c 16: `0.7e0` was
# told the range, which it is within), never told a number's limit (10¹⁵).
EXPONENTS = ["1e0", "1E5", "1e999", "0.7e0", "７e-1"]
EXPONENT = {"en": "written with an exponent (e): write the score with its digits",
            "zh-hans": "使用了科学计数法（e）：请直接写出评分的数字"}  # fmt: skip


def _speaks(member, language):
    member.user.language = language
    member.user.save(update_fields=["language"])


def _graded_kr(world):
    objective = make_objective(world.alice, world.cycle, kind="aspirational")
    services.set_cycle_state(world.admin, world.cycle, "grading")
    return objective.key_results.get()


def _service(world, client_for, kr, typed):
    with pytest.raises(ValidationError) as refused:
        services.grade_key_result(world.alice, kr, score=typed)
    return " ".join(refused.value.message_dict["score"])


def _api(world, client_for, kr, typed):
    response = Api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": typed})
    assert response.status_code == 422, response.content
    return field_errors(response)["score"]


def _web(world, client_for, kr, typed):
    response = client_for(world.alice).post(
        reverse("objective_grade", args=[kr.objective_id]),
        {f"score_{kr.pk}": typed, f"note_{kr.pk}": "", "retrospective": ""},
    )
    assert response.status_code != 302
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", OUT_OF_LIMITS)
@pytest.mark.parametrize("path", [_service, _api, _web], ids=lambda p: p.__name__.strip("_"))
def test_a_grade_beyond_a_numbers_limits_is_told_the_grades_range(
    world, client_for, path, typed, language
):
    kr = _graded_kr(world)
    _speaks(world.alice, language)
    with translation.override(language):
        said = path(world, client_for, kr, typed)
    said = said.replace("&quot;", '"').replace("&#x27;", "'")
    assert RANGE[language] in said and f"{typed}" in said
    assert "10¹⁵" not in said and "decimal places" not in said and "小数位" not in said
    kr.refresh_from_db()
    assert kr.score is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", EXPONENTS)
@pytest.mark.parametrize("path", [_service, _api, _web], ids=lambda p: p.__name__.strip("_"))
def test_a_grade_with_an_exponent_is_asked_for_in_digits(world, client_for, path, typed, language):
    kr = _graded_kr(world)
    _speaks(world.alice, language)
    with translation.override(language):
        said = path(world, client_for, kr, typed)
    said = said.replace("&quot;", '"').replace("&#x27;", "'")
    assert EXPONENT[language] in said and f"“{typed}”" in said, said
    assert RANGE[language] not in said and "10¹⁵" not in said
    kr.refresh_from_db()
    assert kr.score is None


# Under check-ins a unit changes only where their values keep their meaning (h9y): the
# refusal names the unit they are counted in, on the unit.
UNIT_CHANGES = [
    ("人", "", {"en": "counted in “人”; without a unit", "zh-hans": "以“人”计；去掉单位"}),
    ("人", "分钟", {"en": "does not convert into “分钟”", "zh-hans": "无法换算成“分钟”"}),
]


def _checked_in(world, unit):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.update_key_result(world.alice, kr, metric_type="number", unit=unit, start_value=0,
                               target_value=100)  # fmt: skip
    services.check_in(world.alice, kr, value=40)
    kr.refresh_from_db()
    return kr


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("old", "new", "said"), UNIT_CHANGES)
def test_a_unit_change_says_what_the_unit_was(world, old, new, said, language):
    kr = _checked_in(world, old)
    _speaks(world.alice, language)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        services.update_key_result(world.alice, kr, unit=new)
    message = " ".join(refused.value.message_dict["unit"])
    assert said[language] in message and "“”" not in message


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new", "current"), [("", "人", "40"), ("人", "千人", "0.04")])
def test_a_unit_change_that_keeps_the_meaning_is_made(world, old, new, current):
    kr = _checked_in(world, old)
    services.update_key_result(world.alice, kr, unit=new)
    kr.refresh_from_db()
    assert (kr.unit, kr.current_value) == (new, Decimal(current))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("text", "line", "character"), [("O1: a\nKR1: b\x00c 10\n", 2, 7)])
def test_pasted_text_with_a_nul_is_refused_once_naming_where(
    world, client_for, text, line, character, language
):
    """Regression guard (already so on main since 40c9d6c): one message, by line and
    character, not "Choose a file or paste some text" beside Django's null-character one."""
    with translation.override(language):
        response = client_for(world.alice).post(
            reverse("import_preview"), {"cycle": world.cycle.pk, "text": text},
            HTTP_ACCEPT_LANGUAGE=language,
        )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("U+0000") == 1
    assert "Null characters" not in page and "Choose a file" not in page
    assert "请选择一个文件" not in page
    where = {"en": f"line {line}: character {character}", "zh-hans": f"第 {line} 行"}
    assert where[language] in page, page
