"""Issue 9 (brief h9s): every number a person types is read by the one reader (okrs.numbers) or
refused with a message, on every route.

- D15: the digits Mubiao reads are ASCII 0–9, full-width ０–９ and Chinese numerals. Any other
  Unicode digit (Arabic-Indic ٣, Devanagari ३, maths-bold 𝟑, monospace 𝟹) is refused saying to
  write the digits 0–9, never converted without a word (Python's Decimal() read ٣٠ as 30, and
  NFKC folded 𝟑𝟎 into 30). A JSON *number* is a machine value and is taken, within its field's
  range and decimal places; the *string* "1e2" stays refused.
- D12: a comma that groups no thousands is said in one sentence on every route (check-in,
  start / target on the web form and the API, weight, confidence, a grade, an import): “4,5”
  is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands) (probe 27: never 45, and
  never a reading chosen by the key result). A grade's `1,0` is “write 1.0” (1,000 is no score);
  a confidence's is its range.
- A4: `/okrtext/parse` answers a key result's attributes (`{target=1.2万}`) as the import
  stores them, and refuses an unreadable one naming its key, line and column, as the import.
"""

import html
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mubiao.okrs import services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import ImportFailed, import_okrs
from tests.api.conftest import Api, field_errors, sent_check_in, sent_patch
from tests.api.test_odd_numbers_every_path import PATHS, answers
from tests.conftest import make_objective, weights_switched_on
from tests.web.test_stale_edits import load

pytestmark = pytest.mark.django_db

# Digits of other scripts: each refused, naming the digits to write.
OTHER_DIGITS = ["٣٠", "۳۰", "३०", "𝟑𝟎", "𝟹𝟶", "৩০", "٤٥٫٥", "1٠"]
FOREIGN = "is written in digits Mubiao does not read"
FOREIGN_ZH = "请用数字 0–9 书写"

# (typed, metric type, unit, the value meant or the words of its refusal)
DIGITS = [(typed, "number", "", FOREIGN) for typed in OTHER_DIGITS] + [
    ("𝟒 分", "number", "分", FOREIGN),  # a rating's own reading folds first: refused before
    ("𝟐𝟓𝟎-𝟑𝟎𝟎", "number", "", FOREIGN),  # not offered as a range's middle
    ("３０", "number", "", 30),  # full-width: read
    ("三十", "number", "", 30),  # Chinese numerals: read
    ("30", "number", "", 30),
]


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_other_scripts_digits_are_refused_on_every_value_path(world, client_for, api, path):
    assert answers(path, world, client_for, api, DIGITS) == []


def _grading(world):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    services.set_cycle_state(world.admin, world.cycle, Cycle.State.GRADING)
    return kr


def _api_grade(world, kr, typed):
    response = Api(world.alice).post(f"/key-results/{kr.pk}/grade", {"score": typed,
                                                                      "note": "late"})  # fmt: skip
    if response.status_code == 200:
        return None
    assert response.status_code == 422, response.content
    return field_errors(response)["score"]


def _api_grade_objective(world, kr, typed):
    scores = [{"key_result_id": kr.pk, "score": typed, "note": "late"}]
    response = Api(world.alice).post(f"/objectives/{kr.objective_id}/grade", {"scores": scores})
    if response.status_code == 200:
        return None
    assert response.status_code == 422, response.content
    return " ".join(field_errors(response).values())


def _cli_grade(world, kr, typed):
    try:
        call_command("grade", "--org", world.org.slug, "--as", world.alice.user.email,
                     str(kr.pk), typed, "--note", "late", stdout=io.StringIO())  # fmt: skip
    except CommandError as error:
        return str(error)
    return None


def _web_grade(world, kr, typed):
    client = Client()
    client.force_login(world.alice.user)
    url = reverse("objective_grade", args=[kr.objective_id])
    form = load(client, url, "grade-form")
    response = client.post(url, {**form, f"score_{kr.pk}": typed, f"note_{kr.pk}": "late"})
    if response.status_code == 302:
        return None
    return html.unescape(response.content.decode())


