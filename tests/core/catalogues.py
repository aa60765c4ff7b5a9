"""The zh_Hans catalogues of every app, read from their .po files (msgid → msgstr), for the
tests that check what the catalogue says and what the programs say through it."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted((ROOT / "mubiao").glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
_ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:"(?:[^"\\]|\\.)*"\s*)+)', re.M)


def entries(po: Path) -> list[tuple[str, str, str]]:
    """(msgid, msgid_plural or "", msgstr) of each translated entry of one .po file."""
    found, current = [], {}
    for key, quoted in _ENTRY.findall(po.read_text()):
        text = "".join(ast.literal_eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', quoted))
        if key == "msgid" and current:
            found.append(current)
            current = {}
        current[key.split("[")[0]] = text
    if current:
        found.append(current)
    return [
        (each["msgid"], each.get("msgid_plural", ""), each.get("msgstr", ""))
        for each in found
        if each.get("msgid") and each.get("msgstr")
    ]


def every_entry() -> list[tuple[Path, str, str, str]]:
    return [(po, *entry) for po in PO_FILES for entry in entries(po)]
