"""Issue 9 F9: the API's messages say what is wrong in words, in the caller's language, as the
pages do: a number in exponent form or pasted over-long, `0,7`, the confidence's range, a choice
list without pydantic's English, and a done / not-done check-in sent as true / 完成 / done."""

import pytest

from mubiao.okrs import services
from tests.api.conftest import field_errors
from tests.conftest import make_objective


@pytest.fixture
def kr(world):
    return make_objective(world.alice, world.cycle).key_results.get()


def _check_in(api, world, kr, value, language="en", **fields):
    return api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": value, **fields},
        **{"accept-language": language},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1e16", "written with an exponent"),
        ("1e16", "at most 10¹⁵"),
        (1e16, "10¹⁵"),
        ("4,5", "is ambiguous"),
        ("9" * 300, "“" + "9" * 23 + "…”"),
        ("3 min", "without min"),
    ],
)
def test_a_number_is_refused_in_words(world, api, kr, value, words):
    response = _check_in(api, world, kr, value)
    assert response.status_code == 422
    message = field_errors(response)["value"]
    assert words in message, message
    assert "e+16" not in message and "E+" not in message and "9" * 30 not in message


def test_a_unit_other_than_the_key_results_is_refused_naming_it(world, api, kr):
    services.update_key_result(world.alice, kr, unit="分钟")
    # "3 小时" converts (180 分钟, tests/api/test_check_ins_convert_units); "3 公斤" cannot.
    message = field_errors(_check_in(api, world, kr, "3 公斤"))["value"]
    assert "分钟" in message and "公斤" in message
    # "3 min" is 3 分钟 in another spelling (okrtext.numbers.UNIT_SYNONYMS): read, not refused.
    assert _check_in(api, world, kr, "3 min").status_code == 201


@pytest.mark.parametrize(
    ("value", "stored"),
    [(True, 1), ("完成", 1), ("done", 1), (False, 0), ("未完成", 0), ("not done", 0), (1, 1)],
)
def test_a_done_check_in_takes_the_words_people_use(world, api, kr, value, stored):
    services.update_key_result(world.alice, kr, metric_type="boolean", start_value=0,
                               target_value=1)  # fmt: skip
    response = _check_in(api, world, kr, value)
    assert response.status_code == 201, response.content
    kr.refresh_from_db()
    assert kr.current_value == stored


def test_a_done_check_in_names_the_accepted_words(world, api, kr):
    services.update_key_result(world.alice, kr, metric_type="boolean", start_value=0,
                               target_value=1)  # fmt: skip
    message = field_errors(_check_in(api, world, kr, "maybe"))["value"]
    assert "done or not done" in message


# Issue 9 (h9p 5): a confidence refusal quotes what was sent, as every number's does.
@pytest.mark.parametrize(
    ("confidence", "said"),
    # Each names the field and states the whole rule, a whole number (h9g: 11 was told "a
    # number", 7.5 "whole"; h9m: the field named in the message itself).
    [(11, "Confidence “11”: enter a whole number from 0 to 10."),
     (-1, "Confidence “-1”: enter a whole number from 0 to 10."),
     (2.5, "Confidence “2.5”: enter a whole number from 0 to 10."),
     ("11", "Confidence “11”: enter a whole number from 0 to 10."),
     ("高", "Confidence “高”: enter a whole number from 0 to 10.")],
)  # fmt: skip
def test_the_confidence_bound_in_words(world, api, kr, confidence, said):
    message = field_errors(_check_in(api, world, kr, 5, confidence=confidence))["confidence"]
    assert message.startswith(said)
    zh = field_errors(_check_in(api, world, kr, 5, "zh-hans", confidence=confidence))
    assert f"“{confidence}”" in zh["confidence"] and "enter" not in zh["confidence"]


def test_a_choice_list_is_in_the_callers_language(world, api):
    response = api(world.alice).post(
        "/objectives",
        {"cycle_id": world.cycle.pk, "title": "X", "owner_type": "boss"},
        **{"accept-language": "zh-hans"},
    )
    message = field_errors(response)["owner_type"]
    assert "organization" in message and "person" in message, message
    assert " or " not in message and "'" not in message, message
    assert "个人" in message or "组织" in message, message


def test_a_grade_with_a_decimal_comma_is_asked_0_included(world, api, kr):
    """`2,5` is ambiguous as any number is: a comma that groups no thousands is asked about on
    every path, a grade included (h9m); `0,7` is refused offering its one reading, 0.7 (a comma
    is never read as a decimal point: h9x)."""
    from mubiao.okrs.models import Cycle

    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    response = api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": "2,5"})
    assert response.status_code == 422
    assert "ambiguous" in field_errors(response)["score"]
    refused = api(world.alice).post(
        f"/key-results/{kr.pk}/grade", {"score": "0,7", "note": "Shipped late"}
    )
    assert refused.status_code == 422, refused.content
    assert field_errors(refused)["score"] == "“0,7” cannot be read as written: write 0.7."
    kr.refresh_from_db()
    assert kr.score is None


@pytest.mark.parametrize(
    "typed",
    ["1e16", "2.5E+3", "9" * 400, "1," * 200 + "5", "4" * 40 + " 小时", "0." + "1" * 80, "4,5"],
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_number_message_says_the_problem_in_words(typed, language):
    """The kind, on every path that reads a number (web, API, import, CLI: okrs.numbers): a
    message never echoes a long typing whole nor shows a limit in exponent form."""
    from django.utils import translation

    from mubiao.okrs import number_input, numbers

    with translation.override(language), pytest.raises(numbers.NumberError) as error:
        numbers.read_number(typed, unit="分钟", **number_input.VALUE)
    message = number_input.message(error.value)
    assert len(message) < 160, message
    limits = message.replace(number_input.shown(typed), "")
    assert "E+" not in limits and "e+" not in limits, message
    if len(typed) > number_input.SHOWN_LENGTH:
        assert typed not in message, message


def _too_long(api, world, path, field, length, language):
    if path == "/objectives":
        data = {"cycle_id": world.cycle.pk, "title": "Grow", field: "字" * length}
        return api(world.alice).post(path, data, **{"accept-language": language})
    objective = make_objective(world.alice, world.cycle)
    return api(world.alice).patch(
        f"/objectives/{objective.pk}", {field: "字" * length}, **{"accept-language": language}
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("path", "field", "limit"),
    [
        ("/objectives", "title", 500),
        ("/objectives", "description", 20000),
        ("/objectives/{id}", "title", 500),
        ("/objectives/{id}", "description", 20000),
    ],
)
def test_a_text_too_long_names_characters_and_what_was_sent(
    world, api, path, field, limit, language
):
    """h9j H: a 501-character title was answered "最多提交 500 项（本次提交了 501 项）" / "Send at
    most 500 items": a text's limit is in characters, and the message says how many were sent."""
    response = _too_long(api, world, path, field, limit + 1, language)
    assert response.status_code == 422
    message = field_errors(response)[field]
    assert f"{limit:,}" in message and f"{limit + 1:,}" in message, message
    if language == "en":
        assert "characters" in message and "item" not in message, message
    else:
        assert "字符" in message and "项" not in message, message
