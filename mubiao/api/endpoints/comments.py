"""`/comments` on an objective, a key result or a check-in the caller can see."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from mubiao.api.auth import actor
from mubiao.api.common import Body, Id, PageQuery, page_of, paginate, text
from mubiao.api.errors import responses
from mubiao.okrs import selectors, services
from mubiao.okrs.models import CheckIn

router = Router(tags=["comments"])


class CommentOut(Schema):
    id: int
    objective_id: int | None
    key_result_id: int | None
    check_in_id: int | None
    author_id: int | None
    author_name: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author_name(comment) -> str:
        return comment.author.user.display_name if comment.author else ""


class Target(Body):
    """Exactly one of the three."""

    objective: Id | None = None
    key_result: Id | None = None
    check_in: Id | None = None


class CommentFilters(PageQuery, Target):
    pass


class CommentIn(Body):
    objective_id: Id | None = None
    key_result_id: Id | None = None
    check_in_id: Id | None = None
    body: text(10000) = Field(..., description="`@name` mentions a person or a team.")


CommentPage = page_of(CommentOut, "CommentPage")


def _target(me, *, objective, key_result, check_in) -> dict:
    """The commented row, fetched through the selectors: a hidden or foreign one is a 404."""
    given = {"objective": objective, "key_result": key_result, "check_in": check_in}
    named = {name: pk for name, pk in given.items() if pk is not None}
    if len(named) != 1:
        raise ValidationError(_("Name exactly one objective, key result or check-in."))
    ((name, pk),) = named.items()
    if name == "objective":
        return {name: selectors.get_objective(me, pk)}
    if name == "key_result":
        return {name: selectors.get_key_result(me, pk)}
    visible_krs = selectors.visible_key_results(me).values("pk")
    entry = (
        CheckIn.objects.filter(organization_id=me.organization_id, key_result__in=visible_krs)
        .select_related("key_result__objective")
        .get(pk=pk)
    )
    return {name: entry}


@router.get("/comments", response=responses(CommentPage), summary="Comments on one target")
def list_comments(request, filters: Query[CommentFilters]):
    me = actor(request)
    target = _target(
        me, objective=filters.objective, key_result=filters.key_result, check_in=filters.check_in
    )
    return paginate(selectors.comments(me, **target), filters)


@router.post("/comments", response=responses(201, CommentOut), summary="Comment")
def create_comment(request, payload: CommentIn):
    me = actor(request)
    target = _target(
        me,
        objective=payload.objective_id,
        key_result=payload.key_result_id,
        check_in=payload.check_in_id,
    )
    return Status(201, services.add_comment(me, body=payload.body, **target))
