"""E-mail addresses as people type them → the one form they are stored and matched in. Pure
Python, so the directory's rules, single sign-on's rules, the imports and the API can share it
(accounts.phones does the same for mobile numbers)."""

import re
import unicodedata

# Spaces anywhere (an address has none: `alice @ acme.test` pasted from a chat) and the
# invisible characters copying from a web page or a spreadsheet brings along.
_BLANK = r"[\s\u200b-\u200d\u2060\ufeff]"
_BLANKS = re.compile(_BLANK + "+")
_AROUND_AT = re.compile(f"{_BLANK}*@{_BLANK}*")
# The ideographic full stop a Chinese input method types for "." (NFKC leaves it as it is;
# IDNA reads it as a label separator too).
_STOPS = str.maketrans({"\u3002": "."})
# Where people separate the addresses of a list: commas, semicolons, spaces, new lines, 、
_SEPARATORS = re.compile(r"[\s,;，；、]+")


def _folded(typed) -> str:
    return unicodedata.normalize("NFKC", str(typed or "")).translate(_STOPS)


def normalise_email(typed) -> str:
    """An e-mail address as stored and compared: addresses are matched without regard to case
    everywhere (sign-in, invitations, imports, the API), so they are kept in lower case, with
    full-width letters, ＠ and 。 (a Chinese input method left on) read as ASCII and spaces and
    invisible characters dropped. Every place a person types an address reads it with this
    (forms through okrs.limits.EmailField; tests/accounts/test_typed_addresses.py). One
    trailing dot, the DNS root (`wang.fang@mubiao.demo.`), is dropped; two are left for the
    address's validation to refuse, not silently changed."""
    address = _BLANKS.sub("", _folded(typed)).lower()
    return address[:-1] if address.endswith(".") and not address.endswith("..") else address


def split_emails(typed) -> list[str]:
    """The addresses of a typed list (separated by commas, semicolons, spaces, new lines or 、),
    each as normalise_email reads it. Spaces around an @ do not separate: `alice @ acme.test`
    pasted from a chat is one address."""
    text = _AROUND_AT.sub("@", _folded(typed))
    return [e for e in (normalise_email(word) for word in _SEPARATORS.split(text)) if e]
