"""import_okrs: read a file, check it, and create its objectives in one transaction.

Formats are chosen by extension and confirmed by content: `.xlsx` (or any file that is a zip
archive), `.csv`/`.tsv`, `.json`, and everything else as text or Markdown. Reading builds a
plan (plan.py) outside any transaction, touching the database only to look up the
organization's people and teams once; writing goes through okrs.services.create_objective,
objective by objective, inside one transaction. Any error rolls all of it back and is raised as
ImportFailed with the file, sheet, row or line, and column it concerns.

A dry run (the preview) writes everything too, so that it has met every check a real import
meets, but in short transactions each rolled back: one holds the objectives aligned to each
other within the file (an alignment must find its parent written) and lasts about
DRY_RUN_BATCH_SECONDS. SQLite has one writer for the whole database, and a preview that any
member may ask for must not hold it for the minutes a large file takes; between two batches it
pauses so that the requests waiting for the writer get it. The real import stays one
transaction (all or nothing), kept short by the size limits below.
"""

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mubiao.okrs import limits, selectors, services
from mubiao.okrs.models import Cycle, KeyResult, Objective
from mubiao.okrs.quality import MEASURED_TYPES
from mubiao.okrs.transfer import columns, jsonformat, tabular
from mubiao.okrs.transfer.decoding import decode
from mubiao.okrs.transfer.errors import (
    PASTED,
    Failures,
    ImportErrors,
    ImportFailed,
    Location,
    ReadErrors,
    Unanswered,
    quoting,
)
from mubiao.okrs.transfer.owners import OwnerDirectory
from mubiao.okrs.transfer.parents import outside_parents, ref_index
from mubiao.okrs.transfer.plan import PlannedObjective
from mubiao.okrs.transfer.text_reader import read_text
from mubiao.okrs.wording import sentences
from mubiao.okrtext import KRInput, LintConfig, ObjectiveInput, exact, lint_objectives
from mubiao.orgs.models import Membership
from mubiao.transactions import speaks_actors_language, write_transaction

