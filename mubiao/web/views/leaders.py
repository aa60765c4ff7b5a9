"""The leader's glance: team and company pages, and the alignment tree.

Every number here is computed by the database in a fixed number of queries: a team of 10 and a
company of 100,000 people cost the same page. Figures (progress, status counts, sub-team
rollups) count all of the team's objectives, so that everyone sees the same true number; lists
show only the rows the reader may see, and say how many they leave out (DESIGN.md §4
Visibility details).
"""

from django.db.models import Case, Q, Value, When
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mubiao.accounts.models import normalise_email
from mubiao.insights import alignment as alignment_map
from mubiao.insights import calibration, dashboards
from mubiao.insights import rules as insights_rules
from mubiao.insights import selectors as insights
from mubiao.okrs import rules as okr_rules
from mubiao.okrs import selectors
from mubiao.okrs.models import Objective, Status
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.orgs.rules import today_for
from mubiao.orgs.selectors import team_choices, team_q
from mubiao.web import params
from mubiao.web.views.base import (
    chosen_cycle,
    found,
    fragment_of,
    member_required,
    page,
    paginate,
)
from mubiao.web.views.okrs import mark_editable
from mubiao.web.views.people_pages import people_page
from mubiao.web.widgets import TeamSelect

TREE_PAGE = 50
PEOPLE_PAGE = 50


def _filtered(request, objectives):
    """Apply the owner, status and "no key results" filters of the list pages."""
    status = params.choice(request, "status", Status.values)
    if status:
        objectives = objectives.filter(status=status)
    if params.choice(request, "krs", ["none"]):
        objectives = objectives.filter(selectors.without_key_results())
    owner = params.text(request, "owner", max_length=254)
    if owner:
        objectives = objectives.filter(
            Q(owner_member__user__email=normalise_email(owner))
            | Q(owner_member__user__name__icontains=owner)
        )
    return objectives


def _list_order(focus: Team | None):
    """The flat list grouped by team: the organization's objectives first, then the focus
    team's own (the team page's team), then each team's objectives before its people's."""
    first = [When(owner_type=Objective.OwnerType.ORGANIZATION, then=Value(0))]
    if focus is not None:
        first.append(When(team_id=focus.pk, then=Value(1)))
    return (
        Case(*first, default=Value(2)),
        "team_id",
        Case(When(owner_type=Objective.OwnerType.TEAM, then=Value(0)), default=Value(1)),
        "owner_member_id",
        "position",
        "id",
    )


def _stale(actor, cycle, within) -> dict:
    """Who has not updated (the first STALE_SHOWN) and whether the list may be cut short: then
    the page links to the people table in the same order, where everyone is. A cycle whose
    grading is open or over, or past its end, asks for grades instead (`asks_for_grades`):
    nobody is listed as not having checked in."""
    if not okr_rules.asks_for_check_ins(cycle.state, cycle.end_date, today_for(actor.organization)):
        return {"stale": [], "stale_more": False, "asks_for_grades": True}
    stale = insights.stale_people(actor, cycle, within)
    return {"stale": stale, "stale_more": len(stale) >= insights.STALE_SHOWN}


def _board(request, *, cycle, objectives, within, focus, summary, extra):
    """The flat list. objectives: the visible ones, listed. within: the team whose members'
    "not updated" list it shows (None: the organization's). summary: the page's headline
    (insights.dashboards.summary: the team's or the company's, as its dashboard shows it),
    whatever the list's filters, the company list's team among them."""
    actor = request.membership
    objectives = _filtered(request, objectives)
    listed = paginate(request, objectives.order_by(*_list_order(focus)))
    mark_editable(actor, listed)
    return {
        "view": "list",
        "summary": summary,
        "hidden_count": insights.hidden_count(actor),
        "objectives": listed,
        **_stale(actor, cycle, within),
        "statuses": Status.choices,
        "filters": {
            "status": params.choice(request, "status", Status.values) or "",
            "owner": params.text(request, "owner", max_length=254),
            "krs": params.choice(request, "krs", ["none"]) or "",
        },
        **extra,
    }


