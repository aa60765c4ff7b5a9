"""What an import will create, format-independent: objectives with their key results, each
remembering where in the file it came from, so that an error found while writing can still
point at the file's sheet, row, line and column."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mubiao.okrs import display, limits, number_input, rules, services
from mubiao.okrs.models import KeyResult
from mubiao.okrs.transfer.errors import ImportFailed, Location
from mubiao.okrs.transfer.owners import Owner
from mubiao.okrs.wording import sentences

# Service field → spreadsheet column key (columns.COLUMNS), to locate a service's error.
FIELD_COLUMNS = {
    "title": "key_result",
    "metric_type": "metric_type",
    "start_value": "start",
    "target_value": "target",
    "current_value": "current",
    "unit": "unit",
    "direction": "direction",
    "due_date": "due_date",
    "weight": "weight",
    "confidence": "confidence",
    "progress_source": "progress_source",
    "owner": "owner",
}
OBJECTIVE_FIELD_COLUMNS = {
    "title": "objective",
    "description": "description",
    "kind": "kind",
    "visibility": "visibility",
    "progress_source": "objective_progress",
    "aligned_share": "aligned_share",
    "weight": "weight",
    "owner_member": "owner",
    "owner_team": "owner",
    "owner_type": "owner",
    # A refused alignment (a draft parent) is said at the "aligned to" cell.
    "parent": "aligned_to",
    "parent_objective": "aligned_to",
    "parent_key_result": "aligned_to",
}


@dataclass
class PlannedKeyResult:
    fields: dict
    location: Location
    # column key → the header as written in the file (spreadsheets only)
    headers: dict[str, str] = field(default_factory=dict)
    ref: str | None = None
    # field → the text a value was read from (a current value `1.200`): how it was typed
    # says whether the preview asks "did you mean 1,200?" (services.scale)
    texts: dict[str, str] = field(default_factory=dict)
    # The key result the dry run wrote (and rolled back) from these fields (importer._write):
    # what the import stores, numbers read from the title included.
    stored: KeyResult | None = field(default=None, repr=False, compare=False)
    # The progress the file states beside the values (an export's progress column, JSON's
    # `progress`, an exact line's `progress=`): values that make exactly that progress are the
    # key result's stored ones, confirmed when they were stored, and not asked about again.
    stated_progress: Decimal | None = None

    def __post_init__(self):
        # A title as the services store it (limits.one_line): the preview shows, and the
        # duplicate check compares, what is written.
        if isinstance(self.fields.get("title"), str):
            self.fields["title"] = limits.one_line(self.fields["title"])

    @property
    def reading(self) -> str:
        """How the key result was read, for the preview: "8 → 3 %, Decrease to, now 5 %, due
        2026-12-31", "Milestone, now 40%" or "Done / not done, now Done" (never `0 → 1`), so
        that a wrong reading is seen before it is confirmed; the current value when the file
        gives one. Once the dry run wrote it, the values it stored: a line whose attributes
        give no numbers (`{confidence=5}`) has them read from its title by the services, and
        the preview showed none of them (issue 9, h9z2)."""
        fields = self.fields
        if self.stored is not None:
            kr = self.stored
            given = fields.get("current_value") not in (None, "")
            stated = fields.get("direction")
            fields = {name: getattr(kr, name) for name in _SHOWN}
            fields["current_value"] = kr.current_value if given else None
            if not stated and kr.direction == KeyResult.Direction.INCREASE:
                # The default, which "10 → 20" says already: named where the file states it.
                fields["direction"] = None
        metric_type = fields.get("metric_type") or KeyResult.MetricType.NUMBER
        unit = fields.get("unit") or ""
        if metric_type in (KeyResult.MetricType.MILESTONE, KeyResult.MetricType.BOOLEAN):
            parts = [str(KeyResult.MetricType(metric_type).label)]
        else:
            numbers = " → ".join(
                display.kr_value(fields[name], metric_type, unit)
                for name in ("start_value", "target_value")
                if fields.get(name) is not None
            )
            direction = dict(KeyResult.Direction.choices).get(fields.get("direction"), "")
            parts = [numbers, str(direction)]
        current = fields.get("current_value")
        if current is not None and current != "":
            levels = (fields.get("start_value"), fields.get("target_value"))
            shown = _shown(current, metric_type, unit, levels)
            parts.append(_("now %(value)s") % {"value": shown})
        if fields.get("due_date"):
            parts.append(_("due %(date)s") % {"date": fields["due_date"].isoformat()})
        return ", ".join(p for p in parts if p)

    def locate(self, service_field: str) -> Location:
        return _locate(self.location, self.headers, FIELD_COLUMNS.get(service_field), service_field)

    def scale_questions(self, actor, refused=()) -> list[ImportFailed]:
        """The values typed on another scale than this key result's or far from its range (a
        current value 100× off, a target 0.6 on a 40 % start), each at its cell with the value
        likely meant: what a check-in would ask before storing it. A value that cannot be
        read is left to its own refusal (services.scale_slips_of), as are the fields
        `refused` at their cell already."""
        if self._as_exported():
            return []
        slips = services.scale_slips_of(actor, {**self.fields, **self.texts})
        return [
            ImportFailed(sentences(error.message for error in errors), self.locate(name))
            for name, errors in slips.items()
            if name not in refused
        ]

    def _as_exported(self) -> bool:
        """Whether the values read make the progress the file states beside them: the values
        Mubiao stored, written by its own export (a round trip keeps a value someone confirmed,
        docs/import-export.md). A value changed in the file makes another progress and is asked
        about as any typed value; so is a value past the start or the target, whose progress
        (0 or 100 %) names no value."""
        if self.stated_progress is None:
            return False
        fields = self.fields
        metric_type = fields.get("metric_type") or KeyResult.MetricType.NUMBER
        unit = fields.get("unit") or ""
        try:
            start, target, current = (
                number_input.read_value(fields.get(name), name, metric_type=metric_type, unit=unit)
                for name in ("start_value", "target_value", "current_value")
            )
            made = rules.kr_progress(
                metric_type=metric_type,
                direction=fields.get("direction") or KeyResult.Direction.INCREASE,
                start=start,
                target=target,
                current=current,
            )
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            return False
        if made in (0, 1) and current not in (start, target):
            # Progress stops at 0 and 100 %: every value past either end makes it, so it names
            # none of them (probe 28: 5000 → 3000 万元 at 5000, edited to 500000, went in
            # unasked). Such a value is asked about as any typed one, confirmed or not before.
            return False
        return abs(made - self.stated_progress) < _PROGRESS_WRITTEN

    def typed(self, service_field: str) -> str | None:
        """The value the file gave `service_field`, as a refusal quotes it (None: none)."""
        value = self.fields.get(service_field)
        if isinstance(value, date):
            return value.isoformat()
        return str(value) if isinstance(value, str | int | Decimal) and value != "" else None


# How closely an exported progress is written: to four places (a CSV's `35.25%`, 0.3525).
_PROGRESS_WRITTEN = Decimal("0.00005")


def stated_progress(value) -> Decimal | None:
    """A progress a file states beside a key result's values (`35%`, 0.35, "0.35"), as a
    share of 1; None where none is stated or it reads as no number, or as one past what a
    Decimal holds (`1e999999999`: an overflow where it is compared)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        text, percent = str(value), False
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        percent = text.endswith("%")
        text = text.rstrip("%").strip()
    else:
        return None
    try:
        # In the context's range (unary plus rounds to it, raising Overflow past it).
        read = Decimal(text) / 100 if percent else +Decimal(text)
    except ArithmeticError:
        return None
    return read if read.is_finite() else None


