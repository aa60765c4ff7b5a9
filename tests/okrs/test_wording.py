"""Messages put sentences and values together as the language writes them (issue 9, m2)."""

import pytest
from django.utils import translation

from mubiao.okrs.transfer.text_reader import unreadable_key_results
from mubiao.okrs.wording import fill, sentences
from mubiao.okrtext import parse


@pytest.mark.parametrize(
    ("message", "params", "said"),
    [
        ("以%(unit)s计数", {"unit": "users"}, "以 users 计数"),
        ("以%(unit)s计数", {"unit": "人"}, "以人计数"),
        ("以%(unit)s计数", {"unit": "k USD"}, "以 k USD 计数"),
        ("满分是%(top)s，不是%(scale)s；", {"top": "5", "scale": "10"}, "满分是 5，不是 10；"),
        ("“%(text)s”的单位是%(typed)s", {"text": "3 h", "typed": "h"}, "“3 h”的单位是 h"),
        ("新数值（%(unit)s）", {"unit": "users"}, "新数值（users）"),
        ("counted in %(unit)s.", {"unit": "users"}, "counted in users."),
        ("%(share)s%% of %(unit)s", {"share": "45", "unit": "人"}, "45% of 人"),
    ],
)
def test_a_latin_value_is_set_apart_from_chinese_characters(message, params, said):
    assert fill(message, params) == said


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Nothing was saved. Save again."), ("zh-hans", "未保存。再次保存。")],
)
def test_sentences_follow_each_other_as_the_language_writes_them(language, said):
    texts = {
        "en": ["Nothing was saved.", "", "Save again."],
        "zh-hans": ["未保存。", None, "再次保存。"],
    }
    with translation.override(language):
        assert sentences(texts[language]) == said


def test_an_imported_line_with_two_problems_says_them_as_chinese_sentences():
    """A line of text that okrtext reads with two problems (the text import, /okrtext/parse):
    its messages follow each other without a space after 。 in Chinese."""
    document = parse("O: 提升速度\nKR1: 响应时间从 4,5 秒降到 1,5 秒")
    with translation.override("zh-hans"):
        [(_reading, message)] = unreadable_key_results(document, None)
    assert "。“" in message and "。 " not in message, message


def test_a_held_key_results_note_joins_its_sentences_as_the_language_does():
    """A key result held for its start (imports): its notes and the closing sentence were
    joined with a space whatever the language (“…计。 文件写明之前…”)."""
    from mubiao.okrs.transfer.readings import held_note

    with translation.override("zh-hans"):
        said = held_note(["标题以小时计。", "起始值未写明。"])
    assert said == "标题以小时计。起始值未写明。文件写明之前，这条关键结果不会导入。"
    with translation.override("en"):
        said = held_note(["The start is not stated."])
    assert said == (
        "The start is not stated. This key result is not imported until the file states it."
    )