def _trend(cycle, points, subteams=()) -> dict:
    """The progress-over-cycle line in the shape of the key-result chart
    (web/static/web/app.js progressChart), with a line per sub-team. Points are percentages
    multiplied in Decimal (float(0.575) * 100 is 57.49999…, which the chart rounds to 57 beside
    a headline of 58%); the chart rounds them as okrs.display.percent does (app.js
    percentText)."""

    def line(rows):
        return [[d.isoformat(), float(p * 100)] for d, p in rows]

    return {
        "points": line(points),
        "lines": [{"name": s["team"].name, "points": line(s["points"])} for s in subteams],
        "initial": 0,
        "expected": [[cycle.start_date.isoformat(), 0], [cycle.end_date.isoformat(), 100]],
        "start": cycle.start_date.isoformat(),
        "end": cycle.end_date.isoformat(),
        "step": False,
    }


def _distribution(counts: list[int]) -> dict:
    """The histogram's bands and counts (web/static/web/app.js histogramChart) and the same as
    table rows (read without JavaScript)."""
    labels = [insights_rules.band_label(i) for i in range(len(counts))]
    return {"labels": labels, "counts": counts, "rows": list(zip(labels, counts, strict=True))}


def _dashboard(request, *, cycle, members, within):
    """The leader's glance: the scope's figures (insights.dashboards, shared with the API),
    then what only the page shows: the people table and who has not updated."""
    actor = request.membership
    data = dashboards.figures(actor, cycle, within)
    sort = params.order(
        request, "sort", [f"{sign}{key}" for key in insights.PEOPLE_SORTS for sign in ("", "-")],
        default="name",
    )  # fmt: skip
    # A team's page reads its page's people only (sorted by name: people()'s `page`; a page
    # after the first from its place in the order, people_pages), and counts the team's
    # members as they are.
    people = people_page(request, actor, cycle, members, sort, within, PEOPLE_PAGE)
    calibrated = calibration.readable_among(actor, [person.pk for person in people])
    for person in people:
        person.worst_status = insights.STATUS_OF_RANK.get(person.worst_rank)
        person.may_calibrate = person.pk in calibrated
    return {
        **data,
        "view": "dashboard",
        # Objectives with nothing to measure pull the headline down while the at-risk list
        # and freshness (over key results) say nothing: counted beside them, linked to the
        # list (the kept per-team count, less those the reader may not see).
        "without_key_results": data["summary"]["without_key_results"],
        "people": people,
        "people_columns": insights_rules.sort_columns(sort, insights.PEOPLE_COLUMNS),
        **_stale(actor, cycle, within),
        "treemap": [
            {
                "name": r["team"].name,
                "value": r["n"],
                # In Decimal first, as the trend's points (_trend).
                "progress": float(r["avg"] * 100),
                "status": r["status"],
                # Colour and words (UI.md: colour-blind safe).
                "status_label": str(Status(r["status"]).label),
                "url": reverse("team", args=[r["team"].slug]),
            }
            for r in data["subteams"]
            if r["n"]
        ],
        "trend": _trend(cycle, data["trend"], data["subteam_trends"]),
        "distribution": _distribution(data["summary"]["distribution"]),
    }


@member_required
def team_list(request):
    """The rail's Team: the teams I am in first, then every team (searchable)."""
    actor = request.membership
    cycle = chosen_cycle(request)
    mine = selectors.teams(actor).filter(team_members__membership=actor).distinct()
    everyone = selectors.teams(actor).select_related("parent").order_by("name")
    query = params.text(request, "q")
    if query:
        everyone = everyone.filter(team_q(query))
    return page(
        request,
        "web/teams.html",
        {"my_teams": mine, "teams": paginate(request, everyone, 50), "q": query},
        cycle=cycle,
    )


def _wants_list(request) -> bool:
    """The flat list is one click away from the dashboard (?view=list)."""
    return params.choice(request, "view", ["list"]) == "list"


