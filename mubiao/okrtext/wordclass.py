"""Word classes from maintained lexicons, so that the activity/outcome decision does not hang on
the verbs okrtext happens to list (issue 10 §5).

- Chinese: `jieba.posseg` segments a line and tags each word with its part of speech.
- English: the verbs and nouns of the Automatically Generated Inflection Database (AGID, from
  the aspell word-list project), as shipped by `pyinflect` (a plain CSV, no numpy).

Both are loaded lazily, once per process: most lines never need them (the lexicons of
`lexicon.py` decide first), and loading takes a second.
"""

import csv
import importlib.util
import logging
from functools import cache
from pathlib import Path
from typing import NamedTuple


class Token(NamedTuple):
    word: str
    flag: str  # jieba's part-of-speech tag: v verb, vn verbal noun, n noun, m numeral, …
    start: int


@cache
def _posseg():
    import jieba
    import jieba.posseg

    # jieba logs its dictionary loading at DEBUG level on its own logger.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


def warm() -> None:
    """Load the Chinese dictionary now: a long-running process (web worker, task worker) pays
    its second at start instead of in the first Chinese request it answers."""
    _posseg()


def zh_tokens(text: str) -> list[Token]:
    """The words of a Chinese line with their part of speech and offset."""
    tokens = []
    position = 0
    for pair in _posseg().cut(text, HMM=True):
        tokens.append(Token(pair.word, pair.flag, position))
        position += len(pair.word)
    return tokens


@cache
def _agid() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    # find_spec locates the package without importing it: its __init__ builds an inflection
    # engine we do not need.
    spec = importlib.util.find_spec("pyinflect")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("okrtext needs pyinflect (its AGID word list)")
    verbs, nouns, forms, plurals = set(), set(), set(), set()
    with (Path(spec.origin).parent / "infl.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows):
            if len(row) >= 2:
                (verbs if row[1] == "V" else nouns if row[1] == "N" else set()).add(row[0])
            if len(row) >= 6 and row[1] == "V":
                # past, past participle ("<>": as the past), -ing, third person: "brought",
                # "goes"; alternatives are separated by "/".
                forms.update(f for cell in row[2:6] for f in cell.split("/") if f != "<>")
            if len(row) >= 3 and row[1] == "N":
                plurals.update(row[2].split("/"))
    return frozenset(verbs), frozenset(nouns), frozenset(forms), frozenset(plurals)


def is_en_verb_lemma(word: str) -> bool:
    """True when the word, as written, is the base form of an English verb (an imperative)."""
    return word.lower() in _agid()[0]


def is_en_verb_form(word: str) -> bool:
    """True when the word is an inflected form of an English verb (past, participle, -ing or
    third person: "brought", "focused", "takes"), a predicate after a subject."""
    return word.lower() in _agid()[2]


def is_en_noun(word: str) -> bool:
    return word.lower() in _agid()[1]


def is_en_plural_noun(word: str) -> bool:
    return word.lower() in _agid()[3]
