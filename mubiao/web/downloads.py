"""The name a download is saved under, as RFC 6266 gives it: an ASCII `filename` for every
client and, for a name beyond ASCII (a cycle named `2026 年度`), RFC 5987's `filename*` with the
name itself. Set as a plain header, Django would write such a name as RFC 2047
(`=?utf-8?b?…?=`), which browsers save as it is."""

import re
import unicodedata
from urllib.parse import quote


def attachment(name: str) -> str:
    """The Content-Disposition value that saves a download as `name` (`okrs-2026-年度.xlsx` →
    `attachment; filename="okrs-2026.xlsx"; filename*=UTF-8''okrs-2026-%E5%B9%B4%E5%BA%A6.xlsx`;
    `people.csv` → `attachment; filename="people.csv"`)."""
    fallback = ascii_name(name)
    if fallback == name:
        return f'attachment; filename="{name}"'
    # RFC 5987's attr-char: letters, digits and !#$&+-.^_`|~ as they are, the rest %-encoded.
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='!#$&+^`|~')}"


def ascii_name(name: str) -> str:
    """`name` in letters, digits, `.`, `-` and `_` alone (accents dropped, `É` → `E`; other
    characters, a quote or a backslash among them, as one `-`), its extension kept:
    `okrs-2026-年度.xlsx` → `okrs-2026.xlsx`; `download` and the extension when nothing is
    left."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._]+", "-", folded).strip("-.") or "download"
    return stem + dot + re.sub(r"[^A-Za-z0-9]", "", extension)