@member_required
def team_detail(request, slug):
    actor = request.membership
    team = found(selectors.teams(actor).select_related("parent").get, slug=slug)
    cycle = chosen_cycle(request)
    context = {
        "team": team,
        "is_lead": team.pk in permissions.led_team_ids(actor) or permissions.is_admin(actor),
        "leads": Membership.objects.filter(
            team_memberships__team=team, team_memberships__is_lead=True
        ).select_related("user", "invitation"),
    }
    if cycle is not None:
        members = selectors.team_members(actor, team)
        if _wants_list(request):
            context.update(
                _board(
                    request,
                    cycle=cycle,
                    objectives=selectors.objective_list(actor, cycle=cycle, team_subtree=team),
                    within=team,
                    focus=team,
                    summary=dashboards.summary(actor, cycle, team),
                    extra={},
                )
            )
        else:
            context.update(_dashboard(request, cycle=cycle, members=members, within=team))
    return page(request, "web/team.html", context, cycle=cycle)


@member_required
def company(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    context = {}
    if cycle is not None:
        members = selectors.members(actor)
        if _wants_list(request):
            objectives = selectors.objective_list(actor, cycle=cycle)
            team_slug = params.text(request, "team")
            within = selectors.teams(actor).filter(slug=team_slug).first() if team_slug else None
            if team_slug and within is None:
                params.refuse_missing("team", team_slug)
            if within is not None:
                objectives = objectives.filter(selectors.in_team_subtree_q(within))
            context.update(
                _board(
                    request,
                    cycle=cycle,
                    objectives=objectives,
                    within=None,
                    focus=within,
                    summary=dashboards.summary(actor, cycle, None),
                    extra={
                        "team_picker": TeamSelect(
                            attrs={"id": "board-team"},
                            kind="slug",
                            choices=[
                                ("", _("All teams")),
                                *team_choices(
                                    actor.organization_id,
                                    selectors.teams(actor),
                                    "slug",
                                    keep=[within.pk] if within is not None else (),
                                ),
                            ],
                        ).render("team", within.slug if within is not None else ""),
                    },
                )
            )
        else:
            context.update(_dashboard(request, cycle=cycle, members=members, within=None))
    return page(request, "web/company.html", context, cycle=cycle)


# --------------------------------------------------------------------------------------------
# Alignment tree


@member_required
def alignment(request):
    """Company objectives of the cycle and of the cycles containing it (and any parentless
    objective that others align to) at the top;
    each node loads its aligned objectives when opened; the not-aligned ones listed apart."""
    actor = request.membership
    cycle = chosen_cycle(request)
    context = {}
    if cycle is not None:
        top = selectors.objective_list(actor).filter(
            cycle_id__in=selectors.enclosing_cycle_ids(cycle),
            parent_objective__isnull=True,
            parent_key_result__isnull=True,
        )
        roots = selectors.tree_roots(actor, top)
        unaligned = selectors.with_children_flag(
            actor, selectors.unaligned_objectives(actor, cycle)
        ).filter(Q(aligned_count=0) | Q(has_children=False))
        under_hidden = selectors.with_children_flag(
            actor, selectors.objectives_under_hidden_parents(actor, cycle)
        )
        under_archived = selectors.with_children_flag(
            actor, selectors.objectives_under_archived_parents(actor, cycle)
        )
        query = params.text(request, "q")
        context.update(
            {
                # The map's search, answered on the page too (without JavaScript): each found
                # objective with its path from the top (insights.alignment.search).
                "q": query,
                "found_paths": alignment_map.search(actor, cycle, query) if query else None,
                "roots": paginate(request, roots.order_by("owner_type", "position", "id"), 50),
                "under_hidden": paginate(request, under_hidden, 30, param="hpage"),
                "under_archived": paginate(request, under_archived, 30, param="apage"),
                "unaligned": paginate(request, unaligned, 30, param="upage"),
            }
        )
    return page(request, "web/alignment.html", context, cycle=cycle)


@member_required
@fragment_of(lambda pk: reverse("objective", args=[pk]))
def alignment_children(request, pk):
    """One level of the tree: the visible objectives aligned to objective `pk` (htmx)."""
    actor = request.membership
    objective = found(selectors.get_objective, actor, pk)
    children = selectors.with_children_flag(actor, selectors.aligned_children(actor, objective))
    return render(
        request,
        "web/_tree_level.html",
        {"nodes": paginate(request, children, TREE_PAGE), "parent": objective},
    )
