"""A people spreadsheet (CSV or .xlsx) → one PersonRow per person, every cell checked.

The file goes through the OKR import's readers (okrs.transfer.tabular): the same size caps,
zip-bomb checks, encodings and located errors (file, sheet, row, column).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mubiao.accounts.models import User
from mubiao.okrs.transfer import tabular
from mubiao.okrs.transfer.columns import CellError, text
from mubiao.okrs.transfer.errors import Failures, ImportFailed, Location
from mubiao.okrs.transfer.importer import checked_format
from mubiao.orgs.models import Membership
from mubiao.people import columns


@dataclass
class PersonRow:
    location: Location  # file, sheet and row
    headers: dict[str, str]  # column key → header as written, to name a column in errors
    email: str  # or a member's mobile number or directory identity (columns.person)
    # Column key → value, for the columns the file has: name, title, time_zone, language
    # (text), team and lead (lists of paths), manager (as email, or ""), role (code), status
    # (code).
    values: dict
    action: str = ""  # create, update, deactivate or unchanged (services.plan)
    changes: list[str] = field(default_factory=list)  # what an update changes, for the preview
    changed_keys: set[str] = field(default_factory=set)  # the column keys of `changes`
    index: int = 0  # the row's place among the file's data rows, to report errors in order
    typed: dict[str, str] = field(default_factory=dict)  # column key → the cell as typed
    failed: bool = False  # a cell is wrong (its error is among the file's failures)
    elevated: bool = False  # the row makes the person an admin or owner (highlighted)
    name: str = ""  # who the row is about, by name: the file's, else the organization's

    @property
    def shown(self) -> str:
        """Who the row is about: an e-mail address as it will be stored (lower case, no
        spaces, full-width letters read as ASCII), followed by the typing when that differs,
        so that the preview shows what the import writes; a mobile number or a directory
        identity as the file wrote it (its spacing is how people read it)."""
        typed = self.typed.get("email", "").strip()
        if "@" not in self.email:
            return typed or self.email
        if typed and typed != self.email:
            return _("%(stored)s (typed “%(typed)s”)") % {"stored": self.email, "typed": typed}
        return self.email

    def where(self, key: str | None = None) -> Location:
        return self.location.at(column=self.headers.get(key) if key else None)

    def quoted(self, key: str, message: str) -> str:
        """`message`, led by the cell's value in quotes unless it already quotes it, so that
        every error shows what was typed."""
        value = self.typed.get(key, "")
        if not value or f"“{value}”" in message:
            return message
        shown = value if len(value) <= QUOTED_CHARS else value[: QUOTED_CHARS - 1] + "…"
        return _("“%(value)s”: %(message)s") % {"value": shown, "message": message}


QUOTED_CHARS = 60  # of a cell's value quoted in an error (a long cell is cut)

# Column key → reader of its cell.
_READERS = {
    "name": lambda value: columns.limited(value, User, "name"),
    "team": columns.team_paths,
    "lead": columns.team_paths,
    "manager": columns.optional_person,
    "role": lambda value: columns.choice(value, columns.ROLES, Membership.Role.MEMBER),
    "title": lambda value: columns.limited(value, Membership, "title"),
    "time_zone": columns.time_zone,
    "language": lambda value: columns.choice(value, columns.LANGUAGES),
    "status": columns.status,
}


def _sheet(name):
    return tabular.Sheet(name, header_key=columns.header_key, required="email", min_columns=1)


def _person_of(sheet, row, index: int, location: Location, collect: Failures):
    """The person a row is about, its wrong cells' errors added to `collect` (the person then
    marked `failed`); None for a row about nobody (empty, or without an e-mail address: an
    error unless the whole row is empty)."""
    cells = sheet.cells(row, location)
    if not text(cells.get("email")):
        if any(text(value) for value in cells.values()):
            collect.add(
                index,
                ImportFailed(
                    _("the e-mail address is missing."), sheet.where(location, row, "email")
                ),
            )
        return None
    person = PersonRow(sheet.where(location, row), sheet.headers, "", {}, index=index)
    person.typed = {key: text(value) for key, value in cells.items()}
    for key, value in cells.items():
        try:
            if key == "email":
                person.email = columns.person(value)
            else:
                person.values[key] = _READERS[key](value)
        except CellError as error:
            collect.add(index, ImportFailed(person.quoted(key, str(error)), person.where(key)))
            person.failed = True
    return person


def _no_header(top_rows: list, location: Location) -> ImportFailed:
    """The refusal of a file with no header row: naming the headers its top rows have when
    only the e-mail column is missing."""
    named = max(
        ([text(v) for v in row.values if columns.header_key(v)] for row in top_rows),
        key=len,
        default=[],
    )
    if named:
        return ImportFailed(
            _(
                "the e-mail column is missing: the header row names %(headers)s but no "
                "column email (邮箱) of who each row is about."
            )
            % {"headers": ", ".join(f"“{name}”" for name in named)},
            location,
        )
    return ImportFailed(
        _(
            "no header row was found. The first row must name the columns, e.g. name, "
            "email, team, manager (or 姓名, 邮箱, 团队, 上级邮箱)."
        ),
        location,
    )


def read_people(
    file_name: str, data: bytes, failures: Failures | None = None
) -> tuple[list[PersonRow], list[str]]:
    """(rows, notes) of a file. ImportFailed, located, for a file that cannot be read at all;
    the errors of its rows go to `failures` (a row with a wrong cell is then returned marked
    `failed`), or without it are raised all at once (ImportErrors)."""
    collect = failures if failures is not None else Failures()
    location = Location(file_name)
    fmt = checked_format(file_name, data)
    if fmt == "xlsx":
        rows = tabular.xlsx_rows(data, location)
    elif fmt == "csv":
        rows = tabular.csv_rows(data, location)
    else:
        raise ImportFailed(
            _("people are imported from Excel (.xlsx) or CSV (.csv) files."), location
        )
    # The top rows, to name the headers of a file whose header lacks the e-mail column.
    top_rows: list[tabular.Row] = []

    def remembered(rows):
        for row in rows:
            if len(top_rows) <= tabular.HEADER_SEARCH_ROWS:
                top_rows.append(row)
            yield row

    headed = tabular.HeadedRows(
        location,
        make_sheet=_sheet,
        no_header=_(
            "%(where)s: no header row (name, email, team, …) in the first rows: sheet skipped"
        ),
    )
    people: list[PersonRow] = []
    first_row: dict[str, PersonRow] = {}
    for index, (sheet, row) in enumerate(headed.read(remembered(rows))):
        person = _person_of(sheet, row, index, location, collect)
        if person is None:
            continue
        if person.failed:
            # Not planned, but still named in the file (a manager column may point to them),
            # and checked against the organization for the errors of its other cells.
            people.append(person)
            continue
        if earlier := first_row.get(person.email):
            collect.add(
                index,
                ImportFailed(
                    _("“%(email)s” is in the file twice: here and at %(earlier)s.")
                    % {
                        "email": person.typed["email"],
                        "earlier": earlier.where("email").describe(),
                    },
                    person.where("email"),
                ),
            )
            continue
        first_row[person.email] = person
        people.append(person)
    if not headed.cells_seen:
        raise tabular.empty_file(location)
    if not headed.headers_seen:
        raise _no_header(top_rows, location)
    if failures is None:
        collect.raise_any()
    if not people and not collect:
        raise ImportFailed(_("no people were found in this file."), location)
    return people, headed.problems
