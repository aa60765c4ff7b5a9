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
from decimal import Decimal
from itertools import groupby

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mubiao.okrs import limits, rules, selectors
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
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


def exported_objectives(actor: Membership, cycle: Cycle) -> list[Objective]:
    """The visible objectives of the cycle with everything an export shows, in export order."""
    if cycle.organization_id != actor.organization_id:
        raise Cycle.DoesNotExist
    objectives = selectors.objective_list(actor, cycle=cycle).prefetch_related(
        Prefetch("collaborators", queryset=Membership.objects.select_related("user"))
    )
    return sorted(objectives, key=_order)


def _order(objective: Objective):
    if objective.owner_type == Objective.OwnerType.PERSON:
        name = objective.owner_member.user.email
    elif objective.owner_type == Objective.OwnerType.TEAM:
        name = objective.owner_team.slug
    else:
        name = ""
    return (_OWNER_ORDER[objective.owner_type], name, objective.position, objective.pk)


def export_okrs(actor: Membership, *, cycle: Cycle, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    objectives = exported_objectives(actor, cycle)
    organization_name = actor.organization.name
    # The weights in effect (rules.weight_in_effect): with weights off, those stored would be
    # refused by the import of the very file that holds them.
    weights = actor.organization.weights_enabled
    if fmt == "json":
        return jsonformat.dump(objectives, cycle, weights=weights, actor=actor)
    # The parents outside the file are named as the exporting person sees them (#12, #12.KR2):
    # an import resolves them again, so that a round trip keeps a Q4 objective aligned to the
    # year's (issue 9, probe 27); a parent they may not see is never named.
    refs = jsonformat.outside_refs(actor, objectives, jsonformat.refs_of(objectives))
    if fmt == "md":
        return _markdown(objectives, organization_name, weights, refs).encode()
    rows = list(_rows(objectives, organization_name, weights, refs))
    if fmt == "csv":
        return _csv(rows)
    return _xlsx(objectives, rows)


def file_name(cycle: Cycle, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in cycle.name).strip("-")
    return f"okrs-{safe or 'cycle'}.{fmt}"


def _markdown(objectives: list[Objective], organization_name: str, weights: bool, refs) -> str:
    """`## owner` headings, then `O1:` and `KR1:` lines written exactly (okrtext.exact): the
    title escaped, the values in an attribute block, so that the import reads them back as
    stored. An objective's line states its reference in the file (`ref`, as JSON's) and what
    it is aligned to (`aligned_to`: O2, O2.KR1, #12 or #12.KR2); the reference only where an
    alignment of the file names it."""
    named = {
        aligned.split(".")[0] for o in objectives if (aligned := jsonformat.aligned_ref(o, refs))
    }
    blocks = []
    for label, group in groupby(objectives, key=lambda o: owner_label(o, organization_name)):
        lines = [f"## {limits.one_line(label)}", ""]
        for number, objective in enumerate(group, start=1):
            stated = {"kind": objective.kind, "visibility": objective.visibility}
            if (ref := refs[("objective", objective.pk)]) in named:
                stated["ref"] = ref
            if aligned := jsonformat.aligned_ref(objective, refs):
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
            lines.append("")
        blocks.append("\n".join(lines))
    return "\n".join(blocks).rstrip() + "\n"


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


def _rows(objectives: list[Objective], organization_name: str, weights: bool, refs: dict):
    """One row per key result (one for an objective without any), values in COLUMNS order then
    DERIVED's. Choices are written as their labels in the active language (the importer reads
    labels of either language, and codes)."""
    number = jsonformat.number
    for position, objective in enumerate(objectives, start=1):
        head = [owner_label(objective, organization_name), objective.title]
        tail = [
            objective.get_kind_display(),
            objective.get_visibility_display(),
            objective.description or None,
            objective.get_progress_source_display(),
            objective.aligned_share,
            position,
            jsonformat.aligned_ref(objective, refs),
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
                    kr.get_metric_type_display(),
                    number(kr.start_value),
                    number(kr.target_value),
                    jsonformat.own_value(kr),
                    kr.unit,
                    kr.get_direction_display(),
                    kr.due_date,
                    number(rules.weight_in_effect(kr.weight, weights)),
                    kr.confidence,
                    kr.get_progress_source_display(),
                    *tail,
                    number(kr.progress),
                    str(Status(kr.status).label) if kr.status in Status.values else kr.status,
                    number(kr.score) if kr.score is not None else None,
                    kr.score_note or None,
                    *graded,
                ],
            )


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    for _objective, _kr, values in rows:
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
    # A byte order mark makes Excel open the file as UTF-8 (Chinese text intact).
    return ("\ufeff" + buffer.getvalue()).encode()


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


def _xlsx(objectives: list[Objective], rows) -> bytes:

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    headers = _headers()
    sheets, taken = {}, set()
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="3B5B92")
    for objective, _kr, values in rows:
        team = objective.team or objective.owner_team
        sheet_key = team.pk if team else None
        sheet = sheets.get(sheet_key)
        if sheet is None:
            sheet = workbook.create_sheet(
                _sheet_title(team.name if team else _("Organization"), taken)
            )
            sheet.append(headers)
            for cell in sheet[1]:
                cell.font, cell.fill = bold, fill
                cell.alignment = Alignment(vertical="center")
            sheet.freeze_panes = "A2"
            for index, width in enumerate(_WIDTHS, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheets[sheet_key] = sheet
        cells = [
            Decimal(v) if index in _NUMERIC and v is not None else _xlsx_text(v)
            for index, v in enumerate(values)
        ]
        sheet.append(cells)
        row = sheet.max_row
        for cell in sheet[row]:
            columns.guard_cell(cell)
        for key, number_format in (
            ("due_date", "yyyy-mm-dd"),
            ("progress", "0%"),
            ("score", "0.0"),
            ("objective_score", "0.0"),
        ):
            sheet.cell(row, _KEYS.index(key) + 1).number_format = number_format
    if not sheets:
        sheet = workbook.create_sheet(_("Organization"))
        sheet.append(headers)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
