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
