"""A long line is read with work proportional to its length (no timing: characters are counted).

Every role a number gets (window, qualifier, range, date, version, ...) is read from a bounded
stretch of text around it, so reading a line copies a bounded number of characters per number.
The line is a `str` whose slices are counted: a step that copied the text before (or after) each
number, as `_roles` once did, copies ~n²/2 characters and fails the bound.
"""

from mubiao.okrtext import read_key_result
from mubiao.okrtext.numbers import find_quantities


class _CountedLine(str):
    """A line that counts the characters of every slice taken from it."""

    copied = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        if isinstance(key, slice):
            _CountedLine.copied += len(part)
        return part


# Numbers of every kind the role step reads: windows, qualifiers, ranges, dates, versions,
# times of day, currencies, Chinese numerals, placeholders, English number words.
_CHUNK = (
    "近3年 每周30分钟以上的跑步3次, 2到3名 from 15% to 9% in the two main repos, "
    "v2.0 6/15 23:00 $1.2M 3.5万 xx 个 three SDRs 第3名 4.8/5 星; "
)


def _line(length: int) -> str:
    return (_CHUNK * (length // len(_CHUNK) + 1))[:length]


def _copied(length: int) -> tuple[int, int]:
    _CountedLine.copied = 0
    quantities = find_quantities(_CountedLine(_line(length)))
    return _CountedLine.copied, len(quantities)


def test_characters_copied_grow_linearly_with_the_line():
    short, short_numbers = _copied(1_000)
    long, long_numbers = _copied(5_000)
    assert long_numbers >= 4.5 * short_numbers > 0  # the long line really has 5x the numbers
    # Linear: five times the text, about five times the work (quadratic would be ~25x).
    assert long <= 6 * short
    assert long <= 100 * 5_000  # a bounded amount per character


def test_a_5000_character_line_is_read():
    reading = read_key_result("Increase revenue " + _line(5_000))
    assert reading.text
