"""`/key-results` and their check-ins: what a BI job uses to push a new value."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from mubiao.api.auth import actor
from mubiao.api.choices import Direction, KeyResultState, MetricType, PaceStatus, ProgressSource
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Confidence,
    Flag,
    Id,
    Number,
    PageQuery,
    Score,
    Weight,
    expected_version,
    page_of,
    paginate,
    reference,
    text,
)
from mubiao.api.errors import responses
from mubiao.okrs import number_input, selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import CheckIn, KeyResult

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
    due_date: date | None
    weight: float
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


class KeyResultIn(Body):
    title: text(max_length(KeyResult, "title"))
    owner_id: Id | None = Field(None, description="Default: the objective's owner.")
    metric_type: MetricType = KeyResult.MetricType.NUMBER
    start_value: Number = 0
    target_value: Number = 100
    current_value: Number | None = Field(None, description="Default: the start value.")
    unit: text(max_length(KeyResult, "unit")) = ""
    direction: Direction = KeyResult.Direction.INCREASE
    due_date: date | None = None
    weight: Weight = 1
    confidence: Confidence | None = None
    progress_source: ProgressSource = KeyResult.ProgressSource.MANUAL


class KeyResultCreate(KeyResultIn):
    objective_id: Id


class KeyResultPatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    title: text(max_length(KeyResult, "title")) = None
    owner_id: Id | None = None
    metric_type: MetricType = None
    start_value: Number = None
    target_value: Number = None
    current_value: Number = None
    unit: text(max_length(KeyResult, "unit")) = None
    direction: Direction = None
    due_date: date | None = None
    weight: Weight = None
    confidence: Confidence | None = None
    progress_source: ProgressSource = None


class KeyResultFilters(PageQuery):
    objective: Id | None = None
    owner: Id | None = Field(None, description="Member id of the key result's owner.")
    state: KeyResultState = KeyResult.State.ACTIVE


class KeyResultGradeIn(Body):
    score: Score = Field(..., description="0.0–1.0 with one decimal.")
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
    progress: float

    @staticmethod
    def resolve_status_override(check_in) -> str | None:
        return check_in.status_override or None


def _check_in_value(value):
    """A number, true/false or text, read by the check-in service as the form reads what is
    typed (okrs.numbers.read_value: 完成 / done on a done/not-done key result, 280人 in 人)."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float | Decimal):
        return value if isinstance(value, Decimal) else Decimal(number_input.as_text(value))
    raise PydanticCustomError("decimal_type", "not a number")


CheckInValue = Annotated[
    object,
    PlainValidator(_check_in_value),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "boolean"}, {"type": "string"}]}),
]


class CheckInIn(Body):
    value: CheckInValue = Field(
        ...,
        description="A number; on a done/not-done key result also true/false or "
        "done/not done (完成/未完成); text is read as the check-in form reads it (`280人`).",
    )
    confidence: Confidence | None = None
    note: text(5000) = ""
    next_step: text(5000) = Field("", description="What the author will do next (plans).")
    is_blocker: Flag = Field(False, description="The note names something blocking the KR.")
    source_url: text(max_length(CheckIn, "source_url")) = Field(
        "", description="Where the number comes from (http/https)."
    )
    status_override: PaceStatus | None = None


KeyResultPage = page_of(KeyResultOut, "KeyResultPage")
CheckInPage = page_of(CheckInOut, "CheckInPage")

# Fields that may be cleared with null in a PATCH; for the others null means "unchanged".
NULLABLE = {"owner", "due_date", "confidence"}


# The fields a done / not-done or milestone key result always has the same value of.
FIXED_BY_TYPE = {
    KeyResult.MetricType.BOOLEAN: {"start_value", "target_value", "direction", "unit"},
    KeyResult.MetricType.MILESTONE: {"start_value", "target_value", "direction"},
}


def key_result_fields(me, payload: Schema, *, partial: bool) -> dict:
    """Service keyword arguments from a create or patch body (`owner_id` → `owner`)."""
    names = payload.model_fields_set if partial else set(KeyResultIn.model_fields)
    if not partial and payload.metric_type in FIXED_BY_TYPE:
        # The defaults of a number key result (0 → 100, increase) are not sent for a done /
        # not-done or milestone one; what the client did send of them is (and refused, 422).
        names -= FIXED_BY_TYPE[payload.metric_type] - payload.model_fields_set
    fields = {}
    for name in names - {"objective_id"}:
        value = getattr(payload, name)
        if name == "owner_id":
            if "owner_id" not in payload.model_fields_set:
                continue  # on create the service defaults to the objective's owner
            name, value = "owner", reference(selectors.members(me), value, "owner_id")
        if value is None and name not in NULLABLE:
            continue
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


@router.post("/key-results", response=responses(201, KeyResultOut), summary="Add a key result")
def create_key_result(request, payload: KeyResultCreate):
    me = actor(request)
    objective = reference(
        selectors.visible_objectives(me, include_archived=True), payload.objective_id,
        "objective_id",
    )  # fmt: skip
    fields = key_result_fields(me, payload, partial=False)
    return Status(201, services.create_key_result(me, objective, refuse_unapplied=True, **fields))


@router.get(
    "/key-results/{key_result_id}", response=responses(KeyResultOut), summary="Read a key result"
)
def get_key_result(request, key_result_id: Id):
    return _key_result(request, key_result_id)


@router.patch(
    "/key-results/{key_result_id}", response=responses(KeyResultOut), summary="Update a key result"
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
    return services.update_key_result(
        me, kr, version=expected_version(if_match), refuse_unapplied=True, **fields
    )


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
def create_check_in(request, key_result_id: Id, payload: CheckInIn):
    """The new value becomes the key result's current value; progress rolls up."""
    entry = services.check_in(
        actor(request),
        _key_result(request, key_result_id),
        value=payload.value,
        confidence=payload.confidence,
        note=payload.note,
        source_url=payload.source_url,
        status_override=payload.status_override or "",
        next_step=payload.next_step,
        is_blocker=payload.is_blocker,
    )
    return Status(201, entry)
