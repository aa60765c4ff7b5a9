"""Search, @mention autocomplete and notifications: all limited to what the person may see."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mubiao.notify import compose, inapp
from mubiao.notify import selectors as notify_selectors
from mubiao.okrs import selectors
from mubiao.orgs.selectors import team_paths, team_q, team_search
from mubiao.web import params
from mubiao.web.forms import owner_team_choice, owner_teams
from mubiao.web.views.base import chosen_cycle, member_required, page, paginate

SEARCH_LIMIT = 20
MENTION_LIMIT = 8


@member_required
def search(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    query = params.text(request, "q")
    results = {}
    if query:
        # Equal names (two people called Li Wei) are ordered by id: under a limit, PostgreSQL
        # may otherwise pick a different one of them from one request to the next. Objectives:
        # the newest cycles first (by id, the order they were created in: cycles are planned
        # ahead in date order), then by title, in the order of objective_search_idx, so that
        # a word found in nearly every title reads 20 rows instead of sorting them all.
        results = {
            "objectives": selectors.objective_list(actor, search=query).order_by(
                "-cycle_id", "title", "id"
            )[:SEARCH_LIMIT],
            "people": selectors.members(actor)
            .filter(selectors.person_q(actor, query))
            .order_by("user__name", "id")[:SEARCH_LIMIT],
            "teams": selectors.teams(actor)
            .filter(team_q(query))
            .order_by("name", "id")[:SEARCH_LIMIT],
        }
    return page(request, "web/search.html", {"q": query, **results}, cycle=cycle)


@member_required
def mentions(request):
    """People and teams whose name or email starts a mention (`@ali…`), for the comment box."""
    actor = request.membership
    query = params.text(request, "q").lstrip("@")[:50]
    people = teams = []
    if query:
        people = (
            selectors.members(actor)
            # A name holds the query anywhere (`@Turner` finds Liam Turner), as before h14h.
            .filter(selectors.person_q(actor, query))
            .order_by("user__name", "id")[:MENTION_LIMIT]
        )
        teams = list(
            selectors.teams(actor).filter(team_q(query)).order_by("name", "id")[:MENTION_LIMIT]
        )
        # Two teams of one name (组0 in every department) are told apart by their path.
        paths = team_paths(actor.organization_id) if teams else {}
        for team in teams:
            team.path = paths.get(team.pk, team.name)
    return render(request, "web/_mentions.html", {"people": people, "teams": teams})


@member_required
def team_options(request):
    """A team picker's search (web.widgets.TeamSelect, htmx): the first teams the actor may
    pick whose name holds what was typed, plus the picker's current values (`field`, sent by
    hx-include) kept selected, as <option>s for the picker's "found" group."""
    actor = request.membership
    kind = params.choice(request, "kind", ["id", "slug", "owner"]) or "id"
    query = params.text(request, "team_q")
    # `field` names the picker's own parameter (its form field, prefix included): any name,
    # whose values are only ever matched against the teams the actor may pick.
    field = params.text(request, "field")
    keep = request.GET.getlist(field) if field else []
    if kind == "owner":
        keep = [v.partition("team:")[2] for v in keep]
        options = [owner_team_choice(pk, path) for pk, path in team_search(
            owner_teams(actor), query, keep=keep)]  # fmt: skip
        keep = [f"team:{pk}" for pk in keep]
    else:
        options = team_search(selectors.teams(actor), query, kind, keep=keep)
    kept = {str(v) for v in keep}
    options = [(str(value), label) for value, label in options]
    return render(request, "web/_team_options.html", {"options": options, "kept": kept})


@member_required
def notifications(request):
    """The bell's page: every kind of event, each written in the reader's language from the
    rows one query joined (notify.selectors.notifications)."""
    actor = request.membership
    items = paginate(request, notify_selectors.notifications(actor))
    for item in items:
        item.entry = compose.bell_entry(item)
        item.url = next((line.url for line in item.entry.lines if line.url), "")
    return page(
        request,
        "web/notifications.html",
        {"items": items},
        cycle=chosen_cycle(request),
    )


@member_required
@require_POST
def notifications_read(request):
    inapp.mark_read(request.membership)
    return redirect(reverse("notifications"))
