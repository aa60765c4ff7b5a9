"""Check OKRs: the linter's findings (okrs.quality, with the organization's settings) for a
whole set at once — the person's own objectives, or a team and its sub-teams — in a cycle.

The set is linted together so per-owner rules (how many objectives, duplicates) see each
owner's whole cycle; the page then lists the objectives that have findings, paginated.
"""

from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from mubiao.okrs import quality, selectors
from mubiao.web.views.base import chosen_cycle, found, member_required, page, paginate

# Linting is done in Python over the whole set; beyond this many objectives the page checks the
# first ones (in the list's order) and says so.
MAX_CHECKED = 500


def _report(request, cycle, objectives, context: dict):
    if cycle is not None:
        checked = list(objectives[: MAX_CHECKED + 1])
        truncated, checked = len(checked) > MAX_CHECKED, checked[:MAX_CHECKED]
        by_objective: dict[int, list] = {}
        for stored in quality.lint_stored(checked):
            by_objective.setdefault(stored.objective.pk, []).append(stored)
        groups = [
            {"objective": o, "findings": by_objective[o.pk]}
            for o in checked
            if o.pk in by_objective
        ]
        severities = Counter(s.finding.severity for items in by_objective.values() for s in items)
        context.update(
            {
                "groups": paginate(request, groups),
                "checked": len(checked),
                "truncated": truncated,
                "max_checked": MAX_CHECKED,
                "severities": [(s, severities[s]) for s in ("error", "warning", "info")],
            }
        )
    return page(request, "web/check.html", context, cycle=cycle)


@member_required
def check_mine(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    objectives = selectors.objective_list(actor, cycle=cycle, owner_member=actor)
    return _report(
        request,
        cycle,
        objectives,
        {"heading": _("My OKRs"), "back_url": reverse("home")},
    )


@member_required
def check_team(request, slug):
    actor = request.membership
    team = found(selectors.teams(actor).get, slug=slug)
    cycle = chosen_cycle(request)
    objectives = selectors.objective_list(actor, cycle=cycle, team_subtree=team)
    return _report(
        request,
        cycle,
        objectives,
        {"heading": team.name, "team": team, "back_url": reverse("team", args=[slug])},
    )
