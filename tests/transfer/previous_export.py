"""The export as it was before it streamed (issue 14), frozen as the oracle of
test_streamed_export: everything read at once, sorted in Python, every file built whole in
memory. Its per-value helpers (how a key result's line is stated, a cell's number, a header)
are the exporter's own: what streaming changed is the reading, ordering, numbering and
assembly, all of which are here as they were."""
# ruff: noqa

import csv
import io
import json
from decimal import Decimal
from itertools import groupby

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from mubiao.okrs import rules, selectors, limits
from mubiao.okrs.models import Cycle, KeyResult, Objective, Status
from mubiao.okrs.transfer import columns, jsonformat
from mubiao.okrs.transfer.exporter import (
    FORMATS,
    _KEYS,
    _NUMERIC,
    _OWNER_ORDER,
    _PROGRESS,
    _WIDTHS,
    _exact_line,
    _grade,
    _headers,
    _percent,
    _sheet_title,
    _stated,
    _xlsx_text,
)
from mubiao.okrs.transfer.jsonformat import FORMAT, VERSION, _owner, number, own_value
from mubiao.okrs.transfer.owners import owner_label
from mubiao.orgs.models import Membership


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
        return dump(objectives, cycle, weights=weights)
    if fmt == "md":
        return _markdown(objectives, organization_name, weights).encode()
    rows = list(_rows(objectives, organization_name, weights))
    if fmt == "csv":
        return _csv(rows)
    return _xlsx(objectives, rows)


def _markdown(objectives: list[Objective], organization_name: str, weights: bool) -> str:
    """`## owner` headings, then `O1:` and `KR1:` lines written exactly (okrtext.exact): the
    title escaped, the values in an attribute block, so that the import reads them back as
    stored."""
    blocks = []
    for label, group in groupby(objectives, key=lambda o: owner_label(o, organization_name)):
        lines = [f"## {limits.one_line(label)}", ""]
        for number, objective in enumerate(group, start=1):
            stated = {"kind": objective.kind, "visibility": objective.visibility}
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


def _rows(objectives: list[Objective], organization_name: str, weights: bool):
    """One row per key result (one for an objective without any), values in COLUMNS order then
    DERIVED's. Choices are written as their labels in the active language (the importer reads
    labels of either language, and codes)."""
    number = jsonformat.number
    refs = refs_of(objectives)
    for position, objective in enumerate(objectives, start=1):
        head = [owner_label(objective, organization_name), objective.title]
        tail = [
            objective.get_kind_display(),
            objective.get_visibility_display(),
            objective.description or None,
            objective.get_progress_source_display(),
            objective.aligned_share,
            position,
            aligned_ref(objective, refs),
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


def refs_of(objectives: list[Objective]) -> dict[tuple[str, int], str]:
    """How a file names its objectives and key results for an alignment within it (every
    format: JSON's `ref`, a spreadsheet's objective no. and aligned to): O1, O1.KR2, …"""
    refs = {}
    for index, objective in enumerate(objectives, start=1):
        refs[("objective", objective.pk)] = f"O{index}"
        for kr_index, kr in enumerate(objective.key_results.all(), start=1):
            refs[("key_result", kr.pk)] = f"O{index}.KR{kr_index}"
    return refs


def aligned_ref(objective: Objective, refs: dict) -> str | None:
    """The reference of what `objective` is aligned to, when that is in the same file."""
    return refs.get(("objective", objective.parent_objective_id)) or refs.get(
        ("key_result", objective.parent_key_result_id)
    )


def dump(objectives: list[Objective], cycle: Cycle, *, weights: bool) -> bytes:
    """The document of `objectives`; weights as in effect (`weights`: the organization's
    setting, rules.weight_in_effect)."""
    refs = refs_of(objectives)
    items = []
    for objective in objectives:
        ref = refs[("objective", objective.pk)]
        items.append(
            {
                "ref": ref,
                "owner": _owner(objective),
                "team": objective.team.slug if objective.team_id else None,
                "title": objective.title,
                "description": objective.description,
                "kind": objective.kind,
                "visibility": objective.visibility,
                "weight": number(rules.weight_in_effect(objective.weight, weights)),
                "progress_source": objective.progress_source,
                "aligned_share": objective.aligned_share,
                "state": objective.state,
                "aligned_to": aligned_ref(objective, refs),
                "score": number(objective.score) if objective.score is not None else None,
                "retrospective": objective.retrospective or None,
                "collaborators": sorted(m.user.email for m in objective.collaborators.all()),
                "key_results": [
                    {
                        "ref": f"{ref}.KR{kr_index}",
                        "title": kr.title,
                        "owner": kr.owner.user.email if kr.owner_id else None,
                        "metric_type": kr.metric_type,
                        "start": number(kr.start_value),
                        "target": number(kr.target_value),
                        "current": own_value(kr),
                        "unit": kr.unit,
                        "direction": kr.direction,
                        "due_date": kr.due_date.isoformat() if kr.due_date else None,
                        "weight": number(rules.weight_in_effect(kr.weight, weights)),
                        "confidence": kr.confidence,
                        "progress_source": kr.progress_source,
                        "score": number(kr.score) if kr.score is not None else None,
                        "score_note": kr.score_note or None,
                    }
                    for kr_index, kr in enumerate(objective.key_results.all(), start=1)
                ],
            }
        )
    document = {"format": FORMAT, "version": VERSION, "cycle": cycle.name, "objectives": items}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
