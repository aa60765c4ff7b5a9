"""export_okrs: the objectives of a cycle that the actor can see, as md, xlsx, csv or json.

Visibility is the selectors' (okrs.selectors.objective_list), exactly as on the pages: private
objectives of others never appear. Objectives are grouped by owner — the organization, then
teams, then people — and keep their order within an owner; the same owner labels the importer
reads (owners.owner_label) name them, so every format imports again as it is: export, import
and export again gives the same file. Each format escapes what it gives meaning to: spreadsheet
text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
apostrophe, which the importer removes again (numbers are numbers, never guarded); Markdown is
one line per objective or key result, so a line break inside a title becomes a space.
"""

import csv
import io
import tempfile
from array import array
from collections.abc import Iterator
from decimal import Decimal

from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Prefetch, Value, When
from django.db.models.functions import Coalesce, Collate
from django.utils import translation
from django.utils.translation import gettext as _

from mubiao.okrs import limits, rules, selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.transfer import columns, jsonformat
from mubiao.okrs.transfer.owners import owner_label
from mubiao.okrtext import exact
from mubiao.orgs.models import Membership

FORMATS = ("md", "xlsx", "csv", "json")
CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_OWNER_ORDER = {
    Objective.OwnerType.ORGANIZATION: 0,
    Objective.OwnerType.TEAM: 1,
    Objective.OwnerType.PERSON: 2,
}
# Objectives read per batch: a few queries each (the objectives, their key results, their
# collaborators, the key results aligned to), whatever the size of the organization; the
# memory of an export is that of one batch (issue 14: a CSV of 20,000 people took 1.8 GB).
CHUNK = 500
# Bytes of an xlsx file sent at a time.
_FILE_BLOCK = 1 << 16


class _Plan:
    """Which objectives an export holds, in export order, read once before any is: their ids
    (8 bytes each), the sheet of each (xlsx), and the place in the file of those that others
    are aligned to (the references O3, O3.KR2 of an alignment within the file can point
    ahead of the row that names them)."""

    def __init__(self, actor: Membership, cycle: Cycle, *, by_sheet: bool = False):
        if cycle.organization_id != actor.organization_id:
            raise Cycle.DoesNotExist
        self.actor, self.cycle = actor, cycle
        ids, sheets, parents = array("q"), array("q"), set()
        for pk, sheet, parent, parent_kr_objective in _in_export_order(actor, cycle).iterator(
            chunk_size=5000
        ):
            ids.append(pk)
            sheets.append(sheet or 0)
            parents.update(p for p in (parent, parent_kr_objective) if p is not None)
        self.index = {pk: n for n, pk in enumerate(ids) if pk in parents}
        if by_sheet:  # each sheet's rows together, sheets in the order they first appear
            first = {}
            for n, sheet in enumerate(sheets):
                first.setdefault(sheet, n)
            order = sorted(range(len(ids)), key=lambda n: (first[sheets[n]], n))
            self.ids = array("q", (ids[n] for n in order))
            self.numbers = array("q", (n for n in order))
        else:
            self.ids, self.numbers = ids, None

    def entries(self) -> Iterator[tuple[int, Objective, str | None]]:
        """(number in the file, objective with its key results and collaborators, reference
        of what it is aligned to), batch by batch, in the plan's order."""
        for start in range(0, len(self.ids), CHUNK):
            batch = self.ids[start : start + CHUNK]
            found = {
                objective.pk: objective
                for objective in selectors.objective_list(self.actor, cycle=self.cycle)
                .filter(pk__in=list(batch))
                .prefetch_related(
                    Prefetch("collaborators", queryset=Membership.objects.select_related("user"))
                )
            }
            kr_refs = self._key_result_refs(found.values())
            outside = self._outside_refs(found.values())
            for offset, pk in enumerate(batch):
                objective = found.get(pk)
                if objective is None:  # gone or hidden since the plan was read
                    continue
                n = start + offset if self.numbers is None else self.numbers[start + offset]
                yield n + 1, objective, self._aligned_ref(objective, kr_refs, outside)

    def _key_result_refs(self, objectives) -> dict[int, str]:
        """key result id -> `O3.KR2`, for the key results in the file that these objectives
        are aligned to: one query for the batch (their objectives' key results, in the order
        an objective lists them: selectors' prefetch)."""
        owners = {
            o.parent_key_result.objective_id
            for o in objectives
            if o.parent_key_result_id and o.parent_key_result.objective_id in self.index
        }
        if not owners:
            return {}
        refs, counters = {}, {}
        listed = selectors.key_results_listed().filter(objective_id__in=owners)
        for pk, objective_id in listed.values_list("pk", "objective_id"):
            counters[objective_id] = counters.get(objective_id, 0) + 1
            refs[pk] = f"O{self.index[objective_id] + 1}.KR{counters[objective_id]}"
        return refs

    def _outside_refs(self, objectives) -> dict[tuple[str, int], str]:
        """The parents outside the file that the actor sees (a Q4 objective aligned to the
        year's): `#12` for objective 12, `#12.KR2` for its second key result, as the import
        reads them (transfer.parents), so that a round trip keeps the alignment (issue 9,
        probe 27). A parent the actor may not see is never named (its objective is exported
        without alignment). At most two queries a batch, none without such parents."""
        objective_ids = {
            o.parent_objective_id
            for o in objectives
            if o.parent_objective_id and o.parent_objective_id not in self.index
        }
        kr_ids = {
            o.parent_key_result_id
            for o in objectives
            if o.parent_key_result_id and o.parent_key_result.objective_id not in self.index
        }
        if not objective_ids and not kr_ids:
            return {}
        seen = selectors.visible_objectives(self.actor)
        found = {
            ("objective", pk): f"#{pk}"
            for pk in seen.filter(pk__in=objective_ids).values_list("pk", flat=True)
        }
        if kr_ids:
            owners = seen.filter(key_results__in=kr_ids).values("pk")
            listed = selectors.key_results_listed().filter(objective_id__in=owners)
            counters: dict[int, int] = {}
            for pk, objective_id in listed.values_list("pk", "objective_id"):
                counters[objective_id] = counters.get(objective_id, 0) + 1
                if pk in kr_ids:
                    found[("key_result", pk)] = f"#{objective_id}.KR{counters[objective_id]}"
        return found

    def _aligned_ref(self, objective: Objective, kr_refs: dict[int, str], outside) -> str | None:
        if objective.parent_objective_id in self.index:
            return f"O{self.index[objective.parent_objective_id] + 1}"
        return (
            kr_refs.get(objective.parent_key_result_id)
            or outside.get(("objective", objective.parent_objective_id))
            or outside.get(("key_result", objective.parent_key_result_id))
        )


