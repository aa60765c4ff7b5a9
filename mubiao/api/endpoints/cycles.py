"""`/cycles`: readable by every member; created, changed, moved through their states and
deleted by organization admins."""

from datetime import date
from typing import Literal

from ninja import Field, Header, Query, Router, Schema, Status

from mubiao.api.auth import actor
from mubiao.api.choices import CycleKind, CycleState
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    Body,
    Digested,
    Id,
    PageQuery,
    check_version,
    lock_row,
    page_of,
    paginate,
    reference,
    references,
    text,
)
from mubiao.api.errors import responses
from mubiao.okrs import selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import Cycle
from mubiao.okrs.services import YEAR_PARTS
from mubiao.transactions import write_transaction

router = Router(tags=["cycles"])


class CycleOut(Digested):
    id: int
    name: str
    kind: CycleKind
    start_date: date
    end_date: date
    parent_id: int | None
    state: CycleState


class YearCycleOut(CycleOut):
    created: bool = Field(
        ..., description="true: created by this request; false: existed already and reused."
    )


class CycleFilters(PageQuery):
    state: CycleState | None = None
    kind: CycleKind | None = None


class CycleIn(Body):
    name: text(max_length(Cycle, "name"))
    kind: CycleKind | None = Field(
        None, description="Left out: the kind its days fit (31 days: month), else custom."
    )
    start_date: date
    end_date: date
    parent_id: Id | None = None
    state: CycleState = Cycle.State.PLANNING


class CyclePatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    name: text(max_length(Cycle, "name")) = None
    kind: CycleKind = None
    start_date: date = None
    end_date: date = None
    parent_id: Id | None = Field(None, description="null: no parent cycle.")


class CycleStateIn(Body):
    state: CycleState


class YearIn(Body):
    year: int = Field(..., ge=2000, le=2200, description="The calendar year, e.g. 2027.")
    parts: list[Literal[tuple(kind.value for kind in YEAR_PARTS)]] = Field(
        [], description="What the year is divided into: half, quarter, bimonth (双月), month."
    )
    state: CycleState = Cycle.State.PLANNING


class NextCycleIn(Body):
    objective_ids: list[Id] = Field(
        ..., min_length=1, max_length=500, description="Objectives of this cycle to carry forward."
    )
    cycle_id: Id = Field(..., description="The cycle to copy them into.")


class CopiedOut(Schema):
    source_id: int
    id: int = Field(..., description="The copy in the target cycle.")
    copied: bool = Field(
        ...,
        description="true: copied now; false: carried into this cycle by an earlier request "
        "and not copied again.",
    )


CyclePage = page_of(CycleOut, "CyclePage")


@router.get("/cycles", response=responses(CyclePage), summary="List cycles")
def list_cycles(request, filters: Query[CycleFilters]):
    qs = selectors.cycles(actor(request)).order_by("-start_date", "kind", "name", "id")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(qs, filters)


# Before /cycles/{cycle_id}, which would otherwise take `year` for an id.
@router.post(
    "/cycles/year",
    response={**responses(201, list[YearCycleOut]), 200: list[YearCycleOut]},
    summary="Create a year with its halves, quarters, two-month cycles or months (admins)",
)
def create_year(request, payload: YearIn):
    """All or none: the year first, then its parts in order, each with the year as its parent.
    A cycle of the same kind spanning exactly one of those periods is reused, not created again
    (`created: false`), and put inside the year if it had no parent cycle (its `parent_id` then
    says so); 200 when nothing was created (a retry), else 201."""
    cycles = services.create_year(actor(request), **payload.dict())
    made = {cycle.pk for cycle in cycles.created}
    return Status(
        201 if made else 200,
        [
            {**CycleOut.model_validate(cycle).model_dump(), "created": cycle.pk in made}
            for cycle in cycles
        ],
    )


@router.get("/cycles/{cycle_id}", response=responses(CycleOut), summary="Read a cycle")
def get_cycle(request, cycle_id: Id):
    return selectors.get_cycle(actor(request), cycle_id)


@router.post("/cycles", response=responses(201, CycleOut), summary="Create a cycle (admins)")
def create_cycle(request, payload: CycleIn):
    me = actor(request)
    fields = payload.dict(exclude={"parent_id"})
    parent = reference(selectors.cycles(me), payload.parent_id, "parent_id")
    return Status(201, services.create_cycle(me, parent=parent, **fields))


@router.post(
    "/cycles/{cycle_id}/next",
    response={**responses(201, list[CopiedOut]), 200: list[CopiedOut]},
    summary="Prepare the next cycle: carry unfinished objectives forward",
)
def prepare_next_cycle(request, cycle_id: Id, payload: NextCycleIn):
    """Carries the chosen unfinished objectives of this cycle forward into another: each key
    result starts from its last measured value with its target kept (one that already reached
    its target in an increase or decrease keeps it as a level: at least / at most the target);
    done / not-done and milestone key results start anew. Confidence is not carried: it is given
    anew in the new cycle. (POST /objectives/{id}/copy makes a template copy instead: the
    original start values.) An objective aligned to one that is copied too is aligned to its
    copy. An objective carried into that cycle before is not copied again (`copied: false`, its
    copy's id); 200 when nothing new was copied, else 201."""
    me = actor(request)
    source = selectors.get_cycle(me, cycle_id)
    chosen = references(
        services.unfinished_objectives(me, source), payload.objective_ids, "objective_ids"
    )
    target = reference(selectors.cycles(me), payload.cycle_id, "cycle_id")
    carried = services.prepare_next_cycle(me, chosen, target)
    return Status(
        201 if carried.copies else 200,
        [{"source_id": pk, "id": copy.pk, "copied": True} for pk, copy in carried.copies.items()]
        + [
            {"source_id": pk, "id": copy.pk, "copied": False}
            for pk, copy in carried.already.items()
        ],
    )


@router.patch("/cycles/{cycle_id}", response=responses(CycleOut), summary="Update a cycle (admins)")
@write_transaction
def update_cycle(
    request,
    cycle_id: Id,
    payload: CyclePatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    me = actor(request)
    lock_row(Cycle, cycle_id)
    cycle = selectors.get_cycle(me, cycle_id)
    check_version(if_match, CycleOut.from_orm(cycle))
    fields = {name: getattr(payload, name) for name in payload.model_fields_set}
    if "parent_id" in fields:
        fields["parent"] = reference(selectors.cycles(me), fields.pop("parent_id"), "parent_id")
    return services.update_cycle(me, cycle, **fields)


@router.post(
    "/cycles/{cycle_id}/state",
    response=responses(CycleOut),
    summary="Move a cycle to another state (admins)",
)
def set_cycle_state(request, cycle_id: Id, payload: CycleStateIn):
    """planning → active → grading → closed; one step back is allowed to fix a mistake."""
    me = actor(request)
    return services.set_cycle_state(me, selectors.get_cycle(me, cycle_id), payload.state)


@router.delete(
    "/cycles/{cycle_id}", response=responses(204, None), summary="Delete an empty cycle (admins)"
)
@write_transaction
def delete_cycle(
    request,
    cycle_id: Id,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    me = actor(request)
    lock_row(Cycle, cycle_id)
    cycle = selectors.get_cycle(me, cycle_id)
    check_version(if_match, CycleOut.from_orm(cycle))
    services.delete_cycle(me, cycle)
    return Status(204, None)
