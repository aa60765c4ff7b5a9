"""The leader's glance: team and company pages, and the alignment tree.

Every number here is computed by the database in a fixed number of queries: a team of 10 and a
company of 100,000 people cost the same page. Figures (progress, status counts, sub-team
rollups) count all of the team's objectives, so that everyone sees the same true number; lists
show only the rows the reader may see, and say how many they leave out (DESIGN.md §4
Visibility details).
"""

from datetime import timedelta

from django.db.models import Avg, Count, F, Max, OuterRef, Q, Subquery, Sum
from django.shortcuts import render
from django.utils import timezone

from mubiao.okrs import selectors
from mubiao.okrs.models import KeyResult, Objective, Status
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership, Team
from mubiao.web import params
from mubiao.web.views.base import chosen_cycle, found, member_required, page, paginate
from mubiao.web.views.okrs import mark_editable

STALE_AFTER = timedelta(days=7)
STALE_SHOWN = 30
TREE_PAGE = 50


def _filtered(request, objectives):
    """Apply the owner and status filters of the list pages."""
    status = params.choice(request, "status", Status.values)
    if status:
        objectives = objectives.filter(status=status)
    owner = params.text(request, "owner", max_length=254)
    if owner:
        objectives = objectives.filter(
            Q(owner_member__user__email__iexact=owner)
            | Q(owner_member__user__name__icontains=owner)
        )
    return objectives


def _summary(objectives) -> dict:
    """Average progress and how many objectives are in each status, in one pass."""
    totals = objectives.order_by().aggregate(
        avg=Avg("progress"),
        n=Count("id"),
        **{status: Count("id", filter=Q(status=status)) for status in Status.values},
    )
    return {
        "avg": totals["avg"] or 0,
        "total": totals["n"],
        "counts": [(s, totals[s]) for s in Status.values],
    }


def _stale_people(actor, cycle, members):
    """The first STALE_SHOWN people owning key results in visible objectives of the cycle who
    have not checked in on any of them for 7 days or more, longest silent first (never
    first), each with `.last`. Grouped from the key results by owner, in one query: never an
    aggregate over every member joined to every key result."""
    visible = selectors.visible_objectives(actor).filter(cycle=cycle).values("pk")
    owned = KeyResult.objects.filter(
        organization_id=actor.organization_id,
        state=KeyResult.State.ACTIVE,
        objective__in=visible,
    )
    silent = (
        owned.filter(owner__in=members.values("pk"))
        .values("owner_id")
        .annotate(last=Max("last_check_in_at"))
        .filter(Q(last__isnull=True) | Q(last__lt=timezone.now() - STALE_AFTER))
        .order_by(F("last").asc(nulls_first=True), "owner_id")
        .values("owner_id")[:STALE_SHOWN]
    )
    last = owned.filter(owner=OuterRef("pk")).values("owner").annotate(m=Max("last_check_in_at"))
    return (
        Membership.objects.filter(pk__in=silent)
        .select_related("user")
        .annotate(last=Subquery(last.values("m")))
        .order_by(F("last").asc(nulls_first=True), "pk")
    )


def _rollup(actor, cycle, teams: list[Team], within: Team | None) -> list[dict]:
    """Progress of each given team counting all its sub-teams: one grouped query over all the
    cycle's objectives (figures, not rows) and one for the team tree."""
    if not teams:
        return []
    tree = selectors.teams(actor)
    if within is not None:
        tree = tree.filter(id__in=selectors.team_subtree_ids(within))
    parent_of = dict(tree.values_list("id", "parent_id"))
    rows = (
        selectors.objectives_for_figures(actor, cycle)
        .filter(team_id__in=list(parent_of))
        .values("team_id")
        .annotate(total=Sum("progress"), n=Count("id"),
                  behind=Count("id", filter=Q(status__in=["off_track", "at_risk"])))
    )  # fmt: skip
    wanted = {t.pk: {"team": t, "total": 0, "n": 0, "behind": 0} for t in teams}
    for row in rows:
        node, seen = row["team_id"], set()
        while node is not None and node not in wanted and node not in seen:
            seen.add(node)
            node = parent_of.get(node)
        if node in wanted:
            entry = wanted[node]
            entry["total"] += row["total"] or 0
            entry["n"] += row["n"]
            entry["behind"] += row["behind"]
    result = list(wanted.values())
    for entry in result:
        entry["avg"] = entry["total"] / entry["n"] if entry["n"] else 0
    return result