MAX_BYTES = 10 * 1024 * 1024
# What an import may hold is bounded by the time its one transaction takes: every objective
# goes through all the checks of the services (about 5-20 ms each with its key results, more
# on a loaded server), so 2,000 lines or rows import in seconds, while 50,000 held SQLite's
# writer for minutes (measured: 5,000 lines of a typical paste, 1,000 objectives, took 15-85 s
# to apply). tabular.MAX_ROWS is the same.
MAX_TEXT_LINES = 2_000
DRY_RUN_BATCH_SECONDS = 0.5
# Longer than SQLite's longest sleep between two tries of a waiting writer (100 ms).
DRY_RUN_PAUSE_SECONDS = 0.12
# Ten times the longest title: no OKR line is longer, and the reader's time grows with a
# line's length (a megabyte on one line would hold a worker for minutes).
MAX_LINE_CHARS = 5_000
# A line of Mubiao's own Markdown export (okrtext.exact) is read by one pattern, not by the
# reader, and carries the description in its attribute block (a line break written \u000a):
# it may be as long as a description at its limit written so, which the export writes and the
# import must read back (issue 9, hL: a 5,001-character description was refused on this line
# alone, where every other format and the form take 20,000).
EXACT_LINE_CHARS = MAX_LINE_CHARS + 6 * limits.max_length(Objective, "description")
# The linter reads every key result again (about a millisecond each); beyond this many key
# results its advice would be unreadable anyway, and it would dominate a bulk import's time.
LINT_MAX_KEY_RESULTS = 2_000
FORMATS = ("text", "csv", "xlsx", "json")
_EXTENSIONS = {
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "csv": "csv",
    "tsv": "csv",
    "json": "json",
    "md": "text",
    "markdown": "text",
    "txt": "text",
}

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    file_name: str
    format: str
    dry_run: bool
    objectives: list[PlannedObjective]
    unmatched_owners: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Findings that concern an owner's whole set rather than one objective.
    set_findings: list[dict] = field(default_factory=list)
    created: list[Objective] = field(default_factory=list)
    # Indexes of the objectives the cycle (or the file) already holds (_duplicates).
    duplicates: set[int] = field(default_factory=set)
    # The values asked about (_scale_questions), each at its cell: imported as written only
    # once confirmed (import_okrs' `confirmed`).
    questions: list[str] = field(default_factory=list)

    @property
    def plan(self) -> list:
        """What importing the file does, in no language (JSON-ready): each objective's place,
        the owner its label was matched to (as shown then) and whether it makes a duplicate.
        The file is the same at the confirmation; the organization may not be, so the preview
        keeps this and the import goes ahead only if it is still the same (`expected_plan`)."""
        return [
            [
                _place(objective.location),
                objective.title,
                list(objective.owner.key) if objective.owner else None,
                _owner_shown(objective),
                index in self.duplicates,
                _existing(objective.parent_existing),
            ]
            for index, objective in enumerate(self.objectives)
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "objectives": len(self.objectives),
            "key_results": sum(len(o.key_results) for o in self.objectives),
            "owners": len({(o.owner.key if o.owner else None) for o in self.objectives}),
            "findings": sum(len(o.findings) for o in self.objectives) + len(self.set_findings),
        }

    def counted(self, key: str) -> str:
        """One of `counts` (objectives, key_results, owners) with its noun, in the active
        language: `1 objective`, `15 key results`, `3 个负责人`."""
        n = self.counts[key]
        nouns = {
            "objectives": ngettext("%(count)s objective", "%(count)s objectives", n),
            "key_results": ngettext("%(count)s key result", "%(count)s key results", n),
            "owners": ngettext("%(count)s owner", "%(count)s owners", n),
        }
        return nouns[key] % {"count": n}

    @property
    def imported_message(self) -> str:
        """What was saved, for the person who imported: `Imported 5 objectives with 15 key
        results.`"""
        message = _("Imported %(objectives)s with %(key_results)s.") % {
            "objectives": self.counted("objectives"),
            "key_results": self.counted("key_results"),
        }
        held = sum(len(o.held) for o in self.objectives)
        if held:
            message += " " + ngettext(
                "%(count)s key result was not imported: it needs a start value (see the notes).",
                "%(count)s key results were not imported: they need a start value (see the notes).",
                held,
            ) % {"count": held}
        return message

    def to_dict(self) -> dict:
        return {
            "file": self.file_name,
            "format": self.format,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "unmatched_owners": self.unmatched_owners,
            "problems": self.problems,
            "questions": self.questions,
            "created": [objective.pk for objective in self.created],
            "objectives": [
                {
                    "owner": o.owner_label,
                    "title": o.title,
                    "key_results": [kr.fields.get("title") for kr in o.key_results],
                    "findings": o.findings,
                }
                for o in self.objectives
            ],
            "set_findings": self.set_findings,
        }


def detect_format(file_name: str, data: bytes) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension == "xls":
        raise ImportFailed(
            _("the old Excel format (.xls) is not supported; save the file as .xlsx."),
            Location(file_name),
        )
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    return _EXTENSIONS.get(extension, "text")


