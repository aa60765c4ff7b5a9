"""Word search over templates, in Chinese and English, on any database.

Chinese has no spaces between words, so a plain substring search misses `满意度 客户` in a
template that says `客户满意度`. Instead every text is indexed as words:

- each run of Chinese characters becomes its overlapping character pairs (bigrams):
  `客户满意度` → `客户 户满 满意 意度`; a single character stays one word;
- English (and other Latin) words are lower-cased and reduced to a simple stem
  (`renewals` → `renewal`, `testing` → `test`), digits stay as they are.

The words are stored space-separated in `Template.search_text` (with a space at both ends). A
query is split the same way and matches when EVERY query word is found: a Chinese bigram as a
whole word, a single Chinese character anywhere, an English stem as the beginning of a word (so
`custom` finds `customers`). Query `续费` finds `续费率`; `客户满意` finds `客户满意度` since
`客户`, `户满` and `满意` are all indexed. Full-width characters and the traditional forms
common in OKR texts are normalised first (`續費` finds `续费`).

This needs only `LIKE`, so SQLite and PostgreSQL behave the same, and the index is rebuilt
whenever a template is saved through playbook.services or synced.
"""

import re

from django.db.models import Q

from mubiao.okrtext.text import normalise

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# Longest first; a suffix is removed only when a stem of at least three letters remains.
_SUFFIXES = (
    ("ies", "y"),
    ("sses", "ss"),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)
_KEEP_S = ("ss", "us", "is")


def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals, -ing and -ed."""
    if word.isdigit() or word.endswith(_KEEP_S):
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word[:-2].endswith(("s", "x", "z", "ch", "sh")):
                continue
            return word[: -len(suffix)] + replacement
    return word


def words(text: str) -> list[str]:
    """The index words of a text, in order of first appearance, without repeats."""
    text = normalise(text or "").lower()
    found: dict[str, None] = {}
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            found[run] = None
        for i in range(len(run) - 1):
            found[run[i : i + 2]] = None
    for word in _LATIN_WORD.findall(_CJK_RUN.sub(" ", text)):
        found[stem(word)] = None
    return list(found)


def index_text(*parts: str) -> str:
    """The value stored in `search_text`: the words of all parts, space-separated and framed
    by spaces so that a whole word can be matched with ` word `."""
    return " " + " ".join(words(" ".join(part for part in parts if part))) + " "


def query_q(query: str) -> Q:
    """A filter matching search_text that contains every word of the query."""
    condition = Q()
    for word in words(query):
        if _CJK_RUN.fullmatch(word) and len(word) == 1:
            condition &= Q(search_text__contains=word)
        elif _CJK_RUN.fullmatch(word):
            condition &= Q(search_text__contains=f" {word} ")
        else:
            condition &= Q(search_text__contains=f" {word}")
    return condition