GRADE_ROUTES = [_api_grade, _api_grade_objective, _cli_grade, _web_grade]


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("route", GRADE_ROUTES, ids=lambda r: r.__name__.strip("_"))
@pytest.mark.parametrize("typed", ["٠.٧", "𝟎.𝟕", "०.७"])
def test_a_grade_in_other_digits_is_refused(world, route, typed):
    kr = _grading(world)
    said = route(world, kr, typed)
    assert said is not None and FOREIGN in said and f"“{typed}”" in said, said
    kr.refresh_from_db()
    assert kr.score is None


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("route", GRADE_ROUTES, ids=lambda r: r.__name__.strip("_"))
def test_a_grade_in_full_width_digits_is_read(world, route):
    kr = _grading(world)
    assert route(world, kr, "０.７") is None
    kr.refresh_from_db()
    assert kr.score == Decimal("0.7")


def _api_weight(world, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return sent_patch(Api(world.alice), kr, "weight", typed)


def _api_confidence(world, typed):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    return Api(world.alice).post(
        f"/key-results/{kr.pk}/check-ins", {"value": "5", "confidence": typed}
    )


@pytest.mark.parametrize("typed", ["٣", "𝟑", "३"])
def test_a_weight_and_a_confidence_in_other_digits_are_refused_naming_the_field(world, typed):
    with weights_switched_on(world):
        said = _api_weight(world, typed)
    assert said is not None and FOREIGN in said and "Weight" in said, said
    response = _api_confidence(world, typed)
    assert response.status_code == 422, response.content
    said = field_errors(response)["confidence"]
    assert FOREIGN in said and "Confidence" in said, said
    assert not KeyResult.objects.filter(weight=3).exists()


def test_other_digits_are_refused_in_chinese_too(world, api):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = Api(world.alice, **{"accept-language": "zh-hans"})
    response = client.post(f"/key-results/{kr.pk}/check-ins", {"value": "٣٠"})
    assert response.status_code == 422
    assert FOREIGN_ZH in field_errors(response)["value"]


# A JSON number is a machine value: taken, within the field's range and decimal places.
@pytest.mark.parametrize(
    ("sent", "stored"),
    [("1e2", Decimal(100)), ("1E1", Decimal(10)), ("1e-5", None), ("1e16", None), ('"1e2"', None)],
)
def test_a_json_number_is_a_machine_value_a_string_is_typed(world, sent, stored):
    kr = make_objective(world.alice, world.cycle).key_results.get()
    client = Api(world.alice)
    for body in (f'{{"value": {sent}}}', f'{{"target_value": {sent}}}'):
        if "value" in body and "target" not in body:
            response = client.post(f"/key-results/{kr.pk}/check-ins", body)
            field, ok, read = "value", 201, "current_value"
        else:
            response = client.patch(f"/key-results/{kr.pk}", body)
            field, ok, read = "target_value", 200, "target_value"
        kr.refresh_from_db()
        if stored is None:
            assert response.status_code == 422, (body, response.content)
            assert field in field_errors(response)
        else:
            assert response.status_code == ok, (body, response.content)
            assert getattr(kr, read) == stored


def test_the_api_docs_say_json_numbers_are_machine_values():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    assert "JSON number" in docs and "1e-5" in docs and '"1e2"' in docs


# D12: one sentence for a decimal comma, from one place, on every route.
COMMA = "“4,5” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands)."
COMMA_ZH = "“4,5”有歧义：请写 4.5（小数）或 4500 / 4,500（千位分隔）。"
COMMA_TABLE = [
    ("4,5", "number", "", "is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands).")
]


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.strip("_"))
def test_a_decimal_comma_is_said_in_one_sentence_on_every_value_path(world, client_for, api, path):
    assert answers(path, world, client_for, api, COMMA_TABLE) == []


def test_a_decimal_comma_in_a_weight_and_a_new_key_result_says_the_same(world, api):
    with weights_switched_on(world):
        said = _api_weight(world, "4,5")
    assert COMMA in said, said
    objective = make_objective(world.alice, world.cycle)
    response = Api(world.alice).post(
        "/key-results", {"objective_id": objective.pk, "title": "k", "target_value": "4,5"}
    )
    assert response.status_code == 422
    assert COMMA in field_errors(response)["target_value"]
    kr = objective.key_results.get()
    with translation.override("zh-hans"):
        said = sent_check_in(Api(world.alice, **{"accept-language": "zh-hans"}), kr, "4,5")
    assert COMMA_ZH in said, said


