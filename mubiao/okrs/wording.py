"""How a message puts sentences and values together in the person's language (issue 9, m2):
Chinese sets no space after a full stop (`。再次保存`) and a space where a Latin word or a number
meets a Chinese character (`以 users 计数`, but `以人计数`); English the other way round."""

import re

from django.utils.translation import pgettext

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def sentence_gap() -> str:
    """What goes between two sentences: a space in English, none in Chinese."""
    return pgettext("two sentences", "%(first)s %(second)s") % {"first": "", "second": ""}


def sentences(texts) -> str:
    """Sentences one after another as the language writes them, empty ones left out."""
    return sentence_gap().join(str(text) for text in texts if text)


def fill(message: str, params: dict) -> str:
    """`message % params`, with a space where a value's Latin word or number meets a Chinese
    character the message puts beside it ("以%(unit)s计数": 以 users 计数, 以人计数), as
    Chinese is typeset; the values themselves are left as they are (a quoted value meets
    quotation marks, not characters, and is never spaced)."""

    def value(match: re.Match) -> str:
        if match[0] == "%%":
            return "%"
        text = str(params[match[1]])
        before = message[match.start() - 1] if match.start() else ""
        after = message[match.end()] if match.end() < len(message) else ""
        if text and _HAN.fullmatch(before or "x") and _LATIN_OR_DIGIT.match(text[0]):
            text = f" {text}"
        if text and _HAN.fullmatch(after or "x") and _LATIN_OR_DIGIT.match(text[-1]):
            text = f"{text} "
        return text

    return _PLACEHOLDER.sub(value, message)


# A Chinese character beside a placeholder: where the value decides whether a space goes there.
_TOUCHING = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]%\(\w+\)s|%\(\w+\)s[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


class SpacedMessage(str):
    """A translated message whose placeholder meets a Chinese character (“与%(org)s一起”):
    filled with `%` as `fill` fills it, so that a Latin or numeric value is set apart by a
    space (与源目标科技 Mubiao Demo 一起, 复制到 P11 跨年, 2026 Q4 中) and a Chinese one is not
    (与源目标科技一起, 已停用张三的账号: issue 13). The catalogue cannot know which a name or
    a cycle will be; the value does (issue 9)."""

    def __mod__(self, params):
        if isinstance(params, dict):
            return fill(str(self), params)
        return str.__mod__(str(self), params)


def spaced(message):
    if (
        type(message) is str
        and _TOUCHING.search(message)
        and "%" not in _PLACEHOLDER.sub("", message)
    ):
        return SpacedMessage(message)
    return message


def install_spacing() -> None:
    """Every translation Django looks up (gettext, ngettext, pgettext, blocktranslate) is
    `spaced`: one place for every route (web, API, mail, chat, CLI, imports)."""
    from django.utils.translation.trans_real import DjangoTranslation

    if getattr(DjangoTranslation, "_mubiao_spaced", False):
        return
    plain_gettext, plain_ngettext = DjangoTranslation.gettext, DjangoTranslation.ngettext

    def gettext(self, message):
        return spaced(plain_gettext(self, message))

    def ngettext(self, singular, plural, n):
        return spaced(plain_ngettext(self, singular, plural, n))

    DjangoTranslation.gettext, DjangoTranslation.ngettext = gettext, ngettext
    DjangoTranslation._mubiao_spaced = True
