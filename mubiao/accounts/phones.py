"""Mobile numbers as people type them → one key per number, to match people by.

`138 0013 8000`, `138-0013-8000`, `+86 138 0013 8000`, `0086 13800138000`, `(+86)13800138000`
and full-width `１３８００１３８０００` are one number: the key drops spaces, dashes, dots,
brackets and slashes, reads full-width digits, and writes a Chinese mobile number (11 digits
starting with 1) with its country code, +86, whether it was typed or not. Other numbers keep
their digits, with `+` when an international prefix (+ or 00) was typed. What was typed is kept
for display; the key is only compared. Pure Python, so the import, the API and directory sync
can share it.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑–—.()/（）]")
_PHONE = re.compile(r"\+?\d{5,20}")
_CHINA_MOBILE = re.compile(r"1[3-9]\d{9}")


def phone_key(typed: str) -> str:
    """The key of a mobile number, or "" when `typed` is not one (letters, too few digits)."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", typed or ""))
    if not _PHONE.fullmatch(compact):
        return ""
    international = compact.startswith("+") or compact.startswith("00")
    digits = compact.lstrip("+")
    if digits.startswith("00"):
        digits = digits[2:]
    if international or (len(digits) == 13 and digits.startswith("86")):
        if digits.startswith("86") and _CHINA_MOBILE.fullmatch(digits[2:]):
            return "+" + digits
        return "+" + digits if international else digits
    if _CHINA_MOBILE.fullmatch(digits):
        return "+86" + digits
    return digits


def one_person(numbered, email: str = ""):
    """Of the members who have one mobile number (by its key), the one someone with that
    number and `email` ("" when none) is: a number two members share names neither, and two
    different e-mail addresses are two people whatever their numbers say."""
    same = [member for member in numbered if not (email and member.user.email)]
    return same[0] if len(same) == 1 else None
