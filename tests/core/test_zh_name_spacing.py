"""Issue 13 (h13s): in Chinese a name sits between characters without spaces (“已停用张三的账号”,
not “已停用 张三 的账号”): a space is what separates English words, and around a Chinese name it
reads as a stray gap. The compiled catalogues of every app are read; a name placeholder
(a person's, an organization's, a vendor's or a provider's) must not have a space between it
and a Chinese character or full-width punctuation. Numbers and e-mail addresses keep theirs."""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "mubiao").glob("*/locale/zh_Hans/LC_MESSAGES/django.mo"))
NAMES = ("name", "names", "who", "person", "actor", "org", "organization", "provider",
         "vendor", "to", "owner", "author", "manager", "member")  # fmt: skip
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
PLACEHOLDER = r"%\((?:" + "|".join(NAMES) + r")\)s"
STRAY = re.compile(rf"{CJK} +{PLACEHOLDER}|{PLACEHOLDER} +{CJK}")


def stray_spaces(text: str) -> list[str]:
    return [match.group() for match in STRAY.finditer(text)]


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("已停用 %(name)s 的账号", True),
        ("已停用%(name)s的账号", False),
        ("%(who)s 提到了你", True),
        ("“%(name)s”", False),
        ("%(count)s 名下属", False),  # a number keeps its space
        ("%(email)s 不是成员", False),  # so does an e-mail address
        ("使用 %(provider)s 登录", True),
    ],
)
def test_the_rule(text, stray):
    assert bool(stray_spaces(text)) == stray


@pytest.mark.parametrize("mo", CATALOGUES, ids=[mo.parts[-5] for mo in CATALOGUES])
def test_no_stray_space_around_a_name(mo):
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    found = [
        f"{key!r}: {translation!r}"
        for key, translation in catalog.items()
        if key and stray_spaces(translation)
    ]
    assert not found, "\n".join(found)