# Each case is a route of its own: every case runs on PostgreSQL too.
@pytest.mark.every_case
@pytest.mark.parametrize("route", GRADE_ROUTES, ids=lambda r: r.__name__.strip("_"))
def test_a_grade_with_a_decimal_comma_offers_only_a_score(world, route):
    kr = _grading(world)
    said = route(world, kr, "1,0")
    assert said is not None and "“1,0” cannot be read as written: write 1.0." in said, said


def test_a_confidence_with_a_decimal_comma_offers_what_it_takes(world):
    response = _api_confidence(world, "1,0")
    assert response.status_code == 422
    said = field_errors(response)["confidence"]
    assert said == "Confidence “1,0”: enter a whole number from 0 to 10.", said


# A4: /okrtext/parse says what the import stores for a key result's attributes.
ATTRIBUTE_LINES = [
    "KR1: 用户数 {target=1.2万}",
    'KR1: 用户数 {start=二十5 target=三千 unit="人"}',
    'KR1: 收入 {target="50万元"}',
    "KR1: 注册用户 {start=0 target=200人}",
    "KR1: 客户数 {start=１０ target=４５}",
]


def _parsed(world, text, lang="en"):
    body = {"text": text, "cycle_id": world.cycle.pk, "lang": lang}
    response = Api(world.alice).post("/okrtext/parse", body)
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.parametrize("line", ATTRIBUTE_LINES)
def test_parse_answers_the_attributes_as_the_import_stores_them(world, line):
    text = f"O1: 增长\n{line}\n"
    document = _parsed(world, text)
    assert [p for p in document["problems"] if p["refused"]] == []
    said = document["sections"][0]["objectives"][0]["key_results"][0]
    import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    stored = KeyResult.objects.get()
    assert said["target"] == float(stored.target_value), said
    assert (said["unit"] or "") == stored.unit, said
    assert said["key_result"] == {
        "metric_type": stored.metric_type,
        "start_value": float(stored.start_value),
        "target_value": float(stored.target_value),
        "unit": stored.unit,
        "direction": stored.direction,
        "due_date": None,
    }


@pytest.mark.parametrize(
    ("typed", "lang", "words"),
    [
        ("abc", "en", "attribute “target”"),
        ("abc", "zh-hans", "“target”属性"),
        ("٣٠٠", "en", FOREIGN),
        ("٣٠٠", "zh-hans", FOREIGN_ZH),
        ("𝟑𝟎𝟎", "en", FOREIGN),
        ("4,5", "en", "“4,5” is ambiguous: write 4.5 (a decimal) or 4500 / 4,500 (thousands)."),
    ],
)
def test_parse_refuses_an_unreadable_attribute_naming_its_key_line_and_column(
    world, typed, lang, words
):
    line = f"KR1: 用户数 {{start=0 target={typed}}}"
    document = _parsed(world, f"O1: 增长\n{line}\n", lang)
    refused = [p for p in document["problems"] if p["refused"]]
    assert len(refused) == 1, document["problems"]
    problem = refused[0]
    assert problem["line"] == 2 and problem["column"] == line.index("target=") + 1, problem
    assert words in problem["message"] and typed in problem["message"], problem
    key = "“target”属性" if lang == "zh-hans" else "attribute “target”"
    assert key in problem["message"], problem
    with pytest.raises(ImportFailed) as failed:
        import_okrs(world.alice, file_name="okrs.md", data=f"O1: 增长\n{line}\n".encode(),
                    cycle=world.cycle)  # fmt: skip
    assert typed in failed.value.text
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(
    "title", ["用户数从 ٣ 到 ٥٠ 人", "用户数从 𝟑 到 𝟓𝟎 人", "Reach ५० customers"]
)
def test_a_title_in_other_digits_is_refused_by_parse_and_import(world, title):
    text = f"O1: 增长\nKR1: {title}\n"
    document = _parsed(world, text)
    said = document["sections"][0]["objectives"][0]["key_results"][0]
    assert said["key_result"] is None, said
    refused = [p for p in document["problems"] if p["refused"]]
    assert refused and FOREIGN in refused[0]["message"], document["problems"]
    with pytest.raises(ImportFailed):
        import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle)
    assert not KeyResult.objects.exists()


