"""CSV and Excel → planned objectives (the layout is described in columns.py).

Both formats become the same stream of rows (sheet, row number, cell values), read once and
never held whole in memory beyond the plan itself. An Excel workbook is opened twice in
read-only mode: with the values Excel saved (data_only) to import, and with the formulas, only
to tell a formula that was never calculated (no saved value) from an empty cell.

A workbook is a zip archive of XML parts that anyone may upload, so before openpyxl expands
anything the archive's declared sizes are checked (zipfile never unpacks more than a part
declares, so the declared sizes bound the work): a small file that unpacks to gigabytes (a zip
bomb) is refused. Within those sizes the parts are then scanned as bytes (no XML parsing, a
second or so for the largest) for the shared strings and cells they hold: openpyxl reads all
shared strings into memory before the first row, so a workbook of millions of short strings
held a worker for minutes though its size was legal. openpyxl parses the XML with defusedxml
(a dependency), which refuses entity expansion and external entities; every parse error of a
hostile or damaged workbook becomes ImportFailed, whose message names no Python internals.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import limits, number_input, numbers
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.okrs.transfer import columns
from mubiao.okrs.transfer.columns import CellError
from mubiao.okrs.transfer.decoding import decode
from mubiao.okrs.transfer.errors import Failures, ImportFailed, Location, Refusals, quoting
from mubiao.okrs.transfer.owners import OwnerDirectory
from mubiao.okrs.transfer.plan import PlannedKeyResult, PlannedObjective, stated_progress
from mubiao.okrs.transfer.readings import (
    besides_a_start_note,
    date_refusals,
    due_of_title,
    held_for_start,
    held_note,
    key_result_fields,
    levels_in_unit,
    metric_type_for,
    outside_note,
    outside_the_cycle,
    start_left_to_zero,
    start_taken_note,
    title_against_columns,
    title_disagreement_messages,
    title_level,
    unreadable_messages,
)
from mubiao.okrs.transfer.text_reader import PROBLEM_MESSAGES
from mubiao.okrs.wording import sentences
from mubiao.okrtext import parser as okrtext_parser
from mubiao.okrtext.reading import analyse
from mubiao.okrtext.text import without_status

# The rows of key results an import may hold (importer.MAX_TEXT_LINES explains the number).
MAX_ROWS = 2_000
# Rows scanned (empty or not) before giving up on a sheet full of formatted empty rows.
MAX_SCANNED_ROWS = 200_000
HEADER_SEARCH_ROWS = 10
# A workbook of MAX_ROWS rows unpacks to a few tens of MB; openpyxl holds the shared strings
# part whole in memory.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# XML compresses about 5-20 times; a zip bomb's parts about 1,000 times.
MAX_PART_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024
MAX_PARTS = 1_000
# A sheet of MAX_ROWS rows has a few columns of text each (owner, objective, key result, unit…)
# and perhaps notes beside them; these leave room for that and for other sheets.
MAX_STRINGS = 20 * MAX_ROWS
MAX_CELLS = 100 * MAX_ROWS
# A shared string (<si>) and a cell (<c …>), with or without a namespace prefix.
_STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_SCAN_CHUNK = 1024 * 1024
# Excel's own limit for the text of one cell.
MAX_CELL_CHARS = 32_767
# What openpyxl raises on a workbook it cannot read: damaged zip data, missing parts, XML that is
# malformed (ParseError) or refused by defusedxml (a ValueError), values of the wrong type.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    OSError,
    ParseError,
)


# The columns read as numbers (a `1.000` in them is refused in a `;` file).
_NUMBER_KEYS = ("start", "target", "current", "weight", "confidence", "aligned_share")


# The cells of a key result's values and the fields they are read into.
_TYPED_VALUES = {"start": "start_value", "target": "target_value", "current": "current_value"}


@dataclass
class Row:
    sheet: str | None
    number: int
    values: tuple
    formulas: tuple | None = None
    # Separated by semicolons: the European layout, where `1.000` is one thousand.
    semicolons: bool = False


def csv_rows(data: bytes, location: Location) -> Iterator[Row]:
    text = decode(data, location)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield Row(None, number, tuple(values), semicolons=delimiter == ";")
    except csv.Error:
        # csv's own words are English and about its internals; what goes wrong in a file
        # that decoded as text (control characters are refused in decode) is one of these.
        raise ImportFailed(
            _(
                "this row cannot be read as CSV: a field is longer than %(limit)s characters "
                "or a quote is not closed."
            )
            % {"limit": f"{csv.field_size_limit():,}"},
            location.at(row=number + 1),
        ) from None


def check_archive(data: bytes, location: Location) -> None:
    """ImportFailed unless `data` is a zip archive small enough to unpack (see the module)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip archive at all: openpyxl says so below
    too_big = _(
        "this workbook unpacks to more than %(limit)s MB (a compressed file that expands that "
        "much is refused); split it into smaller files."
    ) % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
    if len(parts) > MAX_PARTS:
        raise ImportFailed(
            _("this workbook has more than %(limit)s parts; it is not an Excel workbook.")
            % {"limit": f"{MAX_PARTS:,}"},
            location,
        )
    total = 0
    for part in parts:
        total += part.file_size
        if total > MAX_UNPACKED_BYTES:
            raise ImportFailed(too_big, location)
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_FROM and ratio > MAX_PART_RATIO:
            raise ImportFailed(
                _(
                    "the part “%(part)s” of this workbook expands %(ratio)s times when unpacked; "
                    "a spreadsheet expands at most about %(limit)s times, so the file is refused "
                    "as a compressed bomb."
                )
                % {"part": part.filename, "ratio": f"{int(ratio):,}", "limit": MAX_PART_RATIO},
                location,
            )
    _check_content(data, location)


