"""/okrtext/parse says which key results the text marks on hold (issue 10): `held`, the mark
left out of `text`, the key result an import stores beside it; a hold word inside a measure is
no mark. A reStructuredText field that is not read is a problem at its line, in the language
asked for. The schema documents `held`."""

import pytest
from django.test import Client

HELD = [
    ("Launch the partner portal (on hold)", "Launch the partner portal"),
    ("[paused] Reach 1000 signups", "Reach 1000 signups"),
    ("上线新官网（暂停）", "上线新官网"),
    ("【搁置】新签 10 家客户", "新签 10 家客户"),
    ("暂缓：新签 10 家客户", "新签 10 家客户"),
    ("Reach 1000 signups — deferred", "Reach 1000 signups"),
    ("新签 10 家客户，推迟", "新签 10 家客户"),
]
NOT_HELD = ["延期率从 10% 降到 5%", "Keep paused subscriptions below 2%"]


def _key_results(api, member, text, **body):
    response = api(member).post("/okrtext/parse", {"text": text, **body})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(("line", "text"), HELD)
def test_parse_says_held(world, api, line, text):
    said = _key_results(api, world.alice, f"O1: 提升增长\n- {line}\n")
    kr = said["sections"][0]["objectives"][0]["key_results"][0]
    assert (kr["text"], kr["held"]) == (text, True)
    assert kr["key_result"] is not None  # stored as an import stores it


@pytest.mark.parametrize("line", NOT_HELD)
def test_a_hold_word_inside_a_measure_is_not_held(world, api, line):
    said = _key_results(api, world.alice, f"O1: 准时交付\n- {line}\n")
    kr = said["sections"][0]["objectives"][0]["key_results"][0]
    assert (kr["text"], kr["held"]) == (line, False)


@pytest.mark.parametrize(("lang", "word"), [("en", "field that is not read"), ("zh-hans", "字段")])
def test_an_unread_directive_field_is_a_problem_at_its_line(world, api, lang, word):
    text = (
        ".. objective:: Grow revenue\n   :owner: Sales\n   :priority: high\n.. kr:: Win 20 deals\n"
    )
    said = _key_results(api, world.alice, text, lang=lang)
    assert said["sections"][0]["owner"] == "Sales"
    assert [p["line"] for p in said["problems"] if word in p["message"]] == [3]


def test_the_schema_documents_held(db):
    schema = Client().get("/api/v1/openapi.json").json()
    reading = schema["components"]["schemas"]["KeyResultReadingOut"]["properties"]
    assert reading["held"]["type"] == "boolean"
    assert "on hold" in reading["held"]["description"]