def test_the_dry_run_and_the_web_preview_show_the_attributes_values(world, tmp_path, client_for):
    text = 'O1: 增长\nKR1: 用户数 {start=二十5 target=三千 unit="人"}\n'
    path = tmp_path / "okrs.md"
    path.write_text(text)
    out = io.StringIO()
    call_command("import", str(path), "--org", world.org.slug, "--cycle", world.cycle.name,
                 "--as", world.alice.user.email, "--dry-run", stdout=out)  # fmt: skip
    assert "3,000" in out.getvalue() and "25" in out.getvalue(), out.getvalue()
    response = client_for(world.alice).post(
        "/transfer/preview", {"cycle": world.cycle.pk, "text": text}
    )
    assert "3,000" in response.content.decode()
    assert not KeyResult.objects.exists()


def test_a_json_import_in_other_digits_is_refused_naming_the_key(world):
    kr = {"title": "k", "metric_type": "number", "start": "0", "target": "٣٠٠"}
    document = {"format": "mubiao.okrs", "version": 1,
                "objectives": [{"title": "o", "key_results": [kr]}]}  # fmt: skip
    with pytest.raises(ImportFailed) as failed:
        import_okrs(world.alice, file_name="okrs.json", data=json.dumps(document).encode(),
                    cycle=world.cycle)  # fmt: skip
    assert "target" in failed.value.text and FOREIGN in failed.value.text, failed.value.text


@pytest.mark.parametrize(
    ("line", "start", "target", "unit"),
    [
        ("KR1: 用户数 {target=1.2万}", None, 1.2, "万"),
        ('KR1: 用户数 {start=二十5 target=三千 unit="人"}', 25, 3000, "人"),
        ("KR1: 用户数 {start=0 target=٣٠٠}", None, None, None),  # refused: nothing read
    ],
)
def test_mubiao_parse_answers_the_attributes_as_the_import_reads_them(
    tmp_path, capsys, line, start, target, unit
):
    from mubiao.cli import main

    written = tmp_path / "okrs.md"
    written.write_text(f"O1: 增长\n{line}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["parse", "--json", str(written)]) == 0
    said = json.loads(capsys.readouterr().out)
    kr = said["sections"][0]["objectives"][0]["key_results"][0]
    assert (kr["start"], kr["target"], kr["unit"]) == (start, target, unit), kr
    if target is None:
        assert any(FOREIGN in p["message"] for p in said["problems"]), said["problems"]


@pytest.mark.parametrize("typed", ["1,0", "4,5", "٣", "abc", "7.5", "11"])
def test_a_confidence_cell_is_refused_as_the_api_refuses_it(world, typed):
    """One refusal of a confidence on every route: an import's cell was refused in words of
    its own ("Confidence “1,0”: enter a whole number…") where the API offered 1.0 or 10."""
    response = _api_confidence(world, typed)
    assert response.status_code == 422
    api_said = field_errors(response)["confidence"]
    header = ["objective", "key result", "start", "target", "confidence"]
    rows = [header, ["o", "k", "0", "100", typed]]
    data = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode()
    with pytest.raises(ImportFailed) as failed:
        import_okrs(world.alice, file_name="okrs.csv", data=data, cycle=world.cycle)
    assert failed.value.text.endswith(api_said), (failed.value.text, api_said)


@pytest.mark.parametrize("start", ["abc", "٣", "1_000", "NaN"])
def test_an_unreadable_attribute_beside_a_titles_numbers_is_refused_not_a_500(
    world, client_for, start
):
    """readings.describe_numbers read a file's text with Decimal(): `{start=abc}` beside a
    title that states its numbers was decimal.InvalidOperation, a 500 on the paste preview."""
    text = f"O1: 增长\nKR1: 用户从 10 到 100 人 {{start={start} target=100}}\n"
    with pytest.raises(ImportFailed) as failed:
        import_okrs(world.alice, file_name="okrs.md", data=text.encode(), cycle=world.cycle,
                    dry_run=True)  # fmt: skip
    assert "attribute “start”" in failed.value.text and start in failed.value.text
    response = client_for(world.alice).post(
        "/transfer/preview", {"cycle": world.cycle.pk, "text": text}
    )
    assert response.status_code in (200, 400), response.status_code
    assert start in html.unescape(response.content.decode())
    assert not KeyResult.objects.exists()