def checked_format(file_name: str, data: bytes) -> str:
    """The format of an upload that is neither too large nor empty (else ImportFailed)."""
    location = Location(file_name)
    if len(data) > MAX_BYTES:
        raise ImportFailed(
            _("the file is larger than %(limit)s MB; split it into smaller files.")
            % {"limit": MAX_BYTES // (1024 * 1024)},
            location,
        )
    if not data.strip():
        raise tabular.empty_file(location)
    return detect_format(file_name, data)


@speaks_actors_language
def import_okrs(
    actor: Membership,
    *,
    file_name: str,
    data: bytes,
    cycle: Cycle,
    dry_run: bool = False,
    progress: Progress | None = None,
    expected_plan: list | None = None,
    confirmed: bool = False,
) -> ImportResult:
    """Import OKRs from a file into `cycle`, all or nothing (see the module docstring). With
    `expected_plan` (a preview's ImportResult.plan), ImportFailed naming the objectives that
    differ when the organization changed since that preview (an owner left or joined, someone
    imported the same objectives), so that what is imported is what the person saw. A value
    asked about (one on another scale than its key result's, far from its range: the
    "did you mean" of a check-in) is a question in the preview (ImportResult.questions) and
    refuses the import (Unanswered, one located question each, with the refusals a preview
    says beside them) unless `confirmed`: the person's answer that the file's values are
    meant as written."""
    if cycle.organization_id != actor.organization_id:
        raise Cycle.DoesNotExist
    file_name = file_name or "okrs.txt"
    location = Location(file_name)
    if (closed := services.closed_refusal(cycle, "definition")) is not None:
        # The rule of every way to create an objective (rules.write_refusal: one being graded
        # takes new ones, a closed one none), said once for the file, before it is read, in
        # the preview as in the import (h9t, D13).
        raise ImportFailed(closed, location)
    fmt = checked_format(file_name, data)
    owners = OwnerDirectory(actor)
    try:
        planned, unmatched, problems = _read(fmt, data, location, cycle, owners)
    except ReadErrors as refused:
        raise _with_the_rows_read(refused, actor, cycle, owners) from None
    problems += _computed_values(planned)
    if not planned:
        # Each line's reason (a key result before any objective, a label, prose) shows what to
        # change so that the text reads as objectives, as the parse API lists them.
        nothing = ImportFailed(_("no objectives were found in this file."), location)
        raise ImportErrors([nothing, *(ImportFailed(problem) for problem in problems)])
    warnings = outside_parents(planned, cycle, actor)
    _alignments(planned)
    more, duplicates = _duplicates(planned, cycle, actor)
    warnings += more
    questions = _scale_questions(planned, actor)
    result = ImportResult(
        file_name, fmt, dry_run, planned, unmatched, problems + warnings, duplicates=duplicates,
        questions=[question.text for question in questions],
    )  # fmt: skip
    if expected_plan is not None and result.plan != expected_plan:
        raise ImportFailed(_plan_changed(result, expected_plan), location)
    _lint(result, actor, cycle)
    order = _creation_order(planned)
    if questions and not dry_run and not confirmed:
        # Said as the preview says it: with the refusals that do not follow from a question
        # (a current value `abc` beside a target 0.6 on a 40 % start), so that a confirmation
        # is not answered by a refusal nobody was told of.
        try:
            _try(actor, cycle, planned, owners, order, None)
        except ImportErrors as refused:
            raise Unanswered(_asked_first(refused, questions).failures) from None
        raise Unanswered(questions)
    if dry_run:
        try:
            _try(actor, cycle, planned, owners, order, progress)
        except ImportErrors as refused:
            raise _asked_first(refused, questions) from None
    else:
        # The import's one transaction (re-run whole on a deadlock, like every write).
        created = write_transaction(_write_all)(actor, cycle, planned, owners, order, progress)
        result.created = [created[index] for index in range(len(planned))]
    return result


def _computed_values(planned: list[PlannedObjective]) -> list[str]:
    """A current value given for a key result that takes its progress from its aligned
    objectives (its exports write the value its progress stands for: jsonformat.own_value) is
    not imported, and said so at its place: that value is computed from the objectives
    aligned to it, never written by hand (rules.value_written_by_hand, h9z2)."""
    said = []
    for objective in planned:
        for kr in objective.key_results:
            fields = kr.fields
            if fields.get("progress_source") != KeyResult.ProgressSource.CHILDREN:
                continue
            if columns.is_empty(fields.pop("current_value", None)):
                continue
            message = _(
                "“%(kr)s”: its current value is computed from its aligned objectives, not imported."
            ) % {"kr": fields.get("title")}
            where = kr.locate("current_value").describe()
            said.append(_("%(where)s: %(message)s") % {"where": where, "message": message})
    return said


def _try(actor, cycle, planned, owners, order: list[int], progress: Progress | None) -> None:
    """The dry run: every objective written and rolled back, in short transactions (see the
    module docstring); every objective's error at once, in file order, as in a real import."""
    families = _families(planned, order)
    failures = Failures()
    start = done = 0
    while start < len(families):
        if start and connection.vendor == "sqlite":
            time.sleep(DRY_RUN_PAUSE_SECONDS)
        start, done = write_transaction(_try_batch)(
            actor, cycle, planned, owners, families, start, progress, done, failures
        )
    failures.raise_any()


def _try_batch(actor, cycle, planned, owners, families, start, progress, done, failures):
    """Write whole families from `start` on for about DRY_RUN_BATCH_SECONDS, then roll them
    back; (the first family left, key results done)."""
    started = time.monotonic()
    created: dict[int, Objective] = {}
    for family in families[start:]:  # at least one, however long it takes
        created |= _write(actor, cycle, planned, owners, family, progress, done, failures)
        done += sum(len(planned[index].key_results) for index in family)
        start += 1
        if time.monotonic() - started >= DRY_RUN_BATCH_SECONDS:
            break
    _keep_stored(planned, created)
    transaction.set_rollback(True)
    return start, done


def _with_the_rows_read(refused: ReadErrors, actor, cycle, owners) -> ImportErrors:
    """The reader's refusals and the services' refusals of the rows it did read, in file
    order: every error of the file at once (issue 9), nothing written (each tried and rolled
    back). A row aligned to a refused one is not tried (its parent is missing, not wrong)."""
    refused_at = {_place_of(failure.location) for failure in refused.failures}
    planned = []
    for objective in refused.read[0]:
        # A text's line the reader refused may still be planned (its key result without the
        # refused value): it is not tried again, so that nothing follows from a refusal.
        if _place_of(objective.location) in refused_at:
            continue
        kept = [kr for kr in objective.key_results if _place_of(kr.location) not in refused_at]
        if len(kept) != len(objective.key_results):
            objective = replace(objective, key_results=kept)
        planned.append(objective)
    index_of = ref_index(planned)
    order = []
    for index in range(len(planned)):
        parent = planned[index].parent_ref
        if parent and parent not in index_of:
            continue
        order.append(index)
    with contextlib.suppress(ImportFailed):  # a loop: file order
        kept = set(order)
        order = [index for index in _creation_order(planned) if index in kept]
    more: list[ImportFailed] = []
    if order:
        try:
            _try(actor, cycle, planned, owners, order, None)
        except ImportErrors as also:
            more = also.failures
    if not more:
        return refused
    every = [*refused.failures, *more]
    sheets: dict = {}
    for failure in every:
        if failure.location is not None:
            sheets.setdefault(failure.location.sheet, len(sheets))
    for objective in planned:
        sheets.setdefault(objective.location.sheet, len(sheets))

    def place(numbered):
        number, failure = numbered
        where = failure.location
        if where is None:
            return (-1, -1, number)
        if where.path:
            match = re.search(r"\[(\d+)\]", where.path)
            line = int(match.group(1)) if match else -1
        else:
            line = where.row if where.row is not None else where.line or -1
        return (sheets.get(where.sheet, 0), line, number)

    return ImportErrors([failure for _n, failure in sorted(enumerate(every), key=place)])


def _place_of(location: Location | None) -> tuple | None:
    """A row, line or JSON objective / key result of the file, without the column."""
    if location is None:
        return None
    return (location.file, location.sheet, location.row, location.line, location.path)


def _families(planned: list[PlannedObjective], order: list[int]) -> list[list[int]]:
    """`order` cut into families: each objective with everything aligned to it in the file, in
    creation order, families in the order of their first member."""
    index_of = ref_index(planned)
    root: dict[int, int] = {}
    for index in order:  # a parent comes before its children in `order`
        parent = planned[index].parent_ref
        root[index] = root[index_of[parent]] if parent else index
    families: dict[int, list[int]] = {}
    for index in order:
        families.setdefault(root[index], []).append(index)
    return list(families.values())


def _read(fmt: str, data: bytes, location: Location, cycle: Cycle, owners: OwnerDirectory):
    if fmt == "xlsx":
        reader = tabular.TabularReader(location, cycle, owners)
        found = reader.read(tabular.xlsx_rows(data, location))
        _require_header(reader, location)
        return found
    if fmt == "csv":
        reader = tabular.TabularReader(location, cycle, owners)
        found = reader.read(tabular.csv_rows(data, location))
        _require_header(reader, location)
        return found
    text = decode(data, location)
    if fmt == "json":
        return jsonformat.read_json(text, location, owners, cycle)
    if text.count("\n") > MAX_TEXT_LINES:
        limit = {"limit": f"{MAX_TEXT_LINES:,}"}
        if location.file == PASTED:
            raise ImportFailed(
                _("The pasted text has more than %(limit)s lines; paste it in smaller parts.")
                % limit
            )
        raise ImportFailed(
            _("the file has more than %(limit)s lines; split it into smaller files.") % limit,
            location,
        )
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS and (
            len(line) > EXACT_LINE_CHARS or exact.read_line(line) is None
        ):
            raise ImportFailed(
                _("this line is longer than %(limit)s characters; no OKR line is that long.")
                % {"limit": f"{MAX_LINE_CHARS:,}"},
                location.at(line=number),
            )
    planned, unmatched, problems, _document = read_text(text, location, cycle, owners)
    return planned, unmatched, problems


def _require_header(reader: tabular.TabularReader, location: Location) -> None:
    if not reader.rows.cells_seen:
        raise tabular.empty_file(location)
    if not reader.headers_seen:
        raise ImportFailed(
            _(
                "no header row was found. The first row must name the columns, e.g. owner, "
                "objective, key result, target (or 负责人, 目标, 关键结果, 目标值)."
            ),
            location,
        )


def _linted(result: ImportResult) -> list[PlannedObjective]:
    """The leading objectives holding at most LINT_MAX_KEY_RESULTS key results, with a note
    when that leaves some out."""
    count = 0
    for index, objective in enumerate(result.objectives):
        count += len(objective.key_results)
        if count > LINT_MAX_KEY_RESULTS:
            result.problems.append(
                ngettext(
                    "Advice is shown for the first objective only; run “mubiao lint --org” for "
                    "the rest.",
                    "Advice is shown for the first %(count)s objectives only; run “mubiao lint "
                    "--org” for the rest.",
                    index,
                )
                % {"count": index}
            )
            return result.objectives[:index]
    return result.objectives


def _duplicates(
    planned: list[PlannedObjective], cycle: Cycle, actor: Membership
) -> tuple[list[str], set[int]]:
    """Warnings for objectives that would be there twice: the same text pasted twice, or an
    objective the cycle already holds for the same owner, and their indexes. The import still
    goes ahead."""
    existing = {
        (title.casefold(), owner)
        for title, owner in Objective.objects.filter(cycle=cycle)
        .exclude(state=Objective.State.ARCHIVED)
        .values_list("title", "owner_member")
    }
    seen, warnings, indexes = set(), [], set()
    for index, objective in enumerate(planned):
        if objective.owner is None:
            owner = actor.pk  # no owner named: the importing person's
        else:  # a team or the organization: compared within the paste only
            owner = objective.owner.member.pk if objective.owner.member else None
        key = (objective.title.casefold(), owner)
        if key in seen or (owner is not None and key in existing):
            warnings.append(
                _("%(where)s: “%(title)s” is already there; importing it makes a duplicate.")
                % {"where": objective.location.describe(), "title": objective.title}
            )
            indexes.add(index)
        seen.add(key)
    return warnings, indexes


def _scale_questions(planned: list[PlannedObjective], actor: Membership) -> list[ImportFailed]:
    """Every key result's questions (PlannedKeyResult.scale_questions), in file order."""
    return [
        question
        for objective in planned
        for kr in objective.key_results
        for question in kr.scale_questions(actor)
    ]


def _asked_first(refused: ImportErrors, questions: list[ImportFailed]) -> ImportErrors:
    """A preview's refusals with its questions, so that it says what the confirmation will
    (Unanswered): a refusal at a cell asked about follows from the slip asked about (40 % →
    0.6 read as an increase whose target is below its start) and is left to the question."""
    asked = {question.location for question in questions}
    kept = [failure for failure in refused.failures if failure.location not in asked]
    return ImportErrors([*questions, *kept]) if questions else refused


def _alignments(planned: list[PlannedObjective]) -> None:
    """Each objective's alignment as the import will save it, for the preview (web and
    `--dry-run`): `Aligned to O2: title` for one of the file, `Aligned to #25: title` for an
    existing objective, `#25.KR2` for its key result; nothing saved without it being shown."""
    index_of = ref_index(planned)
    numbers = _kr_numbers(
        {
            o.parent_existing.objective_id
            for o in planned
            if isinstance(o.parent_existing, KeyResult)
        }
    )
    for objective in planned:
        parent = objective.parent_existing
        if isinstance(parent, KeyResult):
            ref = f"#{parent.objective_id}.KR{numbers[parent.pk]}"
            title = parent.title
        elif parent is not None:
            ref, title = f"#{parent.pk}", parent.title
        elif objective.parent_ref and objective.parent_ref in index_of:
            ref = objective.parent_ref
            owner = planned[index_of[ref]]
            title = owner.title
            for kr in owner.key_results:
                if kr.ref == ref:
                    title = kr.fields.get("title") or title
        else:
            continue
        objective.alignment = _("Aligned to %(ref)s: %(title)s") % {"ref": ref, "title": title}


def _kr_numbers(objective_ids: set[int]) -> dict[int, int]:
    """Key result id -> its place among those its objective lists, from 1 (as `#12.KR2` names
    it), for the objectives `objective_ids`: one query."""
    numbers, counters = {}, {}
    listed = selectors.key_results_listed().filter(objective_id__in=objective_ids)
    for pk, objective_id in listed.values_list("pk", "objective_id") if objective_ids else ():
        counters[objective_id] = counters.get(objective_id, 0) + 1
        numbers[pk] = counters[objective_id]
    return numbers


def _existing(parent) -> list | None:
    """An existing parent in a plan: its kind and number (None: none)."""
    if parent is None:
        return None
    return ["key_result" if isinstance(parent, KeyResult) else "objective", parent.pk]


def _place(location: Location) -> list:
    return [location.sheet, location.row, location.line, location.path]


def _owner_shown(objective: PlannedObjective) -> str:
    """Who an objective's owner label was matched to, by name ("" for nobody: the importing
    person then owns it)."""
    owner = objective.owner
    if owner is None:
        return ""
    if owner.member is not None:
        return f"{owner.member.name or owner.member.user.contact}"
    return owner.team.name if owner.team is not None else objective.owner_label or ""


def _plan_changed(result: ImportResult, expected: list) -> str:
    """What differs between a preview's plan and the plan now, objective by objective."""
    then = {(*entry[0], entry[1]): entry for entry in expected}
    differences = []
    for objective, now in zip(result.objectives, result.plan, strict=True):
        before = then.get((*now[0], now[1]))
        where = _("%(where)s (“%(title)s”)") % {
            "where": objective.location.describe(),
            "title": objective.title,
        }
        if before is None:
            differences.append(_("%(where)s: not in the preview") % {"where": where})
            continue
        if before[2] != now[2]:
            differences.append(
                _("%(where)s: the preview said owner “%(then)s”, now “%(now)s”")
                % {"where": where, "then": before[3] or _("you"), "now": now[3] or _("you")}
            )
        if before[5:] != now[5:]:
            differences.append(
                _("%(where)s: what it is aligned to changed since the preview") % {"where": where}
            )
        if before[4] != now[4]:
            differences.append(
                _("%(where)s: already in the cycle now, so importing it makes a duplicate")
                % {"where": where}
                if now[4]
                else _("%(where)s: no longer a duplicate") % {"where": where}
            )
    if len(expected) != len(result.plan) and not differences:
        differences.append(_("the number of objectives"))
    return _(
        "nothing was imported: the organization changed since your preview (someone edited "
        "its people, teams or objectives, or another import ran), so the preview no longer "
        "says what the import would do. %(differences)s. Preview the file again."
    ) % {"differences": _("; ").join(differences)}


def _lint(result: ImportResult, actor: Membership, cycle: Cycle) -> None:
    language = "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"
    try:
        config = LintConfig.from_value(actor.organization.settings.get("lint"))
    except ValueError:
        config = LintConfig()
    inputs = [
        ObjectiveInput(
            title=objective.title,
            key_results=[
                KRInput(
                    kr.fields.get("title") or "",
                    line=kr.location.line or kr.location.row,
                    measured=kr.fields.get("target_value") is not None
                    and kr.fields.get("metric_type", "number") in MEASURED_TYPES,
                    # The values the import stores, not the title read alone (issue 9 C3).
                    metric_type=kr.fields.get("metric_type"),
                    has_start=any(
                        kr.fields.get(name) is not None for name in ("start_value", "current_value")
                    ),
                )
                for kr in objective.key_results
            ],
            owner=objective.owner_label,
            cycle_start=cycle.start_date,
            cycle_end=cycle.end_date,
            kind=objective.fields.get("kind"),
            line=objective.location.line or objective.location.row,
        )
        for objective in _linted(result)
    ]
    for finding in lint_objectives(inputs, lang=language, config=config):
        if finding.objective is None:
            result.set_findings.append(finding.to_dict())
        else:
            result.objectives[finding.objective - 1].findings.append(finding.to_dict())


def _write_all(actor, cycle, planned, owners, order, progress) -> dict[int, Objective]:
    """The real import: every objective written, or every objective's error at once."""
    failures = Failures()
    created = _write(actor, cycle, planned, owners, order, progress, 0, failures)
    failures.raise_any()  # inside the import's transaction: nothing stays written
    _keep_stored(planned, created)
    return created


def _keep_stored(planned: list[PlannedObjective], created: dict[int, Objective]) -> None:
    """Each planned key result's `stored`: the row written from it (what the preview shows,
    plan.PlannedKeyResult.reading), read in one query for the objectives `created` (their
    indexes in `planned`), not one an objective."""
    rows: dict[int, list[KeyResult]] = {objective.pk: [] for objective in created.values()}
    for row in KeyResult.objects.filter(objective__in=list(created.values())).order_by(
        "objective_id", "position", "id"
    ):
        rows[row.objective_id].append(row)
    for index, objective in created.items():
        for kr, row in zip(planned[index].key_results, rows[objective.pk], strict=True):
            kr.stored = row


def _write(
    actor: Membership,
    cycle: Cycle,
    planned: list[PlannedObjective],
    owners: OwnerDirectory,
    order: list[int],
    progress: Progress | None,
    done: int,
    failures: Failures,
) -> dict[int, Objective]:
    """Create the objectives of `order` (indexes of `planned`, each after the one it is aligned
    to); `done` key results were written before, for `progress`. An objective the services
    refuse goes to `failures` (by its place in the file) and the rest are still tried, each in
    a savepoint, so that one preview names every refusal; those aligned to it are skipped (their
    parent is missing, not wrong)."""
    total = sum(len(o.key_results) for o in planned)
    created: dict[int, Objective] = {}
    refs: dict[str, object] = {}
    index_of = ref_index(planned)
    for index in order:
        objective = planned[index]
        parent = index_of.get(objective.parent_ref) if objective.parent_ref else None
        if parent is not None and parent not in created:
            continue
        try:
            with transaction.atomic():
                created[index] = _create(actor, cycle, objective, refs, owners)
        except ImportFailed as error:
            failures.add(index, error)
            continue
        refs[objective.ref or f"#{index}"] = created[index]
        for position, kr in enumerate(objective.key_results):
            if kr.ref:  # read only when an objective is aligned to it (_create)
                refs[kr.ref] = (created[index], position)
        done += len(objective.key_results)
        if progress:
            progress(done, total)
    return created


def _creation_order(planned: list[PlannedObjective]) -> list[int]:
    """File order, except that an objective comes after the one it is aligned to."""
    index_of = ref_index(planned)
    order, state = [], {}

    def visit(index: int) -> None:
        if state.get(index) == "done":
            return
        if state.get(index) == "visiting":
            raise ImportFailed(
                _("the alignments in this file form a loop."), planned[index].location
            )
        state[index] = "visiting"
        parent = planned[index].parent_ref
        if parent:
            if parent not in index_of:
                raise ImportFailed(
                    _("“%(ref)s” is not an objective or key result of this file.")
                    % {"ref": parent},
                    planned[index].parent_where(),
                )
            visit(index_of[parent])
        state[index] = "done"
        order.append(index)

    for index in range(len(planned)):
        visit(index)
    return order


def _create(actor, cycle, objective: PlannedObjective, refs, owners) -> Objective:
    owner = objective.owner
    fields = dict(objective.fields)
    if owner is None:
        fields.update(owner_type=Objective.OwnerType.PERSON, owner_member=actor)
    else:
        fields.update(owner_type=owner.owner_type, owner_member=owner.member, owner_team=owner.team)
    if fields["owner_type"] == Objective.OwnerType.PERSON and "team" not in fields:
        fields["team"] = owners.default_teams.get(fields["owner_member"].pk)
    parent = refs.get(objective.parent_ref) if objective.parent_ref else None
    if isinstance(objective.parent_existing, KeyResult):
        fields["parent_key_result"] = objective.parent_existing
    elif objective.parent_existing is not None:
        fields["parent_objective"] = objective.parent_existing
    elif isinstance(parent, Objective):
        fields["parent_objective"] = parent
    elif parent is not None:  # a key result of the file: its objective, its place there
        written, position = parent
        fields["parent_key_result"] = written.key_results.order_by("position", "id")[position]
    try:
        return services.create_objective(
            actor,
            cycle=cycle,
            title=objective.title,
            # A value the key result's type cannot hold (a target on a done / not-done one) is
            # refused naming its cell, as the API refuses it: never replaced without a word.
            # A value typed on another scale reaches this point only confirmed (import_okrs):
            # a file's numbers may be right, as a confirmed check-in's are.
            key_results=[
                {**kr.fields, "refuse_unapplied": True, "scale_confirmed": True}
                for kr in objective.key_results
            ],
            collaborators=objective.collaborators,
            position=objective.position,
            **fields,
        )
    except PermissionDenied as error:
        where = objective.owner_location or objective.location.at(
            column=objective.headers.get("owner")
        )
        if owner is not None and owner.member != actor:
            # The owner the file names is the likely reason (a team the person does not lead):
            # say so, rather than a bare "no permission" on the objective's line.
            raise ImportFailed(
                _(
                    "You may not write OKRs for “%(owner)s”, the owner named here. Import them "
                    "as your own (remove the owner line or column), or ask an admin or the "
                    "team's lead to import them."
                )
                % {"owner": objective.owner_label or str(owner.team or owner.member)},
                where,
            ) from None
        raise ImportFailed(
            str(error), objective.location.at(column=objective.headers.get("owner"))
        ) from None
    except ValidationError as error:
        raise _located(error, objective) from None


def _located(error: ValidationError, objective: PlannedObjective) -> ImportErrors:
    """Every one of a service's field errors, each pointed at its place in the file: a row
    with a bad target and a due date outside the cycle is fixed in one go."""
    messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    return ImportErrors(
        [_field_located(name, texts, objective) for name, texts in messages.items()]
    )


def _field_located(name: str, texts: list[str], objective: PlannedObjective) -> ImportFailed:
    message = sentences(texts)
    if name == "key_results" and len(objective.key_results) > limits.ACTIVE_KEY_RESULTS:
        # Too many key results: said at the line of the first one over the limit.
        kr = objective.key_results[limits.ACTIVE_KEY_RESULTS]
        return ImportFailed(message, kr.locate("title"))
    if name.startswith("key_results."):
        _prefix, index, field_name = name.split(".", 2)
        kr = objective.key_results[int(index)]
        return ImportFailed(quoting(message, kr.typed(field_name)), kr.locate(field_name))
    return ImportFailed(message, objective.locate(name) if name else objective.location)
