"""The JSON format: everything an objective and its key results hold, nothing derived.

    {"format": "mubiao.okrs", "version": 1, "cycle": "2026 Q1",
     "objectives": [
       {"ref": "O1", "owner": {"type": "person", "email": "alice@acme.test"},
        "team": "product", "title": "…", "description": "", "kind": "committed",
        "visibility": "public", "weight": "1", "progress_source": "key_results",
        "aligned_share": 50, "state": "active", "aligned_to": null,
        "collaborators": ["bob@acme.test"],
        "key_results": [
          {"ref": "O1.KR1", "title": "…", "owner": "alice@acme.test", "metric_type": "percent",
           "start": "62", "target": "66", "current": "63", "progress": "0.25", "unit": "%",
           "direction": "increase", "due_date": "2026-03-31", "weight": "1",
           "confidence": 7, "progress_source": "manual"}]}]}

Owners are `{"type": "person", "email"}`, `{"type": "team", "slug", "name"}` or
`{"type": "organization"}`; people are named by email and teams by slug, so a file moves
between organizations that have the same people and teams. `aligned_to` names another
objective (`O3`) or key result (`O3.KR2`) of the same file, or the title or number (`#12`) of
an objective already in Mubiao, or its key result (`#12.KR2`) (transfer.parents); an export
names a parent outside the file so, where the exporting person sees it. Numbers are strings
(exact decimals). A key result's `progress` is the one its values make as stored: read only to
know them as the stored ones, not asked about again (plan.stated_progress). Status and scores
are derived or given at grading and are not imported; neither is check-in history.

Exporting, importing into an empty organization and exporting again gives the same file.
"""

import json
from decimal import Decimal

from django.utils.translation import gettext as _

from mubiao.okrs import json_keys, limits, number_input, rules
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.transfer import columns
from mubiao.okrs.transfer.errors import Failures, ImportFailed, Location, Refusals, known_names
from mubiao.okrs.transfer.owners import Owner, OwnerDirectory
from mubiao.okrs.transfer.plan import PlannedKeyResult, PlannedObjective, stated_progress
from mubiao.okrs.transfer.readings import (
    besides_a_start_note,
    due_of_title,
    held_for_start,
    held_note,
    read_title,
    read_values,
    start_left_to_zero,
    start_taken_note,
    title_against_columns,
)
from mubiao.okrs.wording import sentences

FORMAT = "mubiao.okrs"
VERSION = 1
_KEY_RESULT_FIELDS = {
    # JSON key → create_key_result field
    "title": "title",
    "metric_type": "metric_type",
    "start": "start_value",
    "target": "target_value",
    "current": "current_value",
    "unit": "unit",
    "direction": "direction",
    "due_date": "due_date",
    "weight": "weight",
    "confidence": "confidence",
    "progress_source": "progress_source",
}
_OBJECTIVE_FIELDS = (
    "description",
    "kind",
    "visibility",
    "weight",
    "progress_source",
    "aligned_share",
    "state",
)
# Every key of an objective and of a key result in this format (dump_pieces writes them all).
# A grade (score, retrospective; a key result's score and its note) is exported as the CSV
# and xlsx export it, and read back as they are: said as not imported (a grade is given in its
# grading cycle, not imported).
_GRADE_KEYS = {"score", "retrospective"}
_KEY_RESULT_GRADE_KEYS = ("score", "score_note")
_OBJECTIVE_KEYS = {*_OBJECTIVE_FIELDS, *_GRADE_KEYS, "ref", "owner", "team", "title",
                   "aligned_to", "collaborators", "key_results"}  # fmt: skip
_KEY_RESULT_KEYS = {*_KEY_RESULT_FIELDS, *_KEY_RESULT_GRADE_KEYS, "ref", "owner", "progress"}
# Locating a service error: column key (plan.FIELD_COLUMNS) → the JSON key.
_KEY_RESULT_HEADERS = {
    "key_result": "title",
    "metric_type": "metric_type",
    "start": "start",
    "target": "target",
    "current": "current",
    "unit": "unit",
    "direction": "direction",
    "due_date": "due_date",
    "weight": "weight",
    "confidence": "confidence",
    "progress_source": "progress_source",
    "owner": "owner",
}
_OBJECTIVE_HEADERS = {
    "objective": "title",
    "kind": "kind",
    "visibility": "visibility",
    "progress_source": "progress_source",
    "aligned_share": "aligned_share",
    "weight": "weight",
    "owner": "owner",
}


