"""E-mail addresses as people type them → the one form they are stored and matched in. Pure
Python, so the directory's rules, single sign-on's rules, the imports and the API can share it
(accounts.phones does the same for mobile numbers)."""

import re
import unicodedata

# Spaces anywhere (an address has none: `alice @ acme.test` pasted from a chat) and the
# invisible characters copying from a web page or a spreadsheet brings along.
_BLANKS = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


def normalise_email(typed) -> str:
    """An e-mail address as stored and compared: addresses are matched without regard to case
    everywhere (sign-in, invitations, imports, the API), so they are kept in lower case, with
    full-width letters and ＠ (a Chinese input method left on) read as ASCII and spaces and
    invisible characters dropped."""
    return _BLANKS.sub("", unicodedata.normalize("NFKC", str(typed or ""))).lower()