# The stored key result's fields the preview's reading shows.
_SHOWN = ("metric_type", "unit", "start_value", "target_value", "direction", "due_date")


def _shown(value, metric_type: str, unit: str, levels: tuple = ()) -> str:
    """A value of the file as the key result will hold it (`完成` on a done / not-done key
    result: Done); one that cannot be read as written (the import refuses it, saying why)."""
    try:
        read = number_input.read_value(
            value, "current_value", metric_type=metric_type, unit=unit, levels=levels
        )
    except ValidationError:
        return str(value)
    return display.kr_value(read, metric_type, unit)


@dataclass
class PlannedObjective:
    owner_label: str | None
    owner: Owner | None  # None: the person importing
    title: str
    location: Location
    fields: dict = field(default_factory=dict)
    key_results: list[PlannedKeyResult] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    ref: str | None = None
    parent_ref: str | None = None
    # "aligned to" as the file writes it; when it names no objective of the file, the existing
    # objective it names (importer._outside_parents), or None: imported without alignment.
    parent_label: str | None = None
    parent_existing: object | None = None
    # What the preview says the objective will be aligned to ("Aligned to #25: …"), once the
    # import resolved it (importer._alignments); "" for none.
    alignment: str = ""
    collaborators: list = field(default_factory=list)
    position: int | None = None
    findings: list[dict] = field(default_factory=list)
    # Key results read but held back, each with why (a start the text does not state): shown
    # in the preview at their line, not imported until the file says it (text_reader).
    held: list[tuple[PlannedKeyResult, str]] = field(default_factory=list)
    # Where the owner is named when that is another line than the objective's (a pasted text's
    # owner heading, `产品部` over `O1：…`): a refusal of that owner points there.
    owner_location: Location | None = None
    # Likewise where the alignment is stated (a text's “Aligned to: …” line under it).
    parent_location: Location | None = None

    def __post_init__(self):
        self.title = limits.one_line(self.title) if isinstance(self.title, str) else self.title

    def locate(self, service_field: str) -> Location:
        column = OBJECTIVE_FIELD_COLUMNS.get(service_field)
        if column == "aligned_to":
            return self.parent_where()
        return _locate(self.location, self.headers, column, service_field)

    def parent_where(self) -> Location:
        """Where the file states the alignment: its own line in a text, else the cell or key it
        is written in (a row, a JSON object), else the objective's line (an attribute block)."""
        if self.parent_location is not None:
            return self.parent_location
        if self.location.line is None:
            return self.location.at(column=self.headers.get("aligned_to", "aligned_to"))
        return self.location


def _locate(location: Location, headers: dict, key: str | None, service_field: str) -> Location:
    """Where a service's error on `service_field` points: the header (column, JSON key or
    attribute) the file wrote it under; in a table or JSON file without one, the field's own
    name; on a line of text without one, the line."""
    header = headers.get(key) if key else None
    if header is None and headers and location.line is None:
        header = service_field
    return location.at(column=header)