def number(value: Decimal) -> str:
    """A decimal as plain text without trailing zeros: 62.5000 → "62.5", 1E+2 → "100"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def own_value(kr) -> str:
    """A key result's current value as its exports write it (:func:`number`). One whose
    progress comes from its aligned objectives has no value of its own (its stored one is kept
    for a switch back: rules.value_written_by_hand): the value its progress stands for
    (rules.value_at_progress), as its page shows it at that progress, never an empty cell
    beside a key result at 50 % (h9z2). The import says it is computed, not imported
    (importer._computed_values)."""
    if kr.progress_source == "children":
        return number(
            rules.value_at_progress(kr.metric_type, kr.start_value, kr.target_value, kr.progress)
        )
    return number(kr.current_value)


# --------------------------------------------------------------------------------------------
# Export


def item(objective: Objective, ref: str, aligned_to: str | None, *, weights: bool) -> dict:
    """One objective of the document: `ref` its reference in the file (O3), `aligned_to` that
    of what it is aligned to (O2, O2.KR1 in the file; #12, #12.KR2 outside it); weights as in
    effect (`weights`: the organization's setting, rules.weight_in_effect)."""
    return {
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
        "aligned_to": aligned_to,
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
                # The progress these values make as stored: a value written as it was
                # confirmed is not asked about again (plan.stated_progress).
                "progress": number(kr.progress),
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


# Objectives written per piece of a streamed document.
_ITEMS_PER_PIECE = 200


def dump_pieces(entries, cycle: Cycle, *, weights: bool):
    """The document as pieces of text, one batch of objectives at a time: the text
    json.dumps(document, ensure_ascii=False, indent=2) + "\\n" writes, without holding it.
    `entries`: (number in the file, objective, reference of what it is aligned to)."""
    head = json.dumps(
        {"format": FORMAT, "version": VERSION, "cycle": cycle.name},
        ensure_ascii=False,
        indent=2,
    )
    opening = head[: -len("\n}")] + ',\n  "objectives": ['
    pieces, written = [opening], False
    for n, objective, aligned_to in entries:
        text = json.dumps(item(objective, f"O{n}", aligned_to, weights=weights),
                          ensure_ascii=False, indent=2)  # fmt: skip
        # Nested two levels down (the document, its list): no line break within a value.
        pieces.append(("," if written else "") + "\n    " + text.replace("\n", "\n    "))
        written = True
        if len(pieces) >= _ITEMS_PER_PIECE:
            yield "".join(pieces)
            pieces = []
    pieces.append("\n  ]\n}\n" if written else "]\n}\n")
    yield "".join(pieces)


def _owner(objective: Objective) -> dict:
    if objective.owner_type == Objective.OwnerType.PERSON:
        return {"type": "person", "email": objective.owner_member.user.email}
    if objective.owner_type == Objective.OwnerType.TEAM:
        return {
            "type": "team",
            "slug": objective.owner_team.slug,
            "name": objective.owner_team.name,
        }
    return {"type": "organization"}


# --------------------------------------------------------------------------------------------
# Import


def read_json(
    text: str, location: Location, owners: OwnerDirectory, cycle: Cycle
) -> tuple[list[PlannedObjective], list[str], list[str]]:
    try:
        document = json_keys.loads(text, parse_float=number_input.json_number)
    except json_keys.DuplicateKey as twice:
        # {"target": 20, "target": 30}: json keeps the last, a value the file may not mean
        # (issue 9, probe 20); refused at any depth, naming the key and where it is.
        path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in twice.path)
        raise ImportFailed(
            _(
                "the key “%(key)s” is given twice in one object at character %(character)s of "
                "this line: keep one of them."
            )
            % {"key": twice.key, "character": twice.column},
            location.at(line=twice.line, path=path.lstrip(".") or None),
        ) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            # json's own words (error.msg) are English: say where, in the reader's language.
            _(
                "this is not valid JSON from character %(character)s of this line on (a comma, "
                "quote or bracket missing or too many?)."
            )
            % {"character": error.colno},
            location.at(line=error.lineno),
        ) from None
    except (RecursionError, ValueError):
        # Nesting deeper than Python's stack, or an integer of thousands of digits.
        raise ImportFailed(
            _("this JSON file nests too deeply or holds a number too long to read."), location
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFailed(
            _("this JSON file is not a Mubiao export (“format” must be “%(format)s”).")
            % {"format": FORMAT},
            location,
        )
    items = document.get("objectives")
    if not isinstance(items, list):
        raise ImportFailed(_("“objectives” must be a list."), location.at(path="objectives"))
    planned, unmatched, problems, positions = [], [], [], {}
    # Every objective's and key result's error at once, in file order (as a CSV's rows).
    failures = Failures()
    for index, item in enumerate(items):
        where = location.at(path=f"objectives[{index}]")
        try:
            objective = _objective(item, where, owners, unmatched, problems, cycle)
        except ImportFailed as failed:
            for each in getattr(failed, "failures", [failed]):
                failures.add(index, each)
            continue
        objective.position = positions.get(_owner_key(objective), 0)
        positions[_owner_key(objective)] = objective.position + 1
        planned.append(objective)
    failures.raise_any(read=(planned, unmatched, problems))
    if grades := _grades(items):
        problems.append(columns.grades_not_imported(grades))
    return planned, unmatched, problems


def _grades(items: list) -> int:
    """The grades the document gives (scores and retrospectives, _GRADE_KEYS): not imported,
    and said so."""

    def given(item, keys) -> int:
        if not isinstance(item, dict):
            return 0
        return sum(1 for key in keys if item.get(key) not in (None, ""))

    count = 0
    for item in items:
        if isinstance(item, dict):
            key_results = item.get("key_results")
            listed = key_results if isinstance(key_results, list) else ()
            count += given(item, _GRADE_KEYS)
            count += sum(given(kr, _KEY_RESULT_GRADE_KEYS) for kr in listed)
    return count


def _owner_key(objective: PlannedObjective):
    return objective.owner.key if objective.owner else objective.owner_label


def _require_dict(value, where: Location) -> dict:
    if not isinstance(value, dict):
        raise ImportFailed(_("expected an object ({…})."), where)
    return value


def _string(item: dict, key: str, where: Location, *, required: bool = False) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ImportFailed(_("expected text."), where.at(column=key))
    return value


def _objective(item, where: Location, owners: OwnerDirectory, unmatched, problems, cycle):
    item = _require_dict(item, where)
    item = _known_keys(item, _OBJECTIVE_KEYS, where, problems)
    failures = Failures()  # the objective's own errors and its key results', together
    try:
        owner, label = _resolve_owner(item.get("owner"), where, owners)
    except ImportFailed as failed:
        failures.add(0, failed)
        owner, label = None, ""
    if label and owner is None and label not in unmatched:
        unmatched.append(label)
    fields = {name: item[name] for name in _OBJECTIVE_FIELDS if item.get(name) is not None}
    team_slug = item.get("team")
    if team_slug:
        team = owners.teams_by_slug.get(team_slug)
        if team is None:
            problems.append(
                _(
                    "%(where)s: no team “%(team)s” in this organization; the objective is filed "
                    "under its owner's team."
                )
                % {"where": where.at(column="team").describe(), "team": team_slug}
            )
        else:
            fields["team"] = team
    collaborators = []
    for email in item.get("collaborators") or []:
        member = owners.member_by_email(email if isinstance(email, str) else "")
        if member is None:
            problems.append(
                _("%(where)s: no member with the email “%(email)s”: skipped.")
                % {"where": where.at(column="collaborators").describe(), "email": email}
            )
        else:
            collaborators.append(member)
    try:
        title = _string(item, "title", where, required=True)
    except ImportFailed as failed:
        failures.add(0, failed)
    key_results = item.get("key_results") or []
    if not isinstance(key_results, list):
        failures.add(
            0, ImportFailed(_("“key_results” must be a list."), where.at(column="key_results"))
        )
        key_results = []
    planned_key_results, held = [], []
    for i, kr in enumerate(key_results):
        try:
            planned, note = _key_result(
                kr, where.at(path=f"{where.path}.key_results[{i}]"), owners, problems, cycle
            )
        except ImportFailed as failed:
            failures.add(i + 1, failed)
            continue
        if note is None:
            planned_key_results.append(planned)
        else:  # as a line of text or a sheet's row: shown at its place, the rest imported
            held.append((planned, note))
    failures.raise_any()
    aligned_to = item.get("aligned_to")
    return PlannedObjective(
        owner_label=label,
        owner=owner,
        title=title,
        location=where,
        fields=fields,
        key_results=planned_key_results,
        held=held,
        headers=_OBJECTIVE_HEADERS,
        ref=item.get("ref") if isinstance(item.get("ref"), str) else None,
        parent_ref=aligned_to if isinstance(aligned_to, str) else None,
        parent_label=aligned_to if isinstance(aligned_to, str) else None,
        collaborators=collaborators,
    )


def _resolve_owner(value, where: Location, owners: OwnerDirectory) -> tuple[Owner | None, str]:
    if value is None:
        return None, ""
    value = _require_dict(value, where.at(column="owner"))
    kind = value.get("type")
    if kind == "person":
        email = value.get("email") or ""
        member = owners.member_by_email(email)
        return (Owner(Objective.OwnerType.PERSON, member=member) if member else None), email
    if kind == "team":
        team = owners.teams_by_slug.get(value.get("slug") or "")
        label = value.get("name") or value.get("slug") or ""
        return (Owner(Objective.OwnerType.TEAM, team=team) if team else None), label
    if kind == "organization":
        return Owner(Objective.OwnerType.ORGANIZATION), ""
    raise ImportFailed(
        _("the owner type must be person, team or organization."), where.at(column="owner")
    )


def _known_keys(item: dict, known, where: Location, problems: list[str]) -> dict:
    """`item` by the keys this format has, a key in another case (`Target`) read as its own
    (errors.known_names); a key it does not have (a typo such as `taget`, another tool's
    field) is said beside its place in the preview, with the key it likely meant."""
    read, unread = known_names(item, known)
    for key, meant in unread:
        said = {"where": where.at(column=str(key)).describe(), "key": key, "meant": meant}
        problems.append(
            _("%(where)s: “%(key)s” is not a key Mubiao reads: ignored. Did you mean “%(meant)s”?")
            % said
            if meant
            else _("%(where)s: “%(key)s” is not a key Mubiao reads: ignored.") % said
        )
    return read


def _key_result(
    item, where: Location, owners: OwnerDirectory, problems, cycle
) -> tuple[PlannedKeyResult, str | None]:
    """The item's key result, and why it is held back (readings.held_for_start) or None."""
    item = _require_dict(item, where)
    item = _known_keys(item, _KEY_RESULT_KEYS, where, problems)
    fields, refusals = {}, Refusals()  # the due date and the title refused together
    held = None
    for key, field in _KEY_RESULT_FIELDS.items():
        value = item.get(key)
        if value is None:
            continue
        if field == "due_date":
            from mubiao.okrs.transfer.columns import CellError, a_date

            try:
                value = a_date(value, (cycle.start_date, cycle.end_date))
            except CellError as error:
                refusals.refuse(key, ImportFailed(str(error), where.at(column=key)))
                continue
        fields[field] = value
    read_values(fields)
    if not isinstance(fields.get("title"), str) or not fields["title"].strip():
        refusals.refuse("title", ImportFailed(_("expected text."), where.at(column="title")))
    elif not limits.text_error(fields["title"], limits.max_length(KeyResult, "title")):
        # (A title too long is refused by the services before it is read like text.)
        # As a CSV's row: `转化率达到 4,5%` refused, "2 小时" over 2 分钟 said and imported as
        # the item says (title_against_columns); a blank target is the title's level.
        refused, noted = title_against_columns(fields["title"], fields, cycle)
        if refused:
            refusals.refuse("title", ImportFailed(sentences(refused), where.at(column="title")))
        if not {"metric_type", "start_value", "target_value"} & fields.keys() and held_for_start(
            (draft := read_title(fields["title"], cycle)).reading
        ):
            # Only a title, stating a change without its start (`收入翻倍`, `成本降低 10%`):
            # held back and shown with its notes, the rest of the file imported, as a line of
            # text or a sheet's row with only its title is (h9v; it stopped the file).
            held = held_note(draft.notes)
            noted = [held]
        elif "due_date" not in refusals.keys:
            # A date of the title's prose: the due date inside the cycle, with a target or
            # without (h9v); outside it, no due date, said as every format with prose says
            # it (a `due_date` key outside it is refused); a `due_date` key wins.
            # A `due_date` key given null or blank (every export writes one) is no due date,
            # the title's left as text and said (h9z).
            within = (cycle.start_date, cycle.end_date)
            blank = "due_date" in item and columns.is_empty(item["due_date"])
            dated, dated_notes = due_of_title(fields["title"], fields, within, blank=blank)
            if dated:
                refusals.refuse("title", ImportFailed(sentences(dated), where.at(column="title")))
            noted = [*noted, *besides_a_start_note(dated_notes, fields)]
        if start_left_to_zero(fields):
            # The 0 the services start it at, said as a sheet's row says it (h9r).
            unit = fields.get("unit") or ""
            noted = [*noted, start_taken_note(fields["title"], Decimal(0), unit)]
        problems.extend(
            _("%(where)s: %(message)s") % {"where": where.at(column="title").describe(),
                                           "message": note}
            for note in noted
        )  # fmt: skip
    refusals.raise_any()
    email = item.get("owner")
    if email:
        member = owners.member_by_email(email if isinstance(email, str) else "")
        if member is None:
            problems.append(
                _(
                    "%(where)s: no member with the email “%(email)s”; the objective's owner owns "
                    "this key result."
                )
                % {"where": where.at(column="owner").describe(), "email": email}
            )
        else:
            fields["owner"] = member
    else:
        fields["owner"] = None
    planned = PlannedKeyResult(
        fields,
        where,
        headers=_KEY_RESULT_HEADERS,
        ref=item.get("ref") if isinstance(item.get("ref"), str) else None,
        stated_progress=stated_progress(item.get("progress")),
    )
    return planned, held