def _check_content(data: bytes, location: Location) -> None:
    """ImportFailed when the workbook holds more shared strings or cells than an import can
    (MAX_STRINGS, MAX_CELLS), counted in the raw parts before openpyxl reads any of them."""
    try:
        strings, cells = _count_tags(data)
    except UNREADABLE:
        return  # damaged: openpyxl says so below, in the words for a damaged workbook
    for count, limit, message in (
        (strings, MAX_STRINGS, _("this workbook holds more than %(limit)s different texts")),
        (cells, MAX_CELLS, _("this workbook holds more than %(limit)s cells")),
    ):
        if count > limit:
            raise ImportFailed(
                ngettext(
                    "%(what)s; an import takes at most %(rows)s row: split it into smaller files.",
                    "%(what)s; an import takes at most %(rows)s rows: split it into smaller files.",
                    MAX_ROWS,
                )
                % {"what": message % {"limit": f"{limit:,}"}, "rows": f"{MAX_ROWS:,}"},
                location,
            )


def _count_tags(data: bytes) -> tuple[int, int]:
    """(shared strings, cells) in all parts, counted until either passes its limit."""
    strings = cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.infolist():
            for piece in _pieces(archive, part):
                strings += len(_STRING_TAG.findall(piece))
                cells += len(_CELL_TAG.findall(piece))
                if strings > MAX_STRINGS or cells > MAX_CELLS:
                    return strings, cells
    return strings, cells


