"""Bytes → text for the text, Markdown, CSV and JSON importers.

Files come from Excel on Windows (GB18030 or UTF-16), from macOS and Linux (UTF-8), and from
editors that add a byte order mark. The order of guesses matters: a BOM is certain; UTF-8 is
strict enough that text decoding cleanly is almost surely UTF-8; UTF-16 without a BOM shows
itself by NUL bytes in every other position; GB18030 comes last because it accepts most byte
sequences. Whatever decodes must also look like text (few control characters), so random
binary data is refused with a message instead of being read as nonsense. Text with a few
control characters (a NUL, an escape) is text with a mistake in it: the first is named with
its line and character instead of blaming the encoding.
"""

import codecs
import re

from django.utils.translation import gettext as _

from mubiao.okrs.transfer.errors import ImportFailed, Location

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls <= len(sample) * 0.01


def decode(data: bytes, location: Location) -> str:
    """The text of `data`; ImportFailed naming the encodings tried when it is not text."""
    candidates = [encoding for bom, encoding in _BOMS if data.startswith(bom)]
    if not candidates:
        candidates = ["utf-8"]
        if utf16 := _looks_like_utf16(data):
            candidates.append(utf16)
        candidates.append("gb18030")
    strict = None  # the text as UTF-8, which random bytes almost never are
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            _refuse_controls(text, location)
            return text.lstrip("\ufeff")
        if encoding.startswith("utf-8") and strict is None:
            strict = text
    if strict is not None:  # UTF-8 with many control characters: name the first
        _refuse_controls(strict, location)
    raise ImportFailed(
        _(
            "this file is not text in a known encoding (tried UTF-8, UTF-16 and GB18030). "
            "Save it as UTF-8 and try again."
        ),
        location,
    )


def _refuse_controls(text: str, location: Location) -> None:
    """ImportFailed naming the first control character of `text` (line, character), if any."""
    found = _CONTROL.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    character = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise ImportFailed(
        _(
            "character %(character)s is a control character (U+%(code)04X), which an imported "
            "file cannot hold; remove it and try again."
        )
        % {"character": character, "code": ord(found.group())},
        location.at(line=line),
    )
