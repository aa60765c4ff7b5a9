"""`/cycles`: readable by every member; created, changed, moved through their states and
deleted by organization admins."""

from datetime import date

from ninja import Field, Query, Router, Schema, Status

from mubiao.api.auth import actor
from mubiao.api.choices import CycleKind, CycleState
from mubiao.api.common import Body, Id, PageQuery, page_of, paginate, reference, text
from mubiao.api.errors import responses
from mubiao.okrs import selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import Cycle

router = Router(tags=["cycles"])


class CycleOut(Schema):
    id: int
    name: str
    kind: CycleKind
    start_date: date
    end_date: date
    parent_id: int | None
    state: CycleState


class CycleFilters(PageQuery):
    state: CycleState | None = None
    kind: CycleKind | None = None


class CycleIn(Body):
    name: text(max_length(Cycle, "name"))
    kind: CycleKind = Cycle.Kind.QUARTER
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


CyclePage = page_of(CycleOut, "CyclePage")


@router.get("/cycles", response=responses(CyclePage), summary="List cycles")
def list_cycles(request, filters: Query[CycleFilters]):
    qs = selectors.cycles(actor(request)).order_by("-start_date", "kind", "name", "id")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return paginate(qs, filters)


@router.get("/cycles/{cycle_id}", response=responses(CycleOut), summary="Read a cycle")
def get_cycle(request, cycle_id: Id):
    return selectors.get_cycle(actor(request), cycle_id)


@router.post("/cycles", response=responses(201, CycleOut), summary="Create a cycle (admins)")
def create_cycle(request, payload: CycleIn):
    me = actor(request)
    fields = payload.dict(exclude={"parent_id"})
    parent = reference(selectors.cycles(me), payload.parent_id, "parent_id")
    return Status(201, services.create_cycle(me, parent=parent, **fields))


@router.patch("/cycles/{cycle_id}", response=responses(CycleOut), summary="Update a cycle (admins)")
def update_cycle(request, cycle_id: Id, payload: CyclePatch):
    me = actor(request)
    cycle = selectors.get_cycle(me, cycle_id)
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
def delete_cycle(request, cycle_id: Id):
    me = actor(request)
    services.delete_cycle(me, selectors.get_cycle(me, cycle_id))
    return Status(204, None)
