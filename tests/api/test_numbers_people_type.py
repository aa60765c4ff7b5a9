"""Issue 9, task h9: numbers as people type them in words. English number words are read by
the value reader (okrs.numbers.read_number) as the title reader (okrtext.numbers) reads them,
from one table: `twenty-five`, `twenty five`, `one hundred and twenty`, `a dozen`, `two
million`; `half` is refused saying so. A word before the number on a key result's level
(`覆盖 80%`, `达到 1200 人`, `reached 300`) is read when it only says "the level is", and is
refused naming it otherwise (`about 300`, `约 1200 人`): never silently dropped.

One table, through the web check-in form, the JSON API check-in, the service, a file's current
value and read_number itself."""

from decimal import Decimal

import pytest
from django.utils import translation

from mubiao.okrs import number_input
from mubiao.okrs.numbers import NumberError, read_number, read_value
from mubiao.okrtext.numbers import find_quantities
from mubiao.okrtext.text import normalise
from tests.api.conftest import TYPED_VALUE_PATHS, sent_patch, stored_or_refused
from tests.api.test_check_in_values_as_spoken import typed_in_a_file
from tests.api.test_numbers_as_meant import _kr
from tests.web.test_typed_numbers import _import_target, _writing_form_target

pytestmark = pytest.mark.postgres

D = Decimal
# (metric type, unit, start, target, typed, the value stored, or a fragment of the refusal)
TYPED = [
    ("number", "", 0, 100, "twenty-five", D(25)),
    ("number", "", 0, 100, "twenty five", D(25)),
    ("number", "", 0, 100, "Twenty-Five", D(25)),
    ("number", "users", 0, 100, "twenty-five users", D(25)),
    ("number", "", 0, 500, "one hundred and twenty", D(120)),
    ("number", "", 0, 100, "a dozen", D(12)),
    ("number", "", 0, 5000000, "two million", D(2000000)),
    ("number", "", 0, 5000000, "3 million", D(3000000)),
    ("number", "人", 0, 50000, "twenty-five thousand", D(25000)),
    ("currency", "万元", 0, 1000, "two million", D(200)),
    ("number", "", 0, 10, "half", "“half”"),
    ("number", "", 0, 10, "a half", "“half”"),
    ("number", "", 0, 10, "two and a half", "“half”"),
    ("percent", "%", 0, 100, "覆盖 80%", D(80)),
    ("number", "人", 0, 2000, "达到 1200 人", D(1200)),
    ("number", "人", 0, 2000, "达到1200人", D(1200)),
    ("number", "", 0, 500, "reached 300", D(300)),
    ("number", "", 0, 500, "Reached: 300", D(300)),
    ("number", "", 0, 500, "about 300", "“about”"),
    ("number", "", 0, 500, "over 300", "“over”"),
    ("number", "人", 0, 2000, "约 1200 人", "“约”"),
    ("number", "人", 0, 2000, "超过1200人", "“超过”"),
    ("number", "", 0, 500, "about twenty-five", "“about”"),
    # What was read before stays read as before.
    ("number", "NPS", -5, 20, "NPS 15", D(15)),
    ("currency", "元", 0, 5000, "¥3000", D(3000)),
    ("number", "分钟", 10, 3, "3 分钟", D(3)),
]


@pytest.mark.parametrize(("metric_type", "unit", "start", "target", "typed", "expected"), TYPED)
@pytest.mark.parametrize(
    "path", [*TYPED_VALUE_PATHS, typed_in_a_file], ids=lambda path: path.__name__
)
def test_numbers_in_words_are_read_as_meant_or_refused_on_every_path(
    world, client_for, api, path, metric_type, unit, start, target, typed, expected
):
    kr = _kr(world, metric_type, unit, start, target)
    stored_or_refused(kr, path(world, client_for, api, kr, typed), start, expected)


@pytest.mark.parametrize(("metric_type", "unit", "start", "target", "typed", "expected"), TYPED)
def test_read_number_reads_the_same(metric_type, unit, start, target, typed, expected):
    if isinstance(expected, str):
        with pytest.raises(NumberError) as caught:
            read_value(typed, metric_type=metric_type, unit=unit, levels=(start, target))
        assert expected in number_input.message(caught.value)
    else:
        value = read_value(typed, metric_type=metric_type, unit=unit, levels=(start, target))
        assert value == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("half", "half"),
        ("a half", "half"),
        ("one and a half", "half"),
        ("about 300", "approximate"),  # h9g: the exact number is asked for
        ("约 300", "approximate"),  # h9g: the exact number is asked for
        ("nearly twenty-five", "approximate"),  # h9g: the exact number is asked for
        ("USD 5", "not_a_number"),  # a currency on a plain number: no word to name
        ("abc", "not_a_number"),
        ("reached", "not_a_number"),
        ("twelve-ish", "not_a_number"),
        # A number in words the reader does not read is no word before a number.
        ("ten thousand five hundred", "not_a_number"),
        ("two million and five", "not_a_number"),
    ],
)
def test_read_number_refuses_with_a_code(typed, code):
    with pytest.raises(NumberError) as caught:
        read_number(typed, level=True)
    assert caught.value.code == code


def test_a_word_is_read_only_before_a_level():
    # A weight or a confidence is no level: no word before it is read.
    with pytest.raises(NumberError):
        read_number("reached 3", whole=True, low=0, high=10)
    assert read_number("twenty-five") == 25


@pytest.mark.parametrize(
    "words",
    ["twenty-five", "twenty five", "one hundred and twenty", "a dozen", "two million",
     "Twenty-Five Thousand", "a hundred", "ninety-nine"],
)  # fmt: skip
def test_the_title_reader_and_the_value_reader_agree(words):
    found = find_quantities(normalise(f"Sign {words} new customers"))
    assert [q.value for q in found] == [read_number(words)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("typed", ["about 300", "a half"])
def test_the_refusals_are_said_in_the_persons_language(language, typed):
    with pytest.raises(NumberError) as caught:
        read_number(typed, level=True)
    with translation.override(language):
        said = number_input.message(caught.value)
    assert typed in said
    if language == "zh-hans":
        assert any("\u4e00" <= char <= "\u9fff" for char in said), said


# ---- The same typings as a key result's target: the writing form, the API, a file ---------


def _api_target(client_for, world, api, typed):
    kr = _kr(world, "number", "", 0, 10)
    if sent_patch(api(world.alice), kr, "target_value", typed) is not None:
        return None
    kr.refresh_from_db()
    return kr.target_value


TARGET_PATHS = [
    lambda client_for, world, api, typed: _writing_form_target(client_for, world, typed),
    _api_target,
    lambda client_for, world, api, typed: _import_target(client_for, world, typed),
]
TARGETS = [
    ("twenty-five", D(25)),
    ("twenty five", D(25)),
    ("two million", D(2000000)),
    ("one hundred and twenty", D(120)),
    ("达到 1200", D(1200)),
    ("about 300", None),
    ("half", None),
]


@pytest.mark.parametrize(("typed", "expected"), TARGETS)
@pytest.mark.parametrize("path", TARGET_PATHS, ids=["writing_form", "api_patch", "file"])
def test_a_target_in_words_is_read_alike_on_every_path(
    world, client_for, api, path, typed, expected
):
    assert path(client_for, world, api, typed) == expected