def _pieces(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks cut before a "<", so that no tag is split between two."""
    carry = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            cut = cut if cut > 0 else len(buffer)
            carry = buffer[cut:]
            yield buffer[:cut]
    yield carry


def xlsx_rows(data: bytes, location: Location) -> Iterator[Row]:
    from openpyxl import load_workbook

    check_archive(data, location)
    try:
        values_book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formula_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UNREADABLE:
        raise ImportFailed(
            _(
                "this is not an Excel workbook (.xlsx) that can be read: it is damaged or of "
                "another kind. Open it in Excel, save it as .xlsx and import it again."
            ),
            location,
        ) from None
    try:
        for values_sheet, formula_sheet in zip(
            values_book.worksheets, formula_book.worksheets, strict=True
        ):
            values_sheet.reset_dimensions()
            formula_sheet.reset_dimensions()
            pairs = zip(
                values_sheet.iter_rows(),
                formula_sheet.iter_rows(values_only=True),
                strict=False,
            )
            for number, (cells, formulas) in enumerate(pairs, start=1):
                values = tuple(_shown(cell) for cell in cells)
                yield Row(values_sheet.title, number, values, tuple(formulas))
    except UNREADABLE:
        raise ImportFailed(
            _(
                "this Excel workbook is damaged: part of it cannot be read. Open it in Excel, "
                "save it again and import it again."
            ),
            location,
        ) from None
    finally:
        values_book.close()
        formula_book.close()


_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.')
# A format's currency: `[$€-407]`, `[$USD]`, or a symbol written in it (`¥#,##0`, `"$"0.00`).
_FORMAT_CURRENCY = re.compile(r"\[\$([^\]-]*)[^\]]*\]")
_CURRENCY_SYMBOLS = "$€£¥￥₩₹"
# Digit placeholders followed by commas: each trailing comma shows the number in thousands.
_FORMAT_SCALED = re.compile(r"[0#?]([,]+)(?![0#?,]*[0#?])")
_FORMAT_CODES = re.compile(r"\[[^\]]*\]")


class ShownCell(str):
    """A number a spreadsheet shows in a format that changes what it means, as the text the
    person sees and would type: 0.45 formatted `0%` is "45%", 1200000 formatted `#,##0,"K"` is
    "1200K", 1000 formatted `[$€-407]#,##0` is "€1000". Read as that typed text is on every
    path: "45%" on a percentage is 45 and on a key result in 万元 refused as a check-in of
    "45%" is; "€1000" on one in 元 is refused for its currency."""


def _written_as_percent(value) -> bool:
    return isinstance(value, str) and value.strip().endswith(("%", "％"))


def _shown(cell):
    """A cell's value as the person sees it: a number in a format that changes its meaning
    (a percentage, thousands, a currency: ShownCell) is the text it shows, exact, as the
    digits are shifted, not multiplied in binary. Text with a quote prefix (`'=x` typed in
    Excel) is exactly `=x`. A date-formatted number is a date (openpyxl), as typed in Excel."""
    value = cell.value
    if isinstance(value, str) and getattr(getattr(cell, "style_array", None), "quotePrefix", 0):
        return columns.QuotedText(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _formatted(value, getattr(cell, "number_format", None) or "")
    return value


def _formatted(value: int | float, number_format: str):
    """`value` as the text `number_format` shows it where the format changes its meaning, else
    `value` itself. Only the section that applies (Excel's `positive;negative;zero`) counts;
    quoted or escaped text in it is literal (`0"%"` shows 12 as 12%, unscaled)."""
    sections = number_format.split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    currency = _FORMAT_CURRENCY.search(section)
    symbol = currency.group(1) if currency else ""
    code = _FORMAT_CODES.sub("", section)
    literal = _FORMAT_LITERAL.sub("", code)
    if not symbol:
        symbol = next((c for c in literal if c in _CURRENCY_SYMBOLS), "")
        if not symbol:
            quoted = "".join(part.strip('"\\') for part in _FORMAT_LITERAL.findall(code))
            symbol = next((c for c in quoted if c in _CURRENCY_SYMBOLS), "")
    percent = literal.count("%")
    scaled = _FORMAT_SCALED.search(code)
    # What a scaled format writes after the number (`"K"`, `"千"`, `" M"`) says its magnitude;
    # without it (`#,##0,`) the sheet shows 1,200 for 1,200,000 and nothing says which was
    # meant: the number kept, and a value far off its key result's range is asked about.
    after = code[scaled.end() :] if scaled else ""
    suffix = "".join(part.strip('"\\') for part in _FORMAT_LITERAL.findall(after)).strip()
    if any(c in _CURRENCY_SYMBOLS for c in suffix):
        suffix = ""  # a symbol after the number: said by `symbol` already
    thousands = len(scaled.group(1)) if scaled and suffix else 0
    if not (percent or thousands or symbol):
        return value
    digits = Decimal(number_input.as_text(value)).scaleb(2 * percent - 3 * thousands)
    suffix = suffix if thousands else ""
    number = f"{abs(digits).normalize():f}"
    sign = "-" if digits < 0 else ""
    if len(symbol) > 1:  # a currency code (`[$USD]`) is written after the number: 1000 USD
        return ShownCell(f"{sign}{number}{suffix} {symbol}")
    return ShownCell(f"{sign}{symbol}{number}{suffix}{'%' * min(percent, 1)}")


class Sheet:
    """The header of the current sheet and the rows read under it. `header_key` maps a header
    cell to a column key; a row is the header when it names `required` and at least
    `min_columns` columns in all (the people import reads its own columns with the same
    rules; a list of e-mail addresses alone is a people file)."""

    def __init__(
        self, name: str | None, header_key=columns.header_key, required="objective", min_columns=2
    ):
        self.name = name
        self.header_key = header_key
        self.required = required
        self.min_columns = min_columns
        self.columns: dict[str, int] | None = None  # column key → index
        self.headers: dict[str, str] = {}  # column key → header as written
        self.pending: list[Row] = []  # rows before a header was found

    def find_header(self, row: Row, location: Location) -> bool:
        """Whether `row` is the header; ImportFailed when two of its columns name the same
        thing (`邮箱` and `E-mail`): which one holds the value would be a guess."""
        found = {}
        for index, value in enumerate(row.values):
            key = self.header_key(value)
            if key and key in found and self.required in map(self.header_key, row.values):
                raise ImportFailed(
                    _(
                        "the columns “%(first)s” and “%(second)s” name the same thing; delete "
                        "or rename one of them."
                    )
                    % {"first": str(row.values[found[key]]).strip(), "second": str(value).strip()},
                    self.where(location, row),
                )
            if key:
                found[key] = index
        if self.required in found and len(found) >= self.min_columns:
            self.columns = found
            self.headers = {key: str(row.values[index]).strip() for key, index in found.items()}
            return True
        return False

    def where(self, location: Location, row: Row, key: str | None = None) -> Location:
        column = self.headers.get(key) if key else None
        return location.at(sheet=row.sheet, row=row.number, column=column)

    def cells(self, row: Row, location: Location) -> dict:
        """Column key → the row's value; ImportFailed for a formula without a saved value or a
        cell longer than Excel allows."""
        cells = {}
        for key, index in self.columns.items():
            value = row.values[index] if index < len(row.values) else None
            if value is None and row.formulas is not None and index < len(row.formulas):
                formula = row.formulas[index]
                if isinstance(formula, str) and formula.startswith("="):
                    raise ImportFailed(
                        _(
                            "this formula has no saved value; open the file in Excel, save it, "
                            "and import it again."
                        ),
                        self.where(location, row, key),
                    )
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFailed(
                    _("this cell holds more than %(limit)s characters.")
                    % {"limit": f"{MAX_CELL_CHARS:,}"},
                    self.where(location, row, key),
                )
            cells[key] = value
        return cells


def empty_file(location: Location) -> ImportFailed:
    """The refusal of a file that holds nothing, whatever its format."""
    return ImportFailed(_("the file is empty."), location)


class HeadedRows:
    """The data rows of a file, each with the sheet whose header names its columns: empty rows
    skipped, a sheet without a header near its top skipped with a note in `problems`, the
    file's size capped. `make_sheet(name)` gives a new sheet's Sheet (its columns);
    `no_header` is the note, with %(where)s for the sheet."""

    def __init__(self, location: Location, make_sheet=Sheet, no_header: str = ""):
        self.location = location
        self.make_sheet = make_sheet
        self.no_header = no_header
        self.problems: list[str] = []
        self.headers_seen = False
        # Whether any cell holds anything: a file of empty cells (a byte order mark, commas)
        # is an empty file, not one missing its header (empty_file).
        self.cells_seen = False

    def read(self, rows: Iterator[Row]) -> Iterator[tuple[Sheet, Row]]:
        sheet: Sheet | None = None
        data_rows = scanned = 0
        for row in rows:
            scanned += 1
            if sheet is None or row.sheet != sheet.name:
                self._close(sheet)
                sheet = self.make_sheet(row.sheet)
            if all(columns.is_empty(value) for value in row.values):
                if scanned > MAX_SCANNED_ROWS:
                    raise ImportFailed(
                        ngettext(
                            "the file has more than %(scanned)s rows, empty ones included; an "
                            "import takes at most %(limit)s row: delete the empty rows or "
                            "split the file.",
                            "the file has more than %(scanned)s rows, empty ones included; an "
                            "import takes at most %(limit)s rows: delete the empty rows or "
                            "split the file.",
                            MAX_ROWS,
                        )
                        % {"scanned": f"{MAX_SCANNED_ROWS:,}", "limit": f"{MAX_ROWS:,}"},
                        sheet.where(self.location, row),
                    )
                continue
            self.cells_seen = True
            if sheet.columns is None:
                if sheet.find_header(row, self.location):
                    self.headers_seen = True
                else:
                    sheet.pending.append(row)
                    if len(sheet.pending) > HEADER_SEARCH_ROWS:
                        sheet.columns = {}  # no header near the top: skip the sheet
                continue
            if not sheet.columns:
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise ImportFailed(
                    _("the file has more than %(limit)s rows; split it into smaller files.")
                    % {"limit": f"{MAX_ROWS:,}"},
                    sheet.where(self.location, row),
                )
            yield sheet, row
        self._close(sheet)

    def _close(self, sheet: Sheet | None) -> None:
        if sheet is not None and sheet.columns is None and sheet.pending:
            sheet.columns = {}
        if sheet is not None and sheet.columns == {} and sheet.pending and sheet.name:
            self.problems.append(
                self.no_header % {"where": self.location.at(sheet=sheet.name).describe()}
            )


class TabularReader:
    def __init__(self, location: Location, cycle: Cycle, owners: OwnerDirectory):
        self.location = location
        self.cycle = cycle
        self.owners = owners
        self.planned: list[PlannedObjective] = []
        self.unmatched: list[str] = []
        self.rows = HeadedRows(
            location,
            no_header=_(
                "%(where)s: no header row (owner, objective, key result, …) in the first "
                "rows: sheet skipped"
            ),
        )

    @property
    def headers_seen(self) -> bool:
        return self.rows.headers_seen

    def read(self, rows: Iterator[Row]) -> tuple[list[PlannedObjective], list[str], list[str]]:
        """(objectives, unmatched owners, notes). Every row's error at once, in file order
        (ImportErrors), so that a file is fixed in one pass rather than one error per upload;
        the key results below an objective whose row is wrong are still read, for their own
        errors, but belong to nothing."""
        failures = Failures()
        last_sheet: Sheet | None = None
        current: PlannedObjective | None = None
        current_key = None
        owner_label = title = number = ""
        grades = 0
        for index, (sheet, row) in enumerate(self.rows.read(rows)):
            if sheet is not last_sheet:
                last_sheet, current, current_key, owner_label, title = sheet, None, None, "", ""
                number = ""
            try:
                cells = sheet.cells(row, self.location)
                # An empty owner or objective cell (or the lower part of a merged cell) repeats
                # the value above it.
                owner_label = columns.text(cells.get("owner")) or owner_label
                written_title = columns.text(cells.get("objective"))
                title = written_title or title
                # The objective's number (an export's), when the file has one, tells two
                # objectives of one owner with the same title apart; a row that names its
                # objective without a number starts a new one as before.
                written_number = columns.text(cells.get("objective_number"))
                number = written_number or ("" if written_title else number)
                kr_title = columns.text(cells.get("key_result"))
                if not title:
                    if kr_title:
                        raise ImportFailed(
                            _("the objective is missing."), self._where(sheet, row, "objective")
                        )
                    continue
                # Every cell of the row is read and all its refusals said together, the
                # objective's and the key result's: a row is fixed in one go.
                refusals = Refusals()
                if current_key != (owner_label, title, number):
                    grades += sum(
                        1
                        for key in ("objective_score", "retrospective")
                        if columns.text(cells.get(key))
                    )
                    current, current_key = None, (owner_label, title, number)
                    current = self._objective(
                        sheet, row, cells, owner_label, title, number, refusals
                    )
                if kr_title:
                    grades += sum(
                        1 for key in ("score", "score_note") if columns.text(cells.get(key))
                    )
                    key_result, held = self._key_result(sheet, row, cells, kr_title, refusals)
                refusals.raise_any()
                if kr_title:
                    if held and current is not None:
                        # As a line of text: one key result without its start does not stop
                        # the file; it is shown at its row and the rest is imported.
                        current.held.append((key_result, held))
                        where = self._where(sheet, row, "key_result").describe()
                        self.rows.problems.append(
                            _("%(where)s: %(message)s") % {"where": where, "message": held}
                        )
                    elif current is not None:
                        current.key_results.append(key_result)
                        if current.ref:  # O3.KR2, as an alignment within the file names it
                            key_result.ref = f"{current.ref}.KR{len(current.key_results)}"
            except ImportFailed as error:
                failures.add(index, error)
        failures.raise_any(read=(self.planned, self.unmatched, self.rows.problems))
        if grades:
            self.rows.problems.append(columns.grades_not_imported(grades))
        return self.planned, self.unmatched, self.rows.problems

    def _where(self, sheet: Sheet, row: Row, key: str | None = None) -> Location:
        return sheet.where(self.location, row, key)

    def _parse(self, sheet: Sheet, row: Row, cells: dict, key: str, parser, *args):
        typed = cells.get(key)
        if row.semicolons and key in _NUMBER_KEYS and numbers.ambiguous_separator(typed) == ".":
            # Excel writes `;` where the decimal mark is a comma and the dot groups thousands:
            # `1.000` there is one thousand, here one. Refused, as `4,5` is, never guessed; a
            # reading is offered only where this cell takes it (issue 9, h9y: `1.000` as a
            # confidence offered 1000, `1.000 USD` offered itself).
            def taken(reading: str) -> bool:
                if numbers.ambiguous_separator(reading) == ".":
                    return False  # asked again in this file
                try:
                    parser(reading, *args)
                except CellError:
                    return False
                offered = self._offered(key, args)
                return offered is None or offered(reading)

            raise ImportFailed(
                number_input.separator_question(typed, ".", offered=taken),
                self._where(sheet, row, key),
            )
        try:
            return parser(cells.get(key), *args)
        except CellError as error:
            typed = columns.text(cells.get(key)) or None
            raise ImportFailed(quoting(str(error), typed), self._where(sheet, row, key)) from None

    def _offered(self, key: str, args: tuple):
        """What the services then take of a reading of the cell `key` read with `args` (None:
        whatever its column reads): a start's or target's as level_offers (the last of
        columns.level's arguments), a current value's as a check-in's, a weight's as the
        organization's setting takes it."""
        if key in ("start", "target"):
            return args[3] if len(args) > 3 else None
        if key == "current":
            return columns.current_offered(*args)
        if key == "weight":
            from mubiao.okrs.services._common import weight_offered  # the services read this

            return weight_offered(self.owners.organization.weights_enabled)
        return None

    def _objective(
        self, sheet, row, cells, owner_label, title, number, refusals: Refusals
    ) -> PlannedObjective | None:
        """The row's objective, planned; None when a cell of it is refused (in `refusals`,
        said once, at this row): the rows below it are then read for their own refusals only
        and belong to nothing (read)."""
        refused = len(refusals.failures)
        owner = self.owners.resolve(owner_label) if owner_label else None
        if owner_label and owner is None and owner_label not in self.unmatched:
            self.unmatched.append(owner_label)
        fields = {}
        for key, field, table in (
            ("kind", "kind", columns.KINDS),
            ("visibility", "visibility", columns.VISIBILITIES),
            ("objective_progress", "progress_source", columns.OBJECTIVE_PROGRESS_SOURCES),
        ):
            value = refusals.read(key, self._parse, sheet, row, cells, key, columns.choice, table)
            if value:
                fields[field] = value
        share = refusals.read(
            "aligned_share",
            self._parse, sheet, row, cells, "aligned_share", columns.share,
        )  # fmt: skip
        if share is not None:
            fields["aligned_share"] = share
        if len(refusals.failures) > refused:
            return None
        if description := columns.free_text(cells.get("description")):
            fields["description"] = description
        aligned_to = columns.text(cells.get("aligned_to"))
        objective = PlannedObjective(
            owner_label=owner_label or None,
            owner=owner,
            title=title,
            location=self.location.at(sheet=row.sheet, row=row.number),
            fields=fields,
            headers=sheet.headers,
            ref=f"O{number}" if number else None,
            parent_ref=aligned_to.upper().replace(" ", "") or None,
            parent_label=aligned_to or None,
        )
        self.planned.append(objective)
        return objective

    def _key_result(
        self, sheet, row, cells, title, refusals: Refusals
    ) -> tuple[PlannedKeyResult, str | None]:
        """The row's key result, and why it is held back (held_for_start) or None. A cell's
        refusal is kept in `refusals` and the other cells are still read; a refusal that the
        rest depends on (the title's length, the unit the values are read in) is raised."""

        def parse(key, parser, *args):
            return refusals.read(key, self._parse, sheet, row, cells, key, parser, *args)

        # Before the title is read like text (which takes time in proportion to its length).
        if message := limits.text_error(title, limits.max_length(KeyResult, "title")):
            where = self._where(sheet, row, "key_result")
            refusals.stop("key_result", ImportFailed(message, where))
        # `Reach 500 users (Status: at risk)`, `…（状态：有风险）`: the status is not part of the
        # title, and not imported (Mubiao works it out); said at the cell, as a text line's is
        # (probe 28: kept in the title without a word).
        title, had_status = without_status(title)
        if had_status:
            where = self._where(sheet, row, "key_result").describe()
            self.rows.problems.append(
                _("%(where)s: %(message)s")
                % {"where": where, "message": PROBLEM_MESSAGES[okrtext_parser.STATUS_NOT_READ]}
            )
        metric_type = parse("metric_type", columns.choice, columns.METRIC_TYPES)
        # A row without a unit takes the one its values are written in (`¥1,000`, `280人`),
        # as a title that states them gives it: never refused for what a check-in accepts.
        try:
            unit = numbers.clean_unit(columns.text(cells.get("unit"))) or columns.written_unit(
                cells.get("start"), cells.get("target"), cells.get("current")
            )
        except columns.CellError as error:  # the values are read in it
            refusals.stop("unit", ImportFailed(str(error), self._where(sheet, row, "target")))
        # Values may carry the row's unit ("280人"); a percent sign only where a percentage
        # is measured, or where the metric type is left to be inferred.
        percent = metric_type in (
            None,
            KeyResult.MetricType.PERCENT,
            KeyResult.MetricType.MILESTONE,
        )
        direction = parse("direction", columns.choice, columns.DIRECTIONS)
        # A start's "did you mean" offers what is then taken beside the row's target, a
        # target's what is taken beside its start (issue 9, h9u: `1.500` before 1,500 offered
        # 1,500, equal to the target).
        try:
            written_target = columns.level(cells.get("target"), unit, percent)
        except CellError:
            written_target = None

        from mubiao.okrs.services.key_results import level_offers  # the services read this

        def offers(name, start, target):
            def title_direction():
                said = analyse(title).reading.direction
                return said if said in (KeyResult.Direction.INCREASE,
                                        KeyResult.Direction.DECREASE) else None  # fmt: skip

            return level_offers(name, metric_type, unit, start, target, direction, title_direction)

        start = parse(
            "start", columns.level, unit, percent, (), offers("start_value", None, written_target)
        )
        target = parse(
            "target", columns.level, unit, percent, (start,), offers("target_value", start, None)
        )
        held = None
        # A refused type or value is not read from the title instead: it was written.
        refused_values = refusals.keys & {"metric_type", "start", "target"}
        from_title = metric_type is None and start is None and target is None
        if from_title and not refused_values:
            # Only a title: read it like text ("续费率从 62% 提升至 68%").
            within = (self.cycle.start_date, self.cycle.end_date)
            analysis = analyse(title, cycle=within)
            wants_start = held_for_start(analysis.reading)
            # A due date cell wins over the title's date, which is then not read: `11 月 31 日前`
            # beside a due date is imported due on it, as beside values, in JSON and in text
            # with `{due=…}` (issue 9, h9y: only a title-only row was refused).
            dated = not columns.is_empty(cells.get("due_date"))
            unreadable = unreadable_messages(analysis.reading, within, dates=not dated)
            if not wants_start and unreadable:
                # `03/04 前`, `11 月 31 日前` in the title: refused as the same line of text is.
                where = self._where(sheet, row, "key_result")
                refusals.stop("key_result", ImportFailed(sentences(unreadable), where))
            draft = key_result_fields(analysis.reading, self.cycle)
            fields = draft.fields
            fields["title"] = title
            if unit and draft.fields["metric_type"] != KeyResult.MetricType.MILESTONE:
                # The title's numbers in the row's unit ("从 3 小时降到 2 小时" over 分钟: 180
                # → 120), or refused naming both (2 小时 over 人), as on every route.
                levels = levels_in_unit(draft.fields, unit)
                if levels is None:
                    said = title_disagreement_messages(draft.fields, ["unit"], {"unit": unit})
                    where = self._where(sheet, row, "unit")
                    refusals.stop("unit", ImportFailed(sentences(said["unit"]), where))
                fields.update(levels)
            if wants_start:
                held = held_note(draft.notes)  # said with the row by the caller
            else:
                # "03/04 前", "本季度末", a date outside the cycle: said beside the row, not lost;
                # the last not where a due date cell is written: it wins (h9v).
                where = self._where(sheet, row, "key_result").describe()
                self.rows.problems.extend(
                    _("%(where)s: %(message)s") % {"where": where, "message": note}
                    for note in draft.notes
                    if not (dated and outside_the_cycle(analysis.reading, self.cycle)
                            and note == outside_note(analysis.reading))
                    and not (dated and note in date_refusals(analysis.reading, within))
                )  # fmt: skip
        else:
            # An empty type with values written as percentages ("10%", an Excel cell shown as
            # 30%) measures a percentage: not a number 10 → 20 that lost its "%".
            written_percent = unit in ("", "%") and any(
                _written_as_percent(cells.get(key)) for key in ("start", "target")
            )
            # A unit with no type sets it as the same unit in a title does (readings.
            # metric_type_for: 万元 an amount of money), as a text line's `{unit=}` does.
            metric_type = metric_type or (
                KeyResult.MetricType.PERCENT if written_percent else metric_type_for(unit)
            )
            if written_percent:
                unit = "%"
            if (
                "target" not in refusals.keys
                and target is None
                # "降到 2 小时" with its start and unit written: the title's level in the
                # row's unit, taken by the services as on every route (levels_in_unit).
                and title_level(title, self.cycle) is None
                and metric_type
                not in (
                    KeyResult.MetricType.BOOLEAN,
                    KeyResult.MetricType.MILESTONE,
                )
            ):
                refusals.refuse(
                    "target",
                    ImportFailed(_("a target is required."), self._where(sheet, row, "target")),
                )
            fields = {"title": title, "metric_type": metric_type}
            if start is not None:
                # A blank start is left to the services: 0 for an increase or decrease, refused
                # for a level kept at a bound (no value nobody entered is stored), said below.
                fields["start_value"] = start
            if target is not None:
                fields["target_value"] = target
                fields["direction"] = direction or _direction(title, start, target)
            blank_start = start is None
        if unit:
            fields["unit"] = unit
        if direction:
            fields["direction"] = direction
        if not from_title:
            # `转化率达到 4,5%` beside 45: refused as the API refuses it; "2 小时" over 2 分钟:
            # imported as the columns say, and said beside the row (title_against_columns).
            refused, noted = title_against_columns(title, fields, self.cycle)
            where = self._where(sheet, row, "key_result")
            if refused:
                refusals.stop("key_result", ImportFailed(sentences(refused), where))
            self.rows.problems.extend(
                _("%(where)s: %(message)s") % {"where": where.describe(), "message": note}
                for note in noted
            )
        for key, field, parser, args in (
            (
                "current",
                "current_value",
                columns.kr_value,
                (
                    fields["metric_type"],
                    fields.get("unit") or "",
                    (fields.get("start_value"), fields.get("target_value")),
                ),
            ),
            (
                "due_date",
                "due_date",
                columns.a_date,
                ((self.cycle.start_date, self.cycle.end_date),),
            ),
            ("weight", "weight", columns.weight, ()),
            ("confidence", "confidence", columns.confidence, ()),
            ("progress_source", "progress_source", columns.choice, (columns.PROGRESS_SOURCES,)),
        ):
            if key == "current" and "metric_type" in refusals.keys:
                continue  # read in the type refused: its refusal would only follow from that one
            value = parse(key, parser, *args)
            if value is not None:
                fields[field] = value
        if not from_title and "due_date" not in refusals.keys:
            # A date in the title's prose is read as beside a title alone: the due date inside
            # the cycle, said and left out outside it; a due date cell wins (h9v). Beside a
            # due date column (every export has one) a blank cell is no due date, the title's
            # left as text and said (h9z); a row of a title alone reads it whole, its blank
            # cells the title's to fill.
            where = self._where(sheet, row, "key_result")
            refused, noted = due_of_title(title, fields, (self.cycle.start_date,
                                                          self.cycle.end_date),
                                          blank="due_date" in cells)  # fmt: skip
            if refused:
                refusals.refuse("key_result", ImportFailed(sentences(refused), where))
            self.rows.problems.extend(
                _("%(where)s: %(message)s") % {"where": where.describe(), "message": note}
                for note in besides_a_start_note(noted, fields)
            )
        if not from_title and blank_start and start_left_to_zero(fields):
            # The 0 the services start it at is said beside the row (h9r), as a title's is.
            where = self._where(sheet, row, "start" if "start" in cells else "key_result")
            where = where.describe()
            note = start_taken_note(title, Decimal(0), fields.get("unit") or "")
            self.rows.problems.append(
                _("%(where)s: %(message)s") % {"where": where, "message": note}
            )
        said_start = analysis.reading.start if from_title and not refused_values else start
        if (
            said_start is None
            and "current_value" in fields
            and fields["metric_type"] in (KeyResult.MetricType.NUMBER, KeyResult.MetricType.PERCENT)
        ):
            # `当前值` / `Current` is the value when the file was written (docs/import-export.md,
            # "Tables"): with no start beside it, that is where the key result starts, as a
            # planning sheet's "Target | Current" means and as a text table reads it.
            fields["start_value"] = fields["current_value"]
            if not direction and not from_title and "target_value" in fields:
                fields["direction"] = _direction(title, start=fields["current_value"],
                                                 target=fields["target_value"])  # fmt: skip
        # The values as typed: a `1.200` start, target or current is asked about (services.scale).
        # A blank cell typed nothing: as text it would fail the scale check's reading and
        # so silence it (a CSV's `,,` stored 40 % → 0.6 % unasked).
        texts = {field: typed for key, field in _TYPED_VALUES.items()
                 if isinstance(typed := cells.get(key), str) and typed.strip()}  # fmt: skip
        planned = PlannedKeyResult(
            fields,
            self.location.at(sheet=row.sheet, row=row.number),
            headers=sheet.headers,
            texts=texts,
            stated_progress=stated_progress(cells.get("progress")),
        )
        if refusals.failures and "metric_type" not in refusals.keys:
            # A refused cell (a current value `abc`, a confidence `high`) is no reason to
            # leave the row's other values unasked: the row is fixed in one go, and a value
            # on another scale is not stored once the refused cell is mended. Not in a type
            # refused: the values were read in another.
            refused = {field for key, field in _TYPED_VALUES.items() if key in refusals.keys}
            refusals.failures += planned.scale_questions(self.owners.actor, refused)
        return planned, held


def _direction(title: str, start: Decimal | None, target: Decimal) -> str:
    """The way a row without a direction goes: the one its title says ("Raise share of users
    to 60%"), else the one its values go. Never taken from the values against the title: a
    value confirmed as written after "did you mean 60 %?" (40 → 0.6) is refused as an increase
    whose target is below its start, as the text import refuses it, not stored as a decrease."""
    said = analyse(title).reading.direction
    if said in (KeyResult.Direction.INCREASE, KeyResult.Direction.DECREASE):
        return said
    increasing = target >= (start if start is not None else 0)
    return KeyResult.Direction.INCREASE if increasing else KeyResult.Direction.DECREASE
