"""`/key-results` and their check-ins: what a BI job uses to push a new value."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import PlainValidator, WithJsonSchema

from mubiao.api.auth import actor
from mubiao.api.choices import Direction, KeyResultState, MetricType, PaceStatus, ProgressSource
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    SCORE_OR_CLEARED,
    STORED_WEIGHT,
    WEIGHT_IN_EFFECT,
    Body,
    Confidence,
    Flag,
    Id,
    PageQuery,
    Score,
    Value,
    Weight,
    expected_version,
    page_of,
    paginate,
    reference,
    text,
    typed_number,
    weight_in_effect,
)
from mubiao.api.errors import responses
from mubiao.okrs import limits, selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import CheckIn, KeyResult
from mubiao.okrs.transfer.readings import due_date_notes, start_taken_notes

router = Router(tags=["key results"])


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    owner_id: int | None
    metric_type: MetricType
    start_value: float
    target_value: float
    current_value: float
    unit: str
    direction: Direction
    due_date: date | None = Field(..., description="null: due at the cycle's end.")
    effective_due_date: date = Field(
        ...,
        description="The day the key result is due, as its page shows it: `due_date`, else its "
        "cycle's last day.",
    )
    weight: float = WEIGHT_IN_EFFECT
    stored_weight: float = STORED_WEIGHT
    confidence: int | None
    progress_source: ProgressSource
    progress: float = Field(..., description="0–1, above 1 when over-achieved.")
    status: PaceStatus = Field(..., description="Pace status.")
    score: float | None
    score_note: str
    state: KeyResultState
    position: int
    last_check_in_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_weight(key_result, context) -> float:
        return weight_in_effect(key_result, context)

    @staticmethod
    def resolve_stored_weight(key_result) -> float:
        return key_result.weight


class KeyResultCreatedOut(KeyResultOut):
    notes: list[str] = Field(
        default_factory=list,
        description="What was taken that the request did not give, in the person's language, "
        "as the import says it: a key result sent with no start (nor a current value) whose "
        "title states none starts at 0, and says so; one sent without a due date takes the "
        "day its title states, and says so.",
    )

    @staticmethod
    def resolve_notes(key_result) -> list[str]:
        return getattr(key_result, "notes", [])


class KeyResultIn(Body):
    title: text(max_length(KeyResult, "title"))
    owner_id: Id | None = Field(None, description="Default: the objective's owner.")
    metric_type: MetricType = Field(
        KeyResult.MetricType.NUMBER,
        description="Left out: as the unit says (`%` percent; a currency such as `万元`, `元` or "
        "`USD` currency; else number), as the imports and the writing page read it. Sent, it "
        "is kept; currency with the unit `%` is refused (422) naming both fields.",
    )
    start_value: Value = 0
    target_value: Value | None = Field(
        None,
        description="Required for a number, percent or currency key result unless its title "
        "states it (“NPS 从 30 提升到 50” is 30 → 50): none is assumed.",
    )
    current_value: Value | None = Field(None, description="Default: the start value.")
    unit: text(max_length(KeyResult, "unit")) = ""
    direction: Direction = Field(
        None,
        description="Left out: the one the title states, else the one the start and target "
        "say (10 → 3 is decrease, else increase). Sent, it is kept, and refused where the "
        "numbers go the other way.",
    )
    due_date: date | None = None
    weight: Weight = 1
    confidence: Confidence | None = None
    progress_source: ProgressSource = KeyResult.ProgressSource.MANUAL
    confirm_scale: Flag = Field(
        False,
        description="Keep a start, target or current value typed on another scale than the "
        "key result's (target 0.6 on a 40 % start; a current value far off the range: 3000 on "
        "0 → 300), which is otherwise refused (422) naming the value likely meant.",
    )


class KeyResultCreate(KeyResultIn):
    objective_id: Id


class KeyResultPatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    title: text(max_length(KeyResult, "title")) = None
    owner_id: Id | None = None
    metric_type: MetricType = None
    start_value: Value = None
    target_value: Value = None
    current_value: Value = None
    unit: text(max_length(KeyResult, "unit")) = None
    direction: Direction = None
    due_date: date | None = None
    weight: Weight = None
    confidence: Confidence | None = None
    progress_source: ProgressSource = None
    confirm_scale: Flag = Field(
        False,
        description="Keep a start, target or current value typed on another scale than the "
        "key result's (target 0.6 on a 40 % start; a current value far off the range: 3000 on "
        "0 → 300), which is otherwise refused (422) naming the value likely meant.",
    )


class KeyResultFilters(PageQuery):
    objective: Id | None = None
    owner: Id | None = Field(None, description="Member id of the key result's owner.")
    state: KeyResultState = KeyResult.State.ACTIVE


class KeyResultGradeIn(Body):
    score: Score | None = Field(..., description=SCORE_OR_CLEARED)
    note: text(5000) = ""


class CheckInOut(Schema):
    id: int
    key_result_id: int
    author_id: int | None
    created_at: datetime
    value: float
    confidence: int | None
    note: str
    next_step: str
    is_blocker: bool
    source_url: str
    status_override: PaceStatus | None
    progress: float = Field(
        ...,
        description="The progress this value gave against the key result's range at the time "
        "of the check-in, as the key result's own: 0–1, above 1 when over-achieved (1.5 is "
        "150%, as the pages show it; only an objective's progress is capped at 1). The key "
        "result's own `progress` is against its range now.",
    )

    @staticmethod
    def resolve_status_override(check_in) -> str | None:
        return check_in.status_override or None


CheckInValue = Annotated[
    object,
    PlainValidator(typed_number),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "boolean"}, {"type": "string"}]}),
]


# No `status_override`: a key result's status is its pace from its value (okrs.rules), which
# no check-in overrides; one sent was answered 201 and never used, so it is now a 422 naming it
# (Body refuses fields it does not know).
class CheckInIn(Body):
    value: CheckInValue = Field(
        ...,
        description="A number; on a done/not-done key result also true/false or "
        "done/not done (完成/未完成); text is read as the check-in form reads it (`280人`).",
    )
    confidence: Confidence | None = None
    note: text(limits.CHECK_IN_TEXT) = ""
    next_step: text(limits.CHECK_IN_TEXT) = Field(
        "", description="What the author will do next (plans)."
    )
    is_blocker: Flag = Field(False, description="The note names something blocking the KR.")
    confirm_scale: Flag = Field(
        False,
        description="Keep a value far off the key result's range (more than a range's width "
        "beyond it and 3× its end: 3000 on 0 → 300, 0.45 on a 40 → 60 % key result), which is "
        "otherwise refused (422) naming the value likely meant.",
    )
    source_url: text(max_length(CheckIn, "source_url")) = Field(
        "", description="Where the number comes from (http/https)."
    )


KeyResultPage = page_of(KeyResultOut, "KeyResultPage")
CheckInPage = page_of(CheckInOut, "CheckInPage")

# Fields that may be cleared with null in a PATCH; for the others null means "unchanged".
NULLABLE = {"owner", "due_date", "confidence"}


def key_result_fields(me, payload: Schema, *, partial: bool) -> dict:
    """Service keyword arguments from a create or patch body (`owner_id` → `owner`): only the
    fields sent, so that the service tells a target given from one nobody gave (the schema's
    defaults are the model's)."""
    names = payload.model_fields_set
    fields = {}
    for name in names - {"objective_id"}:
        value = getattr(payload, name)
        if name == "owner_id":
            if "owner_id" not in payload.model_fields_set:
                continue  # on create the service defaults to the objective's owner
            name, value = "owner", reference(selectors.members(me), value, "owner_id")
        if value is None and name not in NULLABLE:
            continue
        if name == "confirm_scale":
            name = "scale_confirmed"  # the services' name for the same confirmation
        fields[name] = value
    return fields


def _key_result(request, key_result_id: int) -> KeyResult:
    return selectors.get_key_result(actor(request), key_result_id)


@router.get("/key-results", response=responses(KeyResultPage), summary="List key results")
def list_key_results(request, filters: Query[KeyResultFilters]):
    qs = selectors.visible_key_results(actor(request)).filter(state=filters.state)
    if filters.objective is not None:
        qs = qs.filter(objective_id=filters.objective)
    if filters.owner is not None:
        qs = qs.filter(owner_id=filters.owner)
    return paginate(qs.order_by("objective_id", "position", "id"), filters)


@router.post(
    "/key-results", response=responses(201, KeyResultCreatedOut), summary="Add a key result"
)
def create_key_result(request, payload: KeyResultCreate):
    me = actor(request)
    objective = reference(
        selectors.visible_objectives(me, include_archived=True), payload.objective_id,
        "objective_id",
    )  # fmt: skip
    fields = key_result_fields(me, payload, partial=False)
    created = services.create_key_result(
        me, objective, refuse_unapplied=True, title_checked=True, **fields
    )
    # The 0 nobody sent, said as an import says it (readings.start_taken_note, h9w3), and the
    # due date taken from the title where none was sent (h9x).
    created.notes = key_result_notes(created, objective.cycle, fields)
    return Status(201, created)


def key_result_notes(created: KeyResult, cycle, fields: dict) -> list[str]:
    """What a key result created from `fields` took that they did not give, as the import says
    it: the 0 nobody sent (readings.start_taken_note, h9w3) and the due date taken from the
    title where none was sent (h9x). POST /key-results and POST /objectives' key results."""
    return start_taken_notes(created, given=fields.keys()) + due_date_notes(
        created.title, cycle, fields, None, created.due_date
    )


@router.get(
    "/key-results/{key_result_id}", response=responses(KeyResultOut), summary="Read a key result"
)
def get_key_result(request, key_result_id: Id):
    return _key_result(request, key_result_id)


class KeyResultNoticeOut(KeyResultOut):
    notice: str | None = Field(
        None,
        description="Set when switching to progress from its aligned objectives newly lets "
        "people who may not see some of them (team or private ones) read their progress in its "
        "objective's, which everyone or another team can see: the same sentence as the "
        "objectives' `notice`. Also set, in the import's words, when the due date is cleared "
        "under a title stating a deadline (left as text), or an empty one takes the title's "
        "day. Null when none.",
    )


@router.patch(
    "/key-results/{key_result_id}",
    response=responses(KeyResultNoticeOut),
    summary="Update a key result",
)
def update_key_result(
    request,
    key_result_id: Id,
    payload: KeyResultPatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Fields left out stay as they are; `owner_id`, `due_date` and `confidence` accept null."""
    me = actor(request)
    kr = _key_result(request, key_result_id)
    fields = key_result_fields(me, payload, partial=True)
    due_before = kr.due_date
    saved = services.update_key_result(
        me, kr, version=expected_version(if_match), refuse_unapplied=True, **fields
    )
    # A due date cleared under a title stating one, or filled from it: said as the import says
    # it (readings.due_date_notes, h9x), never in silence.
    said = [selectors.key_result_notice(me, kr, saved)]
    said += due_date_notes(saved.title, saved.objective.cycle, fields, due_before, saved.due_date)
    saved.notice = " ".join(filter(None, said)) or None
    return saved


@router.post(
    "/key-results/{key_result_id}/archive",
    response=responses(KeyResultOut),
    summary="Archive a key result",
)
def archive_key_result(request, key_result_id: Id):
    return services.archive_key_result(actor(request), _key_result(request, key_result_id))


@router.post(
    "/key-results/{key_result_id}/restore",
    response=responses(KeyResultOut),
    summary="Restore an archived key result",
)
def restore_key_result(request, key_result_id: Id):
    return services.restore_key_result(actor(request), _key_result(request, key_result_id))


@router.post(
    "/key-results/{key_result_id}/grade",
    response=responses(KeyResultOut),
    summary="Grade a key result (cycle in grading)",
)
def grade_key_result(request, key_result_id: Id, payload: KeyResultGradeIn):
    return services.grade_key_result(
        actor(request), _key_result(request, key_result_id), score=payload.score, note=payload.note
    )


@router.get(
    "/key-results/{key_result_id}/check-ins",
    response=responses(CheckInPage),
    summary="A key result's check-ins, newest first",
)
def list_check_ins(request, key_result_id: Id, query: Query[PageQuery]):
    me = actor(request)
    qs = selectors.check_ins(me, _key_result(request, key_result_id)).order_by("-created_at", "-id")
    return paginate(qs, query)


@router.post(
    "/key-results/{key_result_id}/check-ins",
    response=responses(201, CheckInOut),
    summary="Record a new value",
)
def create_check_in(
    request,
    key_result_id: Id,
    payload: CheckInIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """The new value becomes the key result's current value; progress rolls up. With
    If-Match, a key result changed since it was read (someone else's check-in) is a 409: a
    value read before it is not recorded over it."""
    entry = services.check_in(
        actor(request),
        _key_result(request, key_result_id),
        value=payload.value,
        confidence=payload.confidence,
        note=payload.note,
        source_url=payload.source_url,
        next_step=payload.next_step,
        is_blocker=payload.is_blocker,
        scale_confirmed=payload.confirm_scale,
        version=expected_version(if_match),
    )
    return Status(201, entry)