def _in_export_order(actor: Membership, cycle: Cycle):
    """(id, sheet team, parent objective, parent key result's objective) of the visible
    objectives of the cycle (the selectors' visibility: objective_list), in export order:
    grouped by owner — the organization, then teams by slug, then people by email — then by
    position and id. Names compare as Python compares text (code point order: the "C"
    collation on PostgreSQL; SQLite's own), as the export sorted them before it streamed."""
    name = Case(
        When(owner_type=Objective.OwnerType.PERSON, then=F("owner_member__user__email")),
        When(owner_type=Objective.OwnerType.TEAM, then=F("owner_team__slug")),
        default=Value(""),
        output_field=CharField(),
    )
    if connection.vendor == "postgresql":
        name = Collate(name, "C")
    rank = Case(
        *(When(owner_type=kind, then=Value(n)) for kind, n in _OWNER_ORDER.items()),
        output_field=IntegerField(),
    )
    return (
        selectors.objective_list(actor, cycle=cycle, to_count=True)
        .annotate(_rank=rank, _name=name)
        .order_by("_rank", "_name", "position", "pk")
        .values_list(
            "pk",
            Coalesce("team_id", "owner_team_id"),
            "parent_objective_id",
            "parent_key_result__objective_id",
        )
    )


def stream_okrs(actor: Membership, *, cycle: Cycle, fmt: str) -> Iterator[bytes]:
    """The export as pieces of bytes, read batch by batch as they are asked for, in the
    language active now (the pieces of a web response are asked for after the view returns).
    Raises Cycle.DoesNotExist (another organization's cycle) and ValueError here, not when
    read."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    if fmt == "xlsx":
        return _file_blocks(xlsx_file(actor, cycle=cycle))
    plan = _Plan(actor, cycle)
    organization_name = actor.organization.name
    # The weights in effect (rules.weight_in_effect): with weights off, those stored would be
    # refused by the import of the very file that holds them.
    weights = actor.organization.weights_enabled
    if fmt == "json":
        pieces = jsonformat.dump_pieces(plan.entries(), cycle, weights=weights)
    elif fmt == "md":
        pieces = _markdown(plan.entries(), organization_name, weights, named=plan.index)
    else:
        pieces = _csv(_rows(plan.entries(), organization_name, weights))
    return _in_language(_encoded(pieces), translation.get_language())


def export_okrs(actor: Membership, *, cycle: Cycle, fmt: str) -> bytes:
    """The whole export at once (stream_okrs joined)."""
    return b"".join(stream_okrs(actor, cycle=cycle, fmt=fmt))


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    for piece in pieces:
        if piece:
            yield piece.encode()


def _in_language(pieces: Iterator[bytes], language: str | None) -> Iterator[bytes]:
    """`pieces`, each made in `language` (and only while it is made: the reader's own
    language is left as it is between pieces)."""
    while True:
        with translation.override(language):
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece


def _file_blocks(file) -> Iterator[bytes]:
    with file:
        while block := file.read(_FILE_BLOCK):
            yield block


def file_name(cycle: Cycle, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in cycle.name).strip("-")
    return f"okrs-{safe or 'cycle'}.{fmt}"


def _markdown(entries, organization_name: str, weights: bool, named) -> Iterator[str]:
    """`## owner` headings, then `O1:` and `KR1:` lines written exactly (okrtext.exact): the
    title escaped, the values in an attribute block, so that the import reads them back as
    stored. An objective's line states what it is aligned to (`aligned_to`: O2, O2.KR1, #12 or
    #12.KR2) and, where an alignment of the file names it (`named`: ids), its reference in the
    file (`ref`, JSON's O3; the line's own marker counts within its heading). A blank line
    between objectives and before each heading but the first; every line ends with a line
    break (an empty export is one line break). No line ends in a space: each
    ends with its attribute block."""
    label, lines, number = None, [], 0
    for n, objective, aligned in entries:
        if label is not None:
            lines.append("")
        owner = owner_label(objective, organization_name)
        if owner != label:
            label, number = owner, 0
            lines += [f"## {limits.one_line(label)}", ""]
        number += 1
        stated = {"kind": objective.kind, "visibility": objective.visibility}
        if objective.pk in named:
            stated["ref"] = f"O{n}"
        if aligned:
            stated["aligned_to"] = aligned
        if objective.description:
            stated["description"] = objective.description
        if objective.progress_source != Objective.ProgressSource.KEY_RESULTS:
            stated["progress"] = objective.progress_source
            stated["aligned_share"] = str(objective.aligned_share)
        stated |= _grade(objective.score, "retrospective", objective.retrospective)
        lines.append(_exact_line(f"O{number}", objective.title, stated))
        lines += [
            _exact_line(f"KR{index}", kr.title, _stated(kr, weights))
            for index, kr in enumerate(objective.key_results.all(), start=1)
        ]
        if len(lines) >= CHUNK:
            yield "".join(line + "\n" for line in lines)
            lines = []
    yield "".join(line + "\n" for line in lines) if label is not None else "\n"


def _exact_line(marker: str, title: str, stated: dict) -> str:
    return f"{marker}: {exact.escape(limits.one_line(title))} {exact.attributes(stated)}"


def _stated(kr, weights: bool) -> dict:
    """A key result's values as its exact line states them (readings.STATED_KEY_RESULT), its
    weight as in effect (`weights`: the organization's setting)."""
    number = jsonformat.number
    stated = {
        "metric": kr.metric_type,
        "start": number(kr.start_value),
        "target": number(kr.target_value),
        "current": jsonformat.own_value(kr),
        # The progress these values make as stored: the import does not ask again about a
        # value confirmed when it was stored (plan.stated_progress), as JSON's and a sheet's.
        "progress": f"{number(kr.progress * 100)}%",
        **({"unit": kr.unit} if kr.unit else {}),
        "direction": kr.direction,
    }
    if (weight := rules.weight_in_effect(kr.weight, weights)) != 1:
        stated["weight"] = number(weight)
    # Stated blank too (`due=""`), as a CSV's due cell is: no due date, whatever date the
    # title states (readings.due_of_title: the import would read it as the due date).
    stated["due"] = kr.due_date.isoformat() if kr.due_date else ""
    if kr.confidence is not None:
        stated["confidence"] = str(kr.confidence)
    if kr.progress_source != KeyResult.ProgressSource.MANUAL:
        stated["progress_source"] = kr.progress_source
    return stated | _grade(kr.score, "score_note", kr.score_note)


def _grade(score, note_key: str, note: str) -> dict:
    """The grade of a line, where given, as the other formats write it (a score, the note
    written with it): the import reads it back as theirs, said as not imported
    (readings.GRADE_ATTRIBUTES). Markdown carried no grade (issue 9)."""
    graded = {"score": jsonformat.number(score)} if score is not None else {}
    return graded | ({note_key: note} if note else {})


def _headers() -> list[str]:
    from django.utils import translation

    zh = (translation.get_language() or "").startswith("zh")
    return columns.headers(zh) + [str(label) for _key, label in columns.DERIVED]


def _rows(entries, organization_name: str, weights: bool):
    """One row per key result (one for an objective without any), values in COLUMNS order then
    DERIVED's. Choices are written as their labels in the active language (the importer reads
    labels of either language, and codes)."""
    number = jsonformat.number
    label = _Labels()
    for position, objective, aligned in entries:
        head = [owner_label(objective, organization_name), objective.title]
        tail = [
            label(Objective, "kind", objective.kind),
            label(Objective, "visibility", objective.visibility),
            objective.description or None,
            label(Objective, "progress_source", objective.progress_source),
            objective.aligned_share,
            position,
            aligned,
        ]
        graded = [
            number(objective.score) if objective.score is not None else None,
            objective.retrospective or None,
        ]
        key_results = list(objective.key_results.all())
        if not key_results:
            yield objective, None, [*head, *[None] * 11, *tail, *[None] * 4, *graded]
        for kr in key_results:
            yield (
                objective,
                kr,
                [
                    *head,
                    kr.title,
                    label(KeyResult, "metric_type", kr.metric_type),
                    number(kr.start_value),
                    number(kr.target_value),
                    jsonformat.own_value(kr),
                    kr.unit,
                    label(KeyResult, "direction", kr.direction),
                    kr.due_date,
                    number(rules.weight_in_effect(kr.weight, weights)),
                    kr.confidence,
                    label(KeyResult, "progress_source", kr.progress_source),
                    *tail,
                    number(kr.progress),
                    label(KeyResult, "status", kr.status),
                    number(kr.score) if kr.score is not None else None,
                    kr.score_note or None,
                    *graded,
                ],
            )


class _Labels:
    """The label of a choice, as get_FOO_display() gives it (the code itself when it is not a
    choice), each field's labels translated once per export in the active language: Django's
    get_FOO_display hashes every lazy label of the field at each call (translating each), half
    of a CSV export's time."""

    def __init__(self):
        self._fields = {}

    def __call__(self, model, name: str, value):
        labels = self._fields.get((model, name))
        if labels is None:
            choices = model._meta.get_field(name).flatchoices
            labels = self._fields[(model, name)] = {code: str(text) for code, text in choices}
        return value if value is None else labels.get(value, str(value))


class _Line:
    """A file for csv.writer whose write() gives the line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _csv(rows) -> Iterator[str]:
    writer = csv.writer(_Line())
    # A byte order mark makes Excel open the file as UTF-8 (Chinese text intact).
    lines = ["\ufeff" + writer.writerow(_headers())]
    for _objective, _kr, values in rows:
        lines.append(
            writer.writerow(
                [
                    ""
                    if v is None
                    else _percent(v)
                    if index == _PROGRESS
                    else v
                    if index in _NUMERIC
                    else columns.guard_formula(v)
                    for index, v in enumerate(values)
                ]
            )
        )
        if len(lines) >= CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def _percent(fraction: str) -> str:
    """A progress as the app shows it, `35%`: a CSV cell has no number format, and `0.35`
    beside a title that says 35 % reads as a different number (the xlsx cell is 0.35 shown
    as 35 %)."""
    return f"{jsonformat.number(Decimal(fraction) * 100)}%"


def _sheet_title(name: str, taken: set[str]) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "-"
    title, counter = cleaned[:31], 2
    while title.casefold() in taken:
        suffix = f" ({counter})"
        title, counter = cleaned[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(title.casefold())
    return title


# start, target, current, weight, progress, score, objective score (0-based)
# Cells by column key, so that a new column moves none of them by hand.
_KEYS = [key for key, *_rest in columns.COLUMNS] + [key for key, _label in columns.DERIVED]
_NUMERIC = {
    _KEYS.index(key)
    for key in ("start", "target", "current", "weight", "aligned_share", "objective_number",
                "progress", "score", "objective_score")
}  # fmt: skip
_PROGRESS = _KEYS.index("progress")
_WIDTH = {"owner": 28, "objective": 40, "key_result": 48, "metric_type": 12, "unit": 8,
          "direction": 11, "due_date": 12, "weight": 8, "progress_source": 16, "kind": 13,
          "visibility": 11, "description": 48, "objective_progress": 16, "status": 11,
          "score": 8, "score_note": 48, "retrospective": 48}  # fmt: skip
_WIDTHS = [_WIDTH.get(key, 10) for key in _KEYS]


def _xlsx_text(value):
    """A text cell: a CR or CRLF as LF, the only line break a cell keeps (XML reads a bare CR
    in text as LF)."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def xlsx_file(actor: Membership, *, cycle: Cycle):
    """The xlsx export written row by row to a temporary file (openpyxl's write-only mode),
    one sheet per team after another, each closed when the next begins; returned at its start
    (removed when closed: FileResponse closes it)."""
    plan = _Plan(actor, cycle, by_sheet=True)
    rows = _rows(plan.entries(), actor.organization.name, actor.organization.weights_enabled)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    try:
        _xlsx(rows, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


_NUMBER_FORMATS = {
    _KEYS.index(key): number_format
    for key, number_format in (
        ("due_date", "yyyy-mm-dd"),
        ("progress", "0%"),
        ("score", "0.0"),
        ("objective_score", "0.0"),
    )
}


def _xlsx(rows, file) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    headers = _headers()
    sheet, sheet_key, taken = None, (), set()
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="3B5B92")
    middle = Alignment(vertical="center")

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, middle
        return cell

    for objective, _kr, values in rows:
        team = objective.team or objective.owner_team
        if (team.pk if team else None) != sheet_key:
            if sheet is not None:
                sheet.close()  # written: its temporary file is closed until the save
            sheet_key = team.pk if team else None
            sheet = workbook.create_sheet(
                _sheet_title(team.name if team else _("Organization"), taken)
            )
            sheet.freeze_panes = "A2"
            for index, width in enumerate(_WIDTHS, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.append([header_cell(text) for text in headers])
        cells = []
        for index, v in enumerate(values):
            value = Decimal(v) if index in _NUMERIC and v is not None else _xlsx_text(v)
            cell = columns.guard_cell(WriteOnlyCell(sheet, value=value))
            if index in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[index]
            cells.append(cell)
        sheet.append(cells)
    if sheet is None:
        sheet = workbook.create_sheet(_("Organization"))
        sheet.freeze_panes = "A2"
        sheet.append(headers)
    workbook.save(file)


def _column_help() -> dict[str, str]:
    """What each column takes, for the help sheet of the blank workbook."""
    return {
        "owner": _(
            "Email, name or job title of a member; “Team: name” for a team; the "
            "organization's name. Empty: the person importing."
        ),
        "objective": _("The objective. Leave empty on the following rows of the same objective."),
        "key_result": _(
            "One key result per row. Only a title? It is read like text (“from 62% to 68%”)."
        ),
        "metric_type": _("number, percent, currency, boolean or milestone"),
        "start": _("A number; 0 when empty."),
        "target": _("A number; required for number, percent and currency."),
        "current": _("A number; the start value when empty."),
        "unit": _("e.g. %, USD, customers"),
        "direction": _("increase, decrease, at_least or at_most"),
        "due_date": _("A date inside the cycle, e.g. 2026-03-31; the cycle's end when empty."),
        "weight": _("A number ≥ 0; 1 when empty."),
        "confidence": _("A whole number from 0 to 10."),
        "progress_source": _(
            "Check-ins, or Aligned objectives for a key result whose progress is that of the "
            "objectives aligned to it; check-ins when empty."
        ),
        "kind": _("committed or aspirational"),
        "visibility": _("public, team or private"),
        "description": _("The objective's description, on its first row; may be empty."),
        "objective_progress": _(
            "key results, aligned or mix: where the objective's progress comes from; key "
            "results when empty."
        ),
        "aligned_share": _("In a mix, the aligned objectives' share in percent; 50 when empty."),
        "aligned_to": _(
            "Optional: the objective (O3, its objective no.) or key result (O3.KR2) of this "
            "file it is aligned to, or the title or number (#12) of an objective already in "
            "Mubiao, or its key result (#12.KR2)."
        ),
        "objective_number": _(
            "Optional: the rows with one number are one objective (two objectives of one owner "
            "may have the same title); empty on the following rows of the same objective."
        ),
    }


def blank_sheet(fmt: str) -> bytes:
    """An empty import sheet with the column headers in the active language (xlsx or csv);
    the workbook has a second sheet explaining each column."""
    headers = _headers()[: len(columns.COLUMNS)]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow(headers)
        return ("\ufeff" + buffer.getvalue()).encode()
    if fmt != "xlsx":
        raise ValueError(f"unknown sheet format: {fmt}")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "OKRs"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Help"))
    help_text = _column_help()
    for (key, *_spellings), header in zip(columns.COLUMNS, headers, strict=True):
        help_sheet.append([header, help_text[key]])
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
