"""The alignment map's data (JSON, read by web/static/web/alignment.js): one level of the tree
at a time and the paths to what a search finds. Thin: insights.alignment does the reading."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from mubiao.insights import alignment
from mubiao.web import params
from mubiao.web.views.base import chosen_cycle, found, member_required

MAX_OFFSET = 1_000_000


def _offset(request) -> int:
    return params.integer(request, "offset", minimum=0, maximum=MAX_OFFSET) or 0


def _answer(level: alignment.Level, organization_name: str) -> JsonResponse:
    """The level as JSON; an offset past its last node is refused (web.params), as a page past
    the last one is, rather than answered with nothing."""
    if level.offset and level.offset >= level.total:
        raise params.Refused(
            _("%(field)s: “%(value)s” is past the last of the %(total)s nodes of this level.")
            % {"field": "offset", "value": level.offset, "total": level.total},
            "offset",
        )
    return JsonResponse(alignment.level_data(level, organization_name))


def _cycle(request):
    cycle = chosen_cycle(request)
    if cycle is None:
        raise Http404
    return cycle


@member_required
def map_roots(request):
    """The top level: the company's objectives and the parentless ones others align to."""
    actor = request.membership
    level = alignment.roots(actor, _cycle(request), _offset(request))
    return _answer(level, actor.organization.name)


@member_required
def map_children(request, pk):
    """The visible objectives aligned to objective `pk` (404 when the reader may not see it)."""
    actor = request.membership
    parent = found(alignment.get_parent, actor, pk)
    level = alignment.children(actor, parent, _offset(request))
    return _answer(level, actor.organization.name)


@member_required
def map_placeholder(request, placeholder):
    """What a placeholder node holds ("a private objective", "an archived objective")."""
    actor = request.membership
    level = alignment.placeholder_children(actor, _cycle(request), placeholder, _offset(request))
    return _answer(level, actor.organization.name)


@member_required
def map_search(request):
    """The first objectives whose title holds ?q=, each with its path from the top."""
    actor = request.membership
    paths = alignment.search(actor, _cycle(request), params.text(request, "q"))
    return JsonResponse({"results": alignment.search_data(paths, actor.organization.name)})
