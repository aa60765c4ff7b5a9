"""Where in a file something went wrong, said in the reader's language.

Every import error names the file and as much of the place as the format has: the sheet, row
and column of a spreadsheet, the line of a text file, the path of a JSON value. For example
`okrs.xlsx, sheet "产品部", row 7, column "target": not a number`, or in Chinese
`okrs.xlsx，工作表“产品部”，第 7 行，“target”列：不是数字`.
"""

import difflib
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from mubiao.okrs import number_input

# The name the import box gives pasted text: read as text (.txt), shown as "the pasted text".
PASTED = "pasted.txt"


@dataclass(frozen=True)
class Location:
    file: str  # PASTED for text typed or pasted into the import box
    sheet: str | None = None
    row: int | None = None
    line: int | None = None
    column: str | int | None = None  # a header, JSON key or attribute; a character's number
    path: str | None = None  # a JSON path such as objectives[2].key_results[0]

    def at(self, **changes) -> "Location":
        return replace(self, **changes)

    def describe(self) -> str:
        parts = [_("the pasted text") if self.file == PASTED else self.file]
        if self.sheet is not None:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.line is not None:
            parts.append(_("line %(line)s") % {"line": self.line})
        if self.path is not None:
            parts.append(self.path)
        if self.column is not None:
            parts.append(self._field())
        return _(", ").join(parts)

    def _field(self) -> str:
        """The place within the row or line, as its format names it: a JSON object has keys,
        a line of text a character (a number) or, on Mubiao's exact lines, attributes
        (`due=`), and only a spreadsheet has columns."""
        if isinstance(self.column, int):
            return _("character %(character)s") % {"character": self.column}
        if self.path is not None:
            return _("key “%(key)s”") % {"key": self.column}
        if self.line is not None:
            return _("attribute “%(attribute)s”") % {"attribute": self.column}
        return _("column “%(column)s”") % {"column": self.column}


class ImportFailed(Exception):
    """The file cannot be imported; nothing was written. `str()` is the located message."""

    def __init__(self, message: str, location: Location | None = None):
        self.message = message
        self.location = location
        super().__init__(self.text)

    @property
    def texts(self) -> list[str]:
        """The located messages, one per error (ImportErrors holds several)."""
        return [self.text]

    @property
    def text(self) -> str:
        if self.location is None:
            return self.message
        return _("%(where)s: %(message)s") % {
            "where": self.location.describe(),
            "message": self.message,
        }


class ImportErrors(ImportFailed):
    """Every row error of a file at once, in file order (`failures`), so that a file is fixed
    in one pass rather than one error per upload. `text` is one located message a line."""

    def __init__(self, failures: list[ImportFailed]):
        # One refusal a place: an owner heading over two objectives refused for each of them
        # is said once, at the heading (probe 28: said twice); different refusals all stay.
        seen: set[tuple] = set()
        self.failures = []
        for failure in failures:
            key = (failure.location, failure.message)
            if key not in seen:
                seen.add(key)
                self.failures.append(failure)
        first = self.failures[0]
        super().__init__(first.message, first.location)

    @property
    def texts(self) -> list[str]:
        return [failure.text for failure in self.failures]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


class ReadErrors(ImportErrors):
    """A reader's refusals with what it read of the other rows (`read`: planned, unmatched,
    problems): an all-or-nothing import checks those rows against the services too and says
    every error of the file at once (issue 9: a unit too long on row 3 showed only after the
    reader's refusals of rows 2 and 4 were fixed)."""

    def __init__(self, failures: list[ImportFailed], read: tuple):
        super().__init__(failures)
        self.read = read


class Unanswered(ImportErrors):
    """The import's questions (values asked about, each at its cell) were not confirmed:
    nothing was written (importer.import_okrs' `confirmed`)."""


class Failures:
    """Collects a file's errors with their place in it (the row's index in the file), and
    raises them all, sorted, as ImportErrors."""

    def __init__(self):
        self._found: list[tuple[int, int, ImportFailed]] = []

    def add(self, position: int, failure: ImportFailed) -> None:
        # A row's several refusals (Refusals, a service's several fields) each on its own line.
        for each in getattr(failure, "failures", [failure]):
            self._found.append((position, len(self._found), each))

    def copy(self) -> "Failures":
        copied = Failures()
        copied._found = list(self._found)
        return copied

    def __bool__(self) -> bool:
        return bool(self._found)

    def raise_any(self, read: tuple | None = None) -> None:
        """Raise every error found; a reader passes what it did read (planned, unmatched,
        problems), so that the importer checks those rows' other fields before answering."""
        if self._found:
            failures = [failure for _p, _n, failure in sorted(self._found, key=_order)]
            if read is not None:
                raise ReadErrors(failures, read)
            raise ImportErrors(failures)


class Refusals:
    """One row's (line's) refusals, each at its cell, collected rather than raised at the first,
    so that a person fixes the row in one go; `keys` are the cells refused, so that what only
    follows from a refusal ("a target is required" when the target was refused) is not said."""

    def __init__(self):
        self.failures: list[ImportFailed] = []
        self.keys: set[str] = set()

    def read(self, key: str, read, *args):
        """read(*args), or None with its refusal kept."""
        try:
            return read(*args)
        except ImportFailed as failed:
            self.refuse(key, failed)
            return None

    def refuse(self, key: str, failed: ImportFailed) -> None:
        self.failures.extend(getattr(failed, "failures", [failed]))
        self.keys.add(key)

    def stop(self, key: str, failed: ImportFailed) -> None:
        """Refuse, and raise every refusal so far: the rest of the row depends on this one."""
        self.refuse(key, failed)
        self.raise_any()

    def raise_any(self) -> None:
        if self.failures:
            raise ImportErrors(self.failures)


def _order(found) -> tuple[int, int]:
    position, number, _failure = found
    return position, number


def quoting(message: str, typed: str | None) -> str:
    """A service's refusal of a value with the value as the file gave it, unless the message
    quotes it already (a number's refusal does): `“0”: A done / not-done key result has no
    start …`."""
    if typed is None:
        return message
    shown = number_input.shown(typed)
    if f"“{shown}”" in message:
        return message
    return _("“%(value)s”: %(message)s") % {"value": shown, "message": message}


def known_names(item: dict, known) -> tuple[dict, list[tuple[str, str | None]]]:
    """`item` with each name as a file format spells it (`known`: a JSON file's keys, an
    exact line's attributes): one written in another case (`Target`, `DUE_DATE`) is read as
    the one name it folds to, unless the item writes that name too (which is meant?). Returns
    (the item by known name, [(each name not read, the known name closest to it or None)]),
    so that a typo (`taget`) is said with what it likely meant, never dropped without a word."""
    by_fold = {name.casefold(): name for name in known}
    read, unread = {}, []
    for written, value in item.items():
        meant = written if written in known else by_fold.get(str(written).casefold())
        if meant is None or (meant != written and meant in item):
            close = difflib.get_close_matches(str(written).casefold(), sorted(known), n=1)
            unread.append((written, meant or (close[0] if close else None)))
        else:
            read[meant] = value
    return read, unread