def _board(request, *, cycle, objectives, all_objectives, members, subteams, within, extra):
    """objectives: the visible ones, listed; all_objectives: the same set, visible or not, for
    the figures."""
    actor = request.membership
    objectives = _filtered(request, objectives)
    # Grouped by owner in the order of okrs' board index (not by name: sorting a whole
    # company's objectives by their owners' names to show the first 20 grows with the company).
    summary = _summary(_filtered(request, all_objectives))
    listed = paginate(
        request,
        objectives.order_by("owner_type", "owner_team_id", "owner_member_id", "position", "id"),
    )
    mark_editable(actor, listed)
    stale = _stale_people(actor, cycle, members)
    return {
        "summary": summary,
        # Past the paginator's bound its count is not the whole list: say nothing rather than
        # a wrong number.
        "hidden_count": None
        if listed.paginator.more
        else max(summary["total"] - listed.paginator.count, 0),
        "objectives": listed,
        "stale": stale,
        "subteams": _rollup(actor, cycle, subteams, within),
        "statuses": Status.choices,
        "filters": {
            "status": params.choice(request, "status", Status.values) or "",
            "owner": params.text(request, "owner", max_length=254),
        },
        **extra,
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
        everyone = everyone.filter(name__icontains=query)
    return page(
        request,
        "web/teams.html",
        {"my_teams": mine, "teams": paginate(request, everyone, 50), "q": query, "nav": "team"},
        cycle=cycle,
    )


@member_required
def team_detail(request, slug):
    actor = request.membership
    team = found(selectors.teams(actor).select_related("parent").get, slug=slug)
    cycle = chosen_cycle(request)
    context = {"team": team, "nav": "team"}
    if cycle is not None:
        subtree = selectors.team_subtree_ids(team)
        context.update(
            _board(
                request,
                cycle=cycle,
                objectives=selectors.objective_list(actor, cycle=cycle, team_subtree=team),
                all_objectives=selectors.objectives_for_figures(actor, cycle).filter(
                    selectors.in_team_subtree_q(team)
                ),
                members=selectors.members(actor)
                .filter(team_memberships__team_id__in=subtree)
                .distinct(),
                subteams=list(team.children.filter(is_archived=False).order_by("name")),
                within=team,
                extra={
                    "leads": Membership.objects.filter(
                        team_memberships__team=team, team_memberships__is_lead=True
                    ).select_related("user"),
                    "is_lead": team.pk in permissions.led_team_ids(actor)
                    or permissions.is_admin(actor),
                },
            )
        )
    return page(request, "web/team.html", context, cycle=cycle)


@member_required
def company(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    context = {"nav": "company"}
    if cycle is not None:
        objectives = selectors.objective_list(actor, cycle=cycle)
        all_objectives = selectors.objectives_for_figures(actor, cycle)
        team_slug = params.text(request, "team")
        within = selectors.teams(actor).filter(slug=team_slug).first() if team_slug else None
        if within is not None:
            objectives = objectives.filter(selectors.in_team_subtree_q(within))
            all_objectives = all_objectives.filter(selectors.in_team_subtree_q(within))
        context.update(
            _board(
                request,
                cycle=cycle,
                objectives=objectives,
                all_objectives=all_objectives,
                members=selectors.members(actor),
                subteams=list(selectors.teams(actor).filter(parent__isnull=True).order_by("name")),
                within=None,
                extra={"team_filter": within, "all_teams": selectors.teams(actor)[:300]},
            )
        )
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
    context = {"nav": "alignment"}
    if cycle is not None:
        top = selectors.objective_list(actor).filter(
            cycle_id__in=selectors.enclosing_cycle_ids(cycle),
            parent_objective__isnull=True,
            parent_key_result__isnull=True,
        )
        top = selectors.with_children_flag(actor, top)
        roots = top.filter(Q(owner_type=Objective.OwnerType.ORGANIZATION) | Q(has_children=True))
        unaligned = selectors.with_children_flag(
            actor, selectors.unaligned_objectives(actor, cycle)
        ).filter(has_children=False)
        under_hidden = selectors.with_children_flag(
            actor, selectors.objectives_under_hidden_parents(actor, cycle)
        )
        context.update(
            {
                "roots": paginate(request, roots.order_by("owner_type", "position", "id"), 50),
                "under_hidden": paginate(request, under_hidden, 30, param="hpage"),
                "unaligned": paginate(request, unaligned, 30, param="upage"),
            }
        )
    return page(request, "web/alignment.html", context, cycle=cycle)


@member_required
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
