"""End of cycle: each owner grades key results 0.0–1.0 and writes a retrospective; leads and
admins see the cycle's score distribution."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from mubiao.okrs import selectors, services
from mubiao.okrs.models import Cycle, KeyResult
from mubiao.orgs import permissions
from mubiao.web.views.base import chosen_cycle, found, member_required, page, paginate
from mubiao.web.views.okrs import mark_editable

SCORE_STEPS = [Decimal(i) / 10 for i in range(11)]


def sees_distribution(actor) -> bool:
    return permissions.is_admin(actor) or bool(permissions.led_team_ids(actor))


@member_required
def grading(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    context = {"nav": "home"}
    if cycle is not None:
        mine = selectors.objective_list(actor, cycle=cycle).filter(
            permissions.objective_edit_q(actor)
        )
        listed = paginate(request, mine)
        mark_editable(actor, listed)
        context["objectives"] = listed
        if sees_distribution(actor):
            context["distribution"] = distribution(actor, cycle)
    return page(request, "web/grading.html", context, cycle=cycle)


def distribution(actor, cycle: Cycle) -> dict:
    """How many graded key results got each score (0.0 … 1.0), over visible objectives."""
    rows = (
        KeyResult.objects.filter(
            organization_id=actor.organization_id,
            objective__in=selectors.visible_objectives(actor).filter(cycle=cycle).values("pk"),
            state=KeyResult.State.ACTIVE,
            score__isnull=False,
        )
        .values("score")
        .annotate(n=Count("id"))
    )
    counts = {Decimal(row["score"]).quantize(Decimal("0.1")): row["n"] for row in rows}
    return {
        "labels": [f"{s:.1f}" for s in SCORE_STEPS],
        "counts": [counts.get(s, 0) for s in SCORE_STEPS],
        "total": sum(counts.values()),
    }


@member_required
def grade_objective(request, pk):
    actor = request.membership
    objective = found(selectors.get_objective, actor, pk)
    if not selectors.editable_objective_ids(actor, [objective.pk]):
        raise Http404
    krs = [kr for kr in objective.key_results.all() if kr.state == KeyResult.State.ACTIVE]
    suggested = services.suggested_scores(objective)
    errors: dict[str, list[str]] = {}
    retrospective = objective.retrospective
    if request.method == "POST":
        retrospective = request.POST.get("retrospective", "")
        scores = {
            kr.pk: (request.POST.get(f"score_{kr.pk}", ""), request.POST.get(f"note_{kr.pk}", ""))
            for kr in krs
        }
        try:
            services.grade_objective(actor, objective, scores=scores, retrospective=retrospective)
            return redirect(reverse("objective", args=[objective.pk]))
        except ValidationError as error:
            errors = error.message_dict
        except PermissionDenied:
            raise Http404 from None
        for kr in krs:
            kr.entered_score, kr.entered_note = scores[kr.pk]
    for kr in krs:
        if not hasattr(kr, "entered_score"):
            shown = kr.score if kr.score is not None else suggested.get(kr.pk)
            kr.entered_score = f"{shown:.1f}" if shown is not None else ""
            kr.entered_note = kr.score_note
        kr.suggested = suggested.get(kr.pk)
        kr.errors = errors.get(f"score_{kr.pk}", [])
    return page(
        request,
        "web/grade.html",
        {
            "objective": objective,
            "krs": krs,
            "retrospective": retrospective,
            "errors": errors,
            "other_errors": [
                message
                for key, messages in errors.items()
                if not key.startswith("score") and key != "retrospective"
                for message in messages
            ],
            "in_grading": objective.cycle.state == Cycle.State.GRADING,
            "nav": "home",
        },
        cycle=objective.cycle,
        status=422 if errors else 200,
    )
