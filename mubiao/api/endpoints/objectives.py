"""`/objectives`: list, create (with key results), read, update, archive, align, copy, grade."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from ninja import Field, Header, Query, Router, Schema, Status

from mubiao.api.auth import actor
from mubiao.api.choices import (
    ObjectiveKind,
    ObjectiveOwnerType,
    ObjectiveProgressSource,
    ObjectiveState,
    ObjectiveVisibility,
    PaceStatus,
)
from mubiao.api.common import (
    IF_MATCH_DESCRIPTION,
    SCORE_OR_CLEARED,
    STORED_WEIGHT,
    WEIGHT_IN_EFFECT,
    Body,
    Id,
    PageQuery,
    Percent,
    Score,
    Weight,
    expected_version,
    page_of,
    paginate,
    reference,
    references,
    text,
    weight_in_effect,
)
from mubiao.api.endpoints.key_results import (
    KeyResultCreatedOut,
    KeyResultIn,
    KeyResultOut,
    key_result_fields,
    key_result_notes,
)
from mubiao.api.errors import responses
from mubiao.okrs import limits, selectors, services
from mubiao.okrs.limits import max_length
from mubiao.okrs.models import Objective
from mubiao.okrs.transfer.readings import kind_taken_notes
from mubiao.orgs.models import Membership

router = Router(tags=["objectives"])


class ObjectiveOut(Schema):
    id: int
    cycle_id: int
    owner_type: ObjectiveOwnerType
    owner_member_id: int | None
    owner_team_id: int | None
    team_id: int | None
    title: str
    description: str
    kind: ObjectiveKind
    visibility: ObjectiveVisibility
    state: ObjectiveState
    weight: float = WEIGHT_IN_EFFECT
    stored_weight: float = STORED_WEIGHT
    parent_objective_id: int | None
    parent_key_result_id: int | None
    aligned_to_hidden: bool = Field(
        ...,
        description="Aligned to an objective or key result the caller may not see: the web "
        "shows “aligned to a private objective” and both parent ids are null.",
    )
    collaborator_ids: list[int]
    progress_source: ObjectiveProgressSource = Field(
        ...,
        description="Where its progress comes from: its key results, the objectives aligned to it "
        "(directly or to one of its key results, by their weights), or a mix of both.",
    )
    aligned_share: int = Field(
        ..., description="In a mix, the aligned objectives' share of its progress, in percent."
    )
    progress: float = Field(
        ..., description="0–1: from its key results (weighted mean) or as progress_source says."
    )
    status: PaceStatus = Field(
        ...,
        description="Pace status: the worst of its key results that have started "
        "(not_started while none has).",
    )
    score: float | None
    retrospective: str
    version: int
    created_at: datetime
    updated_at: datetime
    key_results: list[KeyResultOut] = Field(
        ..., description="Active ones in lists; archived ones too when reading one objective."
    )

    @staticmethod
    def resolve_weight(objective, context) -> float:
        return weight_in_effect(objective, context)

    @staticmethod
    def resolve_stored_weight(objective) -> float:
        return objective.weight

    @staticmethod
    def resolve_parent_objective_id(objective) -> int | None:
        return None if selectors.parent_is_hidden(objective) else objective.parent_objective_id

    @staticmethod
    def resolve_parent_key_result_id(objective) -> int | None:
        return None if selectors.parent_is_hidden(objective) else objective.parent_key_result_id

    @staticmethod
    def resolve_aligned_to_hidden(objective) -> bool:
        return selectors.parent_is_hidden(objective)

    @staticmethod
    def resolve_collaborator_ids(objective) -> list[int]:
        return [member.pk for member in objective.collaborators.all()]

    @staticmethod
    def resolve_key_results(objective) -> list:
        return list(objective.key_results.all())


class ObjectiveCreatedOut(ObjectiveOut):
    notes: list[str] = Field(
        default_factory=list,
        description="What was taken that the request did not give, in the person's language, "
        "as the import says it: an objective sent without a kind is committed, and says so. "
        "Each key result sent along says its own notes, as POST /key-results does.",
    )
    key_results: list[KeyResultCreatedOut] = Field(
        ..., description="The key results sent along, each with its notes."
    )

    @staticmethod
    def resolve_notes(objective) -> list[str]:
        return getattr(objective, "notes", [])


class ObjectiveNoticeOut(ObjectiveOut):
    notice: str | None = Field(
        None,
        description="Set when this change newly lets people who may not see an objective read "
        "its progress: a team or private objective counted in a parent that takes progress from "
        "its aligned objectives and is seen more widely (everyone, or another team), or such "
        "objectives aligned to this one once it takes their progress. It says in the caller's "
        "language where and by whom (titles the caller may not see are counted, never named). "
        "Null when none. The web asks to confirm first; the API has made the change.",
    )


def _with_notice(request, before: Objective) -> Objective:
    """The objective as stored now, with its `notice` (selectors.progress_notice) against
    `before`, the objective as it was read before the change."""
    after = _objective(request, before.pk)
    after.notice = selectors.progress_notice(actor(request), before, after)
    return after


class ObjectiveFilters(PageQuery):
    cycle: Id | None = None
    owner_member: Id | None = None
    owner_team: Id | None = None
    team: Id | None = Field(None, description="Filed under this team or one of its sub-teams.")
    owner_type: ObjectiveOwnerType | None = None
    state: ObjectiveState | None = Field(None, description="Default: all but archived.")
    status: PaceStatus | None = Field(None, description="Pace status.")
    kind: ObjectiveKind | None = None
    search: text(200) | None = Field(None, description="Part of the title.")


class ObjectiveIn(Body):
    cycle_id: Id
    title: text(max_length(Objective, "title"))
    owner_type: ObjectiveOwnerType = Objective.OwnerType.PERSON
    owner_member_id: Id | None = Field(None, description="Default for a person: yourself.")
    owner_team_id: Id | None = None
    team_id: Id | None = Field(None, description="Default: the owner team, or the owner's team.")
    description: text(limits.LONG_TEXT) = ""
    kind: ObjectiveKind = Objective.Kind.COMMITTED
    visibility: ObjectiveVisibility = Objective.Visibility.PUBLIC
    weight: Weight = 1
    progress_source: ObjectiveProgressSource = Field(
        Objective.ProgressSource.KEY_RESULTS,
        description="Where its progress comes from: its key results, the objectives aligned to it "
        "(directly or to one of its key results, by their weights), or a mix of both.",
    )
    aligned_share: Percent = Field(
        50, description="In a mix, the aligned objectives' share of its progress, in percent."
    )
    state: ObjectiveState = Objective.State.ACTIVE
    parent_objective_id: Id | None = None
    parent_key_result_id: Id | None = None
    collaborator_ids: list[Id] = Field([], max_length=100)
    # The limit is documented here and checked by the service (okrs.limits.ACTIVE_KEY_RESULTS),
    # which names the objective and answers at the first key result over it, as every path does.
    key_results: list[KeyResultIn] = Field(
        [], json_schema_extra={"maxItems": limits.ACTIVE_KEY_RESULTS}
    )


class ObjectivePatch(Body):
    """Fields left out stay as they are; null only where a field can be empty (else a 422)."""

    cycle_id: Id = Field(None, description="Move it to another (open) cycle.")
    title: text(max_length(Objective, "title")) = None
    description: text(limits.LONG_TEXT) = None
    kind: ObjectiveKind = None
    visibility: ObjectiveVisibility = None
    weight: Weight = None
    progress_source: ObjectiveProgressSource = None
    aligned_share: Percent = None
    state: ObjectiveState = None
    owner_type: ObjectiveOwnerType = None
    owner_member_id: Id | None = None
    owner_team_id: Id | None = None
    team_id: Id | None = None
    collaborator_ids: list[Id] = Field(None, max_length=100)


class AlignIn(Body):
    """Both null: align to nothing."""

    parent_objective_id: Id | None = None
    parent_key_result_id: Id | None = None


class CopyIn(Body):
    cycle_id: Id | None = Field(None, description="Default: the next cycle of the same kind.")


class KeyResultScore(Body):
    key_result_id: Id
    score: Score | None = Field(..., description=SCORE_OR_CLEARED)
    note: text(5000) = ""


class GradeIn(Body):
    scores: list[KeyResultScore] = Field(..., max_length=50)
    retrospective: text(limits.LONG_TEXT) = ""


ObjectivePage = page_of(ObjectiveOut, "ObjectivePage")

COLLABORATORS = Prefetch("collaborators", queryset=Membership.objects.only("id").order_by("id"))


def _objective(request, objective_id: int) -> Objective:
    me = actor(request)
    # A hidden parent is shown as no parent: even its id would tell that it exists.
    return (
        selectors.with_parent_visibility(
            me,
            selectors.with_details(
                selectors.visible_objectives(me, include_archived=True), include_archived_krs=True
            ),
        )
        .prefetch_related(COLLABORATORS)
        .get(pk=objective_id)
    )


def _references(me, payload: Schema, names) -> dict:
    """Rows named by `<name>_id` in a body, looked up in what the caller may see."""
    sources = {
        "cycle": lambda: selectors.cycles(me),
        "owner_member": lambda: selectors.members(me),
        "owner_team": lambda: selectors.teams(me),
        "team": lambda: selectors.teams(me),
        # An archived parent is found, to be refused for what it is (okrs.services
        # .published_parents), as a draft is: "does not exist" is for what the caller may not see.
        "parent_objective": lambda: selectors.visible_objectives(me, include_archived=True),
        "parent_key_result": lambda: selectors.visible_key_results(me),
    }
    return {
        name: reference(sources[name](), getattr(payload, f"{name}_id"), f"{name}_id")
        for name in names
    }


@router.get("/objectives", response=responses(ObjectivePage), summary="List objectives")
def list_objectives(request, filters: Query[ObjectiveFilters]):
    me = actor(request)
    team = None
    if filters.team is not None:
        team = selectors.teams(me).filter(pk=filters.team).first()
    qs = selectors.objective_list(
        me,
        cycle=filters.cycle,
        owner_member=filters.owner_member,
        owner_team=filters.owner_team,
        team_subtree=team,
        owner_type=filters.owner_type,
        state=filters.state,
        status=filters.status,
        kind=filters.kind,
        search=filters.search,
    ).prefetch_related(COLLABORATORS)
    if filters.team is not None and team is None:
        qs = qs.none()
    return paginate(qs, filters)


ALIGNABLE_DESCRIPTION = (
    "The objectives the caller may align {what} to, each with its active key results (an "
    "objective may be aligned to one of those instead): visible to the caller, of the same "
    "organization, published (active or closed), of {cycle}, a cycle containing it or one it "
    "contains{loop}. Any other parent sent to {route} is refused (422, naming "
    "`parent_objective_id` or `parent_key_result_id`). Organization objectives first, then "
    "teams' and people's, in their own order."
)


@router.get(
    "/objectives/{objective_id}/alignable-parents",
    response=responses(ObjectivePage),
    summary="List the parents an objective may be aligned to",
    description=ALIGNABLE_DESCRIPTION.format(
        what="this objective",
        cycle="its cycle",
        loop=", and neither the objective itself nor one aligned below it (a loop)",
        route="`POST /objectives/{objective_id}/align`",
    ),
)
def objective_alignable_parents(request, objective_id: Id, filters: Query[PageQuery]):
    me = actor(request)
    objective = _objective(request, objective_id)
    return paginate(
        selectors.alignable_parents(me, objective).prefetch_related(COLLABORATORS), filters
    )


@router.get(
    "/cycles/{cycle_id}/alignable-parents",
    response=responses(ObjectivePage),
    summary="List the parents a new objective of a cycle may be aligned to",
    description=ALIGNABLE_DESCRIPTION.format(
        what="a new objective of this cycle",
        cycle="this cycle",
        loop="",
        route="`POST /objectives`",
    ),
)
def cycle_alignable_parents(request, cycle_id: Id, filters: Query[PageQuery]):
    me = actor(request)
    cycle = selectors.get_cycle(me, cycle_id)
    return paginate(selectors.alignable_parents(me, cycle).prefetch_related(COLLABORATORS), filters)


@router.post(
    "/objectives", response=responses(201, ObjectiveCreatedOut), summary="Create an objective"
)
def create_objective(request, payload: ObjectiveIn):
    """Key results may come along inline; everything is created in one transaction."""
    me = actor(request)
    rows = _references(me, payload, ("cycle", "owner_member", "owner_team", "team",
                                     "parent_objective", "parent_key_result"))  # fmt: skip
    key_results = []
    for index, kr in enumerate(payload.key_results):
        try:
            # What the client sent and its metric type cannot take is refused (422), not ignored.
            key_results.append({**key_result_fields(me, kr, partial=False),
                                "refuse_unapplied": True, "title_checked": True})  # fmt: skip
        except ValidationError as error:
            raise ValidationError(
                {f"key_results.{index}.{field}": messages
                 for field, messages in error.message_dict.items()}
            ) from None  # fmt: skip
    objective = services.create_objective(
        me,
        title=payload.title,
        owner_type=payload.owner_type,
        description=payload.description,
        kind=payload.kind,
        visibility=payload.visibility,
        weight=payload.weight,
        progress_source=payload.progress_source,
        aligned_share=payload.aligned_share,
        state=payload.state,
        collaborators=references(selectors.members(me), payload.collaborator_ids,
                                 "collaborator_ids"),
        key_results=key_results,
        **rows,
    )  # fmt: skip
    created = _objective(request, objective.pk)
    # What was taken that was not sent, said as POST /key-results and the imports say it (h9b).
    created.notes = [] if "kind" in payload.model_fields_set else kind_taken_notes(created)
    # A new objective's key results are the ones sent, in their order (archived ones too).
    sent = sorted(created.key_results.all(), key=lambda kr: (kr.position, kr.pk))
    for kr, fields in zip(sent, key_results, strict=True):
        kr.notes = key_result_notes(kr, created.cycle, fields)
    return Status(201, created)


@router.get(
    "/objectives/{objective_id}", response=responses(ObjectiveOut), summary="Read an objective"
)
def get_objective(request, objective_id: Id):
    return _objective(request, objective_id)


@router.patch(
    "/objectives/{objective_id}",
    response=responses(ObjectiveNoticeOut),
    summary="Update an objective",
)
def update_objective(
    request,
    objective_id: Id,
    payload: ObjectivePatch,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    """Fields left out stay as they are; the owner and team ids accept null."""
    me = actor(request)
    objective = _objective(request, objective_id)
    given = payload.model_fields_set
    fields = {
        name: getattr(payload, name)
        for name in given & {"title", "description", "kind", "visibility", "weight", "state",
                             "owner_type", "progress_source", "aligned_share"}
    }  # fmt: skip
    fields |= _references(
        me,
        payload,
        [name for name in ("owner_member", "owner_team", "team") if f"{name}_id" in given]
        + (["cycle"] if payload.cycle_id is not None else []),
    )
    if payload.collaborator_ids is not None:
        fields["collaborators"] = references(
            selectors.members(me), payload.collaborator_ids, "collaborator_ids"
        )
    services.update_objective(me, objective, version=expected_version(if_match), **fields)
    return _with_notice(request, objective)


@router.post(
    "/objectives/{objective_id}/archive",
    response=responses(ObjectiveOut),
    summary="Archive an objective",
)
def archive_objective(request, objective_id: Id):
    objective = services.archive_objective(actor(request), _objective(request, objective_id))
    return _objective(request, objective.pk)


@router.post(
    "/objectives/{objective_id}/restore",
    response=responses(ObjectiveOut),
    summary="Restore an archived objective",
)
def restore_objective(request, objective_id: Id):
    objective = services.restore_objective(actor(request), _objective(request, objective_id))
    return _objective(request, objective.pk)


@router.post(
    "/objectives/{objective_id}/align",
    response=responses(ObjectiveNoticeOut),
    summary="Align an objective to an objective or a key result",
)
def align_objective(
    request,
    objective_id: Id,
    payload: AlignIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    me = actor(request)
    rows = _references(me, payload, ("parent_objective", "parent_key_result"))
    objective = _objective(request, objective_id)
    services.align_objective(me, objective, version=expected_version(if_match), **rows)
    return _with_notice(request, objective)


@router.post(
    "/objectives/{objective_id}/copy",
    response=responses(201, ObjectiveOut),
    summary="Copy an objective and its key results into another cycle",
)
def copy_objective(request, objective_id: Id, payload: CopyIn):
    """A template copy: its key results start at the original's start values, confidence not
    set. To go on from where key results are, carry the objective forward with
    POST /cycles/{cycle_id}/next."""
    me = actor(request)
    cycle = reference(selectors.cycles(me), payload.cycle_id, "cycle_id")
    copy = services.copy_objective(me, _objective(request, objective_id), cycle)
    return Status(201, _objective(request, copy.pk))


@router.post(
    "/objectives/{objective_id}/grade",
    response=responses(ObjectiveOut),
    summary="Grade all key results of an objective (cycle in grading)",
)
def grade_objective(request, objective_id: Id, payload: GradeIn):
    """A committed objective below 1.0 needs a retrospective."""
    try:
        services.grade_objective(
            actor(request),
            _objective(request, objective_id),
            scores={row.key_result_id: (row.score, row.note) for row in payload.scores},
            retrospective=payload.retrospective,
        )
    except ValidationError as error:
        # A score is read by the services (`60%`, `六成`): its refusal names the field as sent.
        sent = {f"score_{row.key_result_id}": f"scores.{index}.score"
                for index, row in enumerate(payload.scores)}  # fmt: skip
        raise ValidationError(
            {sent.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None
    return _objective(request, objective_id)
