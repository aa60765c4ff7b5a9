"""Grading."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from mubiao.okrs import number_input, rules
from mubiao.okrs.models import (
    Cycle,
    KeyResult,
    Objective,
)
from mubiao.okrs.services._common import _check_not_archived, archived_refusal, log, log_all
from mubiao.okrs.services.key_results import _lock_key_result
from mubiao.okrs.services.progress import _lock_objectives, objective_score_of
from mubiao.okrtext.lint import miss_explained
from mubiao.orgs import permissions
from mubiao.orgs.models import Membership
from mubiao.transactions import speaks_actors_language, write_transaction


@speaks_actors_language
def not_grading(actor: Membership | None, cycle: Cycle) -> str | None:
    """Why scores cannot be given in `cycle` now, or None (in grading): the one sentence of
    every path (API, grading form, `mubiao grade`). A closed cycle is said to be closed, with
    how to reopen its grading (an administrator, in Settings → Cycles), never "once grading
    starts" as if it had not yet (issue 9, h9b2)."""
    if cycle.state == Cycle.State.GRADING:
        return None
    if cycle.state == Cycle.State.CLOSED:
        if actor is not None and permissions.can_manage_organization(actor):
            return _(
                "This cycle is closed, so its scores can no longer be changed: reopen grading "
                "in Settings → Cycles to change them."
            )
        return _(
            "This cycle is closed, so its scores can no longer be changed: an administrator "
            "can reopen grading in Settings → Cycles."
        )
    return _("Scores are given when the cycle is in grading.")


def _require_grading(actor: Membership, cycle: Cycle) -> None:
    if (why := not_grading(actor, cycle)) is not None:
        raise ValidationError({"score": why})


def _score(value, field: str = "score") -> Decimal | None:
    """A grade as typed or sent; None for a blank one (empty, spaces, the API's null): not
    graded (yet), as the grading form's "left blank: not graded yet" says, so a grade blanked
    there clears the one stored rather than being refused as no number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    score = number_input.read_score(value, field)
    try:
        rules.validate_score(score)
    except ValueError:
        raise ValidationError({field: number_input.score_refusal(value)}) from None
    return score


@write_transaction
def grade_key_result(
    actor: Membership, key_result: KeyResult, *, score, note: str = ""
) -> KeyResult:
    permissions.same_organization(actor, key_result)
    kr, _locked = _lock_key_result(key_result, roll_up=False)
    permissions.require(permissions.can_edit_objective(actor, kr.objective))
    _require_grading(actor, kr.objective.cycle)
    # An archived key result, or one of an archived objective, counts in no grade: it is not
    # graded until restored (issue 9; docs/design-notes.md, "Archived means unchanged").
    _check_not_archived(kr.objective, kr, ("score",))
    score = _score(score)
    if (kr.score, kr.score_note) == (score, note or ""):
        return kr  # the same grade again is no new grade: no version, no history entry
    kr.score = score
    kr.score_note = note or ""
    kr.version += 1
    kr.save(update_fields=["score", "score_note", "version", "updated_at"])
    log_all(actor, [_graded(kr, score)])
    _update_objective_score(kr.objective)
    _require_retrospective(kr.objective, "score")
    return kr


def _graded(kr: KeyResult, score: Decimal | None) -> tuple[str, KeyResult, dict]:
    """The history entry of a grade given, or of one cleared (a blank score)."""
    if score is None:
        return "key_result.grade_cleared", kr, {}
    return "key_result.graded", kr, {"score": str(score)}


def _require_retrospective(objective: Objective, field: str) -> None:
    """OKR-C02 on every path that changes a score: a committed objective below 1.0 explains the
    miss, in its retrospective or in the grading notes of the key results that missed ("no
    explanation or postmortem note", okr-rules.md; `mubiao grade … --note`, the API and the
    form write such a note). Raised under `field`, rolled back by the write's transaction."""
    if objective.kind != Objective.Kind.COMMITTED or objective.retrospective:
        return
    notes = list(
        objective.key_results.filter(state=KeyResult.State.ACTIVE, score__lt=1).values_list(
            "score_note", flat=True
        )
    )
    if objective.score is None:
        # Not every key result graded yet (objective_score_of): one graded below 1.0 already
        # keeps the objective below 1.0.
        below = any(not note.strip() for note in notes)
    else:
        below = objective.score < 1 and not miss_explained(objective.retrospective, notes)
    if below:
        raise ValidationError(
            {field: _("A committed objective below 1.0 needs a note on what was missed and why.")}
        )


def _update_objective_score(objective: Objective) -> None:
    """Store the objective's score after its key results' grades changed (the writes that
    change what else it is derived from store it with the progress: _objective_numbers)."""
    active = list(objective.key_results.filter(state=KeyResult.State.ACTIVE))
    score = objective_score_of(active, objective.organization.weights_enabled)
    Objective.objects.filter(pk=objective.pk).update(score=score)
    objective.score = score


@write_transaction
def grade_objective(
    actor: Membership,
    objective: Objective,
    *,
    scores: dict[int, tuple[object, str]],
    retrospective: str = "",
) -> Objective:
    """Grade all key results of an objective at once and write its retrospective.

    scores maps key result id → (score, note). A committed objective that scores below 1.0
    must explain the miss in its retrospective (OKR-C02).
    """
    permissions.same_organization(actor, objective)
    objective = _lock_objectives({objective.pk}, roll_up=False)[objective.pk]
    permissions.require(permissions.can_edit_objective(actor, objective))
    _require_grading(actor, objective.cycle)
    _check_not_archived(objective, fields=("retrospective",))
    krs = {kr.pk: kr for kr in objective.key_results.all()}
    errors, parsed = {}, {}
    for kr_id, (value, note) in scores.items():
        kr = krs.get(int(kr_id))
        if kr is not None and (refusal := archived_refusal(objective, kr)):
            errors[f"score_{kr_id}"] = [refusal]
            continue
        if kr is None:
            errors[f"score_{kr_id}"] = [_("This key result does not belong to the objective.")]
            continue
        try:
            parsed[kr.pk] = (_score(value, f"score_{kr.pk}"), note or "")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    graded = []
    for kr_id, (score, note) in parsed.items():
        kr = krs[kr_id]
        if (kr.score, kr.score_note) == (score, note):
            continue  # unchanged: no new version, no entry in its history
        KeyResult.objects.filter(pk=kr_id).update(
            score=score, score_note=note, version=F("version") + 1
        )
        graded.append(_graded(kr, score))
    # Each key result's own history says its grade, as grading it alone does (the form's
    # grades were only in the objective's history: the key result's stayed stale).
    log_all(actor, graded)
    before = (objective.retrospective, objective.score)
    objective.retrospective = (retrospective or "").strip()
    _update_objective_score(objective)
    _require_retrospective(objective, "retrospective")
    if not graded and (objective.retrospective, objective.score) == before:
        return objective  # the same grades again: nothing written, nothing in the history
    objective.version += 1
    objective.save(update_fields=["retrospective", "score", "version", "updated_at"])
    # No score left (every grade cleared) is logged as none, never as the text "None".
    score = None if objective.score is None else str(objective.score)
    log(actor, "objective.graded", objective, score=score)
    return objective


def suggested_scores(objective: Objective) -> dict[int, Decimal]:
    """The suggested grade of each active key result: its progress, rounded to one decimal."""
    return {
        kr.pk: rules.suggested_score(kr.progress)
        for kr in objective.key_results.filter(state=KeyResult.State.ACTIVE)
    }
