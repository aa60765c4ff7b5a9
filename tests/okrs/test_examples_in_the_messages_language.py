"""Issue 9 (brief h9u): every example in a message follows the message's language. A tester
was told, in English, "for example 从 X 提升 2x", "（当前值 X）" and "“12月31日”". Crawled here:
the linter's catalogue (okrtext.messages) and every message of the gettext catalogues (their
English msgid, their zh-hans msgstr), and the examples built from what a person wrote
(okrtext.reading.unreadable_example)."""

import re
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from mubiao.okrtext.messages import FOR_EXAMPLE, MESSAGES, UNREADABLE
from mubiao.okrtext.reading import unreadable_example

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")
# Chinese an English message names rather than exemplifies: the products it signs in with, the
# column headers a file may have in either language, and units (元 → 万元) as the field holds them.
NAMES = ["使用飞书 / 钉钉 / 企业微信登录", "企业微信", "飞书", "钉钉", "负责的团队", "上级邮箱",
         "负责人", "关键结果", "目标值", "目标", "姓名", "邮箱", "团队", "角色", "职位", "时区",
         "语言", "状态", "通讯录", "万元", "元"]  # fmt: skip
# English an example in Chinese has a Chinese form for: a day (Mar 31), a start or level
# written the English way (from X to Y, currently X, by end of December).
ENGLISH_EXAMPLE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d|\bfrom X\b|\bcurrently\b"
    r"|\bby end of\b|\bup to Y\b|\bdown to Y\b"
)
# Latin words a Chinese linter message may hold: abbreviations without a Chinese form, and what
# the reader reads (1.2M or million).
LATIN_IN_CHINESE = {"KR", "OKR", "DAU", "M", "million"}


def _linter_texts():
    for table in (MESSAGES, UNREADABLE):
        for key, languages in table.items():
            for language, texts in languages.items():
                for text in texts:
                    yield key, language, text
    for language, text in FOR_EXAMPLE.items():
        yield "FOR_EXAMPLE", language, text


@pytest.mark.parametrize(("key", "language", "text"), list(_linter_texts()))
def test_a_linter_message_is_in_one_language(key, language, text):
    words = PLACEHOLDER.sub("", text)
    if language == "en":
        assert not CJK.search(words), (key, text)
    else:
        assert set(re.findall(r"[A-Za-z]{2,}", words)) <= LATIN_IN_CHINESE, (key, text)


def _catalogue():
    # The zh-hans catalogue of every app (Mubiao's win over Django's own): msgid → msgstr.
    with translation.override("zh-hans"):
        catalogue = trans_real.translation("zh-hans")._catalog
    for msgid, msgstr in catalogue.items():
        english = msgid if isinstance(msgid, str) else msgid[0]
        if english and msgstr:
            yield english.split("\x04")[-1], msgstr


def test_every_english_message_gives_its_examples_in_english():
    mixed = []
    for english, _chinese in _catalogue():
        words = PLACEHOLDER.sub("", english)
        for name in NAMES:
            words = words.replace(name, "")
        if CJK.search(words):
            mixed.append(english)
    assert not mixed, "\n".join(sorted(set(mixed)))


def test_every_chinese_message_gives_its_examples_in_chinese():
    mixed = [
        chinese
        for english, chinese in _catalogue()
        if ENGLISH_EXAMPLE.search(PLACEHOLDER.sub("", chinese))
    ]
    assert not mixed, "\n".join(sorted(set(mixed)))


YEAR = (date(2026, 1, 1), date(2026, 12, 31))
WINTER = (date(2026, 11, 1), date(2027, 1, 31))


@pytest.mark.parametrize(
    ("written", "within", "en", "zh"),
    [
        ("11 月 31 日前", YEAR, "Nov 30", "11月30日"),
        ("by Nov 31", YEAR, "Nov 30", "11月30日"),
        ("2 月 30 日前", WINTER, "Jan 31", "1月31日"),
        ("by Feb 30", YEAR, "Feb 28", "2月28日"),
    ],
)
def test_a_day_built_from_what_was_written_is_in_the_messages_language(written, within, en, zh):
    assert unreadable_example("date", written, within, "en") == en
    assert unreadable_example("date", written, within, "zh-hans") == zh
