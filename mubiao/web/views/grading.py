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
from mubiao.okrs.services.grading import not_grading
from mubiao.orgs import permissions
from mubiao.web import stale
from mubiao.web.views.base import chosen_cycle, found, member_required, page, paginate
from mubiao.web.views.okrs import mark_editable

SCORE_STEPS = [Decimal(i) / 10 for i in range(11)]


def sees_distribution(actor) -> bool:
    return permissions.is_admin(actor) or bool(permissions.led_team_ids(actor))


@member_required
def grading(request):
    actor = request.membership
    cycle = chosen_cycle(request)
    context = {}
    if cycle is not None:
        mine = selectors.objective_list(actor, cycle=cycle).filter(
            permissions.objective_edit_q(actor)
        )
        listed = paginate(request, mine)
        mark_editable(actor, listed)
        context["objectives"] = listed
        context["not_grading"] = not_grading(actor, cycle)
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
    if services.closed_refusal(objective.cycle, "grade") is not None:
        # Read-only as the edit page of a closed cycle's objective: the grades and the
        # retrospective as given, no form that could only be refused; one sent anyway (loaded
        # before the cycle was closed) saves nothing: 409. Said as every grading path says it
        # (how to reopen grading, for an administrator or not).
        return page(
            request,
            "web/read_only.html",
            {
                "objective": objective,
                "notice": not_grading(actor, objective.cycle),
                "graded_krs": krs,
            },
            cycle=objective.cycle,
            status=409 if request.method == "POST" else 200,
        )
    suggested = services.suggested_scores(objective)
    errors: dict[str, list[str]] = {}
    gone: list[str] = []
    retrospective = objective.retrospective
    stored = _stored_grades(objective, krs)
    theirs = {}
    if request.method == "POST":
        # Someone else graded since this form was loaded (web.stale): what they changed and the
        # person left as shown is taken, what only the person changed is kept; a field both
        # changed is a conflict, and then nothing is saved.
        values, theirs, _taken = stale.merge_plain(request.POST, stored)
        retrospective = values.get("retrospective", "")
        entered = {
            kr.pk: (values.get(f"score_{kr.pk}", ""), values.get(f"note_{kr.pk}", "")) for kr in krs
        }
        # A blank score is "not graded", as a key result the API's grade leaves out: the
        # suggestion is only shown (placeholder), never stored as if someone had given it. A
        # grade stored before and blanked now is sent on, and cleared (not graded again).
        scores = {
            pk: pair
            for pk, pair in entered.items()
            if str(pair[0]).strip() or stored[f"score_{pk}"]
        }
        # Archived since the form was loaded (the objective, or a key result that was graded
        # on it): nothing is saved, and the page says so (web.stale.gone).
        # An archived objective is not graded until restored, whenever it was archived: said
        # as the services say it (issue 9).
        gone = [refusal] if (refusal := services.archived_refusal(objective)) else []
        graded = {key[6:] for key in request.POST if key.startswith("score_")}
        if graded - {str(kr.pk) for kr in krs}:
            gone.append(stale.gone(KeyResult, archived=True))
        if gone:
            errors = {"__all__": gone}
        try:
            if not theirs and not gone:
                services.grade_objective(
                    actor, objective, scores=scores, retrospective=retrospective
                )
                return redirect(reverse("objective", args=[objective.pk]))
        except ValidationError as error:
            errors = error.message_dict
        except PermissionDenied:
            raise Http404 from None
        for kr in krs:
            kr.entered_score, kr.entered_note = entered[kr.pk]
    elif refusal := services.archived_refusal(objective):
        errors = {"__all__": [refusal]}  # said at once, before anything is typed
    for kr in krs:
        if not hasattr(kr, "entered_score"):
            kr.entered_score = stored[f"score_{kr.pk}"]
            kr.entered_note = kr.score_note
        kr.suggested = suggested.get(kr.pk)
        kr.errors = errors.get(f"score_{kr.pk}", [])
        kr.loaded_score, kr.loaded_note = stored[f"score_{kr.pk}"], stored[f"note_{kr.pk}"]
        kr.theirs_score = _theirs(theirs, f"score_{kr.pk}")
        kr.theirs_note = _theirs(theirs, f"note_{kr.pk}")
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
            "not_grading": not_grading(actor, objective.cycle),
            "loaded_retrospective": stored["retrospective"],
            "theirs_retrospective": _theirs(theirs, "retrospective"),
            "conflict": bool(theirs),
        },
        cycle=objective.cycle,
        status=409 if theirs or gone else 422 if errors else 200,
    )


def _stored_grades(objective, krs) -> dict[str, str]:
    """The grading form's fields as stored now, as the form writes them."""
    values = {"retrospective": objective.retrospective}
    for kr in krs:
        values[f"score_{kr.pk}"] = f"{kr.score:.1f}" if kr.score is not None else ""
        values[f"note_{kr.pk}"] = kr.score_note
    return values


def _theirs(conflicts: dict, name: str) -> dict | None:
    """What someone else saved meanwhile in a field the person changed too, for the template
    (a field only they changed took their value: no conflict to show)."""
    if name not in conflicts:
        return None
    return {"value": conflicts[name] or "—", "taken": False}
